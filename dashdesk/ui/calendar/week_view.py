"""Week view: seven day columns on an hour grid with a current-time line.

Posts sit at their local wall-clock time; posts close in time share the column width (overlap
columns from layout.py). Dragging snaps to 15 minutes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QScrollBar, QToolTip, QWidget

from dashdesk.i18n import current_language, ntr, tr
from dashdesk.i18n.formats import day_range_text
from dashdesk.ui.calendar import layout, slots_layer
from dashdesk.ui.calendar.base import CalendarView
from dashdesk.ui.calendar.week_geometry import MoreBlock, PlacedChip, WeekGeometry
from dashdesk.ui.calendar.week_paint import WeekPainter, zone_names
from dashdesk.ui.posts_model import PostsFilterProxy, tooltip_for

__all__ = ["MoreBlock", "PlacedChip", "WeekView", "zone_names"]


class WeekView(WeekGeometry, WeekPainter, CalendarView):
    """The week hour grid (it scrolls vertically with its own scroll bar)."""

    def __init__(self, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(proxy, parent)
        self.notes_line = False  # set when the app keeps calendar notes: the header gets a line for them
        self.setAccessibleName(tr("Week calendar"))
        self.scroll = QScrollBar(Qt.Orientation.Vertical, self)
        self.scroll.setAccessibleName(tr("Scroll hours"))
        self.scroll.valueChanged.connect(self._scrolled)
        self._chips: list[PlacedChip] | None = None
        self.more: list[MoreBlock] = []  # filled by placed()
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
        if current_language() != "en":  # the locale's own way of writing a date range
            return day_range_text(first, last)
        if first.month == last.month:
            return f"{first.day}–{last.day} {last.strftime('%B %Y')}"
        if first.year == last.year:
            return f"{first.strftime('%d %b')} – {last.strftime('%d %b %Y')}"
        return f"{first.strftime('%d %b %Y')} – {last.strftime('%d %b %Y')}"

    def empty_text(self) -> str:
        return tr("No posts this week. Press N to write one, or double-click a time.")

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._place_scroll()
        self._update_scroll_range()
        self._chips = None
        if not self._scrolled_once:
            self.scroll_to_start()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:  # the week mirrors
            self._chips = None
            self._place_scroll()
            self.update()
        super().changeEvent(event)

    def _place_scroll(self) -> None:
        sw = self.scroll.sizeHint().width()
        x = 0 if self.isRightToLeft() else self.width() - sw  # the scroll bar at the end edge
        self.scroll.setGeometry(x, self.header_height(), sw, self.viewport_height())

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

    def more_text(self, block: MoreBlock) -> str:
        """The tooltip of a "+N" block: each post it stands for, one a line."""
        lines = []
        for key in block.keys:
            post = self.find_post(key)
            if post is not None:
                lines.append(tooltip_for(post, self.tz).split("\n")[0])
        return ntr("{n} more at this time:", "{n} more at this time:", len(block.keys)) + "\n" + "\n".join(lines)

    def event(self, e) -> bool:  # type: ignore[no-untyped-def]
        if e.type() == e.Type.ToolTip:
            block = self.more_at(e.pos())
            if block is not None:
                QToolTip.showText(e.globalPos(), self.more_text(block), self)
                return True
        return super().event(e)

