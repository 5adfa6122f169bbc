"""Fetching one date range from many platforms at once, keeping each platform's failure apart."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from dashdesk.api.errors import DashError
from dashdesk.api.models import ScheduledPost


@dataclass
class RangeResult:
    """Posts of every platform that answered, plus an error per platform that did not."""

    posts: list[ScheduledPost] = field(default_factory=list)
    errors: dict[str, DashError] = field(default_factory=dict)
    platforms: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when every platform loaded."""
        return not self.errors

    @property
    def loaded_platforms(self) -> tuple[str, ...]:
        """The platforms whose posts are in ``posts``."""
        return tuple(p for p in self.platforms if p not in self.errors)

    def by_platform(self, platform: str) -> list[ScheduledPost]:
        """The posts of one platform."""
        return [p for p in self.posts if p.platform == platform]


_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


async def fetch_all_platforms(
    fetch: Callable[[str], Awaitable[list[ScheduledPost]]],
    platforms: Sequence[str],
    *,
    max_concurrency: int,
) -> RangeResult:
    """Run ``fetch(platform)`` for every platform, at most ``max_concurrency`` at a time.

    A :class:`DashError` from one platform is recorded against it; other exceptions (bugs,
    cancellation) propagate.
    """
    gate = asyncio.Semaphore(max(1, max_concurrency))
    result = RangeResult(platforms=tuple(platforms))

    async def one(platform: str) -> list[ScheduledPost]:
        async with gate:
            try:
                return await fetch(platform)
            except DashError as exc:
                exc.platform = exc.platform or platform
                result.errors[platform] = exc
                return []

    for posts in await asyncio.gather(*(one(p) for p in platforms)):
        result.posts.extend(posts)
    result.posts.sort(key=lambda p: (p.timestamp or _FAR_FUTURE, p.platform or "", p.id))
    return result
