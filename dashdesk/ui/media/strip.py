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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFontMetrics,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from dashdesk.media.attached import AttachedMedia
from dashdesk.media.checks import check_media_for_platform
from dashdesk.media.inspect import MediaInfo, format_duration
from dashdesk.media.queue import UploadItem, UploadState
from dashdesk.platforms import MediaKind, MediaRef, Problem
from dashdesk.ui import icons
from dashdesk.ui.status import TONE_COLORS
from dashdesk.ui.theme import is_dark

from .hub import MediaHub

__all__ = ["AttachedMedia", "ItemState", "MediaStrip", "MediaStripModel", "StripItem"]

ROW_MIME = "application/x-dashdesk-media-rows"
FILE_FILTER = "Photos and videos (*.jpg *.jpeg *.png *.gif *.webp *.mp4 *.mov *.m4v);;All files (*)"


class ItemState(StrEnum):
    """Where one strip item is."""

    CHECKING = "checking"  # being inspected locally
    REFUSED = "refused"  # not media we can use; never uploaded
    WAITING = "waiting"  # queued for upload (or waiting for a brand / connection)
    UPLOADING = "uploading"
    RETRYING = "retrying"
    FAILED = "failed"  # upload failed; can be retried
    ADDING = "adding"  # being added to the Library from a URL
    READY = "ready"  # has a media id


@dataclass(eq=False)
class StripItem:
    """One item of the strip."""

    key: str
    name: str
    state: ItemState
    path: Path | None = None
    url: str | None = None
    info: MediaInfo | None = None
    kind: MediaKind | None = None
    media_id: int | None = None
    upload_id: str | None = None
    message: str | None = None  # why it was refused / failed
    code: str | None = None
    fraction: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    thumb: QPixmap | None = None
    thumbnail_ref: str | None = None  # path or URL a composer can show later

    @property
    def errors(self) -> list[Problem]:
        """Platform refusals."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Platform warnings (peer guidance)."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def busy(self) -> bool:
        """Whether something is still happening to this item."""
        return self.state in (
            ItemState.CHECKING,
            ItemState.WAITING,
            ItemState.UPLOADING,
            ItemState.RETRYING,
            ItemState.ADDING,
        )

    @property
    def badge(self) -> str | None:
        """``"danger"``, ``"warning"`` or ``None``: the tone of the item's problem badge."""
        if self.state in (ItemState.REFUSED, ItemState.FAILED) or self.errors:
            return "danger"
        if self.warnings:
            return "warning"
        return None

    def short_status(self) -> str:
        """The status in as few characters as possible (when the tile is narrow)."""
        if self.state is ItemState.UPLOADING:
            return f"{round(self.fraction * 100)}%"
        return self.status_text().split(" ")[0].rstrip(",")

    def status_text(self) -> str:
        """A few words under the thumbnail."""
        if self.state is ItemState.UPLOADING:
            return "Finishing…" if self.fraction >= 1 else f"Uploading {round(self.fraction * 100)}%"
        if self.state is ItemState.READY:
            if self.errors:
                return "Not accepted"
            if self.warnings:
                return "Warning"
            return "Ready"
        return {
            ItemState.CHECKING: "Checking…",
            ItemState.REFUSED: {"corrupt": "Damaged file", "empty": "Empty file"}.get(self.code or "", "Can't use"),
            ItemState.WAITING: "Waiting to upload",
            ItemState.RETRYING: "Retrying soon",
            ItemState.FAILED: "Upload failed",
            ItemState.ADDING: "Adding…",
        }[self.state]

    def tooltip(self) -> str:
        """Everything known about the item, for hovering."""
        lines = [self.name]
        if self.info is not None:
            lines.append(self.info.summary())
            if not self.info.suffix_matches:
                lines.append(
                    f"The name says {self.path.suffix if self.path else '?'}, the content is {self.info.mime_type}."
                )
        lines.append(self.status_text())
        if self.message:
            lines.append(self.message)
        for p in self.problems:
            lines.append(("Not accepted: " if p.severity == "error" else "Warning: ") + p.message)
        if self.media_id is not None:
            lines.append(f"Library media id {self.media_id}")
        return "\n".join(lines)


ItemRole = Qt.ItemDataRole.UserRole + 1


