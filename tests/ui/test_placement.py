"""Every post is visible somewhere: publish-now posts at their sent time, undated drafts under "No date"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from dashdesk.services.post import Post
from dashdesk.ui.calendar.list_view import NO_DATE_HEADING, ListView
from dashdesk.ui.calendar.month_view import MonthView
from dashdesk.ui.calendar.no_date import NoDatePanel, key_from_mime, key_to_mime
from dashdesk.ui.calendar.week_view import WeekView
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel, Roles, tooltip_for

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 10, 8, tzinfo=UTC)
SENT = datetime(2026, 3, 12, 14, 7, tzinfo=UTC)


def scheduled(i: int, when: datetime) -> Post:
    return Post.from_json("threads", {"id": i, "status": "SCHEDULED", "timestamp": when.isoformat(),
                                      "text": f"post {i}", "created_at": NOW.isoformat()})


def sent_now(i: int, status: str = "POSTED", **extra: object) -> Post:
    return Post.from_json("twitter", {"id": i, "status": status, "timestamp": None, "tweet_status": "Out now",
                                      "created_at": SENT.isoformat(), **extra})


def draft(i: int, text: str = "An idea") -> Post:
    return Post.from_json("bluesky", {"id": i, "status": "DRAFT", "timestamp": None, "text": text,
                                      "created_at": NOW.isoformat()})


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


def test_post_placement_fields() -> None:
    live = sent_now(1)
    assert live.is_publish_now and not live.is_undated and live.when == SENT
    idea = draft(2)
    assert idea.is_undated and not idea.is_publish_now and idea.when is None
    assert not scheduled(3, SENT).is_publish_now and scheduled(3, SENT).when == SENT


@pytest.mark.parametrize("view_cls", [MonthView, WeekView])
def test_publish_now_posts_sit_where_they_were_sent_and_drafts_nowhere(view_cls, qtbot) -> None:
    posts = [scheduled(1, SENT + timedelta(hours=2)), sent_now(2), draft(3)]
    _, _, view = make(view_cls, posts, qtbot)
    assert view.chip_rect(("twitter", 2)) is not None
    assert view.chip_rect(("bluesky", 3)) is None
    assert view.visible_posts_count() == 2
    view.grab()  # paints the publish-now chip (the lightning mark) without warnings


def test_list_view_puts_drafts_without_a_date_last_under_no_date(qtbot) -> None:
    posts = [draft(5, "Later idea"), scheduled(1, SENT + timedelta(hours=2)), sent_now(2), draft(4)]
    _, _, view = make(ListView, posts, qtbot)
    keys = [view.range_proxy.index(r, 0).data(Roles.Key) for r in range(view.range_proxy.rowCount())]
    assert keys == [("twitter", 2), ("threads", 1), ("bluesky", 4), ("bluesky", 5)]
    delegate = view.itemDelegate()
    first_of = [delegate._is_first_of_day(view.range_proxy.index(r, 0)) for r in range(4)]
    assert first_of == [True, False, True, False]  # one heading for the day, one "No date" heading
    assert NO_DATE_HEADING.startswith("No date")
    assert view.range_proxy.index(0, 0).data(Roles.Time) == SENT
    view.grab()


def test_time_column_and_tooltip_say_sent_at_once_and_why_it_failed(qtbot) -> None:
    failed = sent_now(7, "FAILED", auto_publish_error="X refused the post: the text is too long.")
    model = PostsModel(tz=TZ)
    model.set_posts([failed, draft(8)])
    assert model.index(0, 0).data().startswith("Sent at once, Thu 12 Mar 15:07")
    assert model.index(1, 0).data() == "No date"
    tip = tooltip_for(failed, TZ)
    assert "Why it failed" in tip and "too long" in tip and "Failed" in tip


def test_no_date_panel_lists_only_undated_drafts_and_counts_them(qtbot) -> None:
    model = PostsModel(tz=TZ)
    model.set_posts([draft(1), sent_now(2), scheduled(3, SENT), draft(4)])
    proxy = PostsFilterProxy(model)
    panel = NoDatePanel(proxy)
    qtbot.addWidget(panel)
    assert panel.list.listed_keys() == [("bluesky", 1), ("bluesky", 4)]
    assert panel.heading.text() == "2 drafts without a date"
    model.upsert(draft(9))
    assert panel.heading.text() == "3 drafts without a date"
    model.upsert(Post.from_json("bluesky", {**dict(draft(1).data), "timestamp": SENT.isoformat()}))
    assert ("bluesky", 1) not in panel.list.listed_keys() and panel.heading.text() == "2 drafts without a date"
    index = panel.list.undated.index(0, 0)
    assert panel.list.undated.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert key_from_mime(panel.list.undated.mimeData([index])) == ("bluesky", 4)
    panel.resize(300, 400)
    panel.grab()


def drop_on(view, key, point) -> None:
    data = key_to_mime(key)
    actions = Qt.DropAction.MoveAction
    enter = QDragEnterEvent(point.toPoint(), actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, actions, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    view.dropEvent(drop)


def test_dropping_an_undated_draft_on_a_day_asks_to_give_it_a_time(qtbot) -> None:
    idea = draft(3)
    _, _, view = make(MonthView, [idea], qtbot)
    cell = view.cell_of(date(2026, 3, 13))
    with qtbot.waitSignal(view.moveRequested) as moved:
        drop_on(view, idea.key, QPointF(cell.rect.center()))
    key, when = moved.args
    assert key == idea.key and when.astimezone(TZ).date() == date(2026, 3, 13)
    assert view._incoming is None and view.find_post(idea.key) is None


def test_dropping_on_a_past_day_is_refused_with_a_message(qtbot) -> None:
    idea = draft(3)
    _, _, view = make(MonthView, [idea], qtbot)
    cell = view.cell_of(date(2026, 3, 2))
    with qtbot.waitSignal(view.message) as said, qtbot.assertNotEmitted(view.moveRequested):
        drop_on(view, idea.key, QPointF(cell.rect.center()))
    assert "past" in said.args[0]


def test_a_foreign_drag_is_ignored(qtbot) -> None:
    from PySide6.QtCore import QMimeData

    _, _, view = make(WeekView, [], qtbot)
    data = QMimeData()
    data.setText("hello")
    enter = QDragEnterEvent(view.rect().center(), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    enter.setAccepted(False)
    view.dragEnterEvent(enter)
    assert not enter.isAccepted()
    assert key_from_mime(data) is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_a_damaged_drag_carries_no_post(raw: bytes) -> None:
    from PySide6.QtCore import QMimeData

    from dashdesk.ui.calendar.no_date import POST_MIME

    data = QMimeData()
    data.setData(POST_MIME, raw)
    key = key_from_mime(data)
    assert key is None or (isinstance(key[0], str) and key[0] and isinstance(key[1], int))
