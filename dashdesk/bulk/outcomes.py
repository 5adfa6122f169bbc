"""What a bulk run reports: each row's outcome, the progress, and the run's counters."""

from __future__ import annotations

from dataclasses import dataclass, field

from .check import RowProblem

#: Row outcomes.
CREATED_NOW = "created"
ALREADY = "already created"
FAILED = "failed"
NOT_SENT = "not sent"
OUTCOME_UNKNOWN = "unknown"
#: The journal says the row was created, but Dash could not be asked whether the post is still there.
NOT_CHECKED = "not checked"


@dataclass
class RowResult:
    """How one row ended: a post id, or an error (and, for rows never sent, their problems)."""

    row: int
    platform: str | None
    outcome: str
    post_id: int | None = None
    message: str = ""
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the row's post exists now."""
        return self.outcome in (CREATED_NOW, ALREADY)


@dataclass(frozen=True)
class Progress:
    """Where a run stands: rows finished of all rows to send, and an estimate of the time left."""

    done: int
    total: int
    created: int
    failed: int
    seconds_left: float | None
    #: Requests that met a 429 and were sent again (each is a row the limiter failed to protect).
    rate_limited: int = 0


@dataclass
class RunStats:
    """Counters of a finished run."""

    started: float = 0.0
    finished: float = 0.0
    uploads: int = 0
    reused_media: int = 0
    creates: int = 0
    rate_limited: int = 0
    lookups: int = 0

    @property
    def seconds(self) -> float:
        """Wall time of the run."""
        return max(0.0, self.finished - self.started)
