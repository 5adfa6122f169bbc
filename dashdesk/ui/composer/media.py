"""The composer's media strip: thumbnails of the attached Library media, their problems, add and remove.

A small stand-in written for the composer until the shared media strip (``dashdesk.ui.media``) can
be embedded: it shows what is attached, lets the person add local files (uploaded through the
``uploader`` the dialog supplies) and remove items, and shows media problems in words under it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, ntr, tr
from dashdesk.platforms import MediaKind
from dashdesk.ui.icons import icon, render_svg

from .state import MediaItem
from .widgets import ProblemLabel, em, muted

Uploader = Callable[[Path], Awaitable[MediaItem]]
MediaStripLike = Any  # MediaStripView or HubMediaStrip

MEDIA_FILTER = N_("Images and videos (*.jpg *.jpeg *.png *.gif *.webp *.heic *.mp4 *.mov *.m4v *.webm)")


def thumbnail_pixmap(item: MediaItem, size: int) -> QPixmap | None:
    """A square, centre-cropped thumbnail (videos marked with a film glyph), or ``None`` without one."""
    if not item.thumbnail or item.thumbnail.startswith(("http://", "https://")):
        return None
    source = QPixmap(item.thumbnail)
    if source.isNull():
        return None
    scaled = source.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                           Qt.TransformationMode.SmoothTransformation)
    square = scaled.copy(QRect((scaled.width() - size) // 2, (scaled.height() - size) // 2, size, size))
    if item.kind is MediaKind.VIDEO:
        painter = QPainter(square)
        mark = max(8, size // 4)
        pad = max(2, size // 16)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(QRect(pad, size - mark - 2 * pad, mark + pad, mark + pad), pad, pad)
        painter.drawPixmap(QRect(pad + pad // 2, size - mark - pad - pad // 2, mark, mark),
                           render_svg("film", mark, QColor("#ffffff"), 2.0))
        painter.end()
    return square


def thumbnail_icon(item: MediaItem, size: int) -> QIcon:
    """The item's thumbnail when it is a local file Qt can read, else an image or film glyph."""
    pm = thumbnail_pixmap(item, size)
    if pm is not None:
        return QIcon(pm)
    return icon("film" if item.kind is MediaKind.VIDEO else "image")


def uploading_message(pending: int) -> str:
    """Why a post can't be saved (other than as a draft) while media are uploading."""
    return ntr("{n} media item is still uploading: wait for it, or save as a draft (the draft gets the media when "
               "the uploads finish).", "{n} media items are still uploading: wait for them, or save as a draft (the "
               "draft gets the media when the uploads finish).", pending)


