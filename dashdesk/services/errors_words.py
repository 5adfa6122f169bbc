"""Errors in plain words, and whether one means "offline" (Qt-free, no API import at load)."""

from __future__ import annotations

import contextlib


def is_connection_error(exc: BaseException) -> bool:
    """Whether ``exc`` means the API could not be reached (vs. it answered with an error)."""
    try:
        from dashdesk.api.errors import ConnectionFailed, RequestTimeout

        if isinstance(exc, ConnectionFailed | RequestTimeout):
            return True
    except ImportError:  # pragma: no cover - before the api layer lands
        pass
    return isinstance(exc, ConnectionError | TimeoutError | OSError)


def user_message(exc: BaseException) -> str:
    """Plain words for an error (the API error's own ``user_message()`` when it has one)."""
    fn = getattr(exc, "user_message", None)
    if callable(fn):
        with contextlib.suppress(Exception):  # pragma: no cover - defensive: fall back to str(exc)
            return str(fn())
    return str(exc) or exc.__class__.__name__
