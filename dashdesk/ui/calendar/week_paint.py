"""Week view painting: the hour grid, chips, "+N" blocks, the now line, the day header and a drag's ghost.

Mixed into :class:`~dashdesk.ui.calendar.week_view.WeekView` (it paints from the geometry of
:class:`~dashdesk.ui.calendar.week_geometry.WeekGeometry`).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap

from dashdesk.i18n import ntr, tr
from dashdesk.i18n.formats import date_text, time_text, weekday_name
from dashdesk.ui.calendar import layout, slots_layer
from dashdesk.ui.calendar.chips import mix, paint_chip
from dashdesk.ui.calendar.notes_paint import paint_notes
from dashdesk.ui.calendar.week_geometry import MoreBlock

NOW_LINE = QColor("#e5484d")


def zone_names(days: list[date], tz: tzinfo) -> str:
    """The zone's abbreviations over ``days``, in order: "EST", or "EDT/EST" for a week spanning a change."""
    names: list[str] = []
    instants = [datetime(days[0].year, days[0].month, days[0].day, tzinfo=tz)]
    instants += [datetime(d.year, d.month, d.day, 23, 59, tzinfo=tz) for d in days]
    for when in instants:
        name = when.tzname() or str(tz)
        if name not in names:
            names.append(name)
    return "/".join(names)


