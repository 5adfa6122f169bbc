"""Queue benchmark: the next free slot of 10 platforms with 5,000 future posts cached.

Each platform has 10 weekly slots (mon-fri 09:00,17:00 in its own zone) and 500 future posts, most
of them sitting on its slots, so the search walks about a year of taken slots before it finds a
free one: the slow case. Prints the median over ``--runs`` of
  1. reading the posts' times from the SQLite posts cache and indexing them,
  2. finding the next free slot of all 10 platforms,
  3. both together (target < 5 ms),
and the first search of a session (the per-week zone-offset cache empty) once.

Run: ``python benchmarks/queue_slots.py [--posts 5000] [--runs 20]``
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashdesk.planning.queue import QueuePlanner  # noqa: E402
from dashdesk.planning.schedule import PostingSchedule, make_entry  # noqa: E402
from dashdesk.planning.slots import Occupancy  # noqa: E402
from dashdesk.platforms import PLATFORM_IDS, format_timestamp  # noqa: E402
from dashdesk.store.posts_cache import PostsCache  # noqa: E402

ZONES = ("Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC")
BRAND = 1


def build(path: Path, posts: int, now: datetime) -> PostingSchedule:
    """Fill a posts cache and a schedule: each platform's slots taken by its posts for months."""
    schedule = PostingSchedule()
    rng = random.Random(7)
    rows = []
    per_platform = posts // len(PLATFORM_IDS)
    for index, platform in enumerate(PLATFORM_IDS):
        zone = ZONES[index % len(ZONES)]
        schedule.set(None, platform, make_entry("mon-fri 09:00,17:00", zone))
        planner = QueuePlanner(schedule, BRAND, ZoneInfo("UTC"), now=now)
        slots = planner.peek(platform, per_platform)
        for n, when in enumerate(slots):
            if rng.random() < 0.05:  # a few made elsewhere, a few minutes off the slot (still taken)
                when += timedelta(minutes=rng.choice((-3, 2, 4)))
            rows.append((platform, {"id": index * 100_000 + n, "brand_id": BRAND, "status": "SCHEDULED",
                                    "timestamp": format_timestamp(when), "caption": "x" * 80}))
    cache = PostsCache(path)
    cache.replace_range(BRAND, now, now + timedelta(days=3650), PLATFORM_IDS, rows)
    cache.close()
    return schedule


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    now = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "posts.sqlite3"
        schedule = build(path, args.posts, now)
        schedule = PostingSchedule.from_json(json.loads(json.dumps(schedule.to_json())))
        cache = PostsCache(path)
        from dashdesk.planning import slots as slots_module

        slots_module._steady_offset.cache_clear()  # the first search of a session: nothing cached yet
        slots_module._WEEKS.clear()
        t0 = time.perf_counter()
        occupancy = Occupancy.of_epochs(cache.times(BRAND, now, now + timedelta(days=400)))
        planner = QueuePlanner(schedule, BRAND, ZoneInfo("UTC"), now=now, occupancy=occupancy)
        [planner.peek(p)[0] for p in PLATFORM_IDS]
        cold_ms = (time.perf_counter() - t0) * 1000
        read_ms, find_ms, total_ms = [], [], []
        found: list[datetime] = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            occupancy = Occupancy.of_epochs(cache.times(BRAND, now, now + timedelta(days=400)))
            t1 = time.perf_counter()
            planner = QueuePlanner(schedule, BRAND, ZoneInfo("UTC"), now=now, occupancy=occupancy)
            found = [planner.peek(p)[0] for p in PLATFORM_IDS]
            t2 = time.perf_counter()
            read_ms.append((t1 - t0) * 1000)
            find_ms.append((t2 - t1) * 1000)
            total_ms.append((t2 - t0) * 1000)
        cache.close()
    print(f"posts cached: {args.posts} future posts, {len(PLATFORM_IDS)} platforms, 10 slots a week each")
    print(f"next free slot found: {min(found):%Y-%m-%d} .. {max(found):%Y-%m-%d} (slots taken until then)")
    print(f"read + index the cached times: {statistics.median(read_ms):.2f} ms (median of {args.runs})")
    print(f"next free slot, 10 platforms:  {statistics.median(find_ms):.2f} ms (median of {args.runs})")
    print(f"first search of a session (cold zone cache), read + find: {cold_ms:.2f} ms")
    total = statistics.median(total_ms)
    print(f"total:                         {total:.2f} ms  target < 5 ms: {'met' if total < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
