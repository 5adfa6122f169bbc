"""Drawing pieces every platform's preview shares: media boxes, avatars, wrapped and folded text, glyphs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QTextLayout

from dashdesk.platforms.previews import Folded, Layout, format_clock, initials
from dashdesk.ui.icons import render_svg

from .media import PreviewMedia


@dataclass(frozen=True, slots=True)
class PreviewItem:
    """One medium of a previewed post: a path or URL to draw and whether it is a video."""

    ref: str | None
    is_video: bool = False
    name: str = ""


@dataclass(frozen=True, slots=True)
class PreviewPost:
    """Everything a preview draws: the brand, the post's words and its media."""

    platform: str
    post_type: str | None
    brand: str = ""
    text: str | None = ""  # None: the post type carries no text
    title: str = ""
    media: tuple[PreviewItem, ...] = ()
    link: str = ""
    board: str = ""
    first_comment: str = ""


@dataclass
class Ctx:
    """One paint (or measure) pass: ``p`` is ``None`` while measuring."""

    p: QPainter | None
    post: PreviewPost
    layout: Layout
    width: int
    palette: QPalette
    font: QFont
    media: PreviewMedia
    index: int = 0  # the carousel's current item
    dpr: float = 1.0
    hits: dict[str, QRect] = field(default_factory=dict)
    #: The video whose play mark was drawn (what a click on ``hits["play"]`` plays).
    play_ref: str | None = None

    @property
    def fg(self) -> QColor:
        return self.palette.color(QPalette.ColorRole.Text)

    @property
    def muted(self) -> QColor:
        return self.palette.color(QPalette.ColorRole.PlaceholderText)

    @property
    def line(self) -> QColor:
        c = QColor(self.fg)
        c.setAlphaF(0.15)
        return c

    def em(self, n: float = 1.0) -> int:
        return round(QFontMetricsF(self.font).height() * n)

    def scaled(self, factor: float, bold: bool = False) -> QFont:
        f = QFont(self.font)
        f.setPointSizeF(max(6.0, self.font.pointSizeF() * factor))
        f.setBold(bold)
        return f


def wrap(text: str, font: QFont, width: float) -> list[tuple[str, float]]:
    """``text`` broken into lines that fit ``width``: (line, its width)."""
    out: list[tuple[str, float]] = []
    for para in text.split("\n"):
        if not para:
            out.append(("", 0.0))
            continue
        layout = QTextLayout(para, font)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            out.append((para[line.textStart(): line.textStart() + line.textLength()].rstrip(), line.naturalTextWidth()))
        layout.endLayout()
    return out


def draw_text(ctx: Ctx, x: float, y: float, width: float, text: str, font: QFont, color: QColor, *,
              max_lines: int = 0, lead: str = "", lead_font: QFont | None = None) -> int:
    """Draw wrapped ``text`` at (x, y); returns the height used. ``max_lines`` elides the last line.
    ``lead`` (bold, e.g. a handle) starts the first line as Instagram starts its captions."""
    if lead:
        text = f"{lead} {text}" if text else lead
    lines = wrap(text, font, width)
    if max_lines and len(lines) > max_lines:
        fm = QFontMetricsF(font)
        last = fm.elidedText(" ".join(t for t, _w in lines[max_lines - 1:]), Qt.TextElideMode.ElideRight, width)
        lines = [*lines[:max_lines - 1], (last, fm.horizontalAdvance(last))]
    fm = QFontMetricsF(font)
    step = fm.lineSpacing()
    if ctx.p is not None:
        ctx.p.setFont(font)
        ctx.p.setPen(color)
        for n, (line, _w) in enumerate(lines):
            base = y + fm.ascent() + n * step
            if n == 0 and lead and line.startswith(lead):
                lf = lead_font or font
                ctx.p.setFont(lf)
                ctx.p.drawText(QPointF(x, base), lead)
                lw = QFontMetricsF(lf).horizontalAdvance(lead + " ")
                ctx.p.setFont(font)
                ctx.p.drawText(QPointF(x + lw, base), line[len(lead) + 1:])
            else:
                ctx.p.drawText(QPointF(x, base), line)
    return round(len(lines) * step)


