"""The strip's view: a horizontal list of tiles that takes file drops and reorders by drag."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QListView, QSizePolicy, QWidget

from dashdesk.i18n import tr

from .delegate import StripDelegate
from .item import StripItem
from .model import ROW_MIME, ItemRole

__all__ = ["StripView"]


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
        self.setAccessibleName(tr("Media in this post"))
        # one row of tiles: exactly that tall, so a cramped window shrinks the text box, never the
        # tiles' names and states (issue 20.4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.empty_text = tr("Drop photos or videos here, or choose Add files.")

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
