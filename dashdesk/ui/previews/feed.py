"""Feed cards: Instagram feed posts and carousels, Facebook, X, Threads, LinkedIn and Bluesky posts.

Each function draws (or, with ``ctx.p`` ``None``, only measures) one card and returns its height.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from dashdesk.i18n import tr
from dashdesk.platforms.previews import domain_of, first_link, fold_text, grid_cells, handle_of
from dashdesk.ui.icons import platform_accent

from .paint import Ctx, draw_arrows, draw_avatar, draw_dots, draw_folded, draw_glyphs, draw_media, draw_text


def _line_chars(ctx: Ctx, width: float) -> int:
    return max(10, int(width / max(1.0, QFontMetricsF(ctx.font).averageCharWidth())))


def _folded(ctx: Ctx, width: float):
    return fold_text(ctx.post.text or "", ctx.layout.fold, line_chars=_line_chars(ctx, width))


def _grid(ctx: Ctx, rect: QRect, radius: float) -> None:
    """Up to four media in the platform's grid; a "+n" over the last cell when more are attached."""
    media = ctx.post.media
    cells = grid_cells(min(len(media), ctx.layout.max_grid))
    gap = 2
    for n, (cx, cy, cw, ch) in enumerate(cells):
        cell = QRect(round(rect.x() + cx * rect.width()), round(rect.y() + cy * rect.height()),
                     round(cw * rect.width()) - (gap if cx + cw < 1 else 0),
                     round(ch * rect.height()) - (gap if cy + ch < 1 else 0))
        draw_media(ctx, cell, media[n], radius=radius if len(cells) == 1 else 0)
        more = len(media) - len(cells)
        if n == len(cells) - 1 and more > 0 and ctx.p is not None:
            ctx.p.fillRect(cell, QColor(0, 0, 0, 120))
            ctx.p.setFont(ctx.scaled(1.6, bold=True))
            ctx.p.setPen(QColor("#ffffff"))
            ctx.p.drawText(cell, Qt.AlignmentFlag.AlignCenter, f"+{more}")
    if radius and len(cells) > 1 and ctx.p is not None:  # round the whole grid's corners
        ctx.p.save()
        ctx.p.setRenderHint(QPainter.RenderHint.Antialiasing)
        ctx.p.setPen(QPen(ctx.palette.color(ctx.palette.ColorRole.Base), 3))
        ctx.p.setBrush(Qt.BrushStyle.NoBrush)
        ctx.p.drawRoundedRect(QRectF(rect).adjusted(-1, -1, 1, 1), radius + 1, radius + 1)
        ctx.p.restore()


def _link_card(ctx: Ctx, x: int, y: int, w: int, url: str) -> int:
    """The link card area X and others draw for a post's first link (its page's picture is unknown here)."""
    h = ctx.em(3.2)
    if ctx.p is not None:
        p = ctx.p
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(ctx.line, 1))
        shade = QColor(ctx.fg)
        shade.setAlphaF(0.05)
        p.setBrush(shade)
        p.drawRoundedRect(QRectF(x, y, w, h), 12, 12)
        p.setPen(ctx.muted)
        p.setFont(ctx.scaled(0.85))
        p.drawText(QRectF(x + 12, y, w - 24, h / 2 + 4), Qt.AlignmentFlag.AlignBottom, domain_of(url))
        p.setPen(ctx.fg)
        p.setFont(ctx.scaled(0.9))
        p.drawText(QRectF(x + 12, y + h / 2 + 2, w - 24, h / 2), Qt.AlignmentFlag.AlignTop,
                   tr("Link preview (the page's card)"))
        p.restore()
    return h


