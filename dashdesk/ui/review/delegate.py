"""ReviewDelegate: paints one queue row (and the day header above the first post of each day).

Everything is measured from the font metrics and coloured from the palette; status and problem
colours come from the contrast-checked tone table in ``dashdesk.ui.status``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dashdesk.i18n import tr
from dashdesk.platforms import rules_for
from dashdesk.services.post import Post
from dashdesk.services.review import ApprovalCheck, approval_info, day_heading, day_of
from dashdesk.ui import icons
from dashdesk.ui.posts_model import Roles
from dashdesk.ui.status import TONE_COLORS, status_look
from dashdesk.ui.theme import is_dark

Index = QModelIndex | QPersistentModelIndex


def tone_color(tone: str, palette: QPalette) -> QColor:
    """The text/icon colour of ``tone`` for the palette's scheme (at least 4.5:1 on base)."""
    light, dark = TONE_COLORS.get(tone, TONE_COLORS["neutral"])
    return QColor(dark if is_dark(palette) else light)


def muted_color(palette: QPalette) -> QColor:
    """Secondary text: the palette's placeholder colour (readable, quieter than text)."""
    return palette.color(QPalette.ColorRole.PlaceholderText)


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


@dataclass
class RowMetrics:
    """Sizes of a row, all from the font's line height."""

    line: int
    pad: int
    gap: int
    badge: int
    header: int
    body: int

    @classmethod
    def of(cls, fm: QFontMetrics) -> RowMetrics:
        """Metrics for font metrics ``fm``."""
        line = fm.height()
        pad = max(4, round(line * 0.55))
        gap = max(2, round(line * 0.3))
        return cls(line=line, pad=pad, gap=gap, badge=round(line * 1.7), header=round(line * 2.3),
                   body=pad * 2 + line * 3 + gap * 2)


