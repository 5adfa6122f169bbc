"""Outcome tracking cost: 3,000 posts cached, 20 of them in passing states.

Prints, over a simulated stretch of app time (the tracker's clock is simulated, the HTTP is real,
against the loopback sandbox):
  1. requests per minute spent on tracking, in the first minute and on average over the run, and the
     most requests one platform got in one poll (target: at most one list request per platform with
     passing posts per poll);
  2. UI-thread time per poll: the CPU time of the thread running the poll (finding the passing posts,
     planning the reads, applying the answers to the service and the Qt model; the HTTP runs on the
     tracker's worker thread, as in the app), median and worst (target < 5 ms);
  3. a settling run: 20 posts sent at once / due, how many polls and requests until all settled.

The steady case is the worst one: the 20 posts never settle (publish-now posts whose publishing the
sandbox holds back, and scheduled posts the tracker already sees as due while the sandbox's clock
has not reached them), so the tracker keeps asking, with its backoff.

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/tracking.py [--posts 3000] [--passing 20] [--minutes 10]``
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
TEXT_FIELD = {"twitter": "tweet_status", "threads": "text", "bluesky": "text", "linkedin": "text"}
#: Platforms that need no media (the benchmark creates posts without any).
PLATFORMS = ("twitter", "threads", "bluesky", "linkedin")


class Clock:
    """The tracker's simulated clock."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def fill_sandbox(sandbox, n: int, passing: int) -> None:
    """``n`` posts for the brand: ``passing`` of them passing (half sent at once, half due), the rest later."""
    sched = sandbox.state.scheduler
    brands = [sandbox.brand_id]
    half = passing // 2
    for i in range(half):  # publish-now posts on two platforms (no time: a recent-page read)
        platform = PLATFORMS[i % 2]
        sched.create(platform, {"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                TEXT_FIELD[platform]: f"now {i}"}, brands)
    for i in range(passing - half):  # due scheduled posts on two other platforms (a narrow range read)
        platform = PLATFORMS[2 + i % 2]
        when = T0 + timedelta(minutes=1 + i)
        sched.create(platform, {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "timestamp": when.isoformat(),
                                TEXT_FIELD[platform]: f"due {i}"}, brands)
    for i in range(n - passing):  # the rest: later this month, scheduled or draft
        platform = PLATFORMS[i % len(PLATFORMS)]
        when = T0 + timedelta(days=1, minutes=15 * (i % 2800))
        sched.create(platform, {"brand_id": sandbox.brand_id, "status": "SCHEDULED" if i % 4 else "DRAFT",
                                "timestamp": when.isoformat(), TEXT_FIELD[platform]: f"later {i}"}, brands)


async def steady(sandbox, cache_path: Path, minutes: float) -> dict[str, object]:
    """The worst case: nothing settles. Returns the figures."""
    from zoneinfo import ZoneInfo

    import httpx

    from dashdesk.api import DashClient, Hosts
    from dashdesk.services.background import BackgroundReads
    from dashdesk.services.posts import PostService
    from dashdesk.services.tracking import OutcomeTracker
    from dashdesk.store import PostsCache
    from dashdesk.ui.posts_model import PostsModel

    counted: list[tuple[str, str]] = []
    tracker = None

    class Counting(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            counted.append((request.method, request.url.path.strip("/").split("/")[0]))
            return await super().handle_async_request(request)

    client = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), transport=Counting())
    cache = PostsCache(cache_path)
    try:
        # Fill the cache the way the app does (a month and the undated posts), then start from it.
        loader = PostService(client, sandbox.brand_id, cache, clock=lambda: T0)
        await loader.load(T0 - timedelta(days=1), T0 + timedelta(days=40))
        await loader.load_undated()
        clock = Clock(T0 + timedelta(minutes=30))  # the tracker sees the scheduled ones as due
        service = PostService(client, sandbox.brand_id, cache, clock=clock)
        await service.load_cached(T0 - timedelta(days=1), T0 + timedelta(days=40))
        model = PostsModel(tz=ZoneInfo("Europe/Berlin"))
        model.attach(service)
        tracker = OutcomeTracker(service, notified=cache, clock=clock)
        # As in the app: the reads run on a worker thread with their own client.
        tracker.reads = BackgroundReads(lambda: DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url),
                                                           transport=Counting()))
        cached = len(service.posts)
        counted.clear()
        end = clock.now + timedelta(minutes=minutes)
        polls: list[tuple[datetime, int, dict[str, int], float]] = []
        passing = 0
        while clock.now < end:
            t0 = time.thread_time()
            report = await tracker.poll()
            spent = time.thread_time() - t0
            passing = max(passing, report.passing)
            polls.append((clock.now, report.request_count, dict(report.requests), spent))
            clock.now += timedelta(seconds=max(0.5, tracker.next_wake()))
        start = polls[0][0]
        first_minute = sum(n for at, n, _, _ in polls if at < start + timedelta(minutes=1))
        total = sum(n for _, n, _, _ in polls)
        working = [s for _, n, _, s in polls if n]
        platforms = {p for _, _, reqs, _ in polls for p in reqs}
        return {
            "cached": cached, "passing": passing, "platforms": len(platforms), "polls": len(polls),
            "polls_with_requests": len(working), "first_minute": first_minute, "per_minute": total / minutes,
            "max_per_platform_per_poll": max((max(r.values()) for _, _, r, _ in polls if r), default=0),
            "http": len(counted), "reported": total,
            "ui_median_ms": statistics.median(working) * 1000 if working else 0.0,
            "ui_max_ms": max(working) * 1000 if working else 0.0,
            "idle_ms": statistics.median([s for _, n, _, s in polls if not n] or [0.0]) * 1000,
        }
    finally:
        if tracker.reads is not None:
            tracker.reads.close()
        await client.aclose()
        cache.close()


