"""Paints one strip tile: thumbnail, position, kind and duration, problem badge, progress, name, status."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from dashdesk.media.inspect import format_duration
from dashdesk.platforms import MediaKind
from dashdesk.ui import icons
from dashdesk.ui.status import TONE_COLORS
from dashdesk.ui.theme import is_dark

from .item import ItemState, StripItem
from .model import ItemRole

__all__ = ["StripDelegate"]


def _tone(tone: str, palette: QPalette) -> QColor:
    light, dark = TONE_COLORS[tone]
    return QColor(dark if is_dark(palette) else light)


class StripDelegate(QStyledItemDelegate):
    """Paints a tile: thumbnail, position, kind and duration, problem badge, progress, name, status."""

    @staticmethod
    def metrics(fm: QFontMetrics) -> tuple[int, int, int]:
        """``(thumbnail side, padding, tile width)`` from the font's metrics."""
        thumb = round(fm.height() * 7)
        pad = max(4, fm.height() // 3)
        return thumb, pad, thumb + 2 * pad

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        """Tile size from the font."""
        fm = option.fontMetrics
        thumb, pad, width = self.metrics(fm)
        return QSize(width, thumb + 2 * pad + 2 * fm.height() + fm.leading())

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Draw one tile."""
        item: StripItem | None = index.data(ItemRole)
        if item is None:
            return
        pal = option.palette
        fm = option.fontMetrics
        thumb, pad, _ = self.metrics(fm)
        rect: QRect = option.rect.adjusted(2, 2, -2, -2)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        radius = fm.height() / 3
        painter.setPen(pal.color(QPalette.ColorRole.Highlight) if selected else pal.color(QPalette.ColorRole.Mid))
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, radius, radius)
        if selected or focused:
            pen = painter.pen()
            pen.setWidthF(2.0)
            pen.setColor(pal.color(QPalette.ColorRole.Highlight))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)

        box = QRect(rect.left() + pad - 2, rect.top() + pad - 2, thumb, thumb)
        clip = QPainterPath()
        clip.addRoundedRect(box, radius, radius)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(box, pal.color(QPalette.ColorRole.AlternateBase))
        if item.thumb is not None and not item.thumb.isNull():
            dpr = item.thumb.devicePixelRatio() or 1.0
            size = item.thumb.size() / dpr
            scaled = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(box.center())
            if item.state is ItemState.REFUSED:
                painter.setOpacity(0.45)
            painter.drawPixmap(target, item.thumb)
            painter.setOpacity(1.0)
        else:
            glyph = "film" if item.kind is MediaKind.VIDEO else "image"
            if item.state is ItemState.REFUSED:
                glyph = "slash-circle"
            side = thumb // 3
            pm = icons.render_svg(
                glyph, side, pal.color(QPalette.ColorRole.PlaceholderText), painter.device().devicePixelRatioF()
            )
            painter.drawPixmap(box.center().x() - side // 2, box.center().y() - side // 2, pm)
        # progress along the bottom of the thumbnail
        moving = (ItemState.UPLOADING, ItemState.WAITING, ItemState.RETRYING, ItemState.ADDING, ItemState.FIXING)
        if item.state in moving:
            bar_h = max(3, fm.height() // 4)
            track = QRect(box.left(), box.bottom() - bar_h + 1, box.width(), bar_h)
            painter.fillRect(track, pal.color(QPalette.ColorRole.Midlight))
            fill = QRect(track)
            fill.setWidth(round(track.width() * max(0.0, min(1.0, item.fraction))))
            painter.fillRect(fill, pal.color(QPalette.ColorRole.Highlight))
        painter.restore()

        small = fm.height()
        # position in the post (the order of media_ids)
        self._pill(painter, pal, QPoint(box.left() + 3, box.top() + 3), str(index.row() + 1), fm, None)
        # kind and duration
        if item.kind is MediaKind.VIDEO:
            text = format_duration(item.info.duration) if item.info and item.info.duration else ""
            self._pill(painter, pal, QPoint(box.left() + 3, box.bottom() - small - 6), text, fm, "film")
        # problem badge
        tone = item.badge
        if tone is not None:
            glyph = "x-circle-fill" if tone == "danger" else "exclamation-triangle-fill"
            side = round(small * 1.3)
            center = QPoint(box.right() - side // 2 - 3, box.top() + side // 2 + 3)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Base))
            painter.drawEllipse(center, side // 2 + 2, side // 2 + 2)
            pm = icons.render_svg(glyph, side, _tone(tone, pal), painter.device().devicePixelRatioF())
            painter.drawPixmap(center.x() - side // 2, center.y() - side // 2, pm)

        text_rect = QRect(box.left(), box.bottom() + pad // 2 + 1, box.width(), fm.height())
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(item.name, Qt.TextElideMode.ElideMiddle, text_rect.width()),
        )
        status_rect = text_rect.translated(0, fm.height())
        status_tone = {"danger": "danger", "warning": "warning"}.get(tone or "", "neutral")
        if item.state is ItemState.READY and tone is None:
            status_tone = "success"
        painter.setPen(_tone(status_tone, pal))
        status = item.status_text()
        if fm.horizontalAdvance(status) > status_rect.width():
            status = item.short_status()
        painter.drawText(
            status_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(status, Qt.TextElideMode.ElideRight, status_rect.width()),
        )
        painter.restore()

    @staticmethod
    def _pill(painter: QPainter, pal: QPalette, at: QPoint, text: str, fm: QFontMetrics, glyph: str | None) -> None:
        h = fm.height() + 2
        icon_w = h - 4 if glyph else 0
        w = fm.horizontalAdvance(text) + icon_w + (10 if text else 6)
        rect = QRect(at.x(), at.y(), max(w, h), h)
        bg = QColor(pal.color(QPalette.ColorRole.Window))
        bg.setAlpha(225)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, h / 2, h / 2)
        x = rect.left() + 4
        if glyph:
            pm = icons.render_svg(
                glyph, icon_w, pal.color(QPalette.ColorRole.WindowText), painter.device().devicePixelRatioF()
            )
            painter.drawPixmap(x, rect.top() + 2, pm)
            x += icon_w + 2
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        text_rect = QRect(x, rect.top(), rect.right() - x, h)
        align = Qt.AlignmentFlag.AlignVCenter | (Qt.AlignmentFlag.AlignLeft if glyph else Qt.AlignmentFlag.AlignHCenter)
        if not glyph:
            text_rect = rect
        painter.drawText(text_rect, align, text)
