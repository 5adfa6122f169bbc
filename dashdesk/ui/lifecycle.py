"""Post lifecycle in the main window: outcome tracking, notifications, Needs attention, No date, details.

``install(window)`` is called by the main window once its first paint is done and the event loop
runs (``MainWindow.install_extensions``), in the cached start as in the normal one. It starts the
outcome tracker (its reads on a worker thread), loads the posts no time range returns (undated
drafts, publish-now posts), adds the "Needs attention" toggle with its count to the status bar and
the View menu, the "No date" panel, and the tray notifications. :func:`open_post` opens a post whose
outcome needs explaining (posted, failed, publish by hand, expired, publishing) in the details
dialog instead of the composer.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QDockWidget

from dashdesk.i18n import tr
from dashdesk.services.lifecycle import duplicate_draft, explain, needs_attention
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import Change
from dashdesk.services.tracking import OutcomeTracker
from dashdesk.ui.attention import AttentionButton
from dashdesk.ui.calendar.no_date import NoDatePanel
from dashdesk.ui.notifications import OutcomeNotifier
from dashdesk.ui.post_details import PostDetailsDialog

log = logging.getLogger(__name__)

#: Window width from which the No date panel opens by itself beside the calendar.
WIDE_WINDOW = 1200

#: Statuses opened in the details dialog (their form alone can't say what happened).
DETAIL_STATUSES = frozenset({"POSTED", "FAILED", "PARTIALLY_FAILED", "USERS_NOTIFIED", "EXPIRED", "AUTOPUBLISHING",
                             "IMPORTED", "SKIPPED"})


class _CacheNotified:
    """Notifications remembered in the window's posts cache (whichever cache it holds at the time)."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def claim_notification(self, brand_id: int, platform: str, post_id: int, outcome: str) -> bool:
        cache = self.service.cache
        return True if cache is None else bool(cache.claim_notification(brand_id, platform, post_id, outcome))


def background_reads(session: Any) -> Any:
    """Reads on a worker thread with a twin of the session's client, or ``None`` (reads on the UI loop)."""
    client = session.client
    base = getattr(client, "client", client)  # a LazyClient builds its DashClient here, on the UI thread
    twin = getattr(base, "twin", None)
    if not callable(twin):
        return None
    from dashdesk.services.background import BackgroundReads

    return BackgroundReads(twin)


