"""The upload queue: local files to Dash Library media ids, a bounded number at once (Qt-free asyncio).

One upload's steps and states (inspect, prepare, hash, reuse, send with retries, record) live in
:mod:`dashdesk.media.upload`; this module decides *when* they run: concurrency (``concurrency`` items at
once, the rest ``QUEUED``), waiting for a connection (:meth:`UploadQueue.set_client`), cancel, retry,
remove, overall progress, dedupe of the same file added twice at once (the second waits for the first),
hashing of big files after their upload (``hash_first_limit``, 64 MiB; the hash is remembered by file
fingerprint, so adding the same big file again is recognised without reading it), and persistence.

Every state change is written to SQLite (:class:`~dashdesk.media.store.MediaStore`); after a restart,
:meth:`UploadQueue.restore` brings unfinished items back as queued. Cancelling an item stops it
wherever it is; a cancelled item never yields a media id, so nothing half-uploaded gets attached.

The UI observes the queue through :meth:`UploadQueue.subscribe` (see ``dashdesk.ui.media`` for the
Qt adaptor); callbacks run on the event loop's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashdesk.platforms import MediaKind

from .inspect import MediaInfo
from .store import MediaStore
from .upload import (
    HASH_FIRST_LIMIT,
    UNFINISHED,
    PrepareHook,
    UploadClient,
    UploadItem,
    UploadPolicy,
    UploadState,
    UploadSteps,
)

__all__ = [
    "HASH_FIRST_LIMIT",
    "QueueProgress",
    "UploadClient",
    "UploadItem",
    "UploadQueue",
    "UploadState",
]

log = logging.getLogger(__name__)

_PROGRESS_INTERVAL = 0.1  # seconds between progress notifications per item


@dataclass(frozen=True)
class QueueProgress:
    """The queue as a whole: bytes of unfinished and done items since the queue was last idle."""

    total_bytes: int
    sent_bytes: int
    speed: float
    eta: float | None
    active: int
    queued: int
    done: int
    failed: int

    @property
    def fraction(self) -> float:
        """Overall progress from 0 to 1."""
        return self.sent_bytes / self.total_bytes if self.total_bytes else 0.0

    @property
    def busy(self) -> bool:
        """Whether anything is still to upload."""
        return bool(self.active or self.queued)


class UploadQueue:
    """Uploads files to the Dash Library (see the module docstring).

    ``client`` is a :class:`dashdesk.api.DashClient` (or anything with its ``upload_file`` and
    ``get_media``); it may be given later with :meth:`set_client` (items wait until then).
    ``sleep`` and ``clock`` are injectable for tests.
    """

    def __init__(
        self,
        client: UploadClient | None = None,
        *,
        store: MediaStore | None = None,
        concurrency: int = 2,
        max_attempts: int = 5,
        backoff: float = 1.0,
        backoff_cap: float = 60.0,
        hash_first_limit: int = HASH_FIRST_LIMIT,
        prepare: PrepareHook | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self.store = store if store is not None else MediaStore()
        self.concurrency = max(1, concurrency)
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.backoff_cap = backoff_cap
        self.hash_first_limit = hash_first_limit
        #: The prepare step's hook (see :mod:`dashdesk.media.upload`): a file to send instead of the item's.
        self.prepare = prepare
        self._sleep = sleep
        self._clock = clock
        self._items: dict[str, UploadItem] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._inflight: dict[tuple[int, str], UploadItem] = {}
        self._listeners: list[Callable[[UploadItem], None]] = []
        self._closed = False
        self._batch: set[str] = set()  # items of the current busy period (for overall progress)
        self._background: set[asyncio.Task[None]] = set()

    # -- observing ---------------------------------------------------------------------------------

    def subscribe(self, callback: Callable[[UploadItem], None]) -> Callable[[], None]:
        """Call ``callback(item)`` whenever an item changes; returns a function that unsubscribes."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(callback)

        return unsubscribe

    def _notify(self, item: UploadItem, *, progress_only: bool = False) -> None:
        now = self._clock()
        if progress_only and now - item._last_notify < _PROGRESS_INTERVAL and item.sent < item.size:
            return
        item._last_notify = now
        for callback in list(self._listeners):
            try:
                callback(item)
            except Exception:  # a broken listener must not break uploads
                log.exception("upload listener failed")

    def items(self) -> list[UploadItem]:
        """All items in the order they were added."""
        return list(self._items.values())

    def get(self, item_id: str) -> UploadItem | None:
        """The item with ``item_id``."""
        return self._items.get(item_id)

    def progress(self) -> QueueProgress:
        """Overall progress: of everything not yet finished, plus what finished in this busy period."""
        live = [i for i in self._items.values() if i.state is not UploadState.CANCELLED]
        unfinished = [i for i in live if not i.state.finished]
        if not unfinished:
            return QueueProgress(
                0,
                0,
                0.0,
                None,
                0,
                0,
                sum(i.state is UploadState.DONE for i in live),
                sum(i.state is UploadState.FAILED for i in live),
            )
        batch = [i for i in live if i.id in self._batch and i.state is not UploadState.FAILED]
        total = sum(i.size for i in batch)
        sent = sum(i.size if i.state is UploadState.DONE else i.sent for i in batch)
        speed = sum(i.speed for i in unfinished if i.state is UploadState.UPLOADING)
        remaining = sum(i.size - i.sent for i in unfinished)
        eta = remaining / speed if speed > 0 else None
        return QueueProgress(
            total_bytes=total,
            sent_bytes=sent,
            speed=speed,
            eta=eta,
            active=sum(i.state.active for i in unfinished),
            queued=sum(i.state is UploadState.QUEUED for i in unfinished),
            done=sum(i.state is UploadState.DONE for i in live),
            failed=sum(i.state is UploadState.FAILED for i in live),
        )

    @property
    def busy(self) -> bool:
        """Whether any item is unfinished."""
        return any(not i.state.finished for i in self._items.values())

    # -- changing ----------------------------------------------------------------------------------

    def set_client(self, client: UploadClient | None) -> None:
        """Use ``client`` from now on (waiting items start when one is set)."""
        self._client = client
        self._pump()

    def add(
        self,
        path: str | Path,
        brand_id: int,
        *,
        info: MediaInfo | None = None,
        content_type: str | None = None,
        tag: str | None = None,
    ) -> UploadItem:
        """Queue ``path`` for ``brand_id``'s Library and return its item (uploading starts soon).

        ``info`` (from :func:`~dashdesk.media.inspect.inspect_file`) skips inspecting again. Must
        be called with an event loop set (the queue runs on it).
        """
        p = Path(path)
        try:
            size = p.stat().st_size
        except OSError:
            size = 0
        item = UploadItem(
            id=uuid.uuid4().hex,
            brand_id=int(brand_id),
            path=p,
            size=info.size if info else size,
            content_type=content_type or (info.mime_type if info else None),
            kind=info.kind if info else None,
            info=info,
            tag=tag,
        )
        self._items[item.id] = item
        self._join_batch(item)
        self._persist(item, new=True)
        self._notify(item)
        self._pump()
        return item

    async def upload(self, path: str | Path, brand_id: int, **kwargs: Any) -> UploadItem:
        """Queue ``path`` and wait until it is finished; returns the finished item."""
        item = self.add(path, brand_id, **kwargs)
        return await self.wait(item.id)

    async def wait(self, item_id: str) -> UploadItem:
        """Wait until the item is done, failed or cancelled, and return it."""
        item = self._items[item_id]
        if item.state.finished:
            return item
        return await asyncio.shield(self._future(item))

    async def wait_all(self) -> list[UploadItem]:
        """Wait until every current item is finished; return them all."""
        for item in list(self._items.values()):
            if not item.state.finished:
                await self.wait(item.id)
        return self.items()

    def cancel(self, item_id: str) -> None:
        """Stop an item wherever it is. It never gets a media id (an already finished one is kept)."""
        item = self._items.get(item_id)
        if item is None or item.state.finished:
            return
        item._cancel_requested = True
        if item._cancel is not None:
            item._cancel.set()
        task = self._tasks.get(item_id)
        if task is not None and not task.done():
            task.cancel()
        else:
            item.finish(UploadState.CANCELLED)
            self.finished(item)

    def retry(self, item_id: str) -> None:
        """Queue a failed or cancelled item again (attempts start over)."""
        item = self._items.get(item_id)
        if item is None or item.state not in (UploadState.FAILED, UploadState.CANCELLED):
            return
        self._join_batch(item)
        item.requeue()
        self._persist(item)
        self._notify(item)
        self._pump()

    def remove(self, item_id: str) -> None:
        """Cancel the item if needed and forget it."""
        self.cancel(item_id)
        item = self._items.pop(item_id, None)
        self.store.delete_upload(item_id)
        if item is not None:
            self._notify(item)

    def clear_finished(self) -> None:
        """Forget every done, failed and cancelled item."""
        for item in [i for i in self._items.values() if i.state.finished]:
            self._items.pop(item.id, None)
            self.store.delete_upload(item.id)

    def restore(self, *, brand_id: int | None = None) -> list[UploadItem]:
        """Bring back items persisted by an earlier run: unfinished ones as queued, failed ones as failed.

        Call once at start-up, before adding new items; ``brand_id`` limits it to one brand's uploads
        (the others stay persisted for when that brand is chosen). Returns the restored items.
        """
        restored: list[UploadItem] = []
        for row in self.store.uploads():
            if brand_id is not None and row["brand_id"] != brand_id:
                continue
            state = UploadState(row["state"])
            if state in (UploadState.CANCELLED, UploadState.DONE) or row["id"] in self._items:
                if state is UploadState.CANCELLED:
                    self.store.delete_upload(row["id"])
                continue
            if state in UNFINISHED:
                state = UploadState.QUEUED
            item = UploadItem(
                id=row["id"],
                brand_id=row["brand_id"],
                path=Path(row["path"]),
                size=row["size"] or 0,
                content_type=row["content_type"],
                kind=MediaKind(row["kind"]) if row["kind"] else None,
                state=state,
                media_id=row["media_id"],
                sha256=row["sha256"],
                error=row["error"],
                attempts=row["attempts"] if state is UploadState.FAILED else 0,
                tag=row["tag"],
            )
            self._items[item.id] = item
            if state is UploadState.QUEUED:
                self._join_batch(item)
            self._persist(item)
            restored.append(item)
            self._notify(item)
        self._pump()
        return restored

    def done_for_tag(self, tag: str) -> list[UploadItem]:
        """Persisted, finished-successfully items carrying ``tag`` (to re-link media after a restart)."""
        result = [i for i in self._items.values() if i.tag == tag and i.state is UploadState.DONE]
        known = {i.id for i in result}
        for row in self.store.uploads((UploadState.DONE.value,)):
            if row["tag"] == tag and row["id"] not in known:
                result.append(
                    UploadItem(
                        id=row["id"],
                        brand_id=row["brand_id"],
                        path=Path(row["path"]),
                        size=row["size"] or 0,
                        state=UploadState.DONE,
                        media_id=row["media_id"],
                        kind=MediaKind(row["kind"]) if row["kind"] else None,
                        tag=tag,
                    )
                )
        return result

    async def aclose(self) -> None:
        """Stop working: running items are interrupted and stay persisted, to resume after a restart."""
        self._closed = True
        tasks = list(self._tasks.values()) + list(self._background)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    # -- machinery ---------------------------------------------------------------------------------

    def _join_batch(self, item: UploadItem) -> None:
        """Count ``item`` in overall progress; a new busy period starts when nothing is unfinished."""
        if not any(not i.state.finished for i in self._items.values() if i is not item):
            self._batch.clear()
        self._batch.add(item.id)

    def _future(self, item: UploadItem) -> asyncio.Future[UploadItem]:
        if item._done is None or item._done.done():
            item._done = asyncio.get_event_loop().create_future()
        return item._done

    def _persist(self, item: UploadItem, *, new: bool = False) -> None:
        fields: dict[str, Any] = {
            "state": item.state.value,
            "media_id": item.media_id,
            "sha256": item.sha256,
            "error": item.error,
            "attempts": item.attempts,
            "size": item.size,
            "content_type": item.content_type,
            "kind": item.kind.value if item.kind else None,
        }
        if new:
            fields.update(brand_id=item.brand_id, path=str(item.path), filename=item.filename, tag=item.tag)
        try:
            self.store.save_upload(item.id, **fields)
        except Exception:  # the queue keeps working if the disk is full; it just will not survive a restart
            log.exception("could not persist upload %s", item.id)

    def _pump(self) -> None:
        if self._closed or self._client is None:
            return
        running = sum(1 for t in self._tasks.values() if not t.done())
        for item in list(self._items.values()):
            if running >= self.concurrency:
                break
            if item.state is UploadState.QUEUED and item.id not in self._tasks:
                self._tasks[item.id] = asyncio.ensure_future(self._run(item))
                running += 1

    async def _run(self, item: UploadItem) -> None:
        """One item's steps, then let go of its bytes and start the next waiting item."""
        steps = UploadSteps(
            item,
            self,
            UploadPolicy(self.max_attempts, self.backoff, self.backoff_cap, self.hash_first_limit),
            sleep=self._sleep,
            clock=self._clock,
            prepare=self.prepare,
            inflight=self._inflight,
        )
        try:
            await steps.run()
        finally:
            for key, holder in list(self._inflight.items()):
                if holder is item:
                    del self._inflight[key]
            self._tasks.pop(item.id, None)
            if not self._closed:
                self._pump()

    # -- what an upload's steps call (the UploadHost protocol) ----------------------------------------

    @property
    def client(self) -> UploadClient | None:
        """The Dash connection now (``None`` until one is set)."""
        return self._client

    def changed(self, item: UploadItem, *, progress_only: bool = False) -> None:
        """Persist (unless only progress changed) and announce a change of ``item``."""
        if not progress_only:
            self._persist(item)
        self._notify(item, progress_only=progress_only)

    def finished(self, item: UploadItem) -> None:
        """Persist and announce a finished ``item`` and wake whoever waits for it."""
        self._persist(item)
        self._notify(item)
        if item._done is not None and not item._done.done():
            item._done.set_result(item)

    def persist(self, item: UploadItem) -> None:
        """Write ``item`` to disk without announcing it."""
        self._persist(item)

    def hash_later(self, item: UploadItem) -> None:
        """Hash a large file after its upload (never competing with it) and record it for dedupe."""
        stop = False

        async def work() -> None:
            loop = asyncio.get_running_loop()
            try:
                source = item.source  # the bytes that were sent (a cleaned copy's): the dedupe key
                digest = await loop.run_in_executor(None, lambda: self.store.hash_of(source, cancelled=lambda: stop))
            except (OSError, InterruptedError):
                return
            item.sha256 = digest
            if item.media_id is not None:
                kind = item.kind.value if item.kind else None
                self.store.remember(
                    item.brand_id, digest, item.media_id, kind=kind, size=item.size, filename=item.filename
                )
                self._persist(item)

        task = asyncio.ensure_future(work())
        self._background.add(task)

        def done(t: asyncio.Task[None]) -> None:
            nonlocal stop
            stop = True
            self._background.discard(t)

        task.add_done_callback(done)

    async def settle(self) -> None:
        """Wait for background work (hashing of large files after their upload) to finish."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)
