"""Client-side pacing from the ``x-ratelimit-*`` headers, so the client slows down before a 429."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from dashdesk.api import assumptions

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


@dataclass(frozen=True)
class RateLimitInfo:
    """What one response's headers say about the rate-limit window."""

    limit: int | None
    remaining: int | None
    reset: float | None  # UNIX seconds

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitInfo:
        """Read the documented headers; missing or unreadable values become ``None``."""
        return cls(
            limit=_int(headers.get(assumptions.HEADER_LIMIT)),
            remaining=_int(headers.get(assumptions.HEADER_REMAINING)),
            reset=_float(headers.get(assumptions.HEADER_RESET)),
        )

    def reset_at(self) -> datetime | None:
        """The reset time as an aware UTC datetime."""
        if self.reset is None:
            return None
        try:
            return datetime.fromtimestamp(self.reset, UTC)
        except (OverflowError, OSError, ValueError):
            return None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


class RateLimitPacer:
    """Spreads the remaining request budget over the time left in the window.

    While plenty of budget is left (more than ``low_water``), requests go straight out. Below it,
    each request waits ``time_to_reset / remaining`` (serialised), so the budget lasts until the
    reset instead of running into 429s; at zero it waits for the reset itself.
    """

    def __init__(
        self,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.time,
        low_water: int = 20,
        reset_margin: float = 0.5,
    ) -> None:
        self._sleep = sleep
        self._clock = clock
        self._low_water = low_water
        self._reset_margin = reset_margin  # clocks differ: wait a little past the reset
        self._remaining: int | None = None
        self._reset: float | None = None
        self._lock = asyncio.Lock()
        self.total_waited = 0.0

    @property
    def remaining(self) -> int | None:
        """The budget the client believes is left in the current window."""
        return self._remaining

    def observe(self, info: RateLimitInfo) -> None:
        """Update the budget from a response's headers."""
        if info.remaining is None:
            return
        same_window = info.reset is not None and self._reset is not None and abs(info.reset - self._reset) < 1
        if same_window and self._remaining is not None:
            # answers arrive out of order: never believe the budget grew within one window
            self._remaining = min(self._remaining, info.remaining)
        else:
            self._remaining = info.remaining
            self._reset = info.reset

    def delay_needed(self) -> float:
        """How long the next request should wait (0 when the budget is comfortable)."""
        if self._remaining is None or self._reset is None:
            return 0.0
        left = self._reset - self._clock()
        if left <= 0:
            return 0.0
        if self._remaining <= 0:
            return left + self._reset_margin
        if self._remaining > self._low_water:
            return 0.0
        return left / self._remaining

    async def acquire(self) -> None:
        """Wait, if needed, before sending one request, and count it against the budget."""
        if self.delay_needed() <= 0:
            self._spend()
            return
        async with self._lock:
            delay = self.delay_needed()
            if delay > 0:
                self.total_waited += delay
                await self._sleep(delay)
                if self._reset is not None and self._clock() >= self._reset:
                    # the window has rolled over; the next answer tells us the new budget
                    self._remaining = None
                    self._reset = None
            self._spend()

    def _spend(self) -> None:
        if self._remaining is not None and self._remaining > 0:
            self._remaining -= 1
