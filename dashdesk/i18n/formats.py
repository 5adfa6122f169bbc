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
from functools import cache
from typing import Any, Literal

from dashdesk.i18n.catalog import current_language

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
#: CLDR skeletons of the styles: each locale orders and spells them its own way.
_SKELETONS: dict[str, str] = {
    "full": "MMMMEEEEd",
    "weekday_day": "Ed",
    "day_month": "MMMd",
    "weekday_day_month": "MMMEd",
    "medium": "yMMMd",
    "month_year": "yMMMM",
}


@cache
def _babel_locale(language: str) -> Any:
    """Babel's locale for ``language`` (imported on first use: start-up does not pay for it)."""
    from babel import Locale
    from babel.core import get_global

    # "ja" alone has no country, so no first day of the week: take the likely one (ja_JP, ar_EG, ...)
    likely = get_global("likely_subtags").get(language.split("_")[0]) if "_" not in language else None
    return Locale.parse(likely or language)


def _locale() -> Any:
    """The active language's locale, or None for English (the app's own formats, as before)."""
    language = current_language()
    if language in ("en", "en_XA"):
        return None
    return _babel_locale(language)


def first_day_of_week() -> int:
    """The locale's first day of the week (0 = Monday), for the calendar's default."""
    loc = _locale()
    return 0 if loc is None else int(loc.first_week_day)


def uses_12_hour_clock() -> bool:
    """Whether the locale writes times on a 12-hour clock."""
    loc = _locale()
    return (
        loc is not None
        and "h" in str(loc.time_formats["short"].pattern).replace("hh", "h").lower()
        and "H" not in str(loc.time_formats["short"].pattern)
    )


def time_text(value: datetime | time) -> str:
    """Hour and minute of ``value`` in the locale's clock."""
    loc = _locale()
    if loc is None:
        return f"{value.hour:02d}:{value.minute:02d}"
    from babel.dates import format_time

    return str(
        format_time(
            value if isinstance(value, time) else value.timetz().replace(tzinfo=None), format="short", locale=loc
        )
    )


def date_text(value: date, style: DateStyle = "medium") -> str:
    """``value`` written in the named ``style`` (see the module docstring)."""
    loc = _locale()
    if loc is None:
        return value.strftime(_PATTERNS[style])
    from babel.dates import format_skeleton

    day = value.date() if isinstance(value, datetime) else value
    return str(format_skeleton(_SKELETONS[style], day, locale=loc))


def datetime_text(value: datetime, style: DateStyle = "weekday_day_month") -> str:
    """The date in ``style`` followed by the time."""
    return f"{date_text(value, style)} {time_text(value)}"


def number_text(value: int | float) -> str:
    """``value`` with the locale's digit grouping."""
    loc = _locale()
    if loc is None:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=loc))


def first_of_month(day: date) -> str:
    """How a month grid labels the 1st of a month: "1 Dec" (the locale's day-and-month)."""
    if _locale() is None:
        return f"{day.day} {day:%b}"
    return date_text(day, "day_month")


def weekday_name(index: int, *, short: bool = False) -> str:
    """The name of weekday ``index`` (0 = Monday)."""
    loc = _locale()
    if loc is None:
        name = _WEEKDAYS[index % 7]
        return name[:3] if short else name
    return str(loc.days["format"]["abbreviated" if short else "wide"][index % 7])


def day_text(day: date, *, year: bool = False, weekday: bool = True) -> str:
    """A day as the app writes it in lines and tooltips: "Tue 3 Mar" (with ``year``: "Tue 3 Mar 2026"),
    in the locale's order and names outside English."""
    loc = _locale()
    if loc is None:
        text = f"{day:%a} {day.day} {day:%b}" if weekday else f"{day.day} {day:%b}"
        return f"{text} {day.year}" if year else text
    from babel.dates import format_skeleton

    skeleton = ("y" if year else "") + "MMM" + ("Ed" if weekday else "d")
    plain = day.date() if isinstance(day, datetime) else day
    return str(format_skeleton(skeleton, plain, locale=loc))


def moment_text(value: datetime, *, year: bool = False, weekday: bool = True, zone: bool = False) -> str:
    """A local moment: "Tue 3 Mar 09:30" (``zone`` adds "CET"), the locale's way outside English."""
    text = f"{day_text(value, year=year, weekday=weekday)} {time_text(value)}"
    return f"{text} {value.tzname()}" if zone and value.tzname() else text


def day_range_text(first: date, last: date) -> str:
    """Two days as one range in the locale's way ("30. Nov. – 6. Dez. 2026"); the caller writes English."""
    loc = _locale()
    if loc is None:
        return f"{date_text(first, 'medium')} – {date_text(last, 'medium')}"
    from babel.dates import format_interval

    return str(format_interval(first, last, "yMMMd", locale=loc))
