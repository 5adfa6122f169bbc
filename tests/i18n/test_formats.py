"""Dates, times and numbers follow the chosen language's locale; English keeps the app's own formats."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from dashdesk.i18n import catalog
from dashdesk.i18n.formats import (
    date_text,
    datetime_text,
    first_day_of_week,
    number_text,
    time_text,
    uses_12_hour_clock,
    weekday_name,
)

DAY = date(2026, 12, 3)  # a Thursday
WHEN = datetime(2026, 12, 3, 14, 5)


@pytest.fixture
def language() -> Iterator[callable]:
    def use(code: str) -> None:
        catalog._language = code  # the formats follow the installed language

    yield use
    catalog.install("en")


def test_english_is_unchanged(language) -> None:
    language("en")
    assert time_text(WHEN) == "14:05"
    assert date_text(DAY, "weekday_day_month") == "Thu 03 Dec"
    assert date_text(DAY, "month_year") == "December 2026"
    assert datetime_text(WHEN) == "Thu 03 Dec 14:05"
    assert number_text(12345) == "12,345" and weekday_name(0) == "Monday" and weekday_name(6, short=True) == "Sun"
    assert first_day_of_week() == 0 and not uses_12_hour_clock()


@pytest.mark.parametrize(
    ("code", "month_year", "number", "monday", "first_day"),
    [
        ("de", "Dezember 2026", "12.345", "Montag", 0),
        ("fr", "décembre 2026", "12\u202f345", "lundi", 0),
        ("es", "diciembre de 2026", "12.345", "lunes", 0),
        ("pt_BR", "dezembro de 2026", "12.345", "segunda-feira", 6),
        ("ja", "2026年12月", "12,345", "月曜日", 6),
        ("ar", "ديسمبر 2026", None, "الاثنين", 5),
    ],
)
def test_each_language_writes_its_own_dates_and_numbers(language, code, month_year, number, monday, first_day) -> None:
    language(code)
    assert date_text(DAY, "month_year") == month_year
    if number is not None:
        assert number_text(12345) == number
    assert weekday_name(0) == monday
    assert first_day_of_week() == first_day
    assert date_text(DAY, "weekday_day_month") != "Thu 03 Dec"


def test_arabic_uses_a_12_hour_clock_and_german_24(language) -> None:
    language("ar")
    assert uses_12_hour_clock() and "2:05" in time_text(WHEN)
    language("de")
    assert not uses_12_hour_clock() and time_text(WHEN) == "14:05"
