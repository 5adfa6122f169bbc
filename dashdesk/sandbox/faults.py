"""Fault injection settings, shared by the CLI and tests (mutable at run time)."""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

#: Actions a queued "next response" may name besides an HTTP status.
DROP = "drop"
MALFORMED = "malformed"


@dataclass
class Faults:
    """What can go wrong, and how often.

    - ``latency_ms``: added before every answer.
    - ``error_rate``: share of requests answered with a 5xx (503) and the error body.
    - ``drop_rate``: share of requests whose connection is closed without an answer, *after* the request
      was handled (a dropped create has stored its post: the caller's outcome is unknown).
    - ``slow_upload_bps``: upload target reads the body at most this many bytes per second.
    - ``malformed_rate``: share of successful JSON answers replaced by a truncated, unparsable body.
    - ``next_statuses``: a queue consumed one per request before anything else: an int status
      (e.g. 429, 503) is answered with the error body; ``"drop"`` or ``"malformed"`` act as above.
    - ``fail_platforms``: scheduler requests for these platforms answer 503.
    - ``publish_fail_platforms``: simulated publishing on these platforms ends FAILED.
    """

    latency_ms: float = 0.0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    slow_upload_bps: int | None = None
    malformed_rate: float = 0.0
    next_statuses: deque[int | str] = field(default_factory=deque)
    fail_platforms: set[str] = field(default_factory=set)
    publish_fail_platforms: set[str] = field(default_factory=set)
    seed: int | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._rng = random.Random(self.seed)  # noqa: S311 (seeded, repeatable fault injection; not a secret)
        if not isinstance(self.next_statuses, deque):
            self.next_statuses = deque(self.next_statuses)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "next_statuses" and not isinstance(value, deque):
            value = deque(value)
        super().__setattr__(name, value)

    def pop_next(self) -> int | str | None:
        """Take the next programmed response, if any."""
        with self._lock:
            return self.next_statuses.popleft() if self.next_statuses else None

    def roll(self, rate: float) -> bool:
        """True with probability ``rate``."""
        if rate <= 0:
            return False
        with self._lock:
            return self._rng.random() < rate

    def clear(self) -> None:
        """Back to a fault-free server."""
        self.latency_ms = 0.0
        self.error_rate = 0.0
        self.drop_rate = 0.0
        self.slow_upload_bps = None
        self.malformed_rate = 0.0
        self.next_statuses = deque()
        self.fail_platforms = set()
        self.publish_fail_platforms = set()

    def to_json(self) -> dict[str, Any]:
        """The settings as JSON (for the ``/_sandbox/faults`` control endpoint)."""
        return {
            "latency_ms": self.latency_ms,
            "error_rate": self.error_rate,
            "drop_rate": self.drop_rate,
            "slow_upload_bps": self.slow_upload_bps,
            "malformed_rate": self.malformed_rate,
            "next_statuses": list(self.next_statuses),
            "fail_platforms": sorted(self.fail_platforms),
            "publish_fail_platforms": sorted(self.publish_fail_platforms),
        }

    def update(self, values: dict[str, Any]) -> None:
        """Apply a partial JSON update (unknown keys raise ``KeyError``)."""
        for key, value in values.items():
            if key not in self.to_json():
                raise KeyError(key)
            if key in ("fail_platforms", "publish_fail_platforms"):
                value = set(value)
            setattr(self, key, value)
