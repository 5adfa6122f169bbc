"""Unit tests of the pure calendar layout functions, including daylight-saving days."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dashdesk.ui.calendar import layout as L

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_month_grid_monday_first() -> None:
    rows = L.month_grid(2026, 3, first_weekday=0)
    assert rows[0][0] == date(2026, 2, 23)  # March 1st 2026 is a Sunday
    assert rows[0][6] == date(2026, 3, 1)
    assert rows[-1][-1] >= date(2026, 3, 31)
    assert all(len(r) == 7 for r in rows)
    assert len(rows) == 6


def test_month_grid_sunday_first_and_four_rows() -> None:
    rows = L.month_grid(2026, 3, first_weekday=6)
    assert rows[0][0] == date(2026, 3, 1)
    assert len(rows) == 5
    # February 2026 starts on a Sunday and has 28 days: exactly four Sunday-first rows.
    assert len(L.month_grid(2026, 2, first_weekday=6)) == 4


@pytest.mark.parametrize("first", range(7))
def test_month_grid_covers_every_day_once(first: int) -> None:
    days = [d for row in L.month_grid(2024, 2, first) for d in row]
    assert days == sorted(days)
    assert days[0].weekday() == first
    assert {d for d in days if d.month == 2} == {date(2024, 2, i) for i in range(1, 30)}


def test_day_bounds_on_dst_start_and_end() -> None:
    start, end = L.day_bounds(date(2026, 3, 29), BERLIN)  # clocks go forward
    assert end - start == timedelta(hours=23)
    assert start == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    start, end = L.day_bounds(date(2026, 10, 25), BERLIN)  # clocks go back
    assert end - start == timedelta(hours=25)
    start, end = L.day_bounds(date(2026, 3, 8), NEW_YORK)
    assert end - start == timedelta(hours=23)


def test_local_day_near_midnight_across_zones() -> None:
    ts = datetime(2026, 3, 29, 22, 30, tzinfo=UTC)
    assert L.local_day(ts, BERLIN) == date(2026, 3, 30)  # 00:30 CEST
    assert L.local_day(ts, NEW_YORK) == date(2026, 3, 29)


def test_group_by_day_on_dst_end_day_keeps_all_25_hours() -> None:
    start, _ = L.day_bounds(date(2026, 10, 25), BERLIN)
    instants = [start + timedelta(minutes=30 * i) for i in range(50)]  # 25 hours
    groups = L.group_by_day([*instants, None], BERLIN)
    assert list(groups) == [date(2026, 10, 25)]
    assert len(groups[date(2026, 10, 25)]) == 50


def test_chips_that_fit_and_more() -> None:
    assert L.chips_that_fit(100, 20, 2, 3) == L.CellFit(3, 0)
    # 100 px hold four rows of 22 (+2 trailing), five posts: three chips plus "+2 more".
    assert L.chips_that_fit(100, 20, 2, 5) == L.CellFit(3, 2)
    assert L.chips_that_fit(100, 20, 2, 4) == L.CellFit(4, 0)
    assert L.chips_that_fit(10, 20, 2, 4) == L.CellFit(0, 4)
    assert L.chips_that_fit(100, 20, 2, 0) == L.CellFit(0, 0)


def test_grid_cell_lookup_and_rects_tile_exactly() -> None:
    assert L.grid_cell_at(0, 0, 700, 500, 5) == (0, 0)
    assert L.grid_cell_at(699, 499, 700, 500, 5) == (4, 6)
    assert L.grid_cell_at(-1, 0, 700, 500, 5) is None
    xs = [L.grid_cell_rect(0, c, 701, 500, 5) for c in range(7)]
    for a, b in itertools.pairwise(xs):
        assert a[0] + a[2] == b[0]
    assert xs[-1][0] + xs[-1][2] == 701


def test_minutes_for_y_snaps_to_quarter_hours_and_clamps() -> None:
    hour = 48.0
    assert L.minutes_for_y(L.y_for_minutes(9 * 60 + 7, hour), hour) == 9 * 60
    assert L.minutes_for_y(L.y_for_minutes(9 * 60 + 8, hour), hour) == 9 * 60 + 15
    assert L.minutes_for_y(-50, hour) == 0
    assert L.minutes_for_y(hour * 30, hour) == 24 * 60 - 15


def test_wall_minutes_and_local_instant_round_trip() -> None:
    ts = L.local_instant(date(2026, 6, 1), 9 * 60 + 30, BERLIN)
    assert ts == datetime(2026, 6, 1, 7, 30, tzinfo=UTC)
    assert L.wall_minutes(ts, BERLIN) == 9 * 60 + 30


def test_local_instant_in_spring_gap_moves_forward() -> None:
    ts = L.local_instant(date(2026, 3, 29), 2 * 60 + 30, BERLIN)  # 02:30 does not exist
    local = ts.astimezone(BERLIN)
    assert (local.hour, local.minute) == (3, 30)
    assert local.date() == date(2026, 3, 29)


def test_local_instant_in_autumn_overlap_takes_first() -> None:
    ts = L.local_instant(date(2026, 10, 25), 2 * 60 + 30, BERLIN)  # 02:30 happens twice
    assert ts == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    later = L.local_instant(date(2026, 10, 25), 3 * 60, BERLIN)
    assert later - ts == timedelta(hours=1, minutes=30)
    ny = L.local_instant(date(2026, 11, 1), 60 + 30, NEW_YORK)
    assert ny == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_range_with_margin_spans_dst() -> None:
    start, end = L.range_with_margin(date(2026, 3, 1), date(2026, 3, 31), BERLIN, margin_days=7)
    assert start == datetime(2026, 2, 21, 23, 0, tzinfo=UTC)
    assert end == datetime(2026, 4, 7, 22, 0, tzinfo=UTC)


def test_overlap_columns_separate_and_share() -> None:
    spans = [(0, 30), (10, 40), (20, 50), (60, 90), (35, 45)]
    out = L.overlap_columns(spans)
    assert out[0] == L.Placement(0, 3)
    assert out[1] == L.Placement(1, 3)
    assert out[2] == L.Placement(2, 3)
    assert out[4] == L.Placement(0, 3)  # reuses the first free column in the same cluster
    assert out[3] == L.Placement(0, 1)  # a new cluster


def test_overlap_columns_touching_spans_do_not_overlap() -> None:
    assert L.overlap_columns([(0, 30), (30, 60)]) == [L.Placement(0, 1), L.Placement(0, 1)]
    assert L.overlap_columns([]) == []


def test_overlap_columns_no_two_overlapping_share_a_column() -> None:
    import random

    rnd = random.Random(4)
    spans = [(s, s + rnd.randint(5, 90)) for s in (rnd.randint(0, 1400) for _ in range(200))]
    out = L.overlap_columns(spans)
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if i < j and a[0] < b[1] and b[0] < a[1]:
                assert out[i].column != out[j].column
                assert out[i].columns == out[j].columns
    assert all(0 <= p.column < p.columns for p in out)


def test_week_view_on_dst_start_day_positions() -> None:
    day = date(2026, 3, 29)
    start, _end = L.day_bounds(day, BERLIN)
    minutes = [L.wall_minutes(start + timedelta(hours=h), BERLIN) for h in range(23)]
    assert minutes[:3] == [0, 60, 180]  # 02:00 is skipped on the wall clock
    assert all(a < b for a, b in itertools.pairwise(minutes))


@pytest.mark.parametrize(("view", "first", "expected"), [
    ("month", 0, (date(2026, 2, 23), date(2026, 4, 5))),
    ("month", 6, (date(2026, 3, 1), date(2026, 4, 4))),
    ("week", 0, (date(2026, 3, 9), date(2026, 3, 15))),
    ("week", 6, (date(2026, 3, 8), date(2026, 3, 14))),
    ("list", 0, (date(2026, 3, 1), date(2026, 3, 31))),
    ("list", 6, (date(2026, 3, 1), date(2026, 3, 31))),
])
def test_shown_days_of_each_view(view: str, first: int, expected: tuple[date, date]) -> None:
    assert L.shown_days(view, date(2026, 3, 12), first) == expected


def test_shown_days_match_the_month_grid_and_february_of_a_leap_year() -> None:
    rows = L.month_grid(2024, 2, 0)
    assert L.shown_days("month", date(2024, 2, 29), 0) == (rows[0][0], rows[-1][-1])
    assert L.shown_days("list", date(2024, 2, 10), 0) == (date(2024, 2, 1), date(2024, 2, 29))
