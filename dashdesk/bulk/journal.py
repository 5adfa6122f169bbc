"""The import journal: which rows (by content key) already became posts, and which media were already
uploaded, per Dash origin and brand, so importing the same file again creates only what is missing.

One SQLite file in :func:`dashdesk.paths.data_dir`. A row is marked ``pending`` before its create is
sent and ``created`` with the post id after; a row left ``pending`` or ``unknown`` (a crash, a lost
answer) is looked up on the server before it is tried again.

Records are scoped by the API origin as well as the brand: brand 144 of a sandbox and brand 144 of
Dash are different brands, and media ids or post ids of one mean nothing on the other. The journal is
a record, never proof: a run checks on Dash before it reports a journalled row as created.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dashdesk.i18n import tr
from dashdesk.i18n.formats import day_text
from dashdesk.paths import data_dir
from dashdesk.private_files import private_file

PENDING = "pending"
CREATED = "created"
UNKNOWN = "unknown"

# Tables of the first version (keyed by brand only) are left as they were and no longer read: their
# records cannot say which Dash they came from. A re-import still finds those posts on Dash by content.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS import_rows (
    origin TEXT NOT NULL,
    brand_id INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    platform TEXT NOT NULL,
    state TEXT NOT NULL,
    post_id INTEGER,
    source TEXT,
    row_number INTEGER,
    updated_at REAL NOT NULL,
    PRIMARY KEY (origin, brand_id, row_key)
);
CREATE TABLE IF NOT EXISTS import_media (
    origin TEXT NOT NULL,
    brand_id INTEGER NOT NULL,
    media_key TEXT NOT NULL,
    media_id INTEGER NOT NULL,
    kind TEXT,
    url TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (origin, brand_id, media_key)
);
CREATE TABLE IF NOT EXISTS import_queued (
    origin TEXT NOT NULL,
    brand_id INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    ts REAL NOT NULL,
    PRIMARY KEY (origin, brand_id, row_key)
);
"""


class JournalDamaged(Exception):
    """The journal file cannot be read as a database; the message says what was done about it."""


@dataclass(frozen=True)
class JournalEntry:
    """What the journal knows about one row."""

    state: str
    post_id: int | None
    platform: str
    #: When the record was last written (UNIX time).
    updated_at: float = 0.0

    @property
    def recorded_on(self) -> str:
        """The record's day, as a person reads it (``3 Dec 2026``)."""
        when = datetime.fromtimestamp(self.updated_at, UTC).astimezone()
        return day_text(when, year=True, weekday=False)


@dataclass(frozen=True)
class JournalMedia:
    """A media item uploaded for a brand earlier."""

    media_id: int
    kind: str | None
    url: str | None


_ROW_COLUMNS = "row_key, state, post_id, platform, updated_at"


def default_path() -> Path:
    """Where the journal lives: ``<data dir>/bulk-journal.sqlite3``."""
    return data_dir() / "bulk-journal.sqlite3"


