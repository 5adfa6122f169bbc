"""Pointer input of the painted calendar views: select, context menu, drag to move, drops, double-click.

Mixed into :class:`~dashdesk.ui.calendar.base.CalendarView`; a move is only requested (its
``moveRequested`` signal), the window's post actions carry it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QPoint, Qt

from dashdesk.i18n import tr
from dashdesk.services.post import Post, PostKey
from dashdesk.ui.calendar.no_date import key_from_mime
from dashdesk.ui.posts_model import Roles


@dataclass
class DragState:
    """A drag in progress: which post, where it started, where it would land."""

    key: PostKey
    origin: QPoint
    active: bool = False
    pos: QPoint | None = None
    target: datetime | None = None


class PointerInput:
    """Mouse and drag-and-drop handling shared by the month and week views."""

    def mousePressEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if e.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(e)
        key = self.post_at(e.position().toPoint())
        self.select(key)
        day = self.day_at(e.position().toPoint())
        if day is not None:
            self.selected_day = day
            self._update_accessible()
            self.update()
        self._drag = DragState(key, e.position().toPoint()) if key is not None else None

    def contextMenuEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        """Right click: select the post (or day) under the pointer and ask for its menu."""
        key = self.post_at(e.pos())
        day = self.day_at(e.pos())
        if key is not None:
            self.select(key)
        if day is not None:
            self.selected_day = day
            self.update()
        self.contextRequested.emit(key, day, e.globalPos())

    def mouseMoveEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        drag = self._drag
        if drag is None or not (e.buttons() & Qt.MouseButton.LeftButton):
            return super().mouseMoveEvent(e)
        pos = e.position().toPoint()
        if not drag.active:
            if (pos - drag.origin).manhattanLength() < 6:
                return
            post = self.find_post(drag.key)
            reason = self.move_check(post) if post is not None else tr("This post is no longer shown.")
            if reason:
                self.message.emit(reason)
                self._drag = None
                return
            drag.active = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        drag.pos = pos
        drag.target = self.time_at(pos, drag.key)
        self.update()

    def mouseReleaseEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        drag, self._drag = self._drag, None
        self.unsetCursor()
        if drag is None or not drag.active:
            return super().mouseReleaseEvent(e)
        target = self.time_at(e.position().toPoint(), drag.key)
        self.update()
        post = self.find_post(drag.key)
        if target is None or post is None or target == post.timestamp:
            return
        if target < self.clock():
            self.message.emit(tr("That time is in the past. Pick a time from now on."))
            return
        self.moveRequested.emit(drag.key, target)

    def _dragged_post(self, e) -> Post | None:  # type: ignore[no-untyped-def]
        key = key_from_mime(e.mimeData())
        if key is None:
            return None
        index = self.proxy.sourceModel().index_of(key)  # type: ignore[attr-defined]
        post = index.data(Roles.Post) if index.isValid() else None
        return post if isinstance(post, Post) else None

    def dragEnterEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        post = self._dragged_post(e)
        if post is None:
            e.ignore()
            return
        reason = self.move_check(post)
        if reason:
            self.message.emit(reason)
            e.ignore()
            return
        self._incoming = post
        pos = e.position().toPoint()
        self._drag = DragState(post.key, pos, True, pos, self.time_at(pos, None))
        e.acceptProposedAction()
        self.update()

    def dragMoveEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        if self._incoming is None or self._drag is None:
            e.ignore()
            return
        pos = e.position().toPoint()
        self._drag.pos, self._drag.target = pos, self.time_at(pos, None)
        e.acceptProposedAction()
        self.update()

    def dragLeaveEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        self._incoming, self._drag = None, None
        self.update()

    def dropEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        post, self._incoming, self._drag = self._incoming, None, None
        self.update()
        target = self.time_at(e.position().toPoint(), None) if post is not None else None
        if post is None or target is None:
            e.ignore()
            return
        if target < self.clock():
            self.message.emit(tr("That time is in the past. Pick a time from now on."))
            e.ignore()
            return
        e.acceptProposedAction()
        self.moveRequested.emit(post.key, target)

    def mouseDoubleClickEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        pos = e.position().toPoint()
        key = self.post_at(pos)
        if key is not None:
            self.openRequested.emit(key)
            return
        when = self.time_at(pos, None)
        if when is not None:
            self.newRequested.emit(when)

