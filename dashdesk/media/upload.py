"""One upload: its states, its item, and the steps that take one local file to a Library media id (Qt-free).

The steps, in order (all while the item is ``CHECKING`` until the file is sent):

1. **inspect** the file by content (a corrupt, empty or unsupported file fails at once, nothing is sent);
2. **prepare**: an optional hook may substitute another file for the one to hash and send (e.g. a copy
   with its metadata stripped); the item keeps its own name and path, :attr:`UploadItem.source` is
   what is read from then on;
3. **hash** (SHA-256, streamed) unless the file is over the hash-first limit and not known by its
   fingerprint (then it is hashed after its upload, by the queue);
4. **reuse** an earlier upload of the same bytes to the same brand when the media still exists, or
   wait for an identical upload already running;
5. **send** with the client's three-step Library upload, with progress and speed; transient failures
   (connection, timeout, 5xx, 429) are retried with capped exponential backoff (``WAITING``);
6. **record** ``(brand, sha256) -> media_id`` and finish ``DONE``.

States: ``QUEUED -> CHECKING -> UPLOADING <-> WAITING -> DONE | FAILED | CANCELLED``. A cancelled or
failed item never has a media id. The queue (:mod:`dashdesk.media.queue`) decides when an upload runs
and how many at once; :class:`UploadSteps` only walks one item through its steps, telling the queue
about every change through the :class:`UploadHost` protocol.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from dashdesk.api.errors import (
    NotFoundError,
    UploadCancelled,
)
from dashdesk.i18n import N_, tr
from dashdesk.platforms import MediaKind

from .inspect import MediaInfo, MediaProblem, inspect_file
from .retry import HASH_FIRST_LIMIT, UploadPolicy, error_message, is_transient
from .store import MediaStore

__all__ = [
    "HASH_FIRST_LIMIT",
    "UNFINISHED",
    "PrepareHook",
    "UploadClient",
    "UploadHost",
    "UploadItem",
    "UploadPolicy",
    "UploadState",
    "UploadSteps",
]

log = logging.getLogger(__name__)

_SPEED_WINDOW = 3.0  # seconds of samples in a speed estimate
_SPEED_SETTLE = 1.0  # no estimate before this much sending: the first burst only fills socket buffers


class UploadClient(Protocol):
    """What an upload needs from :class:`dashdesk.api.DashClient`."""

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
    CHECKING = "checking"  # inspecting, preparing and hashing
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
        return tr(_STATE_LABELS[self])


_STATE_LABELS = {
    UploadState.QUEUED: N_("Waiting"),
    UploadState.CHECKING: N_("Checking"),
    UploadState.UPLOADING: N_("Uploading"),
    UploadState.WAITING: N_("Retrying soon"),
    UploadState.DONE: N_("Uploaded"),
    UploadState.FAILED: N_("Failed"),
    UploadState.CANCELLED: N_("Cancelled"),
}
#: States an item can be left in when the app stops; they come back as ``QUEUED``.
UNFINISHED = (UploadState.QUEUED, UploadState.CHECKING, UploadState.UPLOADING, UploadState.WAITING)


@dataclass(eq=False)
class UploadItem:
    """One file on its way to the Library. Read it; only the queue and its steps change it."""

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
    #: The file the prepare step substituted (hashed and sent instead of ``path``); not persisted,
    #: so a restored item is prepared again.
    prepared_path: Path | None = None
    #: What the prepare step removed from the sent copy (``"location"``, ``"device"``); not persisted.
    metadata_removed: frozenset[str] = frozenset()
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
    def source(self) -> Path:
        """The file that is hashed and sent: the prepared copy when there is one, else ``path``."""
        return self.prepared_path or self.path

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

    # -- transitions (the queue persists and announces each) ------------------------------------------

    def finish(self, state: UploadState, *, error: str | None = None, code: str | None = None) -> None:
        """Enter a finished state; only ``DONE`` keeps a media id."""
        self.state = state
        self.speed = 0.0
        self.retry_at = None
        if error is not None:
            self.error, self.error_code = error, code
        if state is not UploadState.DONE:
            self.media_id = None  # only a finished upload ever has an id to attach

    def requeue(self) -> None:
        """Back to ``QUEUED`` after a failure or cancel, with attempts starting over."""
        self.state = UploadState.QUEUED
        self.error = self.error_code = None
        self.attempts = 0
        self.sent = 0
        self.speed = 0.0
        self._cancel_requested = False
        self._done = None

    def record_progress(self, sent: int, total: int, now: float) -> None:
        """Take a progress report from the client and update the smoothed speed."""
        self.sent = sent
        if total:
            self.size = total
        samples = self._samples
        samples.append((now, sent))
        while len(samples) > 2 and now - samples[1][0] >= _SPEED_WINDOW:
            samples.pop(0)
        t0, s0 = samples[0]
        if now - t0 >= _SPEED_SETTLE:
            self.speed = (sent - s0) / (now - t0)


#: The prepare step's hook: given an item (inspected), return a file to hash and send instead of its
#: own, or ``None`` to send it as it is. Runs in a worker thread.
PrepareHook = Callable[[UploadItem], Path | None]


class UploadHost(Protocol):
    """What one upload's steps need from the queue running them."""

    store: MediaStore

    @property
    def client(self) -> UploadClient | None:
        """The Dash connection now (``None`` when signed out)."""
        ...

    def changed(self, item: UploadItem, *, progress_only: bool = False) -> None:
        """Persist (unless only progress changed) and announce a change of ``item``."""
        ...

    def finished(self, item: UploadItem) -> None:
        """Persist and announce a finished ``item`` and wake whoever waits for it."""
        ...

    def persist(self, item: UploadItem) -> None:
        """Write ``item`` to disk without announcing it."""
        ...

    async def wait(self, item_id: str) -> UploadItem:
        """Wait until the item is finished."""
        ...

    def hash_later(self, item: UploadItem) -> None:
        """Hash a large file after its upload, in the background."""
        ...