class WeekPainter:
    """Everything the week view draws."""

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        p = QPainter(self)
        pal = self.palette()
        m = self.metrics()
        fm = self.fontMetrics()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        dim = mix(text, base, 0.45)
        line = pal.color(QPalette.ColorRole.Midlight)
        half_line = mix(line, base, 0.5)
        hour = self.hour_height()
        top = self.header_height()
        off = self.scroll.value()
        left, right = self.grid_left(), self.grid_left() + self.grid_width()
        p.fillRect(self.rect(), base)
        now = self.clock()
        today = now.astimezone(self.tz).date()
        days = self.days()
        # body (clipped below the header)
        p.save()
        p.setClipRect(QRect(0, top, self.width(), self.height() - top))
        p.translate(0, top - off)
        first_h, last_h = max(0, off // hour), min(24, (off + self.viewport_height()) // hour + 1)
        for i, day in enumerate(days):
            col = self.column_rect(i)
            if day < today:
                p.fillRect(QRect(col.left(), off, col.width(), self.viewport_height()),
                           pal.color(QPalette.ColorRole.AlternateBase))
        for h in range(first_h, last_h + 1):
            y = h * hour
            p.setPen(line)
            p.drawLine(left, y, right, y)
            p.setPen(half_line)
            p.drawLine(left, y + hour // 2, right, y + hour // 2)
            if 0 < h < 24:  # the hours end toward the grid (right-aligned, or left-aligned when mirrored)
                p.setPen(dim)
                label = self.gutter_rect(y - fm.height() // 2, fm.height()).adjusted(m.pad * 2, 0, -m.pad * 2, 0)
                p.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{h:02d}:00")
        p.setPen(line)
        for i in range(7):
            col = self.column_rect(i)
            x = col.right() + 1 if self.isRightToLeft() else col.left()  # the line between the hours and a day
            p.drawLine(x, off, x, off + self.viewport_height())
        # keyboard cursor
        if self.hasFocus() and self._slot_cursor and self.selected_day in days and self.selected_key is None:
            col = self.column_rect(days.index(self.selected_day))
            y = round(layout.y_for_minutes(self.selected_minutes, hour))
            self.paint_focus_ring(p, QRect(col.left(), y, col.width(), hour))
        posts = self.post_by_key
        visible = QRect(0, off, self.width(), self.viewport_height())
        slots_layer.paint_slots(p, self, self.placed_slots(), visible)
        for chip in self.placed():
            if not chip.rect.intersects(visible):
                continue
            post = posts[chip.key]
            dragging = self._drag is not None and self._drag.active and self._drag.key == chip.key
            p.setOpacity(0.35 if dragging else 1.0)
            self.chip_cache.draw(p, chip.rect, post, self.tz, pal, m, thumb=self._thumb(post.thumbnail_url),
                                 selected=chip.key == self.selected_key, block=True,
                                 marks=self.label_colors(chip.key), rtl=self.isRightToLeft())
            p.setOpacity(1.0)
        for block in self.more:
            if block.rect.intersects(visible):
                self._paint_more(p, block)
        # now line
        if today in days:
            col = self.column_rect(days.index(today))
            y = layout.y_for_minutes(layout.wall_minutes(now, self.tz), hour)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(NOW_LINE)
            p.setBrush(NOW_LINE)
            p.drawLine(QPoint(col.left(), round(y)), QPoint(col.right(), round(y)))
            p.drawEllipse(QRectF(col.left() - 4, y - 4, 8, 8))
        self._paint_drag(p, m)
        p.restore()
        self._paint_header(p, days, today)
        if not self.posts_by_day:
            self._paint_empty(p)
        p.end()
        self.chip_cache.painted()

    def _paint_more(self, p: QPainter, block: MoreBlock) -> None:
        """A quiet block saying how many overlapping posts it stands for ("+3")."""
        pal = self.palette()
        text, base = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(mix(text, base, 0.6))
        p.setBrush(mix(text, base, 0.9))
        p.drawRoundedRect(QRectF(block.rect).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        p.setPen(text)
        p.drawText(block.rect.adjusted(2, 2, -2, -2), Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   f"+{len(block.keys)}")
        p.restore()

    def _paint_header(self, p: QPainter, days: list[date], today: date) -> None:
        pal = self.palette()
        top = self.header_height()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        p.fillRect(QRect(0, 0, self.width(), top), pal.color(QPalette.ColorRole.Window))
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLine(0, top - 1, self.width(), top - 1)
        fm = self.fontMetrics()
        # the zone, always shown
        p.setPen(mix(text, base, 0.4))
        zone = zone_names(days, self.tz) if days else (self.clock().astimezone(self.tz).tzname() or self.tz.key)
        if fm.horizontalAdvance(zone) > self.gutter_width() - 4:
            zone = zone.replace("/", "/\n")  # "EDT/EST" on two lines in a narrow corner
        p.drawText(self.gutter_rect(0, top).adjusted(2, 0, -2, 0), Qt.AlignmentFlag.AlignCenter, zone)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for i, day in enumerate(days):
            col = self.column_rect(i)
            r = QRect(col.left(), 0, col.width(), top)
            n = len(self.posts_by_day.get(day, []))
            is_today = day == today
            p.setFont(bold)
            p.setPen(pal.color(QPalette.ColorRole.Highlight) if is_today else text)
            head = round(fm.height() * 2.6)  # the day and count lines; notes go below them
            r = QRect(col.left(), 0, col.width(), head)
            p.drawText(r.adjusted(0, fm.height() // 4, 0, -head // 2), Qt.AlignmentFlag.AlignCenter,
                       date_text(day, "weekday_day"))
            p.setFont(self.font())
            p.setPen(mix(text, base, 0.4))
            count = ntr("{n} post", "{n} posts", n) if n else ""
            p.drawText(r.adjusted(0, head // 2, 0, -fm.height() // 4), Qt.AlignmentFlag.AlignCenter, count)
            notes = self.notes_by_day.get(day)
            if notes:
                line_h = fm.height() + 4
                paint_notes(p, QRect(col.left() + 4, top - line_h - 5, col.width() - 8, line_h), notes, pal)
            if is_today:
                p.fillRect(QRect(col.left() + 6, top - 3, col.width() - 12, 3), pal.color(QPalette.ColorRole.Highlight))

    def _paint_drag(self, p: QPainter, m) -> None:  # type: ignore[no-untyped-def]
        drag = self._drag
        if drag is None or not drag.active or drag.pos is None or drag.target is None:
            return
        post = self.find_post(drag.key)
        day = self.day_at(drag.pos)
        if post is None or day is None:
            return
        pal = self.palette()
        i = self.days().index(day)
        col = self.column_rect(i)
        minutes = layout.wall_minutes(drag.target, self.tz)
        y = round(layout.y_for_minutes(minutes, self.hour_height()))
        h = round(layout.y_for_minutes(self.chip_min_minutes(), self.hour_height()))
        rect = QRect(col.left() + 2, y, col.width() - 4, h)
        ok = drag.target >= self.clock()
        paint_chip(p, rect, post, self.tz, pal, m, selected=ok, block=True, ghost=True, rtl=self.isRightToLeft())
        target = drag.target.astimezone(self.tz)
        label = f"{weekday_name(target.weekday(), short=True)} {time_text(target)}"
        if not ok:
            label += " · " + tr("in the past")
        p.setPen(pal.color(QPalette.ColorRole.Highlight) if ok else NOW_LINE)
        p.drawText(QRect(rect.left(), rect.bottom() + 2, rect.width(), self.fontMetrics().height()),
                   Qt.AlignmentFlag.AlignLeft, label)

    def _thumb(self, url: str | None) -> QPixmap | None:
        if not url:
            return None
        pm = self.thumbnail_lookup(url)
        return pm if isinstance(pm, QPixmap) else None

    def _paint_empty(self, p: QPainter) -> None:
        pal = self.palette()
        fm = self.fontMetrics()
        text = self.empty_text()
        w = fm.horizontalAdvance(text) + fm.height() * 2
        h = fm.height() * 2.4
        box = QRectF(self.grid_left() + (self.grid_width() - w) / 2, self.header_height() + fm.height() * 3, w, h)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.setBrush(pal.color(QPalette.ColorRole.Window))
        p.drawRoundedRect(box, 8, 8)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
