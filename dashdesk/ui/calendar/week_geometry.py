"""Week view geometry: hour grid metrics, where each chip sits, and what lies under a point.

Mixed into :class:`~dashdesk.ui.calendar.week_view.WeekView`; it reads the view's scroll bar,
``days()``, ``posts_by_day``, zone and chip metrics, and keeps the placed chips in ``_chips``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QPoint, QRect

from dashdesk.services.post import PostKey
from dashdesk.ui.calendar import layout, slots_layer


@dataclass
class PlacedChip:
    """A chip's rectangle in grid coordinates (before scrolling)."""

    key: PostKey
    day: date
    rect: QRect


@dataclass
class MoreBlock:
    """Overlapping posts with no room of their own at this width: one "+N" block stands for them."""

    day: date
    rect: QRect
    keys: list[PostKey]


class WeekGeometry:
    """Sizes of the hour grid, chip placement and hit-testing of the week view."""

    def hour_height(self) -> int:
        """Pixels per hour, from the font (three lines of text per hour at least)."""
        return max(44, round(self.fontMetrics().lineSpacing() * 3.2))

    def header_height(self) -> int:
        """Height of the day header (a line more for notes when the app keeps notes)."""
        return round(self.fontMetrics().height() * (3.8 if self.notes_line else 2.6))

    def gutter_width(self) -> int:
        """Width of the hour labels column."""
        return self.fontMetrics().horizontalAdvance("00:00") + self.fontMetrics().height()

    def grid_width(self) -> int:
        """Width of the seven day columns."""
        return max(7, self.width() - self.gutter_width() - self.scroll.sizeHint().width())

    def column_rect(self, i: int) -> QRect:
        """The x-extent of day column ``i`` (y from 0 to a full day); right to left, the first day is on the
        right and the hours column on the right edge."""
        x, _, w, _ = layout.grid_cell_rect(0, i, self.grid_width(), 1, 1)
        return self.mirrored(QRect(self.gutter_width() + x, 0, w, 24 * self.hour_height()))

    def mirrored(self, rect: QRect) -> QRect:
        """``rect`` (laid out left to right) where a right-to-left layout draws it."""
        if not self.isRightToLeft():
            return rect
        return QRect(self.width() - rect.left() - rect.width(), rect.top(), rect.width(), rect.height())

    def grid_left(self) -> int:
        """The x where the seven day columns start (after the hours, or after the scroll bar)."""
        return self.mirrored(QRect(self.gutter_width(), 0, self.grid_width(), 1)).left()

    def gutter_rect(self, top: int, height: int) -> QRect:
        """The hours column between ``top`` and ``top + height``."""
        return self.mirrored(QRect(0, top, self.gutter_width(), height))

    def viewport_height(self) -> int:
        """Height of the scrolling hour area."""
        return max(1, self.height() - self.header_height())

    def chip_min_minutes(self) -> int:
        """Minutes a chip spans at least (two lines of text)."""
        m = self.metrics()
        return max(30, round((m.height * 2 + m.pad) * 60 / self.hour_height()))

    def min_chip_width(self) -> int:
        """The narrowest chip still readable: its platform mark, the whole time ("19:45") and the
        status icon the chip draws at its right."""
        fm, m = self.fontMetrics(), self.metrics()
        return fm.horizontalAdvance("00:00") + m.badge * 2 + m.pad * 6

    def more_width(self) -> int:
        """Width of a "+N" block."""
        return self.fontMetrics().horizontalAdvance("+99") + self.metrics().pad * 3

    def placed(self) -> list[PlacedChip]:
        """Chips of the shown week in grid coordinates.

        Overlapping posts share their day's width, but never below :meth:`min_chip_width`: the posts
        that would get less are gathered in a "+N" block (:attr:`more`, its tooltip lists them).
        """
        if self._chips is not None:
            return self._chips
        hour = self.hour_height()
        span = self.chip_min_minutes()
        chips: list[PlacedChip] = []
        self.more = []
        for i, day in enumerate(self.days()):
            posts = self.posts_by_day.get(day, [])
            if not posts:
                continue
            col = self.column_rect(i)
            starts = [layout.wall_minutes(p.when, self.tz) for p in posts if p.when]
            # a chip late in the day is lifted so it still fits above midnight
            spans = [(min(s, 24 * 60 - span), min(s, 24 * 60 - span) + span) for s in starts]
            places = layout.overlap_columns(spans)
            room, more_w = col.width() - 4, self.more_width()
            fit = max(1, (room - more_w) // self.min_chip_width())  # chips beside a "+N" block
            hidden: list[tuple[float, float, PostKey]] = []
            for post, (s, e), place in zip(posts, spans, places, strict=False):
                y0 = layout.y_for_minutes(s, hour)
                y1 = layout.y_for_minutes(min(e, 24 * 60), hour)
                if place.columns * self.min_chip_width() <= room:
                    width = room / place.columns
                elif place.column < fit:
                    width = (room - more_w) / fit
                else:
                    hidden.append((y0, y1, post.key))
                    continue
                x = col.left() + 2 + place.column * width
                chips.append(PlacedChip(post.key, day, QRect(round(x), round(y0) + 1, max(8, round(width) - 2),
                                                               max(8, round(y1 - y0) - 2))))
            width = more_w
            x = col.left() + 2 + room - more_w
            for y0, y1, key in sorted(hidden, key=lambda h: h[0]):
                last = self.more[-1] if self.more and self.more[-1].day == day else None
                if last is not None and y0 < last.rect.bottom():
                    last.rect.setBottom(max(last.rect.bottom(), round(y1) - 1))
                    last.keys.append(key)
                else:
                    self.more.append(MoreBlock(day, QRect(x, round(y0) + 1, max(8, round(width) - 2),
                                                          max(8, round(y1 - y0) - 2)), [key]))
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

    def more_at(self, pos: QPoint) -> MoreBlock | None:
        """The "+N" block under widget point ``pos``."""
        if pos.y() < self.header_height():
            return None
        self.placed()
        g = self.to_grid(pos)
        return next((b for b in self.more if b.rect.contains(g)), None)

