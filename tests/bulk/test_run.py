"""The run step against the loopback sandbox: creates, dedupe, faults, the journal and 429s."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dashdesk.bulk import DashClientBackend, ImportRun, Journal, RateLimiter, check_sheet, make_client, read_sheet
from dashdesk.bulk.check import ImportPlan

FUTURE = "2030-06-01 10:00"


class VirtualTime:
    """A UNIX clock whose sleeps only move it forward: waits for a rate-limit reset take no time."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return time.time() + self.offset

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.offset += seconds
        await asyncio.sleep(0)


class FaultOnFirstCreate(DashClientBackend):
    """Programs the sandbox's next answers just before the first create (after the run's listings)."""

    def __init__(self, client, limiter, sandbox, statuses) -> None:
        super().__init__(client, limiter)
        self._sandbox, self._statuses = sandbox, list(statuses)

    async def create_post(self, platform, body):
        if self._statuses:
            self._sandbox.faults.next_statuses, self._statuses = self._statuses, []
        return await super().create_post(platform, body)


async def run_import(sandbox, plan: ImportPlan, *, limiter: RateLimiter | None = None,
                     first_create=(), **kw) -> tuple[list, ImportRun]:
    limiter = limiter or RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    try:
        with Journal() as journal:
            backend = FaultOnFirstCreate(client, limiter, sandbox, first_create)
            run = ImportRun(plan, backend, brand_id=sandbox.brand_id, journal=journal, limiter=limiter, **kw)
            return await run.run(), run
    finally:
        await client.aclose()


def plan_of(path: Path, boards=None) -> ImportPlan:
    return check_sheet(read_sheet(path), now=datetime(2030, 1, 1, tzinfo=UTC), display_tz=UTC, boards=boards)


@pytest.mark.asyncio
async def test_import_creates_each_row_once_and_uploads_each_file_once(
        sandbox, write_csv: Callable[..., Path], media_files: dict[str, Path]) -> None:
    rows = [
        {"platform": "Instagram", "time": FUTURE, "text": "one", "media": "photo.jpg"},
        {"platform": "X", "time": FUTURE, "text": "two", "media": "photo.jpg"},
        {"platform": "TikTok", "time": FUTURE, "text": "three", "media": "clip.mp4"},
        {"platform": "Pinterest", "time": FUTURE, "text": "four", "media": "photo.jpg", "title": "T",
         "board": "Product Launches"},
        {"platform": "Bluesky", "mode": "draft", "text": "five"},
    ]
    path = write_csv(rows)
    results, run = await run_import(sandbox, plan_of(path))
    assert [r.outcome for r in results] == ["created"] * 5
    assert all(r.post_id for r in results)
    assert run.stats.uploads == 2  # photo.jpg once, clip.mp4 once
    assert sandbox.state.store.count_posts() == 5

    again, run2 = await run_import(sandbox, plan_of(path))
    assert [r.outcome for r in again] == ["already created"] * 5
    assert [r.post_id for r in again] == [r.post_id for r in results]
    assert run2.stats.creates == 0 and run2.stats.uploads == 0
    assert sandbox.state.store.count_posts() == 5


@pytest.mark.asyncio
async def test_second_import_of_a_partly_failed_file_creates_only_the_missing_posts(
        sandbox, write_csv: Callable[..., Path]) -> None:
    rows = [{"platform": p, "time": FUTURE, "text": f"post {i}", "post_type": "POST" if p == "facebook" else ""}
            for i, p in enumerate(["x", "facebook", "linkedin", "facebook", "threads", "bluesky"])]
    path = write_csv(rows)
    sandbox.faults.fail_platforms = {"facebook"}
    first, _ = await run_import(sandbox, plan_of(path), sleep=VirtualTime().sleep)
    assert [r.outcome for r in first] == ["created", "failed", "created", "failed", "created", "created"]
    assert sandbox.state.store.count_posts() == 4

    sandbox.faults.fail_platforms = set()
    second, run = await run_import(sandbox, plan_of(path))
    assert [r.outcome for r in second] == ["already created", "created", "already created", "created",
                                           "already created", "already created"]
    assert run.stats.creates == 2
    assert sandbox.state.store.count_posts() == 6


@pytest.mark.asyncio
async def test_lost_answer_is_looked_up_not_created_twice(sandbox, write_csv: Callable[..., Path]) -> None:
    path = write_csv([{"platform": "x", "time": FUTURE, "text": "dropped answer"},
                      {"platform": "linkedin", "mode": "draft", "text": "kept"}])
    # the first create is stored, its answer lost
    results, run = await run_import(sandbox, plan_of(path), concurrency=1, first_create=["drop"])
    assert [r.outcome for r in results] == ["created", "created"]
    assert run.stats.lookups == 1
    assert sandbox.state.store.count_posts() == 2


