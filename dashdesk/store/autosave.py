"""Never lose what the composer holds: autosaved JSON files, written atomically off the UI thread.

Each open composer has a session id and one file ``autosave/composer-<session>.json`` in the data
folder. The file is replaced atomically (write a temporary file, flush, ``os.replace``) by one
background thread, so the UI never waits on the disk; the newest state of a session always wins.
A composer that closes normally (saved or discarded) deletes its file; a file still there at the next
start belongs to a composer that crashed or was killed, and :func:`pending_restores` offers it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from dashdesk.paths import data_dir
from dashdesk.private_files import private_dir

log = logging.getLogger(__name__)

PREFIX = "composer-"
SUFFIX = ".json"


def autosave_dir() -> Path:
    """The folder of autosaved composer sessions (created on demand)."""
    return private_dir(data_dir() / "autosave")


def session_path(session_id: str, directory: Path | None = None) -> Path:
    """The file of ``session_id``."""
    safe = "".join(c for c in session_id if c.isalnum() or c in "-_") or "session"
    return (directory or autosave_dir()) / f"{PREFIX}{safe}{SUFFIX}"


def write_atomic(path: Path, data: dict[str, Any] | bytes) -> None:
    """Write ``data`` (JSON, or bytes already encoded) to ``path``: a reader sees the old file or the
    new one, never half of it."""
    payload = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)  # created 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass(frozen=True)
class RestoreEntry:
    """An autosaved composer left behind by a crash or kill."""

    session_id: str
    saved_at: datetime
    summary: str
    state: dict[str, Any]
    path: Path


def envelope(session_id: str, state: dict[str, Any], summary: str) -> dict[str, Any]:
    """The JSON written for one session: the state plus when, by which process, and a summary."""
    return {
        "session_id": session_id,
        "saved_at": datetime.now(UTC).isoformat(),
        "pid": os.getpid(),
        "summary": summary,
        "state": state,
    }


def pending_restores(directory: Path | None = None) -> list[RestoreEntry]:
    """Composer sessions a previous run left behind (newest first); unreadable files are skipped.

    Sessions of this very process (composers open now) are not offered.
    """
    folder = directory or autosave_dir()
    entries: list[RestoreEntry] = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or not isinstance(data.get("state"), dict):
                raise ValueError("not a saved composer")
            if data.get("pid") == os.getpid():
                continue
            saved_at = datetime.fromisoformat(data["saved_at"])
            entries.append(RestoreEntry(str(data["session_id"]), saved_at, str(data.get("summary") or ""),
                                        dict(data["state"]), path))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("skipping unreadable autosave %s: %s", path.name, exc)
    entries.sort(key=lambda e: e.saved_at, reverse=True)
    return entries


def discard(session_id: str, directory: Path | None = None) -> None:
    """Forget an autosaved session (after it was restored, saved or thrown away)."""
    with contextlib.suppress(FileNotFoundError):
        session_path(session_id, directory).unlink()


class AutosaveWriter:
    """One background thread that writes (or deletes) session files; the newest request wins.

    ``submit`` and ``discard`` return at once; ``flush`` waits until everything asked so far is on disk.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._pending: dict[str, bytes | None] = {}
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self.writes = 0
        self.last_error: Exception | None = None
        self._thread = threading.Thread(target=self._run, name="dashdesk-autosave", daemon=True)
        self._thread.start()

    def submit(self, session_id: str, state: dict[str, Any], summary: str = "") -> None:
        """Write ``state`` for ``session_id`` soon (replacing any write still waiting).

        The JSON is encoded here, on the caller's thread (a few microseconds), so the writer thread
        only moves bytes and creates no Python objects that could set off garbage collection there.
        """
        payload = json.dumps(envelope(session_id, state, summary), ensure_ascii=False).encode("utf-8")
        with self._cond:
            self._pending[session_id] = payload
            self._cond.notify_all()

    def discard(self, session_id: str) -> None:
        """Delete ``session_id``'s file soon (after any write asked before)."""
        with self._cond:
            self._pending[session_id] = None
            self._cond.notify_all()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every request so far is done; ``False`` on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._busy, timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Finish pending work and stop the thread."""
        self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if self._closed and not self._pending:
                    return
                session_id, data = next(iter(self._pending.items()))
                del self._pending[session_id]
                self._busy = True
            try:
                if data is None:
                    discard(session_id, self.directory)
                else:
                    write_atomic(session_path(session_id, self.directory), data)
                    self.writes += 1
            except Exception as exc:  # the disk is full or gone: keep running, remember why
                log.warning("autosave of %s failed: %s", session_id, exc)
                self.last_error = exc
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


_shared: AutosaveWriter | None = None
_shared_lock = threading.Lock()


def shared_writer() -> AutosaveWriter:
    """The process's autosave writer (started on first use, for the data folder of that moment)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = AutosaveWriter()
        return _shared


def close_shared_writer(timeout: float = 5.0) -> None:
    """At exit: finish the shared writer's pending writes (the last autosave reaches the disk) and stop it.

    Does nothing when no composer ever started it; a later :func:`shared_writer` starts a new one.
    """
    global _shared
    with _shared_lock:
        writer, _shared = _shared, None
    if writer is not None:
        writer.close(timeout)
