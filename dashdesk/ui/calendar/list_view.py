"""List (agenda) view: the period's posts in time order, grouped under day headings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dashdesk.services.post import Post, PostKey
from dashdesk.ui import icons
from dashdesk.ui.calendar import layout
from dashdesk.ui.calendar.chips import ChipMetrics, mix
from dashdesk.ui.posts_model import PostsFilterProxy, Roles, format_time
from dashdesk.ui.status import status_look

Index = QModelIndex | QPersistentModelIndex


class RangeProxy(QSortFilterProxyModel):
    """Keeps the posts with a time in [start, end) (on top of the filter proxy)."""

    def __init__(self, source: PostsFilterProxy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.start = datetime.min.replace(tzinfo=UTC)
        self.end = datetime.max.replace(tzinfo=UTC)

    def set_range(self, start: datetime, end: datetime) -> None:
        """Show [start, end)."""
        self.beginFilterChange()
        self.start, self.end = start, end
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        ts = self.sourceModel().index(source_row, 0, source_parent).data(Roles.Time)
        return ts is not None and self.start <= ts < self.end


class AgendaDelegate(QStyledItemDelegate):
    """Paints one post row; the first post of a day also gets the day heading above it."""

    def __init__(self, view: ListView) -> None:
        super().__init__(view)
        self.view = view

    def _is_first_of_day(self, index: QModelIndex) -> bool:
        if index.row() == 0:
            return True
        tz = self.view.tz
        here = index.data(Roles.Time)
        prev = index.sibling(index.row() - 1, 0).data(Roles.Time)
        return prev is None or here is None or prev.astimezone(tz).date() != here.astimezone(tz).date()

    def heading_height(self, fm: QFontMetrics) -> int:
        """Height of a day heading."""
        return round(fm.height() * 2.3)

    def row_height(self, fm: QFontMetrics) -> int:
        """Height of a post row (two text lines and padding)."""
        return round(fm.lineSpacing() * 2 + fm.height() * 1.4)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fm = option.fontMetrics
        h = self.row_height(fm)
        if self._is_first_of_day(QModelIndex(index)):
            h += self.heading_height(fm)
        return QSize(option.rect.width() or 600, h)

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        index = QModelIndex(index)
        post: Post = index.data(Roles.Post)
        tz = self.view.tz
        pal = option.palette
        fm = option.fontMetrics
        m = ChipMetrics.for_font(option.font)
        dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        rect = QRect(option.rect)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._is_first_of_day(index) and post.timestamp is not None:
            hh = self.heading_height(fm)
            head = QRect(rect.left(), rect.top(), rect.width(), hh)
            p.fillRect(head, pal.color(QPalette.ColorRole.Window))
            local = post.timestamp.astimezone(tz)
            bold = QFont(option.font)
            bold.setWeight(QFont.Weight.Bold)
            p.setFont(bold)
            p.setPen(text)
            today = self.view.clock().astimezone(tz).date()
            label = local.strftime("%A %d %B")
            if local.date() == today:
                label = "Today · " + label
            p.drawText(head.adjusted(m.pad * 4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       label)
            p.setFont(option.font)
            rect.setTop(rect.top() + hh)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            p.fillRect(rect, mix(base, pal.color(QPalette.ColorRole.Highlight), 0.22))
        p.setPen(pal.color(QPalette.ColorRole.Midlight))
        p.drawLine(rect.bottomLeft(), rect.bottomRight())
        accent = icons.platform_accent(post.platform, dark)
        p.fillRect(QRect(rect.left() + m.pad * 2, rect.top() + m.pad, m.edge, rect.height() - 2 * m.pad), accent)
        x = rect.left() + m.pad * 4
        line1 = QRect(x, rect.top() + m.pad * 2, rect.width(), fm.height())
        # time with zone
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        p.setFont(bold)
        p.setPen(text)
        time_text = format_time(post.timestamp, tz)
        time_w = QFontMetrics(bold).horizontalAdvance("00:00 WWWW") + m.pad * 2
        p.drawText(QRect(x, line1.top(), time_w, fm.height()), Qt.AlignmentFlag.AlignVCenter, time_text)
        p.setFont(option.font)
        x += time_w
        # platform badge + name (+ type)
        dpr = p.device().devicePixelRatioF()
        badge = icons.platform_badge(post.platform, m.badge + 2, dpr, dark)
        p.drawPixmap(QRectF(x, line1.top() + (fm.height() - m.badge - 2) / 2, m.badge + 2, m.badge + 2), badge,
                     QRectF(badge.rect()))
        name = icons.platform_name(post.platform)
        if post.post_type:
            name += f" · {post.post_type.title()}"
        name_w = fm.horizontalAdvance("Instagram · Story") + m.pad * 3
        p.drawText(QRect(x + m.badge + 2 + m.pad * 2, line1.top(), name_w, fm.height()),
                   Qt.AlignmentFlag.AlignVCenter, name)
        x += m.badge + 2 + m.pad * 2 + name_w
        # status: icon + word in colour
        look = status_look(post.status)
        color = look.color(dark)
        pm = icons.render_svg(look.icon, m.badge, color, dpr)
        p.drawPixmap(QRectF(x, line1.top() + (fm.height() - m.badge) / 2, m.badge, m.badge), pm, QRectF(pm.rect()))
        p.setPen(color)
        p.setFont(bold)
        p.drawText(QRect(x + m.badge + m.pad, line1.top(), fm.horizontalAdvance("Needs approval") + m.pad * 4,
                         fm.height()), Qt.AlignmentFlag.AlignVCenter, look.word)
        p.setFont(option.font)
        # thumbnail at the right
        right = rect.right() - m.pad * 3
        thumb_size = rect.height() - m.pad * 2
        thumb = index.data(Roles.Thumbnail)
        if isinstance(thumb, QPixmap):
            t = QRectF(right - thumb_size, rect.top() + m.pad, thumb_size, thumb_size)
            p.save()
            from PySide6.QtGui import QPainterPath

            path = QPainterPath()
            path.addRoundedRect(t, 4, 4)
            p.setClipPath(path)
            p.drawPixmap(t, thumb, QRectF(thumb.rect()))
            p.restore()
        elif post.media_count:
            glyph = "film" if post.first_media_kind == "VIDEO" else "image"
            pm = icons.render_svg(glyph, m.badge * 2, mix(text, base, 0.55), dpr)
            t = QRectF(right - thumb_size, rect.top() + m.pad, thumb_size, thumb_size)
            p.setPen(pal.color(QPalette.ColorRole.Midlight))
            p.drawRoundedRect(t, 4, 4)
            c = t.center()
            p.drawPixmap(QRectF(c.x() - m.badge, c.y() - m.badge, m.badge * 2, m.badge * 2), pm, QRectF(pm.rect()))
        right -= thumb_size + m.pad * 3
        # text line
        p.setPen(mix(text, base, 0.12))
        snippet = " ".join(post.text.split()) or "(no text)"
        tx = rect.left() + m.pad * 4
        line2 = QRect(tx, line1.bottom() + m.pad, max(0, right - tx), fm.lineSpacing())
        p.drawText(line2, Qt.AlignmentFlag.AlignVCenter, fm.elidedText(snippet, Qt.TextElideMode.ElideRight,
                                                                       line2.width()))
        if option.state & QStyle.StateFlag.State_HasFocus:
            p.setPen(pal.color(QPalette.ColorRole.Highlight))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(1, 1, -2, -2))
        p.restore()


class ListView(QListView):
    """The agenda of the shown period."""

    openRequested = Signal(object)
    newRequested = Signal(object)
    moveRequested = Signal(object, object)
    deleteRequested = Signal(object)
    dayRequested = Signal(object)
    selectionChanged = Signal(object)
    message = Signal(str)
    anchorChanged = Signal(object)

    def __init__(self, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.range_proxy = RangeProxy(proxy, self)
        self.setModel(self.range_proxy)
        self.setAccessibleName("Post list")
        self.setItemDelegate(AgendaDelegate(self))
        self.setUniformItemSizes(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.first_weekday = 0
        self.anchor = date.today()
        self.thumbnail_lookup: Callable[[str], object] = lambda url: None
        self.move_check: Callable[[Post], str | None] = lambda post: None
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.selectionModel().currentChanged.connect(self._current_changed)
        self.doubleClicked.connect(lambda idx: self.openRequested.emit(idx.data(Roles.Key)))
        proxy.sourceModel().zoneChanged.connect(self._apply_range)  # type: ignore[attr-defined]

    @property
    def tz(self):  # type: ignore[no-untyped-def]
        """The display zone."""
        return self.proxy.tz

    @property
    def selected_key(self) -> PostKey | None:
        """The selected post."""
        idx = self.currentIndex()
        return idx.data(Roles.Key) if idx.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selectionChanged.emit(current.data(Roles.Key) if current.isValid() else None)

    def visible_days(self) -> tuple[date, date]:
        """The month of the anchor."""
        rows = layout.month_grid(self.anchor.year, self.anchor.month, 0)
        first = date(self.anchor.year, self.anchor.month, 1)
        last = max(d for row in rows for d in row if d.month == self.anchor.month)
        return first, last

    def title(self) -> str:
        """Heading for the toolbar."""
        return self.anchor.strftime("%B %Y") + " · list"

    def set_anchor(self, day: date) -> None:
        """Show the month holding ``day``, scrolled to it."""
        self.anchor = day
        self._apply_range()
        self.scroll_to_day(day)

    def _apply_range(self) -> None:
        first, last = self.visible_days()
        start, _ = layout.day_bounds(first, self.tz)
        _, end = layout.day_bounds(last, self.tz)
        self.range_proxy.set_range(start, end)

    def scroll_to_day(self, day: date) -> None:
        """Scroll to the first post on or after ``day``."""
        tz = self.tz
        for row in range(self.range_proxy.rowCount()):
            ts = self.range_proxy.index(row, 0).data(Roles.Time)
            if ts is not None and ts.astimezone(tz).date() >= day:
                self.scrollTo(self.range_proxy.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
                return

    def set_first_weekday(self, weekday: int) -> None:
        """Kept for symmetry with the other views."""
        self.first_weekday = weekday

    def select(self, key: PostKey | None) -> None:
        """Select the row of ``key``."""
        for row in range(self.range_proxy.rowCount()):
            idx = self.range_proxy.index(row, 0)
            if idx.data(Roles.Key) == key:
                self.setCurrentIndex(idx)
                return

    def visible_posts_count(self) -> int:
        """How many posts are listed."""
        return self.range_proxy.rowCount()

    def empty_text(self) -> str:
        """What an empty list says."""
        return "No posts this month. Press N to write one."

    def keyPressEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            key = self.selected_key
            if key is not None:
                self.openRequested.emit(key)
            else:
                self.newRequested.emit(None)
            return
        if e.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.selected_key is not None:
            self.deleteRequested.emit(self.selected_key)
            return
        super().keyPressEvent(e)

    def paintEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(e)
        if self.range_proxy.rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text())
            p.end()
