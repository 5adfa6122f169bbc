"""Every control of the composer has an accessible name, and Tab follows the reading order."""

from __future__ import annotations

from accessibility.a11y_helpers import focus_chain
from composer_helpers import NOW
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from dashdesk.ui.composer import ComposerDialog


def test_controls_have_accessible_names(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram", "youtube", "pinterest", "snapchat"],
                            autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    unnamed = []
    for widget in dialog.findChildren(QWidget):
        if not isinstance(widget, QAbstractButton | QComboBox | QLineEdit | QPlainTextEdit):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.parent() is None:
            continue
        if isinstance(widget.parent(), QComboBox | QAbstractButton | QAbstractSpinBox):
            continue  # parts of a named control
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text):
            unnamed.append(f"{type(widget).__name__} {widget.objectName()}")
    assert unnamed == []


def test_tab_order_follows_reading_order(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram"], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    chain = focus_chain(dialog)
    order = [dialog.platform_buttons["instagram"], dialog.editor, dialog.media.add_button, dialog.tabs,
             dialog.mode_buttons[next(iter(dialog.mode_buttons))], dialog.time_edit, dialog.cancel_button,
             dialog.save_button]
    positions = [chain.index(w) for w in order]
    assert positions == sorted(positions)
