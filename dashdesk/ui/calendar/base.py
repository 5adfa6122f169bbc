"""What the month and week views share: the filtered posts, selection, drag state and signals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.i18n.formats import date_text
from dashdesk.services.post import Post, PostKey
from dashdesk.ui.calendar import layout
from dashdesk.ui.calendar.chips import ChipCache, ChipMetrics
from dashdesk.ui.calendar.keys import KeyboardInput
from dashdesk.ui.calendar.pointer import DragState, PointerInput
from dashdesk.ui.posts_model import PostsFilterProxy, tooltip_for

__all__ = ["CalendarView", "DragState"]


class CalendarView(PointerInput, KeyboardInput, QWidget):
    """Base of the painted calendar views; subclasses lay out and paint ``self.posts_by_day``."""

    openRequested = Signal(object)  # PostKey
    newRequested = Signal(object)  # aware datetime
    moveRequested = Signal(object, object)  # PostKey, aware datetime
    deleteRequested = Signal(object)  # PostKey
    dayRequested = Signal(object)  # date ("+N more")
    selectionChanged = Signal(object)  # PostKey | None
    message = Signal(str)  # a refusal or hint for the status bar
    contextRequested = Signal(object, object, object)  # PostKey | None, date | None, global QPoint
    anchorChanged = Signal(object)  # date, when the view itself moved to another period

    def __init__(self, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.first_weekday = 0
        self.anchor = date.today()
        self.selected_day = self.anchor
        self.selected_key: PostKey | None = None
        self.thumbnail_lookup: Callable[[str], object] = lambda url: None
        self.move_check: Callable[[Post], str | None] = lambda post: None
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.posts_by_day: dict[date, list[Post]] = {}
        #: Colours of a post's labels (chips draw them as dots); notes of the shown days, by day.
        self.label_colors: Callable[[PostKey], tuple[str, ...]] = lambda key: ()
        self.notes_for: Callable[[date, date], dict[date, list[Any]]] = lambda first, last: {}
        self.notes_by_day: dict[date, list[Any]] = {}
        self.post_by_key: dict[PostKey, Post] = {}
        self.chip_cache = ChipCache()
        self._drag: DragState | None = None
        self._incoming: Post | None = None  # an undated draft dragged in from the "No date" list
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._rebuild_timer = QTimer(self, singleShot=True, interval=0)
        self._rebuild_timer.timeout.connect(self.rebuild)
        # Views read the posts through proxy.visible_posts(), so they follow the source model's
        # changes and the proxy's filter changes (a proxy nobody has queried emits no row signals).
        source = proxy.sourceModel()
        for sig in (source.modelReset, source.rowsInserted, source.rowsRemoved, source.layoutChanged,
                    source.dataChanged, proxy.filtersChanged, source.zoneChanged):  # type: ignore[attr-defined]
            sig.connect(self.schedule_rebuild)

    # --- data ------------------------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        """The display zone."""
        return self.proxy.tz

    def schedule_rebuild(self, *_: object) -> None:
        """Rebuild the day buckets once control returns to the event loop."""
        self._rebuild_timer.start()

    def rebuild(self) -> None:
        """Group the visible posts of the shown days by local day, then repaint."""
        self._rebuild_timer.stop()
        first, last = self.visible_days()
        start, _ = layout.day_bounds(first, self.tz)
        _, end = layout.day_bounds(last, self.tz)
        tz = self.tz
        buckets: dict[date, list[Post]] = {}
        for post in self.proxy.visible_posts():
            ts = post.timestamp or post.when  # a publish-now post sits where it was sent
            if ts is None or ts < start or ts >= end:
                continue
            buckets.setdefault(ts.astimezone(tz).date(), []).append(post)
        self.posts_by_day = buckets
        self.post_by_key = {p.key: p for posts in buckets.values() for p in posts}
        self.notes_by_day = self.notes_for(first, last)
        self.invalidate_layout()
        self.update()

    def visible_posts_count(self) -> int:
        """How many posts the shown days hold after filtering."""
        return sum(len(v) for v in self.posts_by_day.values())

    def find_post(self, key: PostKey | None) -> Post | None:
        """The shown post with ``key``."""
        if key is None:
            return None
        post = self.post_by_key.get(key)
        if post is None and self._incoming is not None and self._incoming.key == key:
            return self._incoming
        return post

    # --- subclass API ----------------------------------------------------------------------

    def visible_days(self) -> tuple[date, date]:
        """First and last day shown."""
        raise NotImplementedError

    def invalidate_layout(self) -> None:
        """Forget computed geometry."""

    def title(self) -> str:
        """Heading for the toolbar, e.g. "March 2026"."""
        raise NotImplementedError

    def empty_text(self) -> str:
        """What to say when there is nothing to show."""
        return tr("No posts here yet. Press N to write one.")

    def post_at(self, pos: QPoint) -> PostKey | None:
        """The post under ``pos``."""
        return None

    def time_at(self, pos: QPoint, key: PostKey | None) -> datetime | None:
        """The instant a post dragged to ``pos`` would get (or a new post double-clicked there)."""
        return None

    # --- state -----------------------------------------------------------------------------

    def set_anchor(self, day: date) -> None:
        """Show the period holding ``day`` and select that day."""
        self.anchor = day
        self.selected_day = day
        self.rebuild()

    def set_first_weekday(self, weekday: int) -> None:
        """Set the first day of the week (0=Monday .. 6=Sunday)."""
        self.first_weekday = weekday
        self.rebuild()

    def select(self, key: PostKey | None) -> None:
        """Select a post (or nothing)."""
        if key != self.selected_key:
            self.selected_key = key
            post = self.find_post(key)
            if post is not None and post.when is not None:
                self.selected_day = post.when.astimezone(self.tz).date()
            self.selectionChanged.emit(key)
            self._update_accessible()
            self.update()

    def _update_accessible(self) -> None:
        post = self.find_post(self.selected_key)
        day = f"{date_text(self.selected_day, 'full')} {self.selected_day.year}"
        n = len(self.posts_by_day.get(self.selected_day, []))
        desc = ntr("{day}: {n} post", "{day}: {n} posts", n, day=day)
        if post is not None:
            index = self.proxy.sourceModel().index_of(post.key)  # type: ignore[attr-defined]
            desc += ". " + tr("Selected: {post}", post=index.data(Qt.ItemDataRole.AccessibleTextRole))
        self.setAccessibleDescription(desc)

    def metrics(self) -> ChipMetrics:
        """Chip sizes from the current font."""
        return ChipMetrics.for_font(self.font())

    # --- events ----------------------------------------------------------------------------

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def event(self, e) -> bool:  # type: ignore[no-untyped-def]
        if e.type() == e.Type.ToolTip:
            key = self.post_at(e.pos())
            post = self.find_post(key)
            day = self.day_at(e.pos()) if post is None else None
            notes = self.notes_by_day.get(day) if day is not None else None
            if post is not None:
                QToolTip.showText(e.globalPos(), tooltip_for(post, self.tz), self)
            elif notes:  # the day's notes in full (their pill is elided in a narrow cell)
                QToolTip.showText(e.globalPos(), "\n".join(
                    tr("No posting: {note}", note=n.text) if n.no_posting else n.text for n in notes), self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def day_at(self, pos: QPoint) -> date | None:
        """The day under ``pos``."""
        return None

    def default_time(self, day: date) -> datetime:
        """A sensible time for a new post on ``day``: 09:00, or the next quarter hour today."""
        now = self.clock()
        when = layout.local_instant(day, 9 * 60, self.tz)
        if when < now:
            local = now.astimezone(self.tz)
            minutes = (local.hour * 60 + local.minute) // 15 * 15 + 30
            if local.date() == day and minutes < 24 * 60:
                return layout.local_instant(day, minutes, self.tz)
        return when

    def arrow(self, key: int) -> None:
        """Move the selected day with the arrow keys (subclasses decide the steps)."""

    def period_changes(self, day: date) -> bool:
        """Whether showing ``day`` needs another period."""
        first, last = self.visible_days()
        return not first <= day <= last

    def paint_focus_ring(self, painter, rect: QRect) -> None:  # type: ignore[no-untyped-def]
        """Draw the keyboard focus frame around the selected day when the view has focus."""
        if not self.hasFocus():
            return
        pen = painter.pen()
        pen.setColor(self.palette().color(QPalette.ColorRole.Highlight))
        pen.setWidth(2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
