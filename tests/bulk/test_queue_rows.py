"""Campaign CSV rows with mode ``queue``: next free posting times in file order, never created twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dashdesk.bulk.check import check_sheet
from dashdesk.bulk.cli import EXIT_OK, EXIT_ROWS_FAILED, main
from dashdesk.bulk.reader import read_sheet
from dashdesk.planning.queue import QueuePlanner
from dashdesk.planning.schedule import PostingSchedule, make_entry


def online(sandbox) -> list[str]:
    return ["--api-url", sandbox.url, "--api-key", sandbox.api_key, "--brand", str(sandbox.brand_id)]


@pytest.fixture
def schedule() -> PostingSchedule:
    schedule = PostingSchedule()
    schedule.set(None, "twitter", make_entry("mon-fri 09:00,17:00; sat 11:00", "Europe/Paris"))
    schedule.set(None, "linkedin", make_entry("daily 08:00", "Europe/Paris"))
    schedule.save()
    return schedule


def sandbox_posts(sandbox, platform: str) -> list[dict]:
    records, _ = sandbox.state.store.list_posts(platform, [sandbox.brand_id], None, None)
    return [{**r["post"], **r["body"]} for r in records]


def test_queue_mode_is_checked(write_csv: Callable[..., Path]) -> None:
    plan = check_sheet(read_sheet(write_csv([
        {"platform": "x", "mode": "queue", "text": "a"},
        {"platform": "x", "mode": "Queue", "time": "2030-01-01 10:00", "text": "b"},
        {"platform": "x", "mode": "whenever", "text": "c"},
    ])))
    first, second, third = plan.rows
    assert first.ok and first.queued and first.draft.timestamp is None
    assert not second.ok and "leave the time empty" in second.errors[0].message
    assert not third.ok and "queue" in third.errors[0].message


def test_twenty_queue_rows_fill_the_next_twenty_slots_and_a_rerun_creates_nothing(
        sandbox, schedule: PostingSchedule, write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    # A post made elsewhere sits on the first slot: the queue goes around it.
    expected = QueuePlanner(schedule, sandbox.brand_id, ZoneInfo("Europe/Paris")).peek("twitter", 21)
    taken = write_csv([{"platform": "x", "time": expected[0].isoformat(), "text": "made elsewhere"}],
                      name="elsewhere.csv")
    assert main(["import", str(taken), *online(sandbox)]) == EXIT_OK
    rows = [{"platform": "x", "mode": "queue", "text": f"queued post {n}"} for n in range(20)]
    rows.insert(5, {"platform": "linkedin", "mode": "queue", "text": "another platform's queue"})
    path = write_csv(rows)
    capsys.readouterr()

    assert main(["import", str(path), "--dry-run", "--timezone", "Europe/Paris", "--brand",
                 str(sandbox.brand_id)]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.count("Queued for") == 21 and sandbox.state.store.count_posts() == 1

    assert main(["import", str(path), *online(sandbox), "--timezone", "Europe/Paris"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Created 21 posts, 0 already on Dash, 0 failed" in out
    posts = sorted(sandbox_posts(sandbox, "twitter"), key=lambda p: p["timestamp"])
    queued = [p for p in posts if _text(p) != "made elsewhere"]
    got = [p["timestamp"] for p in posts]
    assert len(got) == 21
    from dashdesk.platforms import parse_timestamp

    assert [parse_timestamp(t) for t in got] == expected
    # rows in file order take the slots in order
    by_text = {_text(p): parse_timestamp(p["timestamp"]) for p in queued}
    assert [by_text[f"queued post {n}"] for n in range(20)] == expected[1:]
    assert len(sandbox_posts(sandbox, "linkedin")) == 1

    # again: nothing new, and the dry run shows the times they were given
    assert main(["import", str(path), *online(sandbox)]) == EXIT_OK
    assert "Created 0 posts, 21 already on Dash, 0 failed" in capsys.readouterr().out
    assert sandbox.state.store.count_posts() == 22


def test_no_posting_times_is_a_row_error(sandbox, write_csv: Callable[..., Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv([{"platform": "bluesky", "mode": "queue", "text": "no slots"}])
    assert main(["import", str(path), *online(sandbox)]) == EXIT_ROWS_FAILED
    assert "Bluesky has no posting times yet" in capsys.readouterr().out
    assert sandbox.state.store.count_posts() == 0


def _text(post: dict) -> str:
    from dashdesk.services.post import Post

    return Post.from_json("twitter", post).text




def test_queue_rows_skip_the_calendars_no_posting_days(sandbox, schedule: PostingSchedule,
                                                         write_csv: Callable[..., Path],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from dashdesk.platforms import parse_timestamp
    from dashdesk.services.planning import open_store

    paris = ZoneInfo("Europe/Paris")
    first_two = QueuePlanner(schedule, sandbox.brand_id, paris).peek("linkedin", 2)
    store = open_store()  # the first slot's day is a "no posting" day in the calendar
    day = first_two[0].astimezone(paris).date()
    store.add_note(day, day, "Company holiday", no_posting=True)
    store.close()
    path = write_csv([{"platform": "linkedin", "mode": "queue", "text": "after the holiday"}])
    assert main(["import", str(path), *online(sandbox), "--timezone", "Europe/Paris"]) == EXIT_OK
    (post,) = sandbox_posts(sandbox, "linkedin")
    assert parse_timestamp(post["timestamp"]) == first_two[1]
