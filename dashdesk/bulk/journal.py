"""The import journal: which rows (by content key, per brand) already became posts, and which media
were already uploaded, so importing the same file again creates only what is missing.

One SQLite file in :func:`dashdesk.paths.data_dir`. A row is marked ``pending`` before its create is
sent and ``created`` with the post id after; a row left ``pending`` or ``unknown`` (a crash, a lost
answer) is looked up on the server before it is tried again.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from dashdesk.paths import data_dir
from dashdesk.private_files import private_file

PENDING = "pending"
CREATED = "created"
UNKNOWN = "unknown"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (
    brand_id INTEGER NOT NULL,
    row_key TEXT NOT NULL,
    platform TEXT NOT NULL,
    state TEXT NOT NULL,
    post_id INTEGER,
    source TEXT,
    row_number INTEGER,
    updated_at REAL NOT NULL,
    PRIMARY KEY (brand_id, row_key)
);
CREATE TABLE IF NOT EXISTS media (
    brand_id INTEGER NOT NULL,
    media_key TEXT NOT NULL,
    media_id INTEGER NOT NULL,
    kind TEXT,
    url TEXT,
    updated_at REAL NOT NULL,
    PRIMARY KEY (brand_id, media_key)
);
"""


@dataclass(frozen=True)
class JournalEntry:
    """What the journal knows about one row."""

    state: str
    post_id: int | None
    platform: str


@dataclass(frozen=True)
class JournalMedia:
    """A media item uploaded for a brand earlier."""

    media_id: int
    kind: str | None
    url: str | None


def default_path() -> Path:
    """Where the journal lives: ``<data dir>/bulk-journal.sqlite3``."""
    return data_dir() / "bulk-journal.sqlite3"


class Journal:
    """A small, thread-safe SQLite journal (each write is committed at once)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        private_file(self.path)  # 0600 before SQLite opens it: its -wal/-shm files take the same mode
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entry(self, brand_id: int, row_key: str) -> JournalEntry | None:
        """The journal's record of a row, if any."""
        with self._lock:
            cur = self._db.execute("SELECT state, post_id, platform FROM rows WHERE brand_id=? AND row_key=?",
                                   (brand_id, row_key))
            found = cur.fetchone()
        return JournalEntry(*found) if found else None

    def entries(self, brand_id: int, row_keys: list[str]) -> dict[str, JournalEntry]:
        """Records of many rows at once."""
        out: dict[str, JournalEntry] = {}
        with self._lock:
            for start in range(0, len(row_keys), 500):
                chunk = row_keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                cur = self._db.execute(
                    # only "?" placeholders are formatted in; the keys are bound as parameters
                    f"SELECT row_key, state, post_id, platform FROM rows WHERE brand_id=? AND row_key IN ({marks})",  # noqa: S608
                    (brand_id, *chunk),
                )
                for key, state, post_id, platform in cur.fetchall():
                    out[key] = JournalEntry(state, post_id, platform)
        return out

    def mark(self, brand_id: int, row_key: str, platform: str, state: str, *, post_id: int | None = None,
             source: str | None = None, row_number: int | None = None) -> None:
        """Record a row's state (``pending``, ``created`` or ``unknown``)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO rows (brand_id, row_key, platform, state, post_id, source, row_number, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(brand_id, row_key) DO UPDATE SET state=excluded.state, "
                "post_id=excluded.post_id, platform=excluded.platform, source=COALESCE(excluded.source, source), "
                "row_number=COALESCE(excluded.row_number, row_number), updated_at=excluded.updated_at",
                (brand_id, row_key, platform, state, post_id, source, row_number, time.time()),
            )

    def forget(self, brand_id: int, row_key: str) -> None:
        """Drop a row's record (its create certainly did not happen)."""
        with self._lock:
            self._db.execute("DELETE FROM rows WHERE brand_id=? AND row_key=?", (brand_id, row_key))

    def media(self, brand_id: int, media_key: str) -> JournalMedia | None:
        """A media item uploaded earlier for ``media_key`` (a content hash or URL)."""
        with self._lock:
            cur = self._db.execute("SELECT media_id, kind, url FROM media WHERE brand_id=? AND media_key=?",
                                   (brand_id, media_key))
            found = cur.fetchone()
        return JournalMedia(*found) if found else None

    def forget_media(self, brand_id: int, media_key: str) -> None:
        """Drop a remembered media item (it is gone from the Library)."""
        with self._lock:
            self._db.execute("DELETE FROM media WHERE brand_id=? AND media_key=?", (brand_id, media_key))

    def remember_media(self, brand_id: int, media_key: str, media_id: int, kind: str | None,
                       url: str | None) -> None:
        """Record an uploaded media item."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO media (brand_id, media_key, media_id, kind, url, updated_at) "
                "VALUES (?,?,?,?,?,?)",
                (brand_id, media_key, media_id, kind, url, time.time()),
            )
