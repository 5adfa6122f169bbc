"""A controllable clock, so tests can let scheduled time pass without sleeping."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class Clock:
    """Wall-clock time plus an adjustable offset (or a frozen instant)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta()
        self._frozen: datetime | None = None

    def now(self) -> datetime:
        """The sandbox's idea of the current time (aware, UTC)."""
        with self._lock:
            if self._frozen is not None:
                return self._frozen
            return datetime.now(UTC) + self._offset

    def advance(self, seconds: float) -> datetime:
        """Move time forward by ``seconds`` and return the new now."""
        with self._lock:
            if self._frozen is not None:
                self._frozen += timedelta(seconds=seconds)
            else:
                self._offset += timedelta(seconds=seconds)
        return self.now()

    def freeze(self, at: datetime | None = None) -> None:
        """Stop the clock at ``at`` (default: the current sandbox time)."""
        at = at or self.now()
        with self._lock:
            self._frozen = at.astimezone(UTC)

    def reset(self) -> None:
        """Back to real time."""
        with self._lock:
            self._offset = timedelta()
            self._frozen = None
