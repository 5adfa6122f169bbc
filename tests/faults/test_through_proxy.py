"""Compose save, bulk import, uploads and the month load through our own fault proxy (lost answers after
the request was handled, resets mid upload, 429/503 bursts, latency; seeded): exactly-once outcomes.

The proxy (``dashdesk.sandbox.faultproxy``) is independent of the sandbox's own fault flags, which stay
off here.
"""

from __future__ import annotations

import asyncio
import csv
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from dashdesk.api import DashClient, Hosts, RetryPolicy
from dashdesk.api import errors as api_errors
from dashdesk.bulk import DashClientBackend, ImportRun, Journal, RateLimiter, check_sheet, make_client, read_sheet
from dashdesk.media import samples
from dashdesk.platforms import Draft, PublishMode, build_body, draft_from_post
from dashdesk.sandbox.faultproxy import BURST_429, BURST_503, LOST, RESET, FaultPlan, FaultProxy
from dashdesk.services.compose import ComposeService, Outcome, post_json

START = datetime(2031, 5, 1, tzinfo=UTC)
STORMY = FaultPlan(seed=15, lost_answer_rate=0.2, burst_rate=0.04, burst_length=(2, 4), rate_limit_reset=0.2,
                   latency_ms=(0, 3), reset_upload_rate=0.3, reset_min_body=8 * 1024)


def _client(url: str, api_key: str) -> DashClient:
    return DashClient(api_key, hosts=Hosts.single(url), retry=RetryPolicy(max_attempts=8, base_delay=0.01,
                                                                          max_delay=0.2))


async def _posts_on_server(sandbox, platforms: list[str], start: datetime, end: datetime) -> list:
    """Every post of the brand in the range, read directly (not through the proxy)."""
    client = _client(sandbox.url, sandbox.api_key)
    try:
        result = await client.fetch_range(sandbox.brand_id, start, end, platforms)
        assert not result.errors
        return result.posts
    finally:
        await client.aclose()


def _text(post) -> str:
    return draft_from_post(post.platform, post_json(post)).text


def _library_size(sandbox) -> int:
    return sandbox.state.store.list_media(sandbox.brand_id, None, None, None, None, 1, 0)[1]


# --- the proxy itself ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_lost_answer_was_handled_upstream_and_the_client_cannot_tell(sandbox) -> None:
    with FaultProxy.running(sandbox.url, FaultPlan(lost_answer_rate=1.0)) as proxy:
        client = _client(proxy.url, sandbox.api_key)
        try:
            draft = Draft(platform="twitter", mode=PublishMode.SCHEDULE, text="lost", timestamp=START)
            with pytest.raises(api_errors.OutcomeUnknown):
                await client.create_post("twitter", build_body(draft, sandbox.brand_id))
        finally:
            await client.aclose()
    assert sandbox.state.store.count_posts() == 1 and proxy.counts[LOST] == 1


@pytest.mark.asyncio
async def test_bursts_answer_429_with_a_reset_and_503_without_reaching_upstream(sandbox) -> None:
    plan = FaultPlan(burst_rate=1.0, burst_length=(3, 3), burst_statuses=(429,), rate_limit_reset=2)
    with FaultProxy.running(sandbox.url, plan) as proxy:
        async with httpx.AsyncClient() as http:
            answers = [await http.get(f"{proxy.url}/api/self") for _ in range(3)]
        proxy.set_plan(FaultPlan(burst_rate=1.0, burst_length=(1, 1), burst_statuses=(503,)))
        async with httpx.AsyncClient() as http:
            unavailable = await http.get(f"{proxy.url}/api/self")
    assert [a.status_code for a in answers] == [429, 429, 429]
    assert float(answers[0].headers["x-ratelimit-reset"]) > datetime.now(UTC).timestamp()
    assert answers[0].json()["code"] == 429 and unavailable.status_code == 503
    assert proxy.counts[BURST_429] == 3 and proxy.counts[BURST_503] == 1


