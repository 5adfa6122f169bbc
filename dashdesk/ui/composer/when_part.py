"""The composer's "When": publishing mode, whether a draft has a time, the time in the display zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.platforms import PublishMode

from .widgets import ProblemLabel, heading, muted

#: The words of each publishing mode (the modes themselves: :class:`dashdesk.platforms.PublishMode`).
MODE_LABELS = {PublishMode.NOW: N_("Publish now"), PublishMode.SCHEDULE: N_("Schedule"), PublishMode.DRAFT: N_("Draft"),
               PublishMode.QUEUE: N_("Add to queue")}


def zone_of(zone: ZoneInfo | str) -> ZoneInfo:
    """A ZoneInfo from a zone or its IANA name."""
    return zone if isinstance(zone, ZoneInfo) else ZoneInfo(str(zone))


def zone_text(zone: ZoneInfo, when: datetime) -> str:
    """``Europe/Berlin (CET, UTC+01:00)`` for the time ``when``."""
    local = when.astimezone(zone)
    offset = local.strftime("%z")
    return f"{zone.key} ({local.tzname()}, UTC{offset[:3]}:{offset[3:]})"


def default_time(now: datetime) -> datetime:
    """The next full hour at least 30 minutes away: a sensible first schedule time."""
    start = (now + timedelta(minutes=30)).replace(minute=0, second=0, microsecond=0)
    return start + timedelta(hours=1)


class WhenPicker(QWidget):
    """Publishing mode (one radio button per mode), "Set a time" for drafts, the date and time in
    ``zone``, and the time's problems beneath.

    Signals (only for the person's changes, never while :meth:`load` shows the state):
    ``modeChanged(PublishMode)``, ``timedChanged(bool)``, ``timeChanged(datetime)`` (UTC);
    ``scheduleRequested()`` when "Posting schedule…" is clicked (shown with "Add to queue", whose
    chosen times show in ``queue_label``).
    """

    scheduleRequested = Signal()
    modeChanged = Signal(object)
    timedChanged = Signal(bool)
    timeChanged = Signal(object)

    def __init__(self, zone: ZoneInfo, spacing: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(spacing)
        row = QHBoxLayout()
        row.addWidget(heading(tr("When"), self))
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[PublishMode, QRadioButton] = {}
        for mode in PublishMode:
            button = QRadioButton(tr(MODE_LABELS[mode]), self)
            button.setAccessibleName(tr(MODE_LABELS[mode]))
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            button.toggled.connect(lambda on, m=mode: on and self._mode_changed(m))
            row.addWidget(button)
        self.timed = QCheckBox(tr("Set a time"), self)
        self.timed.setAccessibleName(tr("Give the draft a time"))
        self.timed.toggled.connect(self._timed_toggled)
        row.addWidget(self.timed)
        self.time_edit = QDateTimeEdit(self)
        self.time_edit.setTimeZone(QTimeZone.utc())  # shows wall-clock time of the display zone
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.time_edit.setAccessibleName(tr("Publish date and time"))
        self.time_edit.dateTimeChanged.connect(self._time_changed)
        row.addWidget(self.time_edit)
        self.zone_label = muted(QLabel(self))
        self.zone_label.setAccessibleName(tr("Time zone"))
        row.addWidget(self.zone_label)
        self.schedule_button = QPushButton(tr("Posting schedule…"), self)
        self.schedule_button.setAccessibleName(tr("Edit the posting schedule"))
        self.schedule_button.setToolTip(tr("The weekly posting times each platform's queue uses"))
        self.schedule_button.clicked.connect(self.scheduleRequested)
        row.addWidget(self.schedule_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.queue_label = QLabel(self)
        self.queue_label.setWordWrap(True)
        self.queue_label.setTextFormat(Qt.TextFormat.PlainText)
        self.queue_label.setAccessibleName(tr("Queue times"))
        outer.addWidget(self.queue_label)
        self.problem = ProblemLabel(self)
        outer.addWidget(self.problem)

    def load(self, mode: PublishMode, timed: bool, when: datetime) -> None:
        """Show ``mode``, whether a draft is ``timed`` and ``when`` (no signals)."""
        self._loading = True
        try:
            self.mode_buttons[mode].setChecked(True)
            self.timed.setChecked(timed)
            self.show_time(when)
        finally:
            self._loading = False
        self.show_mode(mode, timed)

    def show_mode(self, mode: PublishMode, timed_draft: bool) -> None:
        """Show the time only where ``mode`` uses one ("Set a time" only for drafts)."""
        self.timed.setVisible(mode is PublishMode.DRAFT)
        timed = mode is PublishMode.SCHEDULE or (mode is PublishMode.DRAFT and timed_draft)
        self.time_edit.setEnabled(timed)
        self.time_edit.setVisible(mode not in (PublishMode.NOW, PublishMode.QUEUE))
        self.zone_label.setVisible(mode not in (PublishMode.NOW, PublishMode.QUEUE))
        self.queue_label.setVisible(mode is PublishMode.QUEUE)
        self.schedule_button.setVisible(mode is PublishMode.QUEUE)

    def show_time(self, when: datetime, *, emit: bool = False) -> None:
        """Put ``when`` in the picker as wall-clock time of the display zone; ``emit`` lets the picker
        say ``timeChanged`` as if the person had picked it."""
        local = when.astimezone(self.zone)
        wall = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute), QTimeZone.utc())
        loading, self._loading = self._loading, self._loading or not emit
        try:
            self.time_edit.setDateTime(wall)
        finally:
            self._loading = loading
        self.zone_label.setText(zone_text(self.zone, when))

    def set_locked(self) -> None:
        """Nothing here can change any more (the post is saved)."""
        for widget in (*self.mode_buttons.values(), self.timed, self.time_edit, self.schedule_button):
            widget.setEnabled(False)

    def _mode_changed(self, mode: PublishMode) -> None:
        if not self._loading:
            self.modeChanged.emit(mode)

    def _timed_toggled(self, on: bool) -> None:
        if not self._loading:
            self.timedChanged.emit(on)

    def _time_changed(self, value: QDateTime) -> None:
        if self._loading:
            return
        d, t = value.date(), value.time()
        local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self.zone)
        when = local.astimezone(UTC)
        self.zone_label.setText(zone_text(self.zone, when))
        self.timeChanged.emit(when)
