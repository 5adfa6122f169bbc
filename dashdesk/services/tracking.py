"""OutcomeTracker: follows posts in a passing state until Dash settles them (Qt-free).

A post is *passing* while its outcome is still to come: AUTOPUBLISHING (sent to publish at once),
and SCHEDULED or MISSING_APPROVALS posts whose time has come. The tracker re-reads them from Dash
with backoff, hands the fresh copies to :class:`~dashdesk.services.posts.PostService` (so every
view updates in place) and reports each outcome (posted, failed, ...) once: which outcomes were
announced is kept in the posts cache, so a restart never repeats a notification.

Cost per poll: at most one request per platform that has passing posts, and never a whole month:
- one passing post on the platform: read that post;
- every passing post has a time: list the narrow range around those times;
- some have none (publish-now posts, which no time range returns): list the most recently updated
  posts, one page (a post that just settled was just updated).

The module does not import asyncio at load (see ``dashdesk.startup``: the cached start paints first).
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import Change, PostService

log = logging.getLogger(__name__)

#: Statuses that pass on their own: the post was sent and its outcome is coming.
PASSING_NOW = frozenset({"AUTOPUBLISHING"})
#: Statuses that pass once the post's time has come (Dash then publishes, notifies or expires it).
PASSING_WHEN_DUE = frozenset({"SCHEDULED", "MISSING_APPROVALS"})
#: Outcomes worth a desktop notification (the post went live, or did not).
NOTIFIED_OUTCOMES = frozenset({"POSTED", "FAILED", "PARTIALLY_FAILED"})
#: assumed: a page of the most recently updated posts (twice the publish-now posts followed, at
#: least 10, at most this) holds every one that just settled (the sandbox honours ``limit``; the real
#: scheduler list's paging is not documented: were ``limit`` ignored, the answer is longer, not wrong).
RECENT_PAGE = 50
#: A post still passing after this long is left alone (Dash lost it; a range load will tell).
GIVE_UP_AFTER = timedelta(hours=24)


def is_passing(post: Post, now: datetime) -> bool:
    """Whether ``post``'s outcome is still to come at ``now``."""
    status = post.status
    if status in PASSING_NOW:
        return True
    return status in PASSING_WHEN_DUE and post.timestamp is not None and post.timestamp <= now


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait before the n-th re-read of a passing post: ``first * factor**n``, at most ``cap``."""

    first: float = 5.0
    factor: float = 2.0
    cap: float = 120.0

    def delay(self, attempt: int) -> float:
        """The wait after ``attempt`` reads (0: before the first)."""
        return min(self.cap, self.first * self.factor ** max(0, attempt))


@dataclass(frozen=True)
class Outcome:
    """A post that settled: it was ``previous`` (passing) and is now ``post.status``."""

    post: Post
    previous: str

    @property
    def status(self) -> str:
        """The status it settled in."""
        return self.post.status


@dataclass
class PollReport:
    """What one poll did: requests made (per platform), posts that changed, outcomes, time on this thread."""

    requests: dict[str, int] = field(default_factory=dict)
    changed: list[Post] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    passing: int = 0
    errors: dict[str, Exception] = field(default_factory=dict)
    thread_seconds: float = 0.0

    @property
    def request_count(self) -> int:
        """All requests of the poll."""
        return sum(self.requests.values())


@dataclass
class _Track:
    status: str
    since: datetime
    attempt: int = 0
    next_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    misses: int = 0


class OutcomeTracker:
    """Re-reads passing posts of one :class:`PostService` from Dash until they settle.

    ``notified`` (usually the posts cache) remembers which outcomes were announced:
    ``claim_notification(brand_id, platform, post_id, outcome) -> bool``. Outcome listeners are
    called once per (post, outcome), on the thread that runs the tracker.
    """

    def __init__(
        self,
        service: PostService,
        *,
        notified: Any = None,
        clock: Callable[[], datetime] | None = None,
        backoff: Backoff = Backoff(),
        idle_s: float = 30.0,
        margin: timedelta = timedelta(minutes=2),
    ) -> None:
        self.service = service
        self.notified = notified
        self.clock = clock or service.clock
        self.backoff = backoff
        self.idle_s = idle_s
        self.margin = margin
        self.outcome_listeners: list[Callable[[Outcome], None]] = []
        self._tracks: dict[PostKey, _Track] = {}
        self._claimed: set[tuple[PostKey, str]] = set()
        self._given_up: set[PostKey] = set()
        self._outcomes: list[Outcome] = []
        self._wake: Any = None  # the future run() waits on between polls
        self._woken = False
        #: Where the HTTP reads run (a :class:`~dashdesk.services.background.BackgroundReads`), or
        #: ``None`` for the service's own client on the calling loop.
        self.reads: Any = None
        self._running = False
        self._index = _PassingIndex()
        self._index.rebuild(service.posts.values())
        service.subscribe(self._on_change)

    # --- what is passing -------------------------------------------------------------------

    def passing(self, now: datetime | None = None) -> list[Post]:
        """The known posts whose outcome is still to come (and were not given up on)."""
        now = now or self.clock()
        found = []
        posts = self.service.posts
        for key in list(self._index.passing_keys(now.timestamp(), posts.get)):
            post = posts.get(key)
            if post is None or not is_passing(post, now):
                self._index.discard(key)
            elif key not in self._given_up:
                track = self._tracks.get(key)
                if track is None or now - track.since < GIVE_UP_AFTER:
                    found.append(post)
        return found

    def _sync_tracks(self, passing: Sequence[Post], now: datetime) -> None:
        """Start tracking newly passing posts; forget those no longer known."""
        keys = set()
        for post in passing:
            keys.add(post.key)
            track = self._tracks.get(post.key)
            if track is None or track.status != post.status:
                self._tracks[post.key] = _Track(post.status, now, 0, now + _secs(self._first_wait(post, now)))
        for key in [k for k in self._tracks if k not in keys and self.service.get(k) is None]:
            del self._tracks[key]

    def _first_wait(self, post: Post, now: datetime) -> float:
        """Seconds from ``now`` to the first read: Dash needs a moment after the post's time."""
        start = post.timestamp if post.timestamp is not None else (post.created_at or now)
        return max(0.0, (start - now).total_seconds() + self.backoff.first)

    def next_wake(self, now: datetime | None = None) -> float:
        """Seconds until the next poll has something to do (at most ``idle_s``)."""
        now = now or self.clock()
        soonest = self.idle_s
        for key, track in self._tracks.items():
            if self.service.get(key) is not None:
                soonest = min(soonest, (track.next_at - now).total_seconds())
        upcoming = self._index.next_time(self.service.posts.get)
        if upcoming is not None:
            soonest = min(soonest, upcoming - now.timestamp() + self.backoff.first)
        return max(0.0, soonest)

    # --- polling ---------------------------------------------------------------------------

    async def poll(self, *, force: bool = False) -> PollReport:
        """Re-read the passing posts that are due (all of them with ``force``); one request per platform."""
        report = PollReport()
        began = time.perf_counter()
        now = self.clock()
        passing = self.passing(now)
        self._sync_tracks(passing, now)
        report.passing = len(passing)
        groups: dict[str, list[Post]] = {}
        for post in passing:
            groups.setdefault(post.platform, []).append(post)
        due = {plat: posts for plat, posts in groups.items()
               if force or any(self._tracks[p.key].next_at <= now for p in posts)}
        plans = {platform: ReadPlan.for_posts(platform, posts, self.margin) for platform, posts in due.items()}
        report.requests = {platform: 1 for platform in plans}
        report.thread_seconds += time.perf_counter() - began
        answers = await self._run(plans) if plans else {}
        began = time.perf_counter()
        fresh: list[Post] = []
        gone: list[PostKey] = []
        for platform, answer in answers.items():
            posts = due[platform]
            if isinstance(answer, BaseException):  # the API layer's errors: try again after the backoff
                if _is_not_found(answer) and len(posts) == 1:
                    gone.append(posts[0].key)
                else:
                    log.info("couldn't check %s posts: %s", platform, answer)
                    report.errors[platform] = answer  # type: ignore[assignment]
                continue
            fresh.extend(answer)
            if len(posts) > 1:
                self._count_misses(posts, {p.key for p in answer})
        after = self.clock()
        for posts in due.values():
            for post in posts:
                track = self._tracks.get(post.key)
                if track is not None:
                    track.attempt += 1
                    track.next_at = after + _secs(self.backoff.delay(track.attempt))
        before = len(self._outcomes)
        report.changed = self.service.refresh(fresh)
        for key in gone:
            self.service.forget(key)
        report.outcomes = self._outcomes[before:]
        self._outcomes.clear()
        report.thread_seconds += time.perf_counter() - began
        await self.service.store_many(report.changed)
        return report

    async def _run(self, plans: Mapping[str, ReadPlan]) -> dict[str, list[Post] | BaseException]:
        """Run the reads: on the worker thread of :attr:`reads` when set, else on this loop."""
        brand = self.service.brand_id
        if self.reads is not None:
            return await self.reads.run(lambda client: read_all(client, brand, plans))
        return await read_all(self.service._client(), brand, plans)

    def _count_misses(self, asked: Sequence[Post], answered: set[PostKey]) -> None:
        """A post missing from the answers twice was deleted or moved by someone else: stop following it
        (the next range load shows where it went) rather than guess."""
        for post in asked:
            track = self._tracks.get(post.key)
            if track is None or post.key in answered:
                continue
            track.misses += 1
            if track.misses >= 2:
                self._given_up.add(post.key)
                del self._tracks[post.key]

    # --- outcomes --------------------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        """Every change of the service: a tracked post that now has an outcome is announced."""
        if change.kind == "upsert" and change.post is not None:
            self._index.discard(change.post.key)
            self._index.add(change.post)
            self._settled([change.post])
        elif change.kind == "remove" and change.key is not None:
            self._index.discard(change.key)
        elif change.kind == "reset":
            self._index.rebuild(change.posts)
            self._settled(p for p in change.posts if p.key in self._tracks)

    def _settled(self, posts: Iterable[Post]) -> None:
        now = self.clock()
        for post in posts:
            track = self._tracks.get(post.key)
            if track is None:
                if self._wake is not None and is_passing(post, now):
                    self.wake()
                continue
            if is_passing(post, now) or post.status == "DRAFT":
                # Still passing, or edited back to a draft by someone: nothing to announce.
                if post.status != track.status:
                    self._tracks.pop(post.key, None)
                continue
            del self._tracks[post.key]
            outcome = Outcome(post, track.status)
            self._outcomes.append(outcome)
            if post.status in NOTIFIED_OUTCOMES and self._claim(post):
                for listener in list(self.outcome_listeners):
                    try:
                        listener(outcome)
                    except Exception:  # a listener's bug must not stop the tracking
                        log.exception("outcome listener failed")

    def _claim(self, post: Post) -> bool:
        """True the first time ``post``'s outcome is claimed (ever, when ``notified`` persists it)."""
        # The outcome's moment is part of it: a post fixed and failing again is news again.
        outcome = f"{post.status}@{post.data.get('updated_at') or ''}"
        token = (post.key, outcome)
        if token in self._claimed:
            return False
        self._claimed.add(token)
        if self.notified is None:
            return True
        try:
            return bool(self.notified.claim_notification(self.service.brand_id, post.platform, post.id, outcome))
        except Exception as exc:  # a damaged store: announce rather than stay silent
            log.warning("couldn't note a notification: %s", exc)
            return True

    def on_outcome(self, listener: Callable[[Outcome], None]) -> None:
        """Call ``listener`` once per post that went live or failed (not again after a restart)."""
        self.outcome_listeners.append(listener)

    # --- running ---------------------------------------------------------------------------

    def wake(self) -> None:
        """Poll now (e.g. a post was just sent to publish)."""
        self._woken = True
        waiter = self._wake
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def run(self) -> None:
        """Poll for as long as the task lives (the app cancels it when it closes)."""
        import asyncio

        loop = asyncio.get_running_loop()
        self._running = True
        try:
            while True:
                self._woken = False
                try:
                    await self.poll()
                except asyncio.CancelledError:
                    raise
                except Exception:  # keep tracking whatever one poll ran into
                    log.exception("outcome poll failed")
                if self._woken:
                    continue  # woken while polling: go again at once
                # A bare future and a timer (no coroutine is made that a closing loop could leave unrun).
                waiter = self._wake = loop.create_future()
                timer = loop.call_later(max(0.2, self.next_wake()), self.wake)
                try:
                    await waiter
                finally:
                    timer.cancel()
                    self._wake = None
        finally:
            self._running = False
            self._wake = None

    @property
    def tracked(self) -> Mapping[PostKey, str]:
        """Keys of the posts being followed, with the status they are passing through."""
        return {k: t.status for k, t in self._tracks.items()}


