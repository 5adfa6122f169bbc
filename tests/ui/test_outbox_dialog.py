"""The dialog of a waiting post: where it stands in words, Try now, Remove (asked twice), Close."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from dashdesk.store.outbox import CHECK, OutboxStore
from dashdesk.ui.outbox_dialog import OutboxAction, OutboxEntryDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def store(tmp_path: Path):
    s = OutboxStore(tmp_path / "outbox.sqlite3")
    yield s
    s.close()


def test_a_waiting_post_can_be_tried_now(qtbot, store: OutboxStore) -> None:
    entry = store.add("o", 1, "linkedin", {"text": "Hello", "timestamp": "2026-03-10T15:00:00Z"})
    dialog = OutboxEntryDialog(entry, "Hello", ZoneInfo("Europe/Berlin"))
    qtbot.addWidget(dialog)
    dialog.open()
    assert "Tue 10 Mar 2026, 16:00 CET" in dialog.findChildren(type(dialog.status))[0].text()
    assert "sends it by itself" in dialog.status.text()
    with qtbot.waitSignal(dialog.chosen) as blocker:
        qtbot.mouseClick(dialog.try_now, Qt.MouseButton.LeftButton)
    assert blocker.args == [OutboxAction.TRY_NOW]


def test_remove_asks_once_more(qtbot, store: OutboxStore) -> None:
    entry = store.add("o", 1, "threads", {"text": "Bye"}, state=CHECK)
    dialog = OutboxEntryDialog(entry, "Bye", ZoneInfo("UTC"))
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.try_now.text() == "Send as new post" and "Check Dash" in dialog.status.text()
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.confirm.isVisible()
    with qtbot.waitSignal(dialog.chosen) as blocker:
        qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert blocker.args == [OutboxAction.REMOVE]


def test_escape_changes_nothing(qtbot, store: OutboxStore) -> None:
    entry = store.add("o", 1, "threads", {"text": "x"})
    dialog = OutboxEntryDialog(entry, "x", ZoneInfo("UTC"))
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.chosen) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [OutboxAction.CLOSE]
