"""Posting slots: weekday + wall-clock time in a zone, and the next free ones.

Qt-free. Dash knows nothing of queues: a slot only ever becomes a concrete time sent with a post.

Daylight saving, decided once here:
- a slot whose wall time does not exist that day (02:30 on the spring-forward night) is moved to
  the next valid time (03:00, the moment the clocks jump);
- a slot whose wall time happens twice (the fall-back hour) is used once, at its first occurrence.

A slot is *taken* when any post of the same platform (and brand: the caller passes that brand's
posts, wherever they were made) is timed within :data:`TAKEN_WITHIN` of it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dashdesk.i18n import tr

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: A post this close to a slot (either side) occupies it: a post made elsewhere at 09:03 fills 09:00.
TAKEN_WITHIN = timedelta(minutes=5)
#: How far ahead the search looks before saying there is no free slot.
HORIZON = timedelta(days=400)

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")
_DAY_ALIASES = {
    "monday": "mon", "tuesday": "tue", "tues": "tue", "wednesday": "wed", "thursday": "thu", "thur": "thu",
    "thurs": "thu", "friday": "fri", "saturday": "sat", "sunday": "sun",
}


class SlotError(ValueError):
    """A slot description cannot be read; the message says what to write instead."""


@dataclass(frozen=True, order=True)
class Slot:
    """One weekly slot: ``weekday`` 0=Monday..6=Sunday at wall-clock ``at``."""

    weekday: int
    at: time

    def __str__(self) -> str:
        return f"{WEEKDAYS[self.weekday]} {self.at:%H:%M}"


def _day(word: str) -> int:
    key = _DAY_ALIASES.get(word, word)
    if key not in WEEKDAYS:
        raise SlotError(tr("“{word}” is not a day: write mon, tue, wed, thu, fri, sat or sun.", word=word))
    return WEEKDAYS.index(key)


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if part in ("daily", "every day", "all", "*"):
            days.extend(range(7))
        elif part in ("weekdays",):
            days.extend(range(5))
        elif part in ("weekends", "weekend"):
            days.extend((5, 6))
        elif "-" in part:
            first, last = (_day(p.strip()) for p in part.split("-", 1))
            span = (last - first) % 7
            days.extend((first + i) % 7 for i in range(span + 1))
        else:
            days.append(_day(part))
    if not days:
        raise SlotError(tr("Name the days first, e.g. \"mon-fri 09:00\"."))
    return days


def _times(text: str) -> list[time]:
    out = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        m = _TIME.match(part)
        if not m:
            raise SlotError(tr("“{text}” is not a time: write 24-hour times like 09:00 or 17:30.", text=part))
        out.append(time(int(m.group(1)), int(m.group(2))))
    if not out:
        raise SlotError(tr("Give at least one time after the days, e.g. \"mon-fri 09:00\"."))
    return out


def parse_slots(text: str) -> tuple[Slot, ...]:
    """Read ``"mon-fri 09:00,17:00; sat 11:00"`` into sorted, distinct slots (blank: no slots).

    Groups are separated by ``;`` or new lines; each is days (``mon``, ``mon-fri``, ``sat,sun``,
    ``weekdays``, ``weekends``, ``daily``) then 24-hour times separated by commas or spaces.
    """
    slots: set[Slot] = set()
    for group in re.split(r"[;\n]+", text.lower()):
        group = group.strip()
        if not group:
            continue
        m = re.match(r"^((?:every day|[a-z*][a-z*, \-]*?))\s+(\d.*)$", group)
        if not m:
            raise SlotError(tr("Can't read “{text}”: write days then times, e.g. \"mon-fri 09:00,17:00\".",
                               text=group))
        for day in _days(m.group(1)):
            for at in _times(m.group(2)):
                slots.add(Slot(day, at))
    return tuple(sorted(slots))


def format_slots(slots: Iterable[Slot]) -> str:
    """The short form :func:`parse_slots` reads: days with the same times grouped (``mon-fri 09:00``)."""
    by_day: dict[int, list[str]] = {}
    for slot in sorted(slots):
        by_day.setdefault(slot.weekday, []).append(f"{slot.at:%H:%M}")
    groups: list[tuple[list[int], str]] = []
    for day in range(7):
        if day not in by_day:
            continue
        times = ",".join(by_day[day])
        if groups and groups[-1][1] == times and groups[-1][0][-1] == day - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], times))
    parts = []
    for days, times in groups:
        name = WEEKDAYS[days[0]] if len(days) == 1 else f"{WEEKDAYS[days[0]]}-{WEEKDAYS[days[-1]]}"
        parts.append(f"{name} {times}")
    return "; ".join(parts)


def wall_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall time ``at`` on ``day`` in ``zone``: the first one in a fall-back
    fold, the moment the clocks jump when ``at`` falls in a spring-forward gap."""
    local = datetime.combine(day, at, zone)  # fold=0: the first occurrence of a repeated time
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant
    # In a gap. fold=1 reads the wall time with the offset after the jump (an instant before the
    # gap), fold=0 with the offset before it (an instant after): the jump lies between them.
    low = local.replace(fold=1).astimezone(UTC)
    high = instant
    if low > high:
        low, high = high, low
    start_offset = low.astimezone(zone).utcoffset()
    lo, hi = int(low.timestamp()), int(high.timestamp()) + 1
    while hi - lo > 1:  # whole seconds: the last one with the old offset, the first with the new
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, zone).utcoffset() == start_offset:
            lo = mid
        else:
            hi = mid
    return datetime.fromtimestamp(hi, UTC)


