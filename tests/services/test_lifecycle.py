"""Post lifecycle against the sandbox: why a post failed, Fix and reschedule, Retry now, Duplicate."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import pytest_asyncio

from dashdesk.api import DashClient, Hosts
from dashdesk.platforms import PublishMode, build_body, draft_from_post
from dashdesk.services.lifecycle import (
    DUPLICATE,
    FIX_AND_RESCHEDULE,
    OPEN_LIVE,
    RETRY_NOW,
    duplicate_draft,
    explain,
    failing_field,
    needs_attention,
    plain_reason,
    reschedule_changes,
    retry_body,
)
from dashdesk.services.post import Post
from dashdesk.services.posts import PostService
from dashdesk.services.tracking import OutcomeTracker

FROZEN = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("Europe/Berlin")


class Recording(httpx.AsyncHTTPTransport):
    """Real HTTP; remembers each scheduler write (method, JSON body)."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, dict[str, Any]]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("POST", "PATCH") and "scheduled_posts" in request.url.path:
            self.writes.append((request.method, json.loads(request.content or b"{}")))
        return await super().handle_async_request(request)


@pytest_asyncio.fixture
async def world(sandbox) -> AsyncIterator[dict[str, Any]]:
    sandbox.clock.freeze(FROZEN)
    transport = Recording()
    client = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), transport=transport)
    service = PostService(client, sandbox.brand_id, clock=sandbox.clock.now)
    tracker = OutcomeTracker(service, clock=sandbox.clock.now)
    try:
        yield {"sandbox": sandbox, "service": service, "tracker": tracker, "transport": transport}
    finally:
        await client.aclose()


async def failed_threads_post(world) -> Post:
    """A Threads post sent at once whose text is too long for Threads: Dash marks it FAILED."""
    sb, service = world["sandbox"], world["service"]
    post = await service.create("threads", {"brand_id": sb.brand_id, "status": "AUTOPUBLISHING", "text": "x" * 600})
    sb.clock.advance(10)
    await world["tracker"].poll()
    failed = service.get(post.key)
    assert failed is not None and failed.status == "FAILED"
    return failed


@pytest.mark.asyncio
async def test_a_failed_post_explains_why_and_names_the_field(world) -> None:
    failed = await failed_threads_post(world)
    assert failing_field(failed) == "text"
    banner = explain(failed, FROZEN, TZ)
    assert banner is not None and banner.tone == "danger"
    assert banner.actions == (FIX_AND_RESCHEDULE, RETRY_NOW, DUPLICATE)
    assert "500" in banner.body and "auto_publish_error" not in banner.body
    assert needs_attention(failed, FROZEN)


@pytest.mark.asyncio
async def test_fix_and_reschedule_patches_only_what_changed(world) -> None:
    sb, service = world["sandbox"], world["service"]
    failed = await failed_threads_post(world)
    edited = draft_from_post("threads", failed.data)
    when = FROZEN + timedelta(hours=2)
    edited = replace(edited, text="Short enough now", timestamp=when)
    changes = reschedule_changes(failed, edited, sb.brand_id)
    assert changes == {"status": "SCHEDULED", "timestamp": "2026-11-27T14:00:00Z", "text": "Short enough now"}
    world["transport"].writes.clear()
    updated = await service.update(failed.key, changes, text="Fix and reschedule")
    assert world["transport"].writes == [("PATCH", changes)]
    assert updated.status == "SCHEDULED" and updated.auto_publish_error is None
    # Only the time changed: the PATCH carries the status and the time, not the unchanged text.
    same_text = reschedule_changes(failed, replace(draft_from_post("threads", failed.data), timestamp=when),
                                   sb.brand_id)
    assert set(same_text) == {"status", "timestamp"}
    sb.clock.advance(3 * 3600)
    await world["tracker"].poll()
    assert service.get(failed.key).status == "POSTED"


@pytest.mark.asyncio
async def test_retry_now_creates_exactly_one_post(world) -> None:
    sb, service = world["sandbox"], world["service"]
    sb.faults.publish_fail_platforms = {"bluesky"}
    post = await service.create("bluesky", {"brand_id": sb.brand_id, "status": "AUTOPUBLISHING", "text": "Again"})
    sb.clock.advance(10)
    await world["tracker"].poll()
    failed = service.get(post.key)
    assert failed.status == "FAILED" and failing_field(failed) is None  # the reason names no field
    sb.faults.publish_fail_platforms = set()
    before = sb.state.store.count_posts()
    world["transport"].writes.clear()
    body = retry_body(failed, sb.brand_id)
    assert body["status"] == "AUTOPUBLISHING" and "timestamp" not in body and body["text"] == "Again"
    again = await service.create("bluesky", body)
    assert [m for m, _ in world["transport"].writes] == ["POST"]
    assert sb.state.store.count_posts() == before + 1 and again.key != failed.key
    sb.clock.advance(10)
    await world["tracker"].poll()
    assert service.get(again.key).status == "POSTED"


