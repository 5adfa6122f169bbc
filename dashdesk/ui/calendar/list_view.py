"""List (agenda) view: the period's posts in time order, grouped under day headings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

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
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from dashdesk.i18n import N_, tr
from dashdesk.i18n.formats import date_text
from dashdesk.platforms import STATUSES
from dashdesk.platforms.statuses import PUBLISH_NOW_ICON
from dashdesk.services.post import Post, PostKey
from dashdesk.ui import icons
from dashdesk.ui.bidi import content_direction
from dashdesk.ui.calendar import layout
from dashdesk.ui.calendar.chips import ChipMetrics, mix
from dashdesk.ui.posts_model import PostsFilterProxy, Roles
from dashdesk.ui.status import status_look

Index = QModelIndex | QPersistentModelIndex
#: The heading of the drafts without a date, listed after the dated posts.
NO_DATE_HEADING = N_("No date · drag onto the calendar to give a time")
#: What the time column says under a publish-now post's time.
PUBLISH_NOW_SHORT = N_("Sent")


class RangeProxy(QSortFilterProxyModel):
    """Keeps the posts placed in [start, end), and the drafts without a date (listed last, under "No date")."""

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
        if getattr(self.sourceModel(), "attention_only", False):
            return True  # "Needs attention" lists every such post, whatever month is shown
        ts = self.sourceModel().index(source_row, 0, source_parent).data(Roles.Time)
        return ts is None or self.start <= ts < self.end

    def refilter(self) -> None:
        """Apply the range again (the filter proxy's mode changed)."""
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)


