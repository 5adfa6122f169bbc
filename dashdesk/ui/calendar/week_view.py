"""Week view: seven day columns on an hour grid with a current-time line.

Posts sit at their local wall-clock time; posts close in time share the column width (overlap
columns from layout.py). Dragging snaps to 15 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QScrollBar, QWidget

from dashdesk.services.post import PostKey
from dashdesk.ui.calendar import layout, slots_layer
from dashdesk.ui.calendar.base import CalendarView
from dashdesk.ui.calendar.chips import mix, paint_chip
from dashdesk.ui.posts_model import PostsFilterProxy

NOW_LINE = QColor("#e5484d")


@dataclass
class PlacedChip:
    """A chip's rectangle in grid coordinates (before scrolling)."""

    key: PostKey
    day: date
    rect: QRect


class WeekView(CalendarView):
    """The week hour grid (it scrolls vertically with its own scroll bar)."""

    def __init__(self, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(proxy, parent)
        self.setAccessibleName("Week calendar")
        self.scroll = QScrollBar(Qt.Orientation.Vertical, self)
        self.scroll.setAccessibleName("Scroll hours")
        self.scroll.valueChanged.connect(self._scrolled)
        self._chips: list[PlacedChip] | None = None
        #: Free posting slots of the shown days, ``(first, last) -> [(platform, time)]`` (see slots_layer).
        self.slot_source: slots_layer.SlotSource | None = None
        self._slots: list[slots_layer.PlacedSlot] | None = None
        self.selected_minutes = 9 * 60
        self._slot_cursor = False  # shown once the keyboard or a click picks a time slot
        self._scrolled_once = False
        self._now_timer = QTimer(self, interval=60_000)
        self._now_timer.timeout.connect(self.update)
        self._now_timer.start()
        self.setMinimumSize(480, 320)

    # --- geometry --------------------------------------------------------------------------

    def days(self) -> list[date]:
        """The seven days shown."""
        start = layout.week_start(self.anchor, self.first_weekday)
        return [start + timedelta(days=i) for i in range(7)]

    def visible_days(self) -> tuple[date, date]:
        return layout.shown_days("week", self.anchor, self.first_weekday)

    def title(self) -> str:
        first, last = self.visible_days()
        if first.month == last.month:
            return f"{first.day}–{last.day} {last.strftime('%B %Y')}"
        if first.year == last.year:
            return f"{first.strftime('%d %b')} – {last.strftime('%d %b %Y')}"
        return f"{first.strftime('%d %b %Y')} – {last.strftime('%d %b %Y')}"

    def empty_text(self) -> str:
        return "No posts this week. Press N to write one, or double-click a time."

    def hour_height(self) -> int:
        """Pixels per hour, from the font (three lines of text per hour at least)."""
        return max(44, round(self.fontMetrics().lineSpacing() * 3.2))

    def header_height(self) -> int:
        """Height of the day header."""
        return round(self.fontMetrics().height() * 2.6)

    def gutter_width(self) -> int:
        """Width of the hour labels column."""
        return self.fontMetrics().horizontalAdvance("00:00") + self.fontMetrics().height()

    def grid_width(self) -> int:
        """Width of the seven day columns."""
        return max(7, self.width() - self.gutter_width() - self.scroll.sizeHint().width())

    def column_rect(self, i: int) -> QRect:
        """The x-extent of day column ``i`` (y from 0 to a full day)."""
        x, _, w, _ = layout.grid_cell_rect(0, i, self.grid_width(), 1, 1)
        return QRect(self.gutter_width() + x, 0, w, 24 * self.hour_height())

    def viewport_height(self) -> int:
        """Height of the scrolling hour area."""
        return max(1, self.height() - self.header_height())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        sw = self.scroll.sizeHint().width()
        self.scroll.setGeometry(self.width() - sw, self.header_height(), sw, self.viewport_height())
        self._update_scroll_range()
        self._chips = None
        if not self._scrolled_once:
            self.scroll_to_start()
        super().resizeEvent(event)

    def scroll_to_start(self) -> None:
        """Scroll to 08:00, or to the current time when it is later than the working day shown."""
        now = self.clock()
        start = 8 * 60
        if now.astimezone(self.tz).date() in self.days():
            # keep the current-time line in view when the working day would hide it
            shown_minutes = self.viewport_height() * 60 // self.hour_height()
            now_minutes = layout.wall_minutes(now, self.tz)
            if now_minutes > start + shown_minutes - 60:
                start = max(0, now_minutes - 150)
        self.scroll_to_minutes(start)

    def set_anchor(self, day: date) -> None:
        """Show the week holding ``day``."""
        super().set_anchor(day)
        if self.height() > 0:
            self.scroll_to_start()

    def _update_scroll_range(self) -> None:
        total = 24 * self.hour_height()
        self.scroll.setRange(0, max(0, total - self.viewport_height()))
        self.scroll.setPageStep(self.viewport_height())
        self.scroll.setSingleStep(self.hour_height() // 4)

    def scroll_to_minutes(self, minutes: int) -> None:
        """Scroll so ``minutes`` (wall clock) is near the top."""
        self._update_scroll_range()
        self.scroll.setValue(int(layout.y_for_minutes(minutes, self.hour_height())) - self.hour_height() // 3)
        self._scrolled_once = True

    def _scrolled(self, _value: int) -> None:
        self.update()

    def wheelEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.scroll.event(event)

    def invalidate_layout(self) -> None:
        self._chips = None
        self._slots = None

    def placed_slots(self) -> list[slots_layer.PlacedSlot]:
        """Placeholders of the shown week's free posting slots, in grid coordinates."""
        if self._slots is None:
            self._slots = slots_layer.place_slots(self)
        return self._slots

    def mouseDoubleClickEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        pos = e.position().toPoint()
        slot = slots_layer.slot_at(self, self.to_grid(pos)) if pos.y() >= self.header_height() else None
        if slot is not None and self.post_at(pos) is None:
            self.newRequested.emit(slot.when)
            return
        super().mouseDoubleClickEvent(e)

    def chip_min_minutes(self) -> int:
        """Minutes a chip spans at least (two lines of text)."""
        m = self.metrics()
        return max(30, round((m.height * 2 + m.pad) * 60 / self.hour_height()))

    def placed(self) -> list[PlacedChip]:
        """Chips of the shown week in grid coordinates."""
        if self._chips is not None:
            return self._chips
        hour = self.hour_height()
        span = self.chip_min_minutes()
        chips: list[PlacedChip] = []
        for i, day in enumerate(self.days()):
            posts = self.posts_by_day.get(day, [])
            if not posts:
                continue
            col = self.column_rect(i)
            starts = [layout.wall_minutes(p.when, self.tz) for p in posts if p.when]
            # a chip late in the day is lifted so it still fits above midnight
            spans = [(min(s, 24 * 60 - span), min(s, 24 * 60 - span) + span) for s in starts]
            places = layout.overlap_columns(spans)
            for post, (s, e), place in zip(posts, spans, places, strict=False):
                width = (col.width() - 4) / place.columns
                x = col.left() + 2 + place.column * width
                y0 = layout.y_for_minutes(s, hour)
                y1 = layout.y_for_minutes(min(e, 24 * 60), hour)
                chips.append(PlacedChip(post.key, day, QRect(round(x), round(y0) + 1, max(8, round(width) - 2),
                                                               max(8, round(y1 - y0) - 2))))
        self._chips = chips
        return chips

    def to_grid(self, pos: QPoint) -> QPoint:
        """Widget to grid coordinates."""
        return QPoint(pos.x(), pos.y() - self.header_height() + self.scroll.value())

    def post_at(self, pos: QPoint) -> PostKey | None:
        if pos.y() < self.header_height():
            return None
        g = self.to_grid(pos)
        for chip in reversed(self.placed()):
            if chip.rect.contains(g):
                return chip.key
        return None

    def day_at(self, pos: QPoint) -> date | None:
        for i, day in enumerate(self.days()):
            col = self.column_rect(i)
            if col.left() <= pos.x() < col.left() + col.width():
                return day
        return None

    def time_at(self, pos: QPoint, key: PostKey | None) -> datetime | None:
        day = self.day_at(pos)
        if day is None or pos.y() < self.header_height():
            return None
        y = self.to_grid(pos).y()
        if key is not None and self._drag is not None:
            # keep the grab offset: the chip's top follows the pointer
            chip = next((c for c in self.placed() if c.key == key), None)
            if chip is not None:
                grab = self.to_grid(self._drag.origin).y() - chip.rect.top()
                y -= grab
        minutes = layout.minutes_for_y(y, self.hour_height())
        when = layout.local_instant(day, minutes, self.tz)
        return slots_layer.snap(self, key, self.to_grid(pos), when) if key is not None else when

    def chip_rect(self, key: PostKey) -> QRect | None:
        """Where the chip of ``key`` is on screen (widget coordinates)."""
        for chip in self.placed():
            if chip.key == key:
                return chip.rect.translated(0, self.header_height() - self.scroll.value())
        return None

    def point_for(self, day: date, minutes: int) -> QPoint:
        """The widget point of wall-clock ``minutes`` on ``day`` (for tests and keyboard)."""
        i = self.days().index(day)
        col = self.column_rect(i)
        y = layout.y_for_minutes(minutes, self.hour_height()) + self.header_height() - self.scroll.value()
        return QPoint(col.center().x(), round(y) + 1)

    def period_changes(self, day: date) -> bool:
        first, last = self.visible_days()
        return not first <= day <= last

    def arrow(self, key: int) -> None:
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.move_day(self.selected_day + timedelta(days=-1 if key == Qt.Key.Key_Left else 1))
        else:
            if not self._slot_cursor:
                self._slot_cursor = True
                self.update()
                return
            step = -60 if key == Qt.Key.Key_Up else 60
            self.selected_minutes = max(0, min(23 * 60, self.selected_minutes + step))
            top = layout.y_for_minutes(self.selected_minutes, self.hour_height())
            if not self.scroll.value() <= top <= self.scroll.value() + self.viewport_height() - self.hour_height():
                self.scroll_to_minutes(self.selected_minutes)
            self.update()

    def mousePressEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        super().mousePressEvent(e)
        pos = e.position().toPoint()
        if self.selected_key is None and pos.y() >= self.header_height():
            self.selected_minutes = max(0, min(23, self.to_grid(pos).y() // self.hour_height())) * 60
            self._slot_cursor = True
            self.update()

    def default_time(self, day: date) -> datetime:
        if self._slot_cursor and day == self.selected_day:
            return layout.local_instant(day, self.selected_minutes, self.tz)
        return super().default_time(day)

    # --- painting --------------------------------------------------------------------------

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
        gutter = self.gutter_width()
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
            p.drawLine(gutter, y, gutter + self.grid_width(), y)
            p.setPen(half_line)
            p.drawLine(gutter, y + hour // 2, gutter + self.grid_width(), y + hour // 2)
            if 0 < h < 24:
                p.setPen(dim)
                p.drawText(QRect(0, y - fm.height() // 2, gutter - m.pad * 2, fm.height()),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{h:02d}:00")
        p.setPen(line)
        for i in range(7):
            col = self.column_rect(i)
            p.drawLine(col.left(), off, col.left(), off + self.viewport_height())
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
                                 selected=chip.key == self.selected_key, block=True)
            p.setOpacity(1.0)
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
        zone = self.clock().astimezone(self.tz).tzname() or self.tz.key
        p.drawText(QRect(0, 0, self.gutter_width() - 4, top), Qt.AlignmentFlag.AlignCenter, zone)
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        for i, day in enumerate(days):
            col = self.column_rect(i)
            r = QRect(col.left(), 0, col.width(), top)
            n = len(self.posts_by_day.get(day, []))
            is_today = day == today
            p.setFont(bold)
            p.setPen(pal.color(QPalette.ColorRole.Highlight) if is_today else text)
            p.drawText(r.adjusted(0, fm.height() // 4, 0, -top // 2), Qt.AlignmentFlag.AlignCenter,
                       day.strftime("%a %d"))
            p.setFont(self.font())
            p.setPen(mix(text, base, 0.4))
            count = f"{n} post{'s' if n != 1 else ''}" if n else ""
            p.drawText(r.adjusted(0, top // 2, 0, -fm.height() // 4), Qt.AlignmentFlag.AlignCenter, count)
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
        paint_chip(p, rect, post, self.tz, pal, m, selected=ok, block=True, ghost=True)
        label = drag.target.astimezone(self.tz).strftime("%a %H:%M") + ("" if ok else " · in the past")
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
        box = QRectF(self.gutter_width() + (self.grid_width() - w) / 2, self.header_height() + fm.height() * 3, w, h)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.setBrush(pal.color(QPalette.ColorRole.Window))
        p.drawRoundedRect(box, 8, 8)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
