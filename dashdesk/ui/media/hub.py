"""Shared media services for the widgets: the upload queue as Qt signals, background work, the brand.

One :class:`MediaHub` per main window: the Media panel and every composer's strip use the same
one, so an upload started in the composer shows in the panel's queue and dedupe spans both.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QImage

from dashdesk.i18n import tr
from dashdesk.media.cleaned import CleanBeforeUpload
from dashdesk.media.cleaned import sweep as sweep_cleaned
from dashdesk.media.inspect import MediaInfo, MediaProblem, inspect_file, make_thumbnail
from dashdesk.media.queue import UploadQueue
from dashdesk.media.upload import UploadItem
from dashdesk.secure_transport import client_options

log = logging.getLogger(__name__)

__all__ = ["BackgroundWork", "MediaHub", "QtUploadQueue"]


class BackgroundWork(QObject):
    """Inspection and thumbnails in worker threads; results come back as signals on the UI thread.

    Thumbnails are decoded to a :class:`QImage` in the worker (QImage is safe off the UI thread;
    QPixmap is made by the receiver).
    """

    #: key, MediaInfo
    inspected = Signal(str, object)
    #: key, message, code
    refused = Signal(str, str, str)
    #: key, QImage
    thumbnailReady = Signal(str, QImage)

    def __init__(self, parent: QObject | None = None, *, workers: int = 2) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dashdesk-media")
        self._pending: set[Future[Any]] = set()

    def _submit(self, fn: Callable[[], None]) -> None:
        future = self._pool.submit(fn)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    def inspect(self, key: str, path: Path, thumb_px: int) -> None:
        """Inspect ``path`` and make its thumbnail; emits ``inspected``/``refused`` then ``thumbnailReady``."""

        def work() -> None:
            try:
                info = inspect_file(path)
            except MediaProblem as problem:
                self._emit(self.refused, key, problem.message, problem.code)
                return
            except Exception as exc:  # never let a worker die silently
                log.exception("inspecting %s failed", path)
                self._emit(self.refused, key, tr("{file}: cannot be read ({reason}).",
                                                 file=path.name, reason=exc), "unreadable")
                return
            self._emit(self.inspected, key, info)
            self._thumb(key, path, thumb_px)

        self._submit(work)

    def thumbnail(self, key: str, path: Path, thumb_px: int) -> None:
        """Make a thumbnail of ``path``; emits ``thumbnailReady`` (nothing when it cannot)."""
        self._submit(lambda: self._thumb(key, path, thumb_px))

    def remote_thumbnail(self, key: str, url: str, thumb_px: int) -> None:
        """Fetch an image URL (a Library thumbnail) and scale it; emits ``thumbnailReady``."""

        def work() -> None:
            try:
                with httpx.Client(**client_options(timeout=15.0, follow_redirects=True)) as http:
                    response = http.get(url)
                    response.raise_for_status()
                image = QImage.fromData(response.content)
            except Exception as exc:  # decoration only: a placeholder stays
                log.info("thumbnail %s failed: %s", url, exc)
                return
            if image.isNull():
                return
            image = image.scaled(
                thumb_px, thumb_px, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            self._emit(self.thumbnailReady, key, image)

        self._submit(work)

    def _thumb(self, key: str, path: Path, px: int) -> None:
        try:
            data = make_thumbnail(path, px)
        except Exception:  # a missing thumbnail is shown as a placeholder
            log.debug("no thumbnail for %s", path, exc_info=True)
            return
        image = QImage.fromData(data, "PNG")
        if not image.isNull():
            self._emit(self.thumbnailReady, key, image)

    def _emit(self, signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the receiver was deleted meanwhile
            signal.emit(*args)

    def idle(self) -> bool:
        """Whether no work is pending."""
        return not self._pending

    def shutdown(self, *, wait: bool = False) -> None:
        """Stop the worker threads (pending work is dropped); ``wait`` for the running ones."""
        self._pool.shutdown(wait=wait, cancel_futures=True)


class QtUploadQueue(QObject):
    """The Qt face of an :class:`~dashdesk.media.queue.UploadQueue`.

    Item changes are coalesced (at most one ``itemChanged`` per item per ``interval_ms``) so a fast
    upload does not flood the UI; ``progressChanged`` follows every batch of changes.
    """

    itemAdded = Signal(str)
    itemChanged = Signal(str)
    itemRemoved = Signal(str)
    progressChanged = Signal()

    def __init__(self, queue: UploadQueue, parent: QObject | None = None, *, interval_ms: int = 80) -> None:
        super().__init__(parent)
        self.queue = queue
        self._known: set[str] = {i.id for i in queue.items()}
        self._dirty: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._flush)
        self._unsubscribe = queue.subscribe(self._on_item)
        unsubscribe = self._unsubscribe
        self.destroyed.connect(lambda *_: unsubscribe())  # a queue may outlive its Qt face

    def _on_item(self, item: UploadItem) -> None:
        if self.queue.get(item.id) is None:
            self._known.discard(item.id)
            self._dirty.discard(item.id)
            self.itemRemoved.emit(item.id)
            self.progressChanged.emit()
            return
        if item.id not in self._known:
            self._known.add(item.id)
            self.itemAdded.emit(item.id)
            self.progressChanged.emit()
            return
        self._dirty.add(item.id)
        if item.state.finished:
            self._flush()  # state changes that end an item are never delayed
        elif not self._timer.isActive():
            self._timer.start()

    def _flush(self) -> None:
        dirty, self._dirty = self._dirty, set()
        for item_id in dirty:
            self.itemChanged.emit(item_id)
        if dirty:
            self.progressChanged.emit()

    def items(self) -> list[UploadItem]:
        """The queue's items, in order."""
        return self.queue.items()

    def get(self, item_id: str) -> UploadItem | None:
        """One item."""
        return self.queue.get(item_id)

    def add(
        self, path: str | Path, brand_id: int, *, info: MediaInfo | None = None, tag: str | None = None
    ) -> UploadItem:
        """Queue a file (see :meth:`UploadQueue.add`)."""
        return self.queue.add(path, brand_id, info=info, tag=tag)

    def cancel(self, item_id: str) -> None:
        """Cancel an item."""
        self.queue.cancel(item_id)

    def retry(self, item_id: str) -> None:
        """Queue a failed item again."""
        self.queue.retry(item_id)

    def clear_finished(self) -> None:
        """Forget finished items (and tell the views)."""
        finished = [i.id for i in self.queue.items() if i.state.finished]
        self.queue.clear_finished()
        for item_id in finished:
            self._known.discard(item_id)
            self.itemRemoved.emit(item_id)
        self.progressChanged.emit()

    def close(self) -> None:
        """Stop listening to the queue."""
        self._unsubscribe()
        self._timer.stop()


