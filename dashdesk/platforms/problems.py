"""A problem found in a post: which field, what is wrong in plain words, and how serious it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
#: "api": the Dash API refuses the request; "publish": the platform would refuse it when publishing;
#: "app": DashDesk's own check (for example a time in the past).
Stage = Literal["api", "publish", "app"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a post, tied to a body path such as ``"media_ids"`` or ``"meta.title"``."""

    path: str
    message: str
    code: str
    severity: Severity = "error"
    stage: Stage = "api"

    @property
    def blocking(self) -> bool:
        """Whether the post cannot be sent while this problem remains."""
        return self.severity == "error"


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that block sending."""
    return [p for p in problems if p.blocking]
