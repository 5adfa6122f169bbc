"""Pages of their own: YouTube's watch page and a Pinterest pin close-up."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from dashdesk.i18n import tr
from dashdesk.platforms.previews import domain_of, fold_text
from dashdesk.ui.icons import platform_accent

from .paint import Ctx, draw_avatar, draw_folded, draw_media, draw_text


def _chars(ctx: Ctx, width: float) -> int:
    return max(10, int(width / max(1.0, QFontMetricsF(ctx.font).averageCharWidth())))


def youtube(ctx: Ctx) -> int:
    """A 16:9 player with the video's frame and length, the title (two lines), the channel, the description fold."""
    w, pad = ctx.width, ctx.em(0.7)
    player = QRect(0, 0, w, round(w * 9 / 16))
    media = ctx.post.media
    if ctx.p is not None:
        ctx.p.fillRect(player, QColor("#000000"))
    draw_media(ctx, player, media[0] if media else None, fit=True)
    y = player.bottom() + pad
    title = ctx.post.title or ""
    tfont = ctx.scaled(1.2, bold=True)
    if title:
        y += draw_text(ctx, pad, y, w - 2 * pad, title, tfont, ctx.fg, max_lines=2)
    else:
        y += draw_text(ctx, pad, y, w - 2 * pad, tr("Add a title"), tfont, ctx.muted)
    y += pad // 2
    avatar = ctx.em(1.8)
    draw_avatar(ctx, pad, y, avatar, ctx.post.brand, platform_accent("youtube"))
    if ctx.p is not None:
        ctx.p.setFont(ctx.scaled(1.0, bold=True))
        ctx.p.setPen(ctx.fg)
        ctx.p.drawText(QRectF(pad * 2 + avatar, y, w, avatar), Qt.AlignmentFlag.AlignVCenter,
                       ctx.post.brand or tr("Your channel"))
    y += avatar + pad
    text = ctx.post.text or ""
    inner = w - 4 * pad
    folded = fold_text(text, ctx.layout.fold, line_chars=_chars(ctx, inner))
    probe = Ctx(None, ctx.post, ctx.layout, w, ctx.palette, ctx.font, ctx.media)
    body_h = (draw_folded(probe, 0, 0, inner, folded, ctx.font) if text else 0)
    box = QRectF(pad, y, w - 2 * pad, body_h + 2 * pad)
    if ctx.p is not None and text:
        shade = QColor(ctx.fg)
        shade.setAlphaF(0.06)
        ctx.p.setRenderHint(QPainter.RenderHint.Antialiasing)
        ctx.p.setPen(Qt.PenStyle.NoPen)
        ctx.p.setBrush(shade)
        ctx.p.drawRoundedRect(box, 10, 10)
        draw_folded(ctx, 2 * pad, y + pad, inner, folded, ctx.font, label_color=ctx.fg)
    return round(y + (box.height() if text else 0) + pad)


def pinterest(ctx: Ctx) -> int:
    """The pin at its own ratio (2:3 until the picture arrives), then title, description, link and board."""
    w, pad = ctx.width, ctx.em(0.7)
    media = ctx.post.media
    item = media[0] if media else None
    aspect = ctx.layout.aspect
    pic = ctx.media.picture(item.ref, item.is_video) if item is not None else None
    if pic is not None and pic.image.height():
        aspect = min(1.5, max(ctx.layout.aspect, pic.image.width() / pic.image.height()))
    box = QRect(0, 0, w, round(w / aspect))
    draw_media(ctx, box, item, radius=18)
    y = box.bottom() + pad
    link = str(ctx.post.link or "")
    if link and ctx.p is not None:
        ctx.p.setFont(ctx.scaled(0.85))
        ctx.p.setPen(ctx.muted)
        ctx.p.drawText(QRectF(pad, y, w - 2 * pad, ctx.em(1)), Qt.AlignmentFlag.AlignVCenter, domain_of(link))
    if link:
        y += ctx.em(1.2)
    title = ctx.post.title or ""
    if title:
        y += draw_text(ctx, pad, y, w - 2 * pad, title, ctx.scaled(1.25, bold=True), ctx.fg, max_lines=2)
        y += pad // 2
    text = ctx.post.text or ""
    if text:
        folded = fold_text(text, ctx.layout.fold, line_chars=_chars(ctx, w - 2 * pad))
        y += draw_folded(ctx, pad, y, w - 2 * pad, folded, ctx.font, label_color=ctx.fg) + pad // 2
    avatar = ctx.em(1.6)
    draw_avatar(ctx, pad, y, avatar, ctx.post.brand, platform_accent("pinterest"))
    if ctx.p is not None:
        ctx.p.setFont(ctx.scaled(0.95, bold=True))
        ctx.p.setPen(ctx.fg)
        ctx.p.drawText(QRectF(pad * 2 + avatar, y, w, avatar / 2 + 2), Qt.AlignmentFlag.AlignBottom,
                       ctx.post.brand or tr("Your brand"))
        ctx.p.setFont(ctx.scaled(0.85))
        ctx.p.setPen(ctx.muted)
        board = ctx.post.board
        ctx.p.drawText(QRectF(pad * 2 + avatar, y + avatar / 2 + 2, w, avatar / 2), Qt.AlignmentFlag.AlignTop,
                       tr("Saved to {board}", board=board) if board else tr("Choose a board"))
    return y + avatar + pad
