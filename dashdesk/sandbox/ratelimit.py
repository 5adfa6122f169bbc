"""Fixed-window rate limiting per API key, reported in the documented ``x-ratelimit-*`` headers."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass

from dashdesk.sandbox.config import DOCUMENTED_RATE_LIMIT

WINDOW_S = 60


@dataclass(frozen=True)
class RateDecision:
    """The outcome of counting one request."""

    allowed: bool
    limit: int
    remaining: int
    reset: int  # UNIX seconds when the window ends

    def headers(self) -> dict[str, str]:
        """The documented headers."""
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
        }


class RateLimiter:
    """Counts requests per key in one-minute windows aligned to the clock.

    ``limit`` ``None`` reports the documented 1,000 but never refuses.
    """

    def __init__(self, limit: int | None, now: Callable[[], float]) -> None:
        self.limit = limit
        self._now = now
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}

    def hit(self, key: str) -> RateDecision:
        """Count one request for ``key``."""
        now = self._now()
        start = int(math.floor(now / WINDOW_S) * WINDOW_S)
        reset = start + WINDOW_S
        limit = self.limit if self.limit is not None else DOCUMENTED_RATE_LIMIT
        with self._lock:
            window_start, used = self._windows.get(key, (start, 0))
            if window_start != start:
                used = 0
            used += 1
            self._windows[key] = (start, used)
        allowed = self.limit is None or used <= self.limit
        return RateDecision(allowed, limit, max(0, limit - used), reset)

    def peek(self, key: str) -> RateDecision:
        """The current state for ``key`` without counting (used for programmed 429s)."""
        now = self._now()
        start = int(math.floor(now / WINDOW_S) * WINDOW_S)
        limit = self.limit if self.limit is not None else DOCUMENTED_RATE_LIMIT
        with self._lock:
            window_start, used = self._windows.get(key, (start, 0))
        if window_start != start:
            used = 0
        return RateDecision(True, limit, max(0, limit - used), start + WINDOW_S)

    def reset(self) -> None:
        """Forget all counts."""
        with self._lock:
            self._windows.clear()
