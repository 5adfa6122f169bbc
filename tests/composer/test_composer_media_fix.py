"""Issue 17 in the composer, against the sandbox: a WebM dropped on an Instagram Reel is refused with a
plain reason, one click on Fix makes an H.264 MP4 copy, that copy uploads through the normal queue and
takes the WebM's place, and the post saves with it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import av
import pytest
from composer_helpers import sandbox_client
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from dashdesk.media import samples
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.media import ItemState

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

WHEN = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)


async def until(condition: Callable[[], Any], limit: float = 60.0, what: str = "condition") -> Any:
    """Await until ``condition()`` is truthy."""
    deadline = time.monotonic() + limit
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    return value


@pytest.fixture(autouse=True)
def keep_running(qapp: Any) -> Any:
    """The dialog is the only window here: closing it must not quit the test's event loop."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


def drop(target: Any, paths: list[Path]) -> bool:
    """Drop files on ``target`` as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def test_a_webm_on_a_reel_is_fixed_in_one_click_uploaded_and_saved(qtbot, run, sandbox, writer,
                                                                  tmp_path: Path) -> None:
    webm = samples.make_video(tmp_path / "launch-teaser.webm", 3.5, 360, 640, 24, codec="libvpx-vp9",
                              container="webm")
    original = webm.read_bytes()

    async def scenario() -> None:
        async with sandbox_client(sandbox) as client:
            dialog = ComposerDialog(client, sandbox.brand_id, "UTC", platforms=["instagram"], when=WHEN,
                                    autosave=writer)
            qtbot.addWidget(dialog)
            dialog.show()
            tab = dialog.tab("instagram")
            tab.post_type.setCurrentIndex(tab.post_type.findData("REEL"))
            dialog.editor.insertPlainText("Launch day")
            strip = dialog.media.strip
            assert drop(strip.view.viewport(), [webm])
            # refused with the reason and a fix on offer; nothing is uploaded
            await until(lambda: strip.fix_button.isVisible(), what="the Fix button")
            (item,) = strip.items()
            assert item.state is ItemState.REFUSED and item.status_text() == "Needs a fix"
            assert "Instagram will refuse it" in item.message and "MP4" in item.message
            assert not dialog.save_button.isEnabled()
            assert strip.media_ids() == [] and strip.hub.uploads.items() == []  # the WebM is never sent
            # one click
            qtbot.mouseClick(strip.fix_button, Qt.MouseButton.LeftButton)
            await until(lambda: strip.items()[0].state is ItemState.READY, what="the fixed file uploaded")
            (item,) = strip.items()
            assert item.path is not None and item.path.suffix == ".mp4" and item.path != webm
            assert item.info is not None and item.info.codec == "h264" and item.problems == []
            assert not strip.fix_button.isVisible()
            media = await client.get_media(sandbox.brand_id, item.media_id)
            assert media.kind == "VIDEO" and media.filename.endswith(".mp4")
            with av.open(str(item.path)) as fixed:
                assert fixed.streams.video[0].codec_context.name == "h264"
            assert webm.read_bytes() == original  # the original is never touched
            # the post saves with the fixed video
            await until(lambda: dialog.save_button.isEnabled(), what="Save enabled")
            dialog.save()
            await dialog.save_task
            post_id = dialog.state.saved["instagram"]
            post = sandbox.state.scheduler.get("instagram", post_id, (sandbox.brand_id,))
            assert post["media_ids"] == [item.media_id] and post["post_type"] == "REEL"

    run(scenario(), timeout=120)
