"""Slot arithmetic: parsing, zones, both DST transitions, posts made elsewhere, full weeks."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashdesk.planning.queue import NoSlotError, QueuePlanner
from dashdesk.planning.schedule import PostingSchedule, ScheduleFileError, make_entry
from dashdesk.planning.slots import (
    Occupancy,
    PlatformSlots,
    Slot,
    SlotError,
    format_slots,
    next_free,
    parse_slots,
    wall_to_utc,
)

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")


def post(platform: str, when: datetime) -> SimpleNamespace:
    return SimpleNamespace(platform=platform, timestamp=when)


def test_parse_and_format_round_trip() -> None:
    slots = parse_slots("mon-fri 09:00,17:00; sat 11:00")
    assert len(slots) == 11
    assert Slot(0, time(9)) in slots and Slot(5, time(11)) in slots and Slot(6, time(11)) not in slots
    assert format_slots(slots) == "mon-fri 09:00,17:00; sat 11:00"
    assert parse_slots("fri-mon 8:05") == tuple(sorted(Slot(d, time(8, 5)) for d in (4, 5, 6, 0)))
    assert parse_slots("weekends 10:00\ndaily 07:30") == parse_slots("sat,sun 10:00; mon-sun 07:30")
    assert parse_slots("  ") == ()


@pytest.mark.parametrize("text", ["mon 25:00", "funday 09:00", "mon", "09:00", "mon 9", "mon-fri 09:00;; x 1"])
def test_bad_slot_text_says_what_to_write(text: str) -> None:
    with pytest.raises(SlotError) as info:
        parse_slots(text)
    assert "write" in str(info.value).lower() or "give" in str(info.value).lower()


@given(st.sets(st.tuples(st.integers(0, 6), st.integers(0, 23), st.integers(0, 59)), max_size=30))
def test_format_parse_round_trip_property(items: set[tuple[int, int, int]]) -> None:
    slots = tuple(sorted(Slot(d, time(h, m)) for d, h, m in items))
    assert parse_slots(format_slots(slots)) == slots


@given(st.text(max_size=60))
def test_hostile_slot_text_gives_slot_error_or_slots(text: str) -> None:
    try:
        slots = parse_slots(text)
    except SlotError:
        return
    assert all(0 <= s.weekday <= 6 for s in slots)


def test_slot_times_are_wall_times_of_their_zone() -> None:
    after = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # a Monday
    for zone in (PARIS, NEW_YORK, TOKYO):
        times = list(PlatformSlots(zone, parse_slots("mon 09:00")).times(after, after + timedelta(days=14)))
        assert 2 <= len(times) <= 3
        assert all(t.astimezone(zone).hour == 9 and t.astimezone(zone).weekday() == 0 for t in times)
    paris = next(PlatformSlots(PARIS, parse_slots("mon 09:00")).times(after))
    tokyo = next(PlatformSlots(TOKYO, parse_slots("mon 09:00")).times(after))
    assert paris == datetime(2026, 6, 1, 7, tzinfo=UTC)
    assert tokyo == datetime(2026, 6, 8, 0, tzinfo=UTC)  # Tokyo's Monday 09:00 was already past


def test_spring_forward_gap_goes_to_next_valid_time() -> None:
    # 29 March 2026: Paris clocks jump from 02:00 to 03:00.
    assert wall_to_utc(date(2026, 3, 29), time(2, 30), PARIS) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert wall_to_utc(date(2026, 3, 29), time(2, 30), PARIS).astimezone(PARIS).time() == time(3, 0)
    # 8 March 2026: New York jumps from 02:00 to 03:00.
    assert wall_to_utc(date(2026, 3, 8), time(2, 30), NEW_YORK).astimezone(NEW_YORK).time() == time(3, 0)
    slots = PlatformSlots(PARIS, parse_slots("sun 02:30, 03:00; mon 02:30"))
    times = list(slots.times(datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)))
    # 02:30 and 03:00 meet at 03:00 that night: one slot, not two posts at the same minute.
    assert [t.astimezone(PARIS).strftime("%a %H:%M") for t in times] == ["Sun 03:00", "Mon 02:30"]


def test_fall_back_repeated_hour_is_used_once() -> None:
    # 25 October 2026: Paris goes from 03:00 back to 02:00; 02:30 happens twice.
    slots = PlatformSlots(PARIS, parse_slots("sun 02:30"))
    times = list(slots.times(datetime(2026, 10, 24, tzinfo=UTC), datetime(2026, 10, 26, tzinfo=UTC)))
    assert times == [datetime(2026, 10, 25, 0, 30, tzinfo=UTC)]  # the first 02:30 (CEST)
    occupancy = Occupancy()
    first = next_free(slots, occupancy, "instagram", datetime(2026, 10, 24, tzinfo=UTC))[0]
    occupancy.take("instagram", first)
    second = next_free(slots, occupancy, "instagram", datetime(2026, 10, 24, tzinfo=UTC))[0]
    assert second.astimezone(PARIS).date() == date(2026, 11, 1)  # not the second 02:30 of that night


def test_slots_taken_by_posts_made_elsewhere() -> None:
    slots = PlatformSlots(PARIS, parse_slots("mon-fri 09:00"))
    start = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # Monday
    monday_nine = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    elsewhere = [post("instagram", monday_nine + timedelta(minutes=3)),  # made on the web at 09:03
                 post("instagram", monday_nine + timedelta(days=1)),
                 post("facebook", monday_nine + timedelta(days=2)),      # another platform: not taken
                 post("instagram", monday_nine + timedelta(days=3, minutes=30))]  # 09:30: not the slot
    free = next_free(slots, Occupancy.of_posts(elsewhere), "instagram", start, 3)
    assert [t.astimezone(PARIS).strftime("%a %H:%M") for t in free] == ["Wed 09:00", "Thu 09:00", "Fri 09:00"]


def test_full_weeks_move_to_the_next_week() -> None:
    slots = PlatformSlots(NEW_YORK, parse_slots("mon-fri 09:00,17:00"))
    start = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)  # Monday 00:00 in New York
    taken = list(slots.times(start, start + timedelta(days=14)))
    assert len(taken) == 20
    free = next_free(slots, Occupancy.of_posts(post("x", t) for t in taken), "x", start, 2)
    assert [t.astimezone(NEW_YORK).strftime("%Y-%m-%d %H:%M") for t in free] == ["2026-06-15 09:00",
                                                                                   "2026-06-15 17:00"]


def test_no_slots_or_no_free_slot() -> None:
    assert next_free(PlatformSlots(PARIS, ()), Occupancy(), "x", datetime(2026, 1, 1, tzinfo=UTC)) == []
    planner = QueuePlanner(PostingSchedule(), 1, PARIS, now=datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(NoSlotError) as info:
        planner.take("instagram")
    assert "Instagram has no posting times" in info.value.user_message()


@settings(max_examples=60)
@given(st.sampled_from(["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
       st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1)),
       st.integers(0, 23), st.integers(0, 59))
def test_daily_slot_property(zone_name: str, start: datetime, hour: int, minute: int) -> None:
    """Over any fortnight: one time per day, ascending, each at the slot's wall time unless the
    wall time does not exist that day (then just after the jump)."""
    zone = ZoneInfo(zone_name)
    after = start.replace(tzinfo=UTC)
    daily = PlatformSlots(zone, tuple(Slot(d, time(hour, minute)) for d in range(7)))
    times = list(daily.times(after, after + timedelta(days=14)))
    assert times == sorted(set(times)) and all(t > after for t in times)
    days = [t.astimezone(zone).date() for t in times]
    assert len(days) == len(set(days)) and 13 <= len(days) <= 15
    for t in times:
        local = t.astimezone(zone)
        if (local.hour, local.minute) != (hour, minute):
            naive = datetime.combine(local.date(), time(hour, minute))
            assert naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive
            assert local.replace(tzinfo=None) > naive


def test_planner_hands_out_distinct_slots_in_order() -> None:
    schedule = PostingSchedule()
    schedule.set(None, "instagram", make_entry("mon-fri 09:00,17:00"))
    schedule.set(7, "instagram", make_entry("sat 11:00", "Asia/Tokyo"))
    now = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)
    other = QueuePlanner(schedule, 8, PARIS, now=now)
    first, second = other.take("instagram"), other.take("instagram")
    assert [t.astimezone(PARIS).strftime("%a %H:%M") for t in (first, second)] == ["Mon 09:00", "Mon 17:00"]
    own = QueuePlanner(schedule, 7, PARIS, now=now)
    assert own.take("instagram").astimezone(TOKYO).strftime("%a %H:%M") == "Sat 11:00"
    # A slot less than five minutes away is not handed out.
    late = QueuePlanner(schedule, 8, PARIS, now=datetime(2026, 6, 1, 6, 57, tzinfo=UTC))
    assert late.take("instagram").astimezone(PARIS).strftime("%a %H:%M") == "Mon 17:00"


def test_schedule_file_round_trip_private_and_shareable(tmp_path) -> None:
    schedule = PostingSchedule()
    schedule.set(None, "instagram", make_entry("mon-fri 09:00,17:00; sat 11:00", "Europe/Paris"))
    schedule.set(42, "tiktok", make_entry("daily 18:00"))
    path = schedule.save(tmp_path / "posting-schedule.json")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data["format"] == "dashdesk-posting-schedule" and data["version"] == 1
    assert data["brands"]["*"]["instagram"] == {"slots": "mon-fri 09:00,17:00; sat 11:00", "zone": "Europe/Paris"}
    assert data["brands"]["42"]["tiktok"] == {"slots": "mon-sun 18:00"}
    again = PostingSchedule.load(path)
    assert again.to_json() == schedule.to_json()
    assert again.slots_for(42, "tiktok", TOKYO).zone == TOKYO  # no zone: the display zone
    assert again.platforms(42) == ["instagram", "tiktok"] and again.platforms(1) == ["instagram"]


@pytest.mark.parametrize("content, words", [
    (b"", "damaged"), (b"\xff\xfe\x00garbage", "not"), (b"[1, 2]", "not a DashDesk posting schedule"),
    (b'{"format": "dashdesk-posting-schedule", "version": 99}', "newer"),
    (b'{"format": "dashdesk-posting-schedule", "version": 1, "brands": {"*": {"myspace": {}}}}', "myspace"),
    (b'{"format": "dashdesk-posting-schedule", "version": 1, "brands": {"x": {}}}', "brand number"),
    (b'{"format": "dashdesk-posting-schedule", "version": 1, "brands": {"*": {"twitter": {"slots": "mon 9"}}}}',
     "time"),
    (b'{"format": "dashdesk-posting-schedule", "version": 1, "brands": {"*": {"twitter": {"slots": "mon 09:00", '
     b'"zone": "Mars/Olympus"}}}}', "time zone"),
])
def test_damaged_schedule_files_say_what_is_wrong(tmp_path, content: bytes, words: str) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(content)
    with pytest.raises(ScheduleFileError) as info:
        PostingSchedule.read(path)
    assert words.lower() in str(info.value).lower()


@settings(max_examples=50)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c, max_size=3),
                    max_leaves=12))
def test_hostile_schedule_json(data) -> None:
    try:
        result = PostingSchedule.from_json({"format": "dashdesk-posting-schedule", "version": 1, "brands": data})
    except ScheduleFileError:
        return
    assert PostingSchedule.from_json(result.to_json()).to_json() == result.to_json()


def test_repeat_rule_months_clamp_and_end() -> None:
    from dashdesk.planning.series import RepeatRule, SeriesError

    rule = RepeatRule(1, "month", datetime(2026, 1, 31, 9, 0, tzinfo=UTC), "Europe/Paris", count=4)
    days = [when.astimezone(PARIS).date() for _, when in rule.times(datetime(2027, 1, 1, tzinfo=UTC))]
    assert days == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]
    assert all(when.astimezone(PARIS).hour == 10 for _, when in rule.times(datetime(2027, 1, 1, tzinfo=UTC)))
    until = RepeatRule(3, "day", datetime(2026, 3, 1, 9, tzinfo=UTC), "UTC", until=date(2026, 3, 10))
    assert [w.day for _, w in until.times(datetime(2027, 1, 1, tzinfo=UTC))] == [1, 4, 7, 10]
    assert until.describe() == "every 3 days, until Tue 10 Mar 2026"
    with pytest.raises(SeriesError):
        RepeatRule(0, "week", datetime(2026, 3, 1, tzinfo=UTC), "UTC", count=2).check()
    with pytest.raises(SeriesError):
        RepeatRule(1, "week", datetime(2026, 3, 1, tzinfo=UTC), "UTC", until=date(2026, 2, 1)).check()


def test_no_posting_days_are_skipped_in_the_display_zone() -> None:
    slots = PlatformSlots(TOKYO, parse_slots("daily 09:00"))
    start = datetime(2026, 5, 31, 23, 0, tzinfo=UTC)  # an hour before Monday 09:00 in Tokyo
    occupancy = Occupancy()
    # Tuesday and Wednesday are "no posting" days in the calendar's zone (Tokyo)
    occupancy.block_days({date(2026, 6, 2), date(2026, 6, 3)}, TOKYO)
    free = next_free(slots, occupancy, "instagram", start, 3)
    assert [t.astimezone(TOKYO).strftime("%a %d %H:%M") for t in free] == ["Mon 01 09:00", "Thu 04 09:00",
                                                                            "Fri 05 09:00"]
    # the same UTC days seen from New York: Tokyo's Tuesday 09:00 is Monday 20:00 there
    occupancy.block_days({date(2026, 6, 1)}, NEW_YORK)
    free = next_free(slots, occupancy, "instagram", start, 2)
    assert [t.astimezone(TOKYO).strftime("%a %d") for t in free] == ["Mon 01", "Wed 03"]


def test_queue_planner_skips_no_posting_days_and_says_so_when_all_are() -> None:
    schedule = PostingSchedule()
    schedule.set(None, "instagram", make_entry("mon 09:00", "Europe/Paris"))
    occupancy = Occupancy()
    occupancy.block_days({date(2026, 6, 1) + timedelta(weeks=w) for w in range(60)}, PARIS)
    planner = QueuePlanner(schedule, 1, PARIS, now=datetime(2026, 5, 31, tzinfo=UTC), occupancy=occupancy)
    with pytest.raises(NoSlotError):
        planner.take("instagram")