class MediaStripView(QWidget):
    """Attached media in order; ``changed`` carries the new list after an add or a removal."""

    changed = Signal(list)
    busyChanged = Signal(bool)

    def __init__(self, name: str, uploader: Uploader | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uploader = uploader
        self._items: list[MediaItem] = []
        self.uploads: list[asyncio.Task[None]] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListWidget.Movement.Static)
        side = em(self, 3.2)
        self.list.setIconSize(QSize(side, side))
        self.list.setGridSize(QSize(round(side * 1.9), side + em(self, 1.6)))
        self.list.setFixedHeight(side + em(self, 2.4))
        self.list.setAccessibleName(tr("{name}: attached media", name=name))
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.add_button = QPushButton(icon("plus-lg"), tr("Add media…"), self)
        self.add_button.setAccessibleName(tr("{name}: add media", name=name))
        self.add_button.clicked.connect(self._choose_files)
        self.add_button.setEnabled(uploader is not None)
        self.remove_button = QPushButton(icon("x-lg"), tr("Remove"), self)
        self.remove_button.setAccessibleName(tr("{name}: remove selected media", name=name))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        outer.addLayout(row)
        self.empty = muted(QLabel(tr("No media yet: add images or videos from this computer."), self))
        outer.addWidget(self.empty)
        self.progress = muted(QLabel(self))
        self.progress.hide()
        outer.addWidget(self.progress)
        self.problem = ProblemLabel(self)
        outer.addWidget(self.problem)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list, self.remove_selected)
        self._refresh()

    # --- items -----------------------------------------------------------------------------

    def items(self) -> list[MediaItem]:
        """The attached media, in order."""
        return list(self._items)

    def set_items(self, items: list[MediaItem]) -> None:
        """Show ``items`` (without emitting ``changed``)."""
        if items == self._items:
            return
        self._items = list(items)
        self._refresh()

    def add_items(self, items: list[MediaItem]) -> None:
        """Attach ``items`` as the person would (emits ``changed``)."""
        known = {m.media_id for m in self._items}
        self._items += [m for m in items if m.media_id not in known]
        self._refresh()
        self.changed.emit(self.items())

    def remove_selected(self) -> None:
        """Detach the selected items (emits ``changed``)."""
        rows = sorted({self.list.row(i) for i in self.list.selectedItems()}, reverse=True)
        if not rows:
            return
        for row in rows:
            del self._items[row]
        self._refresh()
        self.changed.emit(self.items())

    def _refresh(self) -> None:
        self.list.clear()
        side = self.list.iconSize().width()
        for item in self._items:
            label = item.name or f"#{item.media_id}"
            entry = QListWidgetItem(thumbnail_icon(item, side), label)
            kind = "video" if item.kind is MediaKind.VIDEO else "image"
            entry.setToolTip(tr(
                    "{label} ({kind}, Library id {media_id})",
                    label=label,
                    kind=kind,
                    media_id=item.media_id,
                ))
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{kind} {label}")
            self.list.addItem(entry)
        self.empty.setVisible(not self._items)
        self.remove_button.setEnabled(bool(self._items))

    def set_problems(self, messages: list[str]) -> None:
        """Show media problems (kind, count, mixing) under the strip."""
        self.problem.set_messages(messages)

    def set_targets(self, targets: list[tuple[str, str | None]]) -> None:
        """The stand-in does no per-item checks (the composer shows media problems below it)."""

    def blockers(self, *, uploads_block: bool = True) -> list[str]:
        """What in the strip stops saving: uploads still running (unless ``uploads_block`` is false:
        a draft is saved without them and updated when they finish)."""
        if uploads_block and self.is_busy():
            return [uploading_message(1)]
        return []

    def is_busy(self) -> bool:
        """Whether uploads are still running."""
        return any(not t.done() for t in self.uploads)

    def pending_count(self) -> int:
        """Uploads still running."""
        return sum(not t.done() for t in self.uploads)

    def pending_kinds(self) -> list[MediaKind]:
        """Kinds of the media still uploading, where known (this strip learns them only at the end)."""
        return []

    async def wait_ready(self) -> list[int]:
        """Wait until no upload runs; the attached ids in order."""
        while self.is_busy():
            await asyncio.gather(*[t for t in self.uploads if not t.done()], return_exceptions=True)
        return [m.media_id for m in self._items]

    # --- adding files ----------------------------------------------------------------------

    def _choose_files(self) -> None:
        dialog = QFileDialog(self, tr("Add images or videos"), str(Path.home()), tr(MEDIA_FILTER))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(self.upload_files)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def upload_files(self, paths: list[str]) -> None:
        """Upload ``paths`` to the Library in the background and attach each as it arrives."""
        if self.uploader is None:
            return
        self.uploads.append(asyncio.ensure_future(self._upload([Path(p) for p in paths])))
        self.busyChanged.emit(True)

    async def _upload(self, paths: list[Path]) -> None:
        assert self.uploader is not None
        failed: list[str] = []
        for n, path in enumerate(paths, 1):
            self.progress.setText(tr("Uploading {name} ({n} of {paths})…", name=path.name, n=n, paths=len(paths)))
            self.progress.show()
            try:
                item = await self.uploader(path)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                fn = getattr(exc, "user_message", None)
                failed.append(f"{path.name}: {fn() if callable(fn) else exc}")
                continue
            self.add_items([item])
        self.progress.setText(tr("Upload failed — ") + "; ".join(failed) if failed else "")
        self.progress.setVisible(bool(failed))
        self.uploads = [t for t in self.uploads if not t.done() and t is not asyncio.current_task()]
        self.busyChanged.emit(bool(self.uploads))


