"""PostService against an in-memory fake client: optimistic changes, rollback, undo records."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dashdesk.services.post import Post
from dashdesk.services.posts import Change, MoveRefused, PostService, UndoRecord
from dashdesk.store import PostsCache

NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)


class Refused(Exception):
    def user_message(self) -> str:
        return "The API said no"


@dataclass
class Range:
    posts: list[dict]
    errors: dict[str, Exception] = field(default_factory=dict)


class FakeClient:
    def __init__(self) -> None:
        self.server: dict[tuple[str, int], dict] = {}
        self.next_id = 100
        self.fail_update = False
        self.fail_platforms: dict[str, Exception] = {}
        self.gate: asyncio.Event | None = None
        self.calls: list[tuple] = []

    def add(self, platform: str, **data: Any) -> dict:
        self.next_id += 1
        post = {"id": self.next_id, "brand_id": 144, "platform": platform, "status": "SCHEDULED", **data}
        self.server[(platform, post["id"])] = post
        return post

    async def fetch_range(self, brand_id, start, end, platforms=()):
        self.calls.append(("fetch", start, end))
        if self.gate is not None:
            await self.gate.wait()
        posts = [copy.deepcopy(p) for (plat, _), p in self.server.items()
                 if plat in platforms and plat not in self.fail_platforms]
        return Range(posts, {p: e for p, e in self.fail_platforms.items() if p in platforms})

    async def update_post(self, platform, post_id, changes):
        self.calls.append(("patch", platform, post_id, changes))
        await asyncio.sleep(0)
        if self.fail_update:
            raise Refused("nope")
        self.server[(platform, post_id)].update(changes)
        return copy.deepcopy(self.server[(platform, post_id)])

    async def delete_post(self, platform, post_id):
        self.calls.append(("delete", platform, post_id))
        del self.server[(platform, post_id)]

    async def create_post(self, platform, body):
        self.calls.append(("create", platform, body))
        return copy.deepcopy(self.add(platform, **body))


def make(tmp_path=None) -> tuple[PostService, FakeClient, list[Change], list[UndoRecord]]:
    client = FakeClient()
    cache = PostsCache(tmp_path / "c.db") if tmp_path else None
    svc = PostService(client, 144, cache, clock=lambda: NOW)
    changes: list[Change] = []
    records: list[UndoRecord] = []
    svc.subscribe(changes.append)
    svc.on_record(records.append)
    return svc, client, changes, records


R0, R1 = NOW - timedelta(days=10), NOW + timedelta(days=30)


@pytest.mark.asyncio
async def test_load_replaces_and_keeps_failed_platforms(tmp_path) -> None:
    svc, client, changes, _ = make(tmp_path)
    a = client.add("instagram", caption="A", timestamp="2026-03-10T10:00:00Z")
    b = client.add("twitter", tweet_status="B", timestamp="2026-03-11T10:00:00Z")
    res = await svc.load(R0, R1)
    assert not res.errors and not res.offline
    assert set(svc.posts) == {("instagram", a["id"]), ("twitter", b["id"])}
    assert svc.posts[("instagram", a["id"])].text == "A"
    assert await svc.last_sync() == NOW
    client.fail_platforms = {"twitter": Refused("down")}
    del client.server[("twitter", b["id"])]
    res = await svc.load(R0, R1)
    assert set(res.errors) == {"twitter"} and not res.offline
    assert ("twitter", b["id"]) in svc.posts  # kept: its platform failed
    assert changes[0].kind == "reset"


@pytest.mark.asyncio
async def test_offline_when_every_platform_cannot_connect() -> None:
    svc, client, _, _ = make()
    from dashdesk.platforms import PLATFORM_IDS

    client.fail_platforms = {p: ConnectionError("no route") for p in PLATFORM_IDS}
    res = await svc.load(R0, R1)
    assert res.offline and res.synced_at is None


@pytest.mark.asyncio
async def test_cache_shows_posts_before_loading(tmp_path) -> None:
    svc, client, _, _ = make(tmp_path)
    client.add("threads", text="cached", timestamp="2026-03-10T10:00:00Z")
    await svc.load(R0, R1)
    fresh = PostService(None, 144, PostsCache(tmp_path / "c.db"), clock=lambda: NOW)
    assert await fresh.load_cached(R0, R1) == 1
    assert next(iter(fresh.posts.values())).text == "cached"


@pytest.mark.asyncio
async def test_move_is_optimistic_then_confirmed_with_undo() -> None:
    svc, client, _changes, records = make()
    p = client.add("linkedin", text="x", timestamp="2026-03-10T10:00:00Z")
    await svc.load(R0, R1)
    key = ("linkedin", p["id"])
    new = datetime(2026, 3, 12, 15, 15, tzinfo=UTC)
    task = asyncio.ensure_future(svc.move(key, new))
    await asyncio.sleep(0)
    assert svc.posts[key].timestamp == new  # shown before the API answered
    await task
    assert client.server[key]["timestamp"] == "2026-03-12T15:15:00Z"
    assert len(records) == 1 and records[0].kind == "move"
    await records[0].undo()
    assert client.server[key]["timestamp"] == "2026-03-10T10:00:00Z"
    assert svc.posts[key].timestamp == datetime(2026, 3, 10, 10, tzinfo=UTC)
    await records[0].redo()
    assert svc.posts[key].timestamp == new
    assert len(records) == 1  # undo/redo do not record again


@pytest.mark.asyncio
async def test_refused_move_rolls_back_and_raises() -> None:
    svc, client, _, records = make()
    p = client.add("facebook", message="m", timestamp="2026-03-10T10:00:00Z")
    await svc.load(R0, R1)
    key = ("facebook", p["id"])
    client.fail_update = True
    with pytest.raises(Refused):
        await svc.move(key, datetime(2026, 3, 20, tzinfo=UTC))
    assert svc.posts[key].timestamp == datetime(2026, 3, 10, 10, tzinfo=UTC)
    assert records == []


@pytest.mark.asyncio
async def test_moves_refused_before_the_api() -> None:
    svc, client, _, _ = make()
    posted = client.add("instagram", status="POSTED", timestamp="2026-03-10T10:00:00Z")
    publishing = client.add("instagram", status="AUTOPUBLISHING", timestamp="2026-03-10T10:00:00Z")
    past = client.add("instagram", status="SCHEDULED", timestamp="2026-03-01T10:00:00Z")
    ok = client.add("instagram", status="DRAFT", timestamp="2026-03-10T10:00:00Z")
    await svc.load(R0, R1)
    later = datetime(2026, 3, 20, tzinfo=UTC)
    for p, word in ((posted, "Posted"), (publishing, "Publishing"), (past, "passed")):
        with pytest.raises(MoveRefused, match=word):
            await svc.move(("instagram", p["id"]), later)
    with pytest.raises(MoveRefused, match="past"):
        await svc.move(("instagram", ok["id"]), NOW - timedelta(minutes=15))
    assert not [c for c in client.calls if c[0] == "patch"]


@pytest.mark.asyncio
async def test_delete_undo_recreates_and_redo_deletes_again() -> None:
    svc, client, _, records = make()
    p = client.add("bluesky", text="bye", status="SCHEDULED", auto_publish=True,
                   timestamp="2026-03-10T10:00:00Z", media_ids=[])
    await svc.load(R0, R1)
    key = ("bluesky", p["id"])
    await svc.delete(key)
    assert key not in svc.posts and key not in client.server
    await records[0].undo()
    new_key = svc.resolve(key)
    assert new_key != key and new_key in client.server
    assert client.server[new_key]["text"] == "bye"
    await records[0].redo()
    assert new_key not in client.server and new_key not in svc.posts


@pytest.mark.asyncio
async def test_load_keeps_a_change_in_flight() -> None:
    svc, client, _, _ = make()
    p = client.add("threads", text="t", timestamp="2026-03-10T10:00:00Z")
    await svc.load(R0, R1)
    key = ("threads", p["id"])
    gate = asyncio.Event()
    original = client.update_post

    async def slow_update(*a):
        await gate.wait()
        return await original(*a)

    client.update_post = slow_update
    new = datetime(2026, 3, 15, tzinfo=UTC)
    task = asyncio.ensure_future(svc.move(key, new))
    await asyncio.sleep(0)
    await svc.load(R0, R1)  # the server still has the old time
    assert svc.posts[key].timestamp == new
    gate.set()
    await task
    assert svc.posts[key].timestamp == new


@pytest.mark.asyncio
async def test_update_and_approve_hook_record_inverse() -> None:
    svc, client, _, records = make()
    p = client.add("instagram", caption="old", timestamp="2026-03-10T10:00:00Z")
    await svc.load(R0, R1)
    key = ("instagram", p["id"])
    await svc.approve(key, {"caption": "new", "status": "SCHEDULED"})
    assert client.server[key]["caption"] == "new"
    assert records[-1].text == "Approve post"
    await records[-1].undo()
    assert client.server[key]["caption"] == "old"


def test_post_fields_from_json() -> None:
    post = Post.from_json("pinterest", {"id": 3, "status": "DRAFT", "note": "n", "meta": {"title": "T"},
                                        "media": [{"id": 1, "type": "VIDEO",
                                                   "image_sizes": {"small_square": {"url": "http://x/t.jpg"}}}]})
    assert post.key == ("pinterest", 3)
    assert post.text == "n"
    assert post.first_media_kind == "VIDEO"
    assert post.thumbnail_url == "http://x/t.jpg"
    assert post.timestamp is None
