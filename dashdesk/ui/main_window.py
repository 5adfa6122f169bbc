"""The main window: toolbar, filters, the month/week/list views of one posts model, and menus.

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
import importlib
import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dashdesk import __version__
from dashdesk.platforms import PLATFORM_IDS
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import LoadResult, MoveRefused, PostService, is_connection_error, user_message
from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.store import PostsCache
from dashdesk.ui import icons
from dashdesk.ui.banner import Banner
from dashdesk.ui.calendar import layout
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel, format_time
from dashdesk.ui.thumbnails import ThumbnailCache
from dashdesk.ui.toolbar import FilterBar, NavBar
from dashdesk.ui.undo import UndoAdaptor

if TYPE_CHECKING:
    # Imported where used: the start-up paints the cached calendar before asyncio is imported.
    import asyncio

log = logging.getLogger(__name__)

VIEWS = ("month", "week", "list")
RETRY_DELAYS = (5, 10, 20, 40, 60)
FIRST_PAINT_WAIT_S = 2.0


def _add_months(day: date, n: int) -> date:
    month = day.month - 1 + n
    year = day.year + month // 12
    return date(year, month % 12 + 1, 1)


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
    """The calendar window of one brand."""

    loadFinished = Signal(object)  # LoadResult, or the exception that stopped the load
    signOutRequested = Signal()
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
        self.undo.failed.connect(lambda msg: self.show_error(msg))
        self.anchor = self.clock().astimezone(self.tz).date()
        self.view_name = settings.last_view
        self.load_task: asyncio.Task[Any] | None = None
        self.load_tasks: list[asyncio.Task[Any]] = []
        self.last_result: LoadResult | None = None
        self.last_synced: datetime | None = None
        self.offline = False
        self._retry_index = 0
        self._docks: dict[str, QDockWidget] = {}
        self.op_tasks: set[asyncio.Task[Any]] = set()
        self._composer: Any = None
        self.setObjectName("mainWindow")
        self.setAccessibleName("DashDesk")
        self._build()
        self._build_actions()
        self._apply_hidden_platforms()
        self.set_view(self.view_name, reload=False)
        self._update_title()
        self._extensions_installed = False
        self._live = False  # the event loop runs: loads and optional panels may start
        self.painted = False  # set (and firstPainted emitted) after the first paint holding the cached posts
        self._primed: tuple[datetime, datetime] | None = None  # range prime() just read from the cache

    # --- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.nav = NavBar(central)
        self.filters = FilterBar(central)
        self.banner = Banner(central)
        self.banner.actionClicked.connect(self.retry_now)
        banner_box = QWidget(central)
        bl = QVBoxLayout(banner_box)
        fm = self.fontMetrics()
        bl.setContentsMargins(fm.height() // 2, 0, fm.height() // 2, fm.height() // 3)
        bl.addWidget(self.banner)
        self.banner_box = banner_box
        self.banner.dismissed.connect(lambda: banner_box.setVisible(False))
        banner_box.hide()
        self.stack = QStackedWidget(central)
        self.stack.setAccessibleName("Calendar")
        # Views are built (and their modules imported) the first time they are shown.
        self.views: dict[str, Any] = {}
        lay.addWidget(self.nav)
        lay.addWidget(self.filters)
        lay.addWidget(banner_box)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.today.clicked.connect(self.go_today)
        self.nav.prev.clicked.connect(lambda: self.step(-1))
        self.nav.next.clicked.connect(lambda: self.step(1))
        self.nav.viewChosen.connect(self.set_view)
        self.nav.refresh.clicked.connect(self.reload)
        self.nav.new_post.clicked.connect(lambda: self.new_post())
        self.nav.brandChosen.connect(self._brand_chosen)
        self.nav.set_brands([(int(b.id), b.label) for b in self.session.brands], self.session.brand_id)
        self.filters.platformToggled.connect(self._platform_toggled)
        self.filters.statusesChanged.connect(self.proxy.set_statuses)
        self.filters.searchChanged.connect(self.proxy.set_search)
        # status bar
        sb = self.statusBar()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(fm.horizontalAdvance("M") * 8)
        self.busy.setMaximumHeight(fm.height())
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Loading")
        self.busy_label = QLabel("Loading…", self)
        self.sync_label = QLabel("Not synced yet", self)
        self.sync_label.setAccessibleName("Last synced")
        self.zone_label = QLabel(self)
        self.zone_label.setAccessibleName("Time zone")
        self.zone_label.setToolTip("Times are shown in this zone (Settings to change)")
        for label in (self.busy_label, self.sync_label, self.zone_label):
            label.setContentsMargins(fm.height() // 2, 0, fm.height() // 2, 0)
        for w in (self.busy_label, self.busy):
            w.hide()
            sb.addPermanentWidget(w)
        sb.addPermanentWidget(self.sync_label)
        sb.addPermanentWidget(self.zone_label)
        self._update_zone_label()
        self.retry_timer = QTimer(self, singleShot=True)
        self.retry_timer.timeout.connect(self.reload)

    def _action(self, text: str, slot: Callable[..., Any], shortcut: str | QKeySequence | list[Any] | None = None,
                icon: str | None = None, tip: str | None = None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                act.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                act.setShortcut(QKeySequence(shortcut))
        if icon:
            act.setIcon(icons.icon(icon))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda _=False: slot())
        self.addAction(act)
        return act

    def _build_actions(self) -> None:
        mb = self.menuBar()
        # File
        self.file_menu = mb.addMenu("&File")
        self.new_action = self._action("&New post…", self.new_post, "N", "plus-lg", "Write a new post")
        self.file_menu.addAction(self.new_action)
        self.file_menu.addSeparator()
        self.import_action = self._action("&Import posts from CSV…", lambda: self._bulk("open_import"))
        self.export_action = self._action("&Export posts to CSV…", lambda: self._bulk("open_export"))
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addSeparator()
        self.settings_action = self._action("&Settings…", self.open_settings, QKeySequence.StandardKey.Preferences,
                                            "gear")
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.file_menu.addAction(self.settings_action)
        self.sign_out_action = self._action("Sign &out", self.signOutRequested.emit)
        self.file_menu.addAction(self.sign_out_action)
        self.file_menu.addSeparator()
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.file_menu.addAction(self.quit_action)
        # Edit
        self.edit_menu = mb.addMenu("&Edit")
        self.undo_action = self.undo.stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo.stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action.setIcon(icons.icon("arrow-counterclockwise"))
        self.redo_action.setIcon(icons.icon("arrow-clockwise"))
        for act in (self.undo_action, self.redo_action):
            self.addAction(act)
            self.edit_menu.addAction(act)
        self.edit_menu.addSeparator()
        self.open_action = QAction("&Open post", self)
        self.open_action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter")])
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.open_action.triggered.connect(self.open_selected)
        self.delete_action = QAction(icons.icon("trash"), "&Delete post…", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.stack.addAction(self.open_action)
        self.stack.addAction(self.delete_action)
        self.edit_menu.addAction(self.open_action)
        self.edit_menu.addAction(self.delete_action)
        self.edit_menu.addSeparator()
        self.find_action = self._action("&Find…", self.focus_search, QKeySequence.StandardKey.Find, "search")
        self.edit_menu.addAction(self.find_action)
        # View
        self.view_menu = mb.addMenu("&View")
        self.today_action = self._action("&Today", self.go_today, "T")
        self.view_menu.addAction(self.today_action)
        self.prev_action = self._action("&Previous", lambda: self.step(-1), "PgUp", "chevron-left")
        self.next_action = self._action("&Next", lambda: self.step(1), "PgDown", "chevron-right")
        self.view_menu.addAction(self.prev_action)
        self.view_menu.addAction(self.next_action)
        self.view_menu.addSeparator()
        self.view_actions: dict[str, QAction] = {}
        for key, letter, icon_name in (("month", "M", "calendar3"), ("week", "W", "calendar-week"),
                                       ("list", "L", "list-ul")):
            act = self._action(f"&{key.capitalize()}", lambda k=key: self.set_view(k), letter, icon_name)
            act.setCheckable(True)
            self.view_actions[key] = act
            self.view_menu.addAction(act)
        self.view_menu.addSeparator()
        self.refresh_action = self._action("&Refresh", self.reload, ["F5", "Ctrl+R"], "arrow-clockwise")
        self.view_menu.addAction(self.refresh_action)
        self.view_menu.addSeparator()
        self.review_action = self._action("Review &queue", lambda: self.toggle_panel("review"), "Ctrl+Shift+R")
        self.media_action = self._action("&Media library", lambda: self.toggle_panel("media"), "Ctrl+Shift+M")
        self.view_menu.addAction(self.review_action)
        self.view_menu.addAction(self.media_action)
        # Help
        self.help_menu = mb.addMenu("&Help")
        self.about_action = self._action("&About DashDesk", self.about)
        self.help_menu.addAction(self.about_action)

    def install_extensions(self) -> None:
        """Import and install the optional review/media/bulk modules (once, after the first paint)."""
        if self._extensions_installed:
            return
        self._extensions_installed = True
        for name in ("review", "media", "bulk"):
            try:
                module = importlib.import_module(f"dashdesk.ui.{name}")
            except ImportError:
                continue
            install = getattr(module, "install", None)
            if callable(install):
                try:
                    install(self)
                except Exception:
                    log.exception("dashdesk.ui.%s.install failed", name)
        self._refresh_optional_actions()

    def _refresh_optional_actions(self) -> None:
        for act, module, attr in ((self.review_action, "review", "create_dock"),
                                  (self.media_action, "media", "create_dock"),
                                  (self.import_action, "bulk", "open_import"),
                                  (self.export_action, "bulk", "open_export")):
            available = self._optional(module, attr) is not None or module in self._docks
            act.setEnabled(available)
            if not available:
                act.setStatusTip(f"Not available in this build (dashdesk.ui.{module} is missing)")

    @staticmethod
    def _optional(module: str, attr: str) -> Callable[..., Any] | None:
        try:
            mod = importlib.import_module(f"dashdesk.ui.{module}")
        except ImportError:
            return None
        fn = getattr(mod, attr, None)
        return fn if callable(fn) else None

    # --- hooks for other modules -----------------------------------------------------------

    def add_dock(self, name: str, dock: QDockWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a panel (``name`` "review" or "media" ties it to its View menu entry)."""
        dock.setObjectName(f"{name}Dock")
        self.addDockWidget(area, dock)
        self._docks[name] = dock
        self._refresh_optional_actions()
        return dock

    def toggle_panel(self, name: str) -> None:
        """Show or hide the review or media panel, creating it on first use."""
        dock = self._docks.get(name)
        if dock is None:
            create = self._optional(name, "create_dock")
            if create is None:
                self.show_hint(f"The {name} panel is not available in this build.")
                return
            dock = self.add_dock(name, create(self))
            dock.show()
            return
        dock.setVisible(not dock.isVisible())

    def _bulk(self, attr: str) -> None:
        fn = self._optional("bulk", attr)
        if fn is None:
            self.show_hint("Import and export are not available in this build.")
            return
        fn(self)

    def open_composer(self, post: Post | None = None, when: datetime | None = None, state: Any = None) -> Any:
        """Open the composer for ``post`` (a :class:`Post`, to edit) or a new post at ``when``.

        Uses ``dashdesk.ui.composer.ComposerDialog`` when it exists; it is constructed with the
        keyword arguments its signature accepts among ``parent``, ``service``, ``session``,
        ``post``, ``when``, ``tz``, ``brand_id``, ``client`` and ``media_hub`` (when a module set
        ``window.media_hub``), then ``open()``-ed (never exec()). ``state`` reopens a composer
        restored after a crash (``dashdesk.ui.composer.restore_composers``).
        """
        try:
            from dashdesk.ui.composer import ComposerDialog  # type: ignore[attr-defined]
        except ImportError:
            from dashdesk.ui.dialogs import MissingComposerDialog

            what = "open this post" if post is not None else "write a new post"
            dlg = MissingComposerDialog(self, what)
            dlg.open()
            self._composer = dlg
            return dlg
        offered = {"parent": self, "service": self.service, "session": self.session, "post": post,
                   "when": when, "tz": self.tz, "brand_id": self.session.brand_id, "client": self.session.client}
        if getattr(self, "media_hub", None) is not None:  # set by dashdesk.ui.media's install(), if any
            offered["media_hub"] = self.media_hub
        if state is not None:
            offered["state"] = state
        import inspect

        try:
            params = inspect.signature(ComposerDialog).parameters
            accepts_all = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
            kwargs = offered if accepts_all else {k: v for k, v in offered.items() if k in params}
        except (TypeError, ValueError):
            kwargs = offered
        dlg = ComposerDialog(**kwargs)
        dlg.open()
        self._composer = dlg
        return dlg

    # --- views and navigation --------------------------------------------------------------

    def view(self, name: str) -> Any:
        """The month, week or list view, built and wired on first use."""
        existing = self.views.get(name)
        if existing is not None:
            return existing
        if name == "month":
            from dashdesk.ui.calendar.month_view import MonthView

            view: Any = MonthView(self.proxy)
        elif name == "week":
            from dashdesk.ui.calendar.week_view import WeekView

            view = WeekView(self.proxy)
        else:
            from dashdesk.ui.calendar.list_view import ListView

            view = ListView(self.proxy)
        view.thumbnail_lookup = self.thumbnails.get
        view.move_check = self.service.why_not_movable
        view.clock = self.clock
        view.set_first_weekday(self.settings.first_weekday)
        view.openRequested.connect(self.open_post)
        view.newRequested.connect(self._new_at)
        view.moveRequested.connect(self.on_move_requested)
        view.deleteRequested.connect(self.on_delete_requested)
        view.dayRequested.connect(self.open_day)
        view.message.connect(self.show_hint)
        view.anchorChanged.connect(self._view_moved)
        self.stack.addWidget(view)
        self.views[name] = view
        return view

    @property
    def month_view(self) -> Any:
        """The month view."""
        return self.view("month")

    @property
    def week_view(self) -> Any:
        """The week view."""
        return self.view("week")

    @property
    def list_view(self) -> Any:
        """The list view."""
        return self.view("list")

    @property
    def current_view(self) -> Any:
        """The shown view widget."""
        return self.view(self.view_name)

    def set_view(self, name: str, *, reload: bool = True) -> None:
        """Switch to the month, week or list view."""
        if name not in VIEWS:
            return
        old_range = self.visible_range() if reload else None
        self.view_name = name
        self.settings.last_view = name
        view = self.current_view
        view.set_anchor(self.anchor)
        self.stack.setCurrentWidget(view)
        self.nav.set_view(name)
        for key, act in self.view_actions.items():
            act.setChecked(key == name)
        self._update_title()
        view.setFocus()
        if reload and not self._covered(old_range):
            self.reload()

    def _covered(self, old: tuple[datetime, datetime] | None) -> bool:
        if old is None or self.last_result is None:
            return False
        new = self.visible_range()
        return old[0] <= new[0] and new[1] <= old[1]

    def visible_range(self) -> tuple[datetime, datetime]:
        """The UTC range to load: the shown days plus a margin on each side."""
        first, last = self.current_view.visible_days()
        return layout.range_with_margin(first, last, self.tz)

    def set_anchor(self, day: date) -> None:
        """Show the period holding ``day`` without loading it (the caller loads)."""
        self.anchor = day
        self.current_view.set_anchor(day)
        self._update_title()

    def navigate(self, day: date) -> None:
        """Show the period holding ``day`` and load it (cancelling a load in progress)."""
        self.anchor = day
        self.current_view.set_anchor(day)
        self._update_title()
        self.reload()

    def _view_moved(self, day: date) -> None:
        self.anchor = day
        self._update_title()
        self.reload()

    def go_today(self) -> None:
        """Show today."""
        self.navigate(self.clock().astimezone(self.tz).date())

    def step(self, n: int) -> None:
        """Go ``n`` periods forward (negative: back)."""
        if self.view_name == "week":
            self.navigate(self.anchor + timedelta(days=7 * n))
        else:
            self.navigate(_add_months(self.anchor, n))

    def open_day(self, day: date) -> Any:
        """"+N more": show every post of ``day`` in a popup list near the pointer."""
        from PySide6.QtGui import QCursor
        from PySide6.QtWidgets import QFrame

        from dashdesk.ui.calendar.list_view import ListView

        popup = QFrame(self, Qt.WindowType.Popup)
        popup.setObjectName("dayPopup")
        popup.setFrameShape(QFrame.Shape.StyledPanel)
        popup.setAccessibleName(f"Posts on {day.strftime('%A %d %B')}")
        lay = QVBoxLayout(popup)
        lay.setContentsMargins(1, 1, 1, 1)
        day_list = ListView(self.proxy, popup)
        day_list.clock = self.clock
        day_list.thumbnail_lookup = self.thumbnails.get
        day_list.anchor = day
        day_list.range_proxy.set_range(*layout.day_bounds(day, self.tz))
        day_list.openRequested.connect(lambda key: (popup.close(), self.open_post(key)))
        day_list.deleteRequested.connect(lambda key: (popup.close(), self.on_delete_requested(key)))
        lay.addWidget(day_list)
        fm = self.fontMetrics()
        rows = max(1, day_list.range_proxy.rowCount())
        height = min(round(fm.lineSpacing() * 3.6 * rows + fm.height() * 3), round(self.height() * 0.7))
        popup.resize(min(round(fm.averageCharWidth() * 95), self.width() - 40), height)
        pos = QCursor.pos()
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            pos.setX(max(screen.left(), min(pos.x(), screen.right() - popup.width())))
            pos.setY(max(screen.top(), min(pos.y(), screen.bottom() - popup.height())))
        popup.move(pos)
        popup.show()
        day_list.setFocus()
        if day_list.range_proxy.rowCount():
            day_list.setCurrentIndex(day_list.range_proxy.index(0, 0))
        self._day_popup = popup
        return popup

    def focus_search(self) -> None:
        """Put the cursor in the search field."""
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def _update_title(self) -> None:
        self.nav.title.setText(self.current_view.title())
        brand = self.session.brand_label()
        self.nav.sandbox_badge.setVisible(self.session.is_sandbox)
        if self.session.is_sandbox:
            self.setWindowTitle(f"DashDesk — SANDBOX (demo data, nothing is published) — {brand}")
        else:
            self.setWindowTitle(f"DashDesk — {brand}")

    def _update_zone_label(self) -> None:
        abbr = self.clock().astimezone(self.tz).tzname()
        self.zone_label.setText(f"Times in {self.tz.key} ({abbr})")

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
        self.current_view.viewport().update() if self.view_name == "list" else None

    def apply_display_settings(self) -> None:
        """Re-read zone and first weekday from the settings."""
        self.tz = self.settings.zone
        self.model.set_zone(self.tz)
        for view in self.views.values():
            view.set_first_weekday(self.settings.first_weekday)
        self.current_view.set_anchor(self.anchor)
        self._update_zone_label()
        self._update_title()
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    async def prime(self) -> None:
        """Put the cached posts of the visible range in the model and read the last sync time."""
        start, end = self.visible_range()
        with contextlib.suppress(Exception):
            await self.service.load_cached(start, end)
            self._primed = (start, end)
        self.last_synced = await self.service.last_sync()
        self._show_sync()

    def show_cached(self, posts: list[Post], synced: datetime | None, cache: PostsCache | None,
                    read_range: tuple[datetime, datetime]) -> None:
        """Start-up before the event loop runs: show posts a worker thread read from the cache.

        ``read_range`` is the range they cover (the first load from the API doesn't read it again);
        the next paint is the first one holding them (``firstPainted``).
        """
        self.service.cache = cache
        if posts and not self.service.posts:
            self.service.set_posts(posts)
        self._primed = read_range if read_range == self.visible_range() else None
        self.last_synced = synced
        self._show_sync()
        self._install_after_first_paint()

    def go_live(self) -> None:
        """Once the event loop runs (after :meth:`show_cached`): load from the API, add the panels."""
        self._live = True
        if self.painted:
            self.install_extensions()
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
        await self.prime()
        painted = asyncio.Event()
        self.firstPainted.connect(painted.set)
        self._install_after_first_paint()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(painted.wait(), FIRST_PAINT_WAIT_S)  # (a hidden window never paints)
        self.firstPainted.disconnect(painted.set)
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

    def reload(self) -> asyncio.Task[Any]:
        """Load the visible range plus margin from the API, cancelling the load it replaces."""
        import asyncio

        self.retry_timer.stop()
        if self.load_task is not None and not self.load_task.done():
            self.load_task.cancel()
        start, end = self.visible_range()
        task = asyncio.ensure_future(self._load(start, end))
        self.load_task = task
        self.load_tasks.append(task)
        del self.load_tasks[:-20]
        return task

    async def _load(self, start: datetime, end: datetime) -> LoadResult | None:
        import asyncio

        self._set_busy(True)
        primed, self._primed = self._primed, None
        try:
            # (not again for the range prime() has just read: at start-up that second read of the
            # cache would compete with the first paint for the interpreter)
            if self.service.cache is not None and primed != (start, end):
                with contextlib.suppress(Exception):
                    await self.service.load_cached(start, end)
            result = await self.service.load(start, end, PLATFORM_IDS)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self._set_busy(False)
            if is_connection_error(exc):
                self._go_offline(exc)
            else:
                self.show_error(f"Couldn't load posts: {user_message(exc)}", action="Retry")
            self.loadFinished.emit(exc)
            return None
        self._set_busy(False)
        self.last_result = result
        if result.offline:
            self._go_offline(next(iter(result.errors.values())))
        else:
            self.offline = False
            self._retry_index = 0
            if result.synced_at is not None:
                self.last_synced = result.synced_at
            if result.errors:
                self._show_platform_errors(result)
            elif self.banner.kind in ("offline", "load") and self.banner.isVisible():
                self.hide_banner()
        self._show_sync()
        self.loadFinished.emit(result)
        return result

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.nav.refresh.setEnabled(True)

    def _show_platform_errors(self, result: LoadResult) -> None:
        names = [icons.platform_name(p) for p in result.errors]
        first = next(iter(result.errors.values()))
        listed = ", ".join(names[:-1]) + (f" and {names[-1]}" if len(names) > 1 else names[0])
        self.show_banner(
            "error",
            f"Couldn't load {listed} posts: {user_message(first)} The other platforms are shown.",
            action="Retry",
            kind_tag="load",
        )

    def _go_offline(self, exc: BaseException) -> None:
        self.offline = True
        delay = RETRY_DELAYS[min(self._retry_index, len(RETRY_DELAYS) - 1)]
        self._retry_index += 1
        self.retry_timer.start(delay * 1000)
        self.show_banner(
            "offline",
            f"Dash can't be reached ({user_message(exc)}). Showing saved posts; trying again in {delay} s.",
            action="Retry now",
            kind_tag="offline",
        )
        self._show_sync()

    def retry_now(self) -> None:
        """Banner button: load again now."""
        self.reload()

    def _show_sync(self) -> None:
        if self.last_synced is None:
            text = "Not synced yet"
        else:
            local = self.last_synced.astimezone(self.tz)
            today = self.clock().astimezone(self.tz).date()
            when = local.strftime("%H:%M") if local.date() == today else local.strftime("%d %b %H:%M")
            text = f"Last synced {when}"
        if self.offline:
            text = "Offline · " + text[0].lower() + text[1:]
        self.sync_label.setText(text)

    # --- banner and messages ---------------------------------------------------------------

    def show_banner(self, kind: str, text: str, action: str | None = None, kind_tag: str | None = None) -> None:
        """Show the banner above the calendar."""
        self.banner.show_message(kind, text, action)
        self.banner.kind = kind_tag or kind
        self.banner_box.show()

    def hide_banner(self) -> None:
        """Hide the banner."""
        self.banner.hide()
        self.banner_box.hide()

    def show_error(self, text: str, action: str | None = None) -> None:
        """Show an error in the banner and the status bar."""
        self.show_banner("error", text, action, kind_tag="error")
        self.statusBar().showMessage(text, 10_000)

    def show_hint(self, text: str) -> None:
        """A short message in the status bar."""
        self.statusBar().showMessage(text, 8_000)

    # --- post actions ----------------------------------------------------------------------

    def selected_key(self) -> PostKey | None:
        """The selected post of the shown view."""
        return self.current_view.selected_key

    def open_selected(self) -> None:
        """Enter: open the selected post, or start one on the selected day."""
        view = self.current_view
        if hasattr(view, "activate"):
            view.activate()
        elif view.selected_key is not None:
            self.open_post(view.selected_key)
        else:
            self.new_post()

    def open_post(self, key: PostKey) -> None:
        """Open a post in the composer."""
        post = self.service.get(key)
        if post is not None:
            self.open_composer(post=post)

    def new_post(self, when: datetime | None = None) -> None:
        """Open the composer for a new post (at ``when``, or the selected day's default time)."""
        if when is None:
            view = self.current_view
            day = getattr(view, "selected_day", self.anchor)
            when = view.default_time(day) if hasattr(view, "default_time") else None
        self.open_composer(post=None, when=when)

    def _new_at(self, when: datetime | None) -> None:
        self.new_post(when)

    def on_move_requested(self, key: PostKey, when: datetime) -> asyncio.Task[None]:
        """Reschedule by drag: shown at once, rolled back with a message if refused."""
        return self._spawn(self._move(key, when))

    def _spawn(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        """Run ``work`` on the event loop, tracked in ``op_tasks`` until it ends (closing waits for it)."""
        import asyncio

        task = asyncio.ensure_future(work)
        self.op_tasks.add(task)
        task.add_done_callback(self._op_done)
        return task

    def _op_done(self, task: asyncio.Task[None]) -> None:
        self.op_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a post operation failed", exc_info=task.exception())

    async def _move(self, key: PostKey, when: datetime) -> None:
        import asyncio

        post = self.service.get(key)
        if post is None:
            return
        name = icons.platform_name(post.platform)
        try:
            await self.service.move(key, when)
        except MoveRefused as exc:
            self.show_hint(str(exc))
            self.show_banner("info", str(exc), kind_tag="refused")
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            back = format_time(post.timestamp, self.tz, with_date=True)
            self.show_error(f"Couldn't reschedule the {name} post: {user_message(exc)} It is back at {back}.")
            return
        self.show_hint(f"Moved the {name} post to {format_time(when, self.tz, with_date=True)}. Ctrl+Z undoes it.")

    def delete_selected(self) -> None:
        """Delete key: ask, then delete the selected post."""
        key = self.selected_key()
        if key is not None:
            self.on_delete_requested(key)

    def on_delete_requested(self, key: PostKey) -> asyncio.Task[None]:
        """Ask, then delete (optimistically, restored if the API refuses)."""
        return self._spawn(self._delete(key))

    async def _delete(self, key: PostKey) -> None:
        import asyncio

        post = self.service.get(key)
        if post is None:
            return
        name = icons.platform_name(post.platform)
        when = format_time(post.timestamp, self.tz, with_date=True)
        snippet = " ".join(post.text.split())[:80]
        from dashdesk.ui.dialogs import ask

        ok = await ask(self, "Delete post", f"Delete this {name} post ({when})?", "Delete",
                       informative=f"“{snippet}”\n\nYou can undo this with Ctrl+Z." if snippet else
                       "You can undo this with Ctrl+Z.")
        if not ok:
            return
        try:
            await self.service.delete(key)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.show_error(f"Couldn't delete the {name} post: {user_message(exc)} It is still scheduled.")
            return
        self.show_hint(f"Deleted the {name} post. Ctrl+Z restores it.")

    # --- dialogs ---------------------------------------------------------------------------

    def open_settings(self) -> None:
        """Open the settings dialog (non-blocking)."""
        from dashdesk.ui.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self, self.settings, self.session)
        dlg.applied.connect(self.apply_display_settings)
        dlg.brandChosen.connect(self._brand_chosen)
        dlg.signOut.connect(self.signOutRequested.emit)
        dlg.open()
        self._settings_dialog = dlg

    def _brand_chosen(self, brand_id: int) -> None:
        if brand_id != self.session.brand_id:
            self.brandSwitchRequested.emit(brand_id)

    def about(self) -> None:
        """Show the About box (non-blocking)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, "About DashDesk",
                          f"<b>DashDesk {__version__}</b><br>Plan and schedule social posts with the Dash "
                          "Social API.<br><br>Icons: Bootstrap Icons (MIT).", QMessageBox.StandardButton.Ok, self)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = bytes(self.saveGeometry().data())
        self.settings.sync()
        if self.load_task is not None and not self.load_task.done():
            self.load_task.cancel()
        self.retry_timer.stop()
        super().closeEvent(event)

    async def aclose(self) -> None:
        """Stop loads and background work (the session is closed by its owner)."""
        if self.load_task is not None and not self.load_task.done():
            self.load_task.cancel()
            with contextlib.suppress(BaseException):
                await self.load_task
        for task in list(self.op_tasks):
            task.cancel()
        for task in list(self.op_tasks):
            with contextlib.suppress(BaseException):
                await task
        await self.undo.idle()
        hub = getattr(self, "media_hub", None)  # uploads stop here and resume at the next start
        if hub is not None and hasattr(hub, "aclose"):
            with contextlib.suppress(Exception):
                await hub.aclose()
        with contextlib.suppress(ValueError):
            self.service.listeners.remove(self.model.apply_change)
        await self.thumbnails.aclose()
