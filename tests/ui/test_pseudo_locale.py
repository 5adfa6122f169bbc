"""Under the pseudo-locale (every message wrapped in ⟦ ⟧ and about 40% longer) the main window, the composer
and the main dialogs at 1024x700 show no text that skipped the catalog, and no button clips its words.

Text that is data, not a message, is allowed as it is: platform names, dates, time zones and numbers."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit, QWidget

from dashdesk.platforms import PLATFORM_IDS, rules_for

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr",
          "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "CET", "CEST", "Monday", "Tuesday", "Wednesday",
          "Thursday", "Friday", "Saturday", "Sunday")
#: Post type names stay as the platforms show them ("Feed post", "Reel", "Story"), like platform names.
POST_TYPE_WORDS = {word for p in PLATFORM_IDS for t in rules_for(p).post_types for word in t.label.split()}
DATA_WORDS = ({rules_for(p).name for p in PLATFORM_IDS} | set(MONTHS) | POST_TYPE_WORDS
              | {"UTC", "DashDesk", "Test", "brand"})
#: Qt's own buttons (a QDialogButtonBox's) are translated by Qt's shipped catalogs, not DashDesk's.
QT_WORDS = {"OK", "Cancel", "Save", "Close", "Apply", "Help", "Yes", "No"}
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)




def shown_text(widget: QWidget) -> str:
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QLineEdit):
        return widget.placeholderText()
    return ""


def outside_the_catalog(root: QWidget) -> list[str]:
    """Visible words under ``root`` that are neither a catalog message nor data."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        text = shown_text(widget)
        if not text or "⟦" in text or not widget.isVisibleTo(root) or text.replace("&", "") in QT_WORDS:
            continue
        text = re.sub(r"https?://\S+|<[^>]+>", "", text)  # addresses and rich-text tags are not words
        words = re.findall(r"[^\W\d_]+", re.sub(r"\b[A-Z][a-z]+/[A-Za-z_]+\b", "", text))
        if any(word not in DATA_WORDS for word in words):
            found.append(f"{type(widget).__name__}: {text[:70]!r}")
    return found


def clipped_labels(root: QWidget) -> list[str]:
    """Visible one-line labels whose words are wider than the room they have (a wrapping label makes room)."""
    found = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if (not text or not label.isVisibleTo(root) or label.wordWrap() or label.textFormat() == Qt.TextFormat.RichText
                or "<" in text or "\n" in text or label.width() == 0):
            continue
        shown = text.replace("&&", "\0").replace("&", "").replace("\0", "&")  # a mnemonic's & is not drawn
        need = label.fontMetrics().horizontalAdvance(shown)
        room = label.contentsRect().width() - label.margin() * 2 - label.indent() if label.indent() > 0 else \
            label.contentsRect().width() - label.margin() * 2
        if need > room + 1:
            found.append(f"QLabel {label.objectName()!r}: {text[:50]!r} needs {need} px, has {room}")
    return found


def overlapping_words(root: QWidget) -> list[str]:
    """Visible labels and buttons with words whose rectangles overlap another's (in the window)."""
    shown = [w for w in root.findChildren(QLabel) + root.findChildren(QAbstractButton)
             if w.isVisibleTo(root) and w.width() > 0 and (w.text() if hasattr(w, "text") else "")
             and not isinstance(w.parentWidget(), QLineEdit)]
    rects = [(w, w.rect().translated(w.mapTo(root, w.rect().topLeft()))) for w in shown]
    found = []
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a) or a.window() is not b.window():
                continue
            overlap = ra.intersected(rb)
            if overlap.width() > 2 and overlap.height() > 2:
                found.append(f"{a.text()[:30]!r} overlaps {b.text()[:30]!r}")
    return found


def clipped_buttons(root: QWidget) -> list[str]:
    """Visible buttons whose words are wider than the room they have."""
    found = []
    for button in root.findChildren(QAbstractButton):
        text = button.text().replace("&&", "&").replace("&", "")
        if not text or not button.isVisibleTo(root) or isinstance(button.parent(), QLineEdit):
            continue  # (a field's clear button and icons show no words)
        room = button.contentsRect().width() - (button.iconSize().width() + 8 if not button.icon().isNull() else 0)
        if button.fontMetrics().horizontalAdvance(text) > room:
            found.append(f"{type(button).__name__}: {text[:50]!r} needs {button.fontMetrics().horizontalAdvance(text)}"
                         f" px, has {room}")
    return found


def test_main_window_and_composer(qtbot, pseudo, main_window) -> None:
    from dashdesk.ui.composer import ComposerDialog

    assert outside_the_catalog(main_window) == []
    composer = ComposerDialog(None, 144, "UTC", platforms=["instagram", "youtube"], clock=lambda: NOW)
    qtbot.addWidget(composer)
    composer.resize(1024, 700)
    composer.show()
    assert outside_the_catalog(composer) == []


def test_dialogs(qtbot, pseudo, settings, main_window) -> None:
    from dashdesk.services.session import Session
    from dashdesk.ui.bulk.export_dialog import ExportDialog
    from dashdesk.ui.bulk.wizard import BulkImportWizard
    from dashdesk.ui.planning.schedule_dialog import PostingScheduleDialog
    from dashdesk.ui.planning.series_dialog import SeriesDialog
    from dashdesk.ui.settings_dialog import SettingsDialog
    from dashdesk.ui.shortcuts_window import ShortcutsWindow

    paris = ZoneInfo("Europe/Paris")
    for dialog in (SettingsDialog(None, settings, Session(None, 144, "Test brand")),
                   PostingScheduleDialog(144, paris, brand_name="Test brand", now=NOW),
                   SeriesDialog(SimpleNamespace(client=None, brand_id=144, clock=lambda: NOW), paris),
                   ShortcutsWindow(main_window.actions),
                   ExportDialog(None, start=datetime(2026, 12, 1, tzinfo=paris),
                                end=datetime(2026, 12, 31, tzinfo=paris), display_tz=paris),
                   BulkImportWizard(display_tz=paris, now=NOW)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert outside_the_catalog(dialog) == [], type(dialog).__name__
        assert clipped_labels(dialog) + clipped_buttons(dialog) == [], type(dialog).__name__
        dialog.close()


def test_no_button_clips_its_words_at_1024x700(qtbot, pseudo, main_window) -> None:
    from dashdesk.ui.composer import ComposerDialog

    composer = ComposerDialog(None, 144, "UTC", platforms=["instagram", "youtube"], clock=lambda: NOW)
    qtbot.addWidget(composer)
    composer.resize(1024, 700)
    composer.show()
    assert clipped_buttons(main_window) + clipped_buttons(composer) == []
    assert clipped_labels(main_window) + clipped_labels(composer) == []
