"""The upload queue view: every upload with its progress, speed and time left, and the total."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.media.inspect import format_bytes, format_duration
from dashdesk.media.queue import QueueProgress
from dashdesk.media.upload import UploadItem, UploadState
from dashdesk.ui import icons
from dashdesk.ui.status import TONE_COLORS
from dashdesk.ui.theme import is_dark

from .hub import MediaHub, QtUploadQueue

__all__ = ["UploadQueueModel", "UploadQueueView", "describe_progress", "format_speed"]

COLUMNS = (N_("File"), N_("Status"), N_("Progress"), N_("Speed"), N_("Time left"))
ItemRole = Qt.ItemDataRole.UserRole + 1

_STATE_ICON = {
    UploadState.QUEUED: ("hourglass-split", "neutral"),
    UploadState.CHECKING: ("hourglass-split", "neutral"),
    UploadState.UPLOADING: ("arrow-down-circle-fill", "progress"),
    UploadState.WAITING: ("arrow-clockwise", "warning"),
    UploadState.DONE: ("check-circle-fill", "success"),
    UploadState.FAILED: ("x-circle-fill", "danger"),
    UploadState.CANCELLED: ("slash-circle", "neutral"),
}


_REASONS = {
    "corrupt": N_("damaged file"),
    "empty": N_("empty file"),
    "unsupported": N_("not a photo/video"),
    "unreadable": N_("can't read file"),
    "not_found": N_("file is gone"),
    "ServerError": N_("Dash error"),
    "ConnectionFailed": N_("offline"),
    "RequestTimeout": N_("timed out"),
    "RateLimitedError": N_("rate limited"),
    "ValidationError": N_("refused"),
    "AuthenticationError": N_("sign in again"),
    "PermissionDeniedError": N_("no access"),
}


def failure_reason(item: UploadItem) -> str:
    """Why ``item`` failed, in a few words: its error code's words, else the start of its message.

    Only the message survives a restart (the code is not kept), so it is shortened rather than hidden.
    """
    known = _REASONS.get(item.error_code or "")
    if known:
        return tr(known)
    text = (item.error or "").strip().split(". ")[0].rstrip(".")
    if not text:
        return "stopped before it finished"
    return text if len(text) <= 48 else text[:47].rstrip() + "…"


def format_speed(bytes_per_second: float) -> str:
    """``"12.3 MB/s"``."""
    return f"{format_bytes(bytes_per_second)}/s" if bytes_per_second > 0 else ""


def format_eta(seconds: float | None) -> str:
    """``"about 0:42"`` or empty when unknown."""
    if seconds is None:
        return ""
    if seconds < 1:
        return "a moment"
    return format_duration(seconds) if seconds >= 10 else f"{round(seconds)} s"


def describe_progress(p: QueueProgress) -> str:
    """One line about the whole queue."""
    if not p.busy:
        if p.done or p.failed:
            if p.failed:
                return (tr("All uploads finished ({done} uploaded, {failed} failed). Retry the failed ones, or Clear "
                           "finished so they don't come back next time.",
                           done=p.done, failed=p.failed))
            return tr("All uploads finished ({done} uploaded).", done=p.done)
        return tr("Nothing is uploading. Drop photos or videos here to add them to the Library.")
    parts = [tr("{sent} of {total}", sent=format_bytes(p.sent_bytes), total=format_bytes(p.total_bytes))]
    if p.speed > 0:
        parts.append(format_speed(p.speed))
    if p.eta is not None:
        parts.append(tr("{time} left", time=format_eta(p.eta)))
    head = (tr("Uploading {n}, {waiting} waiting", n=p.active, waiting=p.queued) if p.queued else
            tr("Uploading {n}", n=p.active))
    return head + " · " + " · ".join(parts)


class UploadQueueModel(QAbstractTableModel):
    """The queue's items as table rows."""

    def __init__(self, uploads: QtUploadQueue, parent: Any = None) -> None:
        super().__init__(parent)
        self.uploads = uploads
        self.ids: list[str] = [i.id for i in uploads.items()]
        uploads.itemAdded.connect(self._added)
        uploads.itemChanged.connect(self._changed)
        uploads.itemRemoved.connect(self._removed)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Uploads."""
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        """File, status, progress, speed, time left."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section])
        return None

    def item_at(self, row: int) -> UploadItem | None:
        """The upload on ``row``."""
        return self.uploads.get(self.ids[row]) if 0 <= row < len(self.ids) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, icons, tooltips; ``ItemRole`` gives the upload."""
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        col = index.column()
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return item.filename
            if col == 1:
                if item.deduplicated:
                    return tr("Already in Library")
                if item.state is UploadState.FAILED:
                    return tr("Failed: {reason}", reason=failure_reason(item))
                if item.state is UploadState.UPLOADING and item.size and item.sent >= item.size:
                    return tr("Finishing…")  # all bytes sent; Dash is adding it to the Library
                return item.state.label
            if col == 2:
                return f"{round(item.fraction * 100)}%"
            if col == 3:
                return format_speed(item.speed) if item.state is UploadState.UPLOADING else ""
            if col == 4:
                return format_eta(item.eta)
        if role == Qt.ItemDataRole.DecorationRole and col == 1:
            glyph, tone = _STATE_ICON[item.state]
            light, dark = TONE_COLORS[tone]
            return icons.icon(glyph, QColor(dark if is_dark() else light))
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [str(item.path), f"{item.state.label} · {format_bytes(item.size)}"]
            if item.error:
                lines.append(item.error)
            if item.media_id is not None:
                lines.append(tr("Library media id {id}", id=item.media_id))
            if item.attempts > 1:
                lines.append(tr("Attempt {n}", n=item.attempts))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _added(self, item_id: str) -> None:
        if item_id in self.ids:
            return
        row = len(self.ids)
        self.beginInsertRows(QModelIndex(), row, row)
        self.ids.append(item_id)
        self.endInsertRows()

    def _changed(self, item_id: str) -> None:
        if item_id not in self.ids:
            self._added(item_id)
            return
        row = self.ids.index(item_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _removed(self, item_id: str) -> None:
        if item_id not in self.ids:
            return
        row = self.ids.index(item_id)
        self.beginRemoveRows(QModelIndex(), row, row)
        self.ids.pop(row)
        self.endRemoveRows()


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as a native progress bar."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """A progress bar with the percentage."""
        item: UploadItem | None = index.data(ItemRole)
        if item is None:
            return super().paint(painter, option, index)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.color(QPalette.ColorRole.Highlight))
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(3, 3, -3, -3)
        bar.minimum, bar.maximum = 0, 1000
        bar.progress = round(item.fraction * 1000)
        bar.text = f"{round(item.fraction * 100)}%"
        bar.textVisible = True
        bar.palette = option.palette
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        if item.state in (UploadState.FAILED, UploadState.CANCELLED):
            bar.state &= ~QStyle.StateFlag.State_Enabled
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Room for a bar."""
        return QSize(option.fontMetrics.horizontalAdvance("0") * 18, round(option.fontMetrics.height() * 1.6))


