"""SaveFlow (the composer's save, without Qt) against the sandbox over loopback.

Covers: creates that remember what is saved, a retry that sends only what failed, a draft saved
while uploads run and PATCHed with its media when they end, an edit's PATCH, unknown outcomes
forced, and the seams later features plug into (``prepare`` before creates, ``before_patch``).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dashdesk.api import DashClient, Hosts
from dashdesk.platforms import Draft, MediaKind, MediaRef, PublishMode, new_draft
from dashdesk.services.compose import ComposeService, Outcome
from dashdesk.services.save_flow import EditTarget, SaveFlow

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WHEN = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


class Recording:
    """Wraps a client and records the creates and updates sent through it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.creates: list[str] = []
        self.updates: list[tuple[str, int, dict[str, Any]]] = []

    async def create_post(self, platform: str, body: dict[str, Any]) -> Any:
        self.creates.append(platform)
        return await self.inner.create_post(platform, body)

    async def update_post(self, platform: str, post_id: int, changes: dict[str, Any]) -> Any:
        self.updates.append((platform, post_id, dict(changes)))
        return await self.inner.update_post(platform, post_id, changes)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def frozen(sandbox: Any) -> Any:
    sandbox.clock.freeze(NOW)
    return sandbox


def client_for(sandbox: Any) -> DashClient:
    async def no_sleep(_seconds: float) -> None:
        return None

    return DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), sleep=no_sleep)


async def library_image(client: DashClient, brand_id: int, tmp_path: Path, n: int) -> MediaRef:
    from dashdesk.sandbox.samples import make_image

    path = tmp_path / f"photo{n}.jpg"
    path.write_bytes(make_image(320, 320, label=f"photo {n}", variant=n))
    media = await client.upload_file(brand_id, path)
    return MediaRef(int(media.attach_id), MediaKind.IMAGE)


def draft(platform: str, media: list[MediaRef], mode: PublishMode = PublishMode.SCHEDULE, **kw: Any) -> Draft:
    return new_draft(platform, mode=mode, text="Spring launch", media=list(media),
                     timestamp=None if mode is PublishMode.NOW else WHEN, **kw)


def flow_for(client: Any, brand_id: int, **kw: Any) -> SaveFlow:
    return SaveFlow(ComposeService(client, brand_id, clock=lambda: NOW), **kw)


def test_the_save_flow_needs_no_qt() -> None:
    code = "import sys, dashdesk.services.save_flow; sys.exit('PySide6' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    assert subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode == 0


@pytest.mark.asyncio
async def test_retry_sends_only_what_failed_and_saved_is_kept_in_place(frozen, tmp_path) -> None:
    async with client_for(frozen) as client:
        image = await library_image(client, frozen.brand_id, tmp_path, 0)
        rec = Recording(client)
        saved: dict[str, int] = {}
        flow = flow_for(rec, frozen.brand_id, saved=saved)
        drafts = {p: draft(p, [image]) for p in ("instagram", "linkedin")}
        frozen.faults.fail_platforms = {"linkedin"}
        seen: list[str] = []
        first = await flow.save(drafts, on_result=lambda r: seen.append(r.platform))
        assert first["instagram"].ok and first["linkedin"].outcome is Outcome.FAILED
        assert sorted(seen) == ["instagram", "linkedin"]
        assert saved == {"instagram": first["instagram"].post_id}  # the caller's dict, updated in place
        assert flow.failed_platforms() == ["linkedin"] and not flow.is_done(drafts)
        frozen.faults.fail_platforms = set()
        rec.creates.clear()
        second = await flow.save(drafts)
        assert rec.creates == ["linkedin"] and list(second) == ["linkedin"]
        assert flow.is_complete(drafts) and flow.failed_platforms() == []
        stored = await client.get_post("linkedin", saved["linkedin"])
        assert stored.media_ids == [image.media_id]


