"""Queued rows (mode ``queue``): each takes its platform's next free posting time, rows in file order.

The times are given just before sending, against the brand's posts on Dash (or, for a dry run, the
posts DashDesk saw last). The time a row was given is journalled before it is sent, so importing
the file again looks for the post at that time instead of queueing it a second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dashdesk.i18n import current_language, tr
from dashdesk.i18n.formats import datetime_text, moment_text
from dashdesk.planning.queue import LEAD, NoSlotError, QueuePlanner
from dashdesk.planning.schedule import PostingSchedule
from dashdesk.planning.slots import Occupancy

from .backend import origin_of
from .check import ImportPlan, RowPlan
from .journal import CREATED, Journal, JournalScope


def queued_rows(plan: ImportPlan) -> list[RowPlan]:
    """The plan's sendable queued rows, in file order."""
    return [r for r in plan.rows if r.queued and r.ok and r.draft is not None]


def queued_platforms(plan: ImportPlan) -> list[str]:
    """Platforms with queued rows (whose posts must be known before times are given)."""
    return sorted({r.platform for r in queued_rows(plan) if r.platform})


def assign_queue_times(plan: ImportPlan, schedule: PostingSchedule, brand_id: int | None, zone: ZoneInfo,
                       occupancy: Occupancy, *, journal: JournalScope | None = None,
                       now: datetime | None = None, no_posting: Iterable[date] = ()) -> int:
    """Give each queued row a time (its draft's ``timestamp``); return how many got one.

    A row the journal says was created keeps the time it was given (its post already holds that
    slot); a row sent before whose answer was lost keeps its time too, so the run looks for it
    there. Rows with no free slot get an error and are not sent. ``journal`` None: a dry run.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC)
    rows = queued_rows(plan)
    if not rows:
        return 0
    occupancy.block_days(no_posting, zone)  # the calendar's "no posting" days get no queued post
    planner = QueuePlanner(schedule, brand_id, zone, now=now, occupancy=occupancy)
    keys = [r.key for r in rows]
    known = journal.entries(keys) if journal is not None else {}
    given = journal.queued_times(keys) if journal is not None else {}
    count = 0
    for row in rows:
        assert row.draft is not None and row.platform is not None
        entry = known.get(row.key)
        earlier = given.get(row.key)
        when = datetime.fromtimestamp(earlier, UTC) if earlier is not None else None
        if entry is not None and entry.state == CREATED:
            row.draft.timestamp = when  # the post exists; the run reports it as already created
            continue
        if when is not None and when > now + LEAD and (entry is not None or not occupancy.is_taken(row.platform,
                                                                                                    when)):
            occupancy.take(row.platform, when)
        else:
            try:
                when = planner.take(row.platform)
            except NoSlotError as exc:
                row.add("mode", exc.user_message(), "no_free_slot")
                continue
        row.draft.timestamp = when
        if journal is not None:
            journal.remember_queued_time(row.key, when.timestamp())
        row.problems = [p for p in row.problems if p.code != "queued_time"]  # a dry run's time, now replaced
        row.add("time", tr("Queued for {time}.", time=describe(when, zone)), "queued_time", "note")
        count += 1
    return count


def preview_queue_times(plan: ImportPlan, brand_id: int | None, zone: ZoneInfo,
                        now: datetime | None = None) -> int:
    """A dry run's times for the queued rows, from the posts DashDesk saw last (no network; blocking:
    reads the posts cache and the calendar's notes). Raises ``ScheduleFileError`` when the posting
    schedule can't be read. Returns how many rows got a time; the plan gets a note saying sending
    checks Dash again."""
    if not queued_rows(plan):
        return 0
    schedule = PostingSchedule.load()
    now = (now or datetime.now(UTC)).astimezone(UTC)
    count = assign_queue_times(plan, schedule, brand_id, zone, occupancy_from_cache(brand_id, now), now=now,
                               no_posting=no_posting_between(brand_id, zone, now))
    note = tr("Queued rows show the next free posting times as DashDesk last saw the posts; sending checks Dash "
              "again.")
    if note not in plan.notes:
        plan.notes.append(note)
    return count


def describe(when: datetime, zone: ZoneInfo) -> str:
    """``Mon 2 Mar 2026 09:00 CET`` in ``zone``."""
    local = when.astimezone(zone)
    if current_language() != "en":  # the locale's own order and names
        return f"{datetime_text(local, 'medium')} {local.tzname()}"
    return moment_text(local, year=True, zone=True)


async def occupancy_from_dash(backend: object, brand_id: int, platforms: Sequence[str], now: datetime,
                              days: int = 400) -> Occupancy:
    """Every post of ``platforms`` timed from now to ``days`` ahead, as Dash lists them."""
    start, end = now - timedelta(minutes=10), now + timedelta(days=days)
    pairs: list[tuple[str, datetime | None]] = []
    from dashdesk.platforms import parse_timestamp

    for platform in platforms:
        posts = await backend.list_posts(platform, brand_id, start, end)  # type: ignore[attr-defined]
        pairs += [(platform, parse_timestamp(p.get("timestamp"))) for p in posts]
    return Occupancy(pairs)


def occupancy_from_cache(brand_id: int | None, now: datetime, days: int = 400) -> Occupancy:
    """The posts DashDesk saw last (the app's posts cache), for a dry run; empty when there is none."""
    from dashdesk.paths import data_dir
    from dashdesk.services.session import CACHE_NAME
    from dashdesk.store import PostsCache

    path = data_dir() / CACHE_NAME
    if brand_id is None or not path.exists():
        return Occupancy()
    cache = PostsCache(path)
    try:
        return Occupancy.of_epochs(cache.times(brand_id, now - timedelta(minutes=10), now + timedelta(days=days)))
    finally:
        cache.close()


async def give_queue_times(plan: ImportPlan, backend: object, brand_id: int, zone: ZoneInfo,
                           journal: Journal, now: datetime | None = None) -> int:
    """Just before sending: give the queued rows their times against the brand's posts on Dash.

    An unreadable posting schedule makes each queued row an error (nothing else is affected).
    """
    from dashdesk.planning.schedule import ScheduleFileError

    platforms = queued_platforms(plan)
    if not platforms:
        return 0
    try:
        schedule = PostingSchedule.load()
    except ScheduleFileError as exc:
        for row in queued_rows(plan):
            row.add("mode", tr("The posting schedule can't be read: {reason}", reason=exc), "schedule_unreadable")
        return 0
    now = (now or datetime.now(UTC)).astimezone(UTC)
    occupancy = await occupancy_from_dash(backend, brand_id, platforms, now)
    scope = journal.scope(origin_of(backend), brand_id)
    import asyncio

    days = await asyncio.to_thread(no_posting_between, brand_id, zone, now)
    return assign_queue_times(plan, schedule, brand_id, zone, occupancy, journal=scope, now=now, no_posting=days)


def no_posting_between(brand_id: int | None, zone: ZoneInfo, now: datetime, days: int = 400) -> set[date]:
    """The calendar's "no posting" days from today to ``days`` ahead (blocking: reads the user's store);
    none when the store can't be read (the queue then just ignores them)."""
    from dashdesk.services.planning import no_posting_days

    first = now.astimezone(zone).date()
    try:
        return no_posting_days(first, first + timedelta(days=days), brand_id)
    except Exception:  # a damaged planning store must not stop an import
        return set()
