"""The snippets manager: add, edit, rename and delete the named text pieces, link presets included."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.services.snippets import UTM_KEYS
from dashdesk.store.planning import PlanningStore, Snippet

from .widgets import ProblemLabel, em, muted

KIND_WORDS = {"text": N_("Text"), "hashtags": N_("Hashtag group"), "signature": N_("Signature"),
              "cta": N_("Call to action"), "link": N_("Link with tracking")}
UTM_WORDS = {"utm_source": N_("Source"), "utm_medium": N_("Medium"), "utm_campaign": N_("Campaign"),
             "utm_term": N_("Term"), "utm_content": N_("Content")}
_NAME_OK = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


class SnippetsDialog(QDialog):
    """Edit the snippet library (stored at once; the composer's popup reads it on each use)."""

    def __init__(self, store: PlanningStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(tr("Snippets"))
        self.setObjectName("snippetsDialog")
        outer = QVBoxLayout(self)
        body = QHBoxLayout()
        outer.addLayout(body, 1)
        left = QVBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Snippets"))
        self.list.currentRowChanged.connect(self._show)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("New"), self)
        self.add_button.setAccessibleName(tr("New snippet"))
        self.add_button.clicked.connect(self.new)
        self.delete_button = QPushButton(tr("Delete"), self)
        self.delete_button.setAccessibleName(tr("Delete the selected snippet"))
        self.delete_button.clicked.connect(self.delete)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)
        body.addLayout(left, 1)

        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("e.g. spring-tags"))
        form.addRow(tr("Name"), self.name)
        self.kind = QComboBox(self)
        for kind, words in KIND_WORDS.items():
            self.kind.addItem(tr(words), kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow(tr("Kind"), self.kind)
        self.body = QPlainTextEdit(self)
        self.body.setMinimumHeight(em(self, 6))
        self.body.setPlaceholderText(tr("The text inserted when you type ;name in a post."))
        form.addRow(tr("Text"), self.body)
        self.utm: dict[str, QLineEdit] = {}
        for key in UTM_KEYS:
            edit = QLineEdit(self)
            edit.setPlaceholderText(tr("{lower} (optional)", lower=tr(UTM_WORDS[key]).lower()))
            self.utm[key] = edit
            form.addRow(tr(UTM_WORDS[key]), edit)
        self.utm_note = muted(self._note(tr("Links in posts with “Track links” on get these parameters.")))
        form.addRow("", self.utm_note)
        self.problem = ProblemLabel(self)
        form.addRow("", self.problem)
        self.save_button = QPushButton(tr("Save snippet"), self)
        self.save_button.clicked.connect(self.save)
        form.addRow("", self.save_button)
        right = QWidget(self)
        right.setLayout(form)
        body.addWidget(right, 2)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.accept)
        outer.addWidget(buttons)
        self._editing: str | None = None
        self.resize(em(self, 52), em(self, 30))
        self.reload()

    def _note(self, text: str):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QLabel

        label = QLabel(text, self)
        label.setWordWrap(True)
        return label

    def reload(self, select: str | None = None) -> None:
        """List the library again (choosing ``select``)."""
        self.snippets = self.store.snippets()
        self.list.clear()
        for snip in self.snippets:
            item = QListWidgetItem(f";{snip.name}")
            item.setToolTip(tr(KIND_WORDS.get(snip.kind, KIND_WORDS["text"])))
            self.list.addItem(item)
        names = [s.name for s in self.snippets]
        if select in names:
            self.list.setCurrentRow(names.index(select))
        elif names:
            self.list.setCurrentRow(0)
        else:
            self.new()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.snippets):
            return
        snip = self.snippets[row]
        self._editing = snip.name
        self.name.setText(snip.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(snip.kind)))
        self.body.setPlainText(snip.body)
        for key, edit in self.utm.items():
            edit.setText(snip.utm.get(key, ""))
        self.problem.set_messages([])
        self._kind_changed()

    def _kind_changed(self) -> None:
        link = self.kind.currentData() == "link"
        form = self.utm_note.parentWidget().layout()
        assert isinstance(form, QFormLayout)
        for edit in [*self.utm.values(), self.utm_note]:
            form.setRowVisible(edit, link)

    def new(self) -> None:
        """Start a new snippet."""
        self._editing = None
        self.list.clearSelection()
        self.name.clear()
        self.body.clear()
        for edit in self.utm.values():
            edit.clear()
        self.kind.setCurrentIndex(0)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> bool:
        """Store the snippet being edited; returns whether it was stored."""
        name = self.name.text().strip().lower()
        problems = []
        if not name:
            problems.append(tr("Give the snippet a name: you type it after ; in a post."))
        elif not set(name) <= _NAME_OK:
            problems.append(tr("Use only letters, digits, - and _ in the name (no spaces)."))
        elif self._editing != name and any(s.name == name for s in self.snippets):
            problems.append(tr("A snippet called “{name}” exists. Choose another name.", name=name))
        kind = self.kind.currentData()
        utm = {k: e.text().strip() for k, e in self.utm.items() if e.text().strip()} if kind == "link" else {}
        if not self.body.toPlainText().strip() and not utm:
            problems.append(tr("Write the snippet's text."))
        self.problem.set_messages(problems)
        if problems:
            return False
        self.store.save_snippet(Snippet(name, self.body.toPlainText(), kind, utm), old_name=self._editing)
        self.reload(select=name)
        return True

    def delete(self) -> None:
        """Delete the chosen snippet."""
        if self._editing is not None:
            self.store.delete_snippet(self._editing)
            self.reload()
