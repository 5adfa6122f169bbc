"""When and how long to wait before trying a request again."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter.

    ``max_attempts`` counts the first try. ``max_rate_limit_wait`` caps how long the client will
    wait for a rate-limit window to reset before giving up with :class:`RateLimitedError`.
    ``max_rate_limit_retries`` is a separate budget for 429s on reads and updates: under a storm
    they wait for each reset and carry on (the app shows that Dash is pacing requests) instead of
    spending the attempts meant for failures.
    """

    max_attempts: int = 4
    max_rate_limit_retries: int = 8
    base_delay: float = 0.5
    max_delay: float = 20.0
    max_rate_limit_wait: float = 65.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def backoff(self, attempt: int) -> float:
        """Delay before retry number ``attempt`` (1 = first retry): uniform in [cap/2, cap]."""
        cap = min(self.max_delay, self.base_delay * (2 ** max(attempt - 1, 0)))
        return cap / 2 + self.rng.uniform(0, cap / 2)

    def delay_for(self, attempt: int, *, wait_hint: float | None) -> float:
        """Delay before retry ``attempt``, at least ``wait_hint`` (rate-limit reset) when given."""
        delay = self.backoff(attempt)
        if wait_hint is not None and wait_hint > 0:
            # a little jitter after the reset so concurrent callers do not stampede
            delay = max(delay, wait_hint + self.rng.uniform(0, min(1.0, self.base_delay)))
        return delay


NO_RETRY = RetryPolicy(max_attempts=1, max_rate_limit_retries=0)