def secondary_text(pal: QPalette) -> QColor:
    """The colour of a row's second lines (zone, post type): the palette's muted text colour.

    (A mix of text and base was 3.7:1 on white; the placeholder colour keeps 4.5:1 on plain and selected rows.)
    """
    return pal.color(QPalette.ColorRole.PlaceholderText)


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
        if here is None or prev is None:
            return (here is None) != (prev is None)  # the first undated post opens "No date"
        return prev.astimezone(tz).date() != here.astimezone(tz).date()

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
        dpr = p.device().devicePixelRatioF()
        flip = _mirror(option.rect, option.direction == Qt.LayoutDirection.RightToLeft)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        when = post.when
        if self._is_first_of_day(index):
            hh = self.heading_height(fm)
            head = QRect(rect.left(), rect.top(), rect.width(), hh)
            p.fillRect(head, pal.color(QPalette.ColorRole.Window))
            bold = QFont(option.font)
            bold.setWeight(QFont.Weight.Bold)
            p.setFont(bold)
            p.setPen(text)
            if when is None:
                label = tr(NO_DATE_HEADING)
            else:
                local = when.astimezone(tz)
                today = self.view.clock().astimezone(tz).date()
                label = date_text(local, "full")
                if local.date() == today:
                    label = tr("Today · {day}", day=label)
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
        p.fillRect(flip(QRect(rect.left() + m.pad * 2, rect.top() + m.pad, m.edge, rect.height() - 2 * m.pad)), accent)
        x = rect.left() + m.pad * 4
        top = rect.top() + m.pad * 2
        line_h = fm.height()
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        bfm = QFontMetrics(bold)
        # column 1: time, with the zone under it
        p.setFont(bold)
        p.setPen(text)
        local = when.astimezone(tz) if when else None
        time_w = max(bfm.horizontalAdvance("00:00"), fm.horizontalAdvance(tr(PUBLISH_NOW_SHORT)) + m.badge) + m.pad * 4
        p.drawText(flip(QRect(x, top, time_w, line_h)), Qt.AlignmentFlag.AlignVCenter,
                   f"{local.hour:02d}:{local.minute:02d}" if local else "—")  # not strftime: see chips
        p.setFont(option.font)
        p.setPen(secondary_text(pal))
        second = QRect(x, top + fm.lineSpacing(), time_w, line_h)
        if post.is_publish_now:
            # Sent at once: marked with the lightning glyph and "Sent" under the time it went.
            glyph = icons.render_svg(PUBLISH_NOW_ICON, m.badge - 2, mix(text, base, 0.3), dpr)
            p.drawPixmap(flip(QRectF(second.left(), second.top() + (line_h - m.badge + 2) / 2, m.badge - 2,
                                     m.badge - 2)), glyph, QRectF(glyph.rect()))
            p.drawText(flip(second.adjusted(m.badge, 0, 0, 0)), Qt.AlignmentFlag.AlignVCenter, tr(PUBLISH_NOW_SHORT))
        else:
            p.drawText(flip(second), Qt.AlignmentFlag.AlignVCenter, (local.tzname() or "") if local else "")
        x += time_w
        # column 2: platform badge and name, post type under it
        badge_size = m.badge + 2
        badge = icons.platform_badge(post.platform, badge_size, dpr, dark)
        p.drawPixmap(flip(QRectF(x, top + (line_h - badge_size) / 2, badge_size, badge_size)), badge,
                     QRectF(badge.rect()))
        name_x = x + badge_size + m.pad * 2
        name_w = fm.horizontalAdvance("Instagram") + m.pad * 6
        p.setPen(text)
        p.drawText(flip(QRect(name_x, top, name_w, line_h)), Qt.AlignmentFlag.AlignVCenter,
                   icons.platform_name(post.platform))
        if post.post_type:
            p.setPen(secondary_text(pal))
            p.drawText(flip(QRect(name_x, top + fm.lineSpacing(), name_w, line_h)), Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(post.post_type.title(), Qt.TextElideMode.ElideRight, name_w))
        x = name_x + name_w
        # column 3: status icon and word in its colour
        look = status_look(post.status)
        color = look.color(dark)
        pm = icons.render_svg(look.icon, m.badge, color, dpr)
        p.drawPixmap(flip(QRectF(x, top + (line_h - m.badge) / 2, m.badge, m.badge)), pm, QRectF(pm.rect()))
        status_w = max(bfm.horizontalAdvance(s.label) for s in STATUSES.values()) + m.badge + m.pad * 5
        p.setPen(color)
        p.setFont(bold)
        p.drawText(flip(QRect(x + m.badge + m.pad, top, status_w - m.badge - m.pad, line_h)),
                   Qt.AlignmentFlag.AlignVCenter, look.word)
        p.setFont(option.font)
        x += status_w
        # thumbnail at the right
        right = rect.right() - m.pad * 3
        thumb_size = rect.height() - m.pad * 2
        t_ltr = QRectF(right - thumb_size, rect.top() + m.pad, thumb_size, thumb_size)
        t = flip(t_ltr)
        thumb = index.data(Roles.Thumbnail)
        if isinstance(thumb, QPixmap):
            path = QPainterPath()
            path.addRoundedRect(t, 4, 4)
            p.save()
            p.setClipPath(path)
            p.drawPixmap(t, thumb, QRectF(thumb.rect()))
            p.restore()
        elif post.media_count:
            glyph = "film" if post.first_media_kind == "VIDEO" else "image"
            pm = icons.render_svg(glyph, m.badge * 2, mix(text, base, 0.55), dpr)
            p.setPen(pal.color(QPalette.ColorRole.Midlight))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(t, 4, 4)
            c = t.center()
            p.drawPixmap(QRectF(c.x() - m.badge, c.y() - m.badge, m.badge * 2, m.badge * 2), pm, QRectF(pm.rect()))
        right = int(t_ltr.left()) - m.pad * 3
        # column 4: the text, on up to two lines
        snippet = " ".join(post.text.split()) or tr("(no caption)")
        p.setPen(text)
        text_rect = flip(QRect(x, top, max(0, right - x), fm.lineSpacing() * 2))
        _two_lines(p, fm, text_rect, snippet)
        if option.state & QStyle.StateFlag.State_HasFocus:
            p.setPen(pal.color(QPalette.ColorRole.Highlight))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect.adjusted(1, 1, -2, -2))
        p.restore()


