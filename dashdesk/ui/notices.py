"""The window's two places for words: the banner above the calendar and the status bar line.

Everything that tells the person what happened (a load that failed, being offline, a post moved or
refused) goes through one :class:`Notices`, so messages look and behave the same wherever they
come from.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QStatusBar, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.ui.banner import Banner


class Notices(QObject):
    """Owns the banner (in its padded box) and writes to the status bar."""

    def __init__(self, parent_widget: QWidget, status_bar: QStatusBar) -> None:
        super().__init__(parent_widget)
        self.status_bar = status_bar
        self.banner = Banner(parent_widget)
        box = QWidget(parent_widget)
        lay = QVBoxLayout(box)
        fm = parent_widget.fontMetrics()
        lay.setContentsMargins(fm.height() // 2, 0, fm.height() // 2, fm.height() // 3)
        lay.addWidget(self.banner)
        self.box = box
        self.banner.dismissed.connect(lambda: box.setVisible(False))
        box.hide()

    def show_banner(self, kind: str, text: str, action: str | None = None, kind_tag: str | None = None) -> None:
        """Show the banner; ``kind`` sets its look, ``kind_tag`` (default ``kind``) what it is about."""
        self.banner.show_message(kind, text, action)
        self.banner.kind = kind_tag or kind
        self.box.show()

    def hide_banner(self) -> None:
        """Hide the banner."""
        self.banner.hide()
        self.box.hide()

    def banner_about(self, *tags: str) -> bool:
        """Whether the banner is shown and about one of ``tags`` ("offline", "load", "error", ...)."""
        return self.banner.isVisible() and self.banner.kind in tags

    def show_error(self, text: str, action: str | None = None) -> None:
        """An error: in the banner and the status bar."""
        self.show_banner("error", text, action, kind_tag="error")
        self.status_bar.showMessage(text, 10_000)

    def show_key_not_saved(self) -> None:
        """Say, for as long as the window is open, that the API key will be forgotten on quitting."""
        label = QLabel(tr("Key not saved: you will sign in again next time"), self.status_bar)
        label.setObjectName("keyNotSaved")
        label.setToolTip(tr(
                "This computer has no usable keyring, so DashDesk keeps your API key only until it quits. Set up a "
                "keyring (such as GNOME Keyring or KWallet) to stay signed in."
            ))
        label.setAccessibleName(tr("API key not saved: it is forgotten when DashDesk quits"))
        self.status_bar.addPermanentWidget(label)
        self.key_not_saved = label

    def show_hint(self, text: str) -> None:
        """A short message in the status bar."""
        self.status_bar.showMessage(text, 8_000)