class UploadQueueView(QWidget):
    """All uploads (from every strip and the Media panel) with progress, cancel and retry."""

    def __init__(self, hub: MediaHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.model = UploadQueueModel(hub.uploads, self)
        self.table = QTreeView(self)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(2, ProgressDelegate(self.table))
        self.table.setAccessibleName(tr("Uploads"))
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # columns fit instead
        fm = self.fontMetrics()
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, chars in ((1, 22), (2, 16), (3, 10), (4, 9)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, fm.horizontalAdvance("0") * chars + fm.height())

        self.overall = QProgressBar(self)
        self.overall.setRange(0, 1000)
        self.overall.setTextVisible(False)
        self.overall.setAccessibleName(tr("Overall upload progress"))
        self.overall.setMaximumHeight(round(fm.height() * 0.6))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.cancel_button = QPushButton(icons.icon("x-lg"), tr("Cancel"), self)
        self.retry_button = QPushButton(icons.icon("arrow-clockwise"), tr("Retry"), self)
        self.clear_button = QPushButton(tr("Clear finished"), self)
        self.cancel_button.setToolTip(tr("Stop the selected uploads; nothing of them is attached to any post"))
        self.retry_button.setToolTip(tr("Try the selected failed uploads again"))
        for b in (self.cancel_button, self.retry_button, self.clear_button):
            b.setAccessibleName(b.text())
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.clear_button.setToolTip(tr(
                "Remove uploaded, failed and cancelled files from this list (failed ones otherwise come back at each "
                "start)"
            ))
        self.clear_button.clicked.connect(hub.uploads.clear_finished)

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.retry_button)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.overall)
        layout.addLayout(bar)

        hub.uploads.progressChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow panel the speed and time-left columns give their room to name and status."""
        super().resizeEvent(event)
        narrow = self.width() < self.fontMetrics().horizontalAdvance("0") * 72
        for col in (3, 4):
            if self.table.isColumnHidden(col) != narrow:
                self.table.setColumnHidden(col, narrow)

    def selected(self) -> list[UploadItem]:
        """Selected uploads."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [it for r in rows if (it := self.model.item_at(r)) is not None]

    def cancel_selected(self) -> None:
        """Cancel the selected uploads."""
        for item in self.selected():
            self.hub.uploads.cancel(item.id)

    def retry_selected(self) -> None:
        """Retry the selected failed uploads."""
        for item in self.selected():
            self.hub.uploads.retry(item.id)

    def refresh(self) -> None:
        """Update the total and the buttons."""
        p = self.hub.queue.progress()
        self.overall.setValue(round(p.fraction * 1000) if p.busy else (1000 if p.done else 0))
        self.overall.setVisible(p.busy)
        self.summary.setText(describe_progress(p))
        self._update_buttons()

    def _update_buttons(self, *_: Any) -> None:
        chosen = self.selected()
        self.cancel_button.setEnabled(any(not i.state.finished for i in chosen))
        self.retry_button.setEnabled(any(i.state in (UploadState.FAILED, UploadState.CANCELLED) for i in chosen))
        self.clear_button.setEnabled(any(i.state.finished for i in self.hub.queue.items()))
