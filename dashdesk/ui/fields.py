"""Small helpers shared by input fields."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QToolButton

from dashdesk.i18n import tr


def enable_clear_button(edit: QLineEdit, what: str | None = None) -> None:
    """Turn on ``edit``'s clear button and give it a name: Qt leaves it unnamed, so a screen reader
    would announce a nameless button. ``what`` is what it clears ("Clear search"); default "Clear"."""
    edit.setClearButtonEnabled(True)
    name = what or tr("Clear")
    action = edit.findChild(QAction, "_q_qlineeditclearaction")
    if action is not None:
        action.setText(name)
        action.setToolTip(name)
    for button in edit.findChildren(QToolButton):
        button.setAccessibleName(name)
        button.setToolTip(name)
