"""Keeping the calendar in step with Dash: loading, refresh, offline retries, and what the window says about it.

:class:`SyncController` loads the visible range (cached posts first, then the API), cancels the
load it replaces, retries with growing delays while Dash can't be reached, and shows the state in
the status bar (busy indicator, "Last synced HH:MM", "Offline") and the banner.

Seams for what comes next:

* ``state`` / ``stateChanged`` name the sync state (:class:`SyncState`).
* ``pacing`` (:class:`~dashdesk.ui.pacing_banner.PacingBanner`) follows the client's pacing state:
  while Dash paces requests the banner says until when (display zone, counting down) and "Loading…"
  says why; a load that gave up on a 429 is loaded again once the reset has passed.
* ``loadFinished`` carries every :class:`LoadResult`: tracking the outcome of posts in passing
  states (publishing, due) can listen to it and schedule its own re-reads beside this controller.

Nothing here imports asyncio at module load: the cached start paints before asyncio is imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from dashdesk.i18n import current_language, tr
from dashdesk.i18n.formats import datetime_text, time_text
from dashdesk.platforms import PLATFORM_IDS
from dashdesk.services.posts import LoadResult, PostService, is_connection_error, user_message
from dashdesk.ui import icons
from dashdesk.ui.notices import Notices
from dashdesk.ui.pacing_banner import PacingBanner

if TYPE_CHECKING:
    import asyncio
    from zoneinfo import ZoneInfo

RETRY_DELAYS = (5, 10, 20, 40, 60)


class SyncState(enum.Enum):
    """What the window knows about its link to Dash."""

    IDLE = "idle"
    LOADING = "loading"
    OFFLINE = "offline"
    FAILED = "failed"  # the last load was refused (the banner says why)


class SyncController(QObject):
    """Loads the visible range and shows loading, offline and error states."""

    loadFinished = Signal(object)  # LoadResult, or the exception that stopped the load
    stateChanged = Signal(object)  # SyncState

    def __init__(self, service: PostService, notices: Notices, status_bar: QStatusBar, *,
                 visible_range: Callable[[], tuple[datetime, datetime]], clock: Callable[[], datetime],
                 tz: ZoneInfo, parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.notices = notices
        self.visible_range = visible_range
        self.clock = clock
        self.tz = tz
        self.state = SyncState.IDLE
        self.load_task: asyncio.Task[Any] | None = None
        self.load_tasks: list[asyncio.Task[Any]] = []
        self.last_result: LoadResult | None = None
        self.last_synced: datetime | None = None
        self.offline = False
        self.primed: tuple[datetime, datetime] | None = None  # range already read from the cache
        self._retry_index = 0
        self.retry_timer = QTimer(self, singleShot=True)
        self.retry_timer.timeout.connect(self.reload)
        self._build_status(parent, status_bar)
        notices.banner.actionClicked.connect(self.reload)
        self.pacing = PacingBanner(notices.banner, lambda: self.tz, clock, parent=self,
                                   show=self._show_paced, hide=self._hide_paced)
        self.pacing.changed.connect(self._paced_changed)
        self.pacing.reload_due.connect(self.reload)

    # --- Dash pacing requests (429s): a banner that says until when; loads carry on by themselves ---

    def attach_pacing(self, client: Any) -> None:
        """Follow ``client``'s pacing state (a ``DashClient``; ``None`` or one without it: nothing)."""
        state = getattr(client, "pacing", None)
        if state is not None:
            self.pacing.attach(state)

    def _show_paced(self, text: str) -> None:
        if self.notices.banner_about("paced"):
            self.notices.banner.text.setText(text)  # the countdown: only the words change
            self.notices.banner.setAccessibleDescription(text)
        elif not self.notices.banner_about("offline", "error", "refused"):
            self.notices.show_banner("paced", text, kind_tag="paced")

    def _hide_paced(self) -> None:
        if self.notices.banner_about("paced"):
            self.notices.hide_banner()

    def _paced_changed(self, paced: bool) -> None:
        self.busy_label.setText(tr("Loading… (Dash is pacing requests)") if paced else tr("Loading…"))

    def _build_status(self, parent: QWidget, sb: QStatusBar) -> None:
        fm = parent.fontMetrics()
        self.busy = QProgressBar(parent)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(fm.horizontalAdvance("M") * 8)
        self.busy.setMaximumHeight(fm.height())
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(tr("Loading"))
        self.busy_label = QLabel(tr("Loading…"), parent)
        self.sync_label = QLabel(tr("Not synced yet"), parent)
        self.sync_label.setAccessibleName(tr("Last synced"))
        self.zone_label = QLabel(parent)
        self.zone_label.setAccessibleName(tr("Time zone"))
        self.zone_label.setToolTip(tr("Times are shown in this zone (Settings to change)"))
        for label in (self.busy_label, self.sync_label, self.zone_label):
            label.setContentsMargins(fm.height() // 2, 0, fm.height() // 2, 0)
        for w in (self.busy_label, self.busy):
            w.hide()
            sb.addPermanentWidget(w)
        sb.addPermanentWidget(self.sync_label)
        sb.addPermanentWidget(self.zone_label)
        self.set_zone(self.tz)

    def set_zone(self, tz: ZoneInfo) -> None:
        """The display zone changed: the status bar names it, sync times use it."""
        self.tz = tz
        abbr = self.clock().astimezone(tz).tzname()
        self.zone_label.setText(tr("Times in {key} ({abbr})", key=tz.key, abbr=abbr))

    def range_changed(self, covered: bool) -> None:
        """The navigator shows another range: load it unless it lies inside the one loaded."""
        if covered and self.last_result is not None:
            return
        self.reload()

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

    async def prime(self) -> None:
        """Put the cached posts of the visible range in the model and read the last sync time."""
        start, end = self.visible_range()
        with contextlib.suppress(Exception):
            await self.service.load_cached(start, end)
            self.primed = (start, end)
        self.last_synced = await self.service.last_sync()
        self.show_sync()

    async def _load(self, start: datetime, end: datetime) -> LoadResult | None:
        import asyncio

        self._set_state(SyncState.LOADING)
        primed, self.primed = self.primed, None
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
            if is_connection_error(exc):
                self._go_offline(exc)
            else:
                self._set_state(SyncState.FAILED)
                self.notices.show_error(tr("Couldn't load posts: {reason}", reason=user_message(exc)),
                                        action=tr("Retry"))
            self.loadFinished.emit(exc)
            return None
        self.last_result = result
        if result.offline:
            self._go_offline(next(iter(result.errors.values())))
        else:
            self.offline = False
            self._retry_index = 0
            self._set_state(SyncState.IDLE)
            if result.synced_at is not None:
                self.last_synced = result.synced_at
            paced_until = result.rate_limited_until
            if paced_until is not None:
                # Dash paced requests past the client's patience: say until when, load again then
                self.pacing.retry_load_at(paced_until)
            others = {p: e for p, e in result.errors.items() if getattr(e, "reset_at", None) is None}
            if others:
                self._show_platform_errors(dataclasses.replace(result, errors=others))
            elif self.notices.banner_about("offline", "load"):
                self.notices.hide_banner()
        self.show_sync()
        self.loadFinished.emit(result)
        return result

    def _set_state(self, state: SyncState) -> None:
        busy = state is SyncState.LOADING
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        if state is not self.state:
            self.state = state
            self.stateChanged.emit(state)

    def _show_platform_errors(self, result: LoadResult) -> None:
        names = [icons.platform_name(p) for p in result.errors]
        first = next(iter(result.errors.values()))
        listed = ", ".join(names[:-1]) + (f" and {names[-1]}" if len(names) > 1 else names[0])
        self.notices.show_banner(
            "error",
            tr(
                    "Couldn't load {listed} posts: {first} The other platforms are shown.",
                    listed=listed,
                    first=user_message(first),
                ),
            action=tr("Retry"),
            kind_tag="load",
        )

    def _go_offline(self, exc: BaseException) -> None:
        self.offline = True
        self._set_state(SyncState.OFFLINE)
        delay = RETRY_DELAYS[min(self._retry_index, len(RETRY_DELAYS) - 1)]
        self._retry_index += 1
        self.retry_timer.start(delay * 1000)
        self.notices.show_banner(
            "offline",
            tr(
                    "Dash can't be reached ({exc}). Showing saved posts; trying again in {delay} s.",
                    exc=user_message(exc),
                    delay=delay,
                ),
            action=tr("Retry now"),
            kind_tag="offline",
        )
        self.show_sync()

    def show_sync(self) -> None:
        """Write "Last synced …" (and "Offline") in the status bar."""
        if self.last_synced is None:
            text = tr("Offline · not synced yet") if self.offline else tr("Not synced yet")
        else:
            local = self.last_synced.astimezone(self.tz)
            today = self.clock().astimezone(self.tz).date()
            if current_language() == "en":
                when = local.strftime("%H:%M") if local.date() == today else local.strftime("%d %b %H:%M")
            else:
                when = time_text(local) if local.date() == today else datetime_text(local, "day_month")
            text = (tr("Offline · last synced {time}", time=when) if self.offline
                    else tr("Last synced {time}", time=when))
        self.sync_label.setText(text)

    def stop(self) -> None:
        """Cancel the running load, the pending retry and the pacing countdown (closing)."""
        self.pacing.detach()
        if self.load_task is not None and not self.load_task.done():
            self.load_task.cancel()
        self.retry_timer.stop()

    async def aclose(self) -> None:
        """Cancel the running load and wait for it to end (no Qt calls: the window may be gone)."""
        if self.load_task is not None and not self.load_task.done():
            self.load_task.cancel()
            with contextlib.suppress(BaseException):
                await self.load_task
