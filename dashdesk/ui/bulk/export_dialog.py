"""File > Export: write the posts of a date range as a bulk CSV (the import format)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
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

log = logging.getLogger(__name__)


class ExportDialog(QDialog):
    """Choose a range and a file; the posts are fetched and written without blocking the window."""

    def __init__(self, parent: QWidget | None = None, *, client: Any = None, backend: BulkBackend | None = None,
                 brand_id: int | None = None, display_tz: tzinfo | None = None,
                 start: datetime | None = None, end: datetime | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export posts to CSV")
        self.backend = backend or (DashClientBackend(client) if client is not None else None)
        self.brand_id = brand_id
        self.zone = display_tz or datetime.now().astimezone().tzinfo or UTC
        today = datetime.now(self.zone).date()
        first = (start.astimezone(self.zone).date() if start else today.replace(day=1))
        last = (end.astimezone(self.zone).date() if end else first + timedelta(days=30))
        self._task: asyncio.Task[Any] | None = None
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.start_edit = QDateEdit(QDate(first.year, first.month, first.day))
        self.end_edit = QDateEdit(QDate(last.year, last.month, last.day))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.start_edit.setAccessibleName("First day")
        self.end_edit.setAccessibleName("Last day")
        form.addRow("From", self.start_edit)
        form.addRow("To (included)", self.end_edit)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(Path.home() / f"dashdesk-posts-{first:%Y-%m}.csv"))
        self.path_edit.setAccessibleName("File to write")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        lay.addLayout(form)
        self.status = QLabel("The file uses the import format: import it into another brand to copy the posts.")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.setEnabled(self.backend is not None and brand_id is not None)
        self.export_button.clicked.connect(lambda: self._start())
        buttons.addWidget(close)
        buttons.addWidget(self.export_button)
        lay.addLayout(buttons)

    def _browse(self) -> None:
        dialog = QFileDialog(self, "Export to", self.path_edit.text())
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["CSV files (*.csv)"])
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
        self.status.setText("Fetching posts…")
        try:
            posts, errors = await fetch_posts(self.backend, self.brand_id, start, end)
            from dashdesk.services.planning import label_names_of, open_store

            count = await asyncio.get_running_loop().run_in_executor(
                None, lambda: write_export(posts, path, zone=self.zone,
                                           labels=label_names_of(open_store(), int(self.brand_id))))
        except OSError as exc:
            self.status.setText(f"Could not write {path}: {exc.strerror or exc}")
            return 0
        finally:
            self.export_button.setEnabled(True)
        text = f"Wrote {count} post{'s' if count != 1 else ''} to {path}."
        if errors:
            text += " Not exported: " + "; ".join(f"{p}: {m}" for p, m in errors.items())
        self.status.setText(text)
        return count