def draw_folded(ctx: Ctx, x: float, y: float, width: float, folded: Folded, font: QFont, *,
                color: QColor | None = None, label_color: QColor | None = None, lead: str = "",
                lead_font: QFont | None = None) -> int:
    """Draw text cut by a platform's fold with its label (e.g. "… more") right after the last word."""
    color = color or ctx.fg
    text = folded.shown
    if not folded.cut:
        return draw_text(ctx, x, y, width, text, font, color, lead=lead, lead_font=lead_font)
    fm = QFontMetricsF(font)
    label_w = fm.horizontalAdvance(" " + folded.label)
    full = f"{lead} {text}" if lead else text
    lines = wrap(full, font, width)
    _last, last_w = lines[-1] if lines else ("", 0.0)
    fits = last_w + label_w <= width
    h = draw_text(ctx, x, y, width, text, font, color, lead=lead, lead_font=lead_font)
    step = fm.lineSpacing()
    if fits and lines:
        lx, ly = x + last_w + fm.horizontalAdvance(" "), y + (len(lines) - 1) * step
    else:
        lx, ly = x, y + h
        h += round(step)
    if ctx.p is not None:
        ctx.p.setFont(font)
        ctx.p.setPen(label_color or ctx.muted)
        ctx.p.drawText(QPointF(lx, ly + fm.ascent()), folded.label.lstrip())
    return h


def draw_avatar(ctx: Ctx, x: float, y: float, d: float, name: str, accent: QColor) -> None:
    """The brand's avatar: a circle with its initials (DashDesk has no brand picture to show)."""
    if ctx.p is None:
        return
    p = ctx.p
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(accent)
    p.drawEllipse(QRectF(x, y, d, d))
    f = QFont(ctx.font)
    f.setPixelSize(max(6, round(d * 0.4)))
    f.setBold(True)
    p.setFont(f)
    p.setPen(QColor("#ffffff"))
    p.drawText(QRectF(x, y, d, d), Qt.AlignmentFlag.AlignCenter, initials(name))


