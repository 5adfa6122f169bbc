"""Checks shared by the accessibility tests: unnamed controls, the Tab chain, WCAG contrast."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from ui.uihelpers import until  # noqa: F401  (re-exported for the tests here)

#: The kinds of control a keyboard or screen-reader user operates.
INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QAbstractSlider,
               QAbstractItemView, QTabBar)


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces for ``widget``, counting only names a person gave it.

    Qt's accessibility interface is not the authority here: for a combo box or tab bar without a
    name it reports the current item's text ("Next 30 days"), which says nothing of what the
    control does. So: the accessible name; for a button its text; else the text of a label whose
    buddy is the widget (Qt announces that).
    """
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return widget.text().replace("&", "").strip()
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.text().replace("&", "").strip():
            return label.text().replace("&", "").strip()
    return ""


def _is_part_of_named_control(widget: QWidget) -> bool:
    """A line edit inside a combo box, the arrows of a spin box, a scroll bar of a view: named by their owner."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractButton):
            return True
        parent = parent.parentWidget()
    return False


def is_control(widget: QWidget) -> bool:
    """An interactive control, or any other widget Tab stops on (a painted editor, a scroll area), but a label
    or a widget that hands its focus to another (a tab widget's tab bar).

    (A label Tab reaches for its links is read out by its text.)
    """
    if isinstance(widget, INTERACTIVE):
        return True
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None
            and not isinstance(widget, QLabel))


def unnamed_controls(root: QWidget) -> list[str]:
    """Describe each visible, focusable control under ``root`` that has no accessible name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not is_control(widget) or not widget.isVisible():
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or _is_part_of_named_control(widget):
            continue
        if not accessible_name(widget):
            path, parent = [], widget.parentWidget()
            while parent is not None and parent is not root and len(path) < 3:
                path.append(parent.objectName() or type(parent).__name__)
                parent = parent.parentWidget()
            found.append(f"{type(widget).__name__} {widget.objectName()!r} in {'/'.join(reversed(path))}")
    return found


def focus_chain(start: QWidget) -> list[QWidget]:
    """The widgets after ``start`` in its window's Tab chain, once round."""
    chain, widget = [], start.nextInFocusChain()
    while widget is not start and len(chain) < 5000:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def tab_stops(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits in ``window``, in order: visible, enabled, accepting Tab focus.

    (Qt's Tab skips a widget with a focus proxy, such as a tab widget: its proxy is in the chain.)
    """
    return [w for w in focus_chain(window) if w.isVisibleTo(window) and w.isEnabled() and w.focusProxy() is None
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is window]


def _channel(value: float) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: QColor | str) -> float:
    """WCAG 2.x relative luminance of an opaque sRGB colour."""
    c = QColor(color)
    return 0.2126 * _channel(c.red()) + 0.7152 * _channel(c.green()) + 0.0722 * _channel(c.blue())


def contrast_ratio(fg: QColor | str, bg: QColor | str) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 to 21."""
    a, b = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)




def reading_order_problems(stops: list[QWidget], top: QWidget) -> list[str]:
    """Where Tab goes against the reading order (left to right along a row, then down), among ``stops``.

    Two controls are on one row when their vertical extents (in ``top``'s coordinates) overlap; on one
    row the next must be to the right, else it must be lower down.
    """
    def rect(w: QWidget) -> tuple[int, int, int, int]:
        p = w.mapTo(top, w.rect().topLeft())
        return p.x(), p.y(), p.x() + w.width(), p.y() + w.height()

    problems = []
    for a, b in itertools.pairwise(stops):
        (ax, ay, ax2, ay2), (bx, by, bx2, by2) = rect(a), rect(b)
        same_row = by < ay2 and ay < by2
        ok = (bx + bx2) > (ax + ax2) if same_row else (by + by2) > (ay + ay2)
        if not ok:
            problems.append(f"{accessible_name(a) or type(a).__name__} -> {accessible_name(b) or type(b).__name__}")
    return problems
