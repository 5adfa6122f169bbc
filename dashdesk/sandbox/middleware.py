"""The outermost ASGI layer: latency, rate limits, fault injection and Bearer authentication."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from dashdesk.sandbox.errors import error_body
from dashdesk.sandbox.state import SandboxState

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Paths that stand in for S3 and the CDN: no Bearer key, not counted against the API's rate limit.
PUBLIC_PREFIXES = ("/_uploads/", "/_media/", "/_live/", "/_boards/")
CONTROL_PREFIX = "/_sandbox/"


def bearer_key(scope: Scope) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header."""
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" and token.strip() else None
    return None


async def send_json(send: Send, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
                    ) -> None:
    """Answer with a JSON body."""
    raw = json.dumps(body).encode()
    items = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    items += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": items})
    await send({"type": "http.response.body", "body": raw})


async def drop_connection(send: Send) -> None:
    """Close the client's connection without a byte of answer.

    Uses uvicorn's transport (``send`` is bound to its request cycle); elsewhere (an in-process ASGI
    transport) the request fails with ``ConnectionAbortedError`` instead.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        raise ConnectionAbortedError("the sandbox dropped the connection")
    transport.close()
    for _ in range(3):  # let uvicorn notice the disconnect before the app returns
        await asyncio.sleep(0)


class SandboxMiddleware:
    """Wraps the routes with what every Dash host does (and what can go wrong)."""

    def __init__(self, app: ASGIApp, sandbox: SandboxState) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sandbox, faults = self.sandbox, self.sandbox.faults
        path: str = scope["path"]
        public = path.startswith(PUBLIC_PREFIXES)
        control = path.startswith(CONTROL_PREFIX)
        key = bearer_key(scope)
        if faults.latency_ms > 0 and not control:
            await asyncio.sleep(faults.latency_ms / 1000)
        counter = key if sandbox.brands_for(key) is not None else "anonymous"
        decision = sandbox.limiter.peek(counter) if public or control else sandbox.limiter.hit(counter)
        rate_headers = decision.headers()
        raw_send = send

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      *((k.encode(), v.encode()) for k, v in rate_headers.items())]
            await raw_send(message)

        if not decision.allowed:
            await send_json(raw_send, 429, error_body(429, "Rate limit exceeded: wait until x-ratelimit-reset."),
                            {**rate_headers, "x-ratelimit-remaining": "0"})
            return
        drop = malformed = False
        if not control:
            action = faults.pop_next()
            if isinstance(action, int) and action >= 400:
                headers = {**rate_headers, "x-ratelimit-remaining": "0"} if action == 429 else rate_headers
                await send_json(raw_send, action, error_body(action, f"Injected fault: HTTP {action}"), headers)
                return
            drop = action == "drop" or faults.roll(faults.drop_rate)
            malformed = action == "malformed" or faults.roll(faults.malformed_rate)
            segment = path.strip("/").split("/", 1)[0]
            if (segment in faults.fail_platforms and "/scheduled_posts" in path) or faults.roll(faults.error_rate):
                await send_json(raw_send, 503, error_body(503, "Service temporarily unavailable (injected fault)"),
                                rate_headers)
                return
        if not public:
            brands = sandbox.brands_for(key)
            if brands is None:
                message = "Missing API key" if key is None else "Invalid API key"
                await send_json(raw_send, 401, error_body(401, message),
                                {**rate_headers, "www-authenticate": 'Bearer realm="dash"'})
                return
            scope.setdefault("state", {})
            scope["state"]["brands"] = brands
            scope["state"]["api_key"] = key
        if drop:
            await self.app(scope, receive, _discard)
            await drop_connection(raw_send)
            return
        if malformed:
            await self._malformed(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    async def _malformed(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request, then answer a successful JSON response with a truncated body."""
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        assert start is not None
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        is_json = any(k.lower() == b"content-type" and b"json" in v for k, v in headers)
        if start["status"] < 300 and is_json and body:
            body = body[: max(1, len(body) // 2)] + b"\x00<!-- truncated"
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": start["status"], "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _discard(message: Message) -> None:
    """A ``send`` that throws the answer away (the connection is then dropped)."""
