"""Dates, times and numbers as the person's locale writes them (Qt-free; the UI and the CLI share it).

Call these instead of ``strftime`` for anything a person reads. CSV files and values sent to Dash keep
their own fixed formats and never come through here. The styles name what is shown, not a pattern:

- ``time_text(dt)``: hour and minute ("14:05", or "2:05 PM" where the locale uses a 12-hour clock)
- ``date_text(d, style)`` with style one of
  ``"full"`` (Thursday 3 December), ``"weekday_day"`` (Thu 3), ``"day_month"`` (3 Dec),
  ``"weekday_day_month"`` (Thu 3 Dec), ``"medium"`` (3 Dec 2026), ``"month_year"`` (December 2026)
- ``datetime_text(dt, style="weekday_day_month")``: that date style followed by the time
- ``number_text(n)``: a count with the locale's digit grouping
- ``weekday_name(i, short=False)``: 0 = Monday
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

DateStyle = Literal["full", "weekday_day", "day_month", "weekday_day_month", "medium", "month_year"]

_PATTERNS: dict[str, str] = {
    "full": "%A %d %B",
    "weekday_day": "%a %d",
    "day_month": "%d %b",
    "weekday_day_month": "%a %d %b",
    "medium": "%d %b %Y",
    "month_year": "%B %Y",
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def time_text(value: datetime | time) -> str:
    """Hour and minute of ``value`` in the locale's clock."""
    return f"{value.hour:02d}:{value.minute:02d}"


def date_text(value: date, style: DateStyle = "medium") -> str:
    """``value`` written in the named ``style`` (see the module docstring)."""
    return value.strftime(_PATTERNS[style])


def datetime_text(value: datetime, style: DateStyle = "weekday_day_month") -> str:
    """The date in ``style`` followed by the time."""
    return f"{date_text(value, style)} {time_text(value)}"


def number_text(value: int | float) -> str:
    """``value`` with the locale's digit grouping."""
    return f"{value:,}"


def weekday_name(index: int, *, short: bool = False) -> str:
    """The name of weekday ``index`` (0 = Monday)."""
    name = _WEEKDAYS[index % 7]
    return name[:3] if short else name
