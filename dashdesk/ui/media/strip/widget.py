"""The media strip: a post's media in order, added by drop, dialog, paste, URL or from the Library.

Each item is inspected locally (by content) before anything is sent; bad files stay in the strip with
their message and are never uploaded; good ones go through the shared upload queue. The order of the
strip is the order of ``media_ids``. How a composer uses it::

    strip = MediaStrip(hub)
    strip.set_targets([("instagram", "FEED"), ("tiktok", None)])  # what to check against
    strip.mediaIdsChanged.connect(...)      # the ready ids, in order, whenever they change
    strip.media_ids()                       # -> [647749496, ...] (ready items only)
    strip.attached()                        # -> [AttachedMedia(media_id, kind, name, thumbnail)]
    strip.is_busy()                         # uploads or checks still running
    await strip.wait_ready()                # ids once every upload has finished
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import ntr, tr
from dashdesk.media.attached import AttachedMedia
from dashdesk.platforms import MediaKind, MediaRef, Problem
from dashdesk.private_files import private_file
from dashdesk.ui import icons
from dashdesk.ui.flow import FlowLayout

from ..hub import MediaHub
from .delegate import StripDelegate
from .item import FILE_FILTER, ItemState, StripItem
from .model import MediaStripModel
from .tracker import StripTracker
from .view import StripView

__all__ = ["MediaStrip"]


def ask_media_url(parent: QWidget, on_url: Callable[[str], object]) -> QInputDialog:
    """Ask for a public media URL in a non-blocking dialog; ``on_url`` receives the answer."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(tr("Add media from a URL"))
    dialog.setLabelText(tr("Public address of an image or video (https://…):"))
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.textValueSelected.connect(on_url)
    dialog.open()
    return dialog


