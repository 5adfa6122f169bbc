"""The outbox: posts saved while Dash could not take them, kept in SQLite until they are sent (no Qt).

One row per post (platform + body) of one brand on one Dash (its origin, so a sandbox's outbox is
never sent to the real Dash). The file lives in the user data folder and is private to the user
(0600): it holds what people wrote before it was published.

A row is *claimed* (state ``sending``, with the send time) in the database before its request goes
out, so a crash or kill mid-send leaves a row the next start treats as "sent, answer unknown": it is
looked up on Dash before anything is sent again. Synchronous and thread-safe (one connection behind
a lock): the service runs it in a worker thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dashdesk.i18n import tr
from dashdesk.private_files import private_file

log = logging.getLogger(__name__)

FILE_NAME = "outbox.sqlite3"

#: Never reached Dash: safe to send.
WAITING = "waiting"
#: Claimed by a sender whose request may be under way (or whose app stopped mid-send).
SENDING = "sending"
#: Sent, but the answer was lost: look it up on Dash before sending again.
UNKNOWN = "unknown"
#: Sent, answer lost, and Dash cannot be searched for it (no time): the person must check.
CHECK = "check"
#: Dash refused it (a field to fix): kept so nothing typed is lost, until the person edits or drops it.
REFUSED = "refused"

STATES = (WAITING, SENDING, UNKNOWN, CHECK, REFUSED)
#: States the sender picks up by itself.
SENDABLE = (WAITING, UNKNOWN)

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    origin TEXT NOT NULL,
    brand_id INTEGER NOT NULL,
    platform TEXT NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    owner TEXT,
    claimed_at TEXT
);
CREATE INDEX IF NOT EXISTS outbox_by_brand ON outbox (origin, brand_id);
"""


class OutboxUnreadable(Exception):
    """The outbox file could not be read; ``str(exc)`` says so in plain words."""


