"""Add to queue for the composer: each platform's next free posting time, checked against Dash.

Qt-free. :meth:`QueueTimes.preview` answers what the composer shows before saving;
:meth:`QueueTimes.prepare` is the save flow's ``prepare`` step: just before the posts are created it
asks Dash again and sets each draft's time to its platform's next free slot (mode ``SCHEDULED``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dashdesk.i18n import tr
from dashdesk.planning.queue import NoSlotError, QueuePlanner
from dashdesk.planning.schedule import PostingSchedule, ScheduleFileError
from dashdesk.planning.slots import Occupancy
from dashdesk.platforms import Draft, PublishMode, parse_timestamp

log = logging.getLogger(__name__)

#: Posts are listed this far ahead first; further only when the queue reaches beyond it.
FIRST_WINDOW = timedelta(weeks=8)
FAR_WINDOW = timedelta(days=400)


def _user_no_posting_days(first: date, last: date, brand_id: int) -> set[date]:
    from dashdesk.services.planning import no_posting_days

    return no_posting_days(first, last, brand_id)


class QueueError(Exception):
    """A queued save cannot go ahead; ``str()`` says why and what to do."""


@dataclasses.dataclass(frozen=True)
class QueuePreview:
    """The next free time per platform, or why a platform has none; ``checked``: Dash was asked."""

    times: dict[str, datetime]
    problems: dict[str, str]
    checked: bool


class QueueTimes:
    """Finds next free posting times for one brand (see the module docstring); "no posting" days are skipped.

    ``client`` lists posts (a ``DashClient``); ``known`` gives the posts the app holds (posts made
    in this session that Dash may not list yet); ``schedule`` loads the posting schedule.
    """

    def __init__(self, client: Any, brand_id: int, zone: ZoneInfo, *,
                 known: Callable[[], Iterable[Any]] = tuple,
                 schedule: Callable[[], PostingSchedule] = PostingSchedule.load,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 no_posting: Callable[[date, date], Iterable[date]] | None = None) -> None:
        self.client = client
        self.brand_id = brand_id
        self.zone = zone
        self.known = known
        self.load_schedule = schedule
        self.clock = clock
        #: The "no posting" days between two dates (blocking; called in a worker thread).
        self.no_posting = no_posting or (lambda first, last: _user_no_posting_days(first, last, brand_id))

    async def _occupancy(self, platforms: Iterable[str], now: datetime, window: timedelta) -> tuple[Occupancy, bool]:
        """Posts of ``platforms`` from now to ``window`` ahead: Dash's, plus the ones the app holds.
        Returns whether Dash answered for every platform."""
        pairs: list[tuple[str, datetime | None]] = [(p.platform, p.timestamp) for p in self.known()
                                                    if getattr(p, "timestamp", None) is not None]
        checked = True
        for platform in platforms:
            try:
                posts = await self.client.list_posts(platform, self.brand_id, now - timedelta(minutes=10), now + window)
            except Exception as exc:  # offline or refused: what the app knows still counts
                log.info("listing %s posts for the queue failed: %s", platform, exc)
                checked = False
                continue
            for post in posts:
                stamp = getattr(post, "timestamp", None)
                if stamp is None and isinstance(post, Mapping):
                    stamp = post.get("timestamp")
                pairs.append((platform, parse_timestamp(stamp)))
        occupancy = Occupancy(pairs)
        import asyncio

        first, last = now.astimezone(self.zone).date(), (now + window).astimezone(self.zone).date()
        try:
            occupancy.block_days(await asyncio.to_thread(self.no_posting, first, last), self.zone)
        except Exception as exc:  # a damaged planning store must not stop the queue
            log.warning("reading the no-posting days failed: %s", exc)
        return occupancy, checked

    def _schedule(self) -> PostingSchedule:
        try:
            return self.load_schedule()
        except ScheduleFileError as exc:
            raise QueueError(tr("The posting schedule can't be read: {exc}", exc=exc)) from None

    async def preview(self, platforms: list[str]) -> QueuePreview:
        """The time each platform's post would take (each platform's own queue)."""
        schedule = self._schedule()
        now = self.clock()
        times: dict[str, datetime] = {}
        problems: dict[str, str] = {}
        window = FIRST_WINDOW
        occupancy, checked = await self._occupancy(platforms, now, window)
        planner = QueuePlanner(schedule, self.brand_id, self.zone, now=now, occupancy=occupancy)
        far: list[str] = []
        for platform in platforms:
            found = planner.peek(platform)
            if found and found[0] <= now + window:
                times[platform] = found[0]
            elif not planner.slots(platform).slots:
                problems[platform] = NoSlotError(platform, False).user_message()
            else:
                far.append(platform)
        if far:  # the queue reaches past the first window: look further ahead for these
            occupancy, far_checked = await self._occupancy(far, now, FAR_WINDOW)
            checked = checked and far_checked
            planner = QueuePlanner(schedule, self.brand_id, self.zone, now=now, occupancy=occupancy)
            for platform in far:
                found = planner.peek(platform)
                if found:
                    times[platform] = found[0]
                else:
                    problems[platform] = NoSlotError(platform, True).user_message()
        return QueuePreview(times, problems, checked)

    async def prepare(self, drafts: dict[str, Draft]) -> dict[str, Draft]:
        """The save flow's ``prepare``: queued drafts get their platform's next free time, asked of
        Dash now (other drafts pass unchanged). Raises :class:`QueueError` when a platform has none."""
        queued = [p for p, d in drafts.items() if d.mode is PublishMode.QUEUE]
        if not queued:
            return drafts
        found = await self.preview(queued)
        if found.problems:
            raise QueueError(" ".join(found.problems.values()))
        out = dict(drafts)
        for platform in queued:
            out[platform] = dataclasses.replace(drafts[platform], mode=PublishMode.SCHEDULE,
                                                timestamp=found.times[platform])
        return out
