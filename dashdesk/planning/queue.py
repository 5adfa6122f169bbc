"""The queue: hand out each platform's next free slot, one post after another.

A :class:`QueuePlanner` starts from the brand's posts as Dash knows them (the posts cache or a
fresh listing: posts made anywhere, not only in DashDesk) and marks each slot it hands out as
taken, so ten posts added in a row get ten different slots.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dashdesk.i18n import tr

from .schedule import PostingSchedule
from .slots import Occupancy, PlatformSlots, next_free

#: A queued post never goes out sooner than this from now (time to save, upload and check).
LEAD = timedelta(minutes=5)


class NoSlotError(LookupError):
    """The platform has no slots, or none free within the search horizon."""

    def __init__(self, platform: str, has_slots: bool) -> None:
        self.platform = platform
        self.has_slots = has_slots
        super().__init__(self.user_message())

    def user_message(self) -> str:
        """What happened and what to do, in words for people."""
        from dashdesk.platforms import rules_for

        name = rules_for(self.platform).name
        if not self.has_slots:
            return tr("{name} has no posting times yet: add some in the posting schedule, or pick a time.", name=name)
        return tr("Every {name} posting time in the next year is taken: add posting times, or pick a time.", name=name)


class QueuePlanner:
    """Next free slots for one brand, given the posts already there (see the module docstring)."""

    def __init__(self, schedule: PostingSchedule, brand_id: int | None, display_zone: ZoneInfo,
                 posts: Iterable[object] = (), *, now: datetime | None = None,
                 occupancy: Occupancy | None = None) -> None:
        self.schedule = schedule
        self.brand_id = brand_id
        self.display_zone = display_zone
        self.now = (now or datetime.now(UTC)).astimezone(UTC)
        self.occupancy = occupancy if occupancy is not None else Occupancy.of_posts(posts)

    def slots(self, platform: str) -> PlatformSlots:
        """The platform's weekly slots for this brand."""
        return self.schedule.slots_for(self.brand_id, platform, self.display_zone)

    def peek(self, platform: str, count: int = 1, *, after: datetime | None = None) -> list[datetime]:
        """The next ``count`` free slot times (UTC) of ``platform``, without taking them."""
        start = max(after or self.now, self.now + LEAD - timedelta(seconds=1))
        return next_free(self.slots(platform), self.occupancy, platform, start, count)

    def take(self, platform: str) -> datetime:
        """The next free slot of ``platform``, now marked taken; :class:`NoSlotError` if there is none."""
        found = self.peek(platform)
        if not found:
            raise NoSlotError(platform, bool(self.slots(platform).slots))
        self.occupancy.take(platform, found[0])
        return found[0]


def free_slots_between(schedule: PostingSchedule, brand_id: int | None, display_zone: ZoneInfo,
                       posts: Iterable[object], start: datetime, end: datetime,
                       platforms: Iterable[str] | None = None) -> list[tuple[str, datetime]]:
    """Every free slot (platform, UTC time) in [start, end), for the week view's placeholders."""
    occupancy = Occupancy.of_posts(posts)
    names = list(platforms) if platforms is not None else schedule.platforms(brand_id)
    found: list[tuple[str, datetime]] = []
    for platform in names:
        slots = schedule.slots_for(brand_id, platform, display_zone)
        for when in slots.times(start - timedelta(seconds=1), end - timedelta(seconds=1)):
            if not occupancy.is_taken(platform, when):
                found.append((platform, when))
    return sorted(found, key=lambda item: (item[1], item[0]))
