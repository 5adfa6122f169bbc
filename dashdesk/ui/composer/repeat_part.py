"""The composer's "Repeat": every N days/weeks/months, until a day or N times (scheduled posts only).

Once the composer's posts are saved, each platform's post becomes the first occurrence of a series
(:class:`dashdesk.services.series.SeriesService`), whose next occurrences are created up to the
horizon right away and topped up whenever the app runs.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.planning.series import EDITED, SKIPPED, RepeatRule, SeriesError, SeriesStore
from dashdesk.platforms import PublishMode
from dashdesk.services.series import SeriesService

log = logging.getLogger(__name__)
UNITS = (("day", N_("days")), ("week", N_("weeks")), ("month", N_("months")))
#: Series started after a composer closed keep running here (the composer may be gone).
_RUNNING: set[asyncio.Task[Any]] = set()


class RepeatPicker(QWidget):
    """Repeat [x] every [N] [weeks]  ( ) until [date]  (o) [N] times."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(tr("Repeat every"), self)
        self.enabled.setAccessibleName(tr("Repeat this post"))
        self.every = QSpinBox(self)
        self.every.setRange(1, 365)
        self.every.setAccessibleName(tr("Repeat every how many"))
        self.unit = QComboBox(self)
        for key, words in UNITS:
            self.unit.addItem(tr(words), key)
        self.unit.setCurrentIndex(1)
        self.unit.setAccessibleName(tr("Repeat unit"))
        self.by_count = QRadioButton("", self)
        self.count = QSpinBox(self)
        self.count.setRange(2, 1000)
        self.count.setValue(4)
        self.count.setSuffix(tr(" times"))
        self.count.setAccessibleName(tr("How many times"))
        self.by_date = QRadioButton(tr("until"), self)
        self.by_date.setAccessibleName(tr("End on a day"))
        self.until = QDateEdit(self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd d MMM yyyy")
        self.until.setAccessibleName(tr("Last day of the repeat"))
        self.by_count.setChecked(True)
        self.by_count.setAccessibleName(tr("End after a number of times"))
        for w in (self.enabled, self.every, self.unit, self.by_count, self.count, self.by_date, self.until):
            row.addWidget(w)
        self.note = QLabel(self)
        row.addWidget(self.note, 1)
        for signal in (self.enabled.toggled, self.every.valueChanged, self.unit.currentIndexChanged,
                       self.by_count.toggled, self.count.valueChanged, self.until.dateChanged):
            signal.connect(lambda *_: self._changed())
        self._changed()

    def _changed(self) -> None:
        on = self.enabled.isChecked()
        for w in (self.every, self.unit, self.by_count, self.count, self.by_date, self.until):
            w.setEnabled(on)
        self.count.setEnabled(on and self.by_count.isChecked())
        self.until.setEnabled(on and self.by_date.isChecked())
        self.changed.emit()

    def set_until(self, day: date) -> None:
        """Set the end day."""
        self.until.setDate(QDate(day.year, day.month, day.day))

    def rule(self, start: Any, zone: str) -> RepeatRule | None:
        """The rule chosen (None when Repeat is off)."""
        if not self.enabled.isChecked():
            return None
        d = self.until.date()
        return RepeatRule(self.every.value(), self.unit.currentData(), start, zone,
                          until=date(d.year(), d.month(), d.day()) if self.by_date.isChecked() else None,
                          count=self.count.value() if self.by_count.isChecked() else None)


class OccurrenceBar(QWidget):
    """Shown when the post being edited is one of a repeat: which one, where changes go, Skip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.scope = QComboBox(self)
        self.scope.addItem(tr("Save changes to this post only"), "one")
        self.scope.addItem(tr("Save changes to this and the following posts"), "following")
        self.scope.setAccessibleName(tr("Which posts of the repeat the changes go to"))
        self.skip_button = QPushButton(tr("Skip this one"), self)
        self.skip_button.setAccessibleName(tr("Skip this post of the repeat"))
        self.skip_button.setToolTip(tr("Delete this post on Dash; the repeat goes on without it"))
        row.addWidget(self.label)
        row.addWidget(self.scope)
        row.addWidget(self.skip_button)
        row.addStretch(1)


class RepeatController(QObject):
    """Shows the picker for scheduled new posts, says what is wrong with the rule, starts the series
    once the posts are saved; for a post of a repeat, offers Skip and where changes go.
    ``parts``: ``state``, ``client``, ``brand_id``, ``zone``, ``clock``, ``editing``, ``posts``.

    Signals: ``skipped()`` once the post being edited was skipped (the composer closes).
    """

    skipped = Signal()
    failed = Signal(str)

    def __init__(self, parts: Any, picker: RepeatPicker, bar: OccurrenceBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.parts = parts
        self.picker = picker
        self.bar = bar
        self.started: list[Any] = []
        self.task: asyncio.Task[Any] | None = None
        self.occurrence: Any = None
        self.series: Any = None
        picker.set_until((parts.clock() + timedelta(weeks=8)).date())
        edit = parts.state.edit
        if edit is not None:
            try:
                store = SeriesStore()
                try:
                    self.occurrence = store.find(edit.platform, edit.post_id)
                    self.series = store.get(self.occurrence.series_id) if self.occurrence else None
                finally:
                    store.close()
            except SeriesError as exc:
                log.warning("repeats unreadable: %s", exc)
        bar.setVisible(self.series is not None)
        if self.series is not None:
            rule = self.series.rule
            total = f" of {rule.count}" if rule.count else ""
            bar.label.setText(tr(
                    "Repeats {rule} · post {number}{total}.",
                    rule=rule.describe(),
                    number=self.occurrence.n + 1,
                    total=total,
                ))
            bar.skip_button.clicked.connect(self.skip)

    def show_for(self, mode: PublishMode) -> None:
        """Repeat is offered for new scheduled posts."""
        self.picker.setVisible(mode is PublishMode.SCHEDULE and not self.parts.editing)

    def skip(self) -> asyncio.Task[Any]:
        """Skip the post being edited: deleted on Dash (and in the calendar), never created again."""
        self.bar.skip_button.setEnabled(False)
        self.task = asyncio.ensure_future(self._skip())
        _RUNNING.add(self.task)
        self.task.add_done_callback(_RUNNING.discard)
        return self.task

    async def _skip(self) -> None:
        occurrence, platform = self.occurrence, self.series.platform
        posts = self.parts.posts
        store = SeriesStore()
        try:
            if posts is not None and posts.get((platform, occurrence.post_id)) is not None:
                await posts.delete((platform, occurrence.post_id), record=False)  # the calendar follows
                store.mark(occurrence.series_id, occurrence.n, occurrence.when, SKIPPED, occurrence.post_id)
            else:
                await SeriesService(self.parts.client, self.parts.brand_id, store).skip(occurrence.series_id,
                                                                                      occurrence.n)
        except Exception as exc:
            self.bar.skip_button.setEnabled(True)
            self.failed.emit(tr("Couldn't skip this post: {reason}", reason=exc))
            return
        finally:
            store.close()
        self.skipped.emit()

    def rule(self) -> RepeatRule | None:
        """The chosen rule for the composer's time, if Repeat is on and offered."""
        state = self.parts.state
        if self.picker.isHidden() or state.mode is not PublishMode.SCHEDULE or state.when is None:
            return None
        return self.picker.rule(state.when, self.parts.zone.key)

    def blockers(self) -> list[str]:
        """What is wrong with the rule, in words."""
        try:
            rule = self.rule()
            if rule is not None:
                rule.check()
        except SeriesError as exc:
            return [str(exc)]
        return []

    def saved(self, results: list[Any]) -> asyncio.Task[Any] | None:
        """The composer's posts are saved: start one series per platform (in the background); for a
        post of a repeat, the changes go to it alone or to it and the following ones."""
        if self.series is not None:
            changes = next((r.sent for r in results if r.sent), None)
            task = self.task = asyncio.ensure_future(self._edited(changes or {}))
            _RUNNING.add(task)
            task.add_done_callback(_RUNNING.discard)
            return task
        rule = self.rule()
        if rule is None:
            return None
        firsts = [(r.platform, r.post_id, r.body) for r in results if r.post_id is not None and r.body]
        task = self.task = asyncio.ensure_future(self._start(rule, firsts))
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)
        return task

    async def _edited(self, changes: dict[str, Any]) -> None:
        occurrence = self.occurrence
        store = SeriesStore()
        try:
            if self.bar.scope.currentData() == "following":
                service = SeriesService(self.parts.client, self.parts.brand_id, store, clock=self.parts.clock)
                changes = {k: v for k, v in changes.items() if k != "timestamp"}  # each post keeps its day
                self.started.append(await service.edit_from(occurrence.series_id, occurrence.n, changes))
            else:
                store.mark(occurrence.series_id, occurrence.n, occurrence.when, EDITED, occurrence.post_id)
        finally:
            store.close()

    async def _start(self, rule: RepeatRule, firsts: list[tuple[str, int, dict[str, Any]]]) -> None:
        store = SeriesStore()
        try:
            service = SeriesService(self.parts.client, self.parts.brand_id, store, clock=self.parts.clock)
            for platform, post_id, body in firsts:
                self.started.append(await service.start(platform, rule, body, first_post_id=post_id))
        except Exception:
            log.exception("starting a repeat failed")
            raise
        finally:
            store.close()
