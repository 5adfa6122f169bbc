"""A dismissible banner above the calendar for load failures, offline state and refused changes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from dashdesk.i18n import tr
from dashdesk.ui import icons
from dashdesk.ui.calendar.chips import mix

KIND_ICON = {"error": "exclamation-triangle-fill", "offline": "wifi-off", "info": "exclamation-circle-fill",
             "paced": "hourglass-split"}
KIND_TONE = {"error": ("#b3261e", "#ff8e86"), "offline": ("#805300", "#ffcb5c"), "info": ("#1c5cb5", "#8ab8ff"),
             "paced": ("#1c5cb5", "#8ab8ff")}


class Banner(QFrame):
    """Icon, message, an optional action button and a close button."""

    actionClicked = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName(tr("Notice"))
        self.kind = "info"
        lay = QHBoxLayout(self)
        fm = self.fontMetrics()
        lay.setContentsMargins(fm.height() // 2, fm.height() // 4, fm.height() // 4, fm.height() // 4)
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton(self)
        self.action.clicked.connect(self.actionClicked)
        self.close_button = QToolButton(self)
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(tr("Dismiss"))
        self.close_button.setAccessibleName(tr("Dismiss notice"))
        self.close_button.clicked.connect(self.dismiss)
        lay.addWidget(self.icon)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.action)
        lay.addWidget(self.close_button)
        self.hide()

    def show_message(self, kind: str, text: str, action: str | None = None) -> None:
        """Show ``text``; ``kind`` is "error", "offline", "info" or "paced"; ``action`` labels the button."""
        self.kind = kind
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        light_hex, dark_hex = KIND_TONE.get(kind, KIND_TONE["info"])
        from PySide6.QtGui import QColor

        tone = QColor(dark_hex if dark else light_hex)
        base = self.palette().color(QPalette.ColorRole.Window)
        bg = mix(base, tone, 0.12)
        self.setStyleSheet(
            f"#banner {{ background: {bg.name()}; border: 1px solid {mix(base, tone, 0.45).name()};"
            " border-radius: 6px; }"
        )
        size = self.fontMetrics().height()
        self.icon.setPixmap(icons.render_svg(KIND_ICON.get(kind, "exclamation-circle-fill"), size, tone,
                                             self.devicePixelRatioF()))
        self.close_button.setIcon(icons.icon("x-lg"))
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.action.setVisible(action is not None)
        if action:
            self.action.setText(action)
            self.action.setAccessibleName(action)
        self.show()

    def dismiss(self) -> None:
        """Hide the banner."""
        self.hide()
        self.dismissed.emit()
