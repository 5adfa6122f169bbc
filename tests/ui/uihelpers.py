"""Helpers for the window tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


async def until(condition: Callable[[], Any], limit: float = 15.0, what: str = "condition") -> Any:
    """Await until ``condition()`` is truthy (the coroutine form of qtbot.waitUntil)."""
    deadline = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
