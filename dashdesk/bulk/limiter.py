"""Pacing a bulk run at the API's rate limit without tripping it.

A token bucket refilled at ``limit / window`` (a little under, for safety) spreads requests evenly,
and the ``x-ratelimit-*`` headers of every answer keep it honest: when the server says the window's
budget is (nearly) spent, sending stops until ``x-ratelimit-reset``. A 429 blocks everything until
the reset it names. Clock and sleep are injectable so tests never wait for real.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

#: The documented limit: 1,000 requests per minute per application.
DEFAULT_LIMIT = 1000
WINDOW_S = 60.0


class RateLimiter:
    """A token bucket driven by the rate-limit headers.

    ``safety`` is the share of the limit used (other parts of the app share the same budget);
    ``reserve`` requests of each window are never spent by the bulk run.
    """

    def __init__(self, limit: int = DEFAULT_LIMIT, *, window: float = WINDOW_S, safety: float = 0.97,
                 burst: int | None = None, reserve: int = 3, clock: Clock = time.time,
                 sleep: Sleep = asyncio.sleep) -> None:
        self._clock = clock
        self._sleep = sleep
        self._window = window
        self._safety = safety
        self._reserve = reserve
        self._burst_setting = burst
        self._lock = asyncio.Lock()
        self.limit = limit
        self._tokens = float(self.capacity)
        self._stamp = clock()
        self._remaining: int | None = None
        self._reset: float | None = None
        self._blocked_until = 0.0
        #: How many requests were granted, and how long callers waited in total.
        self.granted = 0
        self.waited = 0.0

    @property
    def rate(self) -> float:
        """Requests per second the bucket refills at."""
        return self.limit * self._safety / self._window

    @property
    def capacity(self) -> int:
        """Most requests sent back to back."""
        if self._burst_setting is not None:
            return max(1, self._burst_setting)
        return max(1, min(10, self.limit // 100))

    def observe(self, headers: Mapping[str, str]) -> None:
        """Take in one answer's ``x-ratelimit-limit``, ``-remaining`` and ``-reset``."""
        limit = _number(headers.get("x-ratelimit-limit"))
        remaining = _number(headers.get("x-ratelimit-remaining"))
        reset = _number(headers.get("x-ratelimit-reset"))
        if limit is not None and limit > 0 and int(limit) != self.limit:
            self.limit = int(limit)
            self._tokens = min(self._tokens, float(self.capacity))
        if remaining is None:
            return
        same_window = reset is not None and self._reset is not None and abs(reset - self._reset) < 1
        if same_window and self._remaining is not None:
            self._remaining = min(self._remaining, int(remaining))  # answers arrive out of order
        else:
            self._remaining = int(remaining)
            self._reset = reset

    def block_until(self, when: float) -> None:
        """After a 429: send nothing until ``when`` (UNIX seconds)."""
        self._blocked_until = max(self._blocked_until, when)
        self._tokens = 0.0

    def seconds_for(self, requests: int) -> float:
        """About how long ``requests`` more requests take at this pace (for time-left estimates)."""
        return max(0.0, (requests - self._tokens) / self.rate)

    async def acquire(self, cost: int = 1) -> None:
        """Wait until ``cost`` requests may be sent, then count them."""
        async with self._lock:
            while True:
                delay = self._delay(cost)
                if delay <= 0:
                    break
                self.waited += delay
                await self._sleep(delay)
            self._tokens -= cost
            if self._remaining is not None:
                self._remaining -= cost
            self.granted += cost

    def _delay(self, cost: int) -> float:
        now = self._clock()
        if now < self._blocked_until:
            return self._blocked_until - now
        if self._reset is not None and now >= self._reset:
            self._remaining, self._reset = None, None  # a new window: the next answer tells its budget
        if self._remaining is not None and self._reset is not None and self._remaining - cost < self._reserve:
            return self._reset - now + 0.05
        self._tokens = min(float(self.capacity), self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        need = min(float(cost), float(self.capacity))
        if self._tokens >= need:
            return 0.0
        return (need - self._tokens) / self.rate


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
