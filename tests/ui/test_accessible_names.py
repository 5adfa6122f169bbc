"""Every interactive control of the main window and its dialogs has an accessible name (what a screen
reader says), in English and under the pseudo-locale; the toolbar's overflow button too."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
        QToolButton,
    QWidget,
)

from dashdesk.i18n import install
from dashdesk.services.session import Session
from dashdesk.ui.bulk.export_dialog import ExportDialog
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.planning.schedule_dialog import PostingScheduleDialog
from dashdesk.ui.planning.series_dialog import SeriesDialog
from dashdesk.ui.settings_dialog import SettingsDialog
from dashdesk.ui.shortcuts_window import ShortcutsWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox,
               QAbstractSlider, QAbstractItemView, QTabBar)
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def spoken_name(widget: QWidget) -> str:
    """What assistive technology reads as the control's name."""
    iface = QAccessible.queryAccessibleInterface(widget)
    name = iface.text(QAccessible.Text.Name) if iface is not None else ""
    return (name or widget.accessibleName() or "").strip()


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible, focusable interactive controls under ``root`` that have no spoken name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(widget, QToolButton):
            continue
        if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            continue  # the line edit inside a combo box or spin box is part of the named control
        if not spoken_name(widget):
            found.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'}")
    return found


def dialogs(settings, main_window: MainWindow) -> list[QWidget]:
    """One of each dialog the main window opens, built the way the window builds them."""
    built = main_window.actions
    return [
        SettingsDialog(None, settings, Session(None, 144, "Acme Outdoor")),
        PostingScheduleDialog(144, PARIS, brand_name="Acme Outdoor", now=NOW),
        SeriesDialog(SimpleNamespace(client=None, brand_id=144, clock=lambda: NOW), PARIS),
        ExportDialog(None, start=datetime(2026, 12, 1, tzinfo=PARIS), end=datetime(2026, 12, 31, tzinfo=PARIS),
                     display_tz=PARIS),
        ShortcutsWindow(built),
    ]


@pytest.mark.parametrize("language", ["en", "en_XA"])
def test_every_control_has_a_spoken_name(qtbot, main_window, settings, language: str) -> None:
    install(language)
    try:
        assert unnamed_controls(main_window) == []
        for dialog in dialogs(settings, main_window):
            qtbot.addWidget(dialog)
            dialog.show()
            assert unnamed_controls(dialog) == [], type(dialog).__name__
            dialog.close()
    finally:
        install("en")


def test_clear_buttons_of_fields_are_named(qtbot, main_window) -> None:
    """Qt's clear button inside a search field has no name of its own; DashDesk gives it one."""
    main_window.filters.search.setText("launch")
    buttons = [b for b in main_window.filters.search.findChildren(QToolButton) if b.isVisibleTo(main_window)]
    assert buttons, "the search field shows a clear button once it has text"
    names = sorted(spoken_name(b) for b in buttons)
    assert names == ["Clear search", "Search posts"]  # the clear button and the magnifier
