"""The media layer's SQLite file: content hashes to Library media ids, and the persisted upload queue.

One file, ``media.sqlite3`` in :func:`dashdesk.paths.data_dir`, with two tables:

* ``content_map``: ``(brand_id, sha256) -> media_id``, so the same bytes uploaded twice become one
  Library media (the id is checked with the brand before it is reused);
* ``uploads``: the upload queue's items, so unfinished uploads come back after a restart.

A third small table, ``fingerprints``, remembers the hash of a file by ``(path, size, mtime)`` so a
large file is not read twice to learn what is already known.

Writes are tiny and happen on state changes only (never per progress tick). The connection is shared
between the event loop's thread and hashing threads under a lock.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashdesk.paths import data_dir
from dashdesk.private_files import private_file

__all__ = ["HASH_CHUNK", "ContentEntry", "MediaStore", "file_fingerprint", "hash_file"]

HASH_CHUNK = 1 << 20

_SCHEMA = """
CREATE TABLE IF NOT EXISTS content_map (
    brand_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    media_id INTEGER NOT NULL,
    kind TEXT,
    size INTEGER,
    filename TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (brand_id, sha256)
);
CREATE TABLE IF NOT EXISTS fingerprints (
    path TEXT NOT NULL PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    brand_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT,
    kind TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL,
    media_id INTEGER,
    sha256 TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    tag TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

#: Columns of ``uploads`` that callers may write.
UPLOAD_COLUMNS = (
    "seq", "brand_id", "path", "filename", "content_type", "kind", "size", "state", "media_id",
    "sha256", "error", "attempts", "tag", "created_at", "updated_at",
)  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def hash_file(
    path: str | os.PathLike[str],
    *,
    chunk: int = HASH_CHUNK,
    cancelled: Callable[[], bool] | None = None,
) -> str:
    """Return the SHA-256 hex digest of a file, read in ``chunk``-sized pieces (memory stays flat).

    ``cancelled`` is polled between chunks; when it answers true, :class:`InterruptedError` is raised.
    Meant to run in a worker thread (hashlib releases the GIL on large buffers).
    """
    digest = hashlib.sha256()
    buf = bytearray(chunk)
    view = memoryview(buf)
    with open(path, "rb", buffering=0) as fh:
        while True:
            if cancelled is not None and cancelled():
                raise InterruptedError("hashing cancelled")
            n = fh.readinto(buf)
            if not n:
                break
            digest.update(view[:n])
    return digest.hexdigest()


def file_fingerprint(path: str | os.PathLike[str]) -> tuple[str, int, int]:
    """``(absolute path, size, mtime_ns)``: what says a file has not changed since it was hashed."""
    p = Path(path).resolve()
    st = p.stat()
    return str(p), st.st_size, st.st_mtime_ns


@dataclass(frozen=True)
class ContentEntry:
    """One known upload: these bytes are this media id in this brand's Library."""

    brand_id: int
    sha256: str
    media_id: int
    kind: str | None
    size: int | None
    filename: str | None


class MediaStore:
    """The media SQLite file (see the module docstring). ``path`` defaults to the app data folder."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else data_dir() / "media.sqlite3"
        private_file(self.path)  # 0600 before SQLite opens it: its -wal/-shm files take the same mode
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- content map -------------------------------------------------------------------------------

    def lookup(self, brand_id: int, sha256: str) -> ContentEntry | None:
        """The Library media these bytes became in ``brand_id``, if DashDesk uploaded them before."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM content_map WHERE brand_id=? AND sha256=?", (brand_id, sha256)
            ).fetchone()
        if row is None:
            return None
        return ContentEntry(row["brand_id"], row["sha256"], row["media_id"], row["kind"], row["size"], row["filename"])

    def remember(
        self,
        brand_id: int,
        sha256: str,
        media_id: int,
        *,
        kind: str | None = None,
        size: int | None = None,
        filename: str | None = None,
    ) -> None:
        """Record that these bytes are ``media_id`` in ``brand_id``'s Library."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO content_map VALUES (?,?,?,?,?,?,?)",
                (brand_id, sha256, media_id, kind, size, filename, _now()),
            )

    def forget(self, brand_id: int, sha256: str) -> None:
        """Drop a mapping (the media was deleted from the Library)."""
        with self._tx() as db:
            db.execute("DELETE FROM content_map WHERE brand_id=? AND sha256=?", (brand_id, sha256))

    # -- fingerprints ------------------------------------------------------------------------------

    def known_hash(self, path: str | os.PathLike[str]) -> str | None:
        """The hash of ``path`` if it was hashed before and has not changed since."""
        try:
            key, size, mtime = file_fingerprint(path)
        except OSError:
            return None
        with self._lock:
            row = self._db.execute("SELECT * FROM fingerprints WHERE path=?", (key,)).fetchone()
        if row is None or row["size"] != size or row["mtime_ns"] != mtime:
            return None
        return str(row["sha256"])

    def hash_of(self, path: str | os.PathLike[str], *, cancelled: Callable[[], bool] | None = None) -> str:
        """The SHA-256 of ``path``: remembered by fingerprint, else computed (streamed) and remembered."""
        known = self.known_hash(path)
        if known is not None:
            return known
        key, size, mtime = file_fingerprint(path)
        digest = hash_file(path, cancelled=cancelled)
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO fingerprints VALUES (?,?,?,?)", (key, size, mtime, digest))
        return digest

    # -- uploads -----------------------------------------------------------------------------------

    def save_upload(self, item_id: str, **fields: Any) -> None:
        """Insert or update the persisted upload ``item_id`` with ``fields`` (see ``UPLOAD_COLUMNS``)."""
        unknown = set(fields) - set(UPLOAD_COLUMNS)
        if unknown:
            raise KeyError(f"unknown upload columns: {sorted(unknown)}")
        fields.setdefault("updated_at", _now())
        with self._tx() as db:
            exists = db.execute("SELECT 1 FROM uploads WHERE id=?", (item_id,)).fetchone()
            if exists:
                sets = ", ".join(f"{k}=?" for k in fields)
                # column names checked against UPLOAD_COLUMNS above; values bound as parameters
                db.execute(f"UPDATE uploads SET {sets} WHERE id=?", (*fields.values(), item_id))  # noqa: S608
            else:
                fields.setdefault("created_at", fields["updated_at"])
                if "seq" not in fields:
                    row = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM uploads").fetchone()
                    fields["seq"] = row[0]
                cols = ", ".join(("id", *fields))
                marks = ", ".join("?" for _ in range(len(fields) + 1))
                # column names checked against UPLOAD_COLUMNS above; values bound as parameters
                db.execute(f"INSERT INTO uploads ({cols}) VALUES ({marks})", (item_id, *fields.values()))  # noqa: S608

    def delete_upload(self, item_id: str) -> None:
        """Forget a persisted upload."""
        with self._tx() as db:
            db.execute("DELETE FROM uploads WHERE id=?", (item_id,))

    def uploads(self, states: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
        """Persisted uploads in the order they were added, optionally only those in ``states``."""
        sql = "SELECT * FROM uploads"
        args: tuple[Any, ...] = ()
        if states:
            sql += f" WHERE state IN ({', '.join('?' for _ in states)})"
            args = tuple(states)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY seq", args).fetchall()
        return [dict(r) for r in rows]
