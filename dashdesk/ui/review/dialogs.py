"""ApproveDialog: confirm or pick the time before scheduling; opened with ``open()``, never ``exec()``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import ntr, tr
from dashdesk.i18n.formats import datetime_text
from dashdesk.platforms import rules_for
from dashdesk.services.post import Post, PostKey
from dashdesk.services.review import ApprovalCheck, default_approve_time
from dashdesk.ui import icons
from dashdesk.ui.review.delegate import tone_color
from dashdesk.ui.review.preview import set_text_color, text_label


def to_qdatetime(when: datetime, tz: ZoneInfo) -> QDateTime:
    """``when`` as a wall-clock QDateTime in ``tz`` (the editor shows the display zone's time)."""
    local = when.astimezone(tz)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qdatetime(value: QDateTime, tz: ZoneInfo) -> datetime:
    """The aware datetime of a wall-clock QDateTime read in ``tz``."""
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=tz)


class ApproveDialog(QDialog):
    """Approve and schedule: each post at its own time, or all at one picked time.

    Posts that can't be approved are listed with their reason and skipped. ``approved(times)``
    is the outcome once the dialog is accepted: a dict key → aware time.
    """

    def __init__(self, posts: Sequence[Post], check: Callable[[Post], ApprovalCheck], tz: ZoneInfo,
                 now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Approve and schedule"))
        self.setAccessibleName(tr("Approve and schedule"))
        self.tz, self.now = tz, now
        self.ok_posts = [p for p in posts if check(p).ok]
        self.blocked = [(p, check(p).reason) for p in posts if not check(p).ok]
        line = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setSpacing(round(line * 0.6))
        layout.setContentsMargins(line, line, line, line)
        n = len(self.ok_posts)
        title = text_label(ntr("Schedule {n} post", "Schedule {n} posts", n) if n else tr("Nothing can be approved"),
                           bold=True)
        layout.addWidget(title)

        own_ok = bool(self.ok_posts) and all(p.timestamp and p.timestamp > now for p in self.ok_posts)
        self.own = QRadioButton(self._own_text())
        self.own.setAccessibleName(tr("Each at its own time"))
        self.own.setEnabled(own_ok)
        self.own.setToolTip(tr("Keep the time each draft already has") if own_ok else
                            tr("Some drafts have no time, or their time has passed"))
        self.pick = QRadioButton(tr("All at:") if n > 1 else tr("At:"))
        self.pick.setAccessibleName(tr("At a picked time"))
        group = QButtonGroup(self)
        group.addButton(self.own)
        group.addButton(self.pick)
        layout.addWidget(self.own)
        row = QHBoxLayout()
        row.addWidget(self.pick)
        first = self.ok_posts[0] if self.ok_posts else None
        start = default_approve_time(first, now) if first else now
        self.when = QDateTimeEdit(to_qdatetime(start, tz))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.when.setMinimumDateTime(to_qdatetime(now, tz))
        self.when.setAccessibleName(tr("Publish time"))
        self.when.setToolTip(tr("Time in {key}", key=tz.key))
        self.when.dateTimeChanged.connect(lambda *_: self.pick.setChecked(True))
        row.addWidget(self.when)
        row.addWidget(text_label(tz.key, muted=True))
        row.addStretch(1)
        layout.addLayout(row)
        (self.own if own_ok else self.pick).setChecked(True)

        for post, reason in self.blocked:
            label = text_label(tr("{platform}: can't be approved — {reason}", platform=rules_for(post.platform).name,
                                  reason=reason), wrap=True)
            set_text_color(label, tone_color("danger", label.palette()))
            layout.addWidget(label)
        self.error = text_label("", wrap=True)
        set_text_color(self.error, tone_color("danger", self.error.palette()))
        self.error.hide()
        layout.addWidget(self.error)

        buttons = QDialogButtonBox()
        self.approve_button = QPushButton(icons.icon("check-circle"), tr("Approve and schedule"))
        self.approve_button.setDefault(True)
        self.approve_button.setAutoDefault(True)
        self.approve_button.setEnabled(bool(self.ok_posts))
        buttons.addButton(self.approve_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.approve_button.setFocus()

    def _own_text(self) -> str:
        if len(self.ok_posts) == 1 and self.ok_posts[0].timestamp:
            local = self.ok_posts[0].timestamp.astimezone(self.tz)
            return tr("At its own time: {when}", when=f"{datetime_text(local)} {local.tzname()}")
        return tr("Each at its own time")

    def times(self) -> dict[PostKey, datetime]:
        """The chosen time of every approvable post."""
        if self.own.isChecked():
            return {p.key: p.timestamp for p in self.ok_posts if p.timestamp}
        at = from_qdatetime(self.when.dateTime(), self.tz)
        return {p.key: at for p in self.ok_posts}

    def accept(self) -> None:
        """Accept unless the picked time has passed (then say so in place)."""
        if self.pick.isChecked() and from_qdatetime(self.when.dateTime(), self.tz) <= self.now:
            self.error.setText(tr("That time has passed. Pick a time from now on."))
            self.error.show()
            return
        super().accept()
