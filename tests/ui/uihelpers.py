"""Helpers for the window tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any


async def until(condition: Callable[[], Any], limit: float = 15.0, what: str = "condition") -> Any:
    """Await until ``condition()`` is truthy (the coroutine form of qtbot.waitUntil)."""
    deadline = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


@contextlib.contextmanager
def side_by_side_previews(qtbot: Any, folder: Any, text: str = "Threads 1") -> Iterator[Any]:
    """The composer's "preview on every platform" window, opened as a person opens it (Instagram and
    LinkedIn, ``text`` as the post), closed afterwards."""
    from datetime import UTC, datetime

    from dashdesk.store.autosave import AutosaveWriter
    from dashdesk.ui.composer import ComposerDialog

    writer = AutosaveWriter(folder / "autosave")
    try:
        dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram", "linkedin"], autosave=writer,
                                clock=lambda: datetime(2026, 3, 5, 12, tzinfo=UTC))
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.editor.setPlainText(text)
        dialog.tab("instagram").all_previews.click()
        side = dialog._side_by_side
        qtbot.addWidget(side)
        qtbot.waitExposed(side)
        yield side
        side.close()
        dialog.close()
    finally:
        writer.close()
