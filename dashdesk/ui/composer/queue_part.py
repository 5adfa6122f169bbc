"""The composer's "Add to queue": shows each platform's next free posting time before saving, and
sets the times again (asking Dash) just before the posts are created (the save flow's ``prepare``)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from dashdesk.i18n import tr
from dashdesk.i18n.formats import moment_text
from dashdesk.platforms import Draft, PublishMode, rules_for
from dashdesk.services.queue import QueueError, QueuePreview, QueueTimes

log = logging.getLogger(__name__)


def short_time(when: datetime, zone: Any) -> str:
    """``Tue 8 Dec 09:00`` in ``zone``."""
    local = when.astimezone(zone)
    return moment_text(local)


class QueueController(QObject):
    """Keeps the composer's queue times (``state.queue_times``) and the words under "When".

    ``parts`` are what it works with (``state``, ``when_part``, ``flow``, ``client``, ``brand_id``,
    ``zone``, ``clock``, ``editing``, ``posts``: the app's post service or None), never the dialog
    itself. Signals: ``changed()`` when the times or their problems changed (check again);
    ``saveRequested()`` when Ctrl+Enter wants the post saved.
    """

    changed = Signal()
    saveRequested = Signal()

    def __init__(self, parts: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.state = parts.state
        self.label = parts.when_part.queue_label
        posts = getattr(parts.posts, "posts", None)
        self.times = QueueTimes(parts.client, parts.brand_id, parts.zone,
                                known=(lambda: list(posts.values())) if posts is not None else tuple,
                                clock=parts.clock)
        self.preview: QueuePreview | None = None
        self.error = ""
        self.task: asyncio.Future[None] | None = None
        self._asked: tuple[str, ...] | None = None
        self.save_when_ready = False
        self.schedule_dialog: QWidget | None = None
        parts.flow.prepare = self.prepare
        # an existing post keeps its time or gets one picked: the queue is for new posts
        parts.when_part.mode_buttons[PublishMode.QUEUE].setVisible(not parts.editing)
        parts.when_part.scheduleRequested.connect(self.edit_schedule)

    def edit_schedule(self) -> QWidget:
        """Open the Posting schedule; the times are looked up again once it is saved."""
        self.schedule_dialog = open_schedule(self.parts.when_part.window(), self.parts.brand_id, self.parts.zone,
                                             after=lambda: self.refresh(force=True))
        return self.schedule_dialog

    def add_to_queue(self) -> None:
        """Ctrl+Enter: add a new post to its platforms' queues (an edit is saved as it is), as soon as
        the times are known."""
        if not self.parts.editing and self.state.mode is not PublishMode.QUEUE:
            self.parts.when_part.mode_buttons[PublishMode.QUEUE].click()
        self.save_when_ready = self.active and self.preview is None
        self.saveRequested.emit()

    def _emit_changed(self) -> None:
        """Say the times changed (the composer checks again), then save if Ctrl+Enter is waiting."""
        self.changed.emit()
        if self.save_when_ready and (self.preview is not None or self.error):
            self.save_when_ready = False
            self.saveRequested.emit()

    @property
    def active(self) -> bool:
        """Whether the composer is set to "Add to queue"."""
        return self.state.mode is PublishMode.QUEUE and not self.parts.editing

    def refresh(self, *, force: bool = False) -> None:
        """Look the times up again when the queue is chosen and the platforms changed (or ``force``)."""
        if not self.active:
            self._asked = None
            return
        platforms = tuple(p for p in self.state.platforms if p not in self.state.saved)
        if platforms == self._asked and not force:
            return
        self._asked = platforms
        stand_in = self.parts.clock() + timedelta(days=1)
        for p in platforms:  # checked as scheduled while the real times are looked up
            self.state.queue_times.setdefault(p, stand_in)
        if self.task is not None and not self.task.done():
            self.task.cancel()
        self.preview, self.error = None, ""
        self.label.setText(tr("Finding the next free posting times…"))
        try:
            self.task = asyncio.ensure_future(self._look_up(list(platforms)))
        except RuntimeError:  # no event loop (a dialog shown without one): say so, keep working
            self.error = tr("Can't look up posting times right now: pick a time with Schedule instead.")
            self.label.setText(self.error)

    async def _look_up(self, platforms: list[str]) -> None:
        try:
            preview = await self.times.preview(platforms)
        except QueueError as exc:
            self.error = str(exc)
            self.label.setText(self.error)
            self._emit_changed()
            return
        self.show(preview)

    def show(self, preview: QueuePreview) -> None:
        """Show the times (and problems) found."""
        self.preview = preview
        self.state.queue_times.update(preview.times)
        parts = [f"{rules_for(p).name} {short_time(t, self.parts.zone)}" for p, t in preview.times.items()]
        text = tr("Goes out: {times}", times=" · ".join(parts)) if parts else ""
        if preview.times and not preview.checked:
            text += " " + tr("(Dash could not be asked: times are checked again when you save)")
        self.label.setText(text or tr("No posting times."))
        self._emit_changed()

    def blockers(self) -> list[str]:
        """Why "Add to queue" can't save now (none when it can, or when another mode is chosen)."""
        if not self.active:
            return []
        if self.error:
            return [self.error]
        if self.preview is None:
            return [tr("Finding the next free posting times…")]
        return [self.preview.problems[p] for p in self.state.platforms
                if p in self.preview.problems and p not in self.state.saved]

    async def prepare(self, drafts: dict[str, Draft]) -> dict[str, Draft]:
        """The save flow's last step before creating: the next free times, asked of Dash now."""
        prepared = await self.times.prepare(drafts)
        chosen = {p: d.timestamp for p, d in prepared.items() if drafts[p].mode is PublishMode.QUEUE and d.timestamp}
        if chosen:
            self.state.queue_times.update(chosen)
            self.label.setText(tr("Queued for: ") + " · ".join(
                f"{rules_for(p).name} {short_time(t, self.parts.zone)}" for p, t in chosen.items()))
        return prepared

    def stop(self) -> None:
        """Stop a lookup on its way (the composer closes)."""
        if self.task is not None and not self.task.done():
            with contextlib.suppress(RuntimeError):
                self.task.cancel()


def open_schedule(dialog: QWidget, brand_id: int, zone: Any, brand_name: str = "",
                  after: Callable[[], None] | None = None) -> QWidget:
    """Open the Posting schedule dialog over ``dialog``; ``after`` runs once it was saved."""
    from dashdesk.ui.planning.schedule_dialog import PostingScheduleDialog

    box = PostingScheduleDialog(brand_id, zone, brand_name=brand_name, parent=dialog)
    if after is not None:
        box.accepted.connect(after)
    box.open()
    return box
