"""The app shell: CLI, sign-in with the keyring, sign-out, settings, screenshot mode."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage
from uihelpers import until

from dashdesk import __version__
from dashdesk.__main__ import build_parser, main

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_version_and_help() -> None:
    out = subprocess.run([sys.executable, "-m", "dashdesk", "--version"], capture_output=True, text=True,
                         timeout=60, check=True)
    assert __version__ in out.stdout
    args = build_parser().parse_args(["--api-url", "http://x", "--brand", "7", "--view", "week"])
    assert (args.api_url, args.brand, args.view) == ("http://x", 7, "week")


def test_env_vars_fill_api_options(monkeypatch) -> None:
    monkeypatch.setenv("DASHDESK_API_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("DASHDESK_API_KEY", "k")
    args = build_parser().parse_args([])
    assert (args.api_url, args.api_key) == ("http://127.0.0.1:1", "k")


def test_import_export_are_dispatched_to_the_bulk_tool(monkeypatch) -> None:
    cli = pytest.importorskip("dashdesk.bulk.cli")
    seen: list[list[str]] = []
    monkeypatch.setattr(cli, "main", lambda argv: seen.append(list(argv)) or 0)
    assert main(["import", "posts.csv", "--dry-run"]) == 0
    assert main(["export", "out.csv"]) == 0
    assert seen == [["import", "posts.csv", "--dry-run"], ["export", "out.csv"]]


def test_demo_screenshot_offscreen(tmp_path) -> None:
    shot = tmp_path / "week.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DASHDESK_DATA_DIR": str(tmp_path / "data")}
    subprocess.run([sys.executable, "-m", "dashdesk", "--demo", "--screenshot", str(shot), "--view", "week",
                    "--size", "1000x700"], env=env, timeout=180, check=True, capture_output=True)
    img = QImage(str(shot))
    assert (img.width(), img.height()) == (1000, 700)
    # the demo sandbox is persisted in the data folder
    assert (tmp_path / "data" / "sandbox" / "sandbox.db").exists()
    assert (tmp_path / "data" / "posts-sandbox.db").exists()


def _args(**kw) -> argparse.Namespace:
    base = {"api_url": None, "api_key": None, "brand": None, "demo": False, "screenshot": None, "view": None,
            "date": None, "size": (1280, 800)}
    base.update(kw)
    return argparse.Namespace(**base)


def test_sign_in_saves_key_and_sign_out_removes_it(qloop, qapp, sandbox, settings, data_dir, memory_keyring):
    from dashdesk.app import AppController

    async def scenario() -> None:
        controller = AppController(qapp, _args(api_url=sandbox.url), settings)
        await controller._start()
        screen = controller.sign_in
        assert screen is not None and screen.isVisible()
        screen.key.setText("wrong-key")
        await screen.test()
        assert "didn't work" in screen.status.text()
        assert not screen.continue_button.isEnabled()
        screen.key.setText(sandbox.api_key)
        await screen.test()
        assert screen.continue_button.isEnabled()
        assert screen.brand.count() >= 1
        screen.continue_button.click()
        window = await until(lambda: controller.window, what="main window")
        assert window.isVisible()
        assert any(sandbox.api_key in v for v in memory_keyring.store.values())
        assert settings.brand_id == sandbox.brand_id
        # no secret in the settings file
        settings.sync()
        with open(settings.qsettings.fileName(), encoding="utf-8") as fh:  # noqa: ASYNC230
            assert sandbox.api_key not in fh.read()
        await until(lambda: window.load_task is not None, what="load started")
        await window.load_task
        window.sign_out_action.trigger()
        await until(lambda: controller.sign_in is not None and controller.sign_in.isVisible(), what="sign-in")
        await until(lambda: not memory_keyring.store, what="key removed")
        assert controller.window is None
        controller.sign_in.close()
        await controller._teardown()

    qloop.run_until_complete(scenario())


def test_settings_dialog_changes_zone_and_first_day(qloop, qapp, sandbox, settings, data_dir):
    from dashdesk.api import DashClient
    from dashdesk.services.session import Session
    from dashdesk.ui.main_window import MainWindow

    async def scenario() -> None:
        session = Session(DashClient(sandbox.api_key, api_url=sandbox.url), sandbox.brand_id, "Brand")
        win = MainWindow(session, settings)
        win.show()
        win.open_settings()
        dlg = win.session_ctl.dialog
        assert dlg.isVisible()
        dlg.zone.setCurrentText("Not/AZone")
        dlg._accept()
        assert dlg.isVisible() and "not a time zone" in dlg.error.text()
        dlg.zone.setCurrentText("America/New_York")
        dlg.first_day.setCurrentIndex(6)
        dlg._accept()
        assert not dlg.isVisible()
        assert settings.time_zone == "America/New_York" and settings.first_weekday == 6
        assert win.tz.key == "America/New_York"
        assert "America/New_York" in win.zone_label.text()
        assert win.month_view.visible_days()[0].weekday() == 6
        await win.load_task
        await win.aclose()
        win.close()
        await session.aclose()

    qloop.run_until_complete(scenario())


def test_saved_key_opens_the_calendar_then_fills_brands(qloop, qapp, sandbox, settings, data_dir):
    from dashdesk.app import AppController
    from dashdesk.credentials import CredentialStore

    async def scenario() -> None:
        await CredentialStore().save("default", sandbox.api_key, sandbox.brand_id)
        settings.account = "default"
        controller = AppController(qapp, _args(api_url=sandbox.url), settings)
        await controller._start()
        window = controller.window
        assert window is not None and window.isVisible()
        await until(lambda: window.session.brands, what="brand list")
        assert window.nav.brand.count() >= 1
        await until(lambda: window.load_task is not None, what="load")
        await window.load_task
        await controller._teardown()
        window.close()

    qloop.run_until_complete(scenario())


def test_try_the_sandbox_opens_demo_data_and_says_so(qloop, qapp, settings, data_dir):
    from dashdesk.app import AppController

    async def scenario() -> None:
        controller = AppController(qapp, _args(), settings)
        await controller._start()
        screen = controller.sign_in
        assert screen is not None
        screen.sandbox_button.click()
        window = await until(lambda: controller.window, limit=60, what="sandbox window")
        assert "SANDBOX" in window.windowTitle()
        assert window.nav.sandbox_badge.isVisibleTo(window)
        await until(lambda: window.load_task is not None, what="load")
        result = await window.load_task
        assert result is not None and not result.errors
        assert window.model.rowCount() > 10  # the seeded demo month
        assert (data_dir / "sandbox" / "sandbox.db").exists()
        await controller._teardown()
        window.close()

    qloop.run_until_complete(scenario())
