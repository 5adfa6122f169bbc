"""The app's start and exit: an autosaved composer is offered for restore once the main window shows,
reopens through the window (its service and media hub), and the last autosave is on disk at exit."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from dashdesk.settings import Settings
from dashdesk.store.autosave import envelope, session_path, write_atomic
from dashdesk.ui.composer import ComposerDialog, ComposerState, RestoreDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


async def until(condition: Callable[[], Any], limit: float = 15.0, what: str = "condition") -> Any:
    """Await until ``condition()`` is truthy."""
    deadline = time.monotonic() + limit
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    return value


def _args(**kw: Any) -> argparse.Namespace:
    base = {"api_url": None, "api_key": None, "brand": None, "demo": False, "screenshot": None, "view": None,
            "date": None, "size": (1280, 800)}
    return argparse.Namespace(**{**base, **kw})


def _left_behind(brand_id: int, text: str) -> ComposerState:
    """An autosave file as a killed DashDesk (another process) leaves it."""
    state = ComposerState(platforms=["threads"], text=text)
    state.set_platforms(state.platforms)
    data = envelope(state.session_id, {**state.to_json(), "brand_id": brand_id}, state.summary())
    data["pid"] = os.getpid() + 1
    write_atomic(session_path(state.session_id), data)
    return state


def test_app_start_offers_restore_and_exit_flushes_the_last_autosave(qloop, qapp, qtbot, sandbox, tmp_path: Path,
                                                                      data_dir: Path) -> None:
    from dashdesk.app import AppController

    left = _left_behind(sandbox.brand_id, "Written before the crash")
    _left_behind(sandbox.brand_id + 1, "Another brand's post")  # waits until that brand is chosen
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.time_zone = "Europe/Berlin"

    async def scenario() -> None:
        controller = AppController(qapp, _args(api_key=sandbox.api_key, api_url=sandbox.url), settings)
        await controller._start()
        window = controller.window
        assert window is not None and window.isVisible()
        qtbot.addWidget(window)
        offer = window.findChild(RestoreDialog)
        assert offer is not None and offer.isVisible()  # opened, not exec()-ed: the window keeps working
        assert [e.session_id for e in offer.entries] == [left.session_id]
        assert "Written before the crash" in offer.list.item(0).text()
        assert controller.offer_restores(window) is None  # offered once per run

        await until(lambda: getattr(window, "media_hub", None), what="media hub installed after first paint")
        offer.restore_button.click()
        composer = window._composer
        assert isinstance(composer, ComposerDialog) and composer.isVisible()
        assert composer.parent() is window and composer.media_hub is window.media_hub
        assert composer.editor.toPlainText() == "Written before the crash"
        assert composer.state.session_id == left.session_id

        # Typed just before quitting (no autosave tick yet): quitting still writes it.
        composer.keeper.stop()
        composer.editor.insertPlainText(" and just before quitting")
        await controller._teardown()
        saved = json.loads(session_path(left.session_id).read_text(encoding="utf-8"))
        assert saved["state"]["text"] == "Written before the crash and just before quitting"
        composer._closing_ok = True  # leave the file for the next start; close without asking
        composer.close()
        window.close()

    qloop.run_until_complete(scenario())
