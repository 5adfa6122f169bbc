"""Dialogs of the planner's helpers: a calendar note, public holidays, the brand's labels."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.services.planning import LABEL_COLORS, Planner, holiday_countries, import_holidays
from dashdesk.store.planning import Note
from dashdesk.ui.composer.helpers_part import color_icon
from dashdesk.ui.composer.widgets import ProblemLabel, em, muted

NOTE_COLORS = ((N_("Grey"), ""), (N_("Red"), "#e0484e"), (N_("Orange"), "#f28c28"), (N_("Yellow"), "#e6b800"),
               (N_("Green"), "#3aa655"), (N_("Blue"), "#3d6fd9"), (N_("Purple"), "#8e44ad"))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class NoteDialog(QDialog):
    """Add or edit a note on a day or a range."""

    def __init__(self, planner: Planner, day: date, note: Note | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.note = note
        self.setWindowTitle(tr("Edit note") if note else tr("Add note"))
        form = QFormLayout(self)
        self.text = QLineEdit(note.text if note else "", self)
        self.text.setPlaceholderText(tr("e.g. Product launch, Office closed"))
        form.addRow(tr("Note"), self.text)
        self.first = QDateEdit(_qdate(note.first_day if note else day), self)
        self.last = QDateEdit(_qdate(note.last_day if note else day), self)
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd d MMM yyyy")
        self.first.dateChanged.connect(lambda d: self.last.setDate(max(d, self.last.date())))
        form.addRow(tr("From"), self.first)
        form.addRow(tr("To"), self.last)
        self.color = QComboBox(self)
        for name, hex_ in NOTE_COLORS:
            self.color.addItem(color_icon(hex_ or "#6b7a90"), tr(name), hex_)
        self.color.setCurrentIndex(max(0, self.color.findData(note.color if note else "")))
        form.addRow(tr("Colour"), self.color)
        self.no_posting = QCheckBox(tr("No posting on these days (the composer warns)"), self)
        self.no_posting.setChecked(bool(note and note.no_posting))
        form.addRow("", self.no_posting)
        self.every_brand = QCheckBox(tr("For every brand"), self)
        self.every_brand.setChecked(bool(note and note.brand_id is None))
        form.addRow("", self.every_brand)
        self.problem = ProblemLabel(self)
        form.addRow("", self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        if note is not None:
            delete = buttons.addButton(tr("Delete note"), QDialogButtonBox.ButtonRole.DestructiveRole)
            delete.clicked.connect(self.delete)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(em(self, 26))

    def save(self) -> None:
        """Store the note and close; say what is missing otherwise."""
        text = " ".join(self.text.text().split())
        if not text:
            self.problem.set_messages([tr("Write the note's text.")])
            return
        first, last = _pydate(self.first.date()), _pydate(self.last.date())
        if self.note is None:
            self.planner.add_note(first, last, text, color=self.color.currentData(),
                                  no_posting=self.no_posting.isChecked(), every_brand=self.every_brand.isChecked())
        else:
            self.planner.update_note(Note(self.note.id, min(first, last), max(first, last), text,
                                          self.color.currentData(), self.no_posting.isChecked(),
                                          None if self.every_brand.isChecked() else self.planner.brand_id,
                                          self.note.source))
        self.accept()

    def delete(self) -> None:
        """Delete the note being edited."""
        if self.note is not None:
            self.planner.remove_note(self.note.id)
        self.accept()


class HolidaysDialog(QDialog):
    """Import a country's public holidays for some years as notes."""

    def __init__(self, planner: Planner, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.setWindowTitle(tr("Import public holidays"))
        form = QFormLayout(self)
        self.country = QComboBox(self)
        self.country.setEditable(False)
        for code, name in holiday_countries().items():
            self.country.addItem(tr("{country} ({code})", country=name, code=code), code)
        form.addRow(tr("Country"), self.country)
        self.first_year = QSpinBox(self)
        self.first_year.setRange(1990, 2100)
        self.first_year.setValue(year)
        self.years = QSpinBox(self)
        self.years.setRange(1, 5)
        self.years.setValue(2)
        form.addRow(tr("From year"), self.first_year)
        form.addRow(tr("Years"), self.years)
        self.no_posting = QCheckBox(tr("Mark them “no posting”"), self)
        form.addRow("", self.no_posting)
        self.result = ProblemLabel(self)
        form.addRow("", self.result)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton(tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.added = 0

    def choose(self, code: str) -> None:
        """Pick the country with ISO code ``code``."""
        self.country.setCurrentIndex(max(0, self.country.findData(code.upper())))

    def run(self) -> int:
        """Import; returns how many notes were new."""
        first = self.first_year.value()
        years = range(first, first + self.years.value())
        try:
            self.added = import_holidays(self.planner.store, self.country.currentData(), years,
                                         brand_id=None, no_posting=self.no_posting.isChecked())
        except ValueError as exc:
            self.result.set_messages([str(exc)])
            return 0
        self.planner.reload()
        self.accept()
        return self.added


class LabelsDialog(QDialog):
    """The brand's labels: add, rename, recolour, delete."""

    def __init__(self, planner: Planner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planner = planner
        self.setWindowTitle(tr("Labels"))
        lay = QVBoxLayout(self)
        lay.addWidget(muted(_label(tr("Labels are kept on this computer, per brand; share them with File > Export "
                                      "snippets, labels and notes."), self)))
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Labels"))
        lay.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("New label, e.g. Spring launch"))
        self.name.setAccessibleName(tr("New label name"))
        self.name.returnPressed.connect(self.add)
        row.addWidget(self.name, 1)
        add = QPushButton(tr("Add"), self)
        add.setAccessibleName(tr("Add label"))
        add.clicked.connect(self.add)
        row.addWidget(add)
        lay.addLayout(row)
        row2 = QHBoxLayout()
        recolour = QPushButton(tr("Colour…"), self)
        recolour.setAccessibleName(tr("Colour of the selected label"))
        recolour.clicked.connect(self.recolour)
        delete = QPushButton(tr("Delete"), self)
        delete.setAccessibleName(tr("Delete the selected label"))
        delete.clicked.connect(self.delete)
        row2.addWidget(recolour)
        row2.addWidget(delete)
        row2.addStretch(1)
        lay.addLayout(row2)
        self.problem = ProblemLabel(self)
        lay.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.accept)
        lay.addWidget(buttons)
        self.list.itemChanged.connect(self._renamed)
        self.resize(em(self, 24), em(self, 20))
        self.reload()

    def reload(self) -> None:
        """List the labels again."""
        self.list.blockSignals(True)
        self.list.clear()
        for label in self.planner.label_list():
            item = QListWidgetItem(color_icon(label.color), label.name)
            item.setData(Qt.ItemDataRole.UserRole, label.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def add(self) -> None:
        """Add the label typed."""
        try:
            self.planner.add_label(self.name.text(), LABEL_COLORS[len(self.planner.labels) % len(LABEL_COLORS)])
        except ValueError as exc:
            self.problem.set_messages([str(exc)])
            return
        self.problem.set_messages([])
        self.name.clear()
        self.reload()

    def _current(self):  # type: ignore[no-untyped-def]
        item = self.list.currentItem()
        return None if item is None else self.planner.labels.get(item.data(Qt.ItemDataRole.UserRole))

    def _renamed(self, item: QListWidgetItem) -> None:
        label = self.planner.labels.get(item.data(Qt.ItemDataRole.UserRole))
        name = " ".join(item.text().split())
        if label is not None and name and name != label.name:
            self.planner.store.save_label(label.brand_id, name, label.color, label.id)
            self.planner.reload()
        self.reload()

    def recolour(self) -> None:
        """Choose another colour for the selected label."""
        label = self._current()
        if label is None:
            return
        color = QColorDialog.getColor(QColor(label.color), self, tr("Label colour"))
        if color.isValid():
            self.planner.store.save_label(label.brand_id, label.name, color.name(), label.id)
            self.planner.reload()
            self.reload()

    def delete(self) -> None:
        """Delete the selected label (it comes off every post)."""
        label = self._current()
        if label is not None:
            self.planner.remove_label(label.id)
            self.reload()


def _label(text: str, parent: QWidget):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label
