"""The import wizard's four pages, built onto the wizard (their widgets become its attributes).

Kept apart from ``wizard.py`` so the wizard holds the steps' logic and these hold only layout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr

if TYPE_CHECKING:
    from dashdesk.ui.bulk.wizard import BulkImportWizard


def choose_page(self: BulkImportWizard) -> QWidget:
    """The first step: the file to import, and the template."""
    page = QWidget()
    lay = QVBoxLayout(page)
    lay.setContentsMargins(0, 0, 0, 0)
    intro = QLabel(tr(
            "Pick a CSV file with one post per row and platform. Every row is checked against the platform rules and "
            "its media inspected before anything is sent. Times without a zone are read in {display_tz}.",
            display_tz=self.display_tz,
        ))
    intro.setWordWrap(True)
    lay.addWidget(intro)
    row = QHBoxLayout()
    self.path_edit = QLineEdit()
    self.path_edit.setPlaceholderText(tr("Path of the CSV file"))
    self.path_edit.setAccessibleName(tr("CSV file"))
    self.path_edit.textChanged.connect(lambda _: self._update_buttons())
    browse = QPushButton(tr("Choose…"))
    browse.clicked.connect(self._browse)
    row.addWidget(self.path_edit, 1)
    row.addWidget(browse)
    lay.addLayout(row)
    template_row = QHBoxLayout()
    tip = QLabel(tr("New to the format? Save the template: every column, with an example row per platform."))
    tip.setWordWrap(True)
    template = QPushButton(tr("Save template…"))
    template.clicked.connect(self._save_template)
    template_row.addWidget(tip, 1)
    template_row.addWidget(template)
    lay.addLayout(template_row)
    self.choose_error = QLabel()
    self.choose_error.setWordWrap(True)
    self.choose_error.setAccessibleName(tr("File problem"))
    lay.addWidget(self.choose_error)
    lay.addStretch(1)
    return page


def check_page(self: BulkImportWizard) -> QWidget:
    """The second step: every row with its problems, and the selected row's details."""
    page = QWidget()
    lay = QVBoxLayout(page)
    lay.setContentsMargins(0, 0, 0, 0)
    top = QHBoxLayout()
    self.summary_label = QLabel()
    self.summary_label.setTextFormat(Qt.TextFormat.RichText)
    self.summary_label.setAccessibleName(tr("Check summary"))
    self.only_problems = QCheckBox(tr("Only rows with problems"))
    self.only_problems.toggled.connect(self.proxy.set_only_problems)
    top.addWidget(self.summary_label, 1)
    top.addWidget(self.only_problems)
    lay.addLayout(top)
    self.check_progress = QProgressBar()
    self.check_progress.setAccessibleName(tr("Checking progress"))
    self.check_progress.hide()
    lay.addWidget(self.check_progress)
    self.table = QTableView()
    self.table.setModel(self.proxy)
    self.table.setAccessibleName(tr("Rows of the file"))
    self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    self.table.verticalHeader().hide()
    self.table.setWordWrap(False)
    self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    self.table.horizontalHeader().setStretchLastSection(True)
    self.table.selectionModel().currentRowChanged.connect(lambda cur, _: self._show_details(cur.row()))
    lay.addWidget(self.table, 1)
    self.details = QLabel(tr("Select a row to see its problems."))
    self.details.setWordWrap(True)
    self.details.setAccessibleName(tr("Problems of the selected row"))
    self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    em = self.fontMetrics().height()
    self.details.setMinimumHeight(int(em * 3.5))
    self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    lay.addWidget(self.details)
    return page


def confirm_page(self: BulkImportWizard) -> QWidget:
    """The third step: what will be sent, to which brand."""
    page = QWidget()
    lay = QVBoxLayout(page)
    lay.setContentsMargins(0, 0, 0, 0)
    self.confirm_label = QLabel()
    self.confirm_label.setWordWrap(True)
    self.confirm_label.setTextFormat(Qt.TextFormat.RichText)
    self.confirm_label.setAccessibleName(tr("What will be sent"))
    lay.addWidget(self.confirm_label)
    lay.addStretch(1)
    return page


def send_page(self: BulkImportWizard) -> QWidget:
    """The last step: progress, then the result of every row."""
    page = QWidget()
    lay = QVBoxLayout(page)
    lay.setContentsMargins(0, 0, 0, 0)
    self.progress = QProgressBar()
    self.progress.setAccessibleName(tr("Sending progress"))
    lay.addWidget(self.progress)
    self.progress_label = QLabel()
    self.progress_label.setAccessibleName(tr("Sending status"))
    lay.addWidget(self.progress_label)
    self.results_table = QTableView()
    self.results_table.setModel(self.proxy)
    self.results_table.setAccessibleName(tr("Results per row"))
    self.results_table.verticalHeader().hide()
    self.results_table.setWordWrap(False)
    self.results_table.horizontalHeader().setStretchLastSection(True)
    lay.addWidget(self.results_table, 1)
    row = QHBoxLayout()
    self.save_results_button = QPushButton(tr("Save results…"))
    self.save_results_button.setEnabled(False)
    self.save_results_button.clicked.connect(self._save_results)
    row.addStretch(1)
    row.addWidget(self.save_results_button)
    lay.addLayout(row)
    return page
