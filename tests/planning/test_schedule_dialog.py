"""The Posting schedule dialog: edit, check, save (private file), brand scope, import and export."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QDialogButtonBox

from dashdesk.planning.schedule import PostingSchedule, default_path, make_entry
from dashdesk.ui.planning.schedule_dialog import DISPLAY_ZONE, PostingScheduleDialog

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday 09:00 in Paris
PARIS = ZoneInfo("Europe/Paris")


def _save_button(dialog: PostingScheduleDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_edit_check_and_save(qtbot, data_dir: Path) -> None:
    dialog = PostingScheduleDialog(144, PARIS, brand_name="Northwind", now=NOW)
    qtbot.addWidget(dialog)
    row = dialog.rows["instagram"]
    row.times.setText("mon-fri 09:00,17:00; sat 11:00")
    assert row.next.text() == "Mon 2 Mar 17:00"  # 09:00 is now: too soon
    bad = dialog.rows["twitter"]
    bad.times.setText("mon 9")
    assert not _save_button(dialog).isEnabled()
    assert "is not a time" in bad.problem.messages[0]
    bad.times.setText("mon 09:30")
    bad.zone.setCurrentText("Mars/Base")
    assert not _save_button(dialog).isEnabled() and "not a time zone" in bad.problem.messages[0]
    bad.zone.setCurrentText("America/New_York")
    assert _save_button(dialog).isEnabled() and not bad.problem.messages
    with qtbot.waitSignal(dialog.accepted):
        _save_button(dialog).click()
    saved = PostingSchedule.load()
    assert saved.entry(144, "instagram")[0] == "*"
    assert saved.slots_for(144, "twitter", PARIS).zone == ZoneInfo("America/New_York")
    if os.name == "posix":
        assert stat.S_IMODE(default_path().stat().st_mode) == 0o600


def test_brand_scope_keeps_every_brand_times_apart(qtbot, data_dir: Path) -> None:
    base = PostingSchedule()
    base.set(None, "linkedin", make_entry("tue 08:30"))
    base.save()
    dialog = PostingScheduleDialog(144, PARIS, now=NOW)
    qtbot.addWidget(dialog)
    assert dialog.rows["linkedin"].times.text() == "tue 08:30"
    assert dialog.rows["linkedin"].zone.currentText() == DISPLAY_ZONE
    dialog.scope.setCurrentIndex(1)  # this brand only
    assert dialog.rows["linkedin"].times.text() == ""
    dialog.rows["linkedin"].times.setText("thu 12:00")
    dialog.save()
    saved = PostingSchedule.load()
    assert saved.entry(144, "linkedin")[0] == "144" and saved.entry(145, "linkedin")[0] == "*"
    assert saved.to_json()["brands"]["*"]["linkedin"]["slots"] == "tue 08:30"


def test_export_then_import_elsewhere(qtbot, data_dir: Path, tmp_path: Path) -> None:
    dialog = PostingScheduleDialog(144, PARIS, now=NOW)
    qtbot.addWidget(dialog)
    dialog.rows["tiktok"].times.setText("daily 19:00")
    dialog.rows["tiktok"].zone.setCurrentText("America/New_York")
    shared = tmp_path / "team.json"
    assert dialog.export_file(shared)
    assert json.loads(shared.read_text())["brands"]["*"]["tiktok"] == {"slots": "mon-sun 19:00",
                                                                        "zone": "America/New_York"}
    assert "Exported" in dialog.message.text()
    dialog.reject()

    other = PostingScheduleDialog(144, PARIS, now=NOW)
    qtbot.addWidget(other)
    assert other.rows["tiktok"].times.text() == ""
    assert other.import_file(shared)
    assert other.rows["tiktok"].times.text() == "mon-sun 19:00"
    assert not default_path().exists()  # kept only when saved
    other.save()
    assert PostingSchedule.load().entry(1, "tiktok") is not None

    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    again = PostingScheduleDialog(144, PARIS, now=NOW)
    qtbot.addWidget(again)
    assert not again.import_file(junk) and "not a DashDesk posting schedule" in again.message.text()


def test_damaged_saved_file_is_said_and_replaced_on_save(qtbot, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    default_path().write_text("{broken")
    dialog = PostingScheduleDialog(None, PARIS, now=NOW)
    qtbot.addWidget(dialog)
    assert "can't be read" in dialog.message.text()
    assert not dialog.import_file(default_path())
    assert "Can't import this file" in dialog.message.text()
    dialog.rows["bluesky"].times.setText("weekdays 11:00")
    dialog.save()
    assert PostingSchedule.load().entry(None, "bluesky") is not None
