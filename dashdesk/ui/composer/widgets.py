"""Small composer widgets: counters, problem notes and one editor per kind of platform field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.i18n.formats import number_text
from dashdesk.platforms import FieldKind, FieldSpec
from dashdesk.ui.icons import render_svg
from dashdesk.ui.status import TONE_COLORS
from dashdesk.ui.theme import is_dark

from .checks import Count


def tone_color(tone: str) -> QColor:
    """The app's contrast-checked colour of ``tone`` for the current scheme (see ``ui.status``)."""
    light, dark = TONE_COLORS[tone]
    return QColor(dark if is_dark() else light)


def em(widget: QWidget, n: float) -> int:
    """``n`` times the height of the widget's font, in pixels (sizes follow the font)."""
    return round(QFontMetrics(widget.font()).height() * n)


class CounterLabel(QLabel):
    """``123 / 2,200`` beside a text field; red with "over" once past the limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._shown: tuple[str, bool] | None = None
        self.over = False

    def forget(self) -> None:
        """Draw again on the next update (after the colour scheme changed)."""
        self._shown = None

    def set_counts(self, counts: list[Count], prefix: str = "") -> None:
        """Show ``counts`` (several limits are joined with a dot)."""
        over = any(c.over for c in counts)
        shown = counts[:1] + [c for c in counts[1:] if c.over]  # a second limit only when it bites
        text = " · ".join(c.text() for c in shown)
        if over:
            worst = max((c for c in counts if c.over), key=lambda c: c.used - c.limit)
            text += " — " + tr("{n} over", n=number_text(worst.used - worst.limit))
        if prefix:
            text = f"{prefix} {text}"
        if self._shown == (text, over):
            return
        self._shown = (text, over)
        self.over = over
        self.setText(text)
        if over:
            pal = self.palette()
            pal.setColor(QPalette.ColorRole.WindowText, tone_color("danger"))
            self.setPalette(pal)
            self.setForegroundRole(QPalette.ColorRole.WindowText)
        else:
            self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        font = self.font()
        font.setBold(over)
        self.setFont(font)
        self.setAccessibleName(tr("Length {text}", text=text))


class ProblemLabel(QWidget):
    """A problem in words with a warning mark, shown beside the field it concerns; hidden when none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mark = QLabel(self)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.mark)
        layout.addWidget(self.label, 1)
        self._messages: tuple[str, ...] = ()
        self.hide()

    def retint(self) -> None:
        """Take the colours of the current scheme."""
        messages, self._messages = list(self._messages), ()
        self.set_messages(messages)

    def set_messages(self, messages: list[str]) -> None:
        """Show ``messages`` (one per line), or hide when there are none."""
        key = tuple(messages)
        if key == self._messages:
            return
        self._messages = key
        if not messages:
            self.hide()
            self.label.clear()
            return
        color = tone_color("danger")
        size = QFontMetrics(self.font()).height()
        self.mark.setPixmap(render_svg("exclamation-circle-fill", size, color, self.devicePixelRatioF()))
        pal = self.label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, color)
        self.label.setPalette(pal)
        self.label.setText("\n".join(messages))
        self.label.setAccessibleName(tr("Problem: ") + " ".join(messages))
        self.show()
        hold_wrapped_height(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the wrapped lines' height (see :func:`hold_wrapped_height`)."""
        super().resizeEvent(event)
        hold_wrapped_height(self)

    @property
    def messages(self) -> list[str]:
        """The messages shown now."""
        return list(self._messages)


class FieldEditor(QWidget):
    """One platform field: its label, an editor for its kind, a counter and its problem.

    ``changed`` is emitted with the field's value (``None`` when it is empty or not chosen).
    """

    changed = Signal(object)

    def __init__(self, spec: FieldSpec, platform_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"field-{spec.key}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(max(2, em(self, 0.2)))
        head = QHBoxLayout()
        self.title = QLabel(tr("{field} (required)", field=tr(spec.label)) if spec.required else tr(spec.label), self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        head.addWidget(self.title)
        head.addStretch(1)
        self.counter = CounterLabel(self)
        self.counter.setVisible(bool(spec.limits))
        head.addWidget(self.counter)
        outer.addLayout(head)
        self.editor = self._make_editor(platform_name)
        outer.addWidget(self.editor)
        self.help = muted(QLabel(tr(spec.help), self))
        self.help.setWordWrap(True)
        self.help.setVisible(bool(spec.help))
        outer.addWidget(self.help)
        self.problem = ProblemLabel(self)
        outer.addWidget(self.problem)
        self.title.setBuddy(self.editor)
        self._setting = False

    # --- editors ---------------------------------------------------------------------------

    def _make_editor(self, platform_name: str) -> QWidget:
        spec = self.spec
        name = f"{platform_name} {tr(spec.label)}"
        if spec.kind is FieldKind.LONG_TEXT:
            edit = QPlainTextEdit(self)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(em(self, 3.6))
            edit.setMaximumHeight(em(self, 7))
            edit.setPlaceholderText(tr("{label} for {platform_name}", label=tr(spec.label),
                                       platform_name=platform_name))
            edit.textChanged.connect(lambda: self._emit(edit.toPlainText()))
            widget: QWidget = edit
        elif spec.kind in (FieldKind.TEXT, FieldKind.URL, FieldKind.LOCALE):
            line = QLineEdit(self)
            placeholder = {FieldKind.URL: "https://", FieldKind.LOCALE: "en_US"}.get(spec.kind, tr(spec.label))
            line.setPlaceholderText(placeholder)
            line.textChanged.connect(self._emit)
            widget = line
        elif spec.kind is FieldKind.BOOL and spec.required and spec.default is None:
            widget = YesNoChoice(tr(spec.label), self)
            widget.changed.connect(self._emit_raw)
        elif spec.kind is FieldKind.BOOL:
            box = QCheckBox(tr(spec.label), self)
            box.toggled.connect(self._emit_raw)
            self.title.hide()
            widget = box
        else:  # a board picker is supplied by the tab
            widget = QWidget(self)
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(tr(spec.help))
        return widget

    def _emit(self, text: str) -> None:
        if not self._setting:
            self.changed.emit(text if text.strip() else None)

    def _emit_raw(self, value: Any) -> None:
        if not self._setting:
            self.changed.emit(value)

    # --- value -----------------------------------------------------------------------------

    def set_value(self, value: Any) -> None:
        """Show ``value`` without emitting ``changed``."""
        self._setting = True
        try:
            editor = self.editor
            if isinstance(editor, QPlainTextEdit):
                if editor.toPlainText() != (value or ""):
                    editor.setPlainText(value or "")
            elif isinstance(editor, QLineEdit):
                if editor.text() != (value or ""):
                    editor.setText(value or "")
            elif isinstance(editor, YesNoChoice):
                editor.set_value(value)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
        finally:
            self._setting = False

    def set_counts(self, counts: list[Count]) -> None:
        """Update the counter."""
        if counts:
            self.counter.set_counts(counts)

    def set_problems(self, messages: list[str]) -> None:
        """Show the problems of this field."""
        self.problem.set_messages(messages)


class YesNoChoice(QWidget):
    """A required yes/no question with nothing chosen at first (no default: the person must answer)."""

    changed = Signal(object)

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.yes = QRadioButton(tr("Yes"), self)
        self.no = QRadioButton(tr("No"), self)
        self.yes.setAccessibleName(tr("{label}: yes", label=label))
        self.no.setAccessibleName(tr("{label}: no", label=label))
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        layout.addStretch(1)
        self.yes.toggled.connect(lambda on: on and self.changed.emit(True))
        self.no.toggled.connect(lambda on: on and self.changed.emit(False))

    def value(self) -> bool | None:
        """True, False, or None when nothing is chosen."""
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: bool | None) -> None:
        """Choose ``value`` (``None`` clears the choice)."""
        if value is None:
            self.group.setExclusive(False)
            self.yes.setChecked(False)
            self.no.setChecked(False)
            self.group.setExclusive(True)
        else:
            (self.yes if value else self.no).setChecked(True)


def muted(label: QLabel) -> QLabel:
    """Draw ``label`` in the palette's placeholder colour (secondary text); follows scheme changes."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def heading(text: str, parent: QWidget) -> QLabel:
    """A bold label naming a part of the composer ("Post to", "Text", "Media", "When")."""
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def fit_to_screen(widget: QWidget, width_em: float, height_em: float) -> None:
    """Size ``widget`` roomily from its font, never larger than the screen it opens on."""
    width, height = em(widget, width_em), em(widget, height_em)
    screen = widget.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, round(room.width() * 0.95)), min(height, round(room.height() * 0.92))
    widget.resize(width, height)


def hold_wrapped_height(widget: QWidget) -> None:
    """Make ``widget``'s minimum height what its wrapped content takes at its current width.

    Qt's layouts leave height-for-width out of a window's minimum size, so a wrapped row (platform
    buttons on two lines, a problem list) would squeeze its neighbours (the media tiles) instead of
    growing the window. Call it from ``resizeEvent`` and after the content changes.
    """
    if widget.width() < widget.fontMetrics().height() * 12:
        return  # not laid out yet (Qt's placeholder width is 100 px): its real width comes with a resize

    layout = widget.layout()
    if layout is not None and layout.hasHeightForWidth():
        need = layout.heightForWidth(widget.width())
    elif widget.hasHeightForWidth():
        need = widget.heightForWidth(widget.width())
    else:
        return
    if need > 0 and need != widget.minimumHeight():
        widget.setMinimumHeight(need)
