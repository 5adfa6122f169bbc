"""Offer, at start, to restore composers that a crash or a kill left behind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.i18n.formats import date_text, time_text
from dashdesk.store.autosave import RestoreEntry, discard, pending_restores

from .state import ComposerState
from .widgets import em, muted


class RestoreDialog(QDialog):
    """Lists unsaved posts from last time; ``restoreRequested(RestoreEntry)`` for each one to reopen."""

    restoreRequested = Signal(object)

    def __init__(self, entries: list[RestoreEntry], parent: QWidget | None = None,
                 tz: tzinfo | None = None) -> None:
        """``tz``: the display time zone chosen in Settings (times are shown in it, with its name)."""
        super().__init__(parent)
        self.entries = list(entries)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(tr("Restore unsaved posts?"))
        self.setAccessibleName(tr("Restore unsaved posts"))
        layout = QVBoxLayout(self)
        head = QLabel(tr("DashDesk closed before these posts were saved. Restore them to keep working?"), self)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Unsaved posts"))
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setSpacing(max(2, em(self, 0.25)))
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        for entry in self.entries:
            local = entry.saved_at.astimezone(tz)
            when = f"{date_text(local, 'weekday_day_month')}, {time_text(local)} {local.tzname() or ''}".rstrip()
            item = QListWidgetItem(entry.summary + "\n" + tr("last saved {when}", when=when))
            item.setData(Qt.ItemDataRole.UserRole, entry.session_id)
            item.setSelected(True)
            self.list.addItem(item)
        self.list.selectAll()
        layout.addWidget(self.list, 1)
        layout.addWidget(muted(QLabel(tr("Discarded posts can't be brought back."), self)))
        buttons = QHBoxLayout()
        self.discard_button = QPushButton(tr("Discard selected"), self)
        self.discard_button.setAccessibleName(tr("Discard the selected unsaved posts"))
        self.later_button = QPushButton(tr("Ask next time"), self)
        self.later_button.setAccessibleName(tr("Keep them and ask next time"))
        self.restore_button = QPushButton(tr("Restore selected"), self)
        self.restore_button.setAccessibleName(tr("Restore the selected unsaved posts"))
        self.restore_button.setDefault(True)
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.discard_button.clicked.connect(self.discard_selected)
        self.later_button.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.resize(em(self, 36), em(self, 18))

    def selected(self) -> list[RestoreEntry]:
        """The entries chosen in the list."""
        ids = {i.data(Qt.ItemDataRole.UserRole) for i in self.list.selectedItems()}
        return [e for e in self.entries if e.session_id in ids]

    def restore_selected(self) -> None:
        """Reopen the selected posts (each in a composer) and close."""
        for entry in self.selected():
            self.restoreRequested.emit(entry)
        self.accept()

    def discard_selected(self) -> None:
        """Delete the selected autosaves; close when none are left."""
        for entry in self.selected():
            discard(entry.session_id, entry.path.parent)
            self.entries.remove(entry)
        for row in reversed(range(self.list.count())):
            if self.list.item(row).isSelected():
                self.list.takeItem(row)
        if not self.entries:
            self.accept()


def state_of(entry: RestoreEntry) -> ComposerState:
    """The composer state saved in ``entry``."""
    return ComposerState.from_json(entry.state)


def offer_restores(parent: QWidget | None, open_state: Callable[[ComposerState], Any],
                   entries: list[RestoreEntry] | None = None, tz: tzinfo | None = None) -> RestoreDialog | None:
    """Open (non-blocking) the restore offer if a previous run left unsaved composers.

    ``open_state(state)`` is called for each one the person restores; it should open a
    ``ComposerDialog(..., state=state)``. Returns the dialog, or ``None`` when nothing is pending.
    """
    entries = pending_restores() if entries is None else entries
    if not entries:
        return None
    dialog = RestoreDialog(entries, parent, tz)
    dialog.restoreRequested.connect(lambda entry: open_state(state_of(entry)))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def restore_composers(parent: QWidget | None, client: Any, brand_id: int, tz: Any, *, service: Any = None,
                      entries: list[RestoreEntry] | None = None,
                      open_state: Callable[[ComposerState], Any] | None = None) -> RestoreDialog | None:
    """What the app calls once at start: offer to restore, and open a composer for each restored post.

    Only posts written for ``brand_id`` are offered (others wait until that brand is chosen).
    ``open_state(state)`` opens one restored composer; the app passes its window's
    ``open_composer(state=...)`` so a restored composer shares the window's media hub and is the one
    the Media panel attaches to. By default a ``ComposerDialog`` on ``client`` is opened.
    """
    from .dialog import ComposerDialog

    if entries is None:
        entries = [e for e in pending_restores() if e.state.get("brand_id") in (None, brand_id)]

    def open_dialog(state: ComposerState) -> None:
        dialog = ComposerDialog(client, brand_id, tz, service=service, state=state, parent=parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    return offer_restores(parent, open_state or open_dialog, entries, zone)


def keep_open_composers(widgets: list[QWidget] | None = None) -> int:
    """At exit: autosave every composer still open with unsaved work (offered for restore next start).

    Returns how many were written. ``widgets`` defaults to every widget of the application.
    """
    from PySide6.QtWidgets import QApplication

    from .dialog import ComposerDialog

    found = widgets if widgets is not None else QApplication.allWidgets()
    kept = 0
    for widget in found:
        if isinstance(widget, ComposerDialog) and widget.keep_for_restore():
            kept += 1
    return kept
