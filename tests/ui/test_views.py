"""Calendar views on their own: "+N more", keyboard, tooltips, empty states, week geometry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from dashdesk.services.post import Post
from dashdesk.ui.calendar import layout
from dashdesk.ui.calendar.list_view import ListView
from dashdesk.ui.calendar.month_view import MonthView
from dashdesk.ui.calendar.week_view import WeekView
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 8, tzinfo=UTC)


def make(view_cls, posts, qtbot, size=(1000, 700)):
    model = PostsModel(tz=TZ)
    model.set_posts(posts)
    proxy = PostsFilterProxy(model)
    view = view_cls(proxy)
    view.clock = lambda: NOW
    qtbot.addWidget(view)
    view.resize(*size)
    view.set_anchor(date(2026, 3, 12))
    view.show()
    return model, proxy, view


def post(i: int, when: datetime, platform: str = "threads", status: str = "SCHEDULED", text: str = "hello"):
    return Post.from_json(platform, {"id": i, "status": status, "timestamp": when.isoformat(), "text": text})


def test_month_more_link_opens_the_day(qtbot) -> None:
    day = datetime(2026, 3, 12, 9, tzinfo=UTC)
    posts = [post(i, day + timedelta(minutes=15 * i)) for i in range(12)]
    _, _, view = make(MonthView, posts, qtbot)
    cell = view.cell_of(date(2026, 3, 12))
    assert cell is not None and cell.more is not None
    assert len(cell.chips) + cell.more[1] == 12
    with qtbot.waitSignal(view.dayRequested) as blocker:
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cell.more[0].center())
    assert blocker.args == [date(2026, 3, 12)]


def test_month_keyboard_moves_and_opens(qtbot) -> None:
    p = post(1, datetime(2026, 3, 13, 9, tzinfo=UTC))
    _, _, view = make(MonthView, [p], qtbot)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_day == date(2026, 3, 13)
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.selected_day == date(2026, 3, 20)
    QTest.keyClick(view, Qt.Key.Key_Up)
    with qtbot.waitSignal(view.newRequested) as new:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert new.args[0].astimezone(TZ).date() == date(2026, 3, 13)
    assert view.cycle_post(1) and view.selected_key == p.key
    with qtbot.waitSignal(view.openRequested) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [p.key]
    with qtbot.waitSignal(view.deleteRequested):
        QTest.keyClick(view, Qt.Key.Key_Delete)
    # moving past the month edge switches month and tells the window
    with qtbot.waitSignal(view.anchorChanged):
        for _ in range(4):
            QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.anchor.month == 4
    assert "post" in view.accessibleDescription()


def test_month_tooltip_has_text_platform_zone_and_status(qtbot, monkeypatch) -> None:
    p = post(1, datetime(2026, 3, 13, 9, tzinfo=UTC), platform="twitter", text="")
    p = Post.from_json("twitter", {**p.data, "tweet_status": "Full text of the tweet", "status": "DRAFT"})
    _, _, view = make(MonthView, [p], qtbot)
    shown: list[str] = []
    monkeypatch.setattr("dashdesk.ui.calendar.base.QToolTip.showText", lambda pos, text, w=None: shown.append(text))
    from PySide6.QtGui import QHelpEvent

    center = view.chip_rect(p.key).center()
    view.event(QHelpEvent(QHelpEvent.Type.ToolTip, center, view.mapToGlobal(center)))
    assert shown and "Full text of the tweet" in shown[0]
    assert "<b>X</b>" in shown[0] and "Europe/Berlin" in shown[0] and "Draft" in shown[0]
    assert "10:00 CET" in shown[0]


def test_empty_states_say_what_to_do(qtbot) -> None:
    _, _, month = make(MonthView, [], qtbot)
    assert "Press N" in month.empty_text()
    month.grab()  # paints the empty state without warnings
    _, _, week = make(WeekView, [], qtbot)
    assert "No posts this week" in week.empty_text()
    week.grab()
    _, _, lst = make(ListView, [], qtbot)
    assert "Press N" in lst.empty_text()
    lst.grab()


def test_week_overlapping_posts_share_the_column(qtbot) -> None:
    t = datetime(2026, 3, 12, 9, tzinfo=UTC)
    a, b, c = post(1, t), post(2, t + timedelta(minutes=15)), post(3, t + timedelta(hours=5))
    # wide enough for two readable chips side by side (narrower, the second goes into a "+N" block)
    _, _, view = make(WeekView, [a, b, c], qtbot, size=(1280, 700))
    view.scroll_to_minutes(9 * 60)
    ra, rb, rc = (view.chip_rect(p.key) for p in (a, b, c))
    assert ra.right() < rb.left()  # side by side
    assert ra.width() < rc.width() * 0.6
    # the chip sits at its wall-clock time
    point = view.point_for(date(2026, 3, 12), layout.wall_minutes(t, TZ))
    assert abs(ra.top() - point.y()) <= 2


def test_week_double_click_empty_slot_snaps(qtbot) -> None:
    _, _, view = make(WeekView, [], qtbot)
    view.scroll_to_minutes(9 * 60)
    point = view.point_for(date(2026, 3, 13), 10 * 60 + 20)
    with qtbot.waitSignal(view.newRequested) as blocker:
        QTest.mouseDClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    local = blocker.args[0].astimezone(TZ)
    assert (local.date(), local.hour, local.minute) == (date(2026, 3, 13), 10, 15)


def test_drop_in_the_past_is_refused_with_the_reason(qtbot) -> None:
    p = post(1, datetime(2026, 3, 12, 9, tzinfo=UTC))
    _, _, view = make(MonthView, [p], qtbot)
    messages: list[str] = []
    view.message.connect(messages.append)
    moves: list[object] = []
    view.moveRequested.connect(lambda *a: moves.append(a))
    start = view.chip_rect(p.key).center()
    past_cell = view.cell_of(date(2026, 3, 9))
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(10, 10))
    QTest.mouseMove(view, past_cell.rect.center())
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, past_cell.rect.center())
    assert not moves
    assert messages and "in the past" in messages[-1]


def test_list_groups_by_day_and_opens(qtbot) -> None:
    posts = [post(i, datetime(2026, 3, 12 + i // 2, 9 + i, tzinfo=UTC)) for i in range(4)]
    _, _, view = make(ListView, posts, qtbot)
    assert view.visible_posts_count() == 4
    delegate = view.itemDelegate()
    idx0, idx1, idx2 = (view.model().index(r, 0) for r in range(3))
    assert delegate._is_first_of_day(idx0) and not delegate._is_first_of_day(idx1)
    assert delegate._is_first_of_day(idx2)
    view.setCurrentIndex(idx1)
    with qtbot.waitSignal(view.openRequested) as blocker:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [posts[1].key]


@pytest.mark.parametrize("view_cls", [MonthView, WeekView])
def test_first_paint_draws_chips_directly_and_looks_like_the_cached_ones(qtbot, view_cls) -> None:
    """The first paint holding chips skips the chip cache (start-up waits for it); later ones use it."""
    platforms = ["instagram", "twitter", "linkedin", "youtube", "bluesky"]
    statuses = ["SCHEDULED", "DRAFT", "POSTED", "FAILED", "MISSING_APPROVALS"]
    posts = [post(i, datetime(2026, 3, 9 + i % 5, 7 + i % 9, tzinfo=UTC), platforms[i % 5], statuses[i % 5],
                  f"Caption number {i} with a few words") for i in range(40)]
    _, _, view = make(view_cls, posts, qtbot)
    view.rebuild()
    first = view.grab().toImage()
    assert not view.chip_cache._pixmaps  # drawn straight onto the view
    second = view.grab().toImage()
    assert view.chip_cache._pixmaps  # now rendered into the cache
    third = view.grab().toImage()
    assert first == second == third