@pytest.mark.asyncio
async def test_a_reset_mid_body_never_reaches_upstream_and_the_same_seed_repeats_it(sandbox) -> None:
    plan = FaultPlan(seed=3, reset_upload_rate=1.0, reset_min_body=1000)
    with FaultProxy.running(sandbox.url, plan) as proxy:
        async with httpx.AsyncClient() as http:
            with pytest.raises(httpx.TransportError):
                await http.post(f"{proxy.url}/media_upload_url", content=b"x" * 50_000,
                                headers={"Authorization": f"Bearer {sandbox.api_key}"})
    assert proxy.events == [("POST", "/media_upload_url", RESET)]
    rolls = []
    for _ in range(2):
        twin = FaultProxy(sandbox.url, FaultPlan(seed=9, lost_answer_rate=0.5, burst_rate=0.2))
        rolls.append([twin._decide("GET", "/x", 0) for _ in range(40)])
    assert rolls[0] == rolls[1] and len(set(rolls[0])) > 1


# --- the app's paths through it ----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_compose_save_through_faults_creates_each_platform_once(sandbox) -> None:
    platforms = ["twitter", "linkedin", "threads", "bluesky"]
    saved_posts: dict[str, int] = {}
    with FaultProxy.running(sandbox.url, STORMY) as proxy:
        client = _client(proxy.url, sandbox.api_key)
        try:
            service = ComposeService(client, sandbox.brand_id)
            for n in range(8):
                drafts = {p: Draft(platform=p, mode=PublishMode.SCHEDULE, text=f"compose {n} on {p}",
                                   timestamp=START + timedelta(hours=n)) for p in platforms}
                results: dict = {}
                for _press in range(12):  # the person presses Save again until every platform is saved
                    results = await service.create_all(drafts, results)
                    if all(r.outcome is Outcome.SAVED for r in results.values()):
                        break
                assert all(r.outcome is Outcome.SAVED for r in results.values()), results
                for p, r in results.items():
                    saved_posts[f"{n}/{p}"] = r.post_id
        finally:
            await client.aclose()
    assert proxy.counts[LOST] > 0
    on_server = await _posts_on_server(sandbox, platforms, START - timedelta(days=1), START + timedelta(days=1))
    texts = Counter((p.platform, _text(p)) for p in on_server)
    assert len(on_server) == 8 * len(platforms) and max(texts.values()) == 1
    assert sorted(saved_posts.values()) == sorted(p.id for p in on_server)


@pytest.mark.asyncio
async def test_bulk_import_through_faults_creates_every_row_once(sandbox, tmp_path: Path) -> None:
    for i in range(3):
        samples.make_image(tmp_path / f"p{i}.jpg", 96, 96, seed=i)
    rows = [{"platform": ("x", "linkedin", "instagram")[i % 3],
             "time": (START + timedelta(minutes=7 * i)).strftime("%Y-%m-%d %H:%M"), "timezone": "UTC",
             "text": f"row {i}", "media": f"p{i % 3}.jpg" if i % 3 == 2 or i % 4 == 0 else ""} for i in range(45)]
    path = tmp_path / "posts.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    plan = check_sheet(read_sheet(path), now=START - timedelta(days=1), display_tz=UTC)
    assert not plan.failed

    async def run_once(url: str) -> list:
        limiter = RateLimiter()
        client = make_client(sandbox.api_key, url, limiter)
        try:
            with Journal(tmp_path / "journal.sqlite3") as journal:
                return await ImportRun(plan, DashClientBackend(client, limiter), brand_id=sandbox.brand_id,
                                       journal=journal, limiter=limiter).run()
        finally:
            await client.aclose()

    with FaultProxy.running(sandbox.url, STORMY) as proxy:
        results = await run_once(proxy.url)
        for _again in range(3):  # rows whose outcome stayed unknown: import the file again
            if all(r.ok for r in results):
                break
            results = await run_once(proxy.url)
    assert all(r.ok for r in results), [r for r in results if not r.ok]
    assert proxy.counts[LOST] > 0 and proxy.counts[BURST_429] + proxy.counts[BURST_503] > 0
    on_server = await _posts_on_server(sandbox, ["twitter", "linkedin", "instagram"], START, START + timedelta(days=1))
    assert len(on_server) == 45 and max(Counter(_text(p) for p in on_server).values()) == 1
    assert sorted(r.post_id for r in results) == sorted(p.id for p in on_server)


