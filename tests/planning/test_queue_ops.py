"""Fill gaps and Shuffle against the sandbox, through the post service, as one undo step (pytest-qt)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtGui import QUndoStack

from dashdesk.api import DashClient, Hosts
from dashdesk.planning.schedule import PostingSchedule, make_entry
from dashdesk.platforms import parse_timestamp
from dashdesk.services.posts import PostService
from dashdesk.services.queue_ops import fill_gaps, shuffle
from dashdesk.ui.undo import UndoAdaptor

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # Sunday
UTC_ZONE = ZoneInfo("UTC")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)



async def _texts(client: DashClient, brand_id: int) -> dict[str, datetime]:
    posts = await client.list_posts("twitter", brand_id, None, None)
    out = {}
    for p in posts:
        data = p.model_dump(mode="json")
        out[str(data.get("tweet_status") or data.get("id"))] = parse_timestamp(data.get("timestamp"))
    return out


def test_fill_gaps_moves_the_queue_up_and_one_undo_puts_it_back(qtbot, run, sandbox) -> None:
    sandbox.clock.freeze(NOW)
    schedule = PostingSchedule()
    schedule.set(None, "twitter", make_entry("daily 09:00,17:00", "UTC"))

    async def scenario() -> None:
        async with DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url)) as client:
            async def post(text: str, when: datetime, status: str = "SCHEDULED") -> None:
                await client.create_post("twitter", {"brand_id": sandbox.brand_id, "status": status,
                                                     "timestamp": when.isoformat(), "tweet_status": text})

            await post("timed draft on the first slot", at(1, 17), "DRAFT")  # not queued; keeps its slot
            await post("appointment", at(2, 14, 23))                          # off the slots: stays
            await post("queued a", at(2, 17))
            await post("queued b", at(3, 17))
            await post("queued c", at(4, 9))
            before = await _texts(client, sandbox.brand_id)
            service = PostService(client, sandbox.brand_id, clock=lambda: NOW)
            await service.load(NOW - timedelta(days=1), NOW + timedelta(days=30), ["twitter"])
            stack = QUndoStack()
            adaptor = UndoAdaptor(service, stack)

            moved = await fill_gaps(service, schedule, "twitter", UTC_ZONE)
            assert moved == 3
            after = await _texts(client, sandbox.brand_id)
            assert after["queued a"] == at(2, 9) and after["queued b"] == at(2, 17) and after["queued c"] == at(3, 9)
            assert after["appointment"] == at(2, 14, 23)
            assert after["timed draft on the first slot"] == at(1, 17)
            assert stack.count() == 1 and stack.undoText() == "Fill gaps in the X queue"

            stack.undo()
            await adaptor.idle()
            assert await _texts(client, sandbox.brand_id) == before
            assert {p.timestamp for p in service.posts.values()} == set(before.values())
            stack.redo()
            await adaptor.idle()
            assert await _texts(client, sandbox.brand_id) == after

            # nothing left to fill: no undo step
            assert await fill_gaps(service, schedule, "twitter", UTC_ZONE) == 0
            assert stack.count() == 1

            # shuffle deals the same times out again, as one step
            moved = await shuffle(service, schedule, "twitter", UTC_ZONE, random.Random(3))
            shuffled = await _texts(client, sandbox.brand_id)
            assert moved >= 2 and stack.count() == 2
            queue = ("queued a", "queued b", "queued c")
            assert sorted(shuffled[k] for k in queue) == sorted(after[k] for k in queue)
            assert [shuffled[k] for k in queue] != [after[k] for k in queue]
            stack.undo()
            await adaptor.idle()
            assert await _texts(client, sandbox.brand_id) == after

    run(scenario())


def test_fill_gaps_skips_the_calendars_no_posting_days(qtbot, run, sandbox) -> None:
    from dashdesk.services.planning import open_store

    sandbox.clock.freeze(NOW)
    schedule = PostingSchedule()
    schedule.set(None, "twitter", make_entry("daily 09:00", "UTC"))
    store = open_store()
    store.add_note(at(2, 0).date(), at(3, 0).date(), "Launch freeze", no_posting=True)
    store.close()

    async def scenario() -> None:
        async with DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url)) as client:
            for text, day in (("queued a", 5), ("queued b", 6)):
                await client.create_post("twitter", {"brand_id": sandbox.brand_id, "status": "SCHEDULED",
                                                     "timestamp": at(day, 9).isoformat(), "tweet_status": text})
            service = PostService(client, sandbox.brand_id, clock=lambda: NOW)
            await service.load(NOW - timedelta(days=1), NOW + timedelta(days=30), ["twitter"])
            assert await fill_gaps(service, schedule, "twitter", UTC_ZONE) == 2
            after = await _texts(client, sandbox.brand_id)
            # 2 and 3 March are "no posting" days: the queue moves up to the 4th, not the 2nd
            assert after["queued a"] == at(4, 9) and after["queued b"] == at(5, 9)

    run(scenario())