def instagram_feed(ctx: Ctx) -> int:
    """Header, square media (a carousel with arrows and dots), actions, caption folded at "… more"."""
    w, pad = ctx.width, ctx.em(0.6)
    y = pad
    avatar = ctx.em(1.8)
    draw_avatar(ctx, pad, y, avatar, ctx.post.brand, platform_accent("instagram"))
    handle = handle_of(ctx.post.brand)
    bold = ctx.scaled(1.0, bold=True)
    if ctx.p is not None:
        ctx.p.setFont(bold)
        ctx.p.setPen(ctx.fg)
        ctx.p.drawText(QRectF(pad * 2 + avatar, y, w, avatar), Qt.AlignmentFlag.AlignVCenter, handle)
    y += avatar + pad
    media = ctx.post.media
    box = QRect(0, y, w, round(w / ctx.layout.aspect))
    current = media[min(ctx.index, len(media) - 1)] if media else None
    draw_media(ctx, box, current)
    draw_arrows(ctx, box, len(media))
    if len(media) > 1 and ctx.p is not None:  # "2/5" in the corner, as Instagram shows it
        tag = f"{ctx.index + 1}/{len(media)}"
        f = ctx.scaled(0.8, bold=True)
        tw = QFontMetricsF(f).horizontalAdvance(tag) + 14
        r = QRectF(box.right() - tw - 8, box.top() + 8, tw, ctx.em(1.1))
        ctx.p.setRenderHint(QPainter.RenderHint.Antialiasing)
        ctx.p.setPen(Qt.PenStyle.NoPen)
        ctx.p.setBrush(QColor(0, 0, 0, 150))
        ctx.p.drawRoundedRect(r, r.height() / 2, r.height() / 2)
        ctx.p.setFont(f)
        ctx.p.setPen(QColor("#ffffff"))
        ctx.p.drawText(r, Qt.AlignmentFlag.AlignCenter, tag)
    y = box.bottom() + pad
    s = ctx.em(1.1)
    draw_glyphs(ctx, pad, y, s, ["heart", "comment", "share"], ctx.fg, right=["bookmark"], width=w - 2 * pad)
    dim = QColor(ctx.fg)
    dim.setAlphaF(0.25)
    draw_dots(ctx, w / 2, y + s / 2 - 3, len(media), ctx.index, QColor("#3897f0"), dim)
    y += s + pad
    if ctx.post.text:
        y += draw_folded(ctx, pad, y, w - 2 * pad, _folded(ctx, w - 2 * pad), ctx.font, lead=handle, lead_font=bold)
    if ctx.post.first_comment:
        y += ctx.em(0.3)
        y += draw_text(ctx, pad, y, w - 2 * pad, ctx.post.first_comment, ctx.font, ctx.fg, max_lines=2,
                       lead=handle, lead_font=bold)
    return y + pad


def _side_header(ctx: Ctx, x: int, y: int, name: str, handle: str) -> None:
    """Name in bold, then the muted handle on the same line (X, Threads, Bluesky)."""
    if ctx.p is None:
        return
    bold = ctx.scaled(1.0, bold=True)
    ctx.p.setFont(bold)
    ctx.p.setPen(ctx.fg)
    fm = QFontMetricsF(bold)
    ctx.p.drawText(x, y + round(fm.ascent()), name)
    if handle:
        ctx.p.setFont(ctx.font)
        ctx.p.setPen(ctx.muted)
        room = ctx.width - x - fm.horizontalAdvance(name) - ctx.em(1.2)
        shown = QFontMetricsF(ctx.font).elidedText(handle, Qt.TextElideMode.ElideRight, max(0.0, room))
        ctx.p.drawText(round(x + fm.horizontalAdvance(name + " ")), y + round(fm.ascent()), shown)


