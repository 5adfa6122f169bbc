"""The composer's shared text: its label, the editor, one counter per platform and its problems."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QGridLayout, QPlainTextEdit, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.platforms import rules_for

from .checks import Count, limit_tooltip
from .widgets import CounterLabel, ProblemLabel, em, heading

COUNTER_COLUMNS = 2


class TextPart(QWidget):
    """The text written once for every chosen platform, with a counter per platform beneath.

    Signal: ``textEdited(str)`` when the person changes the text (not when :meth:`set_text` loads it).
    """

    textEdited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = heading("", self)
        lay.addWidget(self.label)
        self.editor = QPlainTextEdit(self)
        self.editor.setTabChangesFocus(True)
        self.editor.setMinimumHeight(em(self, 7))
        self.editor.setAccessibleName(tr("Post text"))
        self.editor.textChanged.connect(self._text_changed)
        self.label.setBuddy(self.editor)
        lay.addWidget(self.editor, 1)
        self.counter_grid = QGridLayout()
        self.counter_grid.setContentsMargins(0, 0, 0, 0)
        self.counter_grid.setHorizontalSpacing(em(self, 1))
        lay.addLayout(self.counter_grid)
        self.problem = ProblemLabel(self)
        lay.addWidget(self.problem)
        #: One counter per chosen platform (the same dict for the part's whole life).
        self.counters: dict[str, CounterLabel] = {}
        self._loading = False

    def set_text(self, text: str) -> None:
        """Load ``text`` (no ``textEdited``) and keep writing where it ends."""
        self._loading = True
        try:
            self.editor.setPlainText(text)
            self.editor.moveCursor(QTextCursor.MoveOperation.End)
        finally:
            self._loading = False

    def set_platforms(self, platforms: list[str]) -> None:
        """Name the text after the chosen platforms and give each its counter."""
        if len(platforms) == 1:
            spec = rules_for(platforms[0]).text_field
            self.label.setText(tr(spec.label))
            self.editor.setPlaceholderText(tr(
                    "{label} for {name}",
                    label=tr(spec.label),
                    name=rules_for(platforms[0]).name,
                ))
            self.editor.setAccessibleName(tr("{name} {label}", name=rules_for(platforms[0]).name, label=tr(spec.label)))
            self.editor.setToolTip(limit_tooltip(platforms[0], spec.path))
        else:
            self.label.setText(tr("Text for all platforms") if platforms else tr("Text"))
            self.editor.setPlaceholderText(tr("Write once; each platform's tab can change it."))
            self.editor.setAccessibleName(tr("Text for all platforms"))
            self.editor.setToolTip("")
        while self.counter_grid.count():
            widget = self.counter_grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.counters.clear()
        for n, p in enumerate(platforms):
            counter = CounterLabel(self)
            counter.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            counter.setToolTip(limit_tooltip(p, rules_for(p).text_field.path))
            self.counters[p] = counter
            self.counter_grid.addWidget(counter, n // COUNTER_COLUMNS, n % COUNTER_COLUMNS)

    def show_count(self, platform: str, shown: bool, counts: list[Count] | None = None, prefix: str = "") -> None:
        """Show ``platform``'s counter (``counts`` when shown) or hide it."""
        counter = self.counters.get(platform)
        if counter is None:
            return
        counter.setVisible(shown)
        if shown and counts is not None:
            counter.set_counts(counts, prefix)

    def is_counting(self, platform: str) -> bool:
        """Whether ``platform``'s counter is shown (so its counts are worth working out)."""
        counter = self.counters.get(platform)
        return counter is not None and counter.isVisibleTo(self.window())

    def _text_changed(self) -> None:
        if not self._loading:
            self.textEdited.emit(self.editor.toPlainText())
