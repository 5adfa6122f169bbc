"""Edit conflicts against the sandbox: a post changed on Dash since it was loaded is never overwritten silently."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio
from outbox_helpers import NOW, WHEN, Counting, sandbox_client

from dashdesk.platforms import PublishMode, build_body, draft_from_post, format_timestamp, new_draft
from dashdesk.services.compose import ComposeService, Outcome
from dashdesk.services.conflicts import ConflictChoice, EditConflict, changed_fields
from dashdesk.services.posts import PostService
from dashdesk.services.review import ReviewActions

RANGE = (WHEN - timedelta(days=20), WHEN + timedelta(days=20))


@pytest.fixture
def frozen(sandbox: Any) -> Any:
    sandbox.clock.freeze(NOW)
    return sandbox


class Desk:
    """One manager's DashDesk (a PostService over a counting client) and a colleague editing in Dash."""

    def __init__(self, sandbox: Any, client: Any) -> None:
        self.sandbox, self.client = sandbox, client
        self.counting = Counting(client)
        self.posts = PostService(self.counting, sandbox.brand_id, clock=lambda: NOW)
        self.review = ReviewActions(self.posts)

    async def make(self, platform: str, text: str, mode: PublishMode = PublishMode.SCHEDULE) -> tuple[str, int]:
        body = build_body(new_draft(platform, text=text, timestamp=WHEN, mode=mode), self.sandbox.brand_id)
        post = await self.client.create_post(platform, body)
        return platform, post.id

    async def colleague(self, key: tuple[str, int], **changes: Any) -> None:
        await self.client.update_post(key[0], key[1], changes)

    async def on_dash(self, key: tuple[str, int]) -> dict[str, Any]:
        return (await self.client.get_post(*key)).model_dump(mode="json")


@pytest_asyncio.fixture
async def desk(frozen: Any):
    async with sandbox_client(frozen) as client:
        yield Desk(frozen, client)


@pytest.mark.asyncio
async def test_a_move_meets_a_colleagues_edit_and_nothing_is_overwritten(desk: Desk) -> None:
    key = await desk.make("linkedin", "Original words")
    await desk.posts.load(*RANGE)
    await desk.colleague(key, text="Colleague's better words")
    later = WHEN + timedelta(days=1)
    with pytest.raises(EditConflict) as info:
        await desk.posts.move(key, later)
    conflict = info.value
    assert desk.counting.updates == []  # nothing was sent
    assert (await desk.on_dash(key))["text"] == "Colleague's better words"
    assert desk.posts.posts[key].text == "Colleague's better words"  # the calendar shows Dash's version
    assert "changed in Dash" in conflict.user_message() and "Nothing was sent" in conflict.user_message()
    rows = {d.label: (d.mine, d.theirs) for d in conflict.differences(ZoneInfo("Europe/Paris"))}
    assert rows["Time"] == ("Wed 11 Mar 2026, 16:00", "Tue 10 Mar 2026, 16:00")  # in the display zone
    assert rows["Text"] == ("Original words", "Colleague's better words")

    # the person keeps their version: Dash gets it, as they saw it
    updated = await desk.posts.resolve_conflict(conflict, ConflictChoice.KEEP_MINE)
    assert updated is not None
    on_dash = await desk.on_dash(key)
    assert on_dash["text"] == "Original words" and on_dash["timestamp"] == format_timestamp(later)
    assert desk.posts.posts[key].timestamp == later


@pytest.mark.asyncio
async def test_taking_theirs_or_cancelling_sends_nothing(desk: Desk) -> None:
    key = await desk.make("threads", "Mine")
    await desk.posts.load(*RANGE)
    await desk.colleague(key, timestamp=format_timestamp(WHEN + timedelta(hours=2)))
    for choice in (ConflictChoice.TAKE_THEIRS, ConflictChoice.CANCEL):
        await desk.posts.load(*RANGE)
        desk.posts.posts[key] = desk.posts.posts[key].with_changes({"timestamp": format_timestamp(WHEN)})  # stale
        with pytest.raises(EditConflict) as info:
            await desk.posts.move(key, WHEN + timedelta(days=3))
        assert await desk.posts.resolve_conflict(info.value, choice) is None
    assert desk.counting.updates == []
    assert desk.posts.posts[key].timestamp == WHEN + timedelta(hours=2)
    assert (await desk.on_dash(key))["timestamp"] == format_timestamp(WHEN + timedelta(hours=2))


@pytest.mark.asyncio
async def test_an_unchanged_post_moves_after_one_read(desk: Desk) -> None:
    key = await desk.make("twitter", "Quiet post")
    await desk.posts.load(*RANGE)
    await desk.posts.move(key, WHEN + timedelta(hours=5))
    assert desk.counting.reads == [key] and len(desk.counting.updates) == 1
    assert (await desk.on_dash(key))["timestamp"] == format_timestamp(WHEN + timedelta(hours=5))


