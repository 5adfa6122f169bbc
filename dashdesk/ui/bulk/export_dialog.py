"""File > Export: write the posts of a date range as a bulk CSV (the import format)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dashdesk.bulk.backend import BulkBackend, DashClientBackend
from dashdesk.bulk.export import fetch_posts, write_export
from dashdesk.i18n import ntr, tr
from dashdesk.platforms import PLATFORM_IDS, rules_for
from dashdesk.platforms.statuses import STATUSES

log = logging.getLogger(__name__)


def shown_period(start: datetime, end: datetime, zone: tzinfo) -> tuple[date, date]:
    """The days the calendar shows as its period: a month view's range (whole weeks around the
    month) gives that month, exactly; a week or a day gives itself."""
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    if (last - first).days < 27:
        return first, last
    middle = first + (last - first) / 2
    month_first = middle.replace(day=1)
    next_month = (month_first + timedelta(days=32)).replace(day=1)
    return month_first, next_month - timedelta(days=1)


class ExportDialog(QDialog):
    """Choose a range and a file; the posts are fetched and written without blocking the window."""

    def __init__(self, parent: QWidget | None = None, *, client: Any = None, backend: BulkBackend | None = None,
                 brand_id: int | None = None, display_tz: tzinfo | None = None,
                 start: datetime | None = None, end: datetime | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Export posts to CSV"))
        self.backend = backend or (DashClientBackend(client) if client is not None else None)
        self.brand_id = brand_id
        self.zone = display_tz or datetime.now().astimezone().tzinfo or UTC
        today = datetime.now(self.zone).date()
        if start and end:
            first, last = shown_period(start, end, self.zone)
        else:
            first = today.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        self._task: asyncio.Task[Any] | None = None
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.start_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.end_edit = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start_edit.setAccessibleName(tr("First day"))
        self.end_edit.setAccessibleName(tr("Last day"))
        form.addRow(tr("From"), self.start_edit)
        form.addRow(tr("To (included)"), self.end_edit)
        self.platform = QComboBox()
        self.platform.setAccessibleName(tr("Platform"))
        self.platform.addItem(tr("All platforms"), None)
        for pid in PLATFORM_IDS:
            self.platform.addItem(rules_for(pid).name, pid)
        form.addRow(tr("Platform"), self.platform)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(tr("Status"))
        self.status_filter.addItem(tr("All statuses"), None)
        for info in STATUSES.values():
            self.status_filter.addItem(info.label, info.status)
        form.addRow(tr("Status"), self.status_filter)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(Path.home() / f"dashdesk-posts-{first:%Y-%m}.csv"))
        self.path_edit.setAccessibleName(tr("File to write"))
        self.path_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 48)  # the whole path shows
        self.path_edit.setToolTip(self.path_edit.text())
        self.path_edit.textChanged.connect(self.path_edit.setToolTip)
        browse = QPushButton(tr("Choose…"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow(tr("File"), row)
        lay.addLayout(form)
        self.status = QLabel(tr("The file uses the import format: import it into another brand to copy the posts."))
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Export status"))
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.reject)
        self.export_button = QPushButton(tr("Export"))
        self.export_button.setDefault(True)
        self.export_button.setEnabled(self.backend is not None and brand_id is not None)
        self.export_button.clicked.connect(lambda: self._start())
        buttons.addWidget(close)
        buttons.addWidget(self.export_button)
        lay.addLayout(buttons)

    def _browse(self) -> None:
        dialog = QFileDialog(self, tr("Export to"), self.path_edit.text())
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([tr("CSV files (*.csv)")])
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(self.path_edit.setText)
        dialog.open()

    def range(self) -> tuple[datetime, datetime]:
        """The chosen days as aware datetimes (the last day included)."""
        start = datetime.combine(self.start_edit.date().toPython(), time.min, self.zone)
        end = datetime.combine(self.end_edit.date().toPython(), time.min, self.zone) + timedelta(days=1, seconds=-1)
        return start, end

    def _start(self) -> None:
        self._task = asyncio.ensure_future(self.export(Path(self.path_edit.text()).expanduser()))

    async def export(self, path: Path) -> int:
        """Fetch the range and write ``path``; returns the number of posts written."""
        assert self.backend is not None and self.brand_id is not None
        start, end = self.range()
        self.export_button.setEnabled(False)
        self.status.setText(tr("Fetching posts…"))
        try:
            platform = self.platform.currentData()
            posts, errors = await fetch_posts(self.backend, self.brand_id, start, end,
                                              [platform] if platform else None)
            status = self.status_filter.currentData()
            if status:
                posts = [(p, post) for p, post in posts if post.get("status") == status]
            from dashdesk.services.planning import label_names_of, open_store

            count = await asyncio.get_running_loop().run_in_executor(
                None, lambda: write_export(posts, path, zone=self.zone,
                                           labels=label_names_of(open_store(), int(self.brand_id))))
        except OSError as exc:
            self.status.setText(tr("Could not write {path}: {strerror}", path=path, strerror=exc.strerror or exc))
            return 0
        finally:
            self.export_button.setEnabled(True)
        text = ntr("Wrote {n} post to {path}.", "Wrote {n} posts to {path}.", count, path=path)
        if errors:
            text += " " + tr("Not exported: {list}", list="; ".join(f"{p}: {m}" for p, m in errors.items()))
        self.status.setText(text)
        return count
