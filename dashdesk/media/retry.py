"""How hard one upload tries: which failures are worth another try, and how long to wait between tries."""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass
from datetime import UTC, datetime

from dashdesk.api.errors import (
    ConnectionFailed,
    OutcomeUnknown,
    RateLimitedError,
    RequestTimeout,
    ServerError,
)

__all__ = ["HASH_FIRST_LIMIT", "UploadPolicy", "error_message", "is_transient"]

#: Files up to this size are hashed before uploading (so a duplicate is never sent at all); larger
#: ones are hashed right after their upload (and known by fingerprint from then on).
HASH_FIRST_LIMIT = 64 * 1024 * 1024


@dataclass(frozen=True)
class UploadPolicy:
    """How hard one upload tries."""

    max_attempts: int = 5
    backoff: float = 1.0
    backoff_cap: float = 60.0
    hash_first_limit: int = HASH_FIRST_LIMIT

    def delay(self, attempt: int, exc: BaseException) -> float:
        """Seconds to wait before attempt ``attempt + 1`` after ``exc`` (capped, jittered, honours reset)."""
        delay = min(self.backoff_cap, self.backoff * (2 ** (attempt - 1)))
        delay *= random.uniform(0.8, 1.2)  # noqa: S311 (retry jitter, not a secret: spreads parallel retries)
        reset_at = getattr(exc, "reset_at", None)
        if reset_at is not None:
            with contextlib.suppress(Exception):
                wait = (reset_at - datetime.now(UTC)).total_seconds()
                delay = max(delay, min(self.backoff_cap, wait))
        return max(0.0, delay)


#: Failures worth another try. ``OutcomeUnknown`` is included: for an upload the worst case of
#: retrying is an extra, unattached Library item, never a duplicate post.
_TRANSIENT: tuple[type[BaseException], ...] = (
    ConnectionFailed,
    RequestTimeout,
    ServerError,
    RateLimitedError,
    OutcomeUnknown,
    ConnectionError,
    TimeoutError,
)


def is_transient(exc: BaseException) -> bool:
    """Whether trying again may help."""
    return isinstance(exc, _TRANSIENT)


def error_message(exc: BaseException) -> str:
    """The person-facing text of a failure."""
    user = getattr(exc, "user_message", None)
    if callable(user):
        with contextlib.suppress(Exception):
            return str(user())
    return str(exc) or type(exc).__name__
