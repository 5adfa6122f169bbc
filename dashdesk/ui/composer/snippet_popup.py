"""The snippet popup: typing ``;`` and a name (or Ctrl+;) in a text field offers matching snippets.

A :class:`SnippetCompleter` watches one text field (``QPlainTextEdit`` or ``QLineEdit``). The list
does not take the focus: the person keeps typing, Up/Down choose, Return or Tab insert, Escape
closes. Inserting replaces the typed ``;name`` through the field's own editing (so Undo works and
the counters update), and the list's footer says which platform limits the text would break.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.services.snippets import find_trigger, insert_snippet, match_snippets
from dashdesk.store.planning import Snippet

from .widgets import em, muted

TextField = QPlainTextEdit | QLineEdit
OPEN_KEYS = QKeySequence("Ctrl+;")
_PREVIEW_CHARS = 60


class SnippetPopup(QFrame):
    """The list of matching snippets, shown under the cursor without taking the focus."""

    def __init__(self, parent: QWidget) -> None:
        # A child of the field's window (not a window of its own): it never takes the focus, and it
        # stays inside the composer.
        super().__init__(parent)
        self.setObjectName("snippetPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(2)
        self.list = QListWidget(self)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setAccessibleName(tr("Matching snippets"))
        self.list.setUniformItemSizes(True)
        lay.addWidget(self.list)
        self.footer = muted(QLabel(self))
        self.footer.setWordWrap(True)
        lay.addWidget(self.footer)
        self.snippets: list[Snippet] = []

    def show_matches(self, snippets: Sequence[Snippet], at: QPoint, empty_text: str) -> None:
        """List ``snippets`` (the first chosen) at global ``at``."""
        self.snippets = list(snippets)
        self.list.clear()
        for snip in snippets:
            preview = " ".join(snip.body.split())
            if len(preview) > _PREVIEW_CHARS:
                preview = preview[: _PREVIEW_CHARS - 1] + "…"
            item = QListWidgetItem(f";{snip.name}   {preview}")
            item.setToolTip(snip.body)
            self.list.addItem(item)
        if not snippets:
            self.list.addItem(QListWidgetItem(empty_text))
            self.list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.list.setCurrentRow(0)
        rows = max(1, min(8, self.list.count()))
        row_h = self.list.sizeHintForRow(0) if self.list.count() else self.fontMetrics().height()
        self.list.setFixedHeight(rows * row_h + 2 * self.list.frameWidth() + 2)
        width = max(em(self, 26), min(em(self, 40), self.list.sizeHintForColumn(0) + em(self, 2)))
        self.setFixedWidth(width)
        self.footer.setFixedWidth(width - 8)
        self.adjustSize()
        self.place(at)
        self.show()
        self.raise_()

    def place(self, at: QPoint) -> None:
        """Move to global ``at``, kept inside the window (above the line when there is no room below)."""
        host = self.parentWidget()
        pos = host.mapFromGlobal(at)
        x = max(0, min(pos.x(), host.width() - self.width()))
        y = pos.y()
        if y + self.height() > host.height():
            y = max(0, y - self.height() - self.fontMetrics().height() - 4)
        self.move(x, y)

    def current(self) -> Snippet | None:
        """The snippet chosen in the list."""
        row = self.list.currentRow()
        return self.snippets[row] if 0 <= row < len(self.snippets) else None

    def step(self, delta: int) -> None:
        """Choose the next (1) or previous (-1) snippet."""
        if self.snippets:
            self.list.setCurrentRow((self.list.currentRow() + delta) % len(self.snippets))


class SnippetCompleter(QObject):
    """Offers snippets in one text field and inserts the chosen one.

    ``snippets()`` gives the library, ``platforms()`` the platforms the field's text goes to, and
    ``utm()`` the post's tracking parameters when its toggle is on (else an empty mapping).
    Signal ``inserted(str)`` carries the inserted snippet's name.
    """

    inserted = Signal(str)

    def __init__(self, field: TextField, snippets: Callable[[], Sequence[Snippet]],
                 platforms: Callable[[], Sequence[str]], utm: Callable[[], Mapping[str, str]]) -> None:
        super().__init__(field)
        self.field = field
        self._snippets = snippets
        self._platforms = platforms
        self._utm = utm
        self.popup = SnippetPopup(field.window())
        self.popup.list.itemClicked.connect(lambda _item: self.insert_current())
        self.popup.list.currentRowChanged.connect(lambda _row: self._show_notes())
        self._span: tuple[int, int] | None = None  # (start of ";name" or the cursor, cursor)
        self._forced = False
        field.installEventFilter(self)
        if isinstance(field, QPlainTextEdit):
            field.textChanged.connect(self._text_changed)
        else:
            field.textEdited.connect(lambda _t: self._text_changed())

    # --- field access ----------------------------------------------------------------------

    def _text(self) -> str:
        return self.field.toPlainText() if isinstance(self.field, QPlainTextEdit) else self.field.text()

    def _cursor(self) -> int:
        if isinstance(self.field, QPlainTextEdit):
            return self.field.textCursor().position()
        return self.field.cursorPosition()

    def _anchor_point(self) -> QPoint:
        if isinstance(self.field, QPlainTextEdit):
            rect = self.field.cursorRect()
            return self.field.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 2))
        return self.field.mapToGlobal(QPoint(0, self.field.height()))

    # --- showing ---------------------------------------------------------------------------

    def open(self) -> None:
        """Offer every snippet at the cursor (Ctrl+;); what is chosen goes in at the cursor."""
        cursor = self._cursor()
        found = find_trigger(self._text(), cursor)
        self._forced = found is None
        self._span = (found[0], cursor) if found else (cursor, cursor)
        self._refresh(found[1] if found else "")

    def close(self) -> None:
        """Hide the list."""
        self._span = None
        self._forced = False
        self.popup.hide()

    def is_open(self) -> bool:
        """Whether the list is shown."""
        return self.popup.isVisible()

    def _text_changed(self) -> None:
        cursor = self._cursor()
        found = find_trigger(self._text(), cursor)
        if found is not None:
            self._forced = False
            self._span = (found[0], cursor)
            self._refresh(found[1])
        elif self._forced and self._span is not None and cursor >= self._span[0]:
            typed = self._text()[self._span[0]:cursor]
            if typed.strip() == typed:
                self._span = (self._span[0], cursor)
                self._refresh(typed)
                return
            self.close()
        elif self.is_open():
            self.close()

    def _refresh(self, query: str) -> None:
        library = list(self._snippets())
        matches = match_snippets(library, query)
        empty = (tr("No snippets yet. Add some with Snippets > Manage snippets.") if not library else
                 tr("No snippet matches “{query}”.", query=query))
        self.popup.show_matches(matches, self._anchor_point(), empty)
        self._show_notes()

    def _show_notes(self) -> None:
        snip = self.popup.current()
        if snip is None or self._span is None:
            self.popup.footer.setText(tr("Return inserts, Escape closes.") if self.popup.snippets else "")
            return
        after = insert_snippet(self._text(), *self._span, snip, self._platforms(), utm=self._utm())
        words = [n.message for n in after.notes]
        self.popup.footer.setText(tr("Inserting it would go over: ") + " ".join(words) if words
                                  else tr("Return inserts, Escape closes."))
        self.popup.adjustSize()
        self.popup.place(self._anchor_point())

    # --- inserting -------------------------------------------------------------------------

    def insert_current(self) -> bool:
        """Insert the chosen snippet in place of the typed ``;name``; returns whether one was inserted."""
        snip = self.popup.current()
        span = self._span
        self.close()
        if snip is None or span is None:
            return False
        start, end = span
        text = self._text()
        done = insert_snippet(text, start, end, snip, self._platforms(), utm=self._utm())
        piece = done.text[start:done.cursor]
        if isinstance(self.field, QPlainTextEdit):
            cur = self.field.textCursor()
            cur.setPosition(start)
            cur.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cur.insertText(piece)  # one undo step, and textChanged updates the state and counters
            self.field.setTextCursor(cur)
        else:
            self.field.setSelection(start, end - start)
            self.field.insert(piece)
        self.inserted.emit(snip.name)
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Keys for the list while it is shown; Ctrl+; opens it."""
        if obj is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.keyCombination().toCombined() == OPEN_KEYS[0].toCombined():
                self.open()
                return True
            if self.is_open():
                key = event.key()
                if key == Qt.Key.Key_Down:
                    self.popup.step(1)
                    return True
                if key == Qt.Key.Key_Up:
                    self.popup.step(-1)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab) and self.popup.current():
                    self.insert_current()
                    return True
                if key == Qt.Key.Key_Escape:
                    self.close()
                    return True
        elif obj is self.field and event.type() == QEvent.Type.FocusOut:
            self.popup.hide()
        return super().eventFilter(obj, event)
