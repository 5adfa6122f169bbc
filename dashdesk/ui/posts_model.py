"""PostsModel: the Qt item model of the known posts, kept in step with PostService.

Rows are posts sorted by time (posts without a time last); columns are Time, Platform, Status and
Post. Custom roles give views the post itself and its parts. :class:`PostsFilterProxy` hides posts
by platform toggle, status filter and text search; the calendar views read its ``visible_posts()``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QPixmap

from dashdesk.i18n import tr
from dashdesk.i18n.formats import date_text, time_text
from dashdesk.platforms.statuses import PUBLISH_NOW_LABEL
from dashdesk.services.lifecycle import needs_attention
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import Change, PostService
from dashdesk.ui import icons
from dashdesk.ui.status import status_look

_FAR = datetime.max.replace(tzinfo=UTC)
Index = QModelIndex | QPersistentModelIndex


class Roles(IntEnum):
    """Custom data roles of :class:`PostsModel`."""

    Post = Qt.ItemDataRole.UserRole + 1
    Key = Qt.ItemDataRole.UserRole + 2
    Platform = Qt.ItemDataRole.UserRole + 3
    Time = Qt.ItemDataRole.UserRole + 4
    Status = Qt.ItemDataRole.UserRole + 5
    Text = Qt.ItemDataRole.UserRole + 6
    Thumbnail = Qt.ItemDataRole.UserRole + 7
    ThumbnailUrl = Qt.ItemDataRole.UserRole + 8
    NeedsAttention = Qt.ItemDataRole.UserRole + 9


COLUMNS = ("Time", "Platform", "Status", "Post")


def sort_key(post: Post) -> tuple[datetime, str, int]:
    """Order of rows: time (a publish-now post's sent time), then platform, then id; undated last."""
    return (post.timestamp or post.when or _FAR, post.platform, post.id)  # (the slot first: thousands of calls)


def format_time(ts: datetime | None, tz: ZoneInfo, *, with_date: bool = False, with_zone: bool = True) -> str:
    """A local time like ``Tue 10 Mar 09:30 CET`` (the zone always shown unless asked not to)."""
    if ts is None:
        return tr("No date")
    local = ts.astimezone(tz)
    text = f"{date_text(local, 'weekday_day_month')} {time_text(local)}" if with_date else time_text(local)
    if with_zone:
        text += f" {local.tzname()}"
    return text


def tooltip_for(post: Post, tz: ZoneInfo) -> str:
    """The hover text of a post: full text, platform, time with zone and status."""
    look = status_look(post.status)
    text = post.text or tr("(no text)")
    if len(text) > 600:
        text = text[:600] + "…"
    kind = f" · {post.post_type.title()}" if post.post_type else ""
    media = " · " + tr("{n} media", n=post.media_count) if post.media_count else ""
    extra = ""
    if post.auto_publish_error:
        extra += "<br>" + tr("<b>Why it failed:</b> {reason}", reason=_html(post.auto_publish_error))
    if post.live_post_url:
        extra += "<br>" + tr("Live on the platform (open the post for its link)")
    return (
        f"<b>{icons.platform_name(post.platform)}</b>{kind}{media}<br>"
        f"{post_time_text(post, tz)} ({tz.key})<br>"
        + tr("Status: {status}", status=look.word) + f"{extra}<br><br>{_html(text)}"
    )


def post_time_text(post: Post, tz: ZoneInfo) -> str:
    """When a post is or was due, in words: its time, "Sent at once, <time>", or "No date"."""
    if post.is_publish_now:
        return f"{tr(PUBLISH_NOW_LABEL)}, {format_time(post.when, tz, with_date=True)}"
    return format_time(post.timestamp, tz, with_date=True)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class PostsModel(QAbstractTableModel):
    """Table model of posts mirroring a :class:`PostService` (connect with :meth:`attach`)."""

    zoneChanged = Signal()

    def __init__(self, parent: QObject | None = None, tz: ZoneInfo | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Post] = []
        self._keys: list[tuple[datetime, str, int]] = []
        self._row_of: dict[PostKey, int] = {}
        self.tz = tz or ZoneInfo("UTC")
        self.thumbnail_lookup: Callable[[str], QPixmap | None] = lambda url: None

    # --- feeding ---------------------------------------------------------------------------

    def attach(self, service: PostService) -> None:
        """Show ``service``'s posts and follow its changes."""
        self.set_posts(service.posts.values())
        service.subscribe(self.apply_change)

    def apply_change(self, change: Change) -> None:
        """Apply one :class:`Change` from the service."""
        if change.kind == "reset":
            self.set_posts(change.posts)
        elif change.kind == "upsert" and change.post is not None:
            self.upsert(change.post)
        elif change.kind == "remove" and change.key is not None:
            self.remove(change.key)

    def set_posts(self, posts: Iterable[Post]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = sorted(posts, key=sort_key)
        self._keys = [sort_key(p) for p in self._rows]
        self._reindex()
        self.endResetModel()

    def _reindex(self, start: int = 0) -> None:
        if start == 0:
            self._row_of = {p.key: i for i, p in enumerate(self._rows)}
        else:
            for i in range(start, len(self._rows)):
                self._row_of[self._rows[i].key] = i

    def upsert(self, post: Post) -> None:
        """Insert or update one post, keeping rows sorted."""
        row = self._row_of.get(post.key)
        key = sort_key(post)
        if row is not None:
            if self._keys[row] == key:
                self._rows[row] = post
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
                return
            self.remove(post.key)
        pos = bisect.bisect_left(self._keys, key)
        self.beginInsertRows(QModelIndex(), pos, pos)
        self._rows.insert(pos, post)
        self._keys.insert(pos, key)
        self._reindex(pos)
        self.endInsertRows()

    def remove(self, key: PostKey) -> None:
        """Remove one post, if shown."""
        row = self._row_of.get(key)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._keys[row]
        del self._row_of[key]
        self._reindex(row)
        self.endRemoveRows()

    def set_zone(self, tz: ZoneInfo) -> None:
        """Show times in ``tz``."""
        self.tz = tz
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))
        self.zoneChanged.emit()

    def thumbnails_changed(self, url: str) -> None:
        """Tell views the thumbnail at ``url`` is now available."""
        for row, post in enumerate(self._rows):
            if post.thumbnail_url == url:
                idx = self.index(row, 0)
                self.dataChanged.emit(idx, idx, [Roles.Thumbnail, Qt.ItemDataRole.DecorationRole])

    # --- reading ---------------------------------------------------------------------------

    def posts(self) -> list[Post]:
        """All posts, in row order."""
        return list(self._rows)

    def attention_count(self, now: datetime) -> int:
        """How many posts need attention (failed, expired, unapproved and due soon)."""
        return sum(1 for p in self._rows if needs_attention(p, now))

    def post_at(self, row: int) -> Post:
        """The post of ``row``."""
        return self._rows[row]

    def row_of(self, key: PostKey) -> int | None:
        """The row of a post, if shown."""
        return self._row_of.get(key)

    def index_of(self, key: PostKey, column: int = 0) -> QModelIndex:
        """The index of a post (invalid if not shown)."""
        row = self._row_of.get(key)
        return self.index(row, column) if row is not None else QModelIndex()

    # --- QAbstractItemModel ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(
            COLUMNS
        ):
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        post = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return post_time_text(post, self.tz)
            if col == 1:
                return icons.platform_name(post.platform)
            if col == 2:
                return status_look(post.status).word
            if col == 3:
                return post.text.replace("\n", " ")
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_for(post, self.tz)
        if role == Qt.ItemDataRole.DecorationRole:
            if col == 1:
                return icons.platform_icon(post.platform)
            if col == 3:
                return self._thumb(post)
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                f"{icons.platform_name(post.platform)} post, {post_time_text(post, self.tz)}, "
                f"{status_look(post.status).word}: {post.text[:80]}"
            )
        if role == Roles.Post:
            return post
        if role == Roles.Key:
            return post.key
        if role == Roles.Platform:
            return post.platform
        if role == Roles.Time:
            return post.when
        if role == Roles.Status:
            return post.status
        if role == Roles.Text:
            return post.text
        if role == Roles.Thumbnail:
            return self._thumb(post)
        if role == Roles.ThumbnailUrl:
            return post.thumbnail_url
        return None

    def _thumb(self, post: Post) -> QPixmap | None:
        url = post.thumbnail_url
        return self.thumbnail_lookup(url) if url else None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({int(r): r.name.lower().encode() for r in Roles})
        return names


