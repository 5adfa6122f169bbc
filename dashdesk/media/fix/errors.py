"""Typed failures of a fix: cancelled by the person, or impossible for this file."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["FixCancelled", "FixFailed", "Progress", "ShouldStop"]

#: Called with the fraction done, 0.0 to 1.0 (from the worker thread doing the fix).
Progress = Callable[[float], None]
#: Polled between frames; a true answer stops the fix with :class:`FixCancelled`.
ShouldStop = Callable[[], bool]


class FixCancelled(Exception):
    """The person stopped the fix; nothing was written."""


class FixFailed(Exception):
    """The fix could not be made; ``message`` says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
