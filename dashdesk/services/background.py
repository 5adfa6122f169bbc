"""BackgroundReads: API reads on a worker thread with its own event loop and client (Qt-free).

Each HTTP request costs the thread that runs it 1 to 2 ms of CPU (building, sending, reading and
parsing). The outcome tracker polls while the person works, so its reads run here and the UI
thread only decides what to read and applies the answers (see ``benchmarks/tracking.py``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class BackgroundReads:
    """A worker thread running an asyncio loop, with a client built there by ``make_client`` on first use.

    ``await reads.run(lambda client: client.get_post(...))`` runs the coroutine on the worker and
    hands its result (or error) back to the awaiting loop. :meth:`close` closes the client and ends
    the thread.
    """

    def __init__(self, make_client: Callable[[], Any], *, name: str = "dashdesk-reads") -> None:
        import asyncio

        self._make_client = make_client
        self._client: Any = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()

    async def _call(self, fn: Callable[[Any], Awaitable[T]]) -> T:
        if self._client is None:
            self._client = self._make_client()
        return await fn(self._client)

    async def run(self, fn: Callable[[Any], Awaitable[T]]) -> T:
        """Run ``fn(client)`` on the worker; cancelling the awaiting task cancels it there too."""
        import asyncio

        if self._loop.is_closed():
            raise RuntimeError("the background reads were closed")
        future = asyncio.run_coroutine_threadsafe(self._call(fn), self._loop)
        return await asyncio.wrap_future(future)

    def close(self, timeout: float = 5.0) -> None:
        """Close the client and stop the worker (blocking, at most ``timeout`` seconds)."""
        import asyncio

        if self._loop.is_closed():
            return

        async def shut() -> None:
            if self._client is not None and hasattr(self._client, "aclose"):
                await self._client.aclose()
            self._client = None

        try:
            asyncio.run_coroutine_threadsafe(shut(), self._loop).result(timeout)
        except Exception as exc:  # closing must not fail the app's exit
            log.info("closing the background client: %s", exc)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self._loop.close()