@dataclass(frozen=True)
class OutboxEntry:
    """One post waiting to be sent."""

    id: int
    origin: str
    brand_id: int
    platform: str
    body: dict[str, Any] = field(repr=False)
    state: str
    created_at: datetime
    sent_at: datetime | None = None
    attempts: int = 0
    message: str = ""
    owner: str | None = None
    claimed_at: datetime | None = None

    @property
    def timestamp(self) -> str | None:
        """The post's time as Dash takes it (``None`` for drafts without a time and publish-now)."""
        value = self.body.get("timestamp")
        return str(value) if value else None


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class OutboxStore:
    """The outbox file: add, list, claim, finish and remove entries."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        #: Set when an unreadable file was put aside at start (words for the person), else ``None``.
        self.problem: str | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{self.path.name}.unreadable-{datetime.now(UTC):%Y%m%d%H%M%S}")
            log.warning("outbox %s is unreadable (%s); moved aside to %s", self.path, exc, aside)
            with contextlib.suppress(OSError):
                os.replace(self.path, aside)
            self.problem = (tr("DashDesk could not read the posts that were waiting to send, so it set them aside and "
                               "started an empty list. Check the calendar in Dash for posts you saved offline."))
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        private_file(self.path)
        db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None, timeout=10)
        try:
            db.execute("PRAGMA synchronous=FULL")  # a post kept offline must survive a power cut
            db.executescript(SCHEMA)
            db.execute("SELECT COUNT(*) FROM outbox").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()

    # --- reading ---------------------------------------------------------------------------

    def entries(self, origin: str, brand_id: int) -> list[OutboxEntry]:
        """The brand's entries for ``origin``, oldest first (unreadable rows are skipped, and logged)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM outbox WHERE origin=? AND brand_id=? ORDER BY id", (origin, int(brand_id))
            ).fetchall()
        found = []
        for row in rows:
            entry = _entry(row)
            if entry is not None:
                found.append(entry)
        return found

    def get(self, entry_id: int) -> OutboxEntry | None:
        """One entry by id."""
        with self._lock:
            row = self._db.execute("SELECT * FROM outbox WHERE id=?", (int(entry_id),)).fetchone()
        return _entry(row) if row else None

    # --- writing ---------------------------------------------------------------------------

    def add(self, origin: str, brand_id: int, platform: str, body: dict[str, Any], *, state: str = WAITING,
            sent_at: datetime | None = None, message: str = "", now: datetime | None = None) -> OutboxEntry:
        """Keep one post; returns its entry."""
        if state not in STATES:
            raise ValueError(f"unknown outbox state {state!r}")
        now = now or datetime.now(UTC)
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO outbox (origin, brand_id, platform, body, state, created_at, sent_at, message) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (origin, int(brand_id), platform, json.dumps(body), state, _iso(now), _iso(sent_at), message),
            )
            entry_id = int(cursor.lastrowid or 0)
        entry = self.get(entry_id)
        assert entry is not None
        return entry

    def claim(self, entry_id: int, owner: str, now: datetime, lease: timedelta) -> tuple[OutboxEntry, str] | None:
        """Mark an entry as being sent by ``owner``, before its request goes out.

        Returns ``(entry, state it had)`` or ``None`` when it is not to be sent now: gone, refused,
        to check, or being sent by another sender whose claim is younger than ``lease``. A claim
        older than that belongs to a sender that stopped mid-send: the answer is unknown and the
        caller looks the post up first. The send time is the first claim's (a lookup covers them all).
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute("SELECT * FROM outbox WHERE id=?", (int(entry_id),)).fetchone()
                entry = _entry(row) if row else None
                if entry is None or not _claimable(entry, owner, now, lease):
                    self._db.execute("COMMIT")
                    return None
                self._db.execute(
                    "UPDATE outbox SET state=?, owner=?, claimed_at=?, sent_at=COALESCE(sent_at, ?), "
                    "attempts=attempts+1 WHERE id=?",
                    (SENDING, owner, _iso(now), _iso(now), int(entry_id)),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        claimed = self.get(entry_id)
        assert claimed is not None
        return claimed, entry.state

    def finish(self, entry_id: int, state: str, message: str = "", *, sent_at: datetime | None = None,
               clear_sent: bool = False) -> None:
        """Record how one attempt ended (the entry stays in the outbox)."""
        if state not in STATES or state == SENDING:
            raise ValueError(f"an attempt cannot end in state {state!r}")
        sent = "NULL" if clear_sent else "COALESCE(?, sent_at)"
        args: tuple[Any, ...] = (state, message) + (() if clear_sent else (_iso(sent_at),)) + (int(entry_id),)
        with self._lock:
            self._db.execute(  # sent is one of two fixed SQL fragments; values are bound parameters
                f"UPDATE outbox SET state=?, message=?, owner=NULL, claimed_at=NULL, sent_at={sent} WHERE id=?",  # noqa: S608
                args,
            )

    def replace_body(self, entry_id: int, body: dict[str, Any]) -> None:
        """Store an edited body (the person fixed a refused post): it waits to be sent again."""
        with self._lock:
            self._db.execute(
                "UPDATE outbox SET body=?, state=?, message='', sent_at=NULL WHERE id=? AND state IN (?,?)",
                (json.dumps(body), WAITING, int(entry_id), WAITING, REFUSED),
            )

    def remove(self, entry_id: int) -> None:
        """Forget an entry (sent, found on Dash, or dropped by the person)."""
        with self._lock:
            self._db.execute("DELETE FROM outbox WHERE id=?", (int(entry_id),))

    def count(self) -> int:
        """How many entries the file holds (every brand and origin)."""
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])


def _claimable(entry: OutboxEntry, owner: str, now: datetime, lease: timedelta) -> bool:
    if entry.state in SENDABLE:
        return True
    if entry.state != SENDING:
        return False
    if entry.owner == owner:
        return False  # this sender is sending it right now
    return entry.claimed_at is None or now - entry.claimed_at >= lease


_COLUMNS = ("id", "origin", "brand_id", "platform", "body", "state", "created_at", "sent_at", "attempts",
            "message", "owner", "claimed_at")


def _entry(row: Any) -> OutboxEntry | None:
    """An entry from a row, or ``None`` (logged) when the row is damaged."""
    try:
        values = dict(zip(_COLUMNS, row, strict=True))
        body = json.loads(values["body"])
        created = _when(values["created_at"])
        if not isinstance(body, dict) or values["state"] not in STATES or created is None:
            raise ValueError("unexpected values")
        return OutboxEntry(
            id=int(values["id"]), origin=str(values["origin"]), brand_id=int(values["brand_id"]),
            platform=str(values["platform"]), body=body, state=str(values["state"]), created_at=created,
            sent_at=_when(values["sent_at"]), attempts=int(values["attempts"] or 0),
            message=str(values["message"] or ""), owner=values["owner"], claimed_at=_when(values["claimed_at"]),
        )
    except (ValueError, TypeError) as exc:
        log.warning("skipping a damaged outbox row: %s", exc)
        return None
