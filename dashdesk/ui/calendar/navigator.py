"""Where the calendar is: which view (month, week, list), the anchor date, the visible range.

The navigator owns the views (each built on first use by a factory the window supplies) and the
stack that shows one of them. It never loads anything: when the shown range changes it emits
``rangeChanged(covered)``, ``covered`` saying whether the new range lies inside the one shown
before (switching month -> week needs no load); the sync controller decides what to fetch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget

from dashdesk.ui.calendar import layout

VIEWS = ("month", "week", "list")


def add_months(day: date, n: int) -> date:
    """The first day of the month ``n`` months after ``day``'s (negative: before)."""
    month = day.month - 1 + n
    year = day.year + month // 12
    return date(year, month % 12 + 1, 1)


class Navigator(QObject):
    """The shown view, its anchor date and visible range; next/previous/today."""

    viewChanged = Signal(str)
    titleChanged = Signal(str)
    rangeChanged = Signal(bool)  # covered: the new range lies inside the one shown before

    def __init__(self, stack: QStackedWidget, make_view: Callable[[str], Any], *, view_name: str,
                 anchor: date, tz: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack
        self._make_view = make_view
        self.views: dict[str, Any] = {}
        self.view_name = view_name if view_name in VIEWS else "month"
        self.anchor = anchor
        self.tz = tz

    def view(self, name: str) -> Any:
        """The month, week or list view, built (and its module imported) the first time it is asked for."""
        existing = self.views.get(name)
        if existing is not None:
            return existing
        view = self._make_view(name)
        view.anchorChanged.connect(self._view_moved)
        self.stack.addWidget(view)
        self.views[name] = view
        return view

    @property
    def current(self) -> Any:
        """The shown view widget."""
        return self.view(self.view_name)

    def visible_range(self) -> tuple[datetime, datetime]:
        """The UTC range to load: the shown days plus a margin on each side."""
        first, last = self.current.visible_days()
        return layout.range_with_margin(first, last, self.tz)

    def set_view(self, name: str, *, reload: bool = True) -> None:
        """Switch to the month, week or list view (``reload=False``: say nothing about the range)."""
        if name not in VIEWS:
            return
        old = self.visible_range() if reload else None
        self.view_name = name
        view = self.current
        view.set_anchor(self.anchor)
        self.stack.setCurrentWidget(view)
        self.viewChanged.emit(name)
        self.titleChanged.emit(view.title())
        view.setFocus()
        if old is not None:
            new = self.visible_range()
            self.rangeChanged.emit(old[0] <= new[0] and new[1] <= old[1])

    def set_anchor(self, day: date) -> None:
        """Show the period holding ``day`` without asking for a load (the caller loads)."""
        self.anchor = day
        self.current.set_anchor(day)
        self.titleChanged.emit(self.current.title())

    def navigate(self, day: date) -> None:
        """Show the period holding ``day``; its range needs loading."""
        self.set_anchor(day)
        self.rangeChanged.emit(False)

    def today(self, now: datetime) -> None:
        """Show the period holding ``now``'s day in the display zone."""
        self.navigate(now.astimezone(self.tz).date())

    def step(self, n: int) -> None:
        """Go ``n`` periods forward (negative: back): weeks in the week view, months otherwise."""
        if self.view_name == "week":
            self.navigate(self.anchor + timedelta(days=7 * n))
        else:
            self.navigate(add_months(self.anchor, n))

    def set_zone(self, tz: ZoneInfo, first_weekday: int) -> None:
        """New display zone or first day of the week: every view re-lays its days."""
        self.tz = tz
        for view in self.views.values():
            view.set_first_weekday(first_weekday)
        self.current.set_anchor(self.anchor)
        self.titleChanged.emit(self.current.title())

    def _view_moved(self, day: date) -> None:
        # the view scrolled itself (list view) to another period
        self.anchor = day
        self.titleChanged.emit(self.current.title())
        self.rangeChanged.emit(False)