@pytest.mark.asyncio
async def test_duplicate_makes_one_new_draft_of_any_post(world) -> None:
    sb, service = world["sandbox"], world["service"]
    post = await service.create("twitter", {"brand_id": sb.brand_id, "status": "AUTOPUBLISHING",
                                            "tweet_status": "Copy me"})
    sb.clock.advance(10)
    await world["tracker"].poll()
    posted = service.get(post.key)
    banner = explain(posted, sb.clock.now(), TZ)
    assert banner.read_only and banner.actions == (OPEN_LIVE, DUPLICATE) and banner.link == posted.live_post_url
    draft = duplicate_draft(posted)
    assert draft.mode is PublishMode.DRAFT and draft.timestamp is None and draft.text == "Copy me"
    world["transport"].writes.clear()
    copy = await service.create("twitter", build_body(draft, sb.brand_id))
    assert len(world["transport"].writes) == 1 and copy.status == "DRAFT" and copy.is_undated
    other = duplicate_draft(posted, "bluesky")
    assert other.platform == "bluesky" and other.text == "Copy me"


def post_of(status: str, ts: datetime | None, **data: Any) -> Post:
    return Post.from_json("instagram", {"id": 1, "status": status, "timestamp": ts.isoformat() if ts else None,
                                        "created_at": FROZEN.isoformat(), "caption": "hi", **data})


def test_explanations_of_each_status() -> None:
    notified = explain(post_of("USERS_NOTIFIED", FROZEN), FROZEN, TZ)
    assert "Dash mobile app" in notified.body and "13:00" in notified.body and notified.tone == "warning"
    expired = explain(post_of("EXPIRED", FROZEN), FROZEN, TZ)
    assert "approval" in expired.body and FIX_AND_RESCHEDULE in expired.actions
    due = explain(post_of("MISSING_APPROVALS", FROZEN + timedelta(hours=3), num_of_approvals_required=2),
                  FROZEN, TZ)
    assert "2 approvals" in due.body and "won't be published" in due.body and "approve" in due.body
    assert explain(post_of("SCHEDULED", FROZEN + timedelta(days=1)), FROZEN, TZ) is None
    assert explain(post_of("DRAFT", None), FROZEN, TZ) is None
    sending = explain(post_of("AUTOPUBLISHING", None), FROZEN, TZ)
    assert sending.read_only and sending.tone == "progress"


def test_needs_attention() -> None:
    assert needs_attention(post_of("FAILED", None), FROZEN)
    assert needs_attention(post_of("EXPIRED", FROZEN), FROZEN)
    assert needs_attention(post_of("MISSING_APPROVALS", FROZEN + timedelta(hours=5)), FROZEN)
    assert not needs_attention(post_of("MISSING_APPROVALS", FROZEN + timedelta(days=5)), FROZEN)
    for status in ("POSTED", "SCHEDULED", "DRAFT", "USERS_NOTIFIED", "AUTOPUBLISHING"):
        assert not needs_attention(post_of(status, FROZEN), FROZEN)


@pytest.mark.parametrize(("reason", "field"), [
    ("Instagram could not publish this post: the image is too large.", "media_ids"),
    ("Instagram refused: caption has more than 30 hashtags", "caption"),
    ("first_comment is not supported when auto_publish is false", "first_comment"),
    ("Something went wrong.", None),
])
def test_failing_field_from_the_reason(reason: str, field: str | None) -> None:
    post = post_of("FAILED", None, auto_publish_error=reason)
    assert failing_field(post) == field
    words = plain_reason(post)
    assert "first_comment" not in words and "auto_publish" not in words and words.endswith(".")


@pytest.mark.asyncio
async def test_a_new_time_for_a_failed_post_schedules_it_again(world) -> None:
    """The composer's edit (or a drag) sends only the time: the service adds the status Dash needs."""
    service = world["service"]
    failed = await failed_threads_post(world)
    world["transport"].writes.clear()
    when = FROZEN + timedelta(hours=1)
    await service.update(failed.key, {"timestamp": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "text": "Fixed"})
    assert world["transport"].writes == [("PATCH", {"timestamp": "2026-11-27T13:00:00Z", "text": "Fixed",
                                                    "status": "SCHEDULED"})]
    assert service.get(failed.key).status == "SCHEDULED"
    await service.move(failed.key, when + timedelta(hours=1))
    assert service.get(failed.key).status == "SCHEDULED"


@pytest.mark.asyncio
async def test_a_failed_post_in_the_past_can_be_dragged_to_a_new_time(world) -> None:
    sb, service = world["sandbox"], world["service"]
    failed = await failed_threads_post(world)
    sb.clock.advance(3600)
    assert service.why_not_movable(service.get(failed.key)) is None
    moved = await service.move(failed.key, sb.clock.now() + timedelta(hours=2))
    assert moved.status == "SCHEDULED" and moved.timestamp is not None


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=400))
def test_any_reason_from_dash_reads_as_a_sentence_and_never_breaks(reason: str) -> None:
    post = post_of("FAILED", None, auto_publish_error=reason)
    words = plain_reason(post)
    field = failing_field(post)
    assert field is None or isinstance(field, str)
    if reason.strip():
        assert words and words[-1] in ".!?" and "auto_publish" not in words
    banner = explain(post, FROZEN, TZ)
    assert banner is not None and banner.tone == "danger"
