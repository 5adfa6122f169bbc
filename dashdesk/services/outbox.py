"""Posts saved while Dash could not take them: kept in the outbox, sent when Dash is back (Qt-free).

Saving keeps a platform's post here when Dash could not be reached, was down or paced requests
(nothing was stored: :attr:`PlatformResult.transient`), or when the create's answer was lost and the
lookup could not settle it (``Outcome.UNKNOWN``). :class:`OutboxService` sends them later through
:meth:`ComposeService.create_body`, the composer's own create, so the never-twice rules are the
same: an entry whose answer was lost (or whose app stopped mid-send) is looked up on Dash before it
is sent again, and one that cannot be searched for (no time) waits for the person to check.

The calendar shows entries as posts with the local status ``WAITING_TO_SEND`` (negative ids, so
they never collide with Dash's); :meth:`OutboxService.run` sends in the background, backing off
while Dash stays away, and :meth:`OutboxService.wake` (called when a load succeeds) sends at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from dashdesk.i18n import tr
from dashdesk.platforms import rules_for
from dashdesk.platforms.statuses import WAITING_TO_SEND
from dashdesk.services.compose import ComposeService, Outcome, PlatformResult
from dashdesk.services.post import Post
from dashdesk.store.outbox import (
    CHECK,
    REFUSED,
    SENDABLE,
    SENDING,
    UNKNOWN,
    WAITING,
    OutboxEntry,
    OutboxStore,
)

log = logging.getLogger(__name__)

#: The local status of a post waiting in the outbox (never sent to Dash).
OUTBOX_STATUS = WAITING_TO_SEND


def keepable(result: PlatformResult) -> bool:
    """Whether a save result belongs in the outbox (Dash away, or the answer lost and still searchable)."""
    if result.body is None:
        return False
    if result.outcome is Outcome.FAILED:
        return result.transient
    return result.outcome is Outcome.UNKNOWN and not result.lookup_impossible


def as_post(entry: OutboxEntry) -> Post:
    """The entry as a calendar post: its body, the local status, and a negative id."""
    data = {**entry.body, "id": -entry.id, "status": OUTBOX_STATUS, "outbox_state": entry.state,
            "outbox_message": entry.message}
    return Post.from_json(entry.platform, data)


def describe(entry: OutboxEntry) -> str:
    """One sentence for the person about where an entry stands."""
    name = rules_for(entry.platform).name
    if entry.state == REFUSED:
        return (tr("{name}: Dash refused this post. {message} Create it again with the fix and remove it here, or try "
                   "again if the problem was on Dash's side.",
                   name=name, message=entry.message))
    if entry.state == CHECK:
        return (tr("{name}: DashDesk sent this post but the answer was lost, and Dash cannot be searched for a post "
                   "without a time. Check Dash, then send it again or remove it here.",
                   name=name))
    if entry.state in (UNKNOWN, SENDING):
        return tr("{name}: waiting to send. DashDesk checks Dash for it first, so it is never posted twice.", name=name)
    return tr("{name}: waiting to send. DashDesk sends it by itself as soon as Dash can be reached.", name=name)


def kept_message(entry: OutboxEntry) -> str:
    """What the composer says for a platform whose post went to the outbox instead of Dash."""
    name = rules_for(entry.platform).name
    if entry.state == UNKNOWN:
        return (tr("{name}: Dash did not confirm this post, so DashDesk keeps it and checks Dash for it before "
                   "sending again. It shows in the calendar as Waiting to send.",
                   name=name))
    return (tr("{name}: Dash could not take this post right now, so DashDesk keeps it and sends it by itself when "
               "Dash is back. It shows in the calendar as Waiting to send; you can close this window.",
               name=name))


def origin_of(client: Any) -> str:
    """The Dash an API client talks to (its scheduler host): outbox entries belong to it."""
    hosts = getattr(client, "hosts", None)
    return str(getattr(hosts, "scheduler", "") or "")


def outbox_path() -> Any:
    """The outbox file in the user data folder."""
    from dashdesk.paths import data_dir
    from dashdesk.store.outbox import FILE_NAME

    return data_dir() / FILE_NAME


class OutboxSender:
    """The composer's sender with the outbox behind it (a ``SaveFlow`` sender).

    Creates go through ``compose`` as always; a platform Dash could not take (offline, 5xx, paced,
    or a lost answer the lookup could not settle) is kept in ``outbox`` and reported as
    ``Outcome.KEPT`` with the entry's (negative) id, so the composer can close and never sends it
    itself again. Edits are not kept: an edit that fails stays in the composer.
    """

    def __init__(self, compose: ComposeService, outbox: OutboxService) -> None:
        self.compose = compose
        self.outbox = outbox

    async def create_all(self, drafts: Any, previous: Any = None, *,
                         on_result: Callable[[PlatformResult], None] | None = None,
                         force: Any = ()) -> dict[str, PlatformResult]:
        """:meth:`ComposeService.create_all`, keeping what Dash could not take."""
        results = await self.compose.create_all(drafts, previous, force=force)
        for platform, result in list(results.items()):
            if keepable(result):
                entry = await self.outbox.keep(result)
                if entry is not None:
                    results[platform] = dataclasses.replace(result, outcome=Outcome.KEPT, post={"id": -entry.id},
                                                            message=kept_message(entry))
            if on_result is not None:
                on_result(results[platform])
        return results

    async def update(self, platform: str, post_id: int, before: Any, after: Any) -> PlatformResult:
        """:meth:`ComposeService.update` (edits are not kept in the outbox)."""
        return await self.compose.update(platform, post_id, before, after)


@dataclass
class FlushReport:
    """What one pass over the outbox did."""

    sent: list[PlatformResult] = field(default_factory=list)
    waiting: list[OutboxEntry] = field(default_factory=list)
    refused: list[OutboxEntry] = field(default_factory=list)
    check: list[OutboxEntry] = field(default_factory=list)

    @property
    def done(self) -> bool:
        """Whether nothing is left for the sender to try again by itself."""
        return not self.waiting


class OutboxService:
    """The outbox of one brand on one Dash: keep, list, send, drop.

    ``compose`` creates the posts (its client is the app's ``DashClient``); ``posts``, when given, is
    the app's ``PostService``: sent posts replace their outbox entries in the calendar. ``origin``
    names the Dash the entries belong to (the scheduler host), so entries never go to another one.
    """

    def __init__(
        self,
        store: OutboxStore,
        compose: ComposeService,
        origin: str,
        *,
        posts: Any = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        lease: timedelta = timedelta(minutes=2),
        backoff: tuple[float, float] = (5.0, 120.0),
    ) -> None:
        self.store = store
        self.compose = compose
        self.origin = origin
        self.posts = posts
        self.clock = clock
        self.lease = lease
        self.backoff = backoff
        self.owner = uuid.uuid4().hex  # this sender's claims
        self._entries: list[OutboxEntry] = []
        self._listeners: list[Callable[[list[OutboxEntry]], None]] = []
        #: Called with each pass's :class:`FlushReport` that sent something (the app says so).
        self.sent_listeners: list[Callable[[FlushReport], None]] = []
        self._flush_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._kept = asyncio.Event()

    @property
    def brand_id(self) -> int:
        """The brand whose outbox this is."""
        return self.compose.brand_id

    # --- listening -------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[list[OutboxEntry]], None]) -> None:
        """Call ``listener`` with the entries after every change."""
        self._listeners.append(listener)

    @property
    def entries(self) -> list[OutboxEntry]:
        """The entries as last read."""
        return list(self._entries)

    def as_posts(self) -> list[Post]:
        """The entries as calendar posts."""
        return [as_post(e) for e in self._entries]

    async def refresh(self) -> list[OutboxEntry]:
        """Read the entries from the file (at start, and after every change) and tell the listeners."""
        self._entries = await asyncio.to_thread(self.store.entries, self.origin, self.brand_id)
        show_local = getattr(self.posts, "show_local", None)
        if callable(show_local):
            show_local(self.as_posts())
        for listener in list(self._listeners):
            listener(self.entries)
        return self.entries

    # --- keeping ---------------------------------------------------------------------------

    async def keep(self, result: PlatformResult) -> OutboxEntry | None:
        """Keep a save result's post if it belongs here (see :func:`keepable`); returns its entry."""
        if not keepable(result):
            return None
        assert result.body is not None
        state = UNKNOWN if result.outcome is Outcome.UNKNOWN else WAITING
        sent_at = result.sent_at if state == UNKNOWN else None
        entry = await asyncio.to_thread(self.store.add, self.origin, self.brand_id, result.platform,
                                        dict(result.body), state=state, sent_at=sent_at, message=result.message,
                                        now=self.clock())
        await self.refresh()
        self._kept.set()
        return entry

    async def keep_all(self, results: dict[str, PlatformResult]) -> list[OutboxEntry]:
        """:meth:`keep` every result that belongs in the outbox."""
        kept = [await self.keep(r) for r in results.values()]
        return [e for e in kept if e is not None]

    async def discard(self, entry_id: int) -> None:
        """Drop an entry the person no longer wants sent."""
        await asyncio.to_thread(self.store.remove, entry_id)
        await self.refresh()

    async def retry(self, entry_id: int, body: dict[str, Any] | None = None) -> None:
        """Send a refused entry again (with ``body`` when the person fixed it), or a checked one anew.

        A ``CHECK`` entry is one the person looked for on Dash and did not find: it is sent as new.
        """
        entry = await asyncio.to_thread(self.store.get, entry_id)
        if entry is None:
            return
        if entry.state == CHECK:
            await asyncio.to_thread(self.store.finish, entry_id, WAITING, "", clear_sent=True)
        elif body is not None or entry.state == REFUSED:
            await asyncio.to_thread(self.store.replace_body, entry_id, body if body is not None else entry.body)
        await self.refresh()
        self.wake()

    # --- sending ---------------------------------------------------------------------------

    async def flush(self) -> FlushReport:
        """Send every sendable entry once (one pass at a time); returns what happened."""
        async with self._flush_lock:
            report = FlushReport()
            entries = await asyncio.to_thread(self.store.entries, self.origin, self.brand_id)
            for entry in entries:
                if entry.state in (*SENDABLE, SENDING):
                    await self._send(entry, report)
            for entry in await self.refresh():
                if entry.state in (*SENDABLE, SENDING) and entry not in report.waiting:
                    report.waiting.append(entry)
                elif entry.state == REFUSED:
                    report.refused.append(entry)
                elif entry.state == CHECK:
                    report.check.append(entry)
            if report.sent:
                for listener in list(self.sent_listeners):
                    listener(report)
            return report

    async def _send(self, entry: OutboxEntry, report: FlushReport) -> None:
        claimed = await asyncio.to_thread(self.store.claim, entry.id, self.owner, self.clock(), self.lease)
        if claimed is None:
            return  # another sender has it, or it is no longer sendable
        entry, was = claimed
        previous = None
        if was in (UNKNOWN, SENDING):
            # its answer was lost (or the app stopped mid-send): look it up before sending again
            previous = PlatformResult(entry.platform, Outcome.UNKNOWN, body=entry.body, sent_at=entry.sent_at)
        try:
            result = await self.compose.create_body(entry.platform, dict(entry.body), previous)
        except BaseException:
            # cancelled (the app is quitting) or a bug: the request may be out, so look it up next time
            await asyncio.to_thread(self.store.finish, entry.id, UNKNOWN, "")
            raise
        if result.outcome is Outcome.SAVED:
            await asyncio.to_thread(self.store.remove, entry.id)
            await self._show(result)
            report.sent.append(result)
            return
        if result.outcome is Outcome.UNKNOWN:
            state = CHECK if result.lookup_impossible else UNKNOWN
            await asyncio.to_thread(self.store.finish, entry.id, state, result.message)
        elif result.transient:
            # nothing was stored by this attempt; an earlier lost one was looked up and is not there
            await asyncio.to_thread(self.store.finish, entry.id, WAITING, result.message, clear_sent=True)
        else:
            await asyncio.to_thread(self.store.finish, entry.id, REFUSED, result.message, clear_sent=True)

    async def _show(self, result: PlatformResult) -> None:
        """Put a sent post in the calendar (and its cache) in place of its outbox entry."""
        if self.posts is None or not result.post or result.post.get("id") is None:
            return
        remember = getattr(self.posts, "remember", None)
        if callable(remember):
            await remember(Post.from_json(result.platform, result.post))

    # --- running in the background ---------------------------------------------------------

    def wake(self) -> None:
        """Try sending now (Dash answered again, or an entry changed)."""
        self._wake.set()

    async def run(self) -> None:
        """Send until cancelled: at once, then after a growing pause while Dash stays away.

        While nothing is waiting it sleeps until :meth:`wake` (Dash answered) or :meth:`keep` (a new
        entry, first tried after the shortest pause: its save has just failed).
        """
        first, cap = self.backoff
        pause = first
        while True:
            self._wake.clear()
            self._kept.clear()
            try:
                report = await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception:  # keep the sender alive; the entries stay in the file
                log.exception("outbox pass failed")
                report = FlushReport(waiting=self.entries)
            if report.sent or report.done:
                pause = first
            if report.done:
                woke = await self._wait(None)
                if woke == "kept" and await self._wait(first) == "timeout":
                    continue
            elif await self._wait(pause) == "timeout":
                pause = min(cap, pause * 2)

    async def _wait(self, seconds: float | None) -> str:
        """Wait for :meth:`wake`, :meth:`keep` or ``seconds``; says which came first ("timeout" for the last)."""
        waits = {asyncio.ensure_future(self._wake.wait()): "wake", asyncio.ensure_future(self._kept.wait()): "kept"}
        try:
            done, _ = await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
        if not done:
            return "timeout"
        return "wake" if any(waits[t] == "wake" for t in done) else "kept"
