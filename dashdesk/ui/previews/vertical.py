"""Full-screen 9:16 formats: Instagram Reels and Stories, Facebook Reels, TikTok, Snapchat Story and Spotlight.

The media fills the frame (cropped as the apps crop); the caption sits over it at the bottom, the
actions down the right side (Reels, TikTok, Spotlight), a story's progress bars across the top.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QLinearGradient, QPainter

from dashdesk.i18n import tr
from dashdesk.platforms.previews import fold_text, handle_of
from dashdesk.ui.icons import platform_accent

from .paint import Ctx, draw_arrows, draw_avatar, draw_folded, draw_glyphs, draw_media

WHITE = QColor("#ffffff")


def _is_story(ctx: Ctx) -> bool:
    return ctx.post.post_type == "STORY"


def vertical(ctx: Ctx) -> int:
    """Draw a 9:16 frame; returns its height."""
    w = ctx.width
    h = round(w / ctx.layout.aspect)
    if ctx.p is None:
        return h
    p = ctx.p
    frame = QRect(0, 0, w, h)
    p.fillRect(frame, QColor("#000000"))
    media = ctx.post.media
    current = media[min(ctx.index, len(media) - 1)] if media else None
    draw_media(ctx, frame, current)
    if current is None:
        p.setPen(QColor(255, 255, 255, 170))
        p.setFont(ctx.font)
        p.drawText(frame.adjusted(20, 0, -20, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                   tr("Add a video or image to see it here."))
    shade = QLinearGradient(QPointF(0, h * 0.55), QPointF(0, h))
    shade.setColorAt(0, QColor(0, 0, 0, 0))
    shade.setColorAt(1, QColor(0, 0, 0, 170))
    p.fillRect(QRect(0, round(h * 0.55), w, h - round(h * 0.55)), shade)
    pad = ctx.em(0.7)
    if _is_story(ctx):
        _story_top(ctx, pad)
    else:
        _side_actions(ctx, pad, h)
    _caption(ctx, pad, h)
    if ctx.layout.carousel:
        draw_arrows(ctx, frame, len(media))
    return h


def _story_top(ctx: Ctx, pad: int) -> None:
    """Progress bars (one per story frame), then the avatar and name."""
    p = ctx.p
    assert p is not None
    count = max(1, len(ctx.post.media))
    gap = 3
    bw = (ctx.width - 2 * pad - gap * (count - 1)) / count
    p.setPen(Qt.PenStyle.NoPen)
    for n in range(count):
        p.setBrush(WHITE if n <= ctx.index else QColor(255, 255, 255, 100))
        p.drawRoundedRect(QRectF(pad + n * (bw + gap), pad, bw, 2.5), 1, 1)
    avatar = ctx.em(1.6)
    y = pad + 8
    draw_avatar(ctx, pad, y, avatar, ctx.post.brand, platform_accent(ctx.post.platform))
    p.setFont(ctx.scaled(0.95, bold=True))
    p.setPen(WHITE)
    name = ctx.post.brand if ctx.post.platform == "snapchat" else handle_of(ctx.post.brand)
    p.drawText(QRectF(pad * 2 + avatar, y, ctx.width, avatar), Qt.AlignmentFlag.AlignVCenter, name or tr("Your brand"))


def _side_actions(ctx: Ctx, pad: int, h: int) -> None:
    s = ctx.em(1.3)
    x = ctx.width - pad - s
    names = ["heart", "comment", "share"] if ctx.post.platform != "tiktok" else ["heart", "comment", "bookmark",
                                                                                  "share"]
    top = h - pad * 6 - len(names) * s * 2.1
    draw_glyphs(ctx, x, top, s, names, WHITE, gap=s * 1.1, vertical=True)


def _caption(ctx: Ctx, pad: int, h: int) -> None:
    """Avatar and handle, then the caption folded over the media's foot."""
    p = ctx.p
    assert p is not None
    text = ctx.post.text or ""
    inner = ctx.width - 2 * pad - (0 if _is_story(ctx) else ctx.em(2.4))
    fm = QFontMetricsF(ctx.font)
    folded = fold_text(text, ctx.layout.fold, line_chars=max(10, int(inner / max(1.0, fm.averageCharWidth()))))
    probe = Ctx(None, ctx.post, ctx.layout, ctx.width, ctx.palette, ctx.font, ctx.media)
    text_h = draw_folded(probe, pad, 0, inner, folded, ctx.font) if text else 0
    y = h - pad * 2 - text_h
    if not _is_story(ctx):
        avatar = ctx.em(1.6)
        y -= avatar + pad // 2
        draw_avatar(ctx, pad, y, avatar, ctx.post.brand, platform_accent(ctx.post.platform))
        p.setFont(ctx.scaled(0.95, bold=True))
        p.setPen(WHITE)
        name = ctx.post.brand if ctx.post.platform in ("facebook", "snapchat") else handle_of(ctx.post.brand)
        p.drawText(QRectF(pad * 1.6 + avatar, y, inner, avatar), Qt.AlignmentFlag.AlignVCenter,
                   name or tr("Your brand"))
        y += avatar + pad // 2
    if text:
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        draw_folded(ctx, pad, y, inner, folded, ctx.font, color=WHITE, label_color=QColor(255, 255, 255, 190))
