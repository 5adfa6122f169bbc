"""Painting of post chips, shared by the month and week views (geometry comes from layout.py)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap

from dashdesk.services.post import Post
from dashdesk.ui import icons
from dashdesk.ui.status import status_look

# Enum members looked up once: each ``QPalette.ColorRole.Base``-style lookup goes through Python's enum
# descriptors, and a month paints ~100 chips with a dozen of them each.
_WINDOW = QPalette.ColorRole.Window
_BASE = QPalette.ColorRole.Base
_HIGHLIGHT = QPalette.ColorRole.Highlight
_MID = QPalette.ColorRole.Mid
_TEXT = QPalette.ColorRole.Text
_ANTIALIAS = QPainter.RenderHint.Antialiasing
_NO_BRUSH = Qt.BrushStyle.NoBrush
_LEFT_VCENTER = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_DEMIBOLD = QFont.Weight.DemiBold
_TRANSPARENT = Qt.GlobalColor.transparent


@dataclass(frozen=True)
class ChipMetrics:
    """Sizes derived from the font, so a larger system font still fits."""

    height: int
    pad: int
    badge: int
    edge: int
    spacing: int

    @classmethod
    def for_font(cls, font: QFont) -> ChipMetrics:
        """Metrics for ``font``."""
        fm = QFontMetrics(font)
        pad = max(2, round(fm.height() * 0.22))
        return cls(height=fm.height() + 2 * pad, pad=pad, badge=fm.height() - 1, edge=max(3, pad - 1),
                   spacing=max(2, pad // 2 + 1))


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Blend ``a`` towards ``b`` by ``t`` (0..1)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _is_dark(pal: QPalette) -> bool:
    return pal.color(_WINDOW).lightness() < 128


def chip_background(pal: QPalette, selected: bool, accent: QColor) -> QColor:
    """The chip's fill: the base colour with a faint tint of the platform accent."""
    base = pal.color(_BASE)
    if selected:
        return mix(base, pal.color(_HIGHLIGHT), 0.22)
    return mix(base, accent, 0.06 if not _is_dark(pal) else 0.10)


