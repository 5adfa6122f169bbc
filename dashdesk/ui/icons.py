"""Bootstrap Icons (MIT) from ``resources/icons``, tinted from the palette, and platform badges."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap

from dashdesk.paths import resources_dir
from dashdesk.platforms import rules_for

ICON_DIR = resources_dir() / "icons"



def platform_name(platform: str) -> str:
    """Return the display name of a platform ("X" for twitter)."""
    return rules_for(platform).name


def platform_icon_name(platform: str) -> str:
    """Return the Bootstrap Icons name of the platform's mark."""
    return rules_for(platform).icon


def platform_accent(platform: str, dark: bool = False) -> QColor:
    """Return the platform's accent colour; black marks become light in dark mode."""
    color = QColor(rules_for(platform).accent)
    if dark and color.lightness() < 40:
        return QColor("#e6e6e6")
    return color


def _is_dark() -> bool:
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


@lru_cache(maxsize=256)
def _svg_bytes(name: str, color: str) -> bytes:
    text = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    return text.replace("currentColor", color).encode("utf-8")


def render_svg(name: str, size: int, color: QColor, dpr: float = 1.0) -> QPixmap:
    """Render the monochrome SVG ``name`` at ``size`` logical pixels in ``color``."""
    return _render(name, size, color.name(QColor.NameFormat.HexArgb), round(dpr * 100))


@lru_cache(maxsize=1024)
def _render(name: str, size: int, color: str, dpr100: int) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer  # imported on first use: it costs start-up time

    dpr = dpr100 / 100
    renderer = QSvgRenderer(QByteArray(_svg_bytes(name, _hex_rgb(color))))
    pm = QPixmap(max(1, round(size * dpr)), max(1, round(size * dpr)))
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setOpacity(QColor(color).alphaF())
    renderer.render(p, QRectF(0, 0, pm.width(), pm.height()))
    p.end()
    pm.setDevicePixelRatio(dpr)
    return pm


def _hex_rgb(argb: str) -> str:
    return "#" + argb[-6:] if len(argb) == 9 else argb


class _TintedSvgEngine(QIconEngine):
    """Renders a monochrome SVG when Qt asks for a size (nothing rendered up front).

    Without a fixed ``color`` the glyph takes the palette's ``role`` colour at paint time, so icons
    follow a change between the light and dark schemes.
    """

    def __init__(self, render: Callable[[int, QColor, float], QPixmap], color: QColor | None = None,
                 role: QPalette.ColorRole = QPalette.ColorRole.WindowText, fade_off: bool = False) -> None:
        super().__init__()
        self._render = render
        self._fixed = QColor(color) if color is not None else None
        self._role = role
        self._fade_off = fade_off

    def _color(self, mode: QIcon.Mode) -> QColor:
        pal = QGuiApplication.palette()
        if mode == QIcon.Mode.Disabled:
            return pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        return self._fixed if self._fixed is not None else pal.color(self._role)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        pm = self._render(min(size.width(), size.height()), self._color(mode), scale)
        if self._fade_off and state == QIcon.State.Off:
            faded = QPixmap(pm.size())
            faded.setDevicePixelRatio(pm.devicePixelRatio())
            faded.fill(Qt.GlobalColor.transparent)
            p = QPainter(faded)
            p.setOpacity(0.3)
            p.drawPixmap(0, 0, pm)
            p.end()
            return faded
        return pm

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        # The device transform holds the device pixel ratio. (painter.device() would cost ~25 ms at
        # start-up when the device is a Qt-private widget, e.g. a line edit's action button: the
        # binding then resolves its Python type through every paint device class.)
        t = painter.deviceTransform()
        dpr = math.hypot(t.m11(), t.m12()) or 1.0
        pm = self.scaledPixmap(rect.size(), mode, state, dpr)
        painter.drawPixmap(QRectF(rect), pm, QRectF(pm.rect()))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def clone(self) -> QIconEngine:
        return _TintedSvgEngine(self._render, self._fixed, self._role, self._fade_off)


def icon(name: str, color: QColor | None = None, role: QPalette.ColorRole = QPalette.ColorRole.WindowText) -> QIcon:
    """Return a QIcon of a UI glyph tinted with ``color`` or (live) the palette's ``role`` colour.

    It renders lazily at the size asked for; the disabled mode uses the palette's disabled text colour.
    """
    return QIcon(_TintedSvgEngine(lambda size, c, dpr: render_svg(name, size, c, dpr), color, role))


def platform_mark(platform: str, size: int, dpr: float = 1.0, dark: bool | None = None) -> QPixmap:
    """Return the platform's mark in its accent colour (light for black marks in dark mode)."""
    dark = _is_dark() if dark is None else dark
    return render_svg(platform_icon_name(platform), size, platform_accent(platform, dark), dpr)


def platform_badge(platform: str, size: int, dpr: float = 1.0, dark: bool | None = None) -> QPixmap:
    """Return a small rounded badge: the accent as background, the mark in a contrasting colour."""
    dark = _is_dark() if dark is None else dark
    return _badge(platform, size, round(dpr * 100), dark)


@lru_cache(maxsize=512)
def _badge(platform: str, size: int, dpr100: int, dark: bool) -> QPixmap:
    dpr = dpr100 / 100
    accent = platform_accent(platform, dark)
    luma = 0.299 * accent.red() + 0.587 * accent.green() + 0.114 * accent.blue()
    glyph = QColor("#111111") if luma > 160 else QColor("#ffffff")
    px = max(1, round(size * dpr))
    pm = QPixmap(px, px)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(accent)
    radius = px * 0.25
    p.drawRoundedRect(QRectF(0, 0, px, px), radius, radius)
    inset = px * 0.18
    mark = render_svg(platform_icon_name(platform), size, glyph, dpr)
    p.drawPixmap(QRectF(inset, inset, px - 2 * inset, px - 2 * inset), mark, QRectF(mark.rect()))
    p.end()
    pm.setDevicePixelRatio(dpr)
    return pm


def platform_icon(platform: str, *, fade_off: bool = False) -> QIcon:
    """Return a QIcon of the platform badge, rendered lazily at the size asked for.

    With ``fade_off`` the Off state (an unchecked toggle) is drawn faded.
    """
    return QIcon(_TintedSvgEngine(lambda size, _c, dpr: platform_badge(platform, size, dpr), fade_off=fade_off))


def clear_caches() -> None:
    """Forget rendered pixmaps (call when the palette changes)."""
    _render.cache_clear()
    _badge.cache_clear()
