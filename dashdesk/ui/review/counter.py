"""ReviewCounter: how many posts wait for review, per platform, for the window's status bar."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractItemModel, QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.services.post import Post
from dashdesk.services.review import count_waiting
from dashdesk.ui import icons
from dashdesk.ui.posts_model import Roles


def waiting_counts(model: QAbstractItemModel, start: datetime | None = None,
                   end: datetime | None = None) -> dict[str, int]:
    """Posts in DRAFT or MISSING_APPROVALS per platform among ``model``'s rows (in [start, end))."""
    posts = (model.index(r, 0).data(Roles.Post) for r in range(model.rowCount()))
    return count_waiting((p for p in posts if isinstance(p, Post)), start, end)


def counts_text(counts: dict[str, int]) -> str:
    """"12 waiting for review: Instagram 3, X 2, …" / "Nothing waits for review"."""
    total = sum(counts.values())
    if not total:
        return tr("Nothing waits for review")
    parts = ", ".join(f"{icons.platform_name(p)} {n}" for p, n in counts.items())
    return tr("{n} waiting for review: {platforms}", n=total, platforms=parts)


class ReviewCounter(QWidget):
    """A status-bar widget: "✎ 12 to review" and a badge with the count of each platform.

    Follows ``model`` (the app's ``PostsModel``, or any model with ``Roles.Post``); ``clicked``
    asks the window to show the review queue. ``set_range`` limits the count to a range.
    """

    clicked = Signal()
    countsChanged = Signal(dict)

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.counts: dict[str, int] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(max(2, self.fontMetrics().height() // 4))
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setIcon(icons.icon("pencil-square"))
        self.button.clicked.connect(self.clicked)
        layout.addWidget(self.button)
        # the badges' label: the marks and numbers alone do not say what they count (a crowded status
        # bar may drop it: see ``dashdesk.ui.status_fit``)
        self.by_platform = QLabel(tr("by platform:"))
        self.by_platform.setAccessibleName(tr("Posts to review by platform"))
        layout.addWidget(self.by_platform)
        self.label_room = True
        self._badges: list[QWidget] = []
        self._layout = layout
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged,
                       model.layoutChanged):
            signal.connect(self.refresh)
        self.refresh()

    def set_range(self, start: datetime | None, end: datetime | None) -> None:
        """Count only posts of [start, end) (untimed drafts always count)."""
        self.start, self.end = start, end
        self.refresh()

    def total(self) -> int:
        """How many posts wait."""
        return sum(self.counts.values())

    def refresh(self, *_: object) -> None:
        """Count again."""
        counts = waiting_counts(self.model, self.start, self.end)
        if counts == self.counts and self._badges:
            return
        self.counts = counts
        total = self.total()
        self.button.setText(ntr("{n} to review", "{n} to review", total) if total else tr("Nothing to review"))
        text = counts_text(counts)
        self.setToolTip(text + ("\n" + tr("Click to open the review queue.") if total else ""))
        self.button.setToolTip(self.toolTip())
        self.setAccessibleName(tr("Review counter"))
        self.button.setAccessibleName(text)
        for badge in self._badges:
            self._layout.removeWidget(badge)
            badge.deleteLater()
        self._badges = []
        size = self.fontMetrics().height()
        self.by_platform.setVisible(bool(counts) and self.label_room)
        for platform, n in counts.items():
            cell = QWidget()
            row = QHBoxLayout(cell)
            row.setContentsMargins(0, 0, size // 3, 0)
            row.setSpacing(max(2, size // 5))
            mark = QLabel()
            mark.setPixmap(icons.platform_badge(platform, size, self.devicePixelRatioF()))
            mark.setFixedSize(QSize(size, size))
            name = icons.platform_name(platform)
            mark.setAccessibleName(name)
            number = QLabel(str(n))
            number.setAccessibleName(ntr("{n} {platform} post to review", "{n} {platform} posts to review", n,
                                         platform=name))
            row.addWidget(mark)
            row.addWidget(number)
            cell.setToolTip(tr("{name}: {n} waiting for review", name=name, n=n))
            cell.setAccessibleName(tr("{platform}: {n} to review", platform=name, n=n))
            self._layout.addWidget(cell)
            self._badges.append(cell)
        self.countsChanged.emit(dict(counts))

    def allow_label(self, room: bool) -> None:
        """Show the "by platform:" label only if the status bar has ``room`` for it."""
        self.label_room = room
        self.by_platform.setVisible(bool(self.counts) and room)
