"""View > Instagram grid planner: the brand's Instagram profile grid as it will look.

Upcoming scheduled posts come first (latest top-left), then the published ones, each tile the
post's first picture cropped square as Instagram crops it. Dragging a tile onto another swaps the
two posts' times through the post service (one undo step; only times are sent); double-click
opens the post. The window follows the calendar's posts as they load or change.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractItemModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from dashdesk.i18n import N_, tr
from dashdesk.services.grid_plan import grid_order, swap_times
from dashdesk.services.post import PostKey
from dashdesk.services.posts import MoveRefused, PostService, user_message
from dashdesk.ui.posts_model import format_time
from dashdesk.ui.thumbnails import ThumbnailCache

from .grid_canvas import GridCanvas

log = logging.getLogger(__name__)

TILE_PX = 320
HINT = N_("Upcoming posts first, as they will appear on the profile, then the published ones. Drag a post "
          "onto another to swap their times (or Ctrl+Shift+arrow); double-click or Enter opens one.")
NOTE = N_("The grid follows Instagram's current profile layout approximately.")


EMPTY_LOADING = N_("Reading your Instagram feed…")
EMPTY_LOADED = N_("No Instagram feed posts or Reels yet. Schedule some, and they appear here as your grid.")


class GridPlanner(QWidget):
    """The planner: a heading, the grid, what happened last. ``outcome(message, ok, refused)`` after each swap
    (``refused``: DashDesk refused before sending anything)."""

    outcome = Signal(str, bool, bool)

    def __init__(self, service: PostService, tz: ZoneInfo, *, model: QAbstractItemModel | None = None,
                 open_post: Any = None, undo_stack: Any = None, thumbnails: ThumbnailCache | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.tz = tz
        self.open_post = open_post
        self.tasks: set[asyncio.Task[Any]] = set()
        self.feed_task: asyncio.Task[int] | None = None
        self.feed_loaded = False
        self.thumbnails = thumbnails or ThumbnailCache(TILE_PX, self)
        self.setWindowTitle(tr("Instagram grid planner"))
        self.setAccessibleName(tr("Instagram grid planner"))
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel(tr("Instagram grid"), self)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        head.addWidget(title)
        head.addStretch(1)
        self.undo_button: QPushButton | None = None
        if undo_stack is not None:
            self.undo_button = QPushButton(tr("Undo"), self)
            self.undo_button.setToolTip(tr("Undo the last change (Ctrl+Z)"))
            self.undo_button.clicked.connect(undo_stack.undo)
            self.undo_button.setEnabled(undo_stack.canUndo())
            undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
            QShortcut(QKeySequence("Ctrl+Z"), self, undo_stack.undo)
            QShortcut(QKeySequence("Ctrl+Shift+Z"), self, undo_stack.redo)
            head.addWidget(self.undo_button)
        layout.addLayout(head)
        self.hint = QLabel(tr(HINT), self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.canvas = GridCanvas(self.thumbnails.get, tz, self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.canvas)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.scroll, 1)
        self.empty = QLabel(tr(EMPTY_LOADED), self)
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        self.note = QLabel(tr(NOTE), self)
        pal = self.note.palette()
        pal.setColor(self.note.foregroundRole(), pal.color(pal.ColorRole.PlaceholderText))
        self.note.setPalette(pal)
        layout.addWidget(self.note)
        self.canvas.swapRequested.connect(self.swap)
        self.canvas.openRequested.connect(self._open)
        self.thumbnails.loaded.connect(lambda _url: self.canvas.update())
        self._timer = QTimer(self, singleShot=True, interval=80, timeout=self.refresh)
        if model is not None:
            for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged,
                        model.layoutChanged):
                sig.connect(lambda *_: self._timer.start())
        self.refresh()

    def load_feed(self) -> asyncio.Task[int]:
        """Read the brand's whole Instagram feed from Dash (scheduled and posted, every page) in the
        background, so the grid is not limited to the weeks the calendar has loaded."""
        task = asyncio.ensure_future(self._load_feed())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        self.feed_task = task
        return task

    async def _load_feed(self) -> int:
        from dashdesk.services.post import Post

        client = self.service.client
        if client is None:
            return 0
        self.status.setText(tr("Reading your whole Instagram feed…"))
        self.empty.setText(tr(EMPTY_LOADING))
        try:
            found = await client.list_posts("instagram", self.service.brand_id, None, None)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.empty.setText(tr(EMPTY_LOADED))
            self._report(tr("Only the weeks the calendar has loaded are shown: the whole feed couldn't be read. {exc}",
                            exc=user_message(exc)), False)
            return 0
        fresh = [Post.from_api(p) for p in found]
        changed = self.service.refresh(fresh)
        await self.service.store_many(changed)
        self.feed_loaded = True
        self.empty.setText(tr(EMPTY_LOADED))
        self.status.setText("")
        self.refresh()
        return len(fresh)

    def refresh(self) -> None:
        """Show the service's Instagram posts in grid order."""
        tiles = grid_order(self.service.posts.values())
        self.canvas.set_posts(tiles)
        self.scroll.setAccessibleName(self.canvas.accessibleName())  # the Tab stop: it speaks for the tiles
        self.scroll.setAccessibleDescription(self.canvas.accessibleDescription())
        self.empty.setVisible(not tiles)
        self.scroll.setVisible(bool(tiles))

    def _open(self, key: PostKey) -> None:
        if self.open_post is not None:
            self.open_post(key)

    def swap(self, a: PostKey, b: PostKey) -> asyncio.Task[None]:
        """Swap the two posts' times (in the background); the outcome is shown and emitted."""
        task = asyncio.ensure_future(self._swap(a, b))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def _swap(self, a: PostKey, b: PostKey) -> None:
        pa, pb = self.service.get(a), self.service.get(b)
        try:
            await swap_times(self.service, a, b)
        except MoveRefused as exc:
            self._report(str(exc), False, refused=True)
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._report(tr("Couldn't swap the two posts' times: {reason} Both keep their times.",
                            reason=user_message(exc)), False)
            return
        finally:
            self.refresh()
        when_a = format_time(pb.timestamp, self.tz, with_date=True) if pb is not None else ""
        when_b = format_time(pa.timestamp, self.tz, with_date=True) if pa is not None else ""
        self._report(tr("Swapped: one post now goes out {when_a}, the other {when_b}. Ctrl+Z undoes it.",
                        when_a=when_a, when_b=when_b), True)

    def _report(self, message: str, ok: bool, *, refused: bool = False) -> None:
        self.status.setText(message)
        self.outcome.emit(message, ok, refused)

    async def aclose(self) -> None:
        """Wait for running swaps, then close the thumbnail loader (when it is the planner's own)."""
        for task in list(self.tasks):
            try:
                await task
            except Exception:  # already reported
                log.debug("swap ended with an error", exc_info=True)
        if self.thumbnails.parent() is self:
            await self.thumbnails.aclose()


def open_grid_planner(window: Any) -> GridPlanner:
    """Open (or bring forward) the grid planner of the main ``window`` as a window of its own."""
    planner = getattr(window, "grid_planner", None)
    if isinstance(planner, GridPlanner):
        planner.refresh()
        planner.show()
        planner.raise_()
        return planner
    undo = getattr(window, "undo", None)
    actions = getattr(window, "post_actions", None)
    planner = GridPlanner(window.service, window.tz, model=getattr(window, "model", None),
                          open_post=getattr(actions, "open_post", None),
                          undo_stack=getattr(undo, "stack", None), parent=window)
    planner.setWindowFlag(Qt.WindowType.Window)
    if actions is not None:
        from dashdesk.ui.post_actions import Outcome

        planner.outcome.connect(lambda message, ok, refused: actions.operationExecuted.emit(
            Outcome("swap", message, ok=ok, refused=refused)))
    em = planner.fontMetrics().height()
    planner.resize(em * 34, em * 44)
    window.grid_planner = planner
    planner.show()
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # no event loop (a test building the window alone): the loaded weeks only
        return planner
    planner.load_feed()
    return planner