class PostsFilterProxy(QSortFilterProxyModel):
    """Hides posts by platform toggle, status filter and text search."""

    filtersChanged = Signal()

    def __init__(self, source: PostsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self._source = source
        self.hidden_platforms: set[str] = set()
        self.statuses: set[str] = set()  # empty: every status
        self.search = ""
        self.attention_only = False
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        #: Set by the label filter: whether a post (by key) carries one of the chosen labels.
        self.label_filter: Callable[[PostKey], bool] | None = None

    def set_label_filter(self, accepts: Callable[[PostKey], bool] | None) -> None:
        """Show only posts ``accepts`` takes (``None``: every post)."""
        self.label_filter = accepts
        self._refilter()

    def set_platform_visible(self, platform: str, visible: bool) -> None:
        """Show or hide one platform's posts."""
        changed = (platform in self.hidden_platforms) == visible
        if visible:
            self.hidden_platforms.discard(platform)
        else:
            self.hidden_platforms.add(platform)
        if changed:
            self._refilter()

    def set_statuses(self, statuses: Iterable[str]) -> None:
        """Show only posts in ``statuses`` (empty: all)."""
        self.statuses = set(statuses)
        self._refilter()

    def set_attention_only(self, on: bool) -> None:
        """Show only the posts that need attention (failed, expired, unapproved and due soon)."""
        if on != self.attention_only:
            self.attention_only = on
            self._refilter()

    def set_search(self, text: str) -> None:
        """Show only posts whose text contains ``text`` (case-insensitive)."""
        self.search = text.strip().casefold()
        self._refilter()

    def _refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        self.filtersChanged.emit()

    def accepts(self, post: Post) -> bool:
        """Whether ``post`` passes the filters."""
        if post.platform in self.hidden_platforms:
            return False
        if self.statuses and post.status not in self.statuses:
            return False
        if self.attention_only and not needs_attention(post, self.clock()):
            return False
        if self.label_filter is not None and not self.label_filter(post.key):
            return False
        return not (self.search and self.search not in post.text.casefold())

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return self.accepts(self._source.post_at(source_row))

    def visible_posts(self) -> list[Post]:
        """The posts passing the filters, in time order (fast path for painting views)."""
        return [p for p in self._source._rows if self.accepts(p)]

    @property
    def tz(self) -> ZoneInfo:
        """The display zone of the source model."""
        return self._source.tz