@dataclass(frozen=True)
class PlatformSlots:
    """The weekly slots of one platform (and brand) in one zone."""

    zone: ZoneInfo
    slots: tuple[Slot, ...] = ()

    def times(self, after: datetime, until: datetime | None = None) -> Iterator[datetime]:
        """Every slot time (UTC, ascending) strictly after ``after`` and not after ``until``."""
        for epoch in self.epochs(after, until):
            yield datetime.fromtimestamp(epoch, UTC)

    def epochs(self, after: datetime, until: datetime | None = None) -> Iterator[float]:
        """:meth:`times` as POSIX seconds (what the search compares; datetimes only for the found)."""
        for week in self.weeks(after, until):
            yield from week

    def weeks(self, after: datetime, until: datetime | None = None) -> Iterator[tuple[float, ...]]:
        """:meth:`epochs` a week at a time (the search walks lists, not one generator step per slot)."""
        if not self.slots:
            return
        after_s = after.timestamp()
        until_s = (until or after + HORIZON).timestamp()
        zone = self.zone
        ordered = sorted(self.slots)
        walls = [slot.weekday * 86400 + slot.at.hour * 3600 + slot.at.minute * 60 for slot in ordered]
        first = datetime.fromtimestamp(after_s, zone).date() - timedelta(days=1)
        day = first.toordinal() - first.weekday()  # walk whole weeks from a Monday (day ordinals)
        last_day = (datetime.fromtimestamp(until_s, zone).date() + timedelta(days=1)).toordinal()
        previous: float | None = None
        known = _week_cache(zone, tuple(walls))
        while day <= last_day:
            epochs = known.get(day)
            if epochs is None:
                epochs = known[day] = _week_epochs(zone, ordered, walls, day)
            if previous is not None and epochs and epochs[0] == previous:
                epochs = epochs[1:]
            if epochs:
                previous = epochs[-1]
                if epochs[0] <= after_s or epochs[-1] > until_s:
                    epochs = tuple(e for e in epochs if after_s < e <= until_s)
            if epochs:
                yield epochs
            elif day > last_day - 7:
                return
            day += 7


#: Slot instants of a week, per (zone, weekly slots) and Monday: every search walks the same weeks.
_WEEKS: dict[tuple[ZoneInfo, tuple[int, ...]], dict[int, tuple[float, ...]]] = {}


def _week_cache(zone: ZoneInfo, walls: tuple[int, ...]) -> dict[int, tuple[float, ...]]:
    if len(_WEEKS) > 256:  # schedules edited many times in one session: start afresh
        _WEEKS.clear()
    return _WEEKS.setdefault((zone, walls), {})


def _week_epochs(zone: ZoneInfo, ordered: list[Slot], walls: list[int], day: int) -> tuple[float, ...]:
    """The slot instants (POSIX seconds, ascending) of the week from Monday ``day`` (an ordinal)."""
    offset = _steady_offset(zone, day)
    if offset is not None:
        # A week without a clock change (nearly all of them): plain arithmetic on its offset.
        base = (day - _EPOCH_ORDINAL) * 86400 - offset
        return tuple(base + wall for wall in walls)
    monday = date.fromordinal(day)
    epochs = [wall_to_utc(monday + timedelta(days=s.weekday), s.at, zone).timestamp() for s in ordered]
    # A gap can move a slot onto the next one: the same instant is one slot.
    return tuple(e for i, e in enumerate(epochs) if i == 0 or e != epochs[i - 1])


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@lru_cache(maxsize=8192)
def _steady_offset(zone: ZoneInfo, monday: int) -> float | None:
    """The UTC offset (seconds) of ``zone`` throughout the week from the day ``monday`` (an ordinal),
    or None when its clocks change that week. Cached: every search walks the same weeks."""
    day = date.fromordinal(monday)
    start_local = datetime.combine(day, time(0), zone)
    end_local = datetime.combine(day + timedelta(days=7), time(0), zone)
    offset = start_local.utcoffset()
    if (offset == end_local.utcoffset() and offset == start_local.replace(fold=1).utcoffset()
            and _steady_between(start_local, end_local, zone)):
        return offset.total_seconds() if offset else 0.0
    return None