class ReviewDelegate(QStyledItemDelegate):
    """Draws a queue row: badge, time, platform, status, text, approval or blocking reason, thumbnail."""

    def __init__(
        self,
        check: Callable[[Post], ApprovalCheck],
        tz: Callable[[], ZoneInfo],
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = check
        self.tz = tz
        self.today = today

    # --- geometry ---------------------------------------------------------------------------

    def starts_day(self, index: Index) -> bool:
        """Whether ``index`` is the first post of its day (and so carries the day header)."""
        if index.row() == 0:
            return True
        prev = index.model().index(index.row() - 1, 0).data(Roles.Post)
        post = index.data(Roles.Post)
        if not isinstance(prev, Post) or not isinstance(post, Post):
            return True
        tz = self.tz()
        return day_of(prev, tz) != day_of(post, tz)

    def day_count(self, index: Index) -> int:
        """How many rows share the day of ``index`` (counted forward from it)."""
        model, tz = index.model(), self.tz()
        post = index.data(Roles.Post)
        day = day_of(post, tz) if isinstance(post, Post) else None
        n, row = 0, index.row()
        while row < model.rowCount():
            other = model.index(row, 0).data(Roles.Post)
            if not isinstance(other, Post) or day_of(other, tz) != day:
                break
            n, row = n + 1, row + 1
        return n

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        m = RowMetrics.of(option.fontMetrics)
        height = m.body + (m.header if self.starts_day(index) else 0)
        return QSize(m.line * 20, height)

    # --- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        post = index.data(Roles.Post)
        if not isinstance(post, Post):
            return
        m = RowMetrics.of(option.fontMetrics)
        rect = QRect(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.starts_day(index):
            header = QRect(rect.left(), rect.top(), rect.width(), m.header)
            self._paint_header(painter, option, header, post, index, m)
            rect.setTop(header.bottom() + 1)
        self._paint_row(painter, option, rect, post, index, m)
        painter.restore()

    def _paint_header(self, p: QPainter, option: QStyleOptionViewItem, r: QRect, post: Post, index: Index,
                      m: RowMetrics) -> None:
        pal = option.palette
        p.fillRect(r, pal.color(QPalette.ColorRole.Window))
        font = QFont(option.font)
        font.setBold(True)
        p.setFont(font)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        text_rect = r.adjusted(m.pad, m.gap, -m.pad, 0)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   day_heading(day_of(post, self.tz()), self.today()))
        p.setFont(option.font)
        p.setPen(muted_color(pal))
        n = self.day_count(index)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   tr("{n} waiting", n=n))
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLine(r.left(), r.bottom(), r.right(), r.bottom())

    def _paint_row(self, p: QPainter, option: QStyleOptionViewItem, r: QRect, post: Post, index: Index,
                   m: RowMetrics) -> None:
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        base = pal.color(QPalette.ColorRole.Base)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        if selected:
            p.fillRect(r, blend(base, highlight, 0.16))
            p.fillRect(QRect(r.left(), r.top(), max(3, m.gap), r.height()), highlight)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            p.fillRect(r, pal.color(QPalette.ColorRole.AlternateBase))
        else:
            p.fillRect(r, base)
        p.setPen(pal.color(QPalette.ColorRole.Midlight))
        p.drawLine(r.left(), r.bottom(), r.right(), r.bottom())
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = p.pen()
            pen.setColor(highlight)
            pen.setWidth(2)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(r).adjusted(1.5, 1.5, -1.5, -1.5), 4, 4)

        dpr = p.device().devicePixelRatioF() if p.device() else 1.0
        left = r.left() + m.pad + max(3, m.gap)
        top = r.top() + m.pad
        p.drawPixmap(QRect(left, top, m.badge, m.badge), icons.platform_badge(post.platform, m.badge, dpr))
        x = left + m.badge + m.pad
        right = r.right() - m.pad

        # Thumbnail (or media glyph) at the far right, as high as the three lines.
        thumb_size = m.line * 3 + m.gap * 2
        thumb_rect = QRect(right - thumb_size + 1, top, thumb_size, thumb_size)
        self._paint_media(p, pal, thumb_rect, post, index, dpr)
        right = thumb_rect.left() - m.pad  # the column stays reserved so statuses line up
        text_right = right

        # Line 1: time, platform, post type ... status on the right.
        look = status_look(post.status)
        tone = tone_color(look.tone, pal)
        fm = option.fontMetrics
        word_w = fm.horizontalAdvance(look.word)
        pill_w = m.line + m.gap + word_w + m.pad
        pill = QRect(right - pill_w + 1, top, pill_w, m.line)
        p.setPen(tone)
        p.drawPixmap(QRect(pill.left(), top + (m.line - round(m.line * 0.8)) // 2, round(m.line * 0.8),
                           round(m.line * 0.8)), icons.render_svg(look.icon, round(m.line * 0.8), tone, dpr))
        p.drawText(QRect(pill.left() + m.line + m.gap // 2, top, word_w + m.pad, m.line),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, look.word)

        bold = QFont(option.font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        when = self._time_text(post)
        bfm = QFontMetrics(bold)
        p.drawText(QRect(x, top, pill.left() - x, m.line), Qt.AlignmentFlag.AlignVCenter, when)
        x2 = x + bfm.horizontalAdvance(when) + m.gap * 2
        p.setFont(option.font)
        p.setPen(muted_color(pal))
        kind = rules_for(post.platform).name
        if post.post_type:
            pt = rules_for(post.platform).post_type(post.post_type)
            kind += f" · {pt.label if pt else post.post_type.title()}"
        p.drawText(QRect(x2, top, max(0, pill.left() - m.pad - x2), m.line), Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(kind, Qt.TextElideMode.ElideRight, max(0, pill.left() - m.pad - x2)))

        # Line 2: the text.
        y2 = top + m.line + m.gap
        width = max(0, text_right - x)
        text = " ".join(post.text.split())
        if text:
            p.setPen(pal.color(QPalette.ColorRole.Text))
            p.drawText(QRect(x, y2, width, m.line), Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(text, Qt.TextElideMode.ElideRight, width))
        else:
            italic = QFont(option.font)
            italic.setItalic(True)
            p.setFont(italic)
            p.setPen(muted_color(pal))
            p.drawText(QRect(x, y2, width, m.line), Qt.AlignmentFlag.AlignVCenter, tr("No text"))
            p.setFont(option.font)

        # Line 3: why it can't be approved, else the approval fields, else "ready".
        y3 = y2 + m.line + m.gap
        check = self.check(post)
        info = approval_info(post)
        if not check.ok:
            color, glyph, words = tone_color("danger", pal), "exclamation-circle-fill", check.reason
        elif info.needs_approval or post.status == "MISSING_APPROVALS":
            color, glyph, words = tone_color("warning", pal), "person-check", info.summary() or tr("Needs approval")
        else:
            color, glyph, words = tone_color("success", pal), "check-circle", tr("Ready to approve")
        size = round(m.line * 0.8)
        p.drawPixmap(QRect(x, y3 + (m.line - size) // 2, size, size), icons.render_svg(glyph, size, color, dpr))
        p.setPen(color)
        tx = x + size + m.gap
        p.drawText(QRect(tx, y3, max(0, text_right - tx), m.line), Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(words, Qt.TextElideMode.ElideRight, max(0, text_right - tx)))

    def _time_text(self, post: Post) -> str:
        if post.timestamp is None:
            return "No time"
        local = post.timestamp.astimezone(self.tz())
        return f"{local:%H:%M} {local.tzname()}"

    def _paint_media(self, p: QPainter, pal: QPalette, r: QRect, post: Post, index: Index, dpr: float) -> bool:
        count = post.media_count
        if not count:
            return False
        thumb = index.data(Roles.Thumbnail)
        if isinstance(thumb, QPixmap) and not thumb.isNull():
            scaled = thumb.scaled(round(r.width() * dpr), round(r.height() * dpr),
                                  Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                  Qt.TransformationMode.SmoothTransformation)
            scaled.setDevicePixelRatio(dpr)
            sx = max(0, (scaled.width() - round(r.width() * dpr)) // 2)
            sy = max(0, (scaled.height() - round(r.height() * dpr)) // 2)
            p.drawPixmap(r, scaled, QRect(sx, sy, round(r.width() * dpr), round(r.height() * dpr)))
        else:
            p.fillRect(r, pal.color(QPalette.ColorRole.AlternateBase))
            glyph = "film" if post.first_media_kind == "VIDEO" else "image"
            size = r.height() // 2
            p.drawPixmap(QRect(r.center().x() - size // 2, r.center().y() - size // 2, size, size),
                         icons.render_svg(glyph, size, muted_color(pal), dpr))
        if count > 1:
            fm = p.fontMetrics()
            label = f"+{count - 1}"
            w = fm.horizontalAdvance(label) + fm.height() // 2
            badge = QRect(r.right() - w + 1, r.bottom() - fm.height() + 1, w, fm.height())
            p.fillRect(badge, pal.color(QPalette.ColorRole.Window))
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        return True


