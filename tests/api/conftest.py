"""Fixtures for the API client: a mock-transport client factory and a client on the sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import pytest_asyncio

from dashdesk.api import DashClient, Hosts, RetryPolicy

API_KEY = "sk_test_SECRET_abcdef123456"
TEST_HOSTS = Hosts.single("https://dash.test")


class FakeTime:
    """An injectable clock and sleep: sleeping advances the clock instantly and is recorded."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


@pytest.fixture
def fake_time() -> FakeTime:
    """A fresh fake clock."""
    return FakeTime()


MakeClient = Callable[..., DashClient]


@pytest_asyncio.fixture
async def make_client(fake_time: FakeTime) -> AsyncIterator[MakeClient]:
    """``make_client(handler, **kw)``: a DashClient over ``httpx.MockTransport(handler)``."""
    clients: list[DashClient] = []

    def factory(handler: Callable[[httpx.Request], Any], **kw: Any) -> DashClient:
        kw.setdefault("hosts", TEST_HOSTS)
        kw.setdefault("sleep", fake_time.sleep)
        kw.setdefault("clock", fake_time.clock)
        client = DashClient(API_KEY, transport=httpx.MockTransport(handler), **kw)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.aclose()


@pytest_asyncio.fixture
async def sandbox_client(sandbox: Any, fake_time: FakeTime) -> AsyncIterator[DashClient]:
    """A DashClient pointed at the running loopback sandbox (reset by the ``sandbox`` fixture).

    Sleeps go through ``fake_time`` so retries and pacing never wait in tests.
    """
    client = DashClient(
        sandbox.api_key,
        hosts=Hosts.single(sandbox.url),
        sleep=fake_time.sleep,
        retry=RetryPolicy(max_attempts=4),
    )
    try:
        yield client
    finally:
        await client.aclose()