def draw_media(ctx: Ctx, rect: QRect, item: PreviewItem | None, *, radius: float = 0, fit: bool = False,
               show_play: bool = True) -> None:
    """Draw ``item`` filling ``rect`` (cropped like the feed crops), or a neutral box while it loads."""
    p = ctx.p
    if p is None or rect.isEmpty():
        return
    p.save()
    if radius:
        path = QPainterPath()
        path.addRoundedRect(QRectF(rect), radius, radius)
        p.setClipPath(path)
    pm = ctx.media.cover(item.ref, rect.size(), ctx.dpr, fit=fit) if item else None
    if pm is None:
        pic = ctx.media.picture(item.ref, item.is_video) if item else None
        if pic is not None:  # arrived since the last cover request
            pm = ctx.media.cover(item.ref, rect.size(), ctx.dpr, fit=fit) if item else None
    if pm is not None:
        if fit:
            p.fillRect(rect, QColor("#000000"))
            size = QSize(round(pm.width() / ctx.dpr), round(pm.height() / ctx.dpr))
            p.drawPixmap(rect.x() + (rect.width() - size.width()) // 2,
                         rect.y() + (rect.height() - size.height()) // 2, pm)
        else:
            p.drawPixmap(rect.topLeft(), pm)
    else:
        shade = QColor(ctx.fg)
        shade.setAlphaF(0.08)
        p.fillRect(rect, shade)
        glyph = max(12, min(rect.width(), rect.height()) // 5)
        name = "film" if item is not None and item.is_video else "image"
        mark = render_svg(name, glyph, ctx.muted, ctx.dpr)
        p.drawPixmap(rect.center().x() - glyph // 2, rect.center().y() - glyph // 2, mark)
    if item is not None and item.is_video and show_play:
        _video_marks(ctx, rect, item)
    p.restore()


def _video_marks(ctx: Ctx, rect: QRect, item: PreviewItem) -> None:
    p = ctx.p
    assert p is not None
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    d = max(18, min(rect.width(), rect.height()) // 6)
    c = rect.center()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(0, 0, 0, 110))
    p.drawEllipse(QRectF(c.x() - d / 2, c.y() - d / 2, d, d))
    tri = QPainterPath()
    tri.moveTo(c.x() - d * 0.14, c.y() - d * 0.22)
    tri.lineTo(c.x() + d * 0.24, c.y())
    tri.lineTo(c.x() - d * 0.14, c.y() + d * 0.22)
    tri.closeSubpath()
    p.setBrush(QColor("#ffffff"))
    p.drawPath(tri)
    pic = ctx.media.picture(item.ref, True)
    clock = format_clock(pic.duration) if pic is not None else ""
    if clock:
        f = ctx.scaled(0.8, bold=True)
        fm = QFontMetricsF(f)
        w, h = fm.horizontalAdvance(clock) + 8, fm.height() + 2
        box = QRectF(rect.right() - w - 6, rect.bottom() - h - 6, w, h)
        p.setBrush(QColor(0, 0, 0, 170))
        p.drawRoundedRect(box, 3, 3)
        p.setFont(f)
        p.setPen(QColor("#ffffff"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, clock)
        ctx.hits["duration"] = box.toRect()
    ctx.hits["play"] = QRect(round(c.x() - d / 2), round(c.y() - d / 2), d, d)
    ctx.play_ref = item.ref


def glyph_path(name: str, s: float) -> QPainterPath:
    """An outline of a feed's action glyph (heart, comment, repost, share, bookmark) in an ``s`` box."""
    path = QPainterPath()
    if name == "heart":
        path.moveTo(s * 0.5, s * 0.9)
        path.cubicTo(s * -0.1, s * 0.45, s * 0.15, s * -0.05, s * 0.5, s * 0.28)
        path.cubicTo(s * 0.85, s * -0.05, s * 1.1, s * 0.45, s * 0.5, s * 0.9)
    elif name == "comment":
        path.addEllipse(QRectF(s * 0.05, s * 0.08, s * 0.9, s * 0.78))
    elif name == "repost":
        path.addRoundedRect(QRectF(s * 0.08, s * 0.25, s * 0.84, s * 0.5), s * 0.2, s * 0.2)
    elif name == "share":
        path.moveTo(s * 0.05, s * 0.45)
        path.lineTo(s * 0.95, s * 0.08)
        path.lineTo(s * 0.6, s * 0.92)
        path.lineTo(s * 0.45, s * 0.55)
        path.closeSubpath()
    elif name == "bookmark":
        path.moveTo(s * 0.2, s * 0.05)
        path.lineTo(s * 0.8, s * 0.05)
        path.lineTo(s * 0.8, s * 0.95)
        path.lineTo(s * 0.5, s * 0.7)
        path.lineTo(s * 0.2, s * 0.95)
        path.closeSubpath()
    return path


def draw_glyphs(ctx: Ctx, x: float, y: float, s: float, names: list[str], color: QColor, *,
                gap: float = 0, right: list[str] | None = None, width: float = 0,
                vertical: bool = False) -> None:
    """A row (or column) of action glyphs; ``right`` ones sit at the far end (``width``)."""
    if ctx.p is None:
        return
    p = ctx.p
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(color, max(1.2, s / 12)))
    p.setBrush(Qt.BrushStyle.NoBrush)
    step = s + (gap or s * 0.7)
    for n, name in enumerate(names):
        p.save()
        p.translate(x if vertical else x + n * step, y + n * step if vertical else y)
        p.drawPath(glyph_path(name, s))
        p.restore()
    for n, name in enumerate(reversed(right or [])):
        p.save()
        p.translate(x + width - s - n * step, y)
        p.drawPath(glyph_path(name, s))
        p.restore()
    p.restore()


def draw_dots(ctx: Ctx, cx: float, y: float, count: int, current: int, color: QColor, dim: QColor) -> None:
    """Carousel dots centred on ``cx`` (the current one in ``color``)."""
    if ctx.p is None or count < 2:
        return
    p = ctx.p
    d, gap = 6.0, 5.0
    shown = min(count, 9)
    total = shown * d + (shown - 1) * gap
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    for n in range(shown):
        p.setBrush(color if n == min(current, shown - 1) else dim)
        p.drawEllipse(QRectF(cx - total / 2 + n * (d + gap), y, d, d))


def draw_arrows(ctx: Ctx, rect: QRect, count: int) -> None:
    """Round step arrows over a carousel's media (only where a step is possible); records the hit areas."""
    if count < 2:
        return
    d = max(20, ctx.em(1.3))
    y = rect.center().y() - d // 2
    for name, x, show in (("prev", rect.left() + 8, ctx.index > 0),
                          ("next", rect.right() - 8 - d, ctx.index < count - 1)):
        if not show:
            continue
        box = QRect(x, y, d, d)
        ctx.hits[name] = box
        if ctx.p is None:
            continue
        p = ctx.p
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(255, 255, 255, 215))
        p.drawEllipse(box)
        p.setPen(QPen(QColor("#222222"), 2))
        c = box.center()
        k = d * 0.16
        sign = -1 if name == "prev" else 1
        p.drawLine(QPointF(c.x() - sign * k * 0.6, c.y() - k), QPointF(c.x() + sign * k * 0.6, c.y()))
        p.drawLine(QPointF(c.x() + sign * k * 0.6, c.y()), QPointF(c.x() - sign * k * 0.6, c.y() + k))


def any_to_item(obj: Any) -> PreviewItem:
    """A composer ``MediaItem`` (or anything with ``thumbnail`` and ``kind``) as a :class:`PreviewItem`."""
    kind = str(getattr(obj, "kind", "IMAGE"))
    return PreviewItem(getattr(obj, "thumbnail", None), kind == "VIDEO", str(getattr(obj, "name", "") or ""))
