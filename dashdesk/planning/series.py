"""Repeating posts: a series (rule + the post's body) remembered locally; Dash knows only the posts.

Qt-free. A :class:`RepeatRule` says every N days/weeks/months, until a date or N times; the
occurrences are wall-clock times in the series' zone (daylight saving as the slots handle it; the
31st of a month falls on the last day of shorter months). :class:`SeriesStore` keeps series and
what became of each occurrence (created as post P, skipped, edited alone, gone from Dash) in a
private SQLite file in the user data folder. :class:`SeriesService` creates occurrences up to a
horizon (8 weeks by default) and tops them up whenever the app runs; an occurrence that was
created once is never created again, so one deleted on Dash stays deleted.
"""

from __future__ import annotations

import calendar
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from dashdesk.i18n import ntr, tr
from dashdesk.i18n.formats import day_text
from dashdesk.paths import data_dir
from dashdesk.private_files import private_file

from .slots import wall_to_utc

Unit = Literal["day", "week", "month"]
HORIZON = timedelta(weeks=8)
#: What became of an occurrence.
CREATED, SKIPPED, EDITED, GONE = "created", "skipped", "edited", "gone"
_MAX_OCCURRENCES = 1000


class SeriesError(ValueError):
    """A repeat rule or series cannot be used; the message says what to change."""


@dataclass(frozen=True)
class RepeatRule:
    """Every ``every`` ``unit`` s from ``start`` (aware), until the day ``until`` or ``count`` times."""

    every: int
    unit: Unit
    start: datetime
    zone: str
    until: date | None = None
    count: int | None = None
    #: The first occurrence this rule covers (a series edited from occurrence n onward starts there).
    first: int = 0

    def check(self) -> None:
        """Raise :class:`SeriesError` when the rule makes no sense."""
        if self.unit not in ("day", "week", "month"):
            raise SeriesError(tr("Repeat every day, week or month."))
        if not 1 <= self.every <= 365:
            raise SeriesError(tr("Repeat every 1 to 365 days, weeks or months."))
        if self.count is not None and not 1 <= self.count <= _MAX_OCCURRENCES:
            raise SeriesError(tr("Repeat 1 to {most} times.", most=_MAX_OCCURRENCES))
        if self.until is not None and self.until < self.start.astimezone(ZoneInfo(self.zone)).date():
            raise SeriesError(tr("The last day is before the first post: pick a later end date."))

    def occurrence(self, n: int) -> datetime:
        """The ``n``-th time (0 = ``start``), UTC."""
        zone = ZoneInfo(self.zone)
        local = self.start.astimezone(zone)
        if self.unit == "month":
            months = local.month - 1 + n * self.every
            year, month = local.year + months // 12, months % 12 + 1
            day = min(local.day, calendar.monthrange(year, month)[1])
            when_day = date(year, month, day)
        else:
            step = timedelta(days=self.every * (7 if self.unit == "week" else 1))
            when_day = local.date() + n * step
        return wall_to_utc(when_day, local.time().replace(tzinfo=None), zone)

    def times(self, until: datetime) -> Iterator[tuple[int, datetime]]:
        """(n, time) of every occurrence up to ``until`` (and the rule's own end)."""
        zone = ZoneInfo(self.zone)
        for n in range(self.first, _MAX_OCCURRENCES):
            if self.count is not None and n >= self.count:
                return
            when = self.occurrence(n)
            if when > until or (self.until is not None and when.astimezone(zone).date() > self.until):
                return
            yield n, when

    def to_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {"every": self.every, "unit": self.unit, "start": self.start.astimezone(UTC).isoformat(),
                "zone": self.zone, "until": self.until.isoformat() if self.until else None, "count": self.count,
                "first": self.first}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepeatRule:
        """Read :meth:`to_json` back."""
        return cls(int(data["every"]), data["unit"], datetime.fromisoformat(data["start"]), str(data["zone"]),
                   date.fromisoformat(data["until"]) if data.get("until") else None,
                   int(data["count"]) if data.get("count") is not None else None, int(data.get("first") or 0))

    def describe(self) -> str:
        """``every 2 weeks, 6 times`` in words."""
        n = self.every
        every = (ntr("every day", "every {n} days", n) if self.unit == "day" else
                 ntr("every week", "every {n} weeks", n) if self.unit == "week" else
                 ntr("every month", "every {n} months", n))
        if self.count:
            return ntr("{every}, {n} time", "{every}, {n} times", self.count, every=every)
        if self.until:
            return tr("{every}, until {day}", every=every, day=day_text(self.until, year=True))
        return every


