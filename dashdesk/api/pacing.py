"""Client-side pacing from the ``x-ratelimit-*`` headers, so the client slows down before a 429."""

from __future__ import annotations

import asyncio
import logging
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
    reset instead of running into 429s; at zero it waits for the reset itself. A wait of
    ``announce_after`` seconds or more is announced on ``state`` (the app shows it).
    """

    def __init__(
        self,
        *,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.time,
        low_water: int = 20,
        reset_margin: float = 0.5,
        state: PacingState | None = None,
        announce_after: float = 3.0,
    ) -> None:
        self._sleep = sleep
        self.state = state
        self.announce_after = announce_after
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
                if self.state is not None and self._reset is not None and delay >= self.announce_after:
                    # a wait a person would notice: requests are spread out until the window resets
                    self.state.pace_until(self._reset, "budget")
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


@dataclass(frozen=True)
class PacingEvent:
    """A change of the pacing state: ``paced_until`` is ``None`` once requests flow again."""

    paced_until: datetime | None
    #: ``"refused"`` after a 429; ``"budget"`` when the client holds requests back itself because
    #: the window's budget is spent; ``""`` when pacing ended.
    reason: str = ""


class PacingState:
    """Whether Dash is pacing this client's requests, and until when (Qt-free).

    The requester sets it from a 429's ``x-ratelimit-reset`` (or ``Retry-After``) and from the pacer
    waiting out a spent window; the next answer that shows budget left clears it. Listeners (the
    app's rate-limit banner) are called with a :class:`PacingEvent` on every change, on the thread
    that sent the request (the event loop's).
    """

    def __init__(self, clock: Clock = time.time) -> None:
        self._clock = clock
        self._until: float | None = None
        self._reason = ""
        self._listeners: list[Callable[[PacingEvent], None]] = []

    @property
    def paced_until(self) -> datetime | None:
        """When Dash accepts requests again (aware UTC), while pacing lasts."""
        if self._until is None:
            return None
        return datetime.fromtimestamp(self._until, UTC)

    @property
    def reason(self) -> str:
        """Why requests are paced (see :class:`PacingEvent`), or ``""``."""
        return self._reason if self._until is not None else ""

    def is_paced(self) -> bool:
        """Whether pacing is announced and its reset time is still ahead."""
        return self._until is not None and self._clock() < self._until

    def subscribe(self, listener: Callable[[PacingEvent], None]) -> Callable[[], None]:
        """Call ``listener`` on every change; returns a function that unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def pace_until(self, reset: float, reason: str = "refused") -> None:
        """Announce that requests wait until ``reset`` (UNIX seconds); a later reset extends it."""
        if reset <= self._clock():
            return
        if self._until is not None and reset <= self._until:
            return
        self._until, self._reason = reset, reason
        self._emit()

    def observe_success(self, info: RateLimitInfo) -> None:
        """A request went through: pacing ends once its window is over.

        After a 429 that is the first answer showing budget left; while the client spreads a low
        budget itself, the first answer of the next window.
        """
        if self._until is None:
            return
        over = self._clock() >= self._until or info.remaining is None
        if self._reason == "budget":
            over = over or (info.reset is not None and info.reset > self._until + 1)
        else:
            over = over or info.remaining > 0  # type: ignore[operator]  (None handled above)
        if over:
            self.clear()

    def clear(self) -> None:
        """Requests flow normally again."""
        if self._until is None:
            return
        self._until, self._reason = None, ""
        self._emit()

    def _emit(self) -> None:
        event = PacingEvent(self.paced_until, self._reason)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not break the request that told it
                logging.getLogger("dashdesk.api").exception("pacing listener failed")
