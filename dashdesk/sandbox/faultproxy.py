"""A fault-injecting HTTP proxy for tests and benchmarks: it sits on 127.0.0.1 between a client and an
API (the sandbox, or any HTTP/1.1 server) and makes the network misbehave, independently of the
sandbox's own fault flags.

What it does to requests, each decided with one seeded random generator (same seed, same faults for
the same sequence of requests):

- **lost answers**: the request is forwarded and fully handled upstream, then the client's connection
  is closed without an answer (the client cannot know whether it happened);
- **resets mid upload**: for a request with a large body, the connection is reset after part of the
  body was read; nothing reaches upstream;
- **bursts of 429 or 503**: a run of consecutive requests answered by the proxy itself with the
  API's error body (429s carry ``x-ratelimit-*`` headers naming a reset a moment away); nothing
  reaches upstream;
- **latency** before each request is forwarded.

It speaks just enough HTTP/1.1 to find where each request and answer ends (``Content-Length`` or
chunked), keeps client connections alive, and opens one upstream connection per request. The
``Host`` header is passed through, so URLs the sandbox builds from it (upload targets, media) point
back at the proxy and go through it too.

Lives in the sandbox package (dev tooling shipped with the app, Qt-free) so the tests and
``benchmarks/faults.py`` import the same code.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: Counters kept in :attr:`FaultProxy.counts`.
FORWARDED, LOST, RESET, BURST_429, BURST_503, DELAYED = (
    "forwarded", "lost answer", "reset mid body", "429 burst", "503 burst", "delayed")

_HEAD_LIMIT = 1 << 20


@dataclass
class FaultPlan:
    """How often each fault happens (shares between 0 and 1) and how it looks."""

    seed: int = 0
    #: Share of forwarded requests whose answer is dropped after upstream handled them.
    lost_answer_rate: float = 0.0
    #: Share of requests with a body of at least ``reset_min_body`` bytes reset part-way through it.
    reset_upload_rate: float = 0.0
    reset_min_body: int = 16 * 1024
    #: Chance that a request starts a burst; a burst answers ``burst_length`` requests in a row itself.
    burst_rate: float = 0.0
    burst_length: tuple[int, int] = (2, 5)
    #: Statuses a burst answers with (one is chosen per burst).
    burst_statuses: tuple[int, ...] = (429, 503)
    #: Seconds from a 429 to the reset it announces.
    rate_limit_reset: float = 1.0
    #: Added before forwarding, uniform in this range (milliseconds).
    latency_ms: tuple[float, float] = (0.0, 0.0)
    #: ``spare(method, path)`` true: the request is forwarded untouched (e.g. test control endpoints).
    spare: Callable[[str, str], bool] | None = None


@dataclass
class _Request:
    method: str
    path: str
    head: bytes
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class FaultProxy:
    """The proxy on its own event loop thread. Use :meth:`running` or :meth:`start`/:meth:`stop`."""

    def __init__(self, upstream: str, plan: FaultPlan | None = None) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"the fault proxy forwards to plain http://host:port, not {upstream!r}")
        self.upstream = (parts.hostname, parts.port or 80)
        self.plan = plan or FaultPlan()
        self.counts: Counter[str] = Counter()
        #: ``(method, path, what happened)`` per request, in order.
        self.events: list[tuple[str, str, str]] = []
        self.url = ""
        self._rng = random.Random(self.plan.seed)  # noqa: S311 (seeded, repeatable fault injection; not a secret)
        self._burst_left = 0
        self._burst_status = 503
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    # --- life cycle ------------------------------------------------------------------------------------

    def start(self) -> str:
        """Start listening on a free loopback port (in a thread of its own); return the proxy's URL."""
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            self._server = loop.run_until_complete(
                asyncio.start_server(self._client, "127.0.0.1", 0, limit=_HEAD_LIMIT))
            port = self._server.sockets[0].getsockname()[1]
            self.url = f"http://127.0.0.1:{port}"
            ready.set()
            loop.run_forever()
            self._server.close()
            with contextlib.suppress(Exception):
                loop.run_until_complete(self._server.wait_closed())
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

        self._thread = threading.Thread(target=serve, name="fault-proxy", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self.url

    def stop(self) -> None:
        """Stop the proxy and close its connections."""
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop = self._thread = None

    @classmethod
    @contextlib.contextmanager
    def running(cls, upstream: str, plan: FaultPlan | None = None) -> Iterator[FaultProxy]:
        """``with FaultProxy.running(sandbox.url, plan) as proxy:`` use ``proxy.url`` as the API URL."""
        proxy = cls(upstream, plan)
        proxy.start()
        try:
            yield proxy
        finally:
            proxy.stop()

    def set_plan(self, plan: FaultPlan) -> None:
        """Switch to other faults (e.g. none while a test sets up or checks); reseeds the generator."""
        with self._lock:
            self.plan = plan
            self._rng = random.Random(plan.seed)  # noqa: S311 (as above)
            self._burst_left = 0

    # --- one client connection ------------------------------------------------------------------------

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                keep = await self._one(reader, writer)
                if not keep:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request; ``False`` when the connection is to be closed."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False
        request = _parse_head(head)
        fault = self._decide(request.method, request.path, int(request.headers.get("content-length", "0") or 0))
        if fault == RESET:
            size = int(request.headers["content-length"])
            await reader.readexactly(max(1, size // 2))
            self._note(request, RESET)
            writer.transport.abort()  # a reset, not a clean close
            return False
        request.body = await _read_body(reader, request.headers)
        if fault in (BURST_429, BURST_503):
            self._note(request, fault)
            writer.write(self._error_answer(429 if fault == BURST_429 else 503))
            await writer.drain()
            return True
        low, high = self.plan.latency_ms
        if high > 0:
            self.counts[DELAYED] += 1
            await asyncio.sleep(self._uniform(low, high) / 1000)
        answer, keep = await self._forward(request)
        if fault == LOST:
            self._note(request, LOST)
            writer.transport.abort()
            return False
        self._note(request, FORWARDED)
        writer.write(answer)
        await writer.drain()
        return keep

    def _decide(self, method: str, path: str, body_size: int) -> str:
        plan = self.plan
        if plan.spare is not None and plan.spare(method, path):
            return FORWARDED
        with self._lock:
            if self._burst_left > 0:
                self._burst_left -= 1
                return BURST_429 if self._burst_status == 429 else BURST_503
            roll = self._rng.random
            if body_size >= plan.reset_min_body and roll() < plan.reset_upload_rate:
                return RESET
            if plan.burst_rate and roll() < plan.burst_rate and plan.burst_statuses:
                low, high = plan.burst_length
                self._burst_left = self._rng.randint(low, max(low, high)) - 1
                self._burst_status = self._rng.choice(plan.burst_statuses)
                return BURST_429 if self._burst_status == 429 else BURST_503
            if roll() < plan.lost_answer_rate:
                return LOST
        return FORWARDED

    def _uniform(self, low: float, high: float) -> float:
        with self._lock:
            return self._rng.uniform(low, high)

    def _note(self, request: _Request, what: str) -> None:
        with self._lock:
            self.counts[what] += 1
            self.events.append((request.method, request.path, what))

    def _error_answer(self, status: int) -> bytes:
        reason = {429: "Too Many Requests", 503: "Service Unavailable"}[status]
        message = ("Rate limit exceeded. Try again after the reset." if status == 429
                   else "The service is temporarily unavailable.")
        body = json.dumps({"code": status, "errors": {}, "message": message,
                           "status": reason.upper().replace(" ", "_")}).encode()
        headers = [f"HTTP/1.1 {status} {reason}", "content-type: application/json",
                   f"content-length: {len(body)}"]
        if status == 429:
            reset = time.time() + self.plan.rate_limit_reset
            headers += ["x-ratelimit-limit: 100", "x-ratelimit-remaining: 0", f"x-ratelimit-reset: {reset:.3f}",
                        f"retry-after: {max(1, round(self.plan.rate_limit_reset))}"]
        return ("\r\n".join(headers) + "\r\n\r\n").encode() + body

    async def _forward(self, request: _Request) -> tuple[bytes, bool]:
        """Send ``request`` upstream on a connection of its own; return the answer for the client and
        whether the client connection can stay open."""
        up_reader, up_writer = await asyncio.open_connection(*self.upstream, limit=_HEAD_LIMIT)
        try:
            up_writer.write(_with_header(request.head, "connection", "close") + request.body)
            await up_writer.drain()
            data = await up_reader.read()  # the upstream closes after its answer
        finally:
            up_writer.close()
            with contextlib.suppress(Exception):
                await up_writer.wait_closed()
        end = data.find(b"\r\n\r\n")
        if end < 0:
            raise ConnectionError("upstream closed without an answer")
        head, body = data[: end + 4], data[end + 4:]
        headers = _headers(head)
        framed = "content-length" in headers or "chunked" in headers.get("transfer-encoding", "").lower()
        no_body = request.method == "HEAD" or head[9:12] in (b"204", b"304")
        keep = framed or no_body
        head = _with_header(head, "connection", "keep-alive" if keep else "close")
        return head + body, keep


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    out: dict[str, str] = {}
    for line in lines:
        name, sep, value = line.partition(":")
        if sep:
            out[name.strip().lower()] = value.strip()
    return out


def _parse_head(head: bytes) -> _Request:
    first = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = first.split(" ")
    if len(parts) != 3:
        raise ValueError("not an HTTP request")
    return _Request(parts[0].upper(), parts[1], head, b"", _headers(head))


def _with_header(head: bytes, name: str, value: str) -> bytes:
    """``head`` with header ``name`` set to ``value`` (replacing it if present)."""
    lines = head.decode("latin-1").split("\r\n")
    kept = [line for line in lines[1:] if line and line.split(":", 1)[0].strip().lower() != name]
    return ("\r\n".join([lines[0], *kept, f"{name}: {value}"]) + "\r\n\r\n").encode("latin-1")


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        parts: list[bytes] = []
        while True:
            size_line = await reader.readuntil(b"\r\n")
            parts.append(size_line)
            size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers, up to the blank line
                    line = await reader.readuntil(b"\r\n")
                    parts.append(line)
                    if line == b"\r\n":
                        return b"".join(parts)
            parts.append(await reader.readexactly(size + 2))
    length = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(length) if length else b""
