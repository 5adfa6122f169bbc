"""The upload queue: local files to Dash Library media ids, reliably, with progress (Qt-free asyncio).

What it does for each item, a bounded number at once:

1. inspect the file (by content; a corrupt, empty or unsupported file fails at once, nothing is sent);
2. hash it (SHA-256, streamed) and, when these bytes were uploaded to this brand before and the media
   still exists, reuse that ``media_id`` (content-addressed dedupe); the same file added twice at
   once is uploaded once (the second waits for the first). Files over ``hash_first_limit`` (64 MiB)
   are hashed *after* their upload, so hashing never competes with a big upload for CPU and disk;
   the hash is remembered by file fingerprint, so adding the same big file again is recognised
   without reading it;
3. run the client's three-step Library upload (``DashClient.upload_file``), streamed from disk, with
   progress, speed and time left; retry transient failures (connection, timeout, 5xx, 429) with
   capped exponential backoff, never a refused request;
4. remember ``(brand, sha256) -> media_id``.

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
import math
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from dashdesk.api.errors import (
    ConnectionFailed,
    NotFoundError,
    OutcomeUnknown,
    RateLimitedError,
    RequestTimeout,
    ServerError,
    UploadCancelled,
)
from dashdesk.platforms import MediaKind

from .inspect import MediaInfo, MediaProblem, inspect_file
from .store import MediaStore

__all__ = [
    "QueueProgress",
    "UploadClient",
    "UploadItem",
    "UploadQueue",
    "UploadState",
]

log = logging.getLogger(__name__)

#: Files up to this size are hashed before uploading (so a duplicate is never sent at all); larger
#: ones are hashed right after their upload (and known by fingerprint from then on).
HASH_FIRST_LIMIT = 64 * 1024 * 1024
_PROGRESS_INTERVAL = 0.1  # seconds between progress notifications per item
_SPEED_WINDOW = 3.0  # seconds of samples in a speed estimate
_SPEED_SETTLE = 1.0  # no estimate before this much sending: the first burst only fills socket buffers


class UploadClient(Protocol):
    """What the queue needs from :class:`dashdesk.api.DashClient`."""

    async def upload_file(
        self,
        brand_id: int,
        path: Path,
        *,
        content_type: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> Any:
        """Upload a file to the Library; the answer has ``attach_id`` (or ``media_id``/``id``)."""
        ...

    async def get_media(self, brand_id: int, media_id: int) -> Any:
        """Fetch one Library media (raises a not-found error when it is gone)."""
        ...


class UploadState(StrEnum):
    """Where an upload is."""

    QUEUED = "queued"
    CHECKING = "checking"  # inspecting and hashing
    UPLOADING = "uploading"
    WAITING = "waiting"  # waiting to retry after a transient failure
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        """Whether the item will not change again by itself."""
        return self in (UploadState.DONE, UploadState.FAILED, UploadState.CANCELLED)

    @property
    def active(self) -> bool:
        """Whether the item is being worked on right now."""
        return self in (UploadState.CHECKING, UploadState.UPLOADING, UploadState.WAITING)

    @property
    def label(self) -> str:
        """A word for the person."""
        return _STATE_LABELS[self]


_STATE_LABELS = {
    UploadState.QUEUED: "Waiting",
    UploadState.CHECKING: "Checking",
    UploadState.UPLOADING: "Uploading",
    UploadState.WAITING: "Retrying soon",
    UploadState.DONE: "Uploaded",
    UploadState.FAILED: "Failed",
    UploadState.CANCELLED: "Cancelled",
}
_UNFINISHED = (UploadState.QUEUED, UploadState.CHECKING, UploadState.UPLOADING, UploadState.WAITING)


@dataclass(eq=False)
class UploadItem:
    """One file on its way to the Library. Read it; only the queue changes it."""

    id: str
    brand_id: int
    path: Path
    size: int = 0
    content_type: str | None = None
    kind: MediaKind | None = None
    state: UploadState = UploadState.QUEUED
    sent: int = 0
    media_id: int | None = None
    sha256: str | None = None
    error: str | None = None
    #: ``MediaProblem.code`` or the client error's class name, when failed.
    error_code: str | None = None
    attempts: int = 0
    #: Free text the owner uses to find its items again after a restart (e.g. a draft's id).
    tag: str | None = None
    #: True when an earlier upload of the same bytes was reused and nothing was sent.
    deduplicated: bool = False
    #: Bytes per second, smoothed; 0 when unknown.
    speed: float = 0.0
    #: Monotonic time of the next retry while ``state`` is WAITING.
    retry_at: float | None = None
    info: MediaInfo | None = None
    media: Any = None
    _cancel: asyncio.Event | None = field(default=None, repr=False)
    _cancel_requested: bool = field(default=False, repr=False)
    _done: asyncio.Future[UploadItem] | None = field(default=None, repr=False)
    _samples: list[tuple[float, int]] = field(default_factory=list, repr=False)
    _last_notify: float = field(default=0.0, repr=False)

    @property
    def filename(self) -> str:
        """The file's name."""
        return self.path.name

    @property
    def fraction(self) -> float:
        """Progress from 0 to 1."""
        if self.state is UploadState.DONE:
            return 1.0
        return min(1.0, self.sent / self.size) if self.size else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the current speed, when it is known."""
        if self.state is not UploadState.UPLOADING or self.speed <= 0:
            return None
        return max(0.0, (self.size - self.sent) / self.speed)


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
            self._finish(item, UploadState.CANCELLED)

    def retry(self, item_id: str) -> None:
        """Queue a failed or cancelled item again (attempts start over)."""
        item = self._items.get(item_id)
        if item is None or item.state not in (UploadState.FAILED, UploadState.CANCELLED):
            return
        self._join_batch(item)
        item.state = UploadState.QUEUED
        item.error = item.error_code = None
        item.attempts = 0
        item.sent = 0
        item.speed = 0.0
        item._cancel_requested = False
        item._done = None
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
            if state in _UNFINISHED:
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

    def _finish(
        self, item: UploadItem, state: UploadState, *, error: str | None = None, code: str | None = None
    ) -> None:
        item.state = state
        item.speed = 0.0
        item.retry_at = None
        if error is not None:
            item.error, item.error_code = error, code
        if state is not UploadState.DONE:
            item.media_id = None  # only a finished upload ever has an id to attach
        self._persist(item)
        self._notify(item)
        if item._done is not None and not item._done.done():
            item._done.set_result(item)

    def _set_state(self, item: UploadItem, state: UploadState) -> None:
        item.state = state
        self._persist(item)
        self._notify(item)

    async def _run(self, item: UploadItem) -> None:
        key: tuple[int, str] | None = None
        try:
            self._set_state(item, UploadState.CHECKING)
            loop = asyncio.get_running_loop()
            if item.info is None or item.kind is None:
                info = await loop.run_in_executor(None, inspect_file, item.path)
                item.info, item.kind, item.size = info, info.kind, info.size
                item.content_type = item.content_type or info.mime_type
            if item.size <= self.hash_first_limit or self.store.known_hash(item.path):
                item.sha256 = await loop.run_in_executor(None, self.store.hash_of, item.path)
            if item.sha256:
                key = (item.brand_id, item.sha256)
                if await self._reuse(item):
                    return
                other = self._inflight.get(key)
                if other is not None and other is not item:
                    finished = await self.wait(other.id)
                    if finished.state is UploadState.DONE and finished.media_id is not None:
                        item.media_id, item.media, item.deduplicated = finished.media_id, finished.media, True
                        self._finish(item, UploadState.DONE)
                        return
                self._inflight[key] = item
            media = await self._upload_with_retries(item)
            if media is None:
                return
            item.media = media
            item.media_id = _attach_id(media)
            item.sent = item.size
            if item.sha256:
                self.store.remember(
                    item.brand_id,
                    item.sha256,
                    item.media_id,
                    kind=item.kind.value if item.kind else None,
                    size=item.size,
                    filename=item.filename,
                )
            self._finish(item, UploadState.DONE)
            if not item.sha256:
                self._hash_later(item)
        except MediaProblem as problem:
            self._finish(item, UploadState.FAILED, error=problem.message, code=problem.code)
        except asyncio.CancelledError:
            if item._cancel_requested:
                self._finish(item, UploadState.CANCELLED)
            else:  # shutting down: keep it queued for the next run
                item.state = UploadState.QUEUED
                self._persist(item)
            raise
        except Exception as exc:  # anything unexpected fails this item, never the queue
            log.exception("upload of %s failed", item.path)
            self._finish(item, UploadState.FAILED, error=_message(exc), code=type(exc).__name__)
        finally:
            if key is not None and self._inflight.get(key) is item:
                del self._inflight[key]
            self._tasks.pop(item.id, None)
            if not self._closed:
                self._pump()

    def _hash_later(self, item: UploadItem) -> None:
        """Hash a large file after its upload (never competing with it) and record it for dedupe."""
        stop = False

        async def work() -> None:
            loop = asyncio.get_running_loop()
            try:
                digest = await loop.run_in_executor(None, lambda: self.store.hash_of(item.path, cancelled=lambda: stop))
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

    async def _reuse(self, item: UploadItem) -> bool:
        """Finish ``item`` with an earlier upload of the same bytes, if the media still exists."""
        assert item.sha256 is not None
        entry = self.store.lookup(item.brand_id, item.sha256)
        if entry is None:
            return False
        client = self._client
        if client is not None:
            try:
                media = await client.get_media(item.brand_id, entry.media_id)
            except Exception as exc:
                if _is_not_found(exc):
                    self.store.forget(item.brand_id, item.sha256)
                    return False
                media = None  # cannot check now: trust the record of a successful upload
            item.media = media
        item.media_id = entry.media_id
        item.deduplicated = True
        item.sent = item.size
        self._finish(item, UploadState.DONE)
        return True

    async def _upload_with_retries(self, item: UploadItem) -> Any:
        while True:
            client = self._client
            if client is None:
                raise RuntimeError("no Dash connection")
            item.attempts += 1
            item.sent = 0
            item._samples.clear()
            item._cancel = asyncio.Event()
            self._set_state(item, UploadState.UPLOADING)
            try:
                return await client.upload_file(
                    item.brand_id,
                    item.path,
                    content_type=item.content_type,
                    progress=lambda sent, total: self._on_progress(item, sent, total),
                    cancel=item._cancel,
                )
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if item._cancel_requested or isinstance(exc, UploadCancelled):
                    self._finish(item, UploadState.CANCELLED)
                    return None
                if isinstance(exc, FileNotFoundError | PermissionError):
                    raise MediaProblem(item.path, "unreadable", f"{item.filename}: {exc.strerror}.") from None
                if not _is_transient(exc) or item.attempts >= self.max_attempts:
                    self._finish(item, UploadState.FAILED, error=_message(exc), code=type(exc).__name__)
                    return None
                delay = self._delay(item.attempts, exc)
                item.error = f"{_message(exc)} Retrying in {math.ceil(delay)} s."
                item.retry_at = self._clock() + delay
                item.speed = 0.0
                self._set_state(item, UploadState.WAITING)
                await self._sleep(delay)
                item.retry_at = None
                item.error = None

    def _delay(self, attempt: int, exc: BaseException) -> float:
        delay = min(self.backoff_cap, self.backoff * (2 ** (attempt - 1)))
        delay *= random.uniform(0.8, 1.2)  # jitter, so parallel retries spread out
        reset_at = getattr(exc, "reset_at", None)
        if reset_at is not None:
            with contextlib.suppress(Exception):
                wait = (reset_at - datetime.now(UTC)).total_seconds()
                delay = max(delay, min(self.backoff_cap, wait))
        return max(0.0, delay)

    def _on_progress(self, item: UploadItem, sent: int, total: int) -> None:
        if item.state is not UploadState.UPLOADING:
            return
        now = self._clock()
        item.sent = sent
        if total:
            item.size = total
        samples = item._samples
        samples.append((now, sent))
        while len(samples) > 2 and now - samples[1][0] >= _SPEED_WINDOW:
            samples.pop(0)
        t0, s0 = samples[0]
        if now - t0 >= _SPEED_SETTLE:
            item.speed = (sent - s0) / (now - t0)
        self._notify(item, progress_only=True)


def _attach_id(media: Any) -> int:
    for name in ("attach_id", "media_id", "id"):
        value = getattr(media, name, None)
        if value is None and isinstance(media, dict):
            value = media.get(name)
        if isinstance(value, int):
            return value
    raise ValueError("the upload answer has no media id")


#: Failures worth another try. ``OutcomeUnknown`` is included: for an upload the worst case of
#: retrying is an extra, unattached Library item, never a duplicate post.
_TRANSIENT: tuple[type[BaseException], ...] = (
    ConnectionFailed,
    RequestTimeout,
    ServerError,
    RateLimitedError,
    OutcomeUnknown,
    ConnectionError,
    TimeoutError,
)


def _is_transient(exc: BaseException) -> bool:
    """Whether trying again may help."""
    return isinstance(exc, _TRANSIENT)


def _is_not_found(exc: BaseException) -> bool:
    return isinstance(exc, NotFoundError)


def _message(exc: BaseException) -> str:
    user = getattr(exc, "user_message", None)
    if callable(user):
        with contextlib.suppress(Exception):
            return str(user())
    return str(exc) or type(exc).__name__