class MediaHub(QObject):
    """What media widgets share: the queue, the Dash client, the brand and the background workers.

    ``client`` is a :class:`dashdesk.api.DashClient` (or ``None`` while signed out); ``brand_id``
    the brand whose Library uploads go to. Give it a ``parent`` (the window or dialog that owns it),
    so Qt deletes it on the UI thread.
    """

    clientChanged = Signal()
    brandChanged = Signal(int)

    def __init__(
        self,
        queue: UploadQueue | None = None,
        *,
        client: Any = None,
        brand_id: int | None = None,
        parent: QObject | None = None,
        keep_metadata: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.brand_id = brand_id
        base = queue if queue is not None else UploadQueue(client)
        if client is not None and queue is not None:
            base.set_client(client)
        if base.prepare is None:  # uploads send a copy without location and device details
            if keep_metadata is None:
                from dashdesk.settings import Settings

                keep_metadata = Settings.default().reader("keep_media_metadata")
            base.prepare = CleanBeforeUpload(keep_metadata)
        self.uploads = QtUploadQueue(base, self)
        self.work = BackgroundWork(self)
        self.work._submit(sweep_cleaned)  # cleaned copies of uploads long done (off the UI thread)
        self._tasks: set[asyncio.Task[Any]] = set()

    @property
    def queue(self) -> UploadQueue:
        """The Qt-free queue."""
        return self.uploads.queue

    def set_client(self, client: Any) -> None:
        """Use another Dash client (or ``None`` when signed out)."""
        self.client = client
        self.queue.set_client(client)
        self.clientChanged.emit()

    def set_brand(self, brand_id: int) -> None:
        """Upload to and browse ``brand_id``'s Library from now on."""
        self.brand_id = int(brand_id)
        self.brandChanged.emit(self.brand_id)

    def spawn(self, coro: Any) -> asyncio.Task[Any]:
        """Run ``coro`` on the event loop, keeping a reference until it ends; errors are logged."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def done(t: asyncio.Task[Any]) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.error("media task failed", exc_info=t.exception())

        task.add_done_callback(done)
        return task

    def pasted_dir(self) -> Path:
        """Where images pasted from the clipboard are saved before uploading."""
        from dashdesk.paths import data_dir
        from dashdesk.private_files import private_dir

        return private_dir(data_dir() / "pasted")

    async def aclose(self) -> None:
        """Stop background work and the queue (unfinished uploads stay persisted for next time)."""
        self.uploads.close()
        self.work.shutdown()
        for task in list(self._tasks):
            task.cancel()
        await self.queue.aclose()
