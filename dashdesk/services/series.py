"""Repeating posts against Dash: create occurrences up to the horizon, top up, skip or edit one, edit
from one occurrence onward. Qt-free; the series live in :class:`dashdesk.planning.series.SeriesStore`."""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from dashdesk.i18n import tr
from dashdesk.planning.series import (
    CREATED,
    EDITED,
    GONE,
    HORIZON,
    SKIPPED,
    Series,
    SeriesError,
    SeriesStore,
    new_series,
)
from dashdesk.platforms import format_timestamp

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class SeriesSummary:
    """One series as listed: how many posts it made, how many are still to come, the next one."""

    series: Series
    created: int
    upcoming: int
    next_time: datetime | None
    next_post_id: int | None
    ended: bool


def _post_id(post: Any) -> int:
    return int(post["id"] if isinstance(post, Mapping) else post.id)


class SeriesService:
    """Makes a brand's series real on Dash (``client``: create/update/delete/list posts)."""

    def __init__(self, client: Any, brand_id: int, store: SeriesStore, *, horizon: timedelta = HORIZON,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.client = client
        self.brand_id = brand_id
        self.store = store
        self.horizon = horizon
        self.clock = clock

    async def start(self, platform: str, rule: Any, body: dict[str, Any], *,
                    first_post_id: int | None = None) -> Series:
        """Remember a new series and create its occurrences up to the horizon (``first_post_id``: the
        first occurrence was already created, by the composer's save)."""
        series = new_series(self.brand_id, platform, rule, body)
        self.store.add(series)
        if first_post_id is not None:
            self.store.mark(series.id, 0, rule.occurrence(0), CREATED, first_post_id)
        await self.top_up_series(series)
        return series

    async def top_up(self) -> int:
        """Every series of the brand: create what the horizon now reaches; return how many were created."""
        made = 0
        for series in self.store.all(self.brand_id):
            try:
                made += await self.top_up_series(series)
            except Exception as exc:  # one series' trouble must not stop the others
                log.warning("topping up series %s failed: %s", series.id, exc)
        return made

    async def top_up_series(self, series: Series) -> int:
        """Create the occurrences of ``series`` due up to the horizon that were never created."""
        now = self.clock()
        known = self.store.occurrences(series.id)
        await self._forget_deleted(series, known, now)
        made = 0
        for n, when in series.rule.times(now + self.horizon):
            if n in known:
                continue  # created, skipped, edited or gone: never again
            if when <= now + timedelta(minutes=1):
                self.store.mark(series.id, n, when, SKIPPED, None)  # its time passed before the app ran
                continue
            body = copy.deepcopy(series.body)
            body["timestamp"] = format_timestamp(when)
            post = await self.client.create_post(series.platform, body)
            self.store.mark(series.id, n, when, CREATED, _post_id(post))
            made += 1
        return made

    async def _forget_deleted(self, series: Series, known: dict[int, Any], now: datetime) -> None:
        """Occurrences whose post was deleted on Dash are marked gone (and so never created again)."""
        live = [o for o in known.values() if o.state in (CREATED, EDITED) and o.post_id and o.when > now]
        if not live:
            return
        start = min(o.when for o in live) - timedelta(days=1)
        end = max(o.when for o in live) + timedelta(days=400)  # a post moved later is still the series'
        posts = await self.client.list_posts(series.platform, self.brand_id, start, end)
        present = {_post_id(p) for p in posts}
        for o in live:
            if o.post_id not in present:
                self.store.mark(series.id, o.n, o.when, GONE, o.post_id)
                known[o.n] = dataclasses.replace(o, state=GONE)

    def _occurrence(self, series_id: str, n: int) -> tuple[Series, Any]:
        series = self.store.get(series_id)
        occurrence = self.store.occurrences(series_id).get(n) if series else None
        if series is None or occurrence is None:
            raise SeriesError(tr("This repeat is no longer known: it may have been changed on another computer."))
        return series, occurrence

    async def skip(self, series_id: str, n: int) -> None:
        """Skip one occurrence: its post is deleted on Dash and never created again."""
        series, occurrence = self._occurrence(series_id, n)
        if occurrence.post_id is not None and occurrence.state in (CREATED, EDITED):
            await self.client.delete_post(series.platform, occurrence.post_id)
        self.store.mark(series_id, n, occurrence.when, SKIPPED, occurrence.post_id)

    async def edit_one(self, series_id: str, n: int, changes: dict[str, Any]) -> None:
        """Change one occurrence only (later edits of the series leave it as it is)."""
        series, occurrence = self._occurrence(series_id, n)
        if occurrence.post_id is None or occurrence.state not in (CREATED, EDITED):
            raise SeriesError(tr("This post of the repeat was skipped or deleted: there is nothing to change."))
        await self.client.update_post(series.platform, occurrence.post_id, changes)
        self.store.mark(series_id, n, occurrence.when, EDITED, occurrence.post_id)

    async def edit_from(self, series_id: str, n: int, changes: dict[str, Any]) -> Series:
        """Change occurrence ``n`` and every later one (the series is split there: earlier posts keep
        what they had). Occurrences edited alone keep their own changes. Returns the new series."""
        old, _ = self._occurrence(series_id, n)
        later = dataclasses.replace(old.rule, first=n)  # same dates, numbered as before, from n on
        body = {**old.body, **copy.deepcopy(changes)}
        new = new_series(self.brand_id, old.platform, later, body)
        self.store.add(new)
        for m, occurrence in sorted(self.store.occurrences(series_id).items()):
            if m < n:
                continue
            self.store.mark(new.id, m, occurrence.when, occurrence.state, occurrence.post_id)
            if occurrence.state == CREATED and occurrence.post_id is not None:
                await self.client.update_post(old.platform, occurrence.post_id, changes)
        old.rule = dataclasses.replace(old.rule, count=n)
        self.store.update(old)
        self._drop_from(series_id, n)
        return new

    def overview(self) -> list[SeriesSummary]:
        """The brand's series as the "Repeating posts" window lists them (blocking: reads the store)."""
        now = self.clock()
        out = []
        for series in self.store.all(self.brand_id):
            known = self.store.occurrences(series.id)
            upcoming = sorted((o for o in known.values() if o.state in (CREATED, EDITED) and o.when > now),
                              key=lambda o: o.when)
            next_time = upcoming[0].when if upcoming else None
            if next_time is None:  # nothing planned yet: the rule's next time, if it has one
                next_time = next((w for n, w in series.rule.times(now + timedelta(days=3650))
                                  if w > now and n not in known), None)
            out.append(SeriesSummary(series, sum(1 for o in known.values() if o.state in (CREATED, EDITED)),
                                     len(upcoming), next_time, upcoming[0].post_id if upcoming else None,
                                     ended=next_time is None))
        return out

    async def stop(self, series_id: str, *, delete_upcoming: bool,
                   delete: Callable[[str, int], Awaitable[Any]] | None = None) -> int:
        """End a series now: no occurrence is created after this. ``delete_upcoming``: its posts still
        to come are deleted on Dash too (through ``delete(platform, post_id)``, by default the client;
        published posts are never touched). Returns how many posts were deleted."""
        series = self.store.get(series_id)
        if series is None:
            raise SeriesError(tr("This repeat is no longer known: it may have been changed on another computer."))
        now = self.clock()
        known = self.store.occurrences(series_id)
        deleted = 0
        if delete_upcoming:
            remove = delete or self.client.delete_post
            for o in sorted(known.values(), key=lambda o: o.n):
                if o.state in (CREATED, EDITED) and o.post_id is not None and o.when > now:
                    await remove(series.platform, o.post_id)
                    self.store.mark(series_id, o.n, o.when, SKIPPED, o.post_id)
                    deleted += 1
        # the rule ends after the last occurrence that is kept (none is created again)
        kept = [n for n, o in known.items() if o.state in (CREATED, EDITED) and (not delete_upcoming or o.when <= now)]
        passed = [n for n, o in known.items() if o.when <= now]
        end = max([*kept, *passed], default=series.rule.first - 1) + 1
        end = max(end, series.rule.first)
        series.rule = dataclasses.replace(series.rule, count=min(end, series.rule.count or end))
        self.store.update(series)
        return deleted

    def _drop_from(self, series_id: str, n: int) -> None:
        with self.store._lock:
            self.store._db.execute("DELETE FROM occurrences WHERE series_id=? AND n>=?", (series_id, n))
