"""Moves each strip item through its states: inspect, check against the platforms, upload, follow the upload.

The widget (:mod:`.widget`) decides what is in the strip; the tracker does the work behind an item and
keeps its state, message and thumbnail current by listening to the shared :class:`MediaHub`. It talks
upward by signals only (``problemsChanged``, ``noted``).

Seam for media fixes: :meth:`StripTracker.replace_file` swaps an item's file for a fixed or converted
copy in place (same position, same key) and runs it through the steps again.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QWidget

from dashdesk.i18n import tr
from dashdesk.media.checks import check_media_for_platform
from dashdesk.media.inspect import MediaInfo
from dashdesk.media.upload import UploadItem
from dashdesk.platforms import MediaKind

from ..hub import MediaHub
from .delegate import StripDelegate
from .item import ItemState, StripItem, privacy_note, state_for_upload
from .model import MediaStripModel

__all__ = ["StripTracker"]


class StripTracker(QObject):
    """The work behind the strip's items (see the module docstring).

    Signals:
      * ``problemsChanged()``: an item's refusal or platform problems changed;
      * ``noted(str)``: a short note for the person (e.g. "already in this post").
    """

    problemsChanged = Signal()
    noted = Signal(str)

    def __init__(self, model: MediaStripModel, hub: MediaHub, owner: QWidget, *, tag: str) -> None:
        super().__init__(owner)
        self.model = model
        self.hub = hub
        self.tag = tag
        self._owner = owner  # the widget whose font and pixel ratio size the thumbnails
        self.targets: list[tuple[str, str | None]] = []
        hub.work.inspected.connect(self._on_inspected)
        hub.work.refused.connect(self._on_refused)
        hub.work.thumbnailReady.connect(self._on_thumbnail)
        hub.uploads.itemChanged.connect(self._on_upload)
        hub.uploads.itemRemoved.connect(self._on_upload_removed)
        hub.brandChanged.connect(self._start_waiting_uploads)

    # -- starting work --------------------------------------------------------------------------------

    def new_file_item(self, path: str | Path) -> StripItem:
        """A strip item for a local file, not yet started (see :meth:`start`)."""
        p = Path(path)
        return StripItem(uuid.uuid4().hex, p.name, ItemState.CHECKING, path=p, thumbnail_ref=str(p))

    def start(self, item: StripItem, px: int | None = None) -> None:
        """Inspect a file item (off the UI thread); a good file then goes to the upload queue."""
        assert item.path is not None
        self.hub.work.inspect(item.key, item.path, px if px is not None else self.thumb_px())

    def replace_file(self, item: StripItem, path: str | Path) -> None:
        """Use ``path`` (a fixed or converted copy) instead of the item's file, keeping its place.

        A running upload of the old file is cancelled (it never gets attached); the new file is
        inspected, checked and uploaded like a newly added one.
        """
        if item.upload_id and item.busy:
            self.hub.uploads.cancel(item.upload_id)
        p = Path(path)
        item.path, item.name, item.thumbnail_ref = p, p.name, str(p)
        item.upload_id = item.media_id = item.info = item.kind = item.code = None
        item.problems, item.fraction, item.message, item.thumb = [], 0.0, None, None
        self.set(item, ItemState.CHECKING)
        self.problemsChanged.emit()
        self.start(item)

    def add_url(self, item: StripItem) -> None:
        """Add a URL item's media to the Library (create-from-URL, in the background)."""
        self.hub.spawn(self._create_from_url(item))

    def retry(self, item: StripItem) -> None:
        """Try a failed upload (or URL addition) again."""
        if item.state is ItemState.FAILED and item.upload_id:
            self.hub.uploads.retry(item.upload_id)
            self.set(item, ItemState.WAITING, message=None)
        elif item.state is ItemState.FAILED and item.url:
            self.set(item, ItemState.ADDING, message=None)
            self.add_url(item)

    def cancel(self, item: StripItem) -> None:
        """Cancel the item's upload when one is running (nothing half-done is ever attached)."""
        if item.upload_id and item.busy:
            self.hub.uploads.cancel(item.upload_id)

    async def _create_from_url(self, item: StripItem) -> None:
        client, brand = self.hub.client, self.hub.brand_id
        if client is None or brand is None:
            self.set(item, ItemState.FAILED, message=tr("Sign in and choose a brand first."))
            return
        try:
            media = await client.create_media_from_url(brand, item.url)
        except Exception as exc:
            user = getattr(exc, "user_message", None)
            self.set(item, ItemState.FAILED, message=user() if callable(user) else str(exc))
            return
        if self.model.item(item.key) is None:
            return  # removed meanwhile
        item.media_id = int(media.attach_id)
        kind = getattr(media, "kind", None)
        item.kind = MediaKind(kind) if kind in ("IMAGE", "VIDEO") else None
        item.thumbnail_ref = getattr(media, "thumbnail_url", None) or item.url
        self.check(item)
        self.set(item, ItemState.READY)
        self.load_thumb(item, item.thumbnail_ref, self.thumb_px())

    # -- thumbnails and checks ------------------------------------------------------------------------

    def thumb_px(self) -> int:
        """Thumbnail side in device pixels."""
        thumb, _, _ = StripDelegate.metrics(self._owner.fontMetrics())
        return round(thumb * max(1.0, self._owner.devicePixelRatioF()))

    def load_thumb(self, item: StripItem, ref: str | None, px: int) -> None:
        """Make the item's thumbnail from a local path or a web address (off the UI thread)."""
        if not ref:
            return
        if ref.startswith(("http://", "https://")):
            self.hub.work.remote_thumbnail(item.key, ref, px)
        else:
            self.hub.work.thumbnail(item.key, Path(ref), px)

    def check(self, item: StripItem) -> None:
        """Check the item against the current ``targets`` (platform, post type) pairs."""
        item.problems = []
        if item.info is None and item.kind is None:
            return
        for platform, post_type in self.targets:
            try:
                if item.info is not None:
                    item.problems += check_media_for_platform(item.info, platform, post_type)
                else:  # Library media: only the kind is known
                    stub = MediaInfo(Path(item.name), item.kind or MediaKind.IMAGE, "", 0, 0, 0)
                    item.problems += [
                        p for p in check_media_for_platform(stub, platform, post_type) if p.severity == "error"
                    ]
            except KeyError:
                continue

    # -- reactions ------------------------------------------------------------------------------------

    def _on_inspected(self, key: str, info: MediaInfo) -> None:
        item = self.model.item(key)
        if item is None:
            return
        item.info, item.kind = info, info.kind
        self.check(item)
        self.problemsChanged.emit()
        self._queue_upload(item)

    def _queue_upload(self, item: StripItem) -> None:
        brand = self.hub.brand_id
        if brand is None or item.path is None:
            self.set(item, ItemState.WAITING, message=tr("Waiting for a brand to upload to."))
            return
        upload = self.hub.uploads.add(item.path, brand, info=item.info, tag=self.tag)
        item.upload_id = upload.id
        item.message = None
        self._apply_upload(item, upload)

    def _start_waiting_uploads(self, _brand: int) -> None:
        for item in self.model.items:
            if item.state is ItemState.WAITING and item.upload_id is None and item.info is not None:
                self._queue_upload(item)

    def _on_refused(self, key: str, message: str, code: str) -> None:
        item = self.model.item(key)
        if item is None:
            return
        self.set(item, ItemState.REFUSED, message=message, code=code)
        self.problemsChanged.emit()

    def _on_thumbnail(self, key: str, image: QImage) -> None:
        item = self.model.item(key)
        if item is None:
            return
        pm = QPixmap.fromImage(image)
        pm.setDevicePixelRatio(max(1.0, self._owner.devicePixelRatioF()))
        item.thumb = pm
        self.model.changed(key)

    def _on_upload(self, upload_id: str) -> None:
        upload = self.hub.uploads.get(upload_id)
        if upload is None:
            return
        for item in self.model.items:
            if item.upload_id == upload_id:
                self._apply_upload(item, upload)
                return

    def _on_upload_removed(self, upload_id: str) -> None:
        for row, item in enumerate(self.model.items):
            if item.upload_id == upload_id and item.busy:
                self.model.remove(row)
                return

    def _apply_upload(self, item: StripItem, upload: UploadItem) -> None:
        state = state_for_upload(upload.state, upload.error_code)
        if state is None:
            # detach cleanly: a cancelled upload never stays in the post
            self._drop(item)
            return
        item.fraction = upload.fraction
        item.privacy_note = privacy_note(upload.metadata_removed)
        if state is ItemState.READY:
            if upload.media_id in self.model.media_ids():
                # the same bytes are already in this post: keep one (a post cannot repeat a media id)
                self._drop(item)
                self.noted.emit(tr("{file} is already in this post.", file=item.name))
                return
            item.media_id = upload.media_id
            self.set(item, ItemState.READY, message=None)
        elif state is ItemState.REFUSED:
            self.set(item, state, message=upload.error, code=upload.error_code)
        elif state in (ItemState.FAILED, ItemState.RETRYING):
            self.set(item, state, message=upload.error)
        else:
            self.set(item, state)

    def _drop(self, item: StripItem) -> None:
        row = self.model.row_of(item.key)
        if row >= 0:
            self.model.remove(row)

    def set(self, item: StripItem, state: ItemState, *, message: str | None = None, code: str | None = None) -> None:
        """Put ``item`` in ``state`` (with a message and problem code) and repaint it."""
        item.state = state
        if message is not None or state in (ItemState.READY, ItemState.UPLOADING):
            item.message = message
        if code is not None:
            item.code = code
        self.model.changed(item.key)
