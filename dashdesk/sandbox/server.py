"""Run the sandbox in a background thread (tests, benchmarks, the app's embedded demo mode)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path
from typing import Any

import uvicorn

from dashdesk.sandbox.app import create_app
from dashdesk.sandbox.clock import Clock
from dashdesk.sandbox.config import DEFAULT_API_KEY, DEFAULT_BRAND_ID, SandboxConfig
from dashdesk.sandbox.faults import Faults
from dashdesk.sandbox.state import SandboxState


class SandboxServer:
    """A sandbox served by uvicorn on a loopback port, in its own thread.

    >>> server = SandboxServer(seed_demo=True)
    >>> url = server.start()      # e.g. "http://127.0.0.1:53817"
    >>> server.faults.latency_ms = 200
    >>> server.stop()

    ``db_path`` persists the state (the app's demo mode passes a file in its data folder); without it
    everything lives in memory and disappears on ``stop()``.
    """

    def __init__(
        self,
        config: SandboxConfig | None = None,
        *,
        api_key: str = DEFAULT_API_KEY,
        brand_id: int = DEFAULT_BRAND_ID,
        db_path: str | Path | None = None,
        seed_demo: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        extra_keys: dict[str, tuple[int, ...]] | None = None,
        rate_limit: int | None = None,
    ) -> None:
        if config is None:
            keys = {api_key: (brand_id,), **(extra_keys or {})}
            config = SandboxConfig(api_keys=keys, db_path=Path(db_path) if db_path else None,
                                   seed_demo=seed_demo, rate_limit=rate_limit)
        self.config = config
        self.host = host
        self.port = port
        self.state = SandboxState(config)
        self.app = create_app(state=self.state)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None

    # -- conveniences ------------------------------------------------------------------------------
    @property
    def api_key(self) -> str:
        """The key the first brand is reached with."""
        return self.config.first_key

    @property
    def brand_id(self) -> int:
        """The first brand of that key."""
        return self.config.first_brand

    @property
    def faults(self) -> Faults:
        """Fault injection settings (change them at any time)."""
        return self.state.faults

    @property
    def clock(self) -> Clock:
        """The sandbox's clock: ``advance(seconds)`` lets scheduled time pass."""
        return self.state.clock

    @property
    def rate_limit(self) -> int | None:
        """Enforced requests per minute per key (``None``: report 1,000, never refuse)."""
        return self.state.limiter.limit

    @rate_limit.setter
    def rate_limit(self, value: int | None) -> None:
        self.state.limiter.limit = value

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (only once started)."""
        if self._url is None:
            raise RuntimeError("the sandbox server is not running")
        return self._url

    def headers(self) -> dict[str, str]:
        """The Authorization header for :attr:`api_key`."""
        return {"Authorization": f"Bearer {self.api_key}"}

    def reset(self) -> SandboxServer:
        """Empty the store, clear faults, reset the clock and rate-limit windows."""
        self.state.reset()
        return self

    def seed_demo(self) -> int:
        """Add the demo month (see :mod:`dashdesk.sandbox.seed`)."""
        return self.state.seed_demo()

    # -- lifecycle -----------------------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> str:
        """Start serving and return the base URL."""
        if self._thread is not None:
            return self.url
        # IPPROTO_TCP spelled out: with protocol 0 asyncio does not recognise the socket as TCP and
        # leaves Nagle's algorithm on, which adds ~40 ms to every answer on a reused connection.
        sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET, socket.SOCK_STREAM,
                             socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off",
                                timeout_keep_alive=30, backlog=512)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, args=(sock,), name="dashdesk-sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.01)
        host = f"[{self.host}]" if ":" in self.host else self.host
        self._url = f"http://{host}:{port}"
        return self._url

    def _run(self, sock: socket.socket) -> None:
        assert self._server is not None
        asyncio.run(self._server.serve(sockets=[sock]))

    def stop(self) -> None:
        """Stop serving and close the store."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None
        self._url = None
        self.state.close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
