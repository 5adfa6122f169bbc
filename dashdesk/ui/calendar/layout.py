"""Pure calendar geometry: no widgets, only dates, times and numbers.

Painting code calls these functions and draws what they computed, so the arithmetic that is
easy to get wrong (month grids, daylight-saving days, overlapping posts, snapping) is unit-tested
on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SNAP_MINUTES = 15
MINUTES_PER_DAY = 24 * 60


# --- days and ranges -------------------------------------------------------------------------


def week_start(day: date, first_weekday: int) -> date:
    """Return the first day of the week holding ``day``; ``first_weekday`` is 0=Monday .. 6=Sunday."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def month_grid(year: int, month: int, first_weekday: int) -> list[list[date]]:
    """Return the weeks (rows of 7 dates) a month view shows for ``year``/``month``.

    The grid starts on the week holding the 1st and ends with the week holding the last day, so it
    has 4 to 6 rows; leading and trailing days belong to the neighbouring months.
    """
    first = date(year, month, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start = week_start(first, first_weekday)
    rows: list[list[date]] = []
    day = start
    while day <= last:
        rows.append([day + timedelta(days=i) for i in range(7)])
        day += timedelta(days=7)
    return rows


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Return the UTC start and end of the local ``day`` in ``tz`` (23 or 25 hours on DST days)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def local_day(ts: datetime, tz: ZoneInfo) -> date:
    """Return the local calendar day of the aware instant ``ts`` in ``tz``."""
    return ts.astimezone(tz).date()


def shown_days(view: str, anchor: date, first_weekday: int) -> tuple[date, date]:
    """First and last day the ``view`` ("month", "week" or "list") shows around ``anchor``.

    Month: the whole weeks of the anchor's month grid; week: the week holding it; list: its month.
    """
    if view == "week":
        start = week_start(anchor, first_weekday)
        return start, start + timedelta(days=6)
    if view == "list":
        first = anchor.replace(day=1)
        return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    rows = month_grid(anchor.year, anchor.month, first_weekday)
    return rows[0][0], rows[-1][-1]


LOAD_MARGIN_DAYS = 7
"""Days loaded beyond each side of the shown ones (a drag or a step lands on loaded posts)."""


def range_with_margin(first: date, last: date, tz: ZoneInfo,
                      margin_days: int = LOAD_MARGIN_DAYS) -> tuple[datetime, datetime]:
    """Return the UTC range to load for the days ``first``..``last`` plus ``margin_days`` on each side."""
    start, _ = day_bounds(first - timedelta(days=margin_days), tz)
    _, end = day_bounds(last + timedelta(days=margin_days), tz)
    return start, end


def group_by_day(instants: Sequence[datetime | None], tz: ZoneInfo) -> dict[date, list[int]]:
    """Group the indexes of ``instants`` by local day (``None`` instants are skipped), keeping order."""
    out: dict[date, list[int]] = {}
    for i, ts in enumerate(instants):
        if ts is None:
            continue
        out.setdefault(ts.astimezone(tz).date(), []).append(i)
    return out


# --- month cells ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CellFit:
    """How many chips a month cell shows and how many it hides behind "+N more"."""

    visible: int
    more: int


def chips_that_fit(available: float, chip_height: float, spacing: float, count: int) -> CellFit:
    """Return how many of ``count`` chips fit in ``available`` height.

    When not all fit, one row is kept for the "+N more" line, so ``visible + more == count``.
    """
    if count <= 0 or chip_height <= 0:
        return CellFit(0, 0)
    step = chip_height + spacing
    rows = max(0, math.floor((available + spacing) / step))
    if count <= rows:
        return CellFit(count, 0)
    visible = max(0, rows - 1)
    return CellFit(visible, count - visible)


def grid_cell_at(x: float, y: float, width: float, height: float, rows: int, cols: int = 7) -> tuple[int, int] | None:
    """Return (row, col) of the grid cell under the point, or ``None`` outside the grid."""
    if not (0 <= x < width and 0 <= y < height) or rows <= 0:
        return None
    return min(rows - 1, int(y * rows / height)), min(cols - 1, int(x * cols / width))


def grid_cell_rect(
    row: int, col: int, width: float, height: float, rows: int, cols: int = 7
) -> tuple[int, int, int, int]:
    """Return the integer (x, y, w, h) of a grid cell so neighbouring cells share their edges exactly."""
    x0 = round(col * width / cols)
    x1 = round((col + 1) * width / cols)
    y0 = round(row * height / rows)
    y1 = round((row + 1) * height / rows)
    return x0, y0, x1 - x0, y1 - y0


# --- week view: time <-> y, overlap ----------------------------------------------------------


def wall_minutes(ts: datetime, tz: ZoneInfo) -> int:
    """Return the minutes since local midnight shown on the wall clock for ``ts`` in ``tz``."""
    local = ts.astimezone(tz)
    return local.hour * 60 + local.minute


def y_for_minutes(minutes: float, hour_height: float) -> float:
    """Return the y offset of a wall-clock time (minutes since midnight) in an hour grid."""
    return minutes * hour_height / 60.0


def minutes_for_y(y: float, hour_height: float, snap: int = SNAP_MINUTES) -> int:
    """Return the wall-clock minutes at ``y``, snapped to ``snap`` minutes and clamped to the day."""
    raw = y * 60.0 / hour_height
    snapped = math.floor(raw / snap + 0.5) * snap
    return max(0, min(MINUTES_PER_DAY - snap, snapped))


def local_instant(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """Return the aware UTC instant of wall-clock ``minutes`` on ``day`` in ``tz``.

    A time skipped when clocks go forward moves forward by the gap (02:30 becomes 03:30); a time
    that happens twice when clocks go back means its first occurrence.
    """
    naive = datetime.combine(day, time(0)) + timedelta(minutes=minutes)
    # zoneinfo with fold=0 applies the offset in force before a transition: a skipped time then
    # lands after the gap, and a repeated time resolves to its first occurrence.
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one item goes in a day column: column index and number of columns in its cluster."""

    column: int
    columns: int


def overlap_columns(spans: Sequence[tuple[float, float]]) -> list[Placement]:
    """Lay out time spans side by side: overlapping spans get separate columns.

    ``spans`` are (start, end) numbers (e.g. minutes or y); the result is in the same order. Spans
    are packed greedily into the first free column; every span of a cluster (a maximal chain of
    overlaps) reports the cluster's column count so they share the width evenly.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    result: list[Placement | None] = [None] * len(spans)
    cluster: list[tuple[int, int]] = []  # (index, column)
    column_ends: list[float] = []
    cluster_end = -math.inf

    def close_cluster() -> None:
        width = len(column_ends)
        for idx, col in cluster:
            result[idx] = Placement(col, width)

    for i in order:
        start, end = spans[i]
        end = max(end, start)
        if cluster and start >= cluster_end:
            close_cluster()
            cluster.clear()
            column_ends.clear()
        for col, col_end in enumerate(column_ends):
            if start >= col_end:
                column_ends[col] = end
                break
        else:
            col = len(column_ends)
            column_ends.append(end)
        cluster.append((i, col))
        cluster_end = max(cluster_end, end) if len(cluster) > 1 else end
    if cluster:
        close_cluster()
    return [p if p is not None else Placement(0, 1) for p in result]
