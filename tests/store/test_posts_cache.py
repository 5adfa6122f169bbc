"""The SQLite posts cache."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from dashdesk.store import PostsCache

T0 = datetime(2026, 3, 1, tzinfo=UTC)
T1 = datetime(2026, 4, 1, tzinfo=UTC)


def post(i: int, ts: str, **extra: object) -> dict:
    return {"id": i, "brand_id": 144, "status": "SCHEDULED", "timestamp": ts, **extra}


def test_replace_load_and_last_sync(tmp_path) -> None:
    cache = PostsCache(tmp_path / "c.db")
    assert cache.last_sync(144) is None
    synced = datetime(2026, 3, 2, 10, tzinfo=UTC)
    cache.replace_range(
        144, T0, T1, ["instagram", "twitter"],
        [("instagram", post(1, "2026-03-10T15:00:00Z", caption="hi")), ("twitter", post(2, "2026-03-11T09:00:00Z"))],
        synced_at=synced,
    )
    got = cache.load(144, T0, T1)
    assert [(p, d["id"]) for p, d in got] == [("instagram", 1), ("twitter", 2)]
    assert got[0][1]["caption"] == "hi"
    assert cache.last_sync(144) == synced
    assert cache.load(145, T0, T1) == []
    cache.close()
    again = PostsCache(tmp_path / "c.db")
    assert again.count(144) == 2


def test_replace_only_touches_given_platforms_and_range(tmp_path) -> None:
    cache = PostsCache(tmp_path / "c.db")
    cache.upsert(144, "instagram", post(1, "2026-03-10T15:00:00Z"))
    cache.upsert(144, "twitter", post(2, "2026-03-11T09:00:00Z"))
    cache.upsert(144, "instagram", post(3, "2026-05-11T09:00:00Z"))
    cache.replace_range(144, T0, T1, ["instagram"], [])
    assert [(p, d["id"]) for p, d in cache.load(144, T0, datetime(2026, 6, 1, tzinfo=UTC))] == [
        ("twitter", 2), ("instagram", 3)]
    cache.delete(144, "twitter", 2)
    assert cache.count(144) == 1


def test_usable_from_another_thread(tmp_path) -> None:
    cache = PostsCache(tmp_path / "c.db")
    t = threading.Thread(target=cache.upsert, args=(144, "threads", post(9, "2026-03-12T00:00:00Z")))
    t.start()
    t.join()
    assert cache.count(144) == 1
