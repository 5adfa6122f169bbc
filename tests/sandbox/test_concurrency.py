"""1,000 creates at concurrency 16 over loopback: every post is listed exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx


async def _create_many(sandbox, count: int, concurrency: int) -> list[int]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=sandbox.url, headers=sandbox.headers(), limits=limits,
                                 timeout=60) as client:
        gate = asyncio.Semaphore(concurrency)

        async def create(index: int) -> int:
            body = {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "tweet_status": f"post {index}",
                    "timestamp": f"2026-12-{1 + index % 28:02d}T{index % 24:02d}:00:00Z"}
            async with gate:
                response = await client.post("/twitter/scheduled_posts", json=body)
            assert response.status_code == 200, response.text
            return response.json()["id"]

        return await asyncio.gather(*(create(i) for i in range(count)))


def test_thousand_concurrent_creates_are_each_listed_once(api, sandbox) -> None:
    ids = asyncio.run(_create_many(sandbox, 1000, 16))
    assert len(set(ids)) == 1000
    listed = api.get("/twitter/scheduled_posts", params={"brand_ids": sandbox.brand_id,
                                                         "start": "2026-12-01T00:00:00Z",
                                                         "end": "2026-12-31T23:59:59Z"}).json()
    counts = Counter(p["id"] for p in listed["data"])
    assert set(counts) == set(ids) and set(counts.values()) == {1}
    texts = Counter(p["tweet_status"] for p in listed["data"])
    assert len(texts) == 1000 and set(texts.values()) == {1}
    stamps = [p["timestamp"] for p in listed["data"]]
    assert stamps == sorted(stamps)
