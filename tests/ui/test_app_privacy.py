"""The app's privacy paths: a plain-HTTP address refused at start, signing out with local data removed."""

from __future__ import annotations

import argparse
import hashlib

import pytest
from uihelpers import until

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
        assert "https://" in screen.notice.text() and "sk-" not in screen.notice.text()
        assert controller.window is None and read == []
        screen.close()
        await controller._teardown()

    qloop.run_until_complete(scenario())


def test_sign_out_and_remove_local_data_from_the_settings_dialog(
        qloop, qapp, sandbox, settings, data_dir, memory_keyring, tmp_path) -> None:
    from dashdesk.app import AppController
    from dashdesk.credentials import CredentialStore
    from dashdesk.store.autosave import session_path, write_atomic

    own = tmp_path / "Pictures" / "IMG_0001.JPG"
    own.parent.mkdir()
    own.write_bytes(b"the person's own photo")
    digest = hashlib.sha256(own.read_bytes()).hexdigest()

    async def scenario() -> None:
        await CredentialStore().save("default", sandbox.api_key, sandbox.brand_id)
        settings.account = "default"
        controller = AppController(qapp, _args(api_url=sandbox.url), settings)
        await controller._start()
        window = await until(lambda: controller.window, what="main window")
        await until(lambda: window.load_task is not None, what="load started")
        await window.load_task
        write_atomic(session_path("draft-1"), {"caption": "unsaved launch caption"})
        (data_dir / "thumbnails").mkdir(exist_ok=True)
        (data_dir / "thumbnails" / "media-1.png").write_bytes(b"png")
        (data_dir / "thumbnails" / "own.jpg").symlink_to(own)
        assert (data_dir / "posts.db").exists()
        window.open_settings()
        dialog = window.session_ctl.dialog
        dialog.forget.setChecked(True)
        dialog.sign_out.click()
        screen = await until(lambda: controller.sign_in if controller.sign_in is not None
                             and "Removed from this computer" in controller.sign_in.notice.text() else None,
                             what="sign-in with the removal summary")
        text = screen.notice.text()
        assert "the cached calendar" in text and "1 unsaved draft" in text and "2 thumbnails" in text
        assert not memory_keyring.store
        assert not (data_dir / "posts.db").exists() and not (data_dir / "autosave").exists()
        assert not (data_dir / "thumbnails").exists()
        assert hashlib.sha256(own.read_bytes()).hexdigest() == digest  # never the person's own files
        screen.close()
        await controller._teardown()

    qloop.run_until_complete(scenario())
