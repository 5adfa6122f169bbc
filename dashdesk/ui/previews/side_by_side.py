"""Every chosen platform's preview next to each other, in a window of its own (non-modal)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea, QVBoxLayout, QWidget

from dashdesk.i18n import tr

from .from_state import preview_post
from .montage import PreviewMontage

REFRESH_MS = 150


class SideBySideDialog(QDialog):
    """All of the composer's chosen platforms as they will look; follows edits while open (``refresh``)."""

    def __init__(self, state: Any, brand: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.brand = brand
        self.setWindowTitle(tr("Preview on every platform"))
        self.setAccessibleName(tr("Previews side by side"))
        layout = QVBoxLayout(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.montage = PreviewMontage(self.scroll, columns=max(1, min(5, len(state.platforms) or 1)))
        self.scroll.setWidget(self.montage)
        self.scroll.setAccessibleName(tr("Previews of the chosen platforms"))
        layout.addWidget(self.scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self, singleShot=True, interval=REFRESH_MS, timeout=self.refresh_now)
        self.refresh_now()
        screen = self.screen().availableGeometry() if self.screen() else None
        want = self.montage.sizeHint()
        if screen is not None:
            self.resize(min(screen.width() * 9 // 10, want.width() + 40),
                        min(screen.height() * 9 // 10, want.height() + 80))

    def refresh(self) -> None:
        """Redraw soon (edits in the composer call this; bursts of typing draw once)."""
        self._timer.start()

    def refresh_now(self) -> None:
        """Redraw from the composer's state now."""
        posts = [preview_post(self.state, p, self.brand) for p in self.state.platforms]
        self.montage.show_posts(posts)


def open_side_by_side(state: Any, brand: str, parent: QWidget) -> SideBySideDialog:
    """Open (or bring forward) the side-by-side window of ``parent``'s composer."""
    dlg = getattr(parent, "_side_by_side", None)
    if isinstance(dlg, SideBySideDialog):
        dlg.refresh_now()
        dlg.raise_()
        dlg.activateWindow()
        return dlg
    dlg = SideBySideDialog(state, brand, parent)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.destroyed.connect(lambda *_: setattr(parent, "_side_by_side", None) if parent is not None else None)
    parent._side_by_side = dlg  # type: ignore[attr-defined]
    dlg.show()
    return dlg
