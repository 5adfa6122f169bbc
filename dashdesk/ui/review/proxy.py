"""ReviewProxy: the posts model filtered down to what waits for review in the chosen range."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from dashdesk.i18n import tr
from dashdesk.services.post import Post
from dashdesk.services.review import ApprovalCheck, approval_info, in_review
from dashdesk.ui.posts_model import Roles

Index = QModelIndex | QPersistentModelIndex


class ReviewProxy(QSortFilterProxyModel):
    """Shows only DRAFT and MISSING_APPROVALS posts of [start, end) (untimed drafts too).

    The source is the app's one ``PostsModel`` (rows already in time order), so the calendar and the
    queue show the same posts and follow the same changes. ``hidden_platforms`` hides platforms.
    """

    def __init__(self, source: QAbstractItemModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.hidden_platforms: set[str] = set()
        #: How a post is checked for approval (set by the panel; adds the reason to tooltips).
        self.check: Callable[[Post], ApprovalCheck] | None = None
        self.setDynamicSortFilter(True)
        self.setSourceModel(source)

    def set_range(self, start: datetime | None, end: datetime | None) -> None:
        """Show the posts of [start, end) (``None`` leaves that side open)."""
        self.start, self.end = start, end
        self._refilter()

    def set_hidden_platforms(self, platforms: set[str]) -> None:
        """Hide the posts of ``platforms``."""
        self.hidden_platforms = set(platforms)
        self._refilter()

    def _refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        post = self.sourceModel().index(source_row, 0, source_parent).data(Roles.Post)
        if not isinstance(post, Post) or post.platform in self.hidden_platforms:
            return False
        return in_review(post, self.start, self.end)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole) and value:
            post = super().data(index, Roles.Post)
            extra = self._notes(post) if isinstance(post, Post) else []
            if extra:
                if role == Qt.ItemDataRole.ToolTipRole:
                    value = str(value) + "<br><br>" + "<br>".join(html.escape(e) for e in extra)
                else:
                    value = str(value) + ". " + ". ".join(extra)
        return value

    def _notes(self, post: Post) -> list[str]:
        notes = []
        summary = approval_info(post).summary()
        if summary:
            notes.append(summary)
        if self.check is not None:
            check = self.check(post)
            if not check.ok:
                notes.append(tr("Can't be approved: {reason}", reason=check.reason))
        return notes

    def post_at(self, row: int) -> Post:
        """The post of proxy ``row``."""
        return self.index(row, 0).data(Roles.Post)

    def posts(self) -> list[Post]:
        """Every post shown, in row order."""
        return [self.post_at(r) for r in range(self.rowCount())]

    def row_of(self, key: Any) -> int | None:
        """The proxy row of the post with ``key``, if shown."""
        for row in range(self.rowCount()):
            if self.index(row, 0).data(Roles.Key) == key:
                return row
        return None