@pytest.mark.asyncio
async def test_draft_saved_while_uploading_gets_its_media_when_uploads_end(frozen, tmp_path) -> None:
    async with client_for(frozen) as client:
        ready = await library_image(client, frozen.brand_id, tmp_path, 1)
        rec = Recording(client)
        flow = flow_for(rec, frozen.brand_id)
        first = draft("instagram", [ready], PublishMode.DRAFT)
        await flow.save({"instagram": first}, uploads_running=True)
        post_id = flow.saved["instagram"]
        assert flow.awaiting == {"instagram": post_id}
        assert flow.is_done(["instagram"]) and not flow.is_complete(["instagram"])
        late = await library_image(client, frozen.brand_id, tmp_path, 2)  # the upload that was running
        waited: list[bool] = []

        async def wait() -> None:
            waited.append(True)

        results = await flow.follow_up(wait, lambda p: dataclasses.replace(first, media=[ready, late]))
        assert waited == [True]
        assert results["instagram"].ok and results["instagram"].sent == {"media_ids": [ready.media_id, late.media_id]}
        assert rec.updates == [("instagram", post_id, {"media_ids": [ready.media_id, late.media_id]})]
        assert flow.awaiting == {} and flow.is_complete(["instagram"])
        stored = await client.get_post("instagram", post_id)
        assert stored.media_ids == [ready.media_id, late.media_id] and stored.status == "DRAFT"


@pytest.mark.asyncio
async def test_a_failed_follow_up_keeps_the_post_awaiting(frozen, tmp_path) -> None:
    async with client_for(frozen) as client:
        ready = await library_image(client, frozen.brand_id, tmp_path, 3)
        flow = flow_for(client, frozen.brand_id)
        first = draft("instagram", [ready], PublishMode.DRAFT)
        await flow.save({"instagram": first}, uploads_running=True)
        frozen.faults.fail_platforms = {"instagram"}

        async def wait() -> None:
            return None

        results = await flow.follow_up(wait, lambda p: dataclasses.replace(first, media=[]))
        assert not results["instagram"].ok and results["instagram"].message
        assert "instagram" in flow.awaiting and not flow.is_complete(["instagram"])


@pytest.mark.asyncio
async def test_editing_patches_only_changes_after_the_before_patch_check(frozen, tmp_path) -> None:
    async with client_for(frozen) as client:
        image = await library_image(client, frozen.brand_id, tmp_path, 4)
        original = draft("instagram", [image])
        created = await flow_for(client, frozen.brand_id).save({"instagram": original})
        post_id = created["instagram"].post_id
        rec = Recording(client)
        flow = flow_for(rec, frozen.brand_id, edit=EditTarget("instagram", post_id, original))
        checked: list[tuple[str, int]] = []

        async def check(platform: str, pid: int, before: Draft, after: Draft) -> None:
            checked.append((platform, pid))

        flow.before_patch = check
        edited = dataclasses.replace(original, text="Spring launch, now in linen")
        results = await flow.save({"instagram": edited})
        assert flow.editing and results["instagram"].ok and flow.saved == {}
        assert checked == [("instagram", post_id)]
        assert rec.updates == [("instagram", post_id, {"caption": "Spring launch, now in linen"})]

        class Conflict(Exception):
            pass

        async def refuse(*_args: Any) -> None:
            raise Conflict("changed elsewhere")

        flow.before_patch = refuse
        rec.updates.clear()
        with pytest.raises(Conflict):
            await flow.save({"instagram": dataclasses.replace(edited, text="Third version")})
        assert rec.updates == []  # the seam stops the PATCH before anything is sent


@pytest.mark.asyncio
async def test_unknown_outcome_is_sent_again_only_when_forced(frozen) -> None:
    async with client_for(frozen) as client:
        rec = Recording(client)
        flow = flow_for(rec, frozen.brand_id)
        untimed = {"twitter": new_draft("twitter", mode=PublishMode.DRAFT, text="Launch day")}
        frozen.faults.next_statuses = ["drop"]  # stored, answer lost; an untimed draft can't be looked up
        await flow.save(untimed)
        assert flow.unknown_platforms() == ["twitter"] and flow.saved == {}
        await flow.save(untimed)
        assert rec.creates == ["twitter"]  # not sent twice
        await flow.save(untimed, force=True)
        assert rec.creates == ["twitter", "twitter"] and flow.unknown_platforms() == []
        assert "twitter" in flow.saved


@pytest.mark.asyncio
async def test_prepare_turns_drafts_into_what_is_sent(frozen) -> None:
    async with client_for(frozen) as client:
        flow = flow_for(client, frozen.brand_id)
        slot = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)

        async def next_slot(drafts: dict[str, Draft]) -> dict[str, Draft]:  # what "Add to queue" would do
            return {p: dataclasses.replace(d, timestamp=slot) for p, d in drafts.items()}

        flow.prepare = next_slot
        results = await flow.save({"threads": draft("threads", [])})
        stored = await client.get_post("threads", results["threads"].post_id)
        assert stored.timestamp == slot
