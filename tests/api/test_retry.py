"""Retries: reads and updates retry with capped backoff; creates never repeat once sent."""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx
import pytest

from dashdesk.api import (
    ConnectionFailed,
    OutcomeUnknown,
    RateLimitedError,
    RequestTimeout,
    RetryPolicy,
    ServerError,
)

from .conftest import FakeTime, MakeClient

POST = {"id": 7, "status": "DRAFT"}


def scripted(*steps: object) -> tuple[Callable[[httpx.Request], httpx.Response], list[httpx.Request]]:
    """A handler answering each request with the next step (a Response, or an exception to raise)."""
    seen: list[httpx.Request] = []
    queue = list(steps)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(step, Exception):
            raise step
        assert isinstance(step, httpx.Response)
        return step

    return handler, seen


def ok(body: object = POST, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


@pytest.mark.asyncio
async def test_get_retries_503_twice_then_succeeds(make_client: MakeClient, fake_time: FakeTime) -> None:
    handler, seen = scripted(httpx.Response(503), httpx.Response(503), ok())
    client = make_client(handler, retry=RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=8.0))
    post = await client.get_post("instagram", 7)
    assert post.id == 7 and post.platform == "instagram"
    assert len(seen) == 3
    assert len(fake_time.sleeps) == 2
    assert 0.5 <= fake_time.sleeps[0] <= 1.0 and 1.0 <= fake_time.sleeps[1] <= 2.0


@pytest.mark.asyncio
async def test_retries_stop_after_max_attempts(make_client: MakeClient) -> None:
    handler, seen = scripted(httpx.Response(500))
    client = make_client(handler, retry=RetryPolicy(max_attempts=3))
    with pytest.raises(ServerError) as info:
        await client.get_post("instagram", 7)
    assert len(seen) == 3 and info.value.attempts == 3


def test_backoff_is_capped_and_jittered() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0, rng=random.Random(1))
    delays = [policy.backoff(n) for n in range(1, 12)]
    assert all(0 < d <= 4.0 for d in delays)
    assert all(d >= 2.0 for d in delays[4:])  # capped region: [cap/2, cap]
    assert len(set(delays)) == len(delays)  # jitter


@pytest.mark.asyncio
async def test_429_waits_until_the_rate_limit_reset(make_client: MakeClient, fake_time: FakeTime) -> None:
    reset = str(int(fake_time.now) + 12)
    limited = httpx.Response(429, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset})
    handler, seen = scripted(limited, ok())
    client = make_client(handler)
    await client.get_post("tiktok", 7)
    assert len(seen) == 2
    assert fake_time.sleeps and 12.0 <= max(fake_time.sleeps) <= 13.0


@pytest.mark.asyncio
async def test_429_with_retry_after_only(make_client: MakeClient, fake_time: FakeTime) -> None:
    handler, seen = scripted(httpx.Response(429, headers={"retry-after": "3"}), ok())
    await make_client(handler).get_post("tiktok", 7)
    assert len(seen) == 2 and 3.0 <= fake_time.sleeps[-1] <= 4.0


@pytest.mark.asyncio
async def test_429_with_a_far_reset_gives_up_at_once(make_client: MakeClient, fake_time: FakeTime) -> None:
    reset = str(int(fake_time.now) + 3600)
    handler, seen = scripted(httpx.Response(429, headers={"x-ratelimit-reset": reset}))
    with pytest.raises(RateLimitedError) as info:
        await make_client(handler).get_post("tiktok", 7)
    assert len(seen) == 1 and fake_time.sleeps == []
    assert info.value.reset_at is not None


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("exc", "cls"),
    [(httpx.ReadError("reset by peer"), ConnectionFailed), (httpx.ReadTimeout("slow"), RequestTimeout)],
)
async def test_reads_retry_transport_failures(make_client: MakeClient, exc: Exception, cls: type) -> None:
    handler, seen = scripted(exc, ok())
    assert (await make_client(handler).get_post("youtube", 7)).id == 7
    assert len(seen) == 2
    handler, _ = scripted(exc)
    with pytest.raises(cls):
        await make_client(handler, retry=RetryPolicy(max_attempts=2)).get_post("youtube", 7)


@pytest.mark.asyncio
async def test_patch_and_delete_retry(make_client: MakeClient) -> None:
    handler, seen = scripted(httpx.Response(503), ok({"id": 7, "caption": "new"}))
    post = await make_client(handler).update_post("instagram", 7, {"caption": "new"})
    assert post.body_fields()["caption"] == "new" and [r.method for r in seen] == ["PATCH", "PATCH"]
    handler, seen = scripted(httpx.Response(502), httpx.Response(204))
    await make_client(handler).delete_post("instagram", 7)
    assert [r.method for r in seen] == ["DELETE", "DELETE"]


@pytest.mark.asyncio
async def test_delete_whose_first_answer_was_lost_counts_404_on_retry_as_done(make_client: MakeClient) -> None:
    handler, seen = scripted(httpx.ReadError("lost"), httpx.Response(404, json={"message": "Not found"}))
    await make_client(handler).delete_post("instagram", 7)
    assert len(seen) == 2


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("no answer"),
        httpx.ReadError("connection reset"),
        httpx.RemoteProtocolError("server disconnected"),
        httpx.WriteError("broken pipe"),
        httpx.Response(502),
        httpx.Response(504),
        httpx.Response(500),
    ],
)
async def test_create_whose_answer_is_lost_is_not_repeated(make_client: MakeClient, failure: object) -> None:
    handler, seen = scripted(failure, ok())
    client = make_client(handler)
    with pytest.raises(OutcomeUnknown) as info:
        await client.create_post("twitter", {"brand_id": 1, "status": "DRAFT", "tweet_status": "hi"})
    assert len(seen) == 1
    assert info.value.platform == "twitter"
    assert "may or may not" in info.value.user_message()


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [503, 429, 400])
async def test_create_refused_by_the_server_is_reported_not_retried(make_client: MakeClient, status: int) -> None:
    handler, seen = scripted(httpx.Response(status, json={"message": "no"}), ok())
    with pytest.raises(Exception) as info:
        await make_client(handler).create_post("twitter", {"brand_id": 1})
    assert len(seen) == 1
    assert not isinstance(info.value, OutcomeUnknown)


@pytest.mark.asyncio
@pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), httpx.ConnectTimeout("syn lost")])
async def test_create_is_retried_when_it_never_left(make_client: MakeClient, failure: Exception) -> None:
    handler, seen = scripted(failure, ok())
    post = await make_client(handler).create_post("twitter", {"brand_id": 1})
    assert post.id == 7 and len(seen) == 2


@pytest.mark.asyncio
async def test_a_cut_off_body_on_a_read_is_retried(make_client: MakeClient) -> None:
    handler, seen = scripted(httpx.Response(200, content=b'{"id": 7, "sta'), ok())
    assert (await make_client(handler).get_post("instagram", 7)).id == 7
    assert len(seen) == 2


@pytest.mark.asyncio
async def test_a_create_accepted_with_an_unreadable_answer_is_outcome_unknown(make_client: MakeClient) -> None:
    handler, seen = scripted(httpx.Response(201, content=b'{"id": 7, "sta'), ok())
    with pytest.raises(OutcomeUnknown):
        await make_client(handler).create_post("instagram", {"brand_id": 1})
    assert len(seen) == 1