class LifecycleController(QObject):
    """Everything of the post lifecycle one main window has."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        service = window.service
        self.tracker = OutcomeTracker(service, notified=_CacheNotified(service), clock=window.clock)
        self.notifier = OutcomeNotifier(QApplication.windowIcon(), lambda: bool(window.settings.notify_outcomes),
                                        self)
        self.notifier.openRequested.connect(self.open_from_notification)
        self.tracker.on_outcome(self.notifier.notify)
        self.attention = AttentionButton(window.model, window.proxy, window)
        self.attention.clock = window.clock
        window.statusBar().addPermanentWidget(self.attention)
        self.attention_action = QAction(tr("Needs &attention"), window)
        self.attention_action.setCheckable(True)
        self.attention_action.setShortcut("Ctrl+Shift+A")
        self.attention_action.setStatusTip(tr("Show only the posts that failed, expired or still need approval"))
        self.attention_action.toggled.connect(self.attention.setChecked)
        self.attention.toggled.connect(self.attention_action.setChecked)
        self.attention.toggled.connect(self._attention_toggled)
        self._view_before: str | None = None
        view_menu = getattr(window, "view_menu", None)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addAction(self.attention_action)
        self.no_date = NoDatePanel(window.proxy)
        self.no_date.list.openRequested.connect(window.open_post)
        dock = QDockWidget(tr("No date"), window)
        dock.setWidget(self.no_date)
        dock.setAccessibleName(tr("Drafts without a date"))
        self.dock = window.add_dock("nodate", dock, Qt.DockWidgetArea.LeftDockWidgetArea)
        if view_menu is not None:
            view_menu.addAction(dock.toggleViewAction())
        window.resizeDocks([dock], [self.no_date.sizeHint().width()], Qt.Orientation.Horizontal)
        dock.setVisible(self._room_for_panel())
        self.details: PostDetailsDialog | None = None
        self.focused: Any = None  # the composer field "Fix and reschedule" focused last
        self._retrying: PostKey | None = None
        service.subscribe(self._changed)
        window.post_actions.operationExecuted.connect(self._operation)
        self.task: Any = None

    def _room_for_panel(self) -> bool:
        """Show the No date panel by itself only when there are undated drafts and the window is wide
        (a narrow window keeps its room for the calendar; View > No date and the list still show them)."""
        return bool(self.no_date.list.listed_keys()) and self.window.width() >= WIDE_WINDOW

    def _attention_toggled(self, on: bool) -> None:
        """Needs attention is one list: show the list view while it is on, then the view from before."""
        window = self.window
        navigator = window.navigator
        if on:
            self._view_before = navigator.view_name
            if self._view_before != "list":
                navigator.set_view("list", reload=False)
        elif self._view_before and self._view_before != "list":
            navigator.set_view(self._view_before, reload=False)
        update = getattr(window, "_update_title", None)
        if callable(update):
            update()

    # --- running ---------------------------------------------------------------------------

    def start(self) -> None:
        """Load the undated posts and start tracking (as window tasks: closing the window stops them)."""
        spawn = self.window.post_actions.spawn
        self.task = spawn(self._track())
        spawn(self._load_undated())

    async def _load_undated(self) -> None:
        try:
            result = await self.window.service.load_undated()
        except Exception as exc:  # offline or refused: the cached ones stay; the next start tries again
            log.info("couldn't load the posts without a date: %s", exc)
            return
        if not self.dock.isVisible() and self._room_for_panel():
            self.dock.show()
        for platform, exc in getattr(result, "errors", {}).items():
            log.info("posts without a date of %s: %s", platform, exc)

    async def _track(self) -> None:
        reads = None
        try:
            with contextlib.suppress(Exception):
                reads = background_reads(self.window.session)
            self.tracker.reads = reads
            await self.tracker.run()
        finally:
            self.tracker.reads = None
            if reads is not None:
                reads.close()
            self.notifier.close()

    # --- the details dialog ----------------------------------------------------------------

    def open_post(self, post: Post) -> bool:
        """Open ``post`` in the details dialog if its outcome needs explaining; ``False`` otherwise."""
        now = self.window.clock()
        due_soon = post.status == "MISSING_APPROVALS" and needs_attention(post, now)
        if (post.status not in DETAIL_STATUSES and not due_soon) or explain(post, now, self.window.tz) is None:
            return False
        if self.details is not None:
            self.details.close()
        dialog = PostDetailsDialog(post, self.window.tz, self.window.clock(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.retryRequested.connect(self.retry)
        dialog.duplicateRequested.connect(self.duplicate)
        dialog.fixRequested.connect(self.fix)
        dialog.editRequested.connect(self.edit)
        dialog.destroyed.connect(lambda *_: setattr(self, "details", None))
        self.details = dialog
        dialog.open()
        return True

    def _changed(self, change: Change) -> None:
        """A post open in the details dialog changed (the tracker learned its outcome): show it."""
        dialog = self.details
        if dialog is not None and change.kind == "upsert" and change.post is not None and \
                change.post.key == dialog.post.key:
            dialog.set_post(change.post, self.window.clock())

    def open_from_notification(self, key: PostKey) -> None:
        """A notification was clicked: bring the window up and open that post."""
        self.window.showNormal()
        if QGuiApplication.platformName() != "offscreen":  # (nothing to raise above offscreen)
            self.window.raise_()
        self.window.activateWindow()
        post = self.window.service.get(key)
        if post is not None and not self.open_post(post):
            self.window.open_post(key)

    # --- actions (carried out by the window's post actions, like every change) ------------------

    def retry(self, key: PostKey) -> None:
        """"Retry now" from the details dialog; its outcome comes back through ``operationExecuted``."""
        self._retrying = key
        self.window.post_actions.retry(key)

    def _operation(self, outcome: Any) -> None:
        if outcome.kind != "retry" or self._retrying is None:
            return
        self._retrying = None
        if self.details is not None:
            self.details.retry_finished(None if outcome.ok else outcome.message)
        if outcome.ok:
            self.tracker.wake()

    def duplicate(self, key: PostKey) -> Any:
        """"Duplicate": close the details, open the composer with a copy."""
        if self.details is not None:
            self.details.close()
        return self.window.post_actions.duplicate(key)

    def edit(self, key: PostKey) -> Any:
        """"Edit…": close the details, open the post in the composer."""
        if self.details is not None:
            self.details.close()
        post = self.window.service.get(key)
        return self.window.post_actions.open_composer(post=post) if post is not None else None

    def fix(self, key: PostKey, field: str | None) -> Any:
        """"Fix and reschedule": close the details, open the composer with the failing field focused."""
        if self.details is not None:
            self.details.close()
        self.focused = self.window.post_actions.fix(key, field)
        return self.focused


def duplicate_state(post: Post) -> Any:
    """A composer state holding a copy of ``post`` as a new, undated draft (``None`` without a composer)."""
    try:
        from dashdesk.ui.composer.media_items import media_items_of
        from dashdesk.ui.composer.state import ComposerState, state_for_post
    except ImportError:
        return None
    fresh = state_for_post(post.platform, post.id, duplicate_draft(post), media_items_of(post.data))
    # A new post: no edit target, no time, a draft until the person picks how to publish it.
    return ComposerState(platforms=fresh.platforms, text=fresh.text, media=fresh.media, mode=fresh.mode,
                         when=None, timed_draft=False, parts=fresh.parts)


def install(window: Any) -> LifecycleController:
    """Add the post lifecycle to ``window`` and start tracking outcomes (once per window)."""
    existing = getattr(window, "lifecycle", None)
    if isinstance(existing, LifecycleController):
        return existing
    controller = LifecycleController(window)
    window.lifecycle = controller
    controller.start()
    return controller