@pytest.mark.asyncio
async def test_uploads_through_faults_complete_once_or_report_a_typed_failure(sandbox, tmp_path: Path) -> None:
    files = [samples.make_image(tmp_path / f"u{i}.jpg", 400, 400, seed=20 + i) for i in range(10)]
    assert all(f.stat().st_size > STORMY.reset_min_body for f in files)
    completed: list[int] = []
    failures: list[api_errors.DashError] = []
    with FaultProxy.running(sandbox.url, STORMY) as proxy:
        client = _client(proxy.url, sandbox.api_key)
        try:
            for f in files:
                try:
                    completed.append(int((await client.upload_file(sandbox.brand_id, f)).attach_id))
                except api_errors.DashError as exc:
                    failures.append(exc)
        finally:
            await client.aclose()
    assert proxy.counts[RESET] > 0 and len(completed) + len(failures) == len(files)
    assert completed, "every upload failed: the proxy is too hostile to tell anything"
    check = _client(sandbox.url, sandbox.api_key)
    try:
        for media_id in completed:  # each completed upload is one Library item
            assert (await check.get_media(sandbox.brand_id, media_id)) is not None
    finally:
        await check.aclose()
    assert len(set(completed)) == len(completed)
    # an item beyond the completed ones can only come from a create whose answer was lost (reported)
    unknown = sum(isinstance(f, api_errors.OutcomeUnknown) for f in failures)
    assert len(completed) <= _library_size(sandbox) <= len(completed) + unknown
    for failure in failures:
        assert failure.user_message()


@pytest.mark.asyncio
async def test_the_month_load_through_faults_shows_every_post_once(sandbox) -> None:
    platforms = ["twitter", "linkedin", "pinterest", "threads"]
    direct = _client(sandbox.url, sandbox.api_key)
    try:
        for i in range(40):
            p = platforms[i % 3 if i % 3 != 2 else 3]
            draft = Draft(platform=p, mode=PublishMode.SCHEDULE, text=f"month {i}",
                          timestamp=START + timedelta(hours=17 * i))
            await direct.create_post(p, build_body(draft, sandbox.brand_id))
    finally:
        await direct.aclose()
    end = START + timedelta(days=31)
    expected = sorted(p.id for p in await _posts_on_server(sandbox, platforms, START, end))
    with FaultProxy.running(sandbox.url, STORMY) as proxy:
        client = _client(proxy.url, sandbox.api_key)
        try:
            loads = [await client.fetch_range(sandbox.brand_id, START, end, platforms) for _ in range(5)]
        finally:
            await client.aclose()
    assert proxy.counts[LOST] + proxy.counts[BURST_429] + proxy.counts[BURST_503] > 0
    for load in loads:
        assert not load.errors, load.errors
        assert sorted(p.id for p in load.posts) == expected
    assert sandbox.state.store.count_posts() == 40
    await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_an_upload_whose_library_answer_was_lost_is_found_not_made_twice(sandbox, tmp_path: Path) -> None:
    only_the_library_create = FaultPlan(lost_answer_rate=1.0,
                                        spare=lambda method, path: not (method == "POST" and path.endswith("/media")))
    photo = samples.make_image(tmp_path / "photo.jpg", 64, 64, seed=5)
    with FaultProxy.running(sandbox.url, only_the_library_create) as proxy:
        client = _client(proxy.url, sandbox.api_key)
        try:
            media = await client.upload_file(sandbox.brand_id, photo)
        finally:
            await client.aclose()
    assert proxy.counts[LOST] == 1
    assert _library_size(sandbox) == 1 and int(media.attach_id) > 0