def paint_chip(
    p: QPainter,
    rect: QRect,
    post: Post,
    tz: ZoneInfo,
    pal: QPalette,
    m: ChipMetrics,
    *,
    thumb: QPixmap | None = None,
    selected: bool = False,
    block: bool = False,
    ghost: bool = False,
) -> None:
    """Paint one post: accent edge, platform badge, local time, snippet, thumbnail, status.

    ``block`` paints the week-view form: status word and text on further lines when there is room.
    """
    dark = _is_dark(pal)
    accent = icons.platform_accent(post.platform, dark)
    look = status_look(post.status)
    status_color = look.color(dark)
    dpr = p.device().devicePixelRatioF() if p.device() else 1.0
    p.save()
    p.setRenderHint(_ANTIALIAS)
    if ghost:
        p.setOpacity(0.75)
    r = QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5)
    radius = min(5.0, r.height() / 3)
    path = QPainterPath()
    path.addRoundedRect(r, radius, radius)
    p.fillPath(path, chip_background(pal, selected, accent))
    border = pal.color(_HIGHLIGHT) if selected else pal.color(_MID)
    p.setPen(border)
    p.setBrush(_NO_BRUSH)
    p.drawPath(path)
    # accent edge
    p.setClipPath(path)
    p.fillRect(QRectF(r.left(), r.top(), m.edge, r.height()), accent)
    p.setClipping(False)

    fm = p.fontMetrics()
    text_color = pal.color(_TEXT)
    x = r.left() + m.edge + m.pad
    right = r.right() - m.pad
    line_top = r.top() + (m.height - m.badge) / 2 if block else r.top() + (r.height() - m.badge) / 2
    line_h = m.badge
    # status icon at the right end of the first line
    icon_size = m.badge
    status_pm = icons.render_svg(look.icon, icon_size, status_color, dpr)
    right -= icon_size
    p.drawPixmap(QRectF(right, line_top, icon_size, icon_size), status_pm, QRectF(status_pm.rect()))
    right -= m.pad
    # thumbnail
    thumb_size = int(min(r.height() - 2 * m.pad, m.height * 2.2 if block else m.height - 4))
    if thumb is not None and thumb_size >= 10 and (right - x) > thumb_size * 3:
        t_rect = QRectF(right - thumb_size, r.top() + (m.pad if block else (r.height() - thumb_size) / 2),
                        thumb_size, thumb_size)
        clip = QPainterPath()
        clip.addRoundedRect(t_rect, 3, 3)
        p.save()
        p.setClipPath(clip)
        p.drawPixmap(t_rect, thumb, QRectF(thumb.rect()))
        p.restore()
        right = t_rect.left() - m.pad
    # badge
    badge = icons.platform_badge(post.platform, m.badge, dpr, dark)
    p.drawPixmap(QRectF(x, line_top, m.badge, m.badge), badge, QRectF(badge.rect()))
    x += m.badge + m.pad
    # time
    local = post.timestamp.astimezone(tz) if post.timestamp else None
    # (not strftime: under PySide6 each call re-imports ``time`` through the binding's import hook, ~20 µs)
    time_text = f"{local.hour:02d}:{local.minute:02d}" if local else "--:--"
    regular = QFont(p.font())
    bold = QFont(regular)
    bold.setWeight(_DEMIBOLD)
    p.setFont(bold)
    p.setPen(text_color)
    tw = QFontMetrics(bold).horizontalAdvance(time_text)
    baseline_rect = QRectF(x, line_top - (fm.height() - line_h) / 2, max(0.0, right - x), fm.height())
    p.drawText(baseline_rect, _LEFT_VCENTER, time_text)
    x += tw + m.pad
    p.setFont(regular)
    snippet = " ".join(post.text.split()) or (post.post_type.title() if post.post_type else "(no caption)")
    if block:
        # first line: status word after the time; text below
        word = look.word
        p.setPen(status_color)
        p.drawText(QRectF(x, baseline_rect.top(), max(0.0, right - x), fm.height()),
                   _LEFT_VCENTER,
                   fm.elidedText(word, _ELIDE_RIGHT, int(max(0.0, right - x))))
        text_top = r.top() + m.height - m.pad / 2
        avail_h = r.bottom() - m.pad / 2 - text_top
        if avail_h >= fm.height() * 0.9:
            left = r.left() + m.edge + m.pad
            width = max(0.0, right - left)
            lines = max(1, int(avail_h // fm.lineSpacing()))
            p.setPen(text_color)
            _draw_wrapped(p, QRectF(left, text_top, width, lines * fm.lineSpacing()), snippet, lines)
    else:
        p.setPen(mix(text_color, pal.color(_BASE), 0.15))
        width = int(max(0.0, right - x))
        if width > fm.averageCharWidth() * 2:
            p.drawText(QRectF(x, baseline_rect.top(), width, fm.height()),
                       _LEFT_VCENTER,
                       fm.elidedText(snippet, _ELIDE_RIGHT, width))
    p.restore()


def _draw_wrapped(p: QPainter, rect: QRectF, text: str, max_lines: int) -> None:
    fm = p.fontMetrics()
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for w in words:
        trial = f"{current} {w}".strip()
        if fm.horizontalAdvance(trial) <= rect.width() or not current:
            current = trial
        else:
            lines.append(current)
            current = w
            if len(lines) == max_lines:
                break
    if len(lines) < max_lines and current:
        lines.append(current)
    if len(lines) == max_lines and (" ".join(lines) != text):
        lines[-1] = fm.elidedText(lines[-1] + " …", _ELIDE_RIGHT, int(rect.width()))
    y = rect.top()
    for line in lines[:max_lines]:
        p.drawText(QRectF(rect.left(), y, rect.width(), fm.height()),
                   _LEFT_VCENTER,
                   fm.elidedText(line, _ELIDE_RIGHT, int(rect.width())))
        y += fm.lineSpacing()


def paint_more(p: QPainter, rect: QRect, count: int, pal: QPalette) -> None:
    """Paint the "+N more" line of a month cell."""
    p.save()
    p.setPen(pal.color(QPalette.ColorRole.Link))
    f = QFont(p.font())
    f.setWeight(_DEMIBOLD)
    p.setFont(f)
    p.drawText(QRectF(rect).translated(QPointF(4, 0)), _LEFT_VCENTER,
               f"+{count} more")
    p.restore()


class ChipCache:
    """Rendered chips kept as pixmaps, so a repaint only blits them.

    The key holds everything a chip shows (post content, size, selection, thumbnail, zone, palette,
    font and device pixel ratio), so a changed post or palette simply misses the cache.
    """

    def __init__(self, limit: int = 4000) -> None:
        self.limit = limit
        self._pixmaps: dict[tuple[object, ...], QPixmap] = {}

    def clear(self) -> None:
        """Forget every rendered chip."""
        self._pixmaps.clear()

    def draw(
        self,
        p: QPainter,
        rect: QRect,
        post: Post,
        tz: ZoneInfo,
        pal: QPalette,
        m: ChipMetrics,
        *,
        thumb: QPixmap | None = None,
        selected: bool = False,
        block: bool = False,
    ) -> None:
        """Paint ``post`` into ``rect`` through the cache."""
        device = p.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        key = (
            post.key, post.status, post.timestamp, post.text, post.platform, rect.width(), rect.height(),
            selected, block, thumb.cacheKey() if thumb is not None else 0, tz.key, pal.cacheKey(),
            p.font().key(), dpr,
        )
        pm = self._pixmaps.get(key)
        if pm is None:
            pm = QPixmap(max(1, round(rect.width() * dpr)), max(1, round(rect.height() * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(_TRANSPARENT)
            q = QPainter(pm)
            q.setFont(p.font())
            paint_chip(q, QRect(0, 0, rect.width(), rect.height()), post, tz, pal, m, thumb=thumb,
                       selected=selected, block=block)
            q.end()
            if len(self._pixmaps) >= self.limit:
                self._pixmaps.clear()
            self._pixmaps[key] = pm
        p.drawPixmap(rect.topLeft(), pm)