class UploadSteps:
    """Walks one item through its steps (see the module docstring); the host learns every change."""

    def __init__(
        self,
        item: UploadItem,
        host: UploadHost,
        policy: UploadPolicy,
        *,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float],
        prepare: PrepareHook | None = None,
        inflight: dict[tuple[int, str], UploadItem] | None = None,
    ) -> None:
        self.item = item
        #: ``(brand, sha256) -> item`` sending those bytes now, shared by the queue's uploads (the
        #: queue lets go of an item's entries when its run ends).
        self.inflight = inflight if inflight is not None else {}
        self.host = host
        self.policy = policy
        self._sleep = sleep
        self._clock = clock
        self._prepare = prepare

    async def run(self) -> None:
        """Run every step; failures end the item (never raise), except cancellation of the task."""
        item = self.item
        try:
            self._enter(UploadState.CHECKING)
            await self._inspect()
            await self._prepare_source()
            await self._hash()
            if item.sha256 and await self._reuse_same_bytes():
                return
            media = await self._send_with_retries()
            if media is None:
                return
            self._record(media)
        except MediaProblem as problem:
            self._finish(UploadState.FAILED, error=problem.message, code=problem.code)
        except asyncio.CancelledError:
            if item._cancel_requested:
                self._finish(UploadState.CANCELLED)
            else:  # shutting down: keep it queued for the next run
                item.state = UploadState.QUEUED
                self.host.persist(item)
            raise
        except Exception as exc:  # anything unexpected fails this item, never the queue
            log.exception("upload of %s failed", item.path)
            self._finish(UploadState.FAILED, error=error_message(exc), code=type(exc).__name__)

    # -- steps ----------------------------------------------------------------------------------------

    async def _inspect(self) -> None:
        item = self.item
        if item.info is None or item.kind is None:
            info = await asyncio.get_running_loop().run_in_executor(None, inspect_file, item.path)
            item.info, item.kind, item.size = info, info.kind, info.size
            item.content_type = item.content_type or info.mime_type

    async def _prepare_source(self) -> None:
        """The seam for a cleaned copy (e.g. metadata stripped): what the hook returns is sent instead."""
        if self._prepare is None:
            return
        item = self.item
        prepared = await asyncio.get_running_loop().run_in_executor(None, self._prepare, item)
        item.prepared_path = Path(prepared) if prepared is not None else None

    async def _hash(self) -> None:
        item, store = self.item, self.host.store
        if item.size <= self.policy.hash_first_limit or store.known_hash(item.source):
            item.sha256 = await asyncio.get_running_loop().run_in_executor(None, store.hash_of, item.source)

    async def _reuse_same_bytes(self) -> bool:
        """Finish with an earlier or a running upload of the same bytes; else hold them while sending."""
        item = self.item
        assert item.sha256 is not None
        key = (item.brand_id, item.sha256)
        if await self._reuse_recorded():
            return True
        other = self.inflight.get(key)
        if other is not None and other is not item:
            finished = await self.host.wait(other.id)
            if finished.state is UploadState.DONE and finished.media_id is not None:
                item.media_id, item.media, item.deduplicated = finished.media_id, finished.media, True
                self._finish(UploadState.DONE)
                return True
        self.inflight[key] = item
        return False

    async def _reuse_recorded(self) -> bool:
        """Finish with an earlier upload of the same bytes, if the media still exists."""
        item, store = self.item, self.host.store
        assert item.sha256 is not None
        entry = store.lookup(item.brand_id, item.sha256)
        if entry is None:
            return False
        client = self.host.client
        if client is not None:
            try:
                media = await client.get_media(item.brand_id, entry.media_id)
            except Exception as exc:
                if isinstance(exc, NotFoundError):
                    store.forget(item.brand_id, item.sha256)
                    return False
                media = None  # cannot check now: trust the record of a successful upload
            item.media = media
        item.media_id = entry.media_id
        item.deduplicated = True
        item.sent = item.size
        self._finish(UploadState.DONE)
        return True

    async def _send_with_retries(self) -> Any:
        item = self.item
        while True:
            client = self.host.client
            if client is None:
                raise RuntimeError("no Dash connection")
            item.attempts += 1
            item.sent = 0
            item._samples.clear()
            item._cancel = asyncio.Event()
            self._enter(UploadState.UPLOADING)
            try:
                return await client.upload_file(
                    item.brand_id,
                    item.source,
                    content_type=item.content_type,
                    progress=self._on_progress,
                    cancel=item._cancel,
                )
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if item._cancel_requested or isinstance(exc, UploadCancelled):
                    self._finish(UploadState.CANCELLED)
                    return None
                if isinstance(exc, FileNotFoundError | PermissionError):
                    raise MediaProblem(item.path, "unreadable", f"{item.filename}: {exc.strerror}.") from None
                if not is_transient(exc) or item.attempts >= self.policy.max_attempts:
                    self._finish(UploadState.FAILED, error=error_message(exc), code=type(exc).__name__)
                    return None
                delay = self.policy.delay(item.attempts, exc)
                item.error = f"{error_message(exc)} Retrying in {math.ceil(delay)} s."
                item.retry_at = self._clock() + delay
                item.speed = 0.0
                self._enter(UploadState.WAITING)
                await self._sleep(delay)
                item.retry_at = None
                item.error = None

    def _record(self, media: Any) -> None:
        item = self.item
        item.media = media
        item.media_id = attach_id(media)
        item.sent = item.size
        if item.sha256:
            self.host.store.remember(
                item.brand_id,
                item.sha256,
                item.media_id,
                kind=item.kind.value if item.kind else None,
                size=item.size,
                filename=item.filename,
            )
        self._finish(UploadState.DONE)
        if not item.sha256:
            self.host.hash_later(item)

    # -- telling the host -----------------------------------------------------------------------------

    def _enter(self, state: UploadState) -> None:
        self.item.state = state
        self.host.changed(self.item)

    def _finish(self, state: UploadState, *, error: str | None = None, code: str | None = None) -> None:
        self.item.finish(state, error=error, code=code)
        self.host.finished(self.item)

    def _on_progress(self, sent: int, total: int) -> None:
        if self.item.state is not UploadState.UPLOADING:
            return
        self.item.record_progress(sent, total, self._clock())
        self.host.changed(self.item, progress_only=True)


def attach_id(media: Any) -> int:
    """The id to attach from an upload's answer (``attach_id``, ``media_id`` or ``id``)."""
    for name in ("attach_id", "media_id", "id"):
        value = getattr(media, name, None)
        if value is None and isinstance(media, dict):
            value = media.get(name)
        if isinstance(value, int):
            return value
    raise ValueError("the upload answer has no media id")
