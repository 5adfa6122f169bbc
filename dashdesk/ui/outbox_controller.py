"""The window's outbox: posts saved while Dash could not take them, shown as "Waiting to send", sent later.

:class:`OutboxController` opens the outbox file once the event loop runs (never on the cached
start's path: the service imports asyncio), puts its posts in the calendar through the
``PostService``, runs the background sender, wakes it when a load reaches Dash again, and tells the
person when waiting posts went out. Opening or deleting a waiting post in the calendar comes here
(``PostActions`` routes negative ids), through :class:`~dashdesk.ui.outbox_dialog.OutboxEntryDialog`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.platforms import rules_for
from dashdesk.services.compose import ComposeService
from dashdesk.services.outbox import FlushReport, OutboxService, origin_of, outbox_path
from dashdesk.services.post import PostKey
from dashdesk.services.posts import LoadResult, PostService
from dashdesk.store.outbox import OutboxEntry, OutboxStore
from dashdesk.ui.notices import Notices

log = logging.getLogger(__name__)


class OutboxController(QObject):
    """Owns the outbox of the window's brand and its background sender.

    ``changed(int)`` says how many posts wait (the status bar shows it); ``sentPosts(int)`` how many
    went out in one pass.
    """

    changed = Signal(int)
    sentPosts = Signal(int)

    def __init__(self, window: QWidget, service: PostService, client: Any, brand_id: int, notices: Notices, *,
                 tz: Callable[[], Any], path: Any = None) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self.client = client
        self.brand_id = int(brand_id)
        self.notices = notices
        self.tz = tz
        self.path = path
        self.outbox: OutboxService | None = None
        self.store: OutboxStore | None = None
        self.task: asyncio.Task[None] | None = None
        self.dialog: Any = None
        self.jobs: set[asyncio.Future[Any]] = set()

    # --- starting and stopping -------------------------------------------------------------------

    async def start(self) -> OutboxService | None:
        """Open the file (in a worker thread), show the waiting posts, start the sender."""
        if self.outbox is not None:
            return self.outbox
        try:
            self.store = await asyncio.to_thread(OutboxStore, self.path or outbox_path())
        except OSError as exc:  # the data folder is not writable: saving still works, only not offline
            log.warning("outbox unavailable: %s", exc)
            return None
        compose = ComposeService(self.client, self.brand_id, clock=self.service.clock)
        self.outbox = OutboxService(self.store, compose, origin_of(self.client), posts=self.service,
                                    clock=self.service.clock)
        self.outbox.subscribe(lambda entries: self.changed.emit(len(entries)))
        self.outbox.sent_listeners.append(self._sent)
        if self.store.problem:
            self.notices.show_banner("error", self.store.problem, kind_tag="outbox")
        await self.outbox.refresh()
        self.task = asyncio.ensure_future(self.outbox.run())
        return self.outbox

    async def aclose(self) -> None:
        """Stop the sender (a post mid-send is looked up at the next start) and close the file."""
        for job in list(self.jobs):
            job.cancel()
            with contextlib.suppress(BaseException):
                await job
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(BaseException):
                await self.task
        if self.store is not None:
            self.store.close()
            self.store = None

    # --- what the window tells it ---------------------------------------------------------------

    def load_finished(self, result: object) -> None:
        """A load reached Dash: send what waits now instead of at the next retry."""
        if self.outbox is not None and isinstance(result, LoadResult) and result.loaded_platforms:
            self.outbox.wake()

    def entry(self, key: PostKey) -> OutboxEntry | None:
        """The outbox entry shown as the calendar post ``key`` (negative id)."""
        if self.outbox is None:
            return None
        return next((e for e in self.outbox.entries if -e.id == key[1] and e.platform == key[0]), None)

    def _keep(self, job: asyncio.Future[Any]) -> None:
        """Hold a background job until it ends (a task nobody references may be collected)."""
        self.jobs.add(job)
        job.add_done_callback(self.jobs.discard)

    def _sent(self, report: FlushReport) -> None:
        n = len(report.sent)
        names = sorted({rules_for(r.platform).name for r in report.sent})
        listed = ", ".join(names)
        self.notices.show_hint(ntr("Sent {n} waiting post to Dash ({listed}).",
                                   "Sent {n} waiting posts to Dash ({listed}).", n, listed=listed))
        if self.notices.banner_about("outbox"):
            self.notices.hide_banner()
        self.sentPosts.emit(n)

    # --- the person's actions on a waiting post --------------------------------------------------

    def open_entry(self, key: PostKey) -> Any:
        """Show a waiting post: where it stands, Try now, Remove."""
        from dashdesk.ui.outbox_dialog import OutboxAction, OutboxEntryDialog

        entry = self.entry(key)
        post = self.service.get(key)
        if entry is None or self.outbox is None:
            return None
        dialog = OutboxEntryDialog(entry, post.text if post else "", self.tz(), self.window)
        outbox = self.outbox

        def chosen(action: OutboxAction) -> None:
            if action is OutboxAction.TRY_NOW:
                self._keep(asyncio.ensure_future(outbox.retry(entry.id)))
                self.notices.show_hint(tr("Sending it now…"))
            elif action is OutboxAction.REMOVE:
                self._keep(asyncio.ensure_future(outbox.discard(entry.id)))
                self.notices.show_hint(tr("Removed the waiting {name} post.", name=rules_for(entry.platform).name))

        dialog.chosen.connect(chosen)
        dialog.open()
        self.dialog = dialog
        return dialog


def install_reliability(window: Any) -> OutboxController:
    """Give a main window its outbox and its rate-limit banner (once the event loop runs; idempotent).

    The outbox file opens in the background; once open, the composer saves through it.
    """
    existing = getattr(window, "outbox_ctl", None)
    if existing is not None:
        return existing
    client = window.session.client
    window.sync.attach_pacing(getattr(client, "client", client))  # (a LazyClient builds its client here)
    ctl = OutboxController(window, window.service, client, window.session.brand_id, window.notices,
                           tz=lambda: window.tz)
    window.outbox_ctl = ctl
    window.post_actions.outbox = ctl
    window.sync.loadFinished.connect(ctl.load_finished)
    label = QLabel(window)  # "2 posts waiting to send" in the status bar, while any wait
    label.setAccessibleName(tr("Posts waiting to send"))
    label.setToolTip(tr("Saved while Dash could not take them; DashDesk sends them by itself"))
    label.setContentsMargins(window.fontMetrics().height() // 2, 0, window.fontMetrics().height() // 2, 0)
    label.hide()
    window.statusBar().insertPermanentWidget(0, label)
    ctl.changed.connect(lambda n: (label.setText(ntr("{n} post waiting to send", "{n} posts waiting to send", n)),
                                   label.setVisible(n > 0)))
    ctl.waiting_label = label

    async def open_outbox() -> None:
        outbox = await ctl.start()
        if outbox is not None:
            window.post_actions.composer_args["outbox"] = outbox

    ctl._keep(asyncio.ensure_future(open_outbox()))
    return ctl