def _steady_between(start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    """Whether ``zone``'s offset is the same at the start, middle and end of a week (no change
    between: zones change their clocks at most once in any week)."""
    middle = datetime.fromtimestamp((start.timestamp() + end.timestamp()) / 2, zone)
    return middle.utcoffset() == start.utcoffset()


class Occupancy:
    """The times already used, per platform, as sorted POSIX seconds (fast lookups near a slot)."""

    def __init__(self, posts: Iterable[tuple[str, datetime | None]] = (), *, within: timedelta = TAKEN_WITHIN):
        self.within = within.total_seconds()
        self._times: dict[str, list[float]] = {}
        self._blocked: frozenset[date] = frozenset()
        self._blocked_zone: ZoneInfo = ZoneInfo("UTC")
        for platform, when in posts:
            if when is not None:
                self._times.setdefault(platform, []).append(when.timestamp())
        for values in self._times.values():
            values.sort()

    @classmethod
    def of_posts(cls, posts: Iterable[object], *, within: timedelta = TAKEN_WITHIN) -> Occupancy:
        """From objects with ``platform`` and ``timestamp`` (app posts, cache rows decoded as posts)."""
        return cls(((getattr(p, "platform", ""), getattr(p, "timestamp", None)) for p in posts), within=within)

    @classmethod
    def of_epochs(cls, times: Mapping[str, list[float]], *, within: timedelta = TAKEN_WITHIN) -> Occupancy:
        """From each platform's ascending POSIX seconds, as :meth:`PostsCache.times` lists them."""
        occupancy = cls(within=within)
        occupancy._times = {platform: list(values) for platform, values in times.items()}
        return occupancy

    def block_days(self, days: Iterable[date], zone: ZoneInfo) -> None:
        """Days (local calendar days in ``zone``) on which no slot is handed out: the calendar's
        "no posting" days. A slot on such a day is skipped as if it were taken."""
        self._blocked = frozenset(days)
        self._blocked_zone = zone

    def is_blocked(self, epoch: float) -> bool:
        """Whether the instant ``epoch`` (POSIX seconds) falls on a "no posting" day."""
        return bool(self._blocked) and datetime.fromtimestamp(epoch, self._blocked_zone).date() in self._blocked

    def is_taken(self, platform: str, when: datetime) -> bool:
        """Whether a post of ``platform`` is within the window around ``when``."""
        values = self._times.get(platform)
        if not values:
            return False
        t = when.timestamp()
        i = bisect_left(values, t - self.within)
        return i < len(values) and values[i] <= t + self.within

    def take(self, platform: str, when: datetime) -> None:
        """Mark ``when`` as used by ``platform`` (a post about to be created there)."""
        insort(self._times.setdefault(platform, []), when.timestamp())

    def release(self, platform: str, when: datetime) -> None:
        """Forget one use of ``when`` by ``platform`` (a post moved away)."""
        values = self._times.get(platform, [])
        i = bisect_left(values, when.timestamp())
        if i < len(values) and values[i] == when.timestamp():
            del values[i]


def next_free(slots: PlatformSlots, occupancy: Occupancy, platform: str, after: datetime,
              count: int = 1, until: datetime | None = None) -> list[datetime]:
    """The first ``count`` free slot times of ``platform`` after ``after`` (fewer if none are left
    before ``until``, default a little over a year ahead)."""
    found: list[datetime] = []
    if count <= 0:
        return found
    taken = occupancy._times.get(platform, [])
    within = occupancy.within
    blocked = bool(occupancy._blocked)
    i, n = 0, len(taken)
    for week in slots.weeks(after, until):
        for epoch in week:
            # Slots come in ascending order, so one pointer walks the taken times (no search per slot).
            while i < n and taken[i] < epoch - within:
                i += 1
            if i < n and taken[i] <= epoch + within:
                continue
            if blocked and occupancy.is_blocked(epoch):
                continue
            found.append(datetime.fromtimestamp(epoch, UTC))
            if len(found) >= count:
                return found
    return found
