"""OutcomeTracker against the loopback sandbox: its clock lets time pass, its faults make posts fail."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from dashdesk.api import DashClient, Hosts, RetryPolicy
from dashdesk.services.post import Post
from dashdesk.services.posts import Change, PostService
from dashdesk.services.tracking import Backoff, Outcome, OutcomeTracker, is_passing
from dashdesk.store import PostsCache

FROZEN = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


class CountingTransport(httpx.AsyncHTTPTransport):
    """Real HTTP, with every scheduler request remembered (method, platform, query)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str, dict[str, str]]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.strip("/").split("/")
        if "scheduled_posts" in parts:
            self.seen.append((request.method, parts[0], dict(request.url.params)))
        return await super().handle_async_request(request)

    def lists(self) -> list[tuple[str, dict[str, str]]]:
        """(platform, query) of every list request."""
        return [(plat, q) for m, plat, q in self.seen if m == "GET" and "brand_ids" in q]


@pytest.fixture
def frozen(sandbox) -> Any:
    sandbox.clock.freeze(FROZEN)
    return sandbox


@pytest_asyncio.fixture
async def world(frozen, tmp_path: Path) -> AsyncIterator[dict[str, Any]]:
    """A client on the sandbox (counting requests), a post service with a cache, and a tracker."""
    transport = CountingTransport()
    client = DashClient(frozen.api_key, hosts=Hosts.single(frozen.url), transport=transport,
                        retry=RetryPolicy(max_attempts=2))
    cache = PostsCache(tmp_path / "posts.sqlite3")
    service = PostService(client, frozen.brand_id, cache, clock=frozen.clock.now)
    tracker = OutcomeTracker(service, notified=cache, clock=frozen.clock.now)
    told: list[Outcome] = []
    tracker.on_outcome(told.append)
    try:
        yield {"client": client, "transport": transport, "cache": cache, "service": service,
               "tracker": tracker, "told": told, "sandbox": frozen, "path": tmp_path / "posts.sqlite3"}
    finally:
        await client.aclose()
        cache.close()


def publish_now(platform: str, text: str, brand: int) -> dict[str, Any]:
    field = {"twitter": "tweet_status", "linkedin": "text", "threads": "text", "bluesky": "text"}[platform]
    return {"brand_id": brand, "status": "AUTOPUBLISHING", field: text}


@pytest.mark.asyncio
async def test_a_publish_now_post_is_placed_at_once_then_shows_posted_with_its_link(world) -> None:
    service: PostService = world["service"]
    tracker: OutcomeTracker = world["tracker"]
    changes: list[Change] = []
    service.subscribe(changes.append)
    post = await service.create("twitter", publish_now("twitter", "Now!", world["sandbox"].brand_id))
    assert post.timestamp is None and post.is_publish_now and not post.is_undated
    assert post.when == FROZEN  # placed where it was sent
    assert [p.key for p in tracker.passing()] == [post.key]

    report = await tracker.poll()  # too early: Dash needs a moment, nothing is asked yet
    assert report.request_count == 0 and report.passing == 1

    world["sandbox"].clock.advance(10)
    report = await tracker.poll()
    assert report.requests == {"twitter": 1}
    done = service.get(post.key)
    assert done is not None and done.status == "POSTED"
    assert done.live_post_url and done.live_post_url.startswith(world["sandbox"].url)
    assert [c.kind for c in changes][-1] == "upsert" and changes[-1].post is done  # the views update in place
    assert [(o.previous, o.status) for o in world["told"]] == [("AUTOPUBLISHING", "POSTED")]
    assert report.outcomes[0].post is done
    assert tracker.passing() == [] and tracker.tracked == {}


@pytest.mark.asyncio
async def test_a_post_the_platform_refuses_shows_failed_with_the_reason(world) -> None:
    world["sandbox"].faults.publish_fail_platforms = {"linkedin"}
    service: PostService = world["service"]
    post = await service.create("linkedin", publish_now("linkedin", "Doomed", world["sandbox"].brand_id))
    world["sandbox"].clock.advance(10)
    await world["tracker"].poll()
    failed = service.get(post.key)
    assert failed is not None and failed.status == "FAILED"
    assert failed.auto_publish_error and "refused" in failed.auto_publish_error
    assert [o.status for o in world["told"]] == ["FAILED"]
    # The cache holds the outcome too (a restart shows it at once).
    rows = world["cache"].load_undated_rows(world["sandbox"].brand_id)
    assert [(r[0], r[1], r[2]) for r in rows] == [("linkedin", post.id, "FAILED")]


