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

from dashdesk.services.lifecycle import duplicate_draft, explain, retry_body
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import Change, user_message
from dashdesk.services.tracking import OutcomeTracker
from dashdesk.ui.attention import AttentionButton
from dashdesk.ui.calendar.no_date import NoDatePanel
from dashdesk.ui.notifications import OutcomeNotifier
from dashdesk.ui.post_details import PostDetailsDialog

log = logging.getLogger(__name__)

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
        self.attention_action = QAction("Needs &attention", window)
        self.attention_action.setCheckable(True)
        self.attention_action.setShortcut("Ctrl+Shift+A")
        self.attention_action.setStatusTip("Show only the posts that failed, expired or still need approval")
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
        dock = QDockWidget("No date", window)
        dock.setWidget(self.no_date)
        dock.setAccessibleName("Drafts without a date")
        self.dock = window.add_dock("nodate", dock, Qt.DockWidgetArea.LeftDockWidgetArea)
        if view_menu is not None:
            view_menu.addAction(dock.toggleViewAction())
        window.resizeDocks([dock], [self.no_date.sizeHint().width()], Qt.Orientation.Horizontal)
        dock.setVisible(bool(self.no_date.list.listed_keys()))
        self.details: PostDetailsDialog | None = None
        self.focused: Any = None  # the composer field "Fix and reschedule" focused last
        service.subscribe(self._changed)
        self.task: Any = None

    def _attention_toggled(self, on: bool) -> None:
        """Needs attention is one list: show the list view while it is on, then the view from before."""
        window = self.window
        if on:
            self._view_before = getattr(window, "view_name", None)
            if self._view_before != "list":
                window.set_view("list", reload=False)
        elif self._view_before and self._view_before != "list":
            window.set_view(self._view_before, reload=False)
        update = getattr(window, "_update_title", None)
        if callable(update):
            update()

    # --- running ---------------------------------------------------------------------------

    def start(self) -> None:
        """Load the undated posts and start tracking (as window tasks: closing the window stops them)."""
        import asyncio

        self.task = asyncio.ensure_future(self._track())
        self.window.op_tasks.add(self.task)
        undated = asyncio.ensure_future(self._load_undated())
        self.window.op_tasks.add(undated)
        for task in (self.task, undated):
            task.add_done_callback(self.window.op_tasks.discard)

    async def _load_undated(self) -> None:
        try:
            result = await self.window.service.load_undated()
        except Exception as exc:  # offline or refused: the cached ones stay; the next start tries again
            log.info("couldn't load the posts without a date: %s", exc)
            return
        if self.no_date.list.listed_keys() and not self.dock.isVisible():
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
        if post.status not in DETAIL_STATUSES or explain(post, self.window.clock(), self.window.tz) is None:
            return False
        if self.details is not None:
            self.details.close()
        dialog = PostDetailsDialog(post, self.window.tz, self.window.clock(), self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.retryRequested.connect(self.retry)
        dialog.duplicateRequested.connect(self.duplicate)
        dialog.fixRequested.connect(self.fix)
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

    # --- actions ---------------------------------------------------------------------------

    def retry(self, key: PostKey) -> None:
        """"Retry now": create one new post publishing at once (never retried blindly)."""
        self.window._spawn(self._retry(key))

    async def _retry(self, key: PostKey) -> None:
        service = self.window.service
        post = service.get(key)
        dialog = self.details
        if post is None:
            if dialog is not None:
                dialog.retry_finished("This post is no longer here. Reload and try again.")
            return
        try:
            await service.create(post.platform, retry_body(post, service.brand_id))
        except Exception as exc:
            if dialog is not None:
                dialog.retry_finished(user_message(exc))
            else:
                self.window.show_error(user_message(exc))
            return
        if dialog is not None:
            dialog.retry_finished(None)
        self.tracker.wake()

    def duplicate(self, key: PostKey) -> Any:
        """"Duplicate": a new post in the composer with this one's content, for another time or platforms."""
        post = self.window.service.get(key)
        if post is None:
            return None
        if self.details is not None:
            self.details.close()
        state = duplicate_state(post)
        if state is None:
            return self.window.open_composer(post=None)
        return self.window.open_composer(post=None, state=state)

    def fix(self, key: PostKey, field: str | None) -> Any:
        """"Fix and reschedule": the composer on this post, with the failing field focused."""
        post = self.window.service.get(key)
        if post is None:
            return None
        if self.details is not None:
            self.details.close()
        dialog = self.window.open_composer(post=post)
        focus = getattr(dialog, "focus_field", None)
        self.focused = focus(field or "timestamp", post.platform) if callable(focus) else None
        return dialog


def duplicate_state(post: Post) -> Any:
    """A composer state holding a copy of ``post`` as a new, undated draft (``None`` without a composer)."""
    try:
        from dashdesk.ui.composer.state import ComposerState, state_for_post
    except ImportError:
        return None
    media_items_of = _media_items_of()
    draft = duplicate_draft(post)
    fresh = state_for_post(post.platform, post.id, draft, media_items_of(post.data) if media_items_of else [])
    state = ComposerState(platforms=fresh.platforms, text=fresh.text, media=fresh.media, mode=fresh.mode,
                          when=None, timed_draft=False, parts=fresh.parts)
    return state


def _media_items_of() -> Any:
    for module in ("dashdesk.ui.composer.dialog", "dashdesk.ui.composer"):
        with contextlib.suppress(ImportError):
            mod = __import__(module, fromlist=["media_items_of"])
            fn = getattr(mod, "media_items_of", None)
            if callable(fn):
                return fn
    return None


def install(window: Any) -> LifecycleController:
    """Add the post lifecycle to ``window`` and start tracking outcomes."""
    controller = LifecycleController(window)
    window.lifecycle = controller
    controller.start()
    return controller
