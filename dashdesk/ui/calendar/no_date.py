"""The "No date" tray: drafts without a time, listed beside the calendar and dragged onto it to get one.

A drag carries the post's key as :data:`POST_MIME` (``platform:id``); the month and week views
accept it (``CalendarView.dropEvent``) and ask to move the post to the time under the pointer.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.services.post import Post, PostKey
from dashdesk.ui import icons
from dashdesk.ui.posts_model import PostsFilterProxy, Roles

Index = QModelIndex | QPersistentModelIndex

#: The drag-and-drop type of a post (its key as ``platform:id``).
POST_MIME = "application/x-dashdesk-post"


def key_to_mime(key: PostKey) -> QMimeData:
    """Mime data carrying ``key``."""
    data = QMimeData()
    data.setData(POST_MIME, f"{key[0]}:{key[1]}".encode())
    return data


def key_from_mime(data: QMimeData | None) -> PostKey | None:
    """The post key a drag carries, or ``None`` (another kind of drag, or damaged data)."""
    if data is None or not data.hasFormat(POST_MIME):
        return None
    text = bytes(data.data(POST_MIME).data()).decode("utf-8", "replace")
    platform, _, ident = text.partition(":")
    return (platform, int(ident)) if platform and ident.isascii() and ident.isdigit() else None


class UndatedProxy(QSortFilterProxyModel):
    """The posts without a date (undated drafts) that pass the filters, draggable."""

    def __init__(self, source: PostsFilterProxy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        post = self.sourceModel().index(source_row, 0, source_parent).data(Roles.Post)
        return isinstance(post, Post) and post.is_undated

    def filterAcceptsColumn(self, source_column: int, source_parent: Index) -> bool:
        return source_column == 3  # the post's text, with its thumbnail

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.platform_icon(str(super().data(index, Roles.Platform)))
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(str(super().data(index, Roles.Text) or "").split())
            return text or "(no text yet)"
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [POST_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        keys = [i.data(Roles.Key) for i in indexes if i.isValid()]
        return key_to_mime(keys[0]) if keys else QMimeData()

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


class NoDateList(QListView):
    """The list of undated drafts; double-click opens one, dragging one onto the calendar dates it."""

    openRequested = Signal(object)  # PostKey

    def __init__(self, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undated = UndatedProxy(proxy, self)
        self.setModel(self.undated)
        self.setAccessibleName(tr("Drafts without a date"))
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setSpacing(2)
        size = self.fontMetrics().height()
        self.setIconSize(QSize(size, size))
        self.doubleClicked.connect(lambda idx: self.openRequested.emit(idx.data(Roles.Key)))

    def listed_keys(self) -> list[PostKey]:
        """The undated drafts listed, in order."""
        return [self.undated.index(r, 0).data(Roles.Key) for r in range(self.undated.rowCount())]

    def paintEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(e)
        if self.undated.rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.viewport().rect().adjusted(8, 8, -8, -8),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       tr("Every draft has a date. Drafts saved without one wait here."))
            p.end()


class NoDatePanel(QWidget):
    """A titled "No date" section: a heading with the count, a hint, and the list."""

    def __init__(self, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = NoDateList(proxy, self)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.hint = QLabel(tr("Drag a draft onto the calendar to give it a time."), self)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addWidget(self.list, 1)
        self.setAccessibleName(tr("No date"))
        icon = icons.icon("calendar-x")
        self.setWindowIcon(icon)
        for sig in (self.list.undated.rowsInserted, self.list.undated.rowsRemoved, self.list.undated.modelReset,
                    self.list.undated.layoutChanged):
            sig.connect(self._count_changed)
        self._count_changed()

    def sizeHint(self) -> QSize:
        """Narrow: the calendar keeps the room (about 26 characters)."""
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 26, fm.height() * 20)

    def _count_changed(self, *_: object) -> None:
        n = self.list.undated.rowCount()
        self.heading.setText(ntr("{n} draft without a date", "{n} drafts without a date", n))
