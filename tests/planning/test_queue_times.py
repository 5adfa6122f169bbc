"""Add to queue's times for the composer, asked of the sandbox: posts made elsewhere and "no posting" days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dashdesk.api import DashClient, Hosts
from dashdesk.planning.schedule import PostingSchedule, make_entry
from dashdesk.services.planning import open_store
from dashdesk.services.queue import QueueTimes

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # Sunday
UTC_ZONE = ZoneInfo("UTC")


def test_preview_skips_taken_slots_and_no_posting_days_from_the_users_calendar(run, sandbox) -> None:
    sandbox.clock.freeze(NOW)
    schedule = PostingSchedule()
    schedule.set(None, "linkedin", make_entry("daily 09:00", "UTC"))
    schedule.set(None, "twitter", make_entry("daily 09:00", "UTC"))
    store = open_store()
    store.add_note(date(2026, 3, 3), date(2026, 3, 3), "Press embargo", no_posting=True)
    store.close()

    async def scenario() -> None:
        async with DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url)) as client:
            # made on the web: LinkedIn's 2 March slot is taken
            await client.create_post("linkedin", {"brand_id": sandbox.brand_id, "status": "SCHEDULED",
                                                  "timestamp": (NOW + timedelta(hours=21)).isoformat(),
                                                  "text": "made elsewhere"})
            times = QueueTimes(client, sandbox.brand_id, UTC_ZONE, schedule=lambda: schedule, clock=lambda: NOW)
            preview = await times.preview(["linkedin", "twitter"])
            assert preview.checked and not preview.problems
            assert preview.times["twitter"] == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
            # the 2nd is taken and the 3rd is a "no posting" day
            assert preview.times["linkedin"] == datetime(2026, 3, 4, 9, 0, tzinfo=UTC)

    run(scenario())


def test_a_damaged_calendar_store_does_not_stop_the_queue(run, sandbox) -> None:
    sandbox.clock.freeze(NOW)
    schedule = PostingSchedule()
    schedule.set(None, "twitter", make_entry("daily 09:00", "UTC"))

    def broken(first: date, last: date) -> set[date]:
        raise OSError("disk I/O error")

    async def scenario() -> None:
        async with DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url)) as client:
            times = QueueTimes(client, sandbox.brand_id, UTC_ZONE, schedule=lambda: schedule, clock=lambda: NOW,
                               no_posting=broken)
            preview = await times.preview(["twitter"])
            assert preview.times["twitter"] == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    run(scenario())
