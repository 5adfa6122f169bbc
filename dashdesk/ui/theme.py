"""Fusion style with a palette that follows the system's light or dark colour scheme."""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

_LIGHT = {
    QPalette.ColorRole.Window: "#f4f5f7",
    QPalette.ColorRole.WindowText: "#1d1f23",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f0f2f5",
    QPalette.ColorRole.Text: "#1d1f23",
    QPalette.ColorRole.PlaceholderText: "#5e6269",  # 4.5:1 on selected rows too
    QPalette.ColorRole.Button: "#fbfbfc",
    QPalette.ColorRole.ButtonText: "#1d1f23",
    QPalette.ColorRole.Highlight: "#2f6fde",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1d1f23",
    QPalette.ColorRole.Link: "#1f5fc4",
    QPalette.ColorRole.Mid: "#c9cdd3",
    QPalette.ColorRole.Midlight: "#e3e6ea",
    QPalette.ColorRole.Dark: "#9aa0a8",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Shadow: "#5a5f66",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Accent: "#2f6fde",
}
_DARK = {
    QPalette.ColorRole.Window: "#202226",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#17181b",
    QPalette.ColorRole.AlternateBase: "#24262b",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#9aa0a8",
    QPalette.ColorRole.Button: "#2b2e33",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#2570ed",  # white on it 4.5:1 (#4d8af0 was 3.4:1)
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2b2e33",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.Mid: "#43474e",
    QPalette.ColorRole.Midlight: "#363a40",
    QPalette.ColorRole.Dark: "#5f646c",
    QPalette.ColorRole.Light: "#4a4e55",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Accent: "#4d8af0",
}


def build_palette(dark: bool) -> QPalette:
    """Return the DashDesk palette for the light or dark scheme."""
    pal = QPalette()
    for role, hex_ in (_DARK if dark else _LIGHT).items():
        pal.setColor(role, QColor(hex_))
    disabled = QColor("#7d828a") if dark else QColor("#9aa0a8")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def system_is_dark() -> bool:
    """Whether the system asks for a dark scheme (``DASHDESK_COLOR_SCHEME=dark|light`` overrides)."""
    forced = os.environ.get("DASHDESK_COLOR_SCHEME", "").lower()
    if forced in {"dark", "light"}:
        return forced == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's by default) is a dark one."""
    pal = palette or QGuiApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


class FusionStyle(QProxyStyle):
    """Fusion, with the rims of unticked radio buttons and check boxes visible on dark palettes.

    Fusion draws those rims in the window colour darkened by 40%, which on a dark palette is the
    colour of the field behind them: an unselected radio button all but disappears (issue 20).
    """

    _INDICATORS = (QStyle.PrimitiveElement.PE_IndicatorRadioButton, QStyle.PrimitiveElement.PE_IndicatorCheckBox)
    #: Window colour handed to Fusion for the rim only: darkened by 40% it gives a grey of ~#63676e.
    DARK_RIM_SOURCE = "#8a9099"

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        """Draw ``element``; on a dark palette an indicator gets a rim that stands out from its field."""
        if element in self._INDICATORS and is_dark(option.palette):
            option = type(option)(option)
            option.palette.setColor(QPalette.ColorRole.Window, QColor(self.DARK_RIM_SOURCE))
        super().drawPrimitive(element, option, painter, widget)


class ThemeWatcher(QObject):
    """Applies the palette now and again whenever the system colour scheme changes."""

    changed = Signal(bool)  # dark

    def __init__(self, app: QApplication, set_style: bool = True) -> None:
        super().__init__(app)
        self._app = app
        if set_style:
            app.setStyle("Fusion")
        self.apply()
        app.styleHints().colorSchemeChanged.connect(self.apply)

    def apply(self, *_: object) -> None:
        """Install the palette matching the current scheme and tell listeners."""
        dark = system_is_dark()
        if dark and not isinstance(self._app.style(), FusionStyle):
            self._app.setStyle(FusionStyle("Fusion"))  # only when dark: start-up in light pays nothing
        self._app.setPalette(build_palette(dark))
        self.changed.emit(dark)


def install_theme(app: QApplication, set_style: bool = True) -> ThemeWatcher:
    """Set Fusion and the scheme-following palette on ``app``; returns the watcher (owned by app).

    ``set_style=False`` when the application was created with ``FUSION_ARGS`` (style already set).
    """
    return ThemeWatcher(app, set_style)


FUSION_ARGS = ["-style", "fusion"]
"""QApplication arguments selecting Fusion: cheaper at start-up than ``setStyle("Fusion")``, whose
returned QStyle makes the binding build the QStyle class and its enums (~6 ms)."""
