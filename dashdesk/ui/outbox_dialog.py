"""OutboxEntryDialog: what a "Waiting to send" post is, where it stands, and Try now / Remove.

Opened (with ``open()``) when the person opens a waiting post in the calendar. The dialog only
asks; ``OutboxService.retry`` and ``discard`` do the work (see ``ui.post_actions``).
"""

from __future__ import annotations

from enum import StrEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.i18n.formats import date_text, time_text
from dashdesk.platforms import parse_timestamp, rules_for
from dashdesk.services.outbox import describe
from dashdesk.store.outbox import CHECK, REFUSED, OutboxEntry
from dashdesk.ui import icons


class OutboxAction(StrEnum):
    """What the person asked for."""

    TRY_NOW = "try_now"
    REMOVE = "remove"
    CLOSE = "close"


def _label(text: str, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    return label


class OutboxEntryDialog(QDialog):
    """One waiting post: its platform, time and text, where it stands, and what can be done.

    Removing asks once more in place (the post was never sent: it is gone for good).
    ``chosen(OutboxAction)`` is emitted when the dialog closes.
    """

    chosen = Signal(object)

    def __init__(self, entry: OutboxEntry, text: str, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.action = OutboxAction.CLOSE
        name = rules_for(entry.platform).name
        self.setWindowTitle(tr("Waiting to send"))
        self.setAccessibleName(tr("{name} post waiting to send", name=name))
        line = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(line, line, line, line)
        layout.setSpacing(round(line * 0.5))
        when = parse_timestamp(entry.timestamp)
        local = when.astimezone(tz) if when else None
        at = (f"{date_text(local, 'weekday_day_month')} {local.year}, {time_text(local)} {local.tzname()}" if local
              else tr("no time set"))
        layout.addWidget(_label(tr("{name} post · {when}", name=name, when=at), bold=True))
        self.status = _label(describe(entry))
        layout.addWidget(self.status)
        body = _label(text or "(no text)")
        body.setAccessibleName(tr("Post text"))
        layout.addWidget(body)
        self.confirm = _label(tr("Remove this post from DashDesk? It was never sent to Dash, so it will be gone."))
        self.confirm.hide()
        layout.addWidget(self.confirm)
        layout.addStretch(1)

        buttons = QDialogButtonBox(self)
        try_text = (tr("Send as new post") if entry.state == CHECK else tr("Try again") if entry.state == REFUSED
                    else tr("Try now"))
        self.try_now = QPushButton(icons.icon("cloud-arrow-up"), try_text)
        self.try_now.setToolTip(tr("Send it to Dash now") if entry.state != CHECK else
                                tr("You checked Dash and it is not there: send it again"))
        self.remove = QPushButton(icons.icon("trash"), tr("Remove…"))
        self.remove.setToolTip(tr("Remove it from DashDesk without sending it"))
        self.close_button = QPushButton(tr("Close"))
        self.close_button.setDefault(True)
        buttons.addButton(self.try_now, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.remove, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.try_now.clicked.connect(lambda: self._finish(OutboxAction.TRY_NOW))
        self.remove.clicked.connect(self._remove_clicked)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _r: self.chosen.emit(self.action))
        self.resize(max(self.sizeHint().width(), line * 32), self.sizeHint().height())

    def _remove_clicked(self) -> None:
        if not self.confirm.isVisible():
            self.confirm.show()
            self.remove.setText(tr("Remove it"))
            self.remove.setAccessibleName(tr("Confirm removing it"))
            return
        self._finish(OutboxAction.REMOVE)

    def _finish(self, action: OutboxAction) -> None:
        self.action = action
        self.accept()

    def reject(self) -> None:
        """Close: nothing changes."""
        self.action = OutboxAction.CLOSE
        super().reject()
