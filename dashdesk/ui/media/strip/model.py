"""The strip's list model: its items in ``media_ids`` order, with row moves by drag."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from .item import ItemState, StripItem

__all__ = ["ROW_MIME", "ItemRole", "MediaStripModel"]

#: Mime type of rows dragged inside the strip (the text is ``"0,2"``).
ROW_MIME = "application/x-dashdesk-media-rows"

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

    def media_ids(self) -> list[int]:
        """The media ids of the ready items, in order (what goes into ``media_ids``)."""
        return [i.media_id for i in self.items if i.state is ItemState.READY and i.media_id is not None]

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
