"""The window's account side: settings, brand switching, sign-out, the window title, About.

Brand switching and sign-out are not done here: they are asked for upward by signal
(``brandSwitchRequested``, ``signOutRequested``) and the application shell, which owns sessions,
swaps the window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from dashdesk import __version__
from dashdesk.i18n import tr
from dashdesk.platforms.premium import set_x_premium_brands
from dashdesk.services.session import Session
from dashdesk.settings import Settings


class SessionController(QObject):
    """Opens Settings and About, reads display settings back, names the window."""

    signOutRequested = Signal()
    signOutAndForgetRequested = Signal()  # sign out and remove this account's local data
    brandSwitchRequested = Signal(int)
    displaySettingsChanged = Signal()  # zone or first weekday changed in Settings

    def __init__(self, window: QMainWindow, session: Session, settings: Settings,
                 title: Callable[[], str]) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.settings = settings
        self._title = title
        self.dialog: Any = None
        self.apply_x_premium()

    def open_settings(self) -> None:
        """Open the settings dialog (non-blocking)."""
        from dashdesk.ui.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.window, self.settings, self.session)
        dlg.applied.connect(self.apply_x_premium)
        dlg.applied.connect(self.displaySettingsChanged)
        dlg.brandChosen.connect(self.brand_chosen)
        dlg.signOut.connect(self.signOutRequested)
        dlg.signOutAndForget.connect(self.signOutAndForgetRequested)
        dlg.open()
        self.dialog = dlg

    def apply_x_premium(self) -> None:
        """Tell the rules which brands' X accounts have Premium (X's limit is then 25,000)."""
        brands = [int(b) for b in self.settings.x_premium_brands if str(b).isdigit()]
        set_x_premium_brands(brands, self.session.brand_id)

    def brand_chosen(self, brand_id: int) -> None:
        """A brand picked in the toolbar or Settings: ask for the switch unless it is the shown one."""
        if brand_id != self.session.brand_id:
            self.brandSwitchRequested.emit(brand_id)

    def update_title(self, nav: Any) -> None:
        """The calendar title in the toolbar, the sandbox badge, and the window title."""
        nav.title.setText(self._title())
        brand = self.session.brand_label()
        nav.sandbox_badge.setVisible(self.session.is_sandbox)
        if self.session.is_sandbox:
            self.window.setWindowTitle(tr(
                    "DashDesk — SANDBOX (demo data, nothing is published) — {brand}",
                    brand=brand,
                ))
        else:
            self.window.setWindowTitle(tr("DashDesk — {brand}", brand=brand))

    def about(self) -> None:
        """Show the About box (non-blocking)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, tr("About DashDesk"),
                          f"<b>DashDesk {__version__}</b><br>" + tr("Plan and schedule social posts with the Dash "
                          "Social API.") + "<br><br>" + tr("Icons: Bootstrap Icons (MIT)."),
                          QMessageBox.StandardButton.Ok, self.window)
        box.open()