async def settling(sandbox, cache_path: Path) -> tuple[int, int, int, float]:
    """Posts that do settle: (polls, requests, posts settled, worst UI-thread ms of a poll) until none passes."""
    from zoneinfo import ZoneInfo

    from dashdesk.api import DashClient, Hosts
    from dashdesk.services.background import BackgroundReads
    from dashdesk.services.posts import PostService
    from dashdesk.services.tracking import OutcomeTracker
    from dashdesk.store import PostsCache
    from dashdesk.ui.posts_model import PostsModel

    sandbox.state.scheduler.publish_delay_s = 5.0
    client = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url))
    cache = PostsCache(cache_path)
    try:
        service = PostService(client, sandbox.brand_id, cache, clock=sandbox.clock.now)
        for i in range(10):
            platform = PLATFORMS[i % 2]
            await service.create(platform, {"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                            TEXT_FIELD[platform]: f"settle {i}"})
        for i in range(10):
            platform = PLATFORMS[2 + i % 2]
            when = sandbox.clock.now() + timedelta(minutes=1 + i % 3)
            await service.create(platform, {"brand_id": sandbox.brand_id, "status": "SCHEDULED",
                                            "timestamp": when.isoformat(), TEXT_FIELD[platform]: f"due {i}"})
        model = PostsModel(tz=ZoneInfo("Europe/Berlin"))
        model.attach(service)
        tracker = OutcomeTracker(service, notified=cache, clock=sandbox.clock.now)
        tracker.reads = BackgroundReads(lambda: DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url)))
        polls = requests = settled = 0
        worst = 0.0
        for _ in range(200):
            t0 = time.thread_time()
            report = await tracker.poll()
            worst = max(worst, time.thread_time() - t0)
            polls += 1
            requests += report.request_count
            settled += len(report.outcomes)
            if not tracker.passing() and not any(
                p.status in ("SCHEDULED", "AUTOPUBLISHING") for p in service.posts.values()
            ):
                break
            sandbox.clock.advance(max(0.5, tracker.next_wake()))
        tracker.reads.close()
        return polls, requests, settled, worst * 1000
    finally:
        await client.aclose()
        cache.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--passing", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from dashdesk.sandbox.server import SandboxServer

    app = QApplication.instance() or QApplication([])  # noqa: F841 (the model needs one)
    with tempfile.TemporaryDirectory() as tmp, SandboxServer(rate_limit=100_000) as sandbox:
        sandbox.clock.freeze(T0)
        sandbox.state.scheduler.publish_delay_s = 10_000_000  # steady case: publish-now posts never settle
        fill_sandbox(sandbox, args.posts, args.passing)
        figures = asyncio.run(steady(sandbox, Path(tmp) / "steady.sqlite3", args.minutes))
        sandbox.reset()
        sandbox.clock.freeze(T0)
        polls, requests, settled, worst = asyncio.run(settling(sandbox, Path(tmp) / "settle.sqlite3"))
    f = figures
    print(f"posts cached: {f['cached']}, passing: {f['passing']} on {f['platforms']} platforms")
    print(f"steady worst case over {args.minutes:g} simulated minutes: {f['polls']} polls, "
          f"{f['polls_with_requests']} of them asked Dash")
    print(f"tracking requests per minute: first minute {f['first_minute']}, average {f['per_minute']:.1f} "
          f"(HTTP requests seen: {f['http']}, reported: {f['reported']})")
    print(f"most requests to one platform in one poll: {f['max_per_platform_per_poll']} (target <= 1)")
    print(f"UI-thread time per poll that asked Dash: median {f['ui_median_ms']:.2f} ms, "
          f"worst {f['ui_max_ms']:.2f} ms (target < 5 ms); a poll with nothing due: {f['idle_ms']:.2f} ms")
    print(f"settling run: 20 posts (10 sent at once, 10 due) settled in {polls} polls, {requests} requests, "
          f"{settled} outcomes; worst UI-thread time of a poll (views updated in place): {worst:.2f} ms")


if __name__ == "__main__":
    main()
