"""Times name their zone: the restore offer in the chosen zone, the week corner across a DST change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dashdesk.store.autosave import RestoreEntry
from dashdesk.ui.calendar.week_view import zone_names
from dashdesk.ui.composer.restore import RestoreDialog


def test_restore_offer_shows_the_chosen_zone(qtbot, tmp_path: Path) -> None:
    saved = datetime(2026, 12, 3, 18, 45, tzinfo=UTC)
    entry = RestoreEntry("s1", saved, "Instagram: launch", {}, tmp_path / "s1.json")
    dialog = RestoreDialog([entry], None, ZoneInfo("America/New_York"))
    qtbot.addWidget(dialog)
    assert dialog.list.item(0).text().endswith("last saved Thu 03 Dec, 13:45 EST")
    tokyo = RestoreDialog([entry], None, ZoneInfo("Asia/Tokyo"))
    qtbot.addWidget(tokyo)
    assert tokyo.list.item(0).text().endswith("last saved Fri 04 Dec, 03:45 JST")


def week(first: date) -> list[date]:
    return [first + timedelta(days=i) for i in range(7)]


def test_week_corner_names_both_zones_across_a_change() -> None:
    new_york = ZoneInfo("America/New_York")
    assert zone_names(week(date(2026, 10, 26)), new_york) == "EDT/EST"  # clocks go back on 1 Nov
    assert zone_names(week(date(2026, 11, 2)), new_york) == "EST"
    assert zone_names(week(date(2026, 2, 23)), new_york) == "EST"
    assert zone_names(week(date(2026, 3, 2)), new_york) == "EST/EDT"  # clocks go forward on Sunday 8 Mar
    assert zone_names(week(date(2026, 3, 9)), new_york) == "EDT"
    assert zone_names(week(date(2026, 10, 19)), ZoneInfo("Europe/Berlin")) == "CEST/CET"
