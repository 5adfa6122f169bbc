"""The main window's queue commands: Posting schedule…, Fill gaps and Shuffle (of the selected post's
platform), carried out by :mod:`dashdesk.services.queue_ops` and reported like every post operation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.ui.post_actions import Outcome, PostActions

if TYPE_CHECKING:  # the window is built before asyncio and the services' helpers load
    import asyncio
    from zoneinfo import ZoneInfo

    from dashdesk.services.posts import PostService

log = logging.getLogger(__name__)


class QueueActions(QObject):
    """Queue commands on the platform of the selected post (see the module docstring)."""

    def __init__(self, window: QWidget, service: PostService, post_actions: PostActions, *,
                 tz: Callable[[], ZoneInfo], current_view: Callable[[], Any], brand_name: str = "") -> None:
        super().__init__(window)
        self.service = service
        self.ops = post_actions
        self._tz = tz
        self._current_view = current_view
        self.brand_name = brand_name
        self.tasks: set[asyncio.Task[None]] = set()
        self.schedule_dialog: QWidget | None = None
        self.series_dialog: QWidget | None = None
        self._schedule: Any = None  # the posting schedule, read once (again after the dialog saves)
        self.scheduleChanged: list[Callable[[], None]] = []
        self.seriesToppedUp: list[Callable[[], None]] = []

    def schedule(self) -> Any:
        """The posting schedule (an empty one when the file can't be read: the calendar keeps working)."""
        if self._schedule is None:
            from dashdesk.planning.schedule import PostingSchedule, ScheduleFileError

            try:
                self._schedule = PostingSchedule.load()
            except ScheduleFileError as exc:
                log.warning("posting schedule unreadable: %s", exc)
                self._schedule = PostingSchedule()
        return self._schedule

    def free_slots(self, first: Any, last: Any) -> list[tuple[str, Any]]:
        """Free slots (platform, time) from ``first`` to ``last`` (days) for the week view."""
        from datetime import datetime, time, timedelta

        from dashdesk.planning.queue import free_slots_between

        zone = self._tz()
        start = max(datetime.combine(first, time(0), zone), self.service.clock())
        end = datetime.combine(last + timedelta(days=1), time(0), zone)
        return free_slots_between(self.schedule(), self.service.brand_id, zone, self.service.posts.values(),
                                  start, end)

    def top_up_series(self, *_: Any) -> asyncio.Task[None] | None:
        """Once a session, after the first load: create the repeating posts the horizon now reaches."""
        if getattr(self, "_topped_up", False) or self.service.client is None:
            return None
        self._topped_up = True
        import asyncio

        task = asyncio.ensure_future(self._top_up())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def _top_up(self) -> None:
        from dashdesk.planning.series import SeriesError, SeriesStore
        from dashdesk.services.series import SeriesService

        try:
            store = SeriesStore()
        except SeriesError as exc:
            self.ops.operationExecuted.emit(Outcome("series", str(exc), ok=False))
            return
        try:
            made = await SeriesService(self.service.client, self.service.brand_id, store,
                                       clock=self.service.clock).top_up()
        except Exception as exc:
            log.warning("topping up repeating posts failed: %s", exc)
            return
        finally:
            store.close()
        if made:
            self.ops.operationExecuted.emit(Outcome(
                "series", ntr("Added {n} repeating post to the calendar.", "Added {n} repeating posts to the calendar.",
                              made)))
            for listener in self.seriesToppedUp:
                listener()

    def _schedule_saved(self) -> None:
        self._schedule = None
        for listener in self.scheduleChanged:
            listener()

    def edit_schedule(self) -> QWidget:
        """Open the Posting schedule dialog."""
        from .schedule_dialog import PostingScheduleDialog

        self.schedule_dialog = PostingScheduleDialog(self.service.brand_id, self._tz(), brand_name=self.brand_name,
                                                     parent=self.parent())  # type: ignore[arg-type]
        self.schedule_dialog.accepted.connect(self._schedule_saved)
        self.schedule_dialog.open()
        return self.schedule_dialog

    def manage_series(self) -> QWidget:
        """Open the "Repeating posts" window (its list is read in the background)."""
        from .series_dialog import SeriesDialog

        dialog = SeriesDialog(self.service, self._tz(), parent=self.parent())  # type: ignore[arg-type]
        dialog.openRequested.connect(self.ops.open_post)
        dialog.changed.connect(lambda: [listener() for listener in self.seriesToppedUp])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.series_dialog = dialog
        dialog.open()
        dialog.reload()
        return dialog

    def _platform(self) -> str | None:
        view = self._current_view()
        key = getattr(view, "selected_key", None)
        post = self.service.get(key) if key is not None else None
        if post is None:
            self.ops.operationExecuted.emit(Outcome(
                "queue", tr("Select a post of the platform whose queue you want to change."), ok=False, refused=True))
            return None
        return post.platform

    def fill_gaps_selected(self) -> asyncio.Task[None] | None:
        """Fill the gaps of the selected post's platform queue."""
        platform = self._platform()
        return self.run("fill", platform) if platform else None

    def shuffle_selected(self) -> asyncio.Task[None] | None:
        """Shuffle the selected post's platform queue."""
        platform = self._platform()
        return self.run("shuffle", platform) if platform else None

    def run(self, what: str, platform: str) -> asyncio.Task[None]:
        """Start ``what`` ("fill" or "shuffle") on ``platform``'s queue; the outcome is reported."""
        import asyncio

        task = asyncio.ensure_future(self._run(what, platform))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def _run(self, what: str, platform: str) -> None:
        import asyncio

        from dashdesk.planning.schedule import PostingSchedule, ScheduleFileError
        from dashdesk.platforms import rules_for
        from dashdesk.services.posts import user_message
        from dashdesk.services.queue_ops import fill_gaps, shuffle

        name = rules_for(platform).name
        try:
            schedule = PostingSchedule.load()
        except ScheduleFileError as exc:
            self.ops.operationExecuted.emit(Outcome("queue", tr("The posting schedule can't be read: {exc}",
                                                                exc=exc), ok=False))
            return
        if not schedule.slots_for(self.service.brand_id, platform, self._tz()).slots:
            self.ops.operationExecuted.emit(Outcome(
                "queue", tr("{name} has no posting times yet: add some in File > Posting schedule.",
                            name=name), ok=False,
                refused=True))
            return
        try:
            if what == "fill":
                moved = await fill_gaps(self.service, schedule, platform, self._tz())
            else:
                moved = await shuffle(self.service, schedule, platform, self._tz())
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.ops.operationExecuted.emit(Outcome("queue", tr("Couldn't change the {name} queue: {reason}", name=name,
                                                                reason=user_message(exc)), ok=False))
            return
        if not moved:
            text = (tr("The {name} queue has no gaps.", name=name) if what == "fill" else
                    tr("The {name} queue has fewer than two posts.", name=name))
        elif what == "fill":
            text = ntr("Filled the gaps in the {name} queue: {n} post moved. Ctrl+Z undoes it.",
                       "Filled the gaps in the {name} queue: {n} posts moved. Ctrl+Z undoes it.", moved, name=name)
        else:
            text = ntr("Shuffled the {name} queue: {n} post moved. Ctrl+Z undoes it.",
                       "Shuffled the {name} queue: {n} posts moved. Ctrl+Z undoes it.", moved, name=name)
        self.ops.operationExecuted.emit(Outcome("queue", text))