class MediaStripModel(QAbstractListModel):
    """The strip's items, in ``media_ids`` order; supports moving rows by drag."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[StripItem] = []

    # -- Qt model API --
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of items."""
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Item data: name, tooltip, accessible text and the item itself (``ItemRole``)."""
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{index.row() + 1}: {item.name}, {item.status_text()}"
        if role == ItemRole:
            return item
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        """Items can be selected and dragged; the empty area takes drops."""
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        """Moves within the strip, copies from outside."""
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        """Only moves start in the strip."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """Row moves and file URLs."""
        return [ROW_MIME, "text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged rows (as text: ``"0,2"``)."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        data = QMimeData()
        data.setData(ROW_MIME, QByteArray(",".join(map(str, rows)).encode()))
        return data

    # -- changes --
    def row_of(self, key: str) -> int:
        """Row of the item with ``key`` (-1 when gone)."""
        for row, item in enumerate(self.items):
            if item.key == key:
                return row
        return -1

    def item(self, key: str) -> StripItem | None:
        """The item with ``key``."""
        row = self.row_of(key)
        return self.items[row] if row >= 0 else None

    def insert(self, row: int, items: list[StripItem]) -> None:
        """Insert ``items`` before ``row``."""
        row = max(0, min(row, len(self.items)))
        if not items:
            return
        self.beginInsertRows(QModelIndex(), row, row + len(items) - 1)
        self.items[row:row] = items
        self.endInsertRows()

    def remove(self, row: int) -> StripItem:
        """Remove and return the item at ``row``."""
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self.items.pop(row)
        self.endRemoveRows()
        return item

    def move(self, rows: Sequence[int], dest: int) -> None:
        """Move ``rows`` so they sit, in order, before the item now at ``dest``."""
        rows = sorted(set(r for r in rows if 0 <= r < len(self.items)))
        if not rows:
            return
        moving = [self.items[r] for r in rows]
        before = dest - sum(1 for r in rows if r < dest)
        rest = [it for i, it in enumerate(self.items) if i not in rows]
        before = max(0, min(before, len(rest)))
        new = rest[:before] + moving + rest[before:]
        if new == self.items:
            return
        if len(rows) == 1 and self.beginMoveRows(QModelIndex(), rows[0], rows[0], QModelIndex(), dest):
            self.items = new
            self.endMoveRows()
            return
        self.beginResetModel()
        self.items = new
        self.endResetModel()

    def changed(self, key: str) -> None:
        """Repaint the item with ``key``."""
        row = self.row_of(key)
        if row >= 0:
            idx = self.index(row)
            self.dataChanged.emit(idx, idx)


def _tone(tone: str, palette: QPalette) -> QColor:
    light, dark = TONE_COLORS[tone]
    return QColor(dark if is_dark(palette) else light)


class StripDelegate(QStyledItemDelegate):
    """Paints a tile: thumbnail, position, kind and duration, problem badge, progress, name, status."""

    @staticmethod
    def metrics(fm: QFontMetrics) -> tuple[int, int, int]:
        """``(thumbnail side, padding, tile width)`` from the font's metrics."""
        thumb = round(fm.height() * 7)
        pad = max(4, fm.height() // 3)
        return thumb, pad, thumb + 2 * pad

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Tile size from the font."""
        fm = option.fontMetrics
        thumb, pad, width = self.metrics(fm)
        return QSize(width, thumb + 2 * pad + 2 * fm.height() + fm.leading())

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Draw one tile."""
        item: StripItem | None = index.data(ItemRole)
        if item is None:
            return
        pal = option.palette
        fm = option.fontMetrics
        thumb, pad, _ = self.metrics(fm)
        rect: QRect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        radius = fm.height() / 3
        painter.setPen(pal.color(QPalette.ColorRole.Highlight) if selected else pal.color(QPalette.ColorRole.Mid))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, radius, radius)
        if selected or focused:
            pen = painter.pen()
            pen.setWidthF(2.0)
            pen.setColor(pal.color(QPalette.ColorRole.Highlight))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)

        box = QRect(rect.left() + pad - 2, rect.top() + pad - 2, thumb, thumb)
        clip = QPainterPath()
        clip.addRoundedRect(box, radius, radius)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(box, pal.color(QPalette.ColorRole.AlternateBase))
        if item.thumb is not None and not item.thumb.isNull():
            dpr = item.thumb.devicePixelRatio() or 1.0
            size = item.thumb.size() / dpr
            scaled = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            if item.state is ItemState.REFUSED:
                painter.setOpacity(0.45)
            painter.drawPixmap(target, item.thumb)
            painter.setOpacity(1.0)
        else:
            glyph = "film" if item.kind is MediaKind.VIDEO else "image"
            if item.state is ItemState.REFUSED:
                glyph = "slash-circle"
            side = thumb // 3
            pm = icons.render_svg(
                glyph, side, pal.color(QPalette.ColorRole.PlaceholderText), painter.device().devicePixelRatioF()
            )
            painter.drawPixmap(box.center().x() - side // 2, box.center().y() - side // 2, pm)
        # progress along the bottom of the thumbnail
        if item.state in (ItemState.UPLOADING, ItemState.WAITING, ItemState.RETRYING, ItemState.ADDING):
            bar_h = max(3, fm.height() // 4)
            track = QRect(box.left(), box.bottom() - bar_h + 1, box.width(), bar_h)
            painter.fillRect(track, pal.color(QPalette.ColorRole.Midlight))
            fill = QRect(track)
            fill.setWidth(round(track.width() * max(0.0, min(1.0, item.fraction))))
            painter.fillRect(fill, pal.color(QPalette.ColorRole.Highlight))
        painter.restore()

        small = fm.height()
        # position in the post (the order of media_ids)
        self._pill(painter, pal, QPoint(box.left() + 3, box.top() + 3), str(index.row() + 1), fm, None)
        # kind and duration
        if item.kind is MediaKind.VIDEO:
            text = format_duration(item.info.duration) if item.info and item.info.duration else ""
            self._pill(painter, pal, QPoint(box.left() + 3, box.bottom() - small - 6), text, fm, "film")
        # problem badge
        tone = item.badge
        if tone is not None:
            glyph = "x-circle-fill" if tone == "danger" else "exclamation-triangle-fill"
            side = round(small * 1.3)
            center = QPoint(box.right() - side // 2 - 3, box.top() + side // 2 + 3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Base))
            painter.drawEllipse(center, side // 2 + 2, side // 2 + 2)
            pm = icons.render_svg(glyph, side, _tone(tone, pal), painter.device().devicePixelRatioF())
            painter.drawPixmap(center.x() - side // 2, center.y() - side // 2, pm)

        text_rect = QRect(box.left(), box.bottom() + pad // 2 + 1, box.width(), fm.height())
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(item.name, Qt.TextElideMode.ElideMiddle, text_rect.width()),
        )
        status_rect = text_rect.translated(0, fm.height())
        status_tone = {"danger": "danger", "warning": "warning"}.get(tone or "", "neutral")
        if item.state is ItemState.READY and tone is None:
            status_tone = "success"
        painter.setPen(_tone(status_tone, pal))
        status = item.status_text()
        if fm.horizontalAdvance(status) > status_rect.width():
            status = item.short_status()
        painter.drawText(
            status_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(status, Qt.TextElideMode.ElideRight, status_rect.width()),
        )
        painter.restore()

    @staticmethod
    def _pill(painter: QPainter, pal: QPalette, at: QPoint, text: str, fm: QFontMetrics, glyph: str | None) -> None:
        h = fm.height() + 2
        icon_w = h - 4 if glyph else 0
        w = fm.horizontalAdvance(text) + icon_w + (10 if text else 6)
        rect = QRect(at.x(), at.y(), max(w, h), h)
        bg = QColor(pal.color(QPalette.ColorRole.Window))
        bg.setAlpha(225)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, h / 2, h / 2)
        x = rect.left() + 4
        if glyph:
            pm = icons.render_svg(
                glyph, icon_w, pal.color(QPalette.ColorRole.WindowText), painter.device().devicePixelRatioF()
            )
            painter.drawPixmap(x, rect.top() + 2, pm)
            x += icon_w + 2
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        text_rect = QRect(x, rect.top(), rect.right() - x, h)
        align = Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignLeft if glyph else Qt.AlignmentFlag.AlignHCenter)
        if not glyph:
            text_rect = rect
        painter.drawText(text_rect, align, text)


class StripView(QListView):
    """A horizontal list of tiles that takes file drops and reorders by drag."""

    #: paths (list[str]) dropped, row to insert at
    filesDropped = Signal(list, int)
    #: rows moved (list[int]), destination row
    rowsMoved = Signal(list, int)
    #: web addresses (list[str]) dropped, e.g. an image dragged from a browser
    urlsDropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSpacing(max(2, self.fontMetrics().height() // 5))
        self.setUniformItemSizes(True)
        self.setAccessibleName("Media in this post")
        self.empty_text = "Drop photos or videos here, or choose Add files."

    def sizeHint(self) -> QSize:
        """One row of tiles tall."""
        thumb, pad, width = StripDelegate.metrics(self.fontMetrics())
        fm = self.fontMetrics()
        h = thumb + 2 * pad + 2 * fm.height() + fm.leading() + 4 + 2 * self.spacing()
        h += self.horizontalScrollBar().sizeHint().height() + 2 * self.frameWidth()
        return QSize(width * 4, h)

    def minimumSizeHint(self) -> QSize:
        """As tall as the size hint."""
        hint = self.sizeHint()
        return QSize(hint.width() // 2, hint.height())

    @staticmethod
    def _accepts(mime: QMimeData) -> bool:
        return mime.hasFormat(ROW_MIME) or mime.hasUrls() or mime.hasImage()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept files and our own rows."""
        if self._accepts(event.mimeData()):
            event.setDropAction(
                Qt.DropAction.MoveAction if event.mimeData().hasFormat(ROW_MIME) else Qt.DropAction.CopyAction
            )
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Keep accepting while over the strip."""
        if self._accepts(event.mimeData()):
            super().dragMoveEvent(event)
            event.setDropAction(
                Qt.DropAction.MoveAction if event.mimeData().hasFormat(ROW_MIME) else Qt.DropAction.CopyAction
            )
            event.accept()
        else:
            event.ignore()

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` (viewport coordinates) inserts before."""
        index = self.indexAt(pos)
        count = self.model().rowCount() if self.model() else 0
        if not index.isValid():
            return count
        rect = self.visualRect(index)
        return index.row() + (1 if pos.x() > rect.center().x() else 0)

    def dropEvent(self, event: QDropEvent) -> None:
        """Move rows, or hand dropped files to the strip."""
        mime = event.mimeData()
        row = self.drop_row(event.position().toPoint())
        if mime.hasFormat(ROW_MIME):
            rows = [int(r) for r in bytes(mime.data(ROW_MIME).data()).decode().split(",") if r]
            self.rowsMoved.emit(rows, row)
            event.acceptProposedAction()
            return
        paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        web = [u.toString() for u in mime.urls() if u.scheme() in ("http", "https")]
        if paths or web:
            if paths:
                self.filesDropped.emit(paths, row)
            if web:
                self.urlsDropped.emit(web)
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            return
        event.ignore()

    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        """Drag the selected tiles; the drop moves them (the view never deletes rows after a drag)."""
        indexes = sorted(self.selectedIndexes(), key=lambda i: i.row())
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData(indexes))
        item: StripItem | None = indexes[0].data(ItemRole)
        if item is not None and item.thumb is not None:
            side = self.fontMetrics().height() * 3
            drag.setPixmap(
                item.thumb.scaled(
                    side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
        drag.exec(Qt.DropAction.MoveAction)

    def paintEvent(self, event: Any) -> None:
        """Tiles, or what to do when there are none."""
        super().paintEvent(event)
        if self.model() is not None and self.model().rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(
                self.viewport().rect().adjusted(8, 0, -8, 0),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )
            p.end()


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
        self._targets: list[tuple[str, str | None]] = []
        self._last_ids: list[int] = []
        self._last_busy = False
        self._waiters: list[asyncio.Future[None]] = []
        self._note = ""
        self.setAcceptDrops(True)
        self.setAccessibleName("Media strip")

        self.model = MediaStripModel(self)
        self.view = StripView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(StripDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.filesDropped.connect(self.add_paths)
        self.view.rowsMoved.connect(self.move_rows)
        self.view.urlsDropped.connect(lambda urls: [self.add_url(u) for u in urls])
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.add_button = QPushButton(icons.icon("plus-lg"), "Add files…", self)
        self.add_button.setToolTip("Choose photos or videos from your computer")
        self.add_button.clicked.connect(self.open_file_dialog)
        self.paste_button = QPushButton("Paste", self)
        self.paste_button.setToolTip("Add an image or files copied to the clipboard (Ctrl+V)")
        self.paste_button.clicked.connect(self.paste_from_clipboard)
        self.url_button = QPushButton("From URL…", self)
        self.url_button.setToolTip("Add media at a public address to the Library, without uploading")
        self.url_button.clicked.connect(self.ask_url)
        self.library_button = QPushButton(icons.icon("image"), "Library…", self)
        self.library_button.setToolTip("Attach media already in the brand's Library")
        self.library_button.clicked.connect(self.open_library)
        self.remove_button = QPushButton(icons.icon("trash"), "Remove", self)
        self.remove_button.setToolTip("Remove the selected media from this post (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for button in (self.add_button, self.paste_button, self.url_button, self.library_button, self.remove_button):
            button.setAccessibleName(button.text().rstrip("…"))

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.paste_button, self.url_button, self.library_button, self.remove_button):
            bar.addWidget(button)
        bar.addWidget(self.status_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(bar)

        remove = QAction("Remove", self)
        remove.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.triggered.connect(self.remove_selected)
        paste = QAction("Paste", self)
        paste.setShortcut(QKeySequence(QKeySequence.StandardKey.Paste))
        paste.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.triggered.connect(self.paste_from_clipboard)
        self.addActions([remove, paste])

        hub.work.inspected.connect(self._on_inspected)
        hub.work.refused.connect(self._on_refused)
        hub.work.thumbnailReady.connect(self._on_thumbnail)
        hub.uploads.itemChanged.connect(self._on_upload)
        hub.uploads.itemRemoved.connect(self._on_upload_removed)
        hub.brandChanged.connect(self._start_waiting_uploads)
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
        return [i.media_id for i in self.model.items if i.state is ItemState.READY and i.media_id is not None]

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
                    Problem(path, item.message or f"{item.name} cannot be used.", item.code or "unusable", stage="app")
                )
            elif item.state is ItemState.FAILED:
                found.append(
                    Problem(path, item.message or f"{item.name} did not upload.", "upload_failed", stage="app")
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
        self._targets = list(targets)
        for item in self.model.items:
            self._check(item)
            self.model.changed(item.key)
        self.problemsChanged.emit()

    def set_attached(self, media: Iterable[Any]) -> None:
        """Show media already attached to a post (objects with ``media_id``, ``kind``, ``name``,
        ``thumbnail``, like the composer's ``MediaItem``), replacing the strip's content."""
        for item in list(self.model.items):
            if item.upload_id and item.busy:
                self.hub.uploads.cancel(item.upload_id)
        self.model.beginResetModel()
        self.model.items = []
        self.model.endResetModel()
        px = self._thumb_px()
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
            self._load_thumb(item, thumb, px)
        self.model.insert(0, new)

    def add_library_media(self, media: Iterable[Any], row: int | None = None) -> None:
        """Attach Library media (``dashdesk.api.Media`` objects): no upload needed."""
        px = self._thumb_px()
        new: list[StripItem] = []
        present = set(self.media_ids())
        for m in media:
            if int(m.attach_id) in present:
                self._flash(f"{getattr(m, 'filename', None) or 'That media'} is already in this post.")
                continue
            present.add(int(m.attach_id))
            kind_text = getattr(m, "kind", None)
            kind = MediaKind(kind_text) if kind_text in ("IMAGE", "VIDEO") else MediaKind.IMAGE
            url = getattr(m, "thumbnail_url", None)
            name = getattr(m, "filename", None) or f"Library media {m.attach_id}"
            item = StripItem(
                uuid.uuid4().hex, name, ItemState.READY, kind=kind, media_id=int(m.attach_id), thumbnail_ref=url
            )
            self._check(item)
            new.append(item)
            self._load_thumb(item, url, px)
        self.model.insert(len(self.model.items) if row is None else row, new)

    # -- adding ---------------------------------------------------------------------------------------

    def add_paths(self, paths: Iterable[str | Path], row: int = -1) -> list[StripItem]:
        """Add local files at ``row`` (the end by default): inspect each, then upload the good ones."""
        new = [
            StripItem(uuid.uuid4().hex, Path(p).name, ItemState.CHECKING, path=Path(p), thumbnail_ref=str(p))
            for p in paths
        ]
        if not new:
            return []
        self._note = ""
        self.model.insert(len(self.model.items) if row < 0 else row, new)
        px = self._thumb_px()
        for item in new:
            assert item.path is not None
            self.hub.work.inspect(item.key, item.path, px)
        return new

    def open_file_dialog(self) -> None:
        """Choose files with the system dialog (non-blocking)."""
        dialog = QFileDialog(self, "Add photos or videos")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(FILE_FILTER)
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
                if image.save(str(path), "PNG"):
                    return self.add_paths([path])
        self._flash("The clipboard has no image or files to add.")
        return []

    def ask_url(self) -> None:
        """Ask for a public media URL (non-blocking dialog), then add it to the Library."""
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Add media from a URL")
        dialog.setLabelText("Public address of an image or video (https://…):")
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.textValueSelected.connect(self.add_url)
        dialog.open()
        self._dialog = dialog

    def add_url(self, url: str) -> StripItem | None:
        """Add the media at a public ``url`` to the Library (create-from-URL; nothing is uploaded)."""
        url = url.strip()
        if not url:
            return None
        parsed = QUrl(url)
        if parsed.isLocalFile():
            return (self.add_paths([parsed.toLocalFile()]) or [None])[0]
        if parsed.scheme() not in ("http", "https"):
            self._flash("Enter an address that starts with https://")
            return None
        name = Path(parsed.path()).name or url
        item = StripItem(uuid.uuid4().hex, name, ItemState.ADDING, url=url)
        self.model.insert(len(self.model.items), [item])
        self.hub.spawn(self._create_from_url(item))
        return item

    async def _create_from_url(self, item: StripItem) -> None:
        client, brand = self.hub.client, self.hub.brand_id
        if client is None or brand is None:
            self._set(item, ItemState.FAILED, message="Sign in and choose a brand first.")
            return
        try:
            media = await client.create_media_from_url(brand, item.url)
        except Exception as exc:
            user = getattr(exc, "user_message", None)
            self._set(item, ItemState.FAILED, message=user() if callable(user) else str(exc))
            return
        if self.model.item(item.key) is None:
            return  # removed meanwhile
        item.media_id = int(media.attach_id)
        kind = getattr(media, "kind", None)
        item.kind = MediaKind(kind) if kind in ("IMAGE", "VIDEO") else None
        item.thumbnail_ref = getattr(media, "thumbnail_url", None) or item.url
        self._check(item)
        self._set(item, ItemState.READY)
        self._load_thumb(item, item.thumbnail_ref, self._thumb_px())

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
                item = self.model.remove(row)
                if item.upload_id and item.busy:
                    self.hub.uploads.cancel(item.upload_id)

    def remove_selected(self) -> None:
        """Remove the selected items."""
        self.remove_rows(i.row() for i in self.view.selectionModel().selectedIndexes())

    def move_rows(self, rows: Sequence[int], dest: int) -> None:
        """Move items so they sit before ``dest`` (changes the order of ``media_ids``)."""
        self.model.move(rows, dest)

    def retry(self, row: int) -> None:
        """Try a failed upload again."""
        item = self.model.items[row]
        if item.state is ItemState.FAILED and item.upload_id:
            self.hub.uploads.retry(item.upload_id)
            self._set(item, ItemState.WAITING, message=None)
        elif item.state is ItemState.FAILED and item.url:
            self._set(item, ItemState.ADDING, message=None)
            self.hub.spawn(self._create_from_url(item))

    # -- reactions ------------------------------------------------------------------------------------

    def _thumb_px(self) -> int:
        thumb, _, _ = StripDelegate.metrics(self.view.fontMetrics())
        return round(thumb * max(1.0, self.devicePixelRatioF()))

    def _load_thumb(self, item: StripItem, ref: str | None, px: int) -> None:
        if not ref:
            return
        if ref.startswith(("http://", "https://")):
            self.hub.work.remote_thumbnail(item.key, ref, px)
        else:
            self.hub.work.thumbnail(item.key, Path(ref), px)

    def _check(self, item: StripItem) -> None:
        item.problems = []
        if item.info is None and item.kind is None:
            return
        for platform, post_type in self._targets:
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

    def _on_inspected(self, key: str, info: MediaInfo) -> None:
        item = self.model.item(key)
        if item is None:
            return
        item.info, item.kind = info, info.kind
        self._check(item)
        self.problemsChanged.emit()
        self._queue_upload(item)

    def _queue_upload(self, item: StripItem) -> None:
        brand = self.hub.brand_id
        if brand is None or item.path is None:
            self._set(item, ItemState.WAITING, message="Waiting for a brand to upload to.")
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
        self._set(item, ItemState.REFUSED, message=message, code=code)
        self.problemsChanged.emit()

    def _on_thumbnail(self, key: str, image: QImage) -> None:
        item = self.model.item(key)
        if item is None:
            return
        pm = QPixmap.fromImage(image)
        pm.setDevicePixelRatio(max(1.0, self.devicePixelRatioF()))
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
        state = upload.state
        if state is UploadState.CANCELLED:
            # detach cleanly: a cancelled upload never stays in the post
            row = self.model.row_of(item.key)
            if row >= 0:
                self.model.remove(row)
            return
        item.fraction = upload.fraction
        if state is UploadState.DONE:
            if upload.media_id in self.media_ids():
                # the same bytes are already in this post: keep one (a post cannot repeat a media id)
                row = self.model.row_of(item.key)
                if row >= 0:
                    self.model.remove(row)
                self._flash(f"{item.name} is already in this post.")
                return
            item.media_id = upload.media_id
            self._set(item, ItemState.READY, message=None)
        elif state is UploadState.FAILED:
            if upload.error_code in ("corrupt", "empty", "unsupported", "unreadable", "not_found"):
                self._set(item, ItemState.REFUSED, message=upload.error, code=upload.error_code)
            else:
                self._set(item, ItemState.FAILED, message=upload.error)
        elif state is UploadState.WAITING:
            self._set(item, ItemState.RETRYING, message=upload.error)
        elif state is UploadState.UPLOADING:
            self._set(item, ItemState.UPLOADING)
        else:
            self._set(item, ItemState.WAITING)

    def _set(self, item: StripItem, state: ItemState, *, message: str | None = None, code: str | None = None) -> None:
        item.state = state
        if message is not None or state in (ItemState.READY, ItemState.UPLOADING):
            item.message = message
        if code is not None:
            item.code = code
        self.model.changed(item.key)

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
        parts = [f"{len(items)} item{'s' if len(items) != 1 else ''}"]
        if uploading:
            parts.append(f"{len(uploading)} uploading")
        if bad:
            parts.append(f"{len(bad)} with problems")
        if self._note:
            parts.insert(0, self._note)
        self.status_label.setText(" · ".join(parts))

    def _update_buttons(self, *_: Any) -> None:
        selected = bool(self.view.selectionModel().selectedIndexes())
        self.remove_button.setEnabled(selected)
        online = self.hub.client is not None
        self.url_button.setEnabled(online)
        self.library_button.setEnabled(online)

    def _flash(self, text: str) -> None:
        """Show a short note next to the buttons until the next addition."""
        self._note = text
        self._update_status()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        row = index.row()
        item = self.model.items[row]
        menu = QMenu(self)
        if item.state is ItemState.FAILED:
            menu.addAction("Try again", lambda: self.retry(row))
        if row > 0:
            menu.addAction("Move left", lambda: self.move_rows([row], row - 1))
        if row < len(self.model.items) - 1:
            menu.addAction("Move right", lambda: self.move_rows([row], row + 2))
        menu.addAction("Cancel upload and remove" if item.busy else "Remove", lambda: self.remove_rows([row]))
        menu.popup(self.view.viewport().mapToGlobal(pos))

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
        """Wake anyone waiting."""
        for w in self._waiters:
            if not w.done():
                w.cancel()
        with contextlib.suppress(Exception):
            super().closeEvent(event)