class HubMediaStrip(QWidget):
    """The app's shared media strip (``dashdesk.ui.media.MediaStrip``) behind the composer's strip API.

    Drop, paste, URL, Library and uploads through the app's queue come from the shared strip; this
    adapter reports the ready items as :class:`MediaItem` lists (``changed``), shows the composer's
    media problems under it, and tells the dialog what still blocks saving (uploads, unusable files).
    """

    changed = Signal(list)
    busyChanged = Signal(bool)
    #: A file's problems changed without its upload state changing (a fix is on offer, the platforms changed).
    problemsChanged = Signal()

    def __init__(self, name: str, hub: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from dashdesk.ui.media.strip import MediaStrip

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.strip = MediaStrip(hub, self)  # type: ignore[arg-type]
        self.strip.setAccessibleName(tr("{name}: attached media", name=name))
        outer.addWidget(self.strip)
        # The count line ("6 items · 1 with problems") gets its own full-width row under the strip: beside
        # the buttons it was squeezed into a narrow wrapped column.
        status = self.strip.status_label
        for layout in self.strip.findChildren(QLayout):
            layout.removeWidget(status)
        status.setWordWrap(True)
        status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        outer.addWidget(status)
        self.problem = ProblemLabel(self)
        outer.addWidget(self.problem)
        self.list = self.strip.view
        self.add_button = self.strip.add_button
        self.remove_button = self.strip.remove_button
        self._items: list[MediaItem] = []
        self._targets: list[tuple[str, str | None]] = []
        self._setting = False
        self.strip.mediaChanged.connect(self._strip_changed)
        self.strip.busyChanged.connect(self.busyChanged)
        self.strip.problemsChanged.connect(self.problemsChanged)

    def items(self) -> list[MediaItem]:
        """The ready media, in order."""
        return list(self._items)

    def set_items(self, items: list[MediaItem]) -> None:
        """Show ``items`` (without emitting ``changed``)."""
        if items == self._items:
            return
        self._setting = True
        try:
            self.strip.set_attached(items)
            self.strip.set_targets(self._targets)  # check the new items for the chosen platforms
            self._items = list(items)
        finally:
            self._setting = False

    def add_items(self, items: list[MediaItem]) -> None:
        """Attach Library ``items`` as the person would (emits ``changed``)."""
        known = {m.media_id for m in self._items}
        self.set_items(self._items + [m for m in items if m.media_id not in known])
        self.changed.emit(self.items())

    def add_library_media(self, media: list[Any]) -> None:
        """Attach Library media (``dashdesk.api.Media`` objects, or ``MediaItem``-like ones) after the
        items there; the shared strip skips repeats and says so. Emits ``changed``."""
        from types import SimpleNamespace

        as_library = [m if hasattr(m, "attach_id") else
                      SimpleNamespace(attach_id=m.media_id, kind=str(m.kind), filename=getattr(m, "name", ""),
                                      thumbnail_url=getattr(m, "thumbnail", None)) for m in media]
        self.strip.add_library_media(as_library)

    def remove_selected(self) -> None:
        """Detach the selected items."""
        self.strip.remove_selected()

    def _strip_changed(self) -> None:
        if self._setting:
            return
        items = [MediaItem(int(a.media_id), MediaKind(a.kind), a.name, a.thumbnail) for a in self.strip.attached()]
        if items != self._items:
            self._items = items
            self.changed.emit(self.items())

    def set_problems(self, messages: list[str]) -> None:
        """Show the composer's media problems (kind, count, mixing) under the strip."""
        self.problem.set_messages(messages)

    def set_targets(self, targets: list[tuple[str, str | None]]) -> None:
        """Let the strip mark each item for these (platform, post type) pairs."""
        self._targets = list(targets)
        self.strip.set_targets(self._targets)

    def blockers(self, *, uploads_block: bool = True) -> list[str]:
        """What in the strip stops saving: uploads still running (unless ``uploads_block`` is false: a
        draft is saved with the ready media and updated when the uploads finish), files that can't be
        used or failed to upload."""
        found = []
        pending = self.strip.pending_count()
        if pending and uploads_block:
            found.append(uploading_message(pending))
        found += [p.message for p in self.strip.problems() if p.stage == "app" and p.severity == "error"]
        return found

    def is_busy(self) -> bool:
        """Whether media are still being checked or uploaded."""
        return self.strip.is_busy()

    def pending_count(self) -> int:
        """How many media are still being checked or uploaded."""
        return self.strip.pending_count()

    def pending_kinds(self) -> list[MediaKind]:
        """Kinds of the media still uploading (known once each file was inspected), in strip order."""
        return [i.kind for i in self.strip.items() if i.busy and i.kind is not None]

    async def wait_ready(self) -> list[int]:
        """Wait until every check and upload has ended (done, failed or cancelled); the ready ids in order."""
        return await self.strip.wait_ready()


class Strips:
    """The composer's media strips: the shared one, and those of platforms with their own media.

    ``state`` (the composer's) says which platforms have their own media now; ``tabs`` maps a
    platform to its tab (whose ``media`` is its own strip).
    """

    def __init__(self, shared: MediaStripLike, state: Any, tabs: Mapping[str, Any]) -> None:
        self.shared = shared
        self.state = state
        self.tabs = tabs

    def all(self) -> list[tuple[str, MediaStripLike]]:
        """``("", shared)`` first, then ``(platform, strip)`` per platform with its own media."""
        return [("", self.shared)] + [(p, self.tabs[p].media) for p in self.state.platforms
                                      if self.state.part(p).own_media is not None and p in self.tabs]

    def busy(self) -> bool:
        """Whether any strip is still checking or uploading media."""
        return any(strip.is_busy() for _p, strip in self.all())

    def pending(self) -> int:
        """How many items are still uploading, over every strip."""
        return sum(strip.pending_count() for _p, strip in self.all())

    async def wait_ready(self) -> None:
        """Return once no strip is uploading any more."""
        while self.busy():
            await asyncio.gather(*(strip.wait_ready() for _p, strip in self.all()))
