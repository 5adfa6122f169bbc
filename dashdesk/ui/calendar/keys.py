"""Keyboard input of the painted calendar views: Enter, Delete, Escape, arrows and Tab through a day's posts.

Mixed into :class:`~dashdesk.ui.calendar.base.CalendarView`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt


class KeyboardInput:
    """Keys shared by the month and week views (each view decides what an arrow step is)."""

    def keyPressEvent(self, e) -> None:  # type: ignore[no-untyped-def]
        k = e.key()
        if k in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activate()
        elif k == Qt.Key.Key_Delete or k == Qt.Key.Key_Backspace:
            if self.selected_key is not None:
                self.deleteRequested.emit(self.selected_key)
        elif k == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
            self.unsetCursor()
            self.update()
        elif k in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            if self.isRightToLeft() and k in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                # a mirrored grid: the arrow moves the selection the way it points on screen
                k = Qt.Key.Key_Right if k == Qt.Key.Key_Left else Qt.Key.Key_Left
            self.arrow(k)
        else:
            super().keyPressEvent(e)

    def focusNextPrevChild(self, next_: bool) -> bool:
        # Tab walks through the selected day's posts first, then leaves the view.
        if self.cycle_post(1 if next_ else -1):
            return True
        return super().focusNextPrevChild(next_)

    def cycle_post(self, step: int) -> bool:
        """Select the next/previous post of the selected day; False when past the end."""
        posts = self.posts_by_day.get(self.selected_day, [])
        if not posts:
            return False
        keys = [p.key for p in posts]
        if self.selected_key not in keys:
            i = 0 if step > 0 else len(keys) - 1
        else:
            i = keys.index(self.selected_key) + step
            if not 0 <= i < len(keys):
                self.select(None)
                return False
        self.select(keys[i])
        return True

    def activate(self) -> None:
        """Enter: open the selected post, or start a new one on the selected day."""
        if self.selected_key is not None:
            self.openRequested.emit(self.selected_key)
        else:
            self.newRequested.emit(self.default_time(self.selected_day))

    def move_day(self, day: date) -> None:
        """Select ``day``, switching period (and telling the window) when it is not shown."""
        self.selected_key = None
        if self.period_changes(day):
            self.set_anchor(day)
            self.anchorChanged.emit(day)
        else:
            self.selected_day = day
        self.selectionChanged.emit(None)
        self._update_accessible()
        self.update()

