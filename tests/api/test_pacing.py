"""Pacing: the client spreads its remaining rate-limit budget instead of running into 429s."""

from __future__ import annotations

import httpx
import pytest

from dashdesk.api.pacing import RateLimitInfo, RateLimitPacer

from .conftest import FakeTime, MakeClient


def info(remaining: int, reset: float, limit: int = 1000) -> RateLimitInfo:
    return RateLimitInfo(limit=limit, remaining=remaining, reset=reset)


@pytest.mark.asyncio
async def test_plenty_of_budget_means_no_waiting(fake_time: FakeTime) -> None:
    pacer = RateLimitPacer(sleep=fake_time.sleep, clock=fake_time.clock)
    pacer.observe(info(900, fake_time.now + 30))
    for _ in range(10):
        await pacer.acquire()
    assert fake_time.sleeps == [] and pacer.remaining == 890


@pytest.mark.asyncio
async def test_low_budget_is_spread_until_the_reset(fake_time: FakeTime) -> None:
    pacer = RateLimitPacer(sleep=fake_time.sleep, clock=fake_time.clock, low_water=20)
    pacer.observe(info(10, fake_time.now + 20))
    await pacer.acquire()
    assert fake_time.sleeps == [pytest.approx(2.0)]  # 20 s left / 10 requests
    await pacer.acquire()
    assert fake_time.sleeps[1] == pytest.approx(18.0 / 9)


@pytest.mark.asyncio
async def test_exhausted_budget_waits_for_the_reset(fake_time: FakeTime) -> None:
    pacer = RateLimitPacer(sleep=fake_time.sleep, clock=fake_time.clock)
    pacer.observe(info(0, fake_time.now + 7))
    await pacer.acquire()
    assert fake_time.sleeps == [pytest.approx(7.5)]  # the reset plus a margin for clock skew
    assert pacer.remaining is None  # a new window: the next answer says how much is left
    await pacer.acquire()
    assert len(fake_time.sleeps) == 1


def test_out_of_order_answers_never_raise_the_budget_within_a_window(fake_time: FakeTime) -> None:
    pacer = RateLimitPacer(sleep=fake_time.sleep, clock=fake_time.clock)
    pacer.observe(info(5, fake_time.now + 10))
    pacer.observe(info(8, fake_time.now + 10))
    assert pacer.remaining == 5
    pacer.observe(info(1000, fake_time.now + 70))  # next window
    assert pacer.remaining == 1000


def test_headers_are_read_tolerantly() -> None:
    parsed = RateLimitInfo.from_headers(httpx.Headers({"x-ratelimit-remaining": "12", "x-ratelimit-reset": "abc"}))
    assert (parsed.remaining, parsed.reset, parsed.limit) == (12, None, None)


@pytest.mark.asyncio
async def test_client_slows_down_before_hitting_zero(make_client: MakeClient, fake_time: FakeTime) -> None:
    remaining = iter(range(3, -1, -1))

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"x-ratelimit-remaining": str(next(remaining)), "x-ratelimit-reset": str(int(fake_time.now) + 6)}
        return httpx.Response(200, json={"id": 1}, headers=headers)

    client = make_client(handler)
    await client.get_post("instagram", 1)  # learns: 3 left, 6 s to go
    assert fake_time.sleeps == []
    await client.get_post("instagram", 1)
    assert fake_time.sleeps and fake_time.sleeps[0] == pytest.approx(2.0, abs=1.0)


@pytest.mark.asyncio
async def test_pacing_can_be_turned_off(make_client: MakeClient, fake_time: FakeTime) -> None:
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(fake_time.now) + 30)}
    client = make_client(lambda r: httpx.Response(200, json={"id": 1}, headers=headers), pace=False)
    await client.get_post("instagram", 1)
    await client.get_post("instagram", 1)
    assert fake_time.sleeps == [] and client.pacer is None
