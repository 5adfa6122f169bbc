"""Swapping two Instagram posts' times from the grid, against the sandbox over loopback:
only timestamps are PATCHed, one undo step puts both back, posts that can't move are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from dashdesk.api import DashClient, Hosts
from dashdesk.sandbox.samples import make_image
from dashdesk.services.grid_plan import first_media_url, grid_order, on_grid, swap_times
from dashdesk.services.post import Post
from dashdesk.services.posts import MoveRefused, PostService, UndoRecord


class Recording:
    """Passes calls to the sandbox client and records every PATCH body."""

    def __init__(self, inner: DashClient) -> None:
        self.inner = inner
        self.updates: list[tuple[str, int, dict[str, Any]]] = []

    async def update_post(self, platform: str, post_id: int, changes: dict[str, Any]) -> Any:
        self.updates.append((platform, post_id, dict(changes)))
        return await self.inner.update_post(platform, post_id, changes)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def client_for(sandbox: Any) -> DashClient:
    async def no_sleep(_s: float) -> None:
        return None

    return DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), sleep=no_sleep)


async def make_posts(client: DashClient, brand: int, tmp_path, whens: list[datetime]) -> list[int]:
    ids = []
    for n, when in enumerate(whens):
        path = tmp_path / f"p{n}.jpg"
        path.write_bytes(make_image(400, 400, label=str(n), variant=n))
        media = await client.upload_file(brand, path)
        post = await client.create_post("instagram", {
            "brand_id": brand, "status": "SCHEDULED", "caption": f"Post {n}", "post_type": "FEED",
            "media_ids": [media.attach_id], "timestamp": when, "auto_publish": True})
        ids.append(post.id)
    return ids


def test_swap_patches_only_timestamps_and_undoes_as_one_step(sandbox, run, tmp_path) -> None:
    async def scenario() -> None:
        client = client_for(sandbox)
        rec = Recording(client)
        base = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=3)
        t1, t2 = base, base + timedelta(days=2, hours=3)
        a, b = await make_posts(client, sandbox.brand_id, tmp_path, [t1, t2])
        service = PostService(rec, sandbox.brand_id)
        records: list[UndoRecord] = []
        service.on_record(records.append)
        await service.load(base - timedelta(days=1), base + timedelta(days=10), ["instagram"])
        tiles = grid_order(service.posts.values())
        assert [p.id for p in tiles] == [b, a]  # the later post sits top-left
        assert first_media_url(tiles[0]) is not None

        await swap_times(service, ("instagram", a), ("instagram", b))
        assert {tuple(u[2]) for u in rec.updates} == {("timestamp",)}  # only timestamps
        assert [u[1] for u in rec.updates] == [a, b]
        assert (await client.get_post("instagram", a)).timestamp == t2
        assert (await client.get_post("instagram", b)).timestamp == t1
        assert [p.id for p in grid_order(service.posts.values())] == [a, b]
        assert len(records) == 1 and records[0].keys == [("instagram", a), ("instagram", b)]

        await records[0].undo()
        assert (await client.get_post("instagram", a)).timestamp == t1
        assert (await client.get_post("instagram", b)).timestamp == t2
        assert len(records) == 1  # undoing records nothing new
        await records[0].redo()
        assert (await client.get_post("instagram", a)).timestamp == t2
        await client.aclose()

    run(scenario())


def test_posts_that_cannot_move_are_refused_before_anything_is_sent(sandbox, run, tmp_path) -> None:
    async def scenario() -> None:
        client = client_for(sandbox)
        rec = Recording(client)
        base = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=2)
        (a,) = await make_posts(client, sandbox.brand_id, tmp_path, [base])
        service = PostService(rec, sandbox.brand_id)
        await service.load(base - timedelta(days=1), base + timedelta(days=3), ["instagram"])
        posted = Post.from_json("instagram", {"id": 999999, "status": "POSTED", "post_type": "FEED",
                                              "timestamp": "2025-01-01T10:00:00Z"})
        service.set_posts([*service.posts.values(), posted])
        with pytest.raises(MoveRefused, match="can't be rescheduled"):
            await swap_times(service, ("instagram", a), ("instagram", 999999))
        with pytest.raises(MoveRefused, match="another post"):
            await swap_times(service, ("instagram", a), ("instagram", a))
        assert rec.updates == []
        assert (await client.get_post("instagram", a)).timestamp == base
        await client.aclose()

    run(scenario())


def test_grid_keeps_feed_posts_and_reels_not_stories() -> None:
    def post(n: int, status: str, day: int, post_type: str = "FEED", platform: str = "instagram") -> Post:
        return Post.from_json(platform, {"id": n, "status": status, "post_type": post_type,
                                         "timestamp": f"2026-03-{day:02d}T10:00:00Z"})

    posts = [post(1, "POSTED", 1), post(2, "SCHEDULED", 10), post(3, "SCHEDULED", 12, "REEL"),
             post(4, "SCHEDULED", 11, "STORY"), post(5, "POSTED", 3), post(6, "SCHEDULED", 9, platform="facebook"),
             post(7, "FAILED", 8), post(8, "DRAFT", 13)]
    assert [p.id for p in grid_order(posts)] == [3, 2, 5, 1]
    assert not on_grid(Post.from_json("instagram", {"id": 9, "status": "SCHEDULED"}))  # no time yet