class MediaStrip(QWidget):
    """A post's media: add, reorder, remove, see problems and upload progress (see the module docstring).

    Signals:
      * ``mediaChanged()``: anything changed (items, order, states, problems);
      * ``mediaIdsChanged(list)``: the ready media ids, in order, when that list changes;
      * ``busyChanged(bool)``: checks or uploads started / all finished;
      * ``problemsChanged()``: refusals or warnings changed (see :meth:`problems`).
    """

    mediaChanged = Signal()
    mediaIdsChanged = Signal(list)
    busyChanged = Signal(bool)
    problemsChanged = Signal()

    def __init__(self, hub: MediaHub, parent: QWidget | None = None, *, tag: str | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        #: Stored with this strip's uploads, so a draft can find them again after a restart.
        self.tag = tag or f"strip:{uuid.uuid4().hex}"
        self._last_ids: list[int] = []
        self._last_busy = False
        self._waiters: list[asyncio.Future[None]] = []
        self._note = ""
        self.setAcceptDrops(True)
        self.setAccessibleName(tr("Media strip"))

        self.model = MediaStripModel(self)
        self.view = StripView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(StripDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(lambda pos: show_item_menu(self, pos))
        self.view.filesDropped.connect(self.add_paths)
        self.view.rowsMoved.connect(self.move_rows)
        self.view.urlsDropped.connect(lambda urls: [self.add_url(u) for u in urls])
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(icons.icon("plus-lg"), tr("Add files…"), self)
        self.add_button.setToolTip(tr("Choose photos or videos from your computer"))
        self.add_button.clicked.connect(self.open_file_dialog)
        self.paste_button = QPushButton(tr("Paste"), self)
        self.paste_button.setToolTip(tr("Add an image or files copied to the clipboard (Ctrl+V)"))
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.url_button = QPushButton(tr("From URL…"), self)
        self.url_button.setToolTip(tr("Add media at a public address to the Library, without uploading"))
        self.url_button.clicked.connect(lambda: setattr(self, "_dialog", ask_media_url(self, self.add_url)))
        self.library_button = QPushButton(icons.icon("image"), tr("Library…"), self)
        self.library_button.setToolTip(tr("Attach media already in the brand's Library"))
        self.library_button.clicked.connect(self.open_library)
        self.fix_button = QPushButton(icons.icon("check-circle"), tr("Fix"), self)
        self.fix_button.setToolTip(tr(
                "Make a copy the platforms take: converted, fitted, shrunk or trimmed. The original file stays as it "
                "is."
            ))
        self.fix_button.clicked.connect(self.fix_selected)
        self.fix_button.hide()
        self.remove_button = QPushButton(icons.icon("trash"), tr("Remove"), self)
        self.remove_button.setToolTip(tr("Remove the selected media from this post (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for button in (self.add_button, self.paste_button, self.url_button, self.library_button, self.fix_button,
                       self.remove_button):
            button.setAccessibleName(button.text().rstrip("…"))

        buttons = QWidget(self)
        bar = FlowLayout(buttons)  # the buttons wrap to a second line when a long language needs the room
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.paste_button, self.url_button, self.library_button, self.fix_button,
                       self.remove_button):
            bar.addWidget(button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(buttons, 1)
        row.addWidget(self.status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(row)

        remove = QAction(tr("Remove"), self)
        remove.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_selected)
        paste = QAction(tr("Paste"), self)
        paste.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.triggered.connect(self.paste_from_clipboard)
        self.addActions([remove, paste])

        #: The work behind each item (inspect, check, upload, follow the upload).
        self.tracker = StripTracker(self.model, hub, self, tag=self.tag)
        self.tracker.problemsChanged.connect(self.problemsChanged)
        self.tracker.noted.connect(self._flash)
        from dashdesk.ui.media.fixing.strip_fixer import StripFixer  # the fix UI loads with the first strip

        self.fixer = StripFixer(self)
        self.fixer.fixableChanged.connect(self._update_buttons)
        hub.clientChanged.connect(self._update_buttons)
        self.model.rowsInserted.connect(self._changed)
        self.model.rowsRemoved.connect(self._changed)
        self.model.rowsMoved.connect(self._changed)
        self.model.modelReset.connect(self._changed)
        self.model.dataChanged.connect(self._changed)
        self._update_buttons()
        self._update_status()

    # -- what a composer reads ----------------------------------------------------------------------

    def items(self) -> list[StripItem]:
        """All items, in order."""
        return list(self.model.items)

    def media_ids(self) -> list[int]:
        """The media ids of the ready items, in order (what goes into ``media_ids``)."""
        return self.model.media_ids()

    def media_refs(self) -> list[MediaRef]:
        """Ready items as draft references."""
        return [a.ref() for a in self.attached()]

    def attached(self) -> list[AttachedMedia]:
        """Ready items as the composer keeps them."""
        return [
            AttachedMedia(i.media_id, i.kind or MediaKind.IMAGE, i.name, i.thumbnail_ref)
            for i in self.model.items
            if i.state is ItemState.READY and i.media_id is not None
        ]

    def is_busy(self) -> bool:
        """Whether checks or uploads are still running (the post is then only savable as a draft)."""
        return any(i.busy for i in self.model.items)

    def pending_count(self) -> int:
        """How many items are not ready yet."""
        return sum(i.busy for i in self.model.items)

    def problems(self) -> list[Problem]:
        """Every problem: files that cannot be used or failed to upload, platform refusals and warnings."""
        found: list[Problem] = []
        for row, item in enumerate(self.model.items):
            path = f"media_ids[{row}]"
            if item.state is ItemState.REFUSED:
                found.append(
                    Problem(path, item.message or tr("{file} cannot be used.", file=item.name), item.code or "unusable",
                            stage="app")
                )
            elif item.state is ItemState.FAILED:
                found.append(
                    Problem(path, item.message or tr("{file} did not upload.", file=item.name), "upload_failed",
                            stage="app")
                )
            found += [Problem(path, p.message, p.code, p.severity, p.stage) for p in item.problems]
        return found

    def has_blocking_problems(self) -> bool:
        """Whether any item cannot go into the post as it is."""
        return any(p.severity == "error" for p in self.problems())

    async def wait_ready(self) -> list[int]:
        """Wait until no item is checking or uploading; return the ready ids in order."""
        while self.is_busy():
            future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._waiters.append(future)
            await future
        return self.media_ids()

    # -- what a composer sets ------------------------------------------------------------------------

    def set_targets(self, targets: Iterable[tuple[str, str | None]]) -> None:
        """Check items against these ``(platform, post_type)`` pairs from now on."""
        self.tracker.targets = list(targets)
        for item in self.model.items:
            self.tracker.check(item)
            self.model.changed(item.key)
        self.problemsChanged.emit()

    def set_attached(self, media: Iterable[Any]) -> None:
        """Show media already attached to a post (objects with ``media_id``, ``kind``, ``name``,
        ``thumbnail``, like the composer's ``MediaItem``), replacing the strip's content."""
        for item in list(self.model.items):
            self.tracker.cancel(item)
        self.model.beginResetModel()
        self.model.items = []
        self.model.endResetModel()
        px = self.tracker.thumb_px()
        new: list[StripItem] = []
        for m in media:
            kind = MediaKind(str(getattr(m, "kind", "IMAGE") or "IMAGE"))
            thumb = getattr(m, "thumbnail", None)
            item = StripItem(
                uuid.uuid4().hex,
                getattr(m, "name", "") or f"Media {m.media_id}",
                ItemState.READY,
                kind=kind,
                media_id=int(m.media_id),
                thumbnail_ref=thumb,
            )
            new.append(item)
            self.tracker.load_thumb(item, thumb, px)
        self.model.insert(0, new)

    def add_library_media(self, media: Iterable[Any], row: int | None = None) -> None:
        """Attach Library media (``dashdesk.api.Media`` objects): no upload needed."""
        px = self.tracker.thumb_px()
        new: list[StripItem] = []
        present = set(self.media_ids())
        for m in media:
            if int(m.attach_id) in present:
                self._flash(tr("{file} is already in this post.",
                               file=getattr(m, "filename", None) or tr("That media")))
                continue
            present.add(int(m.attach_id))
            kind_text = getattr(m, "kind", None)
            kind = MediaKind(kind_text) if kind_text in ("IMAGE", "VIDEO") else MediaKind.IMAGE
            url = getattr(m, "thumbnail_url", None)
            name = getattr(m, "filename", None) or tr("Library media {id}", id=m.attach_id)
            item = StripItem(
                uuid.uuid4().hex, name, ItemState.READY, kind=kind, media_id=int(m.attach_id), thumbnail_ref=url
            )
            self.tracker.check(item)
            new.append(item)
            self.tracker.load_thumb(item, url, px)
        self.model.insert(len(self.model.items) if row is None else row, new)

    # -- adding ---------------------------------------------------------------------------------------

    def add_paths(self, paths: Iterable[str | Path], row: int = -1) -> list[StripItem]:
        """Add local files at ``row`` (the end by default): inspect each, then upload the good ones."""
        new = [self.tracker.new_file_item(p) for p in paths]
        if not new:
            return []
        self._note = ""
        self.model.insert(len(self.model.items) if row < 0 else row, new)
        px = self.tracker.thumb_px()
        for item in new:
            self.tracker.start(item, px)
        return new

    def open_file_dialog(self) -> None:
        """Choose files with the system dialog (non-blocking)."""
        dialog = QFileDialog(self, tr("Add photos or videos"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(tr(FILE_FILTER))
        dialog.filesSelected.connect(lambda files: self.add_paths(files))
        dialog.open()
        self._dialog = dialog

    def paste_from_clipboard(self, mime: QMimeData | None = None) -> list[StripItem]:
        """Add files or an image from the clipboard (or from ``mime``); pasted images are saved as PNG."""
        data = mime if mime is not None else QGuiApplication.clipboard().mimeData()
        if data is None:
            return []
        if data.hasUrls():
            files = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if files:
                return self.add_paths(files)
        if data.hasImage():
            image = data.imageData()
            if isinstance(image, QPixmap):
                image = image.toImage()
            if isinstance(image, QImage) and not image.isNull():
                path = self.hub.pasted_dir() / f"pasted-{uuid.uuid4().hex[:8]}.png"
                private_file(path)  # 0600 before Qt writes it (QImage.save keeps the mode)
                if image.save(str(path), "PNG"):
                    return self.add_paths([path])
        self._flash(tr("The clipboard has no image or files to add."))
        return []

    def add_url(self, url: str) -> StripItem | None:
        """Add the media at a public ``url`` to the Library (create-from-URL; nothing is uploaded)."""
        url = url.strip()
        if not url:
            return None
        parsed = QUrl(url)
        if parsed.isLocalFile():
            return (self.add_paths([parsed.toLocalFile()]) or [None])[0]
        if parsed.scheme() not in ("http", "https"):
            self._flash(tr("Enter an address that starts with https://"))
            return None
        name = Path(parsed.path()).name or url
        item = StripItem(uuid.uuid4().hex, name, ItemState.ADDING, url=url)
        self.model.insert(len(self.model.items), [item])
        self.tracker.add_url(item)
        return item

    def open_library(self) -> None:
        """Pick media from the brand's Library (non-blocking dialog)."""
        from .library import LibraryDialog

        dialog = LibraryDialog(self.hub, self)
        dialog.chosen.connect(self.add_library_media)
        dialog.open()
        self._dialog = dialog

    # -- removing and ordering ------------------------------------------------------------------------

    def remove_rows(self, rows: Iterable[int]) -> None:
        """Remove items; an upload in progress is cancelled, so nothing half-done is ever attached."""
        for row in sorted(set(rows), reverse=True):
            if 0 <= row < len(self.model.items):
                self.fixer.cancel(self.model.items[row])
                self.tracker.cancel(self.model.remove(row))

    def remove_selected(self) -> None:
        """Remove the selected items."""
        self.remove_rows(i.row() for i in self.view.selectionModel().selectedIndexes())

    def move_rows(self, rows: Sequence[int], dest: int) -> None:
        """Move items so they sit before ``dest`` (changes the order of ``media_ids``)."""
        self.model.move(rows, dest)

    def fix_selected(self) -> bool:
        """One-click fix of the selected item (or of the first fixable one); ``False`` when none can be fixed."""
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        chosen = [self.model.items[r] for r in rows if self.fixer.can_fix(self.model.items[r])]
        fixable = chosen or self.fixer.fixable()
        return bool(fixable) and self.fixer.fix(fixable[0])

    def retry(self, row: int) -> None:
        """Try a failed upload again."""
        self.tracker.retry(self.model.items[row])

    # -- reactions ------------------------------------------------------------------------------------

    def _changed(self, *_: Any) -> None:
        self.mediaChanged.emit()
        ids = self.media_ids()
        if ids != self._last_ids:
            self._last_ids = ids
            self.mediaIdsChanged.emit(ids)
        busy = self.is_busy()
        if busy != self._last_busy:
            self._last_busy = busy
            self.busyChanged.emit(busy)
        if not busy:
            waiters, self._waiters = self._waiters, []
            for w in waiters:
                if not w.done():
                    w.set_result(None)
        self._update_status()
        self._update_buttons()

    def _update_status(self) -> None:
        items = self.model.items
        if not items:
            self.status_label.setText(self._note)
            return
        uploading = [i for i in items if i.busy]
        bad = [i for i in items if i.badge == "danger"]
        parts = [ntr("{n} item", "{n} items", len(items))]
        if uploading:
            parts.append(f"{len(uploading)} uploading")
        if bad:
            parts.append(tr("{n} with problems", n=len(bad)))
        if self._note:
            parts.insert(0, self._note)
        self.status_label.setText(" · ".join(parts))

    def _update_buttons(self, *_: Any) -> None:
        selected = bool(self.view.selectionModel().selectedIndexes())
        self.remove_button.setEnabled(selected)
        fixable = self.fixer.fixable()
        self.fix_button.setVisible(bool(fixable))
        if fixable:
            names = ", ".join(i.name for i in fixable[:2]) + ("…" if len(fixable) > 2 else "")
            self.fix_button.setText(tr("Fix") if len(fixable) == 1 else tr("Fix ({n})", n=len(fixable)))
            self.fix_button.setAccessibleName(tr("Fix {names}", names=names))
        online = self.hub.client is not None
        self.url_button.setEnabled(online)
        self.library_button.setEnabled(online)

    def _flash(self, text: str) -> None:
        """Show a short note next to the buttons until the next addition."""
        self._note = text
        self._update_status()

    # -- drops on the whole widget (toolbar area included) --------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Files dropped anywhere on the strip are added."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Add dropped files at the end."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    def closeEvent(self, event: Any) -> None:
        """Wake anyone waiting; stop a running fix."""
        self.fixer.shutdown()
        for w in self._waiters:
            if not w.done():
                w.cancel()
        with contextlib.suppress(Exception):
            super().closeEvent(event)


def show_item_menu(strip: MediaStrip, pos: QPoint) -> None:
    """The menu of the tile at ``pos`` (viewport coordinates): try again, move, remove."""
    index = strip.view.indexAt(pos)
    if not index.isValid():
        return
    row = index.row()
    item = strip.model.items[row]
    menu = QMenu(strip)
    if item.state is ItemState.FAILED:
        menu.addAction(tr("Try again"), lambda: strip.retry(row))
    if strip.fixer.can_fix(item):
        menu.addAction(tr("Fix it"), lambda: strip.fixer.fix(item))
        menu.addAction(tr("Fix with preview, crop and trim…"), lambda: strip.fixer.open_editor(item))
    if strip.fixer.is_fixing(item):
        menu.addAction(tr("Stop fixing"), lambda: strip.fixer.cancel(item))
    if row > 0:
        menu.addAction(tr("Move left"), lambda: strip.move_rows([row], row - 1))
    if row < len(strip.model.items) - 1:
        menu.addAction(tr("Move right"), lambda: strip.move_rows([row], row + 2))
    menu.addAction(tr("Cancel upload and remove") if item.busy else tr("Remove"), lambda: strip.remove_rows([row]))
    menu.popup(strip.view.viewport().mapToGlobal(pos))
