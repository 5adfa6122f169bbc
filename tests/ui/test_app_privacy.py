"""The app's privacy paths: a plain-HTTP address refused at start, signing out with local data removed."""

from __future__ import annotations

import argparse

import pytest

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PLAIN = "http://dash-api.example.invalid"


def _args(**kw) -> argparse.Namespace:
    base = {"api_url": None, "api_key": None, "brand": None, "demo": False, "screenshot": None, "view": None,
            "date": None, "size": (1280, 800)}
    base.update(kw)
    return argparse.Namespace(**base)


def test_a_plain_http_address_is_refused_on_the_sign_in_screen_before_the_key_is_read(
        qloop, qapp, settings, data_dir, memory_keyring) -> None:
    from dashdesk.app import AppController

    async def scenario() -> None:
        settings.account = "default"
        memory_keyring.set_password("DashDesk", "default", "sk-never-read")
        controller = AppController(qapp, _args(api_url=PLAIN, api_key="sk-given"), settings)
        read: list[str] = []
        original = controller.credentials.load

        async def spy(account: str):
            read.append(account)
            return await original(account)

        controller.credentials.load = spy  # type: ignore[method-assign]
        await controller._start()
        screen = controller.sign_in
        assert screen is not None and screen.isVisible()
        assert "https://" in screen.status.text() and "sk-" not in screen.status.text()
        assert controller.window is None and read == []
        screen.close()
        await controller._teardown()

    qloop.run_until_complete(scenario())
