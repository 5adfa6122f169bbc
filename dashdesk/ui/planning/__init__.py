"""Planning in the main window: snippets, labels and calendar notes (this module), the posting
schedule (``schedule_dialog``) and queue commands (``queue_actions``).

Snippets, labels and calendar notes (installed after the calendar's first paint).

:func:`install` gives the window a :class:`CalendarHelpers`: the label filter beside the status
filter, label dots on chips, notes in the month and week headers, the label mix of the visible range
in the status bar, a right-click menu on posts and days (labels, notes), and the composer's helpers.
The menu commands (``add_note``, ``holidays``, ``labels``, ``snippets``, ``team_export``,
``team_import``) are functions here taking the window, like the other optional parts' commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the window imports this package's queue commands before its first paint: load lazily
    from .calendar_part import CalendarHelpers

__all__ = ["add_note", "holidays", "install", "labels", "snippets", "team_export",
           "team_import"]


def install(window: Any, planner: Any = None) -> CalendarHelpers:
    """Give ``window`` its helpers (``planner``: a ready ``Planner``; by default the user's store)."""
    from .calendar_part import CalendarHelpers

    existing = getattr(window, "planning", None)
    if isinstance(existing, CalendarHelpers):
        return existing
    window.planning = CalendarHelpers(window, planner)
    return window.planning


def _helpers(window: Any) -> CalendarHelpers:
    return install(window)


def add_note(window: Any) -> Any:
    """View > Add note…: on the selected day."""
    return _helpers(window).add_note()


def holidays(window: Any) -> Any:
    """View > Import public holidays…."""
    return _helpers(window).import_holidays()


def labels(window: Any) -> Any:
    """Edit > Labels…."""
    return _helpers(window).manage_labels()


def snippets(window: Any) -> Any:
    """Edit > Snippets…."""
    return _helpers(window).manage_snippets()


def team_export(window: Any) -> Any:
    """File > Export snippets, labels and notes…."""
    return _helpers(window).export_team_file()


def team_import(window: Any) -> Any:
    """File > Import snippets, labels and notes…."""
    return _helpers(window).import_team_file()
