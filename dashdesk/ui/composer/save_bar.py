"""The foot of the composer: what the last save did, and the buttons (send again anyway, Cancel, Save)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.ui.icons import icon


class SaveBar(QWidget):
    """Save results above Cancel and Save; "Send again anyway…" appears when an outcome is unknown.

    The buttons' ``clicked`` signals are the bar's signals; the methods show a save's progress.
    """

    def __init__(self, spacing: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(spacing)
        self.results_label = QLabel(self)
        self.results_label.setWordWrap(True)
        self.results_label.setTextFormat(Qt.TextFormat.PlainText)
        self.results_label.setAccessibleName(tr("Save results"))
        self.results_label.hide()
        outer.addWidget(self.results_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setAccessibleName(tr("Cancel"))
        self.save_button = QPushButton(icon("send", role=QPalette.ColorRole.ButtonText), tr("Save"), self)
        self.save_button.setDefault(True)
        self.save_button.setAccessibleName(tr("Save"))
        self.force_button = QPushButton(tr("Send again anyway…"), self)
        self.force_button.setAccessibleName(tr("Send the posts of unknown outcome again anyway"))
        self.force_button.setToolTip(tr("Only if you checked in Dash that these posts were not created."))
        self.force_button.hide()
        buttons.addWidget(self.force_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)

    def set_save_text(self, text: str) -> None:
        """Name what Save does ("Schedule", "Retry X", "Save changes"...)."""
        self.save_button.setText(text)
        self.save_button.setAccessibleName(text)

    def show_saving(self) -> None:
        """A save started: nothing can be pressed until it ends."""
        self.save_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.show_lines(["Saving…"])

    def show_failed(self, message: str) -> None:
        """Saving stopped on an unexpected error: say so; Cancel works again."""
        self.cancel_button.setEnabled(True)
        self.show_lines([message])

    def show_lines(self, lines: list[str]) -> None:
        """Show what the save did, one line per platform."""
        self.results_label.setText("\n".join(lines))
        self.results_label.show()