def _mirror(row: QRect, rtl: bool) -> Any:
    """A function placing a rectangle laid out left to right where a right-to-left row draws it."""
    def flip(r: Any) -> Any:
        if not rtl:
            return r
        moved = type(r)(r)
        moved.moveLeft(row.left() + row.right() + 1 - r.left() - r.width())
        return moved
    return flip


def _two_lines(p: QPainter, fm: QFontMetrics, rect: QRect, text: str) -> None:
    """Draw ``text`` word-wrapped on at most two lines, eliding the end."""
    if rect.width() <= 0:
        return
    words = text.split(" ")
    first = ""
    rest_at = len(words)
    for i, w in enumerate(words):
        trial = f"{first} {w}".strip()
        if fm.horizontalAdvance(trial) > rect.width() and first:
            rest_at = i
            break
        first = trial
    second = " ".join(words[rest_at:])
    ui_direction = p.layoutDirection()
    p.setLayoutDirection(content_direction(text, ui_direction))  # the post's own reading direction
    p.drawText(QRect(rect.left(), rect.top(), rect.width(), fm.height()), Qt.AlignmentFlag.AlignVCenter,
               fm.elidedText(first, Qt.TextElideMode.ElideRight, rect.width()))
    if second:
        p.drawText(QRect(rect.left(), rect.top() + fm.lineSpacing(), rect.width(), fm.height()),
                   Qt.AlignmentFlag.AlignVCenter, fm.elidedText(second, Qt.TextElideMode.ElideRight, rect.width()))
    p.setLayoutDirection(ui_direction)


_STEP_KEYS = {Qt.Key.Key_J: QAbstractItemView.CursorAction.MoveDown,
              Qt.Key.Key_K: QAbstractItemView.CursorAction.MoveUp}


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
        self.setAccessibleName(tr("Post list"))
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
        self._scroll_pending = True
        self.range_proxy.modelReset.connect(self._scroll_if_pending)
        self.range_proxy.rowsInserted.connect(self._scroll_if_pending)
        self.range_proxy.layoutChanged.connect(self._scroll_if_pending)
        self.verticalScrollBar().sliderPressed.connect(self._user_scrolled)
        self.doubleClicked.connect(lambda idx: self.openRequested.emit(idx.data(Roles.Key)))
        proxy.sourceModel().zoneChanged.connect(self._apply_range)  # type: ignore[attr-defined]
        proxy.filtersChanged.connect(self.range_proxy.refilter)

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
        return layout.shown_days("list", self.anchor, self.first_weekday)

    def title(self) -> str:
        """Heading for the toolbar."""
        if self.proxy.attention_only:
            return tr("Needs attention")
        return date_text(self.anchor, "month_year") + " · " + tr("list")

    def set_anchor(self, day: date) -> None:
        """Show the month holding ``day``, scrolled to it (also once its posts arrive)."""
        self.anchor = day
        self._scroll_pending = True
        self._apply_range()
        self._scroll_if_pending()

    def _user_scrolled(self) -> None:
        self._scroll_pending = False

    def _scroll_if_pending(self, *_: object) -> None:
        if self._scroll_pending and self.range_proxy.rowCount():
            self.scroll_to_day(self.anchor)

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
                self.executeDelayedItemsLayout()
                self.scrollTo(self.range_proxy.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
                return
        if self.range_proxy.rowCount():
            self.scrollToBottom()

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
        if self.proxy.attention_only:
            return tr("Nothing needs attention: no post failed, expired or waits for approval close to its time.")
        return tr("No posts this month. Press N to write one.")

    def keyPressEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            key = self.selected_key
            if key is not None:
                self.openRequested.emit(key)
            else:
                self.newRequested.emit(None)
            return
        step = _STEP_KEYS.get(e.key())
        if step is not None and not e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            index = self.moveCursor(step, e.modifiers())  # J / K: next / previous post (as in mail readers)
            if index.isValid():
                self.setCurrentIndex(index)
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
