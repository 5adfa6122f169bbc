"""SQLite store of the planner's helpers: snippets, labels (per brand) with their posts, calendar notes.

One file in the user data folder (``planning.sqlite3``), private to the user (0600). Synchronous and
thread-safe (one connection behind a lock); the UI reads it in an executor or, for the few rows a
view needs, from an in-memory copy kept by ``dashdesk.services.planning.Planner``.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dashdesk.private_files import private_file

SCHEMA = """
CREATE TABLE IF NOT EXISTS snippets (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    body TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'text',
    utm TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS labels (
    id INTEGER PRIMARY KEY,
    brand_id INTEGER NOT NULL,
    name TEXT NOT NULL COLLATE NOCASE,
    color TEXT NOT NULL,
    UNIQUE (brand_id, name)
);
CREATE TABLE IF NOT EXISTS post_labels (
    label_id INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    post_id INTEGER NOT NULL,
    PRIMARY KEY (platform, post_id, label_id)
);
CREATE TABLE IF NOT EXISTS notes (
    id INTEGER PRIMARY KEY,
    brand_id INTEGER,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    text TEXT NOT NULL,
    color TEXT NOT NULL DEFAULT '',
    no_posting INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS notes_by_day ON notes (first_day, last_day);
"""

SNIPPET_KINDS = ("text", "hashtags", "signature", "cta", "link")


@dataclass(frozen=True)
class Snippet:
    """A named piece of text; ``utm`` holds ``utm_*`` parameters for a link preset."""

    name: str
    body: str
    kind: str = "text"
    utm: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_utm_preset(self) -> bool:
        """Whether the snippet carries tracking parameters for links."""
        return bool(self.utm)


@dataclass(frozen=True)
class Label:
    """A named, coloured label of one brand."""

    id: int
    brand_id: int
    name: str
    color: str


@dataclass(frozen=True)
class Note:
    """A calendar note on ``first_day``..``last_day`` (inclusive); ``brand_id`` None means every brand."""

    id: int
    first_day: date
    last_day: date
    text: str
    color: str = ""
    no_posting: bool = False
    brand_id: int | None = None
    source: str = ""

    def covers(self, day: date) -> bool:
        """Whether the note is on ``day``."""
        return self.first_day <= day <= self.last_day


class PlanningStore:
    """Snippets, labels, label assignments and notes in one SQLite file."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            private_file(self.path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        with self._lock:
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def _run(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    def _many(self, steps: Iterable[tuple[str, tuple[Any, ...]]]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for sql, args in steps:
                    self._db.execute(sql, args)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- snippets ----------------------------------------------------------------------------

    def snippets(self) -> list[Snippet]:
        """Every snippet, by name."""
        rows = self._run("SELECT name, body, kind, utm FROM snippets ORDER BY name COLLATE NOCASE")
        return [Snippet(n, b, k, _utm(u)) for n, b, k, u in rows]

    def save_snippet(self, snippet: Snippet, *, old_name: str | None = None) -> None:
        """Add or replace a snippet (renaming ``old_name`` when given)."""
        steps = []
        if old_name and old_name.casefold() != snippet.name.casefold():
            steps.append(("DELETE FROM snippets WHERE name=?", (old_name,)))
        steps.append(("INSERT OR REPLACE INTO snippets (name, body, kind, utm) VALUES (?, ?, ?, ?)",
                      (snippet.name, snippet.body, snippet.kind, json.dumps(dict(snippet.utm)))))
        self._many(steps)

    def delete_snippet(self, name: str) -> None:
        """Remove the snippet called ``name``."""
        self._run("DELETE FROM snippets WHERE name=?", (name,))

    # --- labels ------------------------------------------------------------------------------

    def labels(self, brand_id: int) -> list[Label]:
        """The brand's labels, by name."""
        rows = self._run("SELECT id, brand_id, name, color FROM labels WHERE brand_id=? "
                         "ORDER BY name COLLATE NOCASE", (brand_id,))
        return [Label(*row) for row in rows]

    def save_label(self, brand_id: int, name: str, color: str, label_id: int | None = None) -> Label:
        """Create a label, or rename/recolour label ``label_id``."""
        with self._lock:
            if label_id is None:
                cur = self._db.execute(
                    "INSERT INTO labels (brand_id, name, color) VALUES (?, ?, ?) "
                    "ON CONFLICT (brand_id, name) DO UPDATE SET color=excluded.color RETURNING id",
                    (brand_id, name, color))
                label_id = int(cur.fetchone()[0])
            else:
                self._db.execute("UPDATE labels SET name=?, color=? WHERE id=?", (name, color, label_id))
        return Label(label_id, brand_id, name, color)

    def delete_label(self, label_id: int) -> None:
        """Remove a label and take it off every post."""
        self._run("DELETE FROM labels WHERE id=?", (label_id,))

    def assignments(self, brand_id: int) -> dict[tuple[str, int], list[int]]:
        """Label ids of every labelled post of the brand, keyed by (platform, post id)."""
        rows = self._run("SELECT pl.platform, pl.post_id, pl.label_id FROM post_labels pl "
                         "JOIN labels l ON l.id = pl.label_id WHERE l.brand_id=? "
                         "ORDER BY l.name COLLATE NOCASE", (brand_id,))
        out: dict[tuple[str, int], list[int]] = {}
        for platform, post_id, label_id in rows:
            out.setdefault((platform, int(post_id)), []).append(int(label_id))
        return out

    def set_post_labels(self, key: tuple[str, int], label_ids: Iterable[int]) -> None:
        """Give the post ``key`` exactly ``label_ids``."""
        platform, post_id = key
        steps = [("DELETE FROM post_labels WHERE platform=? AND post_id=?", (platform, post_id))]
        steps += [("INSERT OR IGNORE INTO post_labels (label_id, platform, post_id) VALUES (?, ?, ?)",
                   (int(i), platform, post_id)) for i in dict.fromkeys(label_ids)]
        self._many(steps)

    def drop_post(self, key: tuple[str, int]) -> list[int]:
        """Forget the labels of a deleted post; returns the label ids it carried."""
        rows = self._run("SELECT label_id FROM post_labels WHERE platform=? AND post_id=?", key)
        self._run("DELETE FROM post_labels WHERE platform=? AND post_id=?", key)
        return [int(r[0]) for r in rows]

    # --- notes -------------------------------------------------------------------------------

    def notes(self, first: date, last: date, brand_id: int | None = None) -> list[Note]:
        """Notes touching ``first``..``last`` (inclusive) for ``brand_id`` (and every brand)."""
        sql = ("SELECT id, first_day, last_day, text, color, no_posting, brand_id, source FROM notes "
               "WHERE first_day<=? AND last_day>=?")
        args: list[Any] = [last.isoformat(), first.isoformat()]
        if brand_id is not None:
            sql += " AND (brand_id IS NULL OR brand_id=?)"
            args.append(brand_id)
        return [_note(row) for row in self._run(sql + " ORDER BY first_day, id", args)]

    def all_notes(self) -> list[Note]:
        """Every note."""
        return [_note(row) for row in self._run(
            "SELECT id, first_day, last_day, text, color, no_posting, brand_id, source FROM notes "
            "ORDER BY first_day, id")]

    def add_note(self, first: date, last: date, text: str, *, color: str = "", no_posting: bool = False,
                 brand_id: int | None = None, source: str = "") -> Note:
        """Add a note; ``last`` before ``first`` is swapped."""
        first, last = min(first, last), max(first, last)
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO notes (brand_id, first_day, last_day, text, color, no_posting, source) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (brand_id, first.isoformat(), last.isoformat(), text, color, int(no_posting), source))
            note_id = int(cur.fetchone()[0])
        return Note(note_id, first, last, text, color, no_posting, brand_id, source)

    def update_note(self, note: Note) -> None:
        """Store ``note``'s fields under its id."""
        self._run("UPDATE notes SET brand_id=?, first_day=?, last_day=?, text=?, color=?, no_posting=?, "
                  "source=? WHERE id=?",
                  (note.brand_id, note.first_day.isoformat(), note.last_day.isoformat(), note.text,
                   note.color, int(note.no_posting), note.source, note.id))

    def delete_note(self, note_id: int) -> None:
        """Remove a note."""
        self._run("DELETE FROM notes WHERE id=?", (note_id,))

    def has_note(self, first: date, last: date, text: str, brand_id: int | None) -> bool:
        """Whether an identical note exists (imports skip it)."""
        rows = self._run("SELECT 1 FROM notes WHERE first_day=? AND last_day=? AND text=? AND brand_id IS ?",
                         (first.isoformat(), last.isoformat(), text, brand_id))
        return bool(rows)


def _utm(text: str) -> dict[str, str]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _note(row: tuple[Any, ...]) -> Note:
    note_id, first, last, text, color, no_posting, brand_id, source = row
    return Note(int(note_id), date.fromisoformat(first), date.fromisoformat(last), text, color or "",
                bool(no_posting), None if brand_id is None else int(brand_id), source or "")
