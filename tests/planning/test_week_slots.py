"""The week view's empty posting slots: shown as placeholders, double-click one, drag a post onto one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from dashdesk.planning.queue import free_slots_between
from dashdesk.planning.schedule import PostingSchedule, make_entry
from dashdesk.services.post import Post
from dashdesk.ui.calendar.week_view import WeekView
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 8, tzinfo=UTC)  # Tuesday 09:00 in Berlin


def post(i: int, when: datetime, platform: str = "threads") -> Post:
    return Post.from_json(platform, {"id": i, "status": "SCHEDULED", "timestamp": when.isoformat(), "text": "hi"})


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ).astimezone(UTC)


def make(qtbot, posts: list[Post]) -> WeekView:
    schedule = PostingSchedule()
    schedule.set(None, "threads", make_entry("mon-fri 10:00,16:00", "Europe/Berlin"))
    schedule.set(None, "linkedin", make_entry("thu 10:00", "Europe/Berlin"))
    model = PostsModel(tz=TZ)
    model.set_posts(posts)
    view = WeekView(PostsFilterProxy(model))
    view.clock = lambda: NOW

    def source(first: date, last: date) -> list:
        start = max(datetime.combine(first, datetime.min.time(), TZ), NOW)
        end = datetime.combine(last + timedelta(days=1), datetime.min.time(), TZ)
        return free_slots_between(schedule, 1, TZ, model_posts(), start, end)

    def model_posts() -> list[Post]:
        return list(view.post_by_key.values())

    view.slot_source = source
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.set_anchor(date(2026, 3, 12))
    view.show()
    view.scroll_to_minutes(8 * 60)
    return view


def test_free_slots_are_placeholders_and_taken_ones_are_not(qtbot) -> None:
    taken = post(1, berlin(11, 16))
    view = make(qtbot, [taken])
    slots = {s.when: s.platforms for s in view.placed_slots()}
    assert berlin(10, 10) in slots  # Tuesday 10:00, an hour from now
    assert berlin(11, 16) not in slots  # Wednesday 16:00 holds a Threads post
    assert slots[berlin(12, 10)] == ("linkedin", "threads")  # shared time, one placeholder
    assert all(w > NOW for w in slots)  # none in the past
    assert len(slots) == 7  # Tue..Fri x 2, minus the taken one (Thursday 10:00 is one placeholder)
    label = next(s for s in view.placed_slots() if s.when == berlin(12, 10)).label
    assert label == "Free: LinkedIn · Threads"
    view.grab()  # paints without warnings


def test_double_click_a_placeholder_opens_a_new_post_at_the_slot(qtbot) -> None:
    view = make(qtbot, [])
    point = view.point_for(date(2026, 3, 13), 16 * 60 + 10)  # inside Friday's 16:00 placeholder
    with qtbot.waitSignal(view.newRequested) as blocker:
        QTest.mouseDClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    assert blocker.args == [berlin(13, 16)]


def test_dragging_a_post_onto_a_slot_snaps_to_it(qtbot) -> None:
    p = post(7, berlin(11, 12))
    view = make(qtbot, [p])
    moves: list[tuple] = []
    view.moveRequested.connect(lambda *a: moves.append(a))
    start = view.chip_rect(p.key).topLeft() + QPoint(6, 4)
    end = view.point_for(date(2026, 3, 13), 10 * 60 + 20)  # inside Friday's 10:00 slot, off its time
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(10, 10))
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert moves == [(p.key, berlin(13, 10))]

    # a LinkedIn slot does not pull a Threads post
    moves.clear()
    thursday_only_linkedin = view.point_for(date(2026, 3, 12), 13 * 60)
    start = view.chip_rect(p.key).topLeft() + QPoint(6, 4)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(10, 10))
    QTest.mouseMove(view, thursday_only_linkedin)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, thursday_only_linkedin)
    assert moves and moves[0][1].astimezone(TZ).hour == 13