@pytest.mark.asyncio
async def test_rate_limited_create_is_sent_again_after_the_reset(sandbox, write_csv: Callable[..., Path]) -> None:
    path = write_csv([{"platform": "x", "time": FUTURE, "text": f"t{i}"} for i in range(3)])
    virtual = VirtualTime()
    limiter = RateLimiter(clock=virtual.clock, sleep=virtual.sleep)
    results, run = await run_import(sandbox, plan_of(path), concurrency=1, limiter=limiter, first_create=[429])
    assert [r.outcome for r in results] == ["created"] * 3
    assert run.stats.rate_limited == 1
    assert virtual.slept and max(virtual.slept) > 0  # it waited for the window named by the 429
    assert sandbox.state.store.count_posts() == 3


@pytest.mark.asyncio
async def test_rows_with_errors_are_never_sent(sandbox, write_csv: Callable[..., Path]) -> None:
    path = write_csv([{"platform": "Myspace", "text": "a"},
                      {"platform": "x", "time": "tomorrow", "text": "b"},
                      {"platform": "instagram", "time": FUTURE, "text": "c", "media": "missing.jpg"},
                      {"platform": "youtube", "time": FUTURE, "text": "d"}])
    results, run = await run_import(sandbox, plan_of(path))
    assert [r.outcome for r in results] == ["not sent"] * 4
    assert all(r.problems for r in results)
    assert run.stats.creates == 0 and run.stats.uploads == 0
    assert sandbox.state.store.count_posts() == 0


@pytest.mark.asyncio
async def test_unknown_board_fails_only_its_row(sandbox, write_csv: Callable[..., Path],
                                                media_files: dict[str, Path]) -> None:
    path = write_csv([{"platform": "pinterest", "mode": "draft", "text": "n", "title": "T", "board": "Nope"},
                      {"platform": "pinterest", "mode": "draft", "text": "n", "title": "T",
                       "board": "behind the scenes"}])
    results, _ = await run_import(sandbox, plan_of(path))  # boards unknown at check time
    assert [r.outcome for r in results] == ["failed", "created"]
    assert results[0].problems[0].column == "board"


@pytest.mark.asyncio
async def test_progress_reports_time_left_and_ends_at_total(sandbox, write_csv: Callable[..., Path]) -> None:
    path = write_csv([{"platform": "threads", "mode": "draft", "text": f"p{i}"} for i in range(12)])
    seen = []
    results, _ = await run_import(sandbox, plan_of(path), on_progress=seen.append)
    assert len(seen) == 12 and seen[-1].done == seen[-1].total == 12 and seen[-1].seconds_left == 0
    assert all(p.seconds_left is not None for p in seen)
    assert all(r.ok for r in results)


@pytest.mark.asyncio
async def test_a_post_deleted_on_dash_is_created_again(sandbox, write_csv: Callable[..., Path]) -> None:
    path = write_csv([{"platform": "x", "time": FUTURE, "text": "keep"},
                      {"platform": "x", "time": FUTURE, "text": "deleted in Dash"}])
    first, _ = await run_import(sandbox, plan_of(path))
    client = make_client(sandbox.api_key, sandbox.url, RateLimiter())
    try:
        await client.delete_post("twitter", first[1].post_id)
    finally:
        await client.aclose()
    second, run = await run_import(sandbox, plan_of(path))
    assert [r.outcome for r in second] == ["already created", "created"]
    assert second[0].post_id == first[0].post_id and second[1].post_id
    assert run.stats.creates == 1
    assert sandbox.state.store.count_posts() == 2


@pytest.mark.asyncio
async def test_media_remembered_but_gone_from_the_library_is_uploaded_again(
        sandbox, write_csv: Callable[..., Path], media_files: dict[str, Path]) -> None:
    first = write_csv([{"platform": "x", "time": FUTURE, "text": "one", "media": "photo.jpg"}], name="a.csv")
    await run_import(sandbox, plan_of(first))
    key = plan_of(first).rows[0].media_keys[0]
    with Journal() as journal:  # as if the Library item had been deleted since
        journal.scope(sandbox.url, sandbox.brand_id).remember_media(key, 999_999_999, "IMAGE", None)
    second = write_csv([{"platform": "x", "time": FUTURE, "text": "two", "media": "photo.jpg"}], name="b.csv")
    results, run = await run_import(sandbox, plan_of(second))
    assert [r.outcome for r in results] == ["created"], results
    assert run.stats.uploads == 1
    with Journal() as journal:
        assert journal.scope(sandbox.url, sandbox.brand_id).media(key).media_id != 999_999_999
