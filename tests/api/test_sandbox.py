"""The client against the real sandbox over loopback HTTP: retries, lost answers, partial failures."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dashdesk.api import DashClient, OutcomeUnknown, ServerError
from dashdesk.platforms import PLATFORM_IDS

from .conftest import FakeTime


def draft_body(brand_id: int, text: str, when: datetime) -> dict:
    return {"brand_id": brand_id, "status": "DRAFT", "auto_publish": True, "text": text, "timestamp": when}


def month_around(when: datetime) -> tuple[datetime, datetime]:
    return when - timedelta(days=15), when + timedelta(days=15)


@pytest.fixture
def when() -> datetime:
    return (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)


@pytest.mark.asyncio
async def test_whoami_lists_the_sandbox_brand(sandbox_client: DashClient, sandbox) -> None:
    me = await sandbox_client.whoami()
    assert sandbox.brand_id in [b.id for b in me.brands]


@pytest.mark.asyncio
async def test_create_get_update_list_delete(sandbox_client: DashClient, sandbox, when: datetime) -> None:
    created = await sandbox_client.create_post("threads", draft_body(sandbox.brand_id, "Hello", when))
    assert created.platform == "threads" and created.status == "DRAFT" and created.timestamp == when
    fetched = await sandbox_client.get_post("threads", created.id)
    assert fetched.body_fields()["text"] == "Hello"
    updated = await sandbox_client.update_post("threads", created.id, {"text": "Hello again"})
    assert updated.body_fields()["text"] == "Hello again" and updated.timestamp == when
    listed = await sandbox_client.list_posts("threads", sandbox.brand_id, *month_around(when))
    assert [p.id for p in listed] == [created.id]
    await sandbox_client.delete_post("threads", created.id)
    assert await sandbox_client.list_posts("threads", sandbox.brand_id, *month_around(when)) == []


@pytest.mark.asyncio
async def test_429_then_success(sandbox_client: DashClient, sandbox, fake_time: FakeTime) -> None:
    sandbox.faults.next_statuses = [429]
    me = await sandbox_client.whoami()
    assert me.brands
    assert fake_time.sleeps  # it waited (instantly, in tests) for the reset before retrying


@pytest.mark.asyncio
async def test_503_twice_then_success(sandbox_client: DashClient, sandbox, when: datetime) -> None:
    created = await sandbox_client.create_post("bluesky", draft_body(sandbox.brand_id, "Sky", when))
    sandbox.faults.next_statuses = [503, 503]
    fetched = await sandbox_client.get_post("bluesky", created.id)
    assert fetched.id == created.id and not sandbox.faults.next_statuses


@pytest.mark.asyncio
async def test_create_whose_answer_is_lost_is_not_repeated(sandbox_client: DashClient, sandbox, when: datetime) -> None:
    sandbox.faults.next_statuses = ["drop"]
    with pytest.raises(OutcomeUnknown) as info:
        await sandbox_client.create_post("linkedin", draft_body(sandbox.brand_id, "Once only", when))
    assert info.value.platform == "linkedin" and info.value.attempts == 1
    stored = await sandbox_client.list_posts("linkedin", sandbox.brand_id, *month_around(when))
    assert [p.body_fields()["text"] for p in stored] == ["Once only"]  # stored exactly once


@pytest.mark.asyncio
async def test_one_failing_platform_leaves_the_other_nine(sandbox_client: DashClient, sandbox, when: datetime) -> None:
    for platform in ("threads", "linkedin", "bluesky", "twitter"):
        field = "tweet_status" if platform == "twitter" else "text"
        body = {
            "brand_id": sandbox.brand_id,
            "status": "DRAFT",
            "auto_publish": True,
            field: platform,
            "timestamp": when,
        }
        await sandbox_client.create_post(platform, body)
    sandbox.faults.fail_platforms = {"tiktok"}
    result = await sandbox_client.fetch_range(sandbox.brand_id, *month_around(when))
    assert set(result.errors) == {"tiktok"} and isinstance(result.errors["tiktok"], ServerError)
    assert set(result.loaded_platforms) == set(PLATFORM_IDS) - {"tiktok"}
    assert sorted(p.platform for p in result.posts) == ["bluesky", "linkedin", "threads", "twitter"]


@pytest.mark.asyncio
async def test_upload_round_trip(sandbox_client: DashClient, sandbox, tmp_path: Path) -> None:
    from dashdesk.sandbox.samples import make_image

    data = make_image(64, 48, fmt="PNG")
    path = tmp_path / "photo.png"
    path.write_bytes(data)
    size = len(data)
    progress: list[tuple[int, int]] = []
    media = await sandbox_client.upload_file(sandbox.brand_id, path, progress=lambda s, t: progress.append((s, t)))
    assert progress[-1] == (size, size)
    fetched = await sandbox_client.get_media(sandbox.brand_id, media.attach_id)
    assert fetched.attach_id == media.attach_id and fetched.kind == "IMAGE"
    page = await sandbox_client.list_media(sandbox.brand_id)
    assert media.attach_id in [m.attach_id for m in page.items]
    body = draft_body(sandbox.brand_id, "With a picture", datetime.now(UTC) + timedelta(days=1))
    post = await sandbox_client.create_post("bluesky", {**body, "media_ids": [media.attach_id]})
    assert post.media_ids == [media.attach_id]


@pytest.mark.asyncio
async def test_cancelled_upload_adds_nothing(sandbox_client: DashClient, sandbox, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"\0" * (3 * 1024 * 1024))
    cancel = asyncio.Event()

    def progress(sent: int, total: int) -> None:
        if sent:
            cancel.set()

    before = (await sandbox_client.list_media(sandbox.brand_id)).paging.count
    from dashdesk.api import UploadCancelled

    with pytest.raises(UploadCancelled):
        await sandbox_client.upload_file(
            sandbox.brand_id, path, content_type="video/mp4", progress=progress, cancel=cancel
        )
    assert (await sandbox_client.list_media(sandbox.brand_id)).paging.count == before


@pytest.mark.asyncio
async def test_a_lost_create_can_be_settled_by_looking_it_up(
    sandbox_client: DashClient, sandbox, when: datetime
) -> None:
    body = draft_body(sandbox.brand_id, "Did it land?", when)
    assert await sandbox_client.find_matching_posts("threads", body) == []
    sandbox.faults.next_statuses = ["drop"]
    with pytest.raises(OutcomeUnknown):
        await sandbox_client.create_post("threads", body)
    found = await sandbox_client.find_matching_posts("threads", body)
    assert [p.body_fields()["text"] for p in found] == ["Did it land?"]
    other = {**body, "text": "Something else"}
    assert await sandbox_client.find_matching_posts("threads", other) == []


@pytest.mark.asyncio
async def test_pacing_keeps_a_burst_under_an_enforced_limit(sandbox) -> None:
    """With 8 requests a minute enforced, 20 calls all succeed without a single 429 (and no retries)."""
    from dashdesk.api import NO_RETRY, Hosts

    sandbox.clock.freeze()
    sandbox.state.limiter.limit = 8
    waited: list[float] = []

    async def sandbox_sleep(seconds: float) -> None:  # time passes on the sandbox's clock only
        waited.append(seconds)
        sandbox.clock.advance(seconds)

    client = DashClient(
        sandbox.api_key,
        hosts=Hosts.single(sandbox.url),
        retry=NO_RETRY,
        sleep=sandbox_sleep,
        clock=lambda: sandbox.clock.now().timestamp(),
    )
    async with client:
        for _ in range(20):
            await client.whoami()  # NO_RETRY: a 429 would raise here
    assert client.pacer is not None and client.pacer.total_waited == pytest.approx(sum(waited))
    assert 60 <= sum(waited) <= 180  # 20 calls at 8 a minute span at least two window resets