@pytest.mark.asyncio
async def test_the_same_change_made_by_both_is_not_a_conflict(desk: Desk) -> None:
    key = await desk.make("threads", "Same")
    await desk.posts.load(*RANGE)
    target = WHEN + timedelta(hours=1)
    await desk.colleague(key, timestamp=format_timestamp(target))
    await desk.posts.move(key, target)
    assert len(desk.counting.updates) == 1


@pytest.mark.asyncio
async def test_a_third_edit_while_choosing_is_a_new_conflict(desk: Desk) -> None:
    key = await desk.make("linkedin", "One")
    await desk.posts.load(*RANGE)
    await desk.colleague(key, text="Two")
    with pytest.raises(EditConflict) as info:
        await desk.posts.update(key, {"text": "Mine"})
    await desk.colleague(key, text="Three")  # while the dialog was open
    with pytest.raises(EditConflict) as again:
        await desk.posts.resolve_conflict(info.value, ConflictChoice.KEEP_MINE)
    assert again.value.theirs.text == "Three" and desk.counting.updates == []
    await desk.posts.resolve_conflict(again.value, ConflictChoice.KEEP_MINE)
    assert (await desk.on_dash(key))["text"] == "Mine"


@pytest.mark.asyncio
async def test_a_composer_edit_checks_against_what_it_opened(desk: Desk) -> None:
    """A reload that brings the colleague's version into the calendar must not hide the conflict."""
    key = await desk.make("linkedin", "Opened text")
    await desk.posts.load(*RANGE)
    compose = ComposeService(desk.counting, desk.sandbox.brand_id, posts=desk.posts, clock=lambda: NOW)
    before = draft_from_post("linkedin", desk.posts.posts[key].data)
    after = draft_from_post("linkedin", desk.posts.posts[key].data)
    after.text = "My edit"
    await desk.colleague(key, text="Their edit")
    await desk.posts.load(*RANGE)  # the calendar now shows their version
    result = await compose.update("linkedin", key[1], before, after)
    assert result.outcome is Outcome.FAILED and isinstance(result.conflict, EditConflict)
    assert desk.counting.updates == [] and (await desk.on_dash(key))["text"] == "Their edit"
    assert {d.label for d in result.conflict.differences()} == {"Text"}

    # without the calendar (a post not loaded), the composer checks the same way
    bare = ComposeService(Counting(desk.client), desk.sandbox.brand_id, clock=lambda: NOW)
    result = await bare.update("linkedin", key[1], before, after)
    assert isinstance(result.conflict, EditConflict) and bare.client.updates == []
    # and with no change on Dash since it opened, it saves
    opened = draft_from_post("linkedin", await desk.on_dash(key))
    mine = draft_from_post("linkedin", await desk.on_dash(key))
    mine.text = "Finally mine"
    assert (await bare.update("linkedin", key[1], opened, mine)).ok


@pytest.mark.asyncio
async def test_an_approval_meets_a_colleagues_edit(desk: Desk) -> None:
    key = await desk.make("threads", "Draft to approve", PublishMode.DRAFT)
    await desk.posts.load(*RANGE)
    await desk.colleague(key, text="Draft edited by a colleague")
    result = await desk.review.approve([key], WHEN + timedelta(hours=1))
    assert list(result.conflicts) == [key] and not result.done and not result.ok
    assert (await desk.on_dash(key))["status"] == "DRAFT" and desk.counting.updates == []
    assert "changed in Dash" in result.summary("Scheduled")

    kept = await desk.review.resolve(result.conflicts[key], ConflictChoice.KEEP_MINE)
    assert [p.key for p in kept.done] == [key]
    on_dash = await desk.on_dash(key)
    assert on_dash["status"] == "SCHEDULED" and on_dash["text"] == "Draft to approve"


@pytest.mark.asyncio
async def test_an_approval_conflict_taken_as_theirs_stays_a_draft(desk: Desk) -> None:
    key = await desk.make("threads", "Draft", PublishMode.DRAFT)
    await desk.posts.load(*RANGE)
    await desk.colleague(key, text="Theirs")
    result = await desk.review.approve([key], WHEN + timedelta(hours=1))
    assert (await desk.review.resolve(result.conflicts[key], ConflictChoice.TAKE_THEIRS)).done == []
    assert (await desk.on_dash(key))["status"] == "DRAFT"
    assert desk.posts.posts[key].text == "Theirs"


def test_bookkeeping_fields_are_not_differences() -> None:
    base = {"id": 1, "status": "SCHEDULED", "text": "a", "timestamp": "2026-03-10T15:00:00Z", "auto_publish": True}
    touched = {**base, "updated_at": "2026-03-02T00:00:00Z", "media": [], "approval_requests": [{"x": 1}]}
    assert changed_fields("linkedin", base, touched) == []
    assert changed_fields("linkedin", base, {**base, "timestamp": "2026-03-10T15:00:00+00:00"}) == []
    assert changed_fields("linkedin", base, {**base, "status": "POSTED"}) == ["status"]
    assert changed_fields("linkedin", {k: v for k, v in base.items() if k != "status"},
                          {**base, "status": "MISSING_APPROVALS"}) == []  # a draft's base has no status