def threadlike(ctx: Ctx) -> int:
    """X, Threads and Bluesky: avatar in a left column; text; 1–4 image grid or carousel; link card; actions."""
    platform = ctx.post.platform
    w, pad = ctx.width, ctx.em(0.7)
    avatar = ctx.em(2.2)
    x = pad * 2 + avatar
    inner = w - x - pad
    y = pad
    draw_avatar(ctx, pad, y, avatar, ctx.post.brand, platform_accent(platform))
    handle = handle_of(ctx.post.brand)
    name, tag = {"twitter": (ctx.post.brand, f"@{handle}"), "threads": (handle, ""),
                 "bluesky": (ctx.post.brand, f"@{handle}.bsky.social")}.get(platform, (ctx.post.brand, ""))
    _side_header(ctx, x, y, name or handle, tag)
    y += ctx.em(1.3)
    text = ctx.post.text or ""
    if text:
        y += draw_text(ctx, x, y, inner, text, ctx.font, ctx.fg) + ctx.em(0.4)
    media = ctx.post.media
    if media:
        if ctx.layout.carousel:
            box = QRect(x, y, inner, round(inner / ctx.layout.aspect))
            draw_media(ctx, box, media[min(ctx.index, len(media) - 1)], radius=10)
            draw_arrows(ctx, box, len(media))
            y = box.bottom() + ctx.em(0.4)
            dim = QColor(ctx.fg)
            dim.setAlphaF(0.25)
            draw_dots(ctx, x + inner / 2, y, len(media), ctx.index, ctx.fg, dim)
            y += ctx.em(0.5) if len(media) > 1 else 0
        else:
            h = round(inner / ctx.layout.aspect) if len(media) != 1 else round(inner * 9 / 16 * 1.25)
            box = QRect(x, y, inner, h)
            _grid(ctx, box, 14)
            y = box.bottom() + ctx.em(0.4)
    else:
        url = first_link(text)
        if url:
            y += _link_card(ctx, x, y, inner, url) + ctx.em(0.4)
    s = ctx.em(0.95)
    names = {"threads": ["heart", "comment", "repost", "share"]}.get(platform, ["comment", "repost", "heart", "share"])
    draw_glyphs(ctx, x, y, s, names, ctx.muted, gap=inner / 4 - s if platform != "threads" else s * 0.9)
    return y + s + pad


def page_post(ctx: Ctx) -> int:
    """Facebook and LinkedIn: header, text folded ("… See more" / "…see more"), media grid, link card, actions."""
    platform = ctx.post.platform
    w, pad = ctx.width, ctx.em(0.7)
    avatar = ctx.em(2.2)
    y = pad
    draw_avatar(ctx, pad, y, avatar, ctx.post.brand, platform_accent(platform))
    if ctx.p is not None:
        bold = ctx.scaled(1.0, bold=True)
        ctx.p.setFont(bold)
        ctx.p.setPen(ctx.fg)
        ctx.p.drawText(QRectF(pad * 2 + avatar, y, w - avatar - 3 * pad, avatar / 2 + 2),
                       Qt.AlignmentFlag.AlignBottom, ctx.post.brand or tr("Your brand"))
        ctx.p.setFont(ctx.scaled(0.85))
        ctx.p.setPen(ctx.muted)
        ctx.p.drawText(QRectF(pad * 2 + avatar, y + avatar / 2 + 2, w - avatar - 3 * pad, avatar / 2),
                       Qt.AlignmentFlag.AlignTop, tr("Public") if platform == "facebook" else tr("Company page"))
    y += avatar + pad
    if ctx.post.text:
        y += draw_folded(ctx, pad, y, w - 2 * pad, _folded(ctx, w - 2 * pad), ctx.font) + pad
    media = ctx.post.media
    link = str(ctx.post.link or "") or first_link(ctx.post.text or "")
    if media:
        box = QRect(0, y, w, round(w / ctx.layout.aspect) if len(media) != 1 else w)
        _grid(ctx, box, 0)
        y = box.bottom() + 1
    elif link:
        y += _link_card(ctx, pad, y, w - 2 * pad, link) + pad
    if ctx.p is not None:
        ctx.p.setPen(QPen(ctx.line, 1))
        ctx.p.drawLine(pad, y + pad // 2, w - pad, y + pad // 2)
    y += pad
    words = ["Like", "Comment", "Share"] if platform == "facebook" else ["Like", "Comment", "Repost", "Send"]
    h = ctx.em(1.6)
    if ctx.p is not None:
        ctx.p.setFont(ctx.scaled(0.9, bold=True))
        ctx.p.setPen(ctx.muted)
        step = (w - 2 * pad) / len(words)
        for n, word in enumerate(words):
            ctx.p.drawText(QRectF(pad + n * step, y, step, h), Qt.AlignmentFlag.AlignCenter, word)
    return y + h + pad // 2
