"""The Library browser: media already in the brand's Dash Library, with thumbnails and paging."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.media.inspect import format_duration
from dashdesk.ui import icons

from .hub import MediaHub

__all__ = ["LibraryBrowser", "LibraryDialog", "LibraryModel"]

MediaRole = Qt.ItemDataRole.UserRole + 1
ThumbRole = Qt.ItemDataRole.UserRole + 2


def _name(media: Any) -> str:
    return getattr(media, "filename", None) or f"Media {media.attach_id}"


class LibraryModel(QAbstractListModel):
    """One page of Library media and their thumbnails."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.media: list[Any] = []
        self.thumbs: dict[int, QPixmap] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Items on the page."""
        return 0 if parent.isValid() else len(self.media)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Name, tooltip, the media object and its thumbnail."""
        if not index.isValid() or not 0 <= index.row() < len(self.media):
            return None
        media = self.media[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _name(media)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [_name(media), f"{(media.kind or 'media').title()} · Library id {media.attach_id}"]
            if media.created_at:
                lines.append(f"Added {media.created_at.astimezone():%d %b %Y %H:%M}")
            return "\n".join(lines)
        if role == MediaRole:
            return media
        if role == ThumbRole:
            return self.thumbs.get(media.attach_id)
        return None

    def set_page(self, media: list[Any]) -> None:
        """Show ``media``."""
        self.beginResetModel()
        self.media = list(media)
        self.thumbs = {}
        self.endResetModel()

    def set_thumb(self, media_id: int, pixmap: QPixmap) -> None:
        """A thumbnail arrived."""
        self.thumbs[media_id] = pixmap
        for row, m in enumerate(self.media):
            if m.attach_id == media_id:
                idx = self.index(row)
                self.dataChanged.emit(idx, idx, [ThumbRole])


class LibraryDelegate(QStyledItemDelegate):
    """A square thumbnail with the file name under it."""

    @staticmethod
    def side(option: QStyleOptionViewItem) -> int:
        """Thumbnail side from the font."""
        return round(option.fontMetrics.height() * 6)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Tile size."""
        side = self.side(option)
        pad = option.fontMetrics.height() // 3
        return QSize(side + 2 * pad, side + 2 * pad + option.fontMetrics.height() + 2)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Draw one tile."""
        media = index.data(MediaRole)
        if media is None:
            return
        pal, fm = option.palette, option.fontMetrics
        side, pad = self.side(option), fm.height() // 3
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect.adjusted(1, 1, -1, -1)
        radius = fm.height() / 3
        if selected:
            painter.setPen(pal.color(QPalette.ColorRole.Highlight))
            painter.setBrush(
                pal.color(QPalette.ColorRole.Highlight).lighter(
                    185 if pal.color(QPalette.ColorRole.Base).lightness() > 128 else 60
                )
            )
            painter.drawRoundedRect(rect, radius, radius)
        box = QRect(rect.left() + pad - 1, rect.top() + pad - 1, side, side)
        clip = QPainterPath()
        clip.addRoundedRect(box, radius, radius)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(box, pal.color(QPalette.ColorRole.AlternateBase))
        thumb: QPixmap | None = index.data(ThumbRole)
        if thumb is not None and not thumb.isNull():
            size = thumb.size() / (thumb.devicePixelRatio() or 1.0)
            scaled = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            painter.drawPixmap(target, thumb)
        else:
            glyph = "film" if media.kind == "VIDEO" else "image"
            g = side // 3
            pm = icons.render_svg(
                glyph, g, pal.color(QPalette.ColorRole.PlaceholderText), painter.device().devicePixelRatioF()
            )
            painter.drawPixmap(box.center().x() - g // 2, box.center().y() - g // 2, pm)
        painter.restore()
        if media.kind == "VIDEO":
            text = format_duration(media.duration) if media.duration else ""
            h = fm.height() + 2
            w = fm.horizontalAdvance(text) + h + 6
            pill = QRect(box.left() + 3, box.bottom() - h - 3, w, h)
            bg = pal.color(QPalette.ColorRole.Window)
            bg.setAlpha(225)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bg)
            painter.drawRoundedRect(pill, h / 2, h / 2)
            pm = icons.render_svg(
                "film", h - 4, pal.color(QPalette.ColorRole.WindowText), painter.device().devicePixelRatioF()
            )
            painter.drawPixmap(pill.left() + 4, pill.top() + 2, pm)
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            painter.drawText(pill.adjusted(h, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
        text_rect = QRect(box.left(), box.bottom() + 2, box.width(), fm.height())
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(_name(media), Qt.TextElideMode.ElideMiddle, text_rect.width()),
        )
        painter.restore()


class LibraryBrowser(QWidget):
    """Browse the brand's Library a page at a time; pick media to attach (``chosen(list[Media])``)."""

    chosen = Signal(list)
    loaded = Signal()

    def __init__(self, hub: MediaHub, parent: QWidget | None = None, *, page_size: int = 30) -> None:
        super().__init__(parent)
        self.hub = hub
        self.page_size = page_size
        self.offset = 0
        self.total: int | None = None
        self.has_more = False
        self._task: asyncio.Task[Any] | None = None
        self._key = f"library:{id(self)}:"

        self.model = LibraryModel(self)
        self.view = QListView(self)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(max(2, self.fontMetrics().height() // 4))
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.view.setModel(self.model)
        self.view.setItemDelegate(LibraryDelegate(self.view))
        self.view.setAccessibleName(tr("Library media"))
        self.view.doubleClicked.connect(lambda idx: self.chosen.emit([idx.data(MediaRole)]))

        self.prev_button = QPushButton(icons.icon("chevron-left"), tr("Previous"), self)
        self.next_button = QPushButton(icons.icon("chevron-right"), tr("Next"), self)
        self.refresh_button = QPushButton(icons.icon("arrow-clockwise"), tr("Refresh"), self)
        self.attach_button = QPushButton(tr("Attach"), self)
        self.attach_button.setToolTip(tr("Attach the selected media (or double-click one)"))
        self.page_label = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for b, name in ((self.prev_button, N_("Previous page of media")), (self.next_button, N_("Next page of media")),
                        (self.refresh_button, N_("Refresh the library")),
                        (self.attach_button, N_("Attach the selected media to the post"))):
            b.setAccessibleName(tr(name))
        self.prev_button.clicked.connect(lambda: self.load(max(0, self.offset - self.page_size)))
        self.next_button.clicked.connect(lambda: self.load(self.offset + self.page_size))
        self.refresh_button.clicked.connect(lambda: self.load(self.offset))
        self.attach_button.clicked.connect(self._attach_selected)
        self.view.selectionModel().selectionChanged.connect(self._update)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.page_label, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(bar)

        hub.work.thumbnailReady.connect(self._on_thumb)
        hub.brandChanged.connect(lambda _b: self.load(0))
        hub.clientChanged.connect(lambda: self.load(0))
        self._loaded_once = False
        if hub.client is None or hub.brand_id is None:
            self.message.setText(tr("Sign in and choose a brand to see its Library."))
        self._update()

    def showEvent(self, event: Any) -> None:
        """Load the first page the first time the browser is shown (never from the constructor)."""
        super().showEvent(event)
        if not self._loaded_once and self.hub.client is not None:
            self.load(0)

    def selected(self) -> list[Any]:
        """The selected media."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedIndexes())
        return [self.model.media[r] for r in rows]

    def _attach_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            self.chosen.emit(chosen)

    def load(self, offset: int = 0) -> asyncio.Task[Any] | None:
        """Load the page at ``offset`` (a new load replaces one still running)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if self.hub.client is None or self.hub.brand_id is None:
            self.model.set_page([])
            self.message.setText(tr("Sign in and choose a brand to see its Library."))
            self._update()
            return None
        self.message.setText(tr("Loading the Library…"))
        self._task = self.hub.spawn(self._load(offset))
        return self._task

    async def _load(self, offset: int) -> None:
        try:
            page = await self.hub.client.list_media(self.hub.brand_id, limit=self.page_size, offset=offset)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            user = getattr(exc, "user_message", None)
            self.message.setText(tr(
                    "The Library could not be loaded. {reason}",
                    reason=user() if callable(user) else exc,
                ))
            self._update()
            return
        self.offset = offset
        self.total = page.paging.count
        self.has_more = page.has_more
        self._loaded_once = True
        self.model.set_page(page.items)
        self.message.setText(
            "" if page.items else tr("No media in this brand's Library yet. Drop photos or videos here to upload "
                                     "them.")
        )
        px = round(LibraryDelegate.side(self._option()) * max(1.0, self.devicePixelRatioF()))
        for media in page.items:
            url = media.thumbnail_url
            if url:
                self.hub.work.remote_thumbnail(f"{self._key}{media.attach_id}", url, px)
        self._update()
        self.loaded.emit()

    def _option(self) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        option.initFrom(self.view)
        return option

    def _on_thumb(self, key: str, image: QImage) -> None:
        if not key.startswith(self._key):
            return
        with contextlib.suppress(ValueError):
            pm = QPixmap.fromImage(image)
            pm.setDevicePixelRatio(max(1.0, self.devicePixelRatioF()))
            self.model.set_thumb(int(key[len(self._key) :]), pm)

    def _update(self, *_: Any) -> None:
        count = len(self.model.media)
        if count:
            end = self.offset + count
            first = self.offset + 1
            self.page_label.setText(tr("{first}–{last} of {total}", first=first, last=end, total=self.total)
                                    if self.total is not None else f"{first}–{end}")
        else:
            self.page_label.setText("")
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.has_more)
        self.attach_button.setEnabled(bool(self.view.selectionModel().selectedIndexes()))
        self.message.setVisible(bool(self.message.text()))


class LibraryDialog(QDialog):
    """A dialog around :class:`LibraryBrowser`; ``chosen(list[Media])`` when the person attaches."""

    chosen = Signal(list)

    def __init__(self, hub: MediaHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Attach from the Library"))
        self.browser = LibraryBrowser(hub, self)
        self.browser.attach_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        attach = buttons.addButton(tr("Attach"), QDialogButtonBox.ButtonRole.AcceptRole)
        attach.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.browser.chosen.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        fm = self.fontMetrics()
        self.resize(fm.height() * 48, fm.height() * 32)
        self.browser.load(0)

    def _chosen(self, media: list[Any]) -> None:
        self.chosen.emit(media)
        self.accept()

    def _accept(self) -> None:
        media = self.browser.selected()
        if media:
            self.chosen.emit(media)
        self.accept()