@pytest.mark.asyncio
async def test_one_request_per_platform_per_poll_with_a_narrow_range(world) -> None:
    sb = world["sandbox"]
    service: PostService = world["service"]
    times = [FROZEN + timedelta(minutes=m) for m in (1, 2, 3)]
    for i, when in enumerate(times):
        await service.create("twitter", {"brand_id": sb.brand_id, "status": "SCHEDULED",
                                          "tweet_status": f"t{i}", "timestamp": when.isoformat()})
        await service.create("bluesky", {"brand_id": sb.brand_id, "status": "SCHEDULED",
                                          "text": f"b{i}", "timestamp": when.isoformat()})
    # Posts far from now are not passing and cost nothing.
    await service.create("threads", {"brand_id": sb.brand_id, "status": "SCHEDULED", "text": "later",
                                      "timestamp": (FROZEN + timedelta(days=3)).isoformat()})
    tracker: OutcomeTracker = world["tracker"]
    assert tracker.passing() == []
    assert tracker.next_wake() == pytest.approx(min(tracker.idle_s, 60 + tracker.backoff.first))
    tracker.idle_s = 600
    assert tracker.next_wake() == pytest.approx(60 + tracker.backoff.first)  # wakes when the first is due
    sb.clock.advance(4 * 60)
    world["transport"].seen.clear()
    report = await tracker.poll()
    assert report.passing == 6
    assert report.requests == {"twitter": 1, "bluesky": 1}
    lists = world["transport"].lists()
    assert sorted(p for p, _ in lists) == ["bluesky", "twitter"]
    for _, query in lists:
        start = datetime.fromisoformat(query["start"].replace("Z", "+00:00"))
        end = datetime.fromisoformat(query["end"].replace("Z", "+00:00"))
        assert end - start <= timedelta(minutes=10)  # the passing posts' minutes, not a month
    assert {p.status for p in service.posts.values() if p.platform != "threads"} == {"POSTED"}
    assert len(world["told"]) == 6


@pytest.mark.asyncio
async def test_undated_passing_posts_are_read_with_one_recent_page(world) -> None:
    sb = world["sandbox"]
    service: PostService = world["service"]
    for text in ("a", "b", "c"):
        await service.create("twitter", publish_now("twitter", text, sb.brand_id))
    sb.clock.advance(10)
    world["transport"].seen.clear()
    report = await world["tracker"].poll()
    assert report.requests == {"twitter": 1}
    ((platform, query),) = world["transport"].lists()
    assert platform == "twitter" and query["sort"] == "-UPDATED_AT" and "start" not in query
    assert {p.status for p in service.posts.values()} == {"POSTED"}


@pytest.mark.asyncio
async def test_backoff_spaces_the_reads_of_a_post_that_stays_passing(world) -> None:
    sb = world["sandbox"]
    saved = sb.state.scheduler.publish_delay_s
    try:
        service: PostService = world["service"]
        # A scheduler whose publishing is slow: the post stays AUTOPUBLISHING.
        sb.state.scheduler.publish_delay_s = 10_000
        await service.create("twitter", publish_now("twitter", "slow", sb.brand_id))
        tracker: OutcomeTracker = world["tracker"]
        asked_at: list[float] = []
        for second in range(0, 200):
            report = await tracker.poll()
            if report.request_count:
                asked_at.append(second)
            sb.clock.advance(1)
        gaps = [b - a for a, b in itertools.pairwise(asked_at)]
        assert len(asked_at) >= 3 and gaps == sorted(gaps) and gaps[-1] > gaps[0]
        assert len(asked_at) < 20  # not once a second
    finally:
        sb.state.scheduler.publish_delay_s = saved


