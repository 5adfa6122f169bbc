"""Export dialog: the month shown by default, the whole path visible, and platform and status filters."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.platforms import format_timestamp
from dashdesk.ui.bulk.export_dialog import ExportDialog, shown_period

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_month_view_range_exports_the_month_shown() -> None:
    start = datetime(2026, 11, 23, tzinfo=BERLIN)  # the month view of December shows whole weeks
    end = datetime(2027, 1, 10, 23, 59, tzinfo=BERLIN)
    assert shown_period(start, end, BERLIN) == (date(2026, 12, 1), date(2026, 12, 31))
    week = (datetime(2026, 12, 7, tzinfo=BERLIN), datetime(2026, 12, 13, 23, 59, tzinfo=BERLIN))
    assert shown_period(*week, BERLIN) == (date(2026, 12, 7), date(2026, 12, 13))


def test_dialog_defaults_to_the_month_and_shows_the_path(qtbot) -> None:
    dialog = ExportDialog(None, start=datetime(2026, 11, 23, tzinfo=BERLIN),
                          end=datetime(2027, 1, 10, 23, 59, tzinfo=BERLIN), display_tz=BERLIN)
    qtbot.addWidget(dialog)
    assert dialog.start_edit.date().toPython() == date(2026, 12, 1)
    assert dialog.end_edit.date().toPython() == date(2026, 12, 31)
    dialog.show()
    path = dialog.path_edit
    assert path.fontMetrics().horizontalAdvance(path.text()) <= path.width()


def test_platform_and_status_filters(qtbot, run, sandbox, tmp_path: Path) -> None:
    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    when = datetime(2030, 3, 10, 15, tzinfo=UTC)

    async def make() -> None:
        for status, text in (("DRAFT", "draft one"), ("SCHEDULED", "scheduled one")):
            await client.create_post("twitter", {"brand_id": sandbox.brand_id, "status": status,
                                                 "timestamp": format_timestamp(when), "tweet_status": text})
        await client.create_post("threads", {"brand_id": sandbox.brand_id, "status": "DRAFT",
                                             "timestamp": format_timestamp(when), "text": "threads draft"})

    run(make())
    dialog = ExportDialog(None, client=client, brand_id=sandbox.brand_id, display_tz=UTC,
                          start=datetime(2030, 3, 1, tzinfo=UTC), end=datetime(2030, 3, 31, 23, 59, tzinfo=UTC))
    qtbot.addWidget(dialog)
    dialog.platform.setCurrentIndex(dialog.platform.findData("twitter"))
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findData("DRAFT"))
    out = tmp_path / "out.csv"
    assert run(dialog.export(out)) == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r.get("text") for r in rows] == ["draft one"]
    run(client.aclose())
