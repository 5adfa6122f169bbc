"""Month view: a grid of days, each with as many post chips as fit and "+N more"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QWidget

from dashdesk.i18n import tr
from dashdesk.i18n.formats import date_text, first_of_month, weekday_name
from dashdesk.services.post import PostKey
from dashdesk.ui.calendar import layout
from dashdesk.ui.calendar.base import CalendarView
from dashdesk.ui.calendar.chips import mix, paint_chip, paint_more
from dashdesk.ui.calendar.notes_paint import paint_cell_tint, paint_notes
from dashdesk.ui.posts_model import PostsFilterProxy


@dataclass
class CellLayout:
    """Computed geometry of one day cell."""

    day: date
    rect: QRect
    chips: list[tuple[QRect, PostKey]] = field(default_factory=list)
    more: tuple[QRect, int] | None = None


class MonthView(CalendarView):
    """The month grid."""

    def __init__(self, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(proxy, parent)
        self.setAccessibleName(tr("Month calendar"))
        self.setMouseTracking(False)
        self._cells: list[CellLayout] | None = None
        self._rows: list[list[date]] = []
        self.setMinimumSize(420, 320)

    # --- geometry --------------------------------------------------------------------------

    def weeks(self) -> list[list[date]]:
        """The rows of dates shown."""
        return layout.month_grid(self.anchor.year, self.anchor.month, self.first_weekday)

    def visible_days(self) -> tuple[date, date]:
        return layout.shown_days("month", self.anchor, self.first_weekday)

    def title(self) -> str:
        return date_text(self.anchor, "month_year")

    def empty_text(self) -> str:
        return tr("No posts this month. Press N to write one, or double-click a day.")

    def header_height(self) -> int:
        """Height of the weekday names row."""
        return round(self.fontMetrics().height() * 1.9)

    def invalidate_layout(self) -> None:
        self._cells = None

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._cells = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._cells = None  # the grid mirrors
            self.update()
        super().changeEvent(event)

    def cells(self) -> list[CellLayout]:
        """The day cells with their chips, computed for the current size and posts."""
        if self._cells is not None:
            return self._cells
        rows = self.weeks()
        self._rows = rows
        m = self.metrics()
        fm = self.fontMetrics()
        top = self.header_height()
        width, height = self.width(), self.height() - top
        cells: list[CellLayout] = []
        day_label_h = fm.height() + m.pad * 2
        for r, week in enumerate(rows):
            for c, day in enumerate(week):
                x, y, w, h = layout.grid_cell_rect(r, self._column(c), width, height, len(rows))
                rect = QRect(x, y + top, w, h)
                cell = CellLayout(day, rect)
                posts = self.posts_by_day.get(day, [])
                inner_top = rect.top() + day_label_h
                available = rect.bottom() - inner_top - m.pad
                fit = layout.chips_that_fit(available, m.height, m.spacing, len(posts))
                cy = inner_top
                for post in posts[: fit.visible]:
                    cell.chips.append((QRect(rect.left() + m.pad, cy, w - 2 * m.pad, m.height), post.key))
                    cy += m.height + m.spacing
                if fit.more:
                    cell.more = (QRect(rect.left() + m.pad, cy, w - 2 * m.pad, m.height), fit.more)
                cells.append(cell)
        self._cells = cells
        return cells

    def _column(self, index: int) -> int:
        """Where the ``index``-th day of a week is drawn: from the right in a right-to-left layout."""
        return 6 - index if self.isRightToLeft() else index

    def cell_of(self, day: date) -> CellLayout | None:
        """The cell of ``day``, if shown."""
        for cell in self.cells():
            if cell.day == day:
                return cell
        return None

    def post_at(self, pos: QPoint) -> PostKey | None:
        for cell in self.cells():
            if cell.rect.contains(pos):
                for rect, key in cell.chips:
                    if rect.contains(pos):
                        return key
                return None
        return None

    def day_at(self, pos: QPoint) -> date | None:
        for cell in self.cells():
            if cell.rect.contains(pos):
                return cell.day
        return None

    def chip_rect(self, key: PostKey) -> QRect | None:
        """Where the chip of ``key`` is painted (for tests and accessibility)."""
        for cell in self.cells():
            for rect, k in cell.chips:
                if k == key:
                    return rect
        return None

    def time_at(self, pos: QPoint, key: PostKey | None) -> datetime | None:
        day = self.day_at(pos)
        if day is None:
            return None
        post = self.find_post(key)
        if post is None or post.timestamp is None:
            return self.default_time(day)
        minutes = layout.wall_minutes(post.timestamp, self.tz)
        return layout.local_instant(day, minutes, self.tz)

    def period_changes(self, day: date) -> bool:
        return (day.year, day.month) != (self.anchor.year, self.anchor.month)

    # --- keyboard --------------------------------------------------------------------------

    def arrow(self, key: int) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}[key]
        self.move_day(self.selected_day + timedelta(days=step))

    def mousePressEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        pos = e.position().toPoint()
        for cell in self.cells():
            if cell.more and cell.more[0].contains(pos) and e.button() == Qt.MouseButton.LeftButton:
                self.selected_day = cell.day
                self.dayRequested.emit(cell.day)
                return
        super().mousePressEvent(e)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        p = QPainter(self)
        pal = self.palette()
        m = self.metrics()
        fm = self.fontMetrics()
        base = pal.color(QPalette.ColorRole.Base)
        outside = pal.color(QPalette.ColorRole.AlternateBase)
        grid_pen = pal.color(QPalette.ColorRole.Midlight)
        text = pal.color(QPalette.ColorRole.Text)
        dim = mix(text, base, 0.5)
        p.fillRect(self.rect(), base)
        # weekday header
        top = self.header_height()
        p.fillRect(QRect(0, 0, self.width(), top), pal.color(QPalette.ColorRole.Window))
        small = QFont(self.font())
        small.setWeight(QFont.Weight.DemiBold)
        p.setFont(small)
        p.setPen(mix(text, base, 0.3))
        for c in range(7):
            x, _, w, _ = layout.grid_cell_rect(0, self._column(c), self.width(), 1, 1)
            name = weekday_name((self.first_weekday + c) % 7, short=True)
            p.drawText(QRect(x + m.pad * 2, 0, w - m.pad * 2, top), Qt.AlignmentFlag.AlignVCenter, name)
        p.setFont(self.font())
        today = self.clock().astimezone(self.tz).date()
        cells = self.cells()
        visible = event.rect()
        for cell in cells:
            rect = cell.rect
            if not rect.intersects(visible):
                continue
            notes = self.notes_by_day.get(cell.day)
            if cell.day.month != self.anchor.month:
                p.fillRect(rect, outside)
            if notes:
                paint_cell_tint(p, rect, notes, pal)
            p.setPen(grid_pen)
            p.drawLine(rect.topLeft(), rect.topRight())
            p.drawLine(rect.topLeft(), rect.bottomLeft())
            # day number
            label = str(cell.day.day) if cell.day.day != 1 else first_of_month(cell.day)
            label_rect = QRect(rect.left() + m.pad, rect.top() + m.pad // 2, rect.width() - 2 * m.pad,
                               fm.height() + m.pad)
            if cell.day == today:
                bold = QFont(self.font())
                bold.setWeight(QFont.Weight.Bold)
                p.setFont(bold)
                bw = QFontMetrics(bold).horizontalAdvance(label) + m.pad * 3
                pill = QRectF(label_rect.left(), label_rect.top(), max(bw, label_rect.height()), label_rect.height())
                p.setRenderHint(QPainter.RenderHint.Antialiasing)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(pal.color(QPalette.ColorRole.Highlight))
                p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
                p.setPen(pal.color(QPalette.ColorRole.HighlightedText))
                p.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
                p.setFont(self.font())
                p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            else:
                p.setPen(text if cell.day.month == self.anchor.month else dim)
                p.drawText(label_rect.adjusted(m.pad, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, label)
            if notes:
                used = fm.horizontalAdvance(label) + m.pad * 4
                paint_notes(p, label_rect.adjusted(used, 1, 0, -1), notes, pal)
            posts = self.post_by_key
            for chip_rect, key in cell.chips:
                post = posts[key]
                thumb = self._thumb(post.thumbnail_url)
                dragging = self._drag is not None and self._drag.active and self._drag.key == key
                p.setOpacity(0.35 if dragging else 1.0)
                self.chip_cache.draw(p, chip_rect, post, self.tz, pal, m, thumb=thumb,
                                     selected=key == self.selected_key, marks=self.label_colors(key),
                                     rtl=self.isRightToLeft())
                p.setOpacity(1.0)
            if cell.more:
                paint_more(p, cell.more[0], cell.more[1], pal)
            if cell.day == self.selected_day:
                self.paint_focus_ring(p, rect)
        self._paint_drag(p, cells, m)
        if not self.posts_by_day:
            self._paint_empty(p)
        p.end()
        self.chip_cache.painted()

    def _thumb(self, url: str | None) -> QPixmap | None:
        if not url:
            return None
        pm = self.thumbnail_lookup(url)
        return pm if isinstance(pm, QPixmap) else None

    def _paint_drag(self, p: QPainter, cells: list[CellLayout], m) -> None:  # type: ignore[no-untyped-def]
        drag = self._drag
        if drag is None or not drag.active or drag.pos is None:
            return
        post = self.find_post(drag.key)
        if post is None:
            return
        pal = self.palette()
        target_day = self.day_at(drag.pos)
        for cell in cells:
            if cell.day == target_day:
                ok = drag.target is not None and drag.target >= self.clock()
                color = pal.color(QPalette.ColorRole.Highlight) if ok else pal.color(QPalette.ColorRole.PlaceholderText)
                color.setAlphaF(0.15)
                p.fillRect(cell.rect, color)
        width = cells[0].rect.width() - 2 * m.pad if cells else 160
        ghost = QRect(drag.pos.x() - width // 2, drag.pos.y() - m.height // 2, width, m.height)
        paint_chip(p, ghost, post, self.tz, pal, m, selected=True, ghost=True, rtl=self.isRightToLeft())

    def _paint_empty(self, p: QPainter) -> None:
        pal = self.palette()
        fm = self.fontMetrics()
        text = self.empty_text()
        w = fm.horizontalAdvance(text) + fm.height() * 2
        h = fm.height() * 2.4
        box = QRectF((self.width() - w) / 2, self.height() - h - fm.height() * 1.5, w, h)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.setBrush(pal.color(QPalette.ColorRole.Window))
        p.drawRoundedRect(box, 8, 8)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
