"""The main window: it assembles the calendar's parts and wires their signals; the work is done in them.

The rooms (each its own module):

* :mod:`dashdesk.ui.actions`: every command (words, shortcut, icon, menu place) as data; the menus
  and the "Keyboard shortcuts" window are generated from it.
* :mod:`dashdesk.ui.calendar.navigator`: which view, the anchor date, the visible range.
* :mod:`dashdesk.ui.sync`: loading, refresh, offline retries, the status line.
* :mod:`dashdesk.ui.post_actions`: open, new, move, delete through the post service; reports outcomes.
* :mod:`dashdesk.ui.notices`: the banner and the status bar messages.
* :mod:`dashdesk.ui.panels`: the optional review/media panels and import/export.
* :mod:`dashdesk.ui.session_controller`: settings, brand switching, sign-out, the window title.

Hook points for other parts of the app (all imported lazily, all optional):

* ``open_composer(post=None, when=None)`` opens ``dashdesk.ui.composer.ComposerDialog``.
* ``dashdesk.ui.review``, ``dashdesk.ui.media`` and ``dashdesk.ui.bulk`` may each define
  ``install(window: MainWindow) -> None``; it is called once the window is built and can use
  :meth:`add_dock`, the ``file_menu`` / ``edit_menu`` / ``view_menu`` and ``service`` / ``model`` /
  ``proxy`` / ``session`` attributes.
* Without ``install``, View > Review queue calls ``dashdesk.ui.review.create_dock(window)``,
  View > Media library calls ``dashdesk.ui.media.create_dock(window)`` (each returning a
  ``QDockWidget``), and File > Import… / Export… call ``dashdesk.ui.bulk.open_import(window)`` /
  ``open_export(window)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.services.post import Post
from dashdesk.services.posts import PostService
from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.store import PostsCache
from dashdesk.ui import status_fit
from dashdesk.ui.actions import build_actions
from dashdesk.ui.calendar.navigator import VIEWS, Navigator
from dashdesk.ui.notices import Notices
from dashdesk.ui.panels import PLANNING_COMMANDS, Panels
from dashdesk.ui.planning.queue_actions import QueueActions
from dashdesk.ui.post_actions import Outcome, PostActions
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel
from dashdesk.ui.session_controller import SessionController
from dashdesk.ui.sync import SyncController
from dashdesk.ui.thumbnails import ThumbnailCache
from dashdesk.ui.toolbar import FilterBar, NavBar
from dashdesk.ui.undo import UndoAdaptor

if TYPE_CHECKING:
    # Imported where used: the start-up paints the cached calendar before asyncio is imported.
    import asyncio

__all__ = ["VIEWS", "MainWindow"]

FIRST_PAINT_WAIT_S = 2.0


class _FirstPaint(QObject):
    """After the watched widget's next paint: calls ``now`` at once and ``then`` on the next loop turn."""

    def __init__(self, now: Callable[[], None], then: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._now, self._then = now, then

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        obj.removeEventFilter(self)
        obj.event(event)  # paint first, so ``now`` runs once the pixels are drawn
        self._now()
        QTimer.singleShot(0, self._then)
        self.deleteLater()
        return True


class MainWindow(QMainWindow):
    """The calendar window of one brand.

    Verbs other parts of the app call (``reload``, ``navigate``, ``open_composer``, ``show_hint``,
    ``add_dock``, ...) are the bound methods of the part that owns them, set in :meth:`_expose`.
    """

    loadFinished = Signal(object)  # LoadResult, or the exception that stopped the load
    signOutRequested = Signal()
    signOutAndForgetRequested = Signal()  # ... and remove this account's local data
    brandSwitchRequested = Signal(int)
    settingsChanged = Signal()
    firstPaintDone = Signal()  # once, right after the paint of the calendar holding the cached posts
    firstPainted = Signal()  # once, on the loop turn after that paint (then optional panels load)

    def __init__(
        self,
        session: Session,
        settings: Settings,
        *,
        cache: PostsCache | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.clock = clock or (lambda: datetime.now(UTC))
        self.tz = settings.zone
        self.service = PostService(session.client, session.brand_id, cache, clock=self.clock)
        self.model = PostsModel(self, tz=self.tz)
        self.model.attach(self.service)
        self.proxy = PostsFilterProxy(self.model, self)
        self.thumbnails = ThumbnailCache(parent=self)
        self.model.thumbnail_lookup = self.thumbnails.get
        self.thumbnails.loaded.connect(self._thumbnail_loaded)
        self.undo = UndoAdaptor(self.service, parent=self)
        self.setObjectName("mainWindow")
        self.setAccessibleName(tr("DashDesk"))
        self._build()
        self._expose()
        self._build_actions()
        self._apply_hidden_platforms()
        self.navigator.set_view(self.navigator.view_name, reload=False)
        self._live = False  # the event loop runs: loads and optional panels may start
        self.painted = False  # set (and firstPainted emitted) after the first paint holding the cached posts

    # --- assembly --------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.nav = NavBar(central)
        self.filters = FilterBar(central)
        self.notices = Notices(central, self.statusBar())
        self.banner, self.banner_box = self.notices.banner, self.notices.box
        if getattr(self.session, "key_session_only", False):
            self.notices.show_key_not_saved()
        self.stack = QStackedWidget(central)
        self.stack.setAccessibleName(tr("Calendar"))
        for w in (self.nav, self.filters, self.banner_box):
            lay.addWidget(w)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.navigator = Navigator(self.stack, self._make_view, view_name=self.settings.last_view,
                                   anchor=self.clock().astimezone(self.tz).date(), tz=self.tz, parent=self)
        self.views = self.navigator.views
        self.sync = SyncController(self.service, self.notices, self.statusBar(),
                                   visible_range=self.navigator.visible_range, clock=self.clock, tz=self.tz,
                                   parent=self)
        self.busy, self.busy_label, self.sync_label, self.zone_label = (
            self.sync.busy, self.sync.busy_label, self.sync.sync_label, self.sync.zone_label)
        status_fit.install(self)
        self.post_actions = PostActions(self, self.service, self.notices, tz=lambda: self.tz,
                                        current_view=lambda: self.current_view, anchor=lambda: self.navigator.anchor,
                                        media_hub=lambda: getattr(self, "media_hub", None))
        self.post_actions.composer_args = {"parent": self, "service": self.service, "session": self.session,
                                           "brand_id": self.session.brand_id, "client": self.session.client}
        self.queue_actions = QueueActions(self, self.service, self.post_actions, tz=lambda: self.tz,
                                          current_view=lambda: self.current_view, brand_name=self.session.brand_name)
        self.session_ctl = SessionController(self, self.session, self.settings,
                                             title=lambda: self.current_view.title())
        # upward signals: parts -> window -> the application shell
        self.sync.loadFinished.connect(self.loadFinished)
        self.sync.loadFinished.connect(self.queue_actions.top_up_series)
        self.queue_actions.seriesToppedUp.append(self.sync.reload)
        self.session_ctl.signOutRequested.connect(self.signOutRequested)
        self.session_ctl.signOutAndForgetRequested.connect(self.signOutAndForgetRequested)
        self.session_ctl.brandSwitchRequested.connect(self.brandSwitchRequested)
        self.session_ctl.displaySettingsChanged.connect(self.apply_display_settings)
        self.undo.failed.connect(lambda text: self.post_actions.operationExecuted.emit(Outcome("undo", text, ok=False)))
        self.navigator.rangeChanged.connect(self.sync.range_changed)
        self.navigator.titleChanged.connect(lambda _title: self._update_title())
        self.navigator.viewChanged.connect(self._view_changed)
        # toolbar and filters -> intents
        self.nav.today.clicked.connect(self.go_today)
        self.nav.prev.clicked.connect(lambda: self.navigator.step(-1))
        self.nav.next.clicked.connect(lambda: self.navigator.step(1))
        self.nav.viewChosen.connect(self.navigator.set_view)
        self.nav.refresh.clicked.connect(self.sync.reload)
        self.nav.new_post.clicked.connect(lambda: self.post_actions.new_post())
        self.nav.brandChosen.connect(self.session_ctl.brand_chosen)
        self.nav.set_brands([(int(b.id), b.label) for b in self.session.brands], self.session.brand_id)
        self.filters.platformToggled.connect(self._platform_toggled)
        self.filters.statusesChanged.connect(self.proxy.set_statuses)
        self.filters.searchChanged.connect(self.proxy.set_search)

    def _expose(self) -> None:
        """The verbs other parts of the app call on the window, bound to the part that owns each."""
        nav, sync, ops, notices = self.navigator, self.sync, self.post_actions, self.notices
        self.visible_range, self.navigate, self.set_anchor, self.step = (
            nav.visible_range, nav.navigate, nav.set_anchor, nav.step)
        self.reload, self.prime, self.retry_now = sync.reload, sync.prime, sync.reload
        self.show_banner, self.hide_banner, self.show_error, self.show_hint = (
            notices.show_banner, notices.hide_banner, notices.show_error, notices.show_hint)
        self.open_composer, self.open_post, self.new_post, self.open_selected = (
            ops.open_composer, ops.open_post, ops.new_post, ops.open_selected)
        self.on_move_requested, self.on_delete_requested, self.delete_selected = (
            ops.move, ops.delete, ops.delete_selected)
        self.open_settings, self.about = self.session_ctl.open_settings, self.session_ctl.about

    def _make_view(self, name: str) -> Any:
        if name == "month":
            from dashdesk.ui.calendar.month_view import MonthView

            view: Any = MonthView(self.proxy)
        elif name == "week":
            from dashdesk.ui.calendar.week_view import WeekView

            view = WeekView(self.proxy)
            view.slot_source = self.queue_actions.free_slots
            self.queue_actions.scheduleChanged.append(lambda: (view.invalidate_layout(), view.update()))
        else:
            from dashdesk.ui.calendar.list_view import ListView

            view = ListView(self.proxy)
        view.thumbnail_lookup = self.thumbnails.get
        view.move_check = self.service.why_not_movable
        view.clock = self.clock
        view.set_first_weekday(self.settings.first_weekday)
        # views talk upward by signals only; every change goes through post_actions
        view.openRequested.connect(self.post_actions.open_post)
        view.newRequested.connect(self.post_actions.new_post)
        view.moveRequested.connect(self.post_actions.move)
        view.deleteRequested.connect(self.post_actions.delete)
        view.dayRequested.connect(self.open_day)
        view.message.connect(self.notices.show_hint)
        return view

    def _build_actions(self) -> None:
        ops, nav = self.post_actions, self.navigator
        handlers: dict[str, Callable[[], object]] = {
            "new": ops.new_post, "import": lambda: self.panels.bulk("open_import"),
            "export": lambda: self.panels.bulk("open_export"), "settings": self.session_ctl.open_settings,
            "sign_out": self.signOutRequested.emit, "quit": self.close,
            "open": ops.open_selected, "delete": ops.delete_selected, "find": self.focus_search,
            "today": self.go_today, "prev": lambda: nav.step(-1), "next": lambda: nav.step(1),
            "view_month": lambda: nav.set_view("month"), "view_week": lambda: nav.set_view("week"),
            "view_list": lambda: nav.set_view("list"), "refresh": self.sync.reload,
            "review": lambda: self.panels.toggle("review"), "media": lambda: self.panels.toggle("media"),
            "shortcuts": self.show_shortcuts, "about": self.session_ctl.about,
            "posting_schedule": self.queue_actions.edit_schedule, "fill_gaps": self.queue_actions.fill_gaps_selected,
            "shuffle": self.queue_actions.shuffle_selected, "repeating_posts": self.queue_actions.manage_series,
            **{name: (lambda name=name: self.panels.planning(name)) for name in PLANNING_COMMANDS},
            "grid_planner": lambda: self.panels.open_window("previews.grid_planner", "open_grid_planner"),
        }
        premade = {"undo": self.undo.stack.createUndoAction(self, "&Undo"),
                   "redo": self.undo.stack.createRedoAction(self, "&Redo")}
        self.actions = build_actions(self, self.menuBar(), self.stack, handlers, premade)
        for name, act in self.actions.actions.items():
            setattr(self, f"{name}_action", act)
        menus = self.actions.menus
        self.file_menu, self.edit_menu, self.view_menu, self.help_menu = (
            menus["file"], menus["edit"], menus["view"], menus["help"])
        self.view_actions = {v: self.actions.actions[f"view_{v}"] for v in VIEWS}
        self.panels = Panels(self, self.actions.actions, self.notices)
        self.add_dock, self.toggle_panel, self.install_extensions = (
            self.panels.add_dock, self.panels.toggle, self.panels.install_extensions)

    # --- what the parts tell the window --------------------------------------------------------

    def _view_changed(self, name: str) -> None:
        self.settings.last_view = name
        self.nav.set_view(name)
        for key, act in self.view_actions.items():
            act.setChecked(key == name)

    def _update_title(self) -> None:
        self.session_ctl.update_title(self.nav)

    def _platform_toggled(self, platform: str, on: bool) -> None:
        self.proxy.set_platform_visible(platform, on)
        self.settings.hidden_platforms = sorted(self.proxy.hidden_platforms)

    def _apply_hidden_platforms(self) -> None:
        for platform in self.settings.hidden_platforms:
            if platform in self.filters.platform_buttons:
                self.filters.platform_buttons[platform].setChecked(False)

    def _thumbnail_loaded(self, url: str) -> None:
        self.model.thumbnails_changed(url)
        self.current_view.update()
        self.current_view.viewport().update() if self.navigator.view_name == "list" else None

    def apply_display_settings(self) -> None:
        """Re-read zone and first weekday from the settings."""
        self.tz = self.settings.zone
        self.model.set_zone(self.tz)
        self.sync.set_zone(self.tz)
        self.navigator.set_zone(self.tz, self.settings.first_weekday)
        self.sync.reload()

    # --- views -------------------------------------------------------------------------------

    def view(self, name: str) -> Any:
        """The month, week or list view, built and wired on first use."""
        return self.navigator.view(name)

    @property
    def current_view(self) -> Any:
        """The shown view widget."""
        return self.navigator.current

    @property
    def month_view(self) -> Any:
        """The month view."""
        return self.navigator.view("month")

    @property
    def week_view(self) -> Any:
        """The week view."""
        return self.navigator.view("week")

    @property
    def list_view(self) -> Any:
        """The list view."""
        return self.navigator.view("list")

    @property
    def load_task(self) -> asyncio.Task[Any] | None:
        """The running (or last) load of the visible range."""
        return self.sync.load_task

    @property
    def _composer(self) -> Any:
        """The composer opened last (the media panel attaches files to it)."""
        return self.post_actions.composer

    def set_view(self, name: str, *, reload: bool = True) -> None:
        """Switch to the month, week or list view."""
        self.navigator.set_view(name, reload=reload)

    def go_today(self) -> None:
        """Show today."""
        self.navigator.today(self.clock())

    def open_day(self, day: date) -> Any:
        """"+N more": show every post of ``day`` in a popup list near the pointer."""
        from dashdesk.ui.calendar.day_popup import open_day_popup

        self._day_popup = open_day_popup(self, self.proxy, day, self.tz, clock=self.clock,
                                         thumbnails=self.thumbnails.get, on_open=self.post_actions.open_post,
                                         on_delete=self.post_actions.delete)
        return self._day_popup

    def focus_search(self) -> None:
        """Put the cursor in the search field."""
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def show_shortcuts(self) -> Any:
        """Help > Keyboard shortcuts (non-modal; one window, raised when asked again)."""
        from dashdesk.ui.shortcuts_window import ShortcutsWindow

        win = getattr(self, "shortcuts_window", None)
        if win is None:
            win = self.shortcuts_window = ShortcutsWindow(self.actions, self)
        win.show()
        win.raise_()
        win.activateWindow()
        return win

    # --- start-up ------------------------------------------------------------------------------

    def show_cached(self, posts: list[Post], synced: datetime | None, cache: PostsCache | None,
                    read_range: tuple[datetime, datetime]) -> None:
        """Start-up before the event loop runs: show posts a worker thread read from the cache.

        ``read_range`` is the range they cover (the first load from the API doesn't read it again);
        the next paint is the first one holding them (``firstPainted``).
        """
        self.service.cache = cache
        if posts and not self.service.posts:
            self.service.set_posts(posts)
        self.sync.primed = read_range if read_range == self.visible_range() else None
        self.sync.last_synced = synced
        self.sync.show_sync()
        self._install_after_first_paint()

    def go_live(self) -> None:
        """Once the event loop runs (after :meth:`show_cached`): load from the API, add the panels."""
        self._live = True
        if self.painted:
            self.install_extensions()
        from dashdesk.ui.outbox_controller import install_reliability

        install_reliability(self)  # the outbox and the rate-limit banner (the event loop runs now)
        self.reload()
        self.current_view.update()  # thumbnails start loading on the next paint

    async def open(self) -> None:
        """Start-up: show the window, fill it from the cache while it paints, then refresh.

        (Showing first lets the first paint overlap the cache read in its worker thread; measured
        faster to a calendar painted with posts than reading the cache before showing.) The refresh
        starts after the first paint holding the cached posts: it imports the API layer (~100 ms),
        which would otherwise delay that paint. Optional panels (review, media, bulk) are imported
        after it too.
        """
        import asyncio

        self._live = True
        self.show()
        await self.sync.prime()
        painted = asyncio.Event()
        self.firstPainted.connect(painted.set)
        self._install_after_first_paint()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(painted.wait(), FIRST_PAINT_WAIT_S)  # (a hidden window never paints)
        self.firstPainted.disconnect(painted.set)
        from dashdesk.ui.outbox_controller import install_reliability

        install_reliability(self)  # the outbox and the rate-limit banner (the event loop runs now)
        self.reload()


    def _after_first_paint(self) -> None:
        if self.painted:
            return
        self.painted = True
        self.firstPainted.emit()
        if self._live:
            self.install_extensions()

    def _install_after_first_paint(self) -> None:
        view = self.current_view
        rebuild = getattr(view, "rebuild", None)  # (the list view reads its model directly)
        if rebuild is not None:
            rebuild()  # now, not on the debounce timer: the next paint must hold the posts just set
        view.installEventFilter(_FirstPaint(self.firstPaintDone.emit, self._after_first_paint, view))
        view.update()

    # --- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = bytes(self.saveGeometry().data())
        self.settings.sync()
        self.sync.stop()
        super().closeEvent(event)

    async def aclose(self) -> None:
        """Stop loads and background work (the session is closed by its owner)."""
        await self.sync.aclose()
        await self.post_actions.aclose()
        outbox_ctl = getattr(self, "outbox_ctl", None)
        if outbox_ctl is not None:
            await outbox_ctl.aclose()
        await self.undo.idle()
        hub = getattr(self, "media_hub", None)  # uploads stop here and resume at the next start
        if hub is not None and hasattr(hub, "aclose"):
            with contextlib.suppress(Exception):
                await hub.aclose()
        with contextlib.suppress(ValueError):
            self.service.listeners.remove(self.model.apply_change)
        await self.thumbnails.aclose()
