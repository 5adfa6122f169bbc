"""The main window against the loopback sandbox: load, filter, drag, undo, refusal, cancel, banner."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from uihelpers import until

from dashdesk.api import DashClient
from dashdesk.api.errors import NotFoundError
from dashdesk.api.retry import NO_RETRY
from dashdesk.platforms import format_timestamp
from dashdesk.services.session import Session
from dashdesk.store import PostsCache
from dashdesk.ui.calendar import layout
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.sync import SyncState

# The offscreen platform warns that it cannot propagate size hints; that is not our bug.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def make_client(sandbox) -> DashClient:
    return DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)


async def create(client: DashClient, brand: int, platform: str, when: datetime, text: str, **extra) -> int:
    field = {"twitter": "tweet_status", "facebook": "message"}.get(platform, "text")
    body = {"brand_id": brand, "status": "SCHEDULED", "auto_publish": True,
            "timestamp": format_timestamp(when), field: text, **extra}
    if platform == "facebook":
        body["post_type"] = "POST"
    post = await client.create_post(platform, body)
    return post.id


def target_day(window: MainWindow, days_ahead: int) -> datetime:
    """A time ``days_ahead`` days from now at 10:00 Berlin, kept inside the shown month when possible."""
    tz = window.tz
    today = window.clock().astimezone(tz).date()
    day = today + timedelta(days=days_ahead)
    return layout.local_instant(day, 10 * 60, tz)


@pytest.fixture
def window_factory(qloop, qtbot, sandbox, settings, data_dir):
    made: list[tuple[MainWindow, Session]] = []

    def make(cache: bool = False) -> MainWindow:
        client = make_client(sandbox)
        session = Session(client, sandbox.brand_id, "Test brand")
        win = MainWindow(session, settings, cache=PostsCache(data_dir / "posts.db") if cache else None)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        made.append((win, session))
        return win

    yield make
    for win, session in made:
        qloop.run_until_complete(win.aclose())
        qloop.run_until_complete(session.aclose())


def chip_center(win: MainWindow, key) -> QPoint:
    rect = win.current_view.chip_rect(key)
    assert rect is not None, f"no chip for {key}"
    return rect.center()


def drag(view, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    mid = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    for p in (start + QPoint(8, 8), mid, end):
        QTest.mouseMove(view, p)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_month_loads_and_filters(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 1)
        ids = {
            "twitter": await create(client, sandbox.brand_id, "twitter", when, "Launch day is here"),
            "threads": await create(client, sandbox.brand_id, "threads", when + timedelta(hours=1), "Threads note"),
            "linkedin": await create(client, sandbox.brand_id, "linkedin", when + timedelta(hours=2), "We're hiring"),
        }
        win.navigate(when.astimezone(win.tz).date())
        result = await win.load_task
        assert result is not None and not result.errors
        assert win.model.rowCount() == 3
        await until(lambda: all(win.month_view.chip_rect((p, i)) for p, i in ids.items()), what="chips")
        # platform toggle hides and shows
        win.filters.platform_buttons["twitter"].click()
        await until(lambda: win.month_view.chip_rect(("twitter", ids["twitter"])) is None, what="hidden")
        assert win.proxy.rowCount() == 2
        win.filters.platform_buttons["twitter"].click()
        await until(lambda: win.month_view.chip_rect(("twitter", ids["twitter"])) is not None, what="shown")
        # search
        win.filters.search.setText("hiring")
        await until(lambda: win.month_view.visible_posts_count() == 1, what="search")
        assert win.month_view.chip_rect(("linkedin", ids["linkedin"])) is not None
        win.filters.search.clear()
        # status filter
        win.filters.status_actions["DRAFT"].setChecked(True)
        await until(lambda: win.month_view.visible_posts_count() == 0, what="status filter")
        win.filters.clear_statuses()
        await until(lambda: win.month_view.visible_posts_count() == 3, what="all statuses")
        assert "Last synced" in win.sync_label.text()

    qloop.run_until_complete(scenario())


def test_drag_reschedules_then_undo_and_redo(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 2)
        pid = await create(client, sandbox.brand_id, "bluesky", when, "Drag me")
        key = ("bluesky", pid)
        win.navigate(when.astimezone(win.tz).date())
        await win.load_task
        view = win.month_view
        await until(lambda: view.chip_rect(key), what="chip")
        source_day = when.astimezone(win.tz).date()
        dest_day = source_day + timedelta(days=1)
        if view.cell_of(dest_day) is None:
            dest_day = source_day - timedelta(days=1)
        dest_cell = view.cell_of(dest_day)
        assert dest_cell is not None
        drag(view, chip_center(win, key), dest_cell.rect.center())
        expected = layout.local_instant(dest_day, layout.wall_minutes(when, win.tz), win.tz)
        # the model shows it at once, the server after the PATCH
        await until(lambda: win.service.get(key).timestamp == expected, what="model moved")
        await until(lambda: view.cell_of(dest_day).chips and view.cell_of(dest_day).chips[0][1] == key)
        server = await until_server(client, key, expected)
        assert server.timestamp == expected
        await until(win.undo_action.isEnabled, what="undo enabled")
        assert "Move" in win.undo_action.text()
        win.undo_action.trigger()
        await win.undo.idle()
        assert win.service.get(key).timestamp == when
        assert (await client.get_post(*key)).timestamp == when
        win.redo_action.trigger()
        await win.undo.idle()
        assert (await client.get_post(*key)).timestamp == expected

    qloop.run_until_complete(scenario())


async def until_server(client, key, expected):
    for _ in range(500):
        post = await client.get_post(*key)
        if post.timestamp == expected:
            return post
        await asyncio.sleep(0.01)
    raise AssertionError("server never showed the new time")


def test_refused_reschedule_rolls_back_and_says_why(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 2)
        pid = await create(client, sandbox.brand_id, "threads", when, "Gone on the server")
        key = ("threads", pid)
        win.navigate(when.astimezone(win.tz).date())
        await win.load_task
        await client.delete_post(*key)  # the server will refuse the PATCH with 404
        new = when + timedelta(days=1)
        task = win.on_move_requested(key, new)
        assert win.service.get(key).timestamp == new or not task.done()
        await task
        assert win.service.get(key).timestamp == when  # rolled back
        assert win.banner.isVisible()
        assert "Couldn't reschedule" in win.banner.text.text()
        assert "back at" in win.banner.text.text()

    qloop.run_until_complete(scenario())


def test_posted_and_past_cannot_be_dragged(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 1)
        pid = await create(client, sandbox.brand_id, "linkedin", when, "Already out")
        key = ("linkedin", pid)
        win.navigate(when.astimezone(win.tz).date())
        await win.load_task
        post = win.service.get(key)
        win.service._apply(post.with_changes({"status": "POSTED"}))
        await until(lambda: getattr(win.month_view.find_post(key), "status", "") == "POSTED", what="posted")
        await until(lambda: win.month_view.chip_rect(key), what="chip")
        messages: list[str] = []
        win.month_view.message.connect(messages.append)
        start = chip_center(win, key)
        drag(win.month_view, start, start + QPoint(0, 150))
        assert messages and "Posted posts can't be rescheduled" in messages[0]
        assert win.service.get(key).timestamp == when
        # a drop into the past is refused with the reason
        await win.on_move_requested(key, datetime.now(UTC) - timedelta(days=1))
        assert "can't be rescheduled" in win.statusBar().currentMessage()
        win.service._apply(post)
        await win.on_move_requested(key, datetime.now(UTC) - timedelta(hours=2))
        assert "in the past" in win.statusBar().currentMessage()

    qloop.run_until_complete(scenario())


def test_navigating_away_cancels_the_pending_load(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        sandbox.faults.latency_ms = 400
        slow = win.reload()
        await until(lambda: win.busy.isVisibleTo(win), what="load in flight")
        first_range = win.visible_range()
        win.step(1)
        await until(slow.done, what="old load stopped")
        assert slow.cancelled()
        assert win.load_task is not slow
        sandbox.faults.latency_ms = 0
        result = await win.load_task
        assert result is not None
        assert win.visible_range() != first_range
        assert not win.busy.isVisibleTo(win)

    qloop.run_until_complete(scenario())


def test_failing_platform_shows_in_banner_while_others_load(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 1)
        await create(client, sandbox.brand_id, "twitter", when, "X works")
        await create(client, sandbox.brand_id, "threads", when, "Threads works")
        sandbox.faults.fail_platforms = {"tiktok"}
        win.navigate(when.astimezone(win.tz).date())
        result = await win.load_task
        assert set(result.errors) == {"tiktok"}
        assert win.model.rowCount() == 2
        assert win.banner.isVisible() and "TikTok" in win.banner.text.text()
        assert "other platforms are shown" in win.banner.text.text()
        win.banner.close_button.click()
        assert not win.banner_box.isVisible()
        sandbox.faults.fail_platforms = set()

    qloop.run_until_complete(scenario())


def test_offline_shows_state_and_retries(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        url = win.session.client.hosts
        dead = DashClient(sandbox.api_key, api_url="http://127.0.0.1:9", retry=NO_RETRY)
        win.service.client = dead
        await win.reload()
        assert win.sync.offline and win.sync.retry_timer.isActive()
        assert win.sync.state is SyncState.OFFLINE
        assert "Offline" in win.sync_label.text()
        assert win.banner.isVisible() and win.banner.action.text() == "Retry now"
        win.service.client = win.session.client
        win.banner.action.click()
        await until(lambda: not win.sync.offline, what="back online")
        assert win.sync.state is SyncState.IDLE
        assert not win.banner.isVisible()
        await dead.aclose()
        del url

    qloop.run_until_complete(scenario())


def test_delete_asks_then_deletes_and_undo_restores(qloop, window_factory, sandbox, qtbot) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 3)
        pid = await create(client, sandbox.brand_id, "twitter", when, "Delete me")
        key = ("twitter", pid)
        win.navigate(when.astimezone(win.tz).date())
        await win.load_task
        await until(lambda: win.month_view.chip_rect(key))
        win.month_view.select(key)
        task = win.on_delete_requested(key)
        box = await until(lambda: win.findChild(QMessageBox, "confirmBox"), what="confirm box")
        delete_button = next(b for b in box.buttons() if b.text() == "Delete")
        delete_button.click()
        await task
        assert win.service.get(key) is None
        with pytest.raises(NotFoundError):
            await client.get_post(*key)
        win.undo_action.trigger()
        await win.undo.idle()
        new_key = win.service.resolve(key)  # restored as a new post (the sandbox may reuse the id)
        assert win.service.get(key) is not None
        assert (await client.get_post(*new_key)).timestamp == when
        assert (await client.get_post(*new_key)).body_fields()["tweet_status"] == "Delete me"

    qloop.run_until_complete(scenario())


def test_week_drag_snaps_to_quarter_hours(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 2)
        pid = await create(client, sandbox.brand_id, "facebook", when, "Week drag")
        key = ("facebook", pid)
        win.navigator.anchor = when.astimezone(win.tz).date()
        win.set_view("week")
        await win.load_task
        view = win.week_view
        day = when.astimezone(win.tz).date()
        view.scroll_to_minutes(9 * 60)
        await until(lambda: view.chip_rect(key), what="week chip")
        rect = view.chip_rect(key)
        start = QPoint(rect.left() + 10, rect.top() + 4)
        grab = 4
        dest = view.point_for(day, 11 * 60 + 37)
        drag(view, start, QPoint(dest.x(), dest.y() + grab))
        await until(lambda: win.service.get(key).timestamp != when, what="moved")
        await until(lambda: not win.post_actions.tasks, what="PATCH answered")
        local = win.service.get(key).timestamp.astimezone(win.tz)
        assert local.minute % 15 == 0
        assert (local.hour, local.minute) in ((11, 30), (11, 45))
        assert local.date() == day

    qloop.run_until_complete(scenario())


def test_keyboard_and_menus(qloop, window_factory) -> None:
    async def scenario() -> None:
        win = window_factory()
        for key, view in (("W", "week"), ("L", "list"), ("M", "month")):
            act = {"week": win.view_actions["week"], "list": win.view_actions["list"],
                   "month": win.view_actions["month"]}[view]
            assert act.shortcut().toString() == key
            act.trigger()
            assert win.navigator.view_name == view
        assert win.undo_action.shortcut().toString() == "Ctrl+Z"
        assert win.redo_action.shortcut().toString() == "Ctrl+Shift+Z"
        assert win.new_action.shortcut().toString() == "N"
        assert win.today_action.shortcut().toString() == "T"
        title = win.nav.title.text()
        win.next_action.trigger()
        assert win.nav.title.text() != title
        win.today_action.trigger()
        assert win.nav.title.text() == title
        for widget in (win.nav.today, win.nav.new_post, win.filters.search, win.month_view, win.week_view,
                       win.list_view, *win.filters.platform_buttons.values()):
            assert widget.accessibleName()
        await win.load_task

    qloop.run_until_complete(scenario())


def test_double_click_empty_day_opens_composer_or_placeholder(qloop, window_factory) -> None:
    async def scenario() -> None:
        win = window_factory()
        opened = []
        win.post_actions.open_composer = lambda post=None, when=None: opened.append((post, when))  # type: ignore[method-assign]
        view = win.month_view
        cells = view.cells()
        cell = cells[-1]
        QTest.mouseDClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, cell.rect.center())
        assert opened and opened[0][0] is None
        assert opened[0][1].astimezone(win.tz).date() == cell.day

    qloop.run_until_complete(scenario())


def test_cache_shows_posts_before_the_api_answers(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory(cache=True)
        client = win.session.client
        when = target_day(win, 1)
        await create(client, sandbox.brand_id, "threads", when, "Cached")
        win.navigate(when.astimezone(win.tz).date())
        await win.load_task
        await win.aclose()
        second = window_factory(cache=True)
        sandbox.faults.latency_ms = 300
        second.navigate(when.astimezone(second.tz).date())
        await until(lambda: second.model.rowCount() == 1, what="cached rows")
        assert not second.load_task.done()  # shown before the API answered
        await second.load_task
        assert second.sync.last_synced is not None

    qloop.run_until_complete(scenario())


def test_placeholder_says_the_composer_is_missing(qloop, window_factory, monkeypatch) -> None:
    import sys

    from dashdesk.ui.dialogs import MissingComposerDialog

    async def scenario() -> None:
        win = window_factory()
        monkeypatch.setitem(sys.modules, "dashdesk.ui.composer", None)  # import fails
        dlg = win.open_composer(post=None, when=datetime.now(UTC) + timedelta(days=1))
        assert isinstance(dlg, MissingComposerDialog)
        assert dlg.isVisible()
        assert "composer is missing" in dlg.findChild(QLabel).text()
        dlg.reject()

    from PySide6.QtWidgets import QLabel

    qloop.run_until_complete(scenario())


def test_open_composer_uses_the_composer_dialog(qloop, window_factory) -> None:
    composer = pytest.importorskip("dashdesk.ui.composer")

    async def scenario() -> None:
        win = window_factory()
        when = datetime.now(UTC) + timedelta(days=2)
        dlg = win.open_composer(post=None, when=when)
        assert isinstance(dlg, composer.ComposerDialog)
        assert dlg.isVisible()
        dlg.reject()
        await until(lambda: not dlg.isVisible(), what="composer closed")

    qloop.run_until_complete(scenario())


def test_double_click_a_post_opens_it_in_the_composer(qloop, window_factory, sandbox) -> None:
    composer = pytest.importorskip("dashdesk.ui.composer")

    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 2)
        pid = await create(client, sandbox.brand_id, "threads", when, "Open me")
        key = ("threads", pid)
        win.navigate(when.astimezone(win.tz).date())
        await win.load_task
        center = await until(lambda: win.month_view.chip_rect(key), what="chip")
        QTest.mouseDClick(win.month_view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                          center.center())
        dlg = await until(lambda: win._composer, what="composer")
        assert isinstance(dlg, composer.ComposerDialog) and dlg.isVisible()
        dlg.reject()

    qloop.run_until_complete(scenario())


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")
def test_more_opens_a_popup_with_the_whole_day(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 2)
        for i in range(9):
            await create(client, sandbox.brand_id, "bluesky", when + timedelta(minutes=15 * i), f"Post {i}")
        day = when.astimezone(win.tz).date()
        win.navigate(day)
        await win.load_task
        cell = await until(lambda: (c := win.month_view.cell_of(day)) and c.more and c, what="+N more")
        QTest.mouseClick(win.month_view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         cell.more[0].center())
        popup = await until(lambda: getattr(win, "_day_popup", None), what="day popup")
        assert popup.isVisible()
        from dashdesk.ui.calendar.list_view import ListView

        day_list = popup.findChild(ListView)
        assert day_list.visible_posts_count() == 9
        popup.close()

    qloop.run_until_complete(scenario())


def test_api_refusal_rolls_back_with_the_apis_words(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = target_day(win, 2)
        pid = await create(client, sandbox.brand_id, "linkedin", when, "Refused")
        key = ("linkedin", pid)
        win.navigate(when.astimezone(win.tz).date())
        await win.load_task
        sandbox.faults.next_statuses = [400]  # the next request (the PATCH) is refused
        await win.on_move_requested(key, when + timedelta(days=1))
        assert win.service.get(key).timestamp == when
        assert (await client.get_post(*key)).timestamp == when
        text = win.banner.text.text()
        assert win.banner.isVisible() and "Couldn't reschedule the LinkedIn post" in text
        assert "back at" in text
        assert not win.undo_action.isEnabled()

    qloop.run_until_complete(scenario())
