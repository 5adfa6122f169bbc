"""Saving without Qt: concurrent creates, a failed platform retried alone, lost answers looked up, edits."""

from __future__ import annotations

import pytest
from composer_helpers import NOW, Recording, sandbox_client, upload

from dashdesk.platforms import MediaKind, PublishMode, draft_from_post
from dashdesk.services.compose import ComposeService, Outcome
from dashdesk.ui.composer.state import ComposerState

WHEN = NOW.replace(day=10, hour=15)


def _state(media: list, platforms: list[str], mode: PublishMode = PublishMode.SCHEDULE) -> ComposerState:
    state = ComposerState(text="Spring launch", media=media, when=WHEN, mode=mode)
    state.set_platforms(platforms)
    return state


@pytest.mark.asyncio
async def test_one_platform_fails_then_retry_sends_only_it(frozen, sample_files) -> None:
    async with sandbox_client(frozen) as client:
        media = [await upload(client, frozen.brand_id, sample_files, MediaKind.IMAGE)]
        rec = Recording(client)
        service = ComposeService(rec, frozen.brand_id, clock=lambda: NOW)
        drafts = _state(media, ["instagram", "linkedin", "threads"]).drafts()
        frozen.faults.fail_platforms = {"linkedin"}
        seen = []
        first = await service.create_all(drafts, on_result=seen.append)
        assert {p: r.outcome for p, r in first.items()} == {
            "instagram": Outcome.SAVED, "linkedin": Outcome.FAILED, "threads": Outcome.SAVED}
        assert sorted(r.platform for r in seen) == ["instagram", "linkedin", "threads"]
        assert first["linkedin"].message  # the API's words, shown in the tab
        frozen.faults.fail_platforms = set()
        rec.creates.clear()
        second = await service.create_all(drafts, first)
        assert [p for p, _ in rec.creates] == ["linkedin"]
        assert all(r.ok for r in second.values())
        assert second["instagram"].post_id == first["instagram"].post_id
        for platform, result in second.items():
            stored = await client.get_post(platform, result.post_id)
            assert stored.media_ids == [media[0].media_id]


@pytest.mark.asyncio
async def test_lost_answer_is_looked_up_not_sent_twice(frozen, sample_files) -> None:
    async with sandbox_client(frozen) as client:
        media = [await upload(client, frozen.brand_id, sample_files, MediaKind.IMAGE)]
        rec = Recording(client)
        service = ComposeService(rec, frozen.brand_id, clock=lambda: NOW)
        frozen.faults.next_statuses = ["drop"]  # the create is stored, its answer never arrives
        results = await service.create_all(_state(media, ["instagram"]).drafts())
        result = results["instagram"]
        assert result.outcome is Outcome.SAVED and result.found_by_lookup
        assert "found" in result.message
        assert len(rec.creates) == 1 and rec.lookups == ["instagram"]
        posts = await client.list_posts("instagram", frozen.brand_id, WHEN.replace(day=9), WHEN.replace(day=11))
        assert [p.id for p in posts] == [result.post_id]


@pytest.mark.asyncio
async def test_lost_answer_of_untimed_draft_stays_unknown_and_is_not_resent(frozen) -> None:
    async with sandbox_client(frozen) as client:
        rec = Recording(client)
        service = ComposeService(rec, frozen.brand_id, clock=lambda: NOW)
        state = _state([], ["twitter"], PublishMode.DRAFT)
        state.timed_draft = False
        frozen.faults.next_statuses = ["drop"]
        first = await service.create_all(state.drafts())
        assert first["twitter"].outcome is Outcome.UNKNOWN
        assert "Check Dash" in first["twitter"].message
        again = await service.create_all(state.drafts(), first)
        assert again["twitter"].outcome is Outcome.UNKNOWN
        assert len(rec.creates) == 1
        forced = await service.create_all(state.drafts(), again, force={"twitter"})  # the person insisted
        assert forced["twitter"].ok and len(rec.creates) == 2


@pytest.mark.asyncio
async def test_unknown_outcome_not_found_is_sent_once_more(frozen) -> None:
    async with sandbox_client(frozen) as client:
        rec = Recording(client)
        service = ComposeService(rec, frozen.brand_id, clock=lambda: NOW)
        drafts = _state([], ["twitter"]).drafts()
        # A lost answer whose post is not in Dash (the request never arrived): first attempt unknown...
        frozen.faults.next_statuses = [503]
        first = await service.create_all(drafts)
        assert first["twitter"].outcome is Outcome.FAILED
        second = await service.create_all(drafts, first)
        assert second["twitter"].ok and len(rec.creates) == 2


@pytest.mark.asyncio
async def test_edit_sends_only_changed_fields(frozen, sample_files) -> None:
    async with sandbox_client(frozen) as client:
        media = [await upload(client, frozen.brand_id, sample_files, MediaKind.IMAGE)]
        service = ComposeService(client, frozen.brand_id, clock=lambda: NOW)
        created = (await service.create_all(_state(media, ["instagram"]).drafts()))["instagram"]
        stored = (await client.get_post("instagram", created.post_id)).model_dump(mode="json")
        before = draft_from_post("instagram", stored)
        after = draft_from_post("instagram", stored)
        after.text = "Spring launch, now with more spring"
        after.extras["first_comment"] = "Tell us!"
        rec = Recording(client)
        result = await ComposeService(rec, frozen.brand_id).update("instagram", created.post_id, before, after)
        assert result.ok
        assert rec.updates == [("instagram", created.post_id,
                                {"caption": "Spring launch, now with more spring", "first_comment": "Tell us!"})]
        again = (await client.get_post("instagram", created.post_id)).model_dump(mode="json")
        assert again["caption"] == after.text and again["media_ids"] == [media[0].media_id]
        rec.updates.clear()
        nothing = await ComposeService(rec, frozen.brand_id).update("instagram", created.post_id, after, after)
        assert nothing.ok and nothing.sent == {} and rec.updates == []


@pytest.mark.asyncio
async def test_a_post_found_after_a_lost_answer_reaches_the_post_service(frozen) -> None:
    from dashdesk.services.posts import PostService

    async with sandbox_client(frozen) as client:
        posts = PostService(client, frozen.brand_id, clock=lambda: NOW)
        service = ComposeService(client, frozen.brand_id, posts=posts, clock=lambda: NOW)
        frozen.faults.next_statuses = ["drop"]
        result = (await service.create_all(_state([], ["threads"]).drafts()))["threads"]
        assert result.found_by_lookup
        assert ("threads", result.post_id) in posts.posts


@pytest.mark.asyncio
async def test_lost_answer_of_publish_now_is_unknown_not_resent(frozen, sample_files) -> None:
    async with sandbox_client(frozen) as client:
        rec = Recording(client)
        service = ComposeService(rec, frozen.brand_id, clock=lambda: NOW)
        drafts = _state([], ["threads"], PublishMode.NOW).drafts()
        frozen.faults.next_statuses = ["drop"]
        first = await service.create_all(drafts)
        assert first["threads"].outcome is Outcome.UNKNOWN and "has none" in first["threads"].message
        again = await service.create_all(drafts, first)
        assert again["threads"].outcome is Outcome.UNKNOWN and len(rec.creates) == 1