@dataclass(frozen=True)
class ReadPlan:
    """The one request that re-reads a platform's passing posts."""

    platform: str
    post_id: int | None = None  # one post: read it
    start: datetime | None = None  # posts with times: the range around them
    end: datetime | None = None
    limit: int = RECENT_PAGE  # otherwise: a page of the most recently updated

    @classmethod
    def for_posts(cls, platform: str, posts: Sequence[Post], margin: timedelta) -> ReadPlan:
        """The cheapest single request that covers ``posts``."""
        if len(posts) == 1:
            return cls(platform, post_id=posts[0].id)
        stamps = [p.timestamp for p in posts if p.timestamp is not None]
        if len(stamps) == len(posts):
            return cls(platform, start=min(stamps) - margin, end=max(stamps) + margin)
        return cls(platform, limit=min(RECENT_PAGE, max(10, 2 * (len(posts) - len(stamps)))))

    async def run(self, client: Any, brand_id: int) -> list[Post]:
        """Send the request; the posts of the answer."""
        if self.post_id is not None:
            return [Post.from_api(await client.get_post(self.platform, self.post_id), self.platform)]
        if self.start is not None:
            listed = await client.list_posts(self.platform, brand_id, self.start, self.end)
        else:
            listed = await client.list_posts(self.platform, brand_id, None, None, sort="-UPDATED_AT",
                                             limit=self.limit, max_pages=1)
        return [Post.from_api(a, self.platform) for a in listed]


