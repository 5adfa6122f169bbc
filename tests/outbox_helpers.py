"""Helpers for the outbox and conflict tests: a client on the sandbox that can go offline, and a counter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from dashdesk.api import DashClient, Hosts, RetryPolicy

#: The sandbox's frozen time in these tests; posts are scheduled after it.
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WHEN = NOW + timedelta(days=9, hours=3)


class Unplug(httpx.AsyncBaseTransport):
    """A real loopback transport with a cable to pull: ``offline = True`` refuses every connection."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.offline = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def sandbox_client(sandbox: Any, transport: Unplug | None = None) -> DashClient:
    """A DashClient on the sandbox whose retries never wait."""

    async def no_sleep(_seconds: float) -> None:
        return None

    return DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), sleep=no_sleep, transport=transport,
                      retry=RetryPolicy(max_attempts=4))


class Counting:
    """Wraps a client and records every create, update, read and lookup it is asked for."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.creates: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[tuple[str, int, dict[str, Any]]] = []
        self.reads: list[tuple[str, int]] = []
        self.lookups: list[str] = []

    async def create_post(self, platform: str, body: Any) -> Any:
        self.creates.append((platform, dict(body)))
        return await self.inner.create_post(platform, body)

    async def update_post(self, platform: str, post_id: int, changes: Any) -> Any:
        self.updates.append((platform, post_id, dict(changes)))
        return await self.inner.update_post(platform, post_id, changes)

    async def get_post(self, platform: str, post_id: int) -> Any:
        self.reads.append((platform, post_id))
        return await self.inner.get_post(platform, post_id)

    async def list_posts(self, platform: str, *args: Any, **kw: Any) -> Any:
        self.lookups.append(platform)
        return await self.inner.list_posts(platform, *args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


async def on_server(client: DashClient, sandbox: Any, platform: str) -> list[Any]:
    """Every post of ``platform`` on the sandbox around :data:`WHEN`."""
    return await client.list_posts(platform, sandbox.brand_id, WHEN - timedelta(days=5), WHEN + timedelta(days=5))
