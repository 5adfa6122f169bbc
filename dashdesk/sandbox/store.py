"""SQLite persistence for posts, media and pending uploads (in memory unless a path is given).

One connection guarded by a lock: requests are handled on the server's event loop, tests may read
from their own thread. Documents are stored as JSON beside the columns the queries need.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from dashdesk.private_files import private_dir, private_file

FIRST_POST_ID = 806_000
FIRST_MEDIA_ID = 650_000_000
FIRST_LIBRARY_ID = 950_680_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    brand_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    ts REAL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    due REAL,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_range ON posts (platform, brand_id, ts);
CREATE INDEX IF NOT EXISTS posts_due ON posts (due);
CREATE TABLE IF NOT EXISTS media (
    media_id INTEGER PRIMARY KEY,
    id INTEGER UNIQUE NOT NULL,
    brand_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    type TEXT NOT NULL,
    created REAL NOT NULL,
    source_created REAL,
    path TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS media_brand ON media (brand_id, created);
CREATE TABLE IF NOT EXISTS uploads (
    token TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    path TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0
);
"""

SORT_COLUMNS = {"TIMESTAMP": "ts", "UPDATED_AT": "updated"}


class Store:
    """The sandbox's state: a SQLite database plus a folder of media files."""

    def __init__(self, db_path: Path | None = None, media_dir: Path | None = None) -> None:
        self.db_path = db_path
        self._owns_media_dir = False
        if media_dir is None:
            if db_path is not None:
                media_dir = db_path.with_name(db_path.stem + "-media")
            else:
                media_dir = Path(tempfile.mkdtemp(prefix="dashdesk-sandbox-"))
                self._owns_media_dir = True
        self.media_dir = media_dir
        private_dir(self.media_dir)  # in the app's data folder: the brand's demo media, 0700/0600
        if db_path is not None:
            private_file(db_path)  # 0600 before SQLite opens it: its -wal/-shm files take the same mode
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(db_path) if db_path else ":memory:", check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        if db_path is not None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Close the database; remove the media folder when it was a temporary one."""
        with self._lock:
            self._db.close()
        if self._owns_media_dir:
            shutil.rmtree(self.media_dir, ignore_errors=True)

    def clear(self) -> None:
        """Delete every post, media item and upload (files too)."""
        with self._lock:
            self._db.executescript("DELETE FROM posts; DELETE FROM media; DELETE FROM uploads;")
            self._db.commit()
        for child in self.media_dir.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)

    def _next_id(self, table: str, column: str, first: int) -> int:
        # table and column are constants of this module's callers, never request data
        row = self._db.execute(f"SELECT MAX({column}) FROM {table}").fetchone()  # noqa: S608
        return max(first, (row[0] or 0) + 1)

    # -- posts ---------------------------------------------------------------------------------
    def insert_post(self, build: Callable[[int], tuple[dict[str, Any], dict[str, Any]]]) -> int:
        """Store a new post: ``build(post_id)`` returns its ``(doc, cols)`` once the id is allocated."""
        with self._lock:
            post_id = self._next_id("posts", "id", FIRST_POST_ID)
            doc, cols = build(post_id)
            self._db.execute(
                "INSERT INTO posts (id, platform, brand_id, status, ts, created, updated, due, doc)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (post_id, cols["platform"], cols["brand_id"], cols["status"], cols["ts"],
                 cols["created"], cols["updated"], cols["due"], json.dumps(doc)),
            )
            self._db.commit()
        return post_id

    def update_post(self, post_id: int, doc: dict[str, Any], cols: dict[str, Any]) -> None:
        """Replace a post's document and columns."""
        with self._lock:
            self._db.execute(
                "UPDATE posts SET status=?, ts=?, updated=?, due=?, doc=? WHERE id=?",
                (cols["status"], cols["ts"], cols["updated"], cols["due"], json.dumps(doc), post_id),
            )
            self._db.commit()

    def get_post(self, post_id: int) -> tuple[str, dict[str, Any]] | None:
        """``(platform, doc)`` of a post, or ``None``."""
        with self._lock:
            row = self._db.execute("SELECT platform, doc FROM posts WHERE id=?", (post_id,)).fetchone()
        return (row["platform"], json.loads(row["doc"])) if row else None

    def delete_post(self, post_id: int) -> bool:
        """Delete a post; ``False`` when it did not exist."""
        with self._lock:
            cur = self._db.execute("DELETE FROM posts WHERE id=?", (post_id,))
            self._db.commit()
        return cur.rowcount > 0

    def list_posts(
        self,
        platform: str,
        brand_ids: Sequence[int],
        start: float | None,
        end: float | None,
        sort: str = "TIMESTAMP",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """Posts of ``platform`` for the brands, timestamps within [start, end]; and the total count.

        Posts without a timestamp only appear when neither ``start`` nor ``end`` is given; they sort last.
        """
        where = [f"platform=? AND brand_id IN ({','.join('?' * len(brand_ids))})"]
        args: list[Any] = [platform, *brand_ids]
        if start is not None:
            where.append("ts >= ?")
            args.append(start)
        if end is not None:
            where.append("ts <= ?")
            args.append(end)
        column = SORT_COLUMNS[sort]
        direction = "DESC" if descending else "ASC"
        clause = " AND ".join(where)
        order = f"{column} IS NULL, {column} {direction}, id {direction}"
        page = ""
        if limit is not None:
            page = " LIMIT ? OFFSET ?"
        with self._lock:
            # clause, order and page are built from fixed SQL fragments (the sort column from
            # SORT_COLUMNS); every request value is a bound parameter
            rows = self._db.execute(
                f"SELECT doc FROM posts WHERE {clause} ORDER BY {order}{page}",  # noqa: S608
                [*args, limit, offset] if limit is not None else args,
            ).fetchall()
            if limit is None:
                total = len(rows)
            else:
                total = self._db.execute(f"SELECT COUNT(*) FROM posts WHERE {clause}", args).fetchone()[0]  # noqa: S608 (as above)
        return [json.loads(r["doc"]) for r in rows], total

    def due_posts(self, now: float) -> list[tuple[str, dict[str, Any]]]:
        """Posts whose simulated publishing moment has come."""
        with self._lock:
            rows = self._db.execute(
                "SELECT platform, doc FROM posts WHERE due IS NOT NULL AND due <= ? ORDER BY due", (now,)
            ).fetchall()
        return [(r["platform"], json.loads(r["doc"])) for r in rows]

    def count_posts(self) -> int:
        """How many posts exist (all platforms and brands)."""
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM posts").fetchone()[0]

    # -- media ---------------------------------------------------------------------------------
    def allocate_media_ids(self) -> tuple[int, int]:
        """Reserve ``(media_id, id)`` for a new library item (call ``insert_media`` right after)."""
        with self._lock:
            return (
                self._next_id("media", "media_id", FIRST_MEDIA_ID),
                self._next_id("media", "id", FIRST_LIBRARY_ID),
            )

    def insert_media(self, doc: dict[str, Any], path: str | None, created: float,
                     source_created: float | None) -> None:
        """Store a media document (its ``media_id``/``id`` must come from ``allocate_media_ids``)."""
        with self._lock:
            self._db.execute(
                "INSERT INTO media (media_id, id, brand_id, kind, type, created, source_created, path, doc)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (doc["media_id"], doc["id"], doc["brand_id"], doc["media_type"], doc["type"], created,
                 source_created, path, json.dumps(doc)),
            )
            self._db.commit()

    def get_media(self, media_id: int) -> dict[str, Any] | None:
        """A media document by ``media_id``."""
        with self._lock:
            row = self._db.execute("SELECT doc FROM media WHERE media_id=?", (media_id,)).fetchone()
        return json.loads(row["doc"]) if row else None

    def media_path(self, media_id: int) -> Path | None:
        """Where the bytes of a media item live (``None`` for URL-only media)."""
        with self._lock:
            row = self._db.execute("SELECT path FROM media WHERE media_id=?", (media_id,)).fetchone()
        return Path(row["path"]) if row and row["path"] else None

    def media_many(self, media_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Media documents keyed by ``media_id`` (missing ids are simply absent)."""
        ids = list(dict.fromkeys(media_ids))
        if not ids:
            return {}
        with self._lock:
            rows = self._db.execute(
                f"SELECT doc FROM media WHERE media_id IN ({','.join('?' * len(ids))})", ids  # noqa: S608 (placeholders only)
            ).fetchall()
        docs = [json.loads(r["doc"]) for r in rows]
        return {d["media_id"]: d for d in docs}

    def list_media(
        self,
        brand_id: int,
        types: Sequence[str] | None,
        media_types: Sequence[str] | None,
        start: float | None,
        end: float | None,
        limit: int,
        offset: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """A brand's library, newest first, with the documented filters."""
        where = ["brand_id=?"]
        args: list[Any] = [brand_id]
        if types:
            where.append(f"type IN ({','.join('?' * len(types))})")
            args.extend(types)
        if media_types:
            where.append(f"kind IN ({','.join('?' * len(media_types))})")
            args.extend(media_types)
        if start is not None:
            where.append("source_created >= ?")
            args.append(start)
        if end is not None:
            where.append("source_created <= ?")
            args.append(end)
        clause = " AND ".join(where)
        with self._lock:
            # clause joins fixed SQL fragments; every request value is a bound parameter
            total = self._db.execute(f"SELECT COUNT(*) FROM media WHERE {clause}", args).fetchone()[0]  # noqa: S608
            rows = self._db.execute(
                f"SELECT doc FROM media WHERE {clause} ORDER BY created DESC, media_id DESC LIMIT ? OFFSET ?",  # noqa: S608
                [*args, limit, offset],
            ).fetchall()
        return [json.loads(r["doc"]) for r in rows], total

    # -- uploads -------------------------------------------------------------------------------
    def create_upload(self, token: str, filename: str, content_type: str, path: Path, created: float) -> None:
        """Record an upload slot handed out by ``/media_upload_url``."""
        with self._lock:
            self._db.execute(
                "INSERT INTO uploads (token, filename, content_type, path, created) VALUES (?,?,?,?,?)",
                (token, filename, content_type, str(path), created),
            )
            self._db.commit()

    def get_upload(self, token: str) -> dict[str, Any] | None:
        """An upload slot as a dict, or ``None``."""
        with self._lock:
            row = self._db.execute("SELECT * FROM uploads WHERE token=?", (token,)).fetchone()
        return dict(row) if row else None

    def complete_upload(self, token: str, size: int, content_type: str) -> None:
        """Mark an upload's bytes as present."""
        with self._lock:
            self._db.execute(
                "UPDATE uploads SET size=?, content_type=?, complete=1 WHERE token=?",
                (size, content_type, token),
            )
            self._db.commit()