async def read_all(client: Any, brand_id: int, plans: Mapping[str, ReadPlan]) -> dict[str, list[Post] | BaseException]:
    """Run every plan at once; per platform, its posts or the error it met."""
    import asyncio

    keys = list(plans)
    answers = await asyncio.gather(*(plans[k].run(client, brand_id) for k in keys), return_exceptions=True)
    return dict(zip(keys, answers, strict=True))


class _PassingIndex:
    """Which posts pass now or will once their time comes, so a poll never scans every post.

    Publish-now posts are kept in a set; posts that pass when due sit in a heap by time and move to
    the ``due`` set when their time comes. Heap entries are checked against the post when popped
    (a post edited since simply leaves a stale entry behind).
    """

    def __init__(self) -> None:
        self.now: set[PostKey] = set()
        self.due: set[PostKey] = set()
        self.heap: list[tuple[float, PostKey]] = []

    def rebuild(self, posts: Iterable[Post]) -> None:
        """Index ``posts`` from scratch."""
        self.now, self.due, self.heap = set(), set(), []
        for post in posts:
            if post.status in PASSING_NOW:
                self.now.add(post.key)
            elif post.status in PASSING_WHEN_DUE and post.timestamp is not None:
                self.heap.append((post.timestamp.timestamp(), post.key))
        heapq.heapify(self.heap)

    def add(self, post: Post) -> None:
        """Index one (new or changed) post."""
        if post.status in PASSING_NOW:
            self.now.add(post.key)
        elif post.status in PASSING_WHEN_DUE and post.timestamp is not None:
            heapq.heappush(self.heap, (post.timestamp.timestamp(), post.key))

    def discard(self, key: PostKey) -> None:
        """Forget ``key`` (its heap entry goes stale)."""
        self.now.discard(key)
        self.due.discard(key)

    @staticmethod
    def _valid(entry: tuple[float, PostKey], get: Callable[[PostKey], Post | None]) -> bool:
        post = get(entry[1])
        return (post is not None and post.status in PASSING_WHEN_DUE and post.timestamp is not None
                and post.timestamp.timestamp() == entry[0])

    def passing_keys(self, now: float, get: Callable[[PostKey], Post | None]) -> set[PostKey]:
        """Keys of the posts passing at ``now`` (epoch seconds)."""
        heap = self.heap
        while heap and heap[0][0] <= now:
            entry = heapq.heappop(heap)
            if self._valid(entry, get):
                self.due.add(entry[1])
        return self.now | self.due

    def next_time(self, get: Callable[[PostKey], Post | None]) -> float | None:
        """When the next post becomes due (epoch seconds), if any."""
        heap = self.heap
        while heap and not self._valid(heap[0], get):
            heapq.heappop(heap)
        return heap[0][0] if heap else None


def _secs(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _is_not_found(exc: BaseException) -> bool:
    try:
        from dashdesk.api.errors import NotFoundError

        return isinstance(exc, NotFoundError)
    except ImportError:  # pragma: no cover
        return False
