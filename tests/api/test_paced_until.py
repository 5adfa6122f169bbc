"""The "paced until" state: set by 429s and a spent window, cleared when requests flow, reads carry on."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime

import httpx
import pytest

from dashdesk.api import NO_RETRY, DashClient, Hosts, PacingEvent, RateLimitedError, RetryPolicy
from dashdesk.api.pacing import PacingState, RateLimitInfo

from .conftest import FakeTime, MakeClient

NOW = datetime(2026, 3, 5, 12, 0, 20, tzinfo=UTC)


def _sandbox_client(sandbox, **kw) -> tuple[DashClient, list[float]]:
    """A client whose clock is the sandbox's and whose sleeps advance that clock (nothing waits)."""
    waited: list[float] = []

    async def sandbox_sleep(seconds: float) -> None:
        waited.append(seconds)
        sandbox.clock.advance(seconds)
        await asyncio.sleep(0)

    client = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), sleep=sandbox_sleep,
                        clock=lambda: sandbox.clock.now().timestamp(), **kw)
    return client, waited


def _window_end(when: datetime) -> datetime:
    return datetime.fromtimestamp(math.floor(when.timestamp() / 60) * 60 + 60, UTC)


@pytest.mark.asyncio
async def test_a_429_announces_the_reset_and_success_clears_it(sandbox) -> None:
    sandbox.clock.freeze(NOW)
    client, waited = _sandbox_client(sandbox)
    events: list[PacingEvent] = []
    client.pacing.subscribe(events.append)
    sandbox.faults.next_statuses = [429, 429]
    async with client:
        me = await client.whoami()
    assert me.brands
    # the banner heard when Dash accepts requests again: the sandbox's x-ratelimit-reset
    assert events[0] == PacingEvent(_window_end(NOW), "refused")
    assert events[-1] == PacingEvent(None, "")
    assert client.pacing.paced_until is None and not client.pacing.is_paced()
    assert waited and min(waited) >= 40  # it waited for the reset (on the sandbox's clock)


@pytest.mark.asyncio
async def test_a_month_load_under_a_429_storm_finishes_by_itself(sandbox) -> None:
    """Ten platforms at once against 3 requests a minute: every platform loads, pacing is announced."""
    sandbox.clock.freeze(NOW)
    sandbox.state.limiter.limit = 3
    client, _ = _sandbox_client(sandbox, pace=False)  # no client-side pacing: Dash refuses with 429s
    events: list[PacingEvent] = []
    client.pacing.subscribe(events.append)
    async with client:
        result = await client.fetch_range(sandbox.brand_id, NOW, NOW.replace(day=28))
    assert result.errors == {}
    assert any(e.paced_until is not None and e.reason == "refused" for e in events)
    assert all(e.paced_until is None or e.paced_until > NOW for e in events)
    assert events[-1].paced_until is None


@pytest.mark.asyncio
async def test_the_pacer_waiting_out_a_spent_window_is_announced(sandbox) -> None:
    sandbox.clock.freeze(NOW)
    sandbox.state.limiter.limit = 4
    client, _ = _sandbox_client(sandbox, retry=NO_RETRY)
    events: list[PacingEvent] = []
    client.pacing.subscribe(events.append)
    async with client:
        for _ in range(6):
            await client.whoami()  # NO_RETRY: a 429 would raise; the pacer waits instead
    # spread out until the first window ends, then free until the next window's budget runs low
    assert events[:2] == [PacingEvent(_window_end(NOW), "budget"), PacingEvent(None, "")]
    assert all(e.reason in ("budget", "") for e in events)


@pytest.mark.asyncio
async def test_reads_wait_out_more_429s_than_failure_attempts(make_client: MakeClient, fake_time: FakeTime) -> None:
    reset = str(int(fake_time.now) + 5)
    limited = httpx.Response(429, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset})
    ok = httpx.Response(200, json={"id": 7, "status": "SCHEDULED", "brand_id": 1})
    steps = [limited] * 6 + [ok]

    def handler(request: httpx.Request) -> httpx.Response:
        return steps.pop(0)

    client = make_client(handler, retry=RetryPolicy(max_attempts=4))
    assert (await client.get_post("tiktok", 7)).id == 7
    assert steps == []


@pytest.mark.asyncio
async def test_the_429_budget_is_bounded_and_no_retry_means_none(make_client: MakeClient, fake_time: FakeTime) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(429, headers={"retry-after": "2"})

    with pytest.raises(RateLimitedError):
        await make_client(handler, retry=RetryPolicy(max_rate_limit_retries=3)).get_post("tiktok", 7)
    assert len(seen) == 4
    seen.clear()
    with pytest.raises(RateLimitedError):
        await make_client(handler, retry=NO_RETRY).get_post("tiktok", 7)
    assert len(seen) == 1


@pytest.mark.asyncio
async def test_a_far_reset_gives_up_but_still_says_until_when(make_client: MakeClient, fake_time: FakeTime) -> None:
    reset = int(fake_time.now) + 3600
    client = make_client(lambda r: httpx.Response(429, headers={"x-ratelimit-reset": str(reset)}))
    with pytest.raises(RateLimitedError):
        await client.get_post("tiktok", 7)
    assert client.pacing.paced_until == datetime.fromtimestamp(reset, UTC)
    assert client.pacing.is_paced() and client.pacing.reason == "refused"


def test_state_only_extends_and_a_spent_answer_keeps_it(fake_time: FakeTime) -> None:
    state = PacingState(fake_time.clock)
    events: list[PacingEvent] = []
    unsubscribe = state.subscribe(events.append)
    state.pace_until(fake_time.now + 30)
    state.pace_until(fake_time.now + 10)  # an earlier reset never shortens the wait
    state.pace_until(fake_time.now - 1)  # nor does one already past
    assert len(events) == 1 and state.paced_until == datetime.fromtimestamp(fake_time.now + 30, UTC)
    state.observe_success(RateLimitInfo(limit=10, remaining=0, reset=fake_time.now + 30))
    assert state.is_paced()  # the last request of the window: still paced
    state.observe_success(RateLimitInfo(limit=10, remaining=9, reset=fake_time.now + 90))
    assert not state.is_paced() and events[-1] == PacingEvent(None, "")
    unsubscribe()
    state.pace_until(fake_time.now + 5)
    assert len(events) == 2


def test_a_broken_listener_does_not_break_the_state(fake_time: FakeTime) -> None:
    state = PacingState(fake_time.clock)

    def broken(_: PacingEvent) -> None:
        raise RuntimeError("boom")

    seen: list[PacingEvent] = []
    state.subscribe(broken)
    state.subscribe(seen.append)
    state.pace_until(fake_time.now + 3)
    assert len(seen) == 1


def test_the_banner_words_say_when_in_the_display_zone() -> None:
    from zoneinfo import ZoneInfo

    from dashdesk.services.pacing import pacing_notice, wait_text

    now = datetime(2026, 3, 5, 12, 0, 20, tzinfo=UTC)
    until = datetime(2026, 3, 5, 12, 1, 0, tzinfo=UTC)
    text = pacing_notice(until, now, ZoneInfo("Europe/Berlin"))
    assert "Dash is pacing requests" in text and "13:01:00 CET" in text and "in 40 seconds" in text
    assert "by itself" in text and "429" not in text and "x-ratelimit" not in text
    tomorrow = pacing_notice(until.replace(day=6), now, ZoneInfo("Asia/Tokyo"))
    assert "Fri 6 Mar 21:01:00 JST" in tomorrow
    assert wait_text(now, now) == "in a few seconds"
    assert wait_text(now.replace(minute=3), now) == "in about 3 minutes"