@pytest.mark.asyncio
async def test_a_notification_is_raised_once_per_outcome_even_after_a_restart(world) -> None:
    sb = world["sandbox"]
    service: PostService = world["service"]
    post = await service.create("twitter", publish_now("twitter", "once", sb.brand_id))
    stale = service.get(post.key)
    sb.clock.advance(10)
    await world["tracker"].poll()
    assert len(world["told"]) == 1

    # A restart: a fresh service and tracker on the same file; the cached copy is still the passing one
    # (as if the app had closed before writing the outcome).
    world["cache"].upsert(sb.brand_id, "twitter", stale.to_json())
    cache2 = PostsCache(world["path"])
    try:
        service2 = PostService(world["client"], sb.brand_id, cache2, clock=sb.clock.now)
        await service2.load_cached(FROZEN - timedelta(days=1), FROZEN + timedelta(days=1))
        assert service2.get(post.key).status == "AUTOPUBLISHING"
        tracker2 = OutcomeTracker(service2, notified=cache2, clock=sb.clock.now)
        told2: list[Outcome] = []
        tracker2.on_outcome(told2.append)
        report = await tracker2.poll(force=True)
        assert service2.get(post.key).status == "POSTED"  # the view still learns the outcome
        assert [o.status for o in report.outcomes] == ["POSTED"]
        assert told2 == []  # but the person is not told twice
    finally:
        cache2.close()


@pytest.mark.asyncio
async def test_a_failed_post_fixed_and_failing_again_is_news_again(world) -> None:
    sb = world["sandbox"]
    sb.faults.publish_fail_platforms = {"linkedin"}
    service: PostService = world["service"]
    post = await service.create("linkedin", publish_now("linkedin", "again", sb.brand_id))
    sb.clock.advance(10)
    await world["tracker"].poll()
    await service.update(post.key, {"status": "SCHEDULED", "timestamp": (FROZEN + timedelta(minutes=5)).isoformat()})
    sb.clock.advance(10 * 60)
    await world["tracker"].poll()
    assert [o.status for o in world["told"]] == ["FAILED", "FAILED"]


@pytest.mark.asyncio
async def test_a_post_deleted_elsewhere_is_forgotten(world) -> None:
    sb = world["sandbox"]
    service: PostService = world["service"]
    post = await service.create("twitter", publish_now("twitter", "gone", sb.brand_id))
    sb.state.store.delete_post(post.id)
    sb.clock.advance(10)
    await world["tracker"].poll()
    assert service.get(post.key) is None
    assert world["told"] == []


def test_passing_states() -> None:
    now = FROZEN

    def post(status: str, ts: datetime | None) -> Post:
        data = {"id": 1, "status": status, "timestamp": ts.isoformat() if ts else None,
                "created_at": now.isoformat()}
        return Post.from_json("twitter", data)

    assert is_passing(post("AUTOPUBLISHING", None), now)
    assert is_passing(post("SCHEDULED", now - timedelta(seconds=1)), now)
    assert not is_passing(post("SCHEDULED", now + timedelta(seconds=1)), now)
    assert is_passing(post("MISSING_APPROVALS", now), now)
    for settled in ("POSTED", "FAILED", "DRAFT", "EXPIRED", "USERS_NOTIFIED"):
        assert not is_passing(post(settled, now - timedelta(hours=1)), now)
    assert Backoff(5, 2, 60).delay(0) == 5 and Backoff(5, 2, 60).delay(10) == 60


@pytest.mark.asyncio
async def test_reads_can_run_on_a_worker_thread(world) -> None:
    import threading

    from dashdesk.services.background import BackgroundReads

    sb = world["sandbox"]
    threads: list[str] = []

    def make_client() -> DashClient:
        threads.append(threading.current_thread().name)
        return DashClient(sb.api_key, hosts=Hosts.single(sb.url))

    tracker: OutcomeTracker = world["tracker"]
    tracker.reads = BackgroundReads(make_client)
    try:
        post = await world["service"].create("twitter", publish_now("twitter", "bg", sb.brand_id))
        sb.clock.advance(10)
        report = await tracker.poll()
        assert report.requests == {"twitter": 1} and world["service"].get(post.key).status == "POSTED"
        assert threads == ["dashdesk-reads"]
        assert [o.status for o in world["told"]] == ["POSTED"]
    finally:
        tracker.reads.close()
    with pytest.raises(RuntimeError):
        await tracker.reads.run(lambda client: client.get_post("twitter", post.id))
