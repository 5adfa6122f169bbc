"""ReviewPanel: the review queue — drafts grouped by day beside a full preview, with keyboard review.

Keys (in the list): J / K next and previous, Space toggles the selection of the current post,
A approve and schedule, P publish now, E edit, Delete delete. Actions apply to the selected posts,
or to the current one when none is selected. Every change goes through ``PostService`` (via
``ReviewActions``): the row leaves the queue at once, comes back if the API refuses, and approving
is one undo step.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.platforms import rules_for
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import PostService
from dashdesk.services.review import ApprovalCheck, BatchResult, ReviewActions
from dashdesk.ui import icons
from dashdesk.ui.posts_model import PostsModel, Roles
from dashdesk.ui.review.delegate import ReviewDelegate, muted_color
from dashdesk.ui.review.operations import ReviewOperations
from dashdesk.ui.review.preview import PostPreview, text_label
from dashdesk.ui.review.proxy import ReviewProxy

#: Range presets: label → (days back, days ahead) from the start of today (``None``: everything loaded).
RANGES: tuple[tuple[str, tuple[int, int] | None], ...] = (
    (N_("Next 7 days"), (0, 7)),
    (N_("Next 14 days"), (0, 14)),
    (N_("Next 30 days"), (0, 30)),
    (N_("Overdue (last 30 days) and next 30"), (30, 30)),
    (N_("Everything loaded"), None),
)
_KEYS = {Qt.Key.Key_J, Qt.Key.Key_K, Qt.Key.Key_A, Qt.Key.Key_E, Qt.Key.Key_P, Qt.Key.Key_Delete,
         Qt.Key.Key_Space}


def review_button(glyph: str, text: str, key: str, tip: str, slot: Callable[[], Any]) -> QPushButton:
    """A review action button: icon, words, the key in its tooltip; a click leaves the focus in the list."""
    button = QPushButton(icons.icon(glyph), text)
    button.setToolTip(tr("{tip} ({key})", tip=tip, key=key))
    button.setAccessibleName(text.rstrip("…"))
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    button.clicked.connect(slot)
    return button


def range_around(today: date, tz: ZoneInfo, days: tuple[int, int] | None) -> tuple[datetime | None, datetime | None]:
    """[today - back, today + ahead) in ``tz``, as UTC; ``(None, None)`` for everything."""
    if days is None:
        return None, None
    back, ahead = days
    start = datetime.combine(today - timedelta(days=back), datetime.min.time(), tzinfo=tz)
    end = datetime.combine(today + timedelta(days=ahead), datetime.min.time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


class ReviewList(QListView):
    """The queue list: owns the review keys (also against window shortcuts) and paints its empty state."""

    def __init__(self, panel: ReviewPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.empty_text = tr("Nothing waits for review in this range.")

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and isinstance(e, QKeyEvent):
            plain = e.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if plain and e.key() in _KEYS:
                e.accept()
                return True
        return super().event(e)

    def keyPressEvent(self, e: QKeyEvent) -> None:
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.NoModifier and self.panel.handle_key(Qt.Key(e.key())):
            e.accept()
            return
        super().keyPressEvent(e)

    def paintEvent(self, e: QPaintEvent) -> None:
        super().paintEvent(e)
        if self.model() is not None and self.model().rowCount() == 0:
            p = QPainter(self.viewport())
            p.setPen(muted_color(self.palette()))
            line = self.fontMetrics().height()
            r = self.viewport().rect().adjusted(line, line * 2, -line, -line)
            p.drawText(r, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                       self.empty_text)
            p.end()

    def dataChanged(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any = ()) -> None:
        super().dataChanged(top_left, bottom_right, roles)
        self.scheduleDelayedItemsLayout()  # a changed time may move a day header


class ReviewPanel(QWidget):
    """The review queue of the app's posts: a list grouped by day, a preview, and the review actions.

    ``service`` is the app's ``PostService`` (every change goes through it) and ``model`` the
    ``PostsModel`` the calendar shows (the queue filters it, so both stay in step). ``edit_handler``
    is called as ``edit_handler(post, field_path)`` when the reviewer asks to edit
    (:func:`dashdesk.ui.review.install` passes one that opens ``window.open_composer(post=post)``
    and asks the composer to ``focus_field(field_path)``); ``editRequested`` carries the same.
    ``field_path`` is the body path to fix (``"media_ids"``, ``"meta.title"``, ``"title"``...) or
    ``""``. With ``load_on_range`` the panel loads the posts of its range through ``service.load``
    (the window may instead follow ``rangeChanged``).
    """

    editRequested = Signal(object, str)
    rangeChanged = Signal(object, object)
    operationFinished = Signal(str)
    countChanged = Signal(int)

    def __init__(
        self,
        service: PostService,
        model: PostsModel,
        parent: QWidget | None = None,
        *,
        edit_handler: Callable[[Post, str], Any] | None = None,
        load_on_range: bool = True,
        x_premium: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.model = model
        self.actions = ReviewActions(service, x_premium=x_premium)
        self.edit_handler = edit_handler
        self.load_on_range = load_on_range
        self.operations = ReviewOperations(self)
        # The batch verbs live in ReviewOperations; the panel hands them on (keys, buttons, callers).
        self.approve_selected = self.operations.approve_selected
        self.publish_selected = self.operations.publish_selected
        self.delete_selected = self.operations.delete_selected
        self._load_task: asyncio.Future[Any] | None = None
        self._checks: dict[PostKey, tuple[Post, ApprovalCheck]] = {}
        self._sized = False
        self.marking = False  # Space has marked posts: J / K move without changing the selection
        self.setAccessibleName(tr("Review queue"))

        self.proxy = ReviewProxy(model, self)
        self.proxy.check = self.check
        self.list = ReviewList(self)
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(ReviewDelegate(self.check, self.tz, self.today, self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setMouseTracking(True)
        self.list.setUniformItemSizes(False)
        self.list.setAccessibleName(tr("Posts waiting for review"))
        self.list.setToolTip(tr(
                "J / K: next / previous · Space: select · A: approve · P: publish now · E: edit · Delete: delete"
            ))
        self.preview = PostPreview(self.tz, self._thumbnail, self)
        self.preview.editRequested.connect(lambda field: self.edit_current(field or None))

        self.range_box = QComboBox()
        self.range_box.setAccessibleName(tr("Review range"))
        self.range_box.setToolTip(tr("Which drafts to list, by their planned time"))
        for label, _days in RANGES:
            self.range_box.addItem(tr(label))
        self.count_label = text_label("", bold=True)
        self.count_label.setAccessibleName(tr("Posts waiting"))
        self.approve_button = review_button("check-circle", tr("Approve and schedule…"), "A",
                                           tr("Schedule the selected posts (confirm or pick the time)"),
                                           self.approve_selected)
        self.publish_button = review_button("send", tr("Publish now…"), "P",
                                           tr("Publish the selected posts now"), self.publish_selected)
        self.edit_button = review_button("pencil-square", tr("Edit"), "E",
                                        tr("Open the current post in the composer"), lambda: self.edit_current())
        self.delete_button = review_button("trash", tr("Delete…"), "Delete", tr("Delete the selected posts"),
                                          self.delete_selected)

        bar = QHBoxLayout()
        bar.addWidget(self.range_box)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        for b in (self.approve_button, self.publish_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        self.message = text_label("", wrap=True)
        self.message.setAccessibleName(tr("Review message"))
        self.message.hide()

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self.list)
        split.addWidget(self.preview)
        line = self.fontMetrics().height()
        self.list.setMinimumWidth(line * 20)
        self.preview.setMinimumWidth(line * 16)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.splitter = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(round(line * 0.5), round(line * 0.5), round(line * 0.5), round(line * 0.5))
        layout.setSpacing(round(line * 0.5))
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)

        self.list.selectionModel().currentChanged.connect(self._update_preview)
        self.list.selectionModel().selectionChanged.connect(self._update_preview)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._rows_changed)
        self.proxy.dataChanged.connect(self._data_changed)
        model.zoneChanged.connect(self._zone_changed)
        self.range_box.setCurrentIndex(2)  # next 30 days; loading waits for reload() (no task in here)
        self.proxy.set_range(*range_around(self.today(), self.tz(), RANGES[2][1]))
        self.range_box.currentIndexChanged.connect(self._range_picked)
        self._rows_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Preview beside the list when there is room, below it in a narrow dock."""
        super().resizeEvent(event)
        wide = self.width() >= self.fontMetrics().height() * 60
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)

    def showEvent(self, event: QShowEvent) -> None:
        """Give the list three fifths and the preview two on first show."""
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = sum(self.splitter.sizes()) or self.width()
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])

    def changeEvent(self, event: QEvent) -> None:
        """Redraw the preview in the new colours when the palette (light/dark scheme) changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._checks.clear()
            self._update_preview()
            self.list.viewport().update()

    # --- small helpers ----------------------------------------------------------------------

    def tz(self) -> ZoneInfo:
        """The display zone (the posts model's)."""
        return self.model.tz

    def now(self) -> datetime:
        """The service's clock."""
        return self.service.clock()

    def today(self) -> date:
        """Today in the display zone."""
        return self.now().astimezone(self.tz()).date()

    def _thumbnail(self, url: str) -> Any:
        return self.model.thumbnail_lookup(url)

    def check(self, post: Post) -> ApprovalCheck:
        """Whether ``post`` can be approved (cached per post snapshot)."""
        cached = self._checks.get(post.key)
        if cached is not None and cached[0] is post:
            return cached[1]
        result = self.actions.check(post)
        self._checks[post.key] = (post, result)
        return result

    # --- range ------------------------------------------------------------------------------

    def _range_picked(self, i: int) -> None:
        days = RANGES[i][1] if 0 <= i < len(RANGES) else None
        self.set_range(*range_around(self.today(), self.tz(), days))

    def set_range(self, start: datetime | None, end: datetime | None) -> None:
        """List the posts of [start, end); loads them through the service when ``load_on_range``."""
        self.proxy.set_range(start, end)
        self._rows_changed()
        self.rangeChanged.emit(start, end)
        if self.load_on_range and start is not None and end is not None and self.service.client is not None:
            self.reload()

    def reload(self) -> asyncio.Future[Any] | None:
        """Load the current range from the API (replacing a load still running); returns the task."""
        start, end = self.proxy.start, self.proxy.end
        if start is None or end is None or self.service.client is None:
            return None
        if self._load_task is not None and not self._load_task.done():
            self._load_task.cancel()
        self._load_task = self.operations.spawn(self._load(start, end), tr("Loading drafts…"))
        return self._load_task

    async def _load(self, start: datetime, end: datetime) -> tuple[str, bool]:
        result = await self.service.load(start, end)
        if result.offline:
            return tr("Offline: showing the posts known from the last sync."), True
        if result.errors:
            names = ", ".join(rules_for(p).name for p in result.errors)
            return tr("Couldn't load {platforms}; the other platforms are up to date.", platforms=names), True
        return "", False

    # --- selection and keys -----------------------------------------------------------------

    def selected_posts(self) -> list[Post]:
        """The selected posts in row order, or the current post when none is selected."""
        rows = self.selected_rows()
        if rows:
            return [self.proxy.post_at(r) for r in rows]
        current = self.current_post()
        return [current] if current else []

    def selected_rows(self) -> list[int]:
        """Rows of the selected posts, in order."""
        return sorted({i.row() for i in self.list.selectionModel().selectedIndexes()})

    def current_post(self) -> Post | None:
        """The post under the keyboard cursor."""
        idx = self.list.currentIndex()
        post = idx.data(Roles.Post) if idx.isValid() else None
        return post if isinstance(post, Post) else None

    def select_row(self, row: int) -> None:
        """Make ``row`` current; it becomes the selection unless posts are marked (Space) or several picked."""
        if not (0 <= row < self.proxy.rowCount()):
            return
        idx = self.proxy.index(row, 0)
        keep = self.marking or len(self.selected_rows()) > 1
        flags = QItemSelectionModel.SelectionFlag.NoUpdate if keep else QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.list.selectionModel().setCurrentIndex(idx, flags)
        self.list.scrollTo(idx)

    def step(self, delta: int) -> None:
        """Move the cursor ``delta`` rows (J: +1, K: -1)."""
        if self.proxy.rowCount() == 0:
            return
        current = self.list.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        self.select_row(max(0, min(self.proxy.rowCount() - 1, row)))

    def toggle_current(self) -> None:
        """Space: mark the current post (the first Space starts marking), or unmark it."""
        idx = self.list.currentIndex()
        if not idx.isValid():
            self.step(0)
            return
        sm = self.list.selectionModel()
        if not self.marking:
            self.marking = True
            sm.select(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        else:
            sm.select(idx, QItemSelectionModel.SelectionFlag.Toggle)
            if not sm.hasSelection():
                self.marking = False
        self._update_preview()

    def handle_key(self, key: Qt.Key) -> bool:
        """Run the review key ``key``; whether it was one."""
        handlers: dict[Qt.Key, Callable[[], Any]] = {
            Qt.Key.Key_J: lambda: self.step(1),
            Qt.Key.Key_K: lambda: self.step(-1),
            Qt.Key.Key_Space: self.toggle_current,
            Qt.Key.Key_A: self.approve_selected,
            Qt.Key.Key_P: self.publish_selected,
            Qt.Key.Key_E: lambda: self.edit_current(),
            Qt.Key.Key_Delete: self.delete_selected,
        }
        handler = handlers.get(key)
        if handler is None:
            return False
        handler()
        return True

    def focus_queue(self) -> None:
        """Put the keyboard in the list, on the first post if none is current."""
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.list.currentIndex().isValid():
            self.step(0)

    @property
    def pending(self) -> asyncio.Future[Any] | None:
        """The last operation or load started (a task on the app's loop)."""
        return self.operations.pending

    @property
    def last_result(self) -> BatchResult | None:
        """The result of the last batch operation."""
        return self.operations.last_result

    @property
    def _dialog(self) -> QWidget | None:
        return self.operations.dialog

    def edit_current(self, field: str | None = None) -> Post | None:
        """Ask to edit the current post, at ``field`` or at the field that blocks its approval."""
        post = self.current_post()
        if post is None:
            return None
        if field is None:
            check = self.check(post)
            field = check.field or "" if not check.ok else ""
        self.editRequested.emit(post, field)
        if self.edit_handler is not None:
            self.edit_handler(post, field)
        return post

    # --- following the model ----------------------------------------------------------------

    def _rows_changed(self, *_: object) -> None:
        n = self.proxy.rowCount()
        self.count_label.setText(tr("{n} waiting", n=n) if n else tr("None waiting"))
        for b in (self.approve_button, self.publish_button, self.edit_button, self.delete_button):
            b.setEnabled(n > 0)
        if n and not self.list.currentIndex().isValid() and self.list.hasFocus():
            self.step(0)
        self.countChanged.emit(n)
        self._update_preview()

    def _data_changed(self, *_: object) -> None:
        self._update_preview()

    def _zone_changed(self) -> None:
        self.list.scheduleDelayedItemsLayout()
        self.list.viewport().update()
        self._update_preview()

    def _update_preview(self, *_: object) -> None:
        post = self.current_post()
        if post is None:
            self.preview.show_empty(tr("Nothing waits for review in this range.") if self.proxy.rowCount() == 0
                                    else tr("Select a post to see it in full (J / K to move)."))
            return
        selected = len(self.selected_rows())
        self.preview.show_post(post, self.check(post), selected=selected)