@dataclass
class Series:
    """One repeating post of one platform: its rule and the body each occurrence is created with."""

    id: str
    brand_id: int
    platform: str
    rule: RepeatRule
    body: dict[str, Any]


@dataclass(frozen=True)
class Occurrence:
    """What became of the ``n``-th occurrence of a series."""

    series_id: str
    n: int
    when: datetime
    state: str
    post_id: int | None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS series (
    id TEXT PRIMARY KEY, brand_id INTEGER NOT NULL, platform TEXT NOT NULL,
    rule TEXT NOT NULL, body TEXT NOT NULL, created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS occurrences (
    series_id TEXT NOT NULL, n INTEGER NOT NULL, ts REAL NOT NULL, state TEXT NOT NULL, post_id INTEGER,
    PRIMARY KEY (series_id, n)
);
"""


class SeriesStore:
    """Series and their occurrences in ``series.sqlite3`` in the user data folder (owner-only)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / "series.sqlite3"
        private_file(self.path)  # 0600 before SQLite opens it (its -wal/-shm files follow)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise SeriesError(tr("The saved repeating posts can't be read (the file is damaged). Move {file} out "
                                 "of the DashDesk data folder to start afresh.", file=self.path.name)) from exc

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def add(self, series: Series) -> None:
        """Remember a new series."""
        with self._lock:
            self._db.execute("INSERT INTO series VALUES (?,?,?,?,?,strftime('%s','now'))",
                             (series.id, series.brand_id, series.platform, json.dumps(series.rule.to_json()),
                              json.dumps(series.body)))

    def update(self, series: Series) -> None:
        """Save a series' rule and body again."""
        with self._lock:
            self._db.execute("UPDATE series SET rule=?, body=? WHERE id=?",
                             (json.dumps(series.rule.to_json()), json.dumps(series.body), series.id))

    def all(self, brand_id: int) -> list[Series]:
        """The brand's series."""
        with self._lock:
            rows = self._db.execute("SELECT id, brand_id, platform, rule, body FROM series WHERE brand_id=? "
                                    "ORDER BY created, id", (brand_id,)).fetchall()
        return [Series(r[0], r[1], r[2], RepeatRule.from_json(json.loads(r[3])), json.loads(r[4])) for r in rows]

    def get(self, series_id: str) -> Series | None:
        """One series."""
        with self._lock:
            r = self._db.execute("SELECT id, brand_id, platform, rule, body FROM series WHERE id=?",
                                 (series_id,)).fetchone()
        return Series(r[0], r[1], r[2], RepeatRule.from_json(json.loads(r[3])), json.loads(r[4])) if r else None

    def occurrences(self, series_id: str) -> dict[int, Occurrence]:
        """What became of each occurrence of a series, by ``n``."""
        with self._lock:
            rows = self._db.execute("SELECT n, ts, state, post_id FROM occurrences WHERE series_id=?",
                                    (series_id,)).fetchall()
        return {n: Occurrence(series_id, n, datetime.fromtimestamp(ts, UTC), state, pid) for n, ts, state, pid in rows}

    def mark(self, series_id: str, n: int, when: datetime, state: str, post_id: int | None) -> None:
        """Record what became of occurrence ``n``."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO occurrences VALUES (?,?,?,?,?)",
                             (series_id, n, when.timestamp(), state, post_id))

    def find(self, platform: str, post_id: int) -> Occurrence | None:
        """The occurrence that became ``post_id``, if any (to offer "edit this one or all from here")."""
        with self._lock:
            r = self._db.execute("SELECT o.series_id, o.n, o.ts, o.state, o.post_id FROM occurrences o JOIN series s "
                                 "ON s.id=o.series_id WHERE s.platform=? AND o.post_id=?",
                                 (platform, post_id)).fetchone()
        return Occurrence(r[0], r[1], datetime.fromtimestamp(r[2], UTC), r[3], r[4]) if r else None


def new_series(brand_id: int, platform: str, rule: RepeatRule, body: dict[str, Any]) -> Series:
    """A new series (its body without a time: each occurrence gets its own)."""
    rule.check()
    clean = {k: v for k, v in body.items() if k != "timestamp"}
    return Series(uuid.uuid4().hex, brand_id, platform, rule, clean)