class Journal:
    """A small, thread-safe SQLite journal (each write is committed at once).

    A file that is not a readable database (damaged, truncated, something else under that name) is
    moved aside as ``*.damaged`` and a new journal started; :attr:`notice` then says so. Nothing is
    lost by that: a run finds the posts an earlier import created on Dash by their content.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._lock = threading.Lock()
        #: A sentence for the person when the journal had to be started again, else ``""``.
        self.notice = ""
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:
            aside = self.path.with_name(self.path.name + ".damaged")
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(self.path) + suffix)
                if part.exists():
                    part.replace(Path(str(aside) + suffix))
            self._db = self._open()
            self.notice = tr("The record of earlier imports could not be read and was started again; "
                             "posts already on Dash are still found by their content.")

    def _open(self) -> sqlite3.Connection:
        private_file(self.path)  # 0600 before SQLite opens it: its -wal/-shm files take the same mode
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scope(self, origin: str, brand_id: int) -> JournalScope:
        """The records of one brand on one Dash (``origin``: the API's base URL)."""
        return JournalScope(self, origin.rstrip("/"), int(brand_id))

    # --- used through JournalScope ---------------------------------------------------------------------

    def _rows(self, origin: str, brand_id: int, row_keys: list[str]) -> dict[str, JournalEntry]:
        out: dict[str, JournalEntry] = {}
        with self._lock:
            for start in range(0, len(row_keys), 500):
                chunk = row_keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                # only "?" placeholders are formatted in; the keys are bound as parameters
                sql = f"SELECT {_ROW_COLUMNS} FROM import_rows WHERE origin=? AND brand_id=? AND row_key IN ({marks})"  # noqa: S608
                cur = self._db.execute(sql, (origin, brand_id, *chunk))
                for key, state, post_id, platform, updated in cur.fetchall():
                    out[key] = JournalEntry(state, post_id, platform, updated)
        return out

    def _execute(self, sql: str, args: tuple[object, ...]) -> list[tuple[object, ...]]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()


@dataclass(frozen=True)
class JournalScope:
    """The journal's records for one (API origin, brand)."""

    journal: Journal
    origin: str
    brand_id: int

    def entry(self, row_key: str) -> JournalEntry | None:
        """The journal's record of a row, if any."""
        return self.entries([row_key]).get(row_key)

    def entries(self, row_keys: list[str]) -> dict[str, JournalEntry]:
        """Records of many rows at once."""
        return self.journal._rows(self.origin, self.brand_id, list(row_keys))

    def mark(self, row_key: str, platform: str, state: str, *, post_id: int | None = None,
             source: str | None = None, row_number: int | None = None) -> None:
        """Record a row's state (``pending``, ``created`` or ``unknown``)."""
        self.journal._execute(
            "INSERT INTO import_rows (origin, brand_id, row_key, platform, state, post_id, source, row_number, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(origin, brand_id, row_key) DO UPDATE SET "
            "state=excluded.state, post_id=excluded.post_id, platform=excluded.platform, "
            "source=COALESCE(excluded.source, source), row_number=COALESCE(excluded.row_number, row_number), "
            "updated_at=excluded.updated_at",
            (self.origin, self.brand_id, row_key, platform, state, post_id, source, row_number, time.time()),
        )

    def forget(self, row_key: str) -> None:
        """Drop a row's record (its create certainly did not happen, or its post is gone)."""
        self.journal._execute("DELETE FROM import_rows WHERE origin=? AND brand_id=? AND row_key=?",
                              (self.origin, self.brand_id, row_key))

    def queued_times(self, row_keys: list[str]) -> dict[str, float]:
        """The posting time (epoch seconds) each queued row was given by an earlier import."""
        out: dict[str, float] = {}
        for start in range(0, len(row_keys), 500):
            chunk = row_keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            # only "?" placeholders are formatted in; the keys are bound as parameters
            sql = f"SELECT row_key, ts FROM import_queued WHERE origin=? AND brand_id=? AND row_key IN ({marks})"  # noqa: S608
            rows = self.journal._execute(
                sql,
                (self.origin, self.brand_id, *chunk))
            out.update({str(key): float(ts) for key, ts in rows})  # type: ignore[arg-type]
        return out

    def remember_queued_time(self, row_key: str, epoch: float) -> None:
        """Record the posting time a queued row was given (before it is sent, so a re-run looks there)."""
        self.journal._execute("INSERT OR REPLACE INTO import_queued (origin, brand_id, row_key, ts) VALUES (?,?,?,?)",
                              (self.origin, self.brand_id, row_key, epoch))

    def media(self, media_key: str) -> JournalMedia | None:
        """A media item uploaded earlier for ``media_key`` (a content hash or URL)."""
        found = self.journal._execute(
            "SELECT media_id, kind, url FROM import_media WHERE origin=? AND brand_id=? AND media_key=?",
            (self.origin, self.brand_id, media_key))
        if not found:
            return None
        media_id, kind, url = found[0]
        return JournalMedia(int(media_id), kind if isinstance(kind, str) else None,  # type: ignore[arg-type]
                            url if isinstance(url, str) else None)

    def forget_media(self, media_key: str) -> None:
        """Drop a remembered media item (it is gone from the Library)."""
        self.journal._execute("DELETE FROM import_media WHERE origin=? AND brand_id=? AND media_key=?",
                              (self.origin, self.brand_id, media_key))

    def remember_media(self, media_key: str, media_id: int, kind: str | None, url: str | None) -> None:
        """Record an uploaded media item."""
        self.journal._execute(
            "INSERT OR REPLACE INTO import_media (origin, brand_id, media_key, media_id, kind, url, updated_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (self.origin, self.brand_id, media_key, media_id, kind, url, time.time()),
        )
