"""The post lifecycle in the main window, against the sandbox and its clock.

A publish-now post is visible at once and shows POSTED or FAILED without a manual refresh; the
details dialog explains it; Retry and Duplicate make exactly one post each; Fix and reschedule
PATCHes only what changed; a tray notification is raised once per outcome.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from uihelpers import until

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.services.session import Session
from dashdesk.store import PostsCache
from dashdesk.ui.lifecycle import LifecycleController, install
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.post_details import PostDetailsDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class FakeTray(QSystemTrayIcon):
    """A tray that records its messages (the offscreen platform has none)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title, text, icon=None, msecs=10000) -> None:  # type: ignore[override]
        self.messages.append((title, text))


class Recording(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[tuple[str, dict[str, Any]]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method in ("POST", "PATCH") and "scheduled_posts" in request.url.path:
            self.writes.append((request.method, json.loads(request.content or b"{}")))
        return await super().handle_async_request(request)


@pytest.fixture
def lifecycle_window(qloop, qtbot, sandbox, settings, data_dir):
    made: list[tuple[MainWindow, Session]] = []

    def make() -> tuple[MainWindow, LifecycleController, FakeTray, Recording]:
        transport = Recording()
        client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY, transport=transport)
        session = Session(client, sandbox.brand_id, "Test brand")
        win = MainWindow(session, settings, cache=PostsCache(data_dir / "posts.db"), clock=sandbox.clock.now)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        made.append((win, session))
        win.install_extensions()  # as after the first paint: the lifecycle module installs itself
        controller = win.lifecycle
        assert isinstance(controller, LifecycleController) and install(win) is controller
        tray = FakeTray()
        controller.notifier.use_tray(tray)
        return win, controller, tray, transport

    yield make
    for win, session in made:
        qloop.run_until_complete(win.aclose())
        qloop.run_until_complete(session.aclose())


def test_publish_now_post_shows_at_once_then_posted_without_a_refresh(run, lifecycle_window, sandbox) -> None:
    async def scenario() -> None:
        win, controller, tray, _ = lifecycle_window()
        post = await win.service.create("twitter", {"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                    "tweet_status": "Doors are open"})
        await until(lambda: win.month_view.chip_rect(post.key) is not None, what="the chip where it was sent")
        row = win.model.row_of(post.key)
        assert win.model.index(row, 0).data().startswith("Sent at once")
        loads = len(win.sync.load_tasks)
        sandbox.clock.advance(10)
        controller.tracker.wake()
        await until(lambda: win.service.get(post.key).status == "POSTED", what="posted")
        assert win.model.post_at(win.model.row_of(post.key)).live_post_url
        assert len(win.sync.load_tasks) == loads  # no reload: the tracker updated the post in place
        await until(lambda: tray.messages, what="a notification")
        assert tray.messages == [("Posted on X", "“Doors are open” is live.")]
        # Clicking it opens the post, read-only, with its link.
        tray.messageClicked.emit()
        dialog = controller.details
        assert isinstance(dialog, PostDetailsDialog) and dialog.open_live.isVisible() and not dialog.fix.isVisible()
        dialog.close()

    run(scenario())


def test_failed_post_explains_and_retry_duplicate_make_one_post_each(run, lifecycle_window, sandbox,
                                                                      qtbot) -> None:
    async def scenario() -> None:
        win, controller, tray, transport = lifecycle_window()
        sandbox.faults.publish_fail_platforms = {"linkedin"}
        post = await win.service.create("linkedin", {"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                     "text": "Hiring: community manager"})
        sandbox.clock.advance(10)
        controller.tracker.wake()
        await until(lambda: win.service.get(post.key).status == "FAILED", what="failed")
        await until(lambda: tray.messages, what="a notification")
        assert tray.messages[0][0] == "LinkedIn didn't publish a post"
        assert controller.attention.count == 1 and controller.attention.isVisible()
        # Needs attention: one list of those posts, whatever month was shown; then back.
        anchor = win.navigator.anchor
        win.navigate(anchor.replace(day=1).replace(year=anchor.year + 1))
        controller.attention_action.trigger()
        assert controller.attention.isChecked() and win.navigator.view_name == "list"
        assert win.list_view.visible_posts_count() == 1 and win.nav.title.text() == "Needs attention"
        controller.attention.setChecked(False)
        assert win.navigator.view_name == "month" and not controller.attention_action.isChecked()
        sandbox.faults.publish_fail_platforms = set()
        # Opening it (as a double-click does) shows the reason at the top, with its actions.
        win.open_post(post.key)
        dialog = controller.details
        assert isinstance(dialog, PostDetailsDialog) and win.post_actions.composer is None
        assert "refused" in dialog.banner.body.text()
        before = sandbox.state.store.count_posts()
        transport.writes.clear()
        dialog.retry.click()
        dialog.retry.click()  # a second click while sending does nothing
        await until(lambda: sandbox.state.store.count_posts() == before + 1 and not dialog.retry.text().endswith("…"),
                    what="the retry")
        assert [m for m, _ in transport.writes] == ["POST"]
        assert "new post" in dialog.banner.body.text()
        transport.writes.clear()
        composer = controller.duplicate(post.key)
        assert composer is not None and not transport.writes  # nothing is sent until the person saves
        assert composer.state.text == "Hiring: community manager" and composer.state.edit is None
        composer.close()
        # Only one notification per outcome, however often the tracker polls.
        await controller.tracker.poll(force=True)
        assert len([m for m in tray.messages if "didn't publish" in m[0]]) == 1

    run(scenario())


def test_the_notification_setting_turns_them_off(run, lifecycle_window, sandbox, settings) -> None:
    async def scenario() -> None:
        settings.notify_outcomes = False
        win, controller, tray, _ = lifecycle_window()
        post = await win.service.create("twitter", {"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                    "tweet_status": "Quiet"})
        sandbox.clock.advance(10)
        controller.tracker.wake()
        await until(lambda: win.service.get(post.key).status == "POSTED", what="posted")
        assert tray.messages == []

    run(scenario())


def test_undated_drafts_fill_the_no_date_panel(run, lifecycle_window, sandbox) -> None:
    async def scenario() -> None:
        client = DashClient(sandbox.api_key, api_url=sandbox.url)
        draft = await client.create_post("bluesky", {"brand_id": sandbox.brand_id, "status": "DRAFT",
                                                      "text": "An idea for later"})
        await client.aclose()
        _, controller, _, _ = lifecycle_window()
        await until(lambda: controller.no_date.list.listed_keys() == [("bluesky", draft.id)], what="the draft")
        await until(lambda: controller.dock.isVisible(), what="the panel shown")
        assert controller.no_date.heading.text() == "1 draft without a date"

    run(scenario())


def test_fix_and_reschedule_focuses_the_field_and_patches_only_what_changed(run, lifecycle_window, sandbox) -> None:
    async def scenario() -> None:
        from datetime import timedelta

        win, controller, _, transport = lifecycle_window()
        post = await win.service.create("threads", {"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                    "text": "Far too long for Threads. " * 30})
        sandbox.clock.advance(10)
        controller.tracker.wake()
        await until(lambda: win.service.get(post.key).status == "FAILED", what="failed")
        win.open_post(post.key)
        with_reason = controller.details
        with_reason.fix.click()  # the reason names the text: the composer opens with it focused
        composer = win.post_actions.composer
        assert composer is not None and controller.focused is not None
        assert controller.focused.toPlainText().startswith("Far too long")  # the text editor, focused
        assert composer.state.edit is not None and composer.state.edit.post_id == post.id
        composer.editor.setPlainText("Short and sweet")
        when = sandbox.clock.now().replace(second=0, microsecond=0) + timedelta(hours=3)
        composer.set_time(when)
        transport.writes.clear()
        composer.save()
        await composer.save_task
        assert transport.writes == [("PATCH", {"text": "Short and sweet", "timestamp": when.strftime(
            "%Y-%m-%dT%H:%M:%SZ"), "status": "SCHEDULED"})]
        fixed = win.service.get(post.key)
        assert fixed.status == "SCHEDULED" and fixed.auto_publish_error is None and fixed.timestamp == when

    run(scenario())


def test_dragging_an_undated_draft_onto_the_calendar_gives_it_a_time(run, lifecycle_window, sandbox) -> None:
    async def scenario() -> None:
        from datetime import timedelta

        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtGui import QDragEnterEvent, QDropEvent

        from dashdesk.ui.calendar.no_date import key_to_mime

        win, controller, _, transport = lifecycle_window()
        draft = await win.service.create("bluesky", {"brand_id": sandbox.brand_id, "status": "DRAFT",
                                                     "text": "Give me a date"})
        await until(lambda: controller.no_date.list.listed_keys() == [draft.key], what="listed")
        view = win.month_view
        day = (win.clock() + timedelta(days=2)).astimezone(win.tz).date()
        win.navigate(day)
        await until(lambda: view.cell_of(day) is not None, what="the day shown")
        point = QPointF(view.cell_of(day).rect.center())
        data = key_to_mime(draft.key)
        enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        view.dragEnterEvent(enter)
        assert enter.isAccepted()
        transport.writes.clear()
        view.dropEvent(QDropEvent(point, Qt.DropAction.MoveAction, data, Qt.MouseButton.LeftButton,
                                  Qt.KeyboardModifier.NoModifier))
        await until(lambda: win.service.get(draft.key).timestamp is not None and not win.service._pending,
                    what="the new time")
        dated = win.service.get(draft.key)
        assert dated.status == "DRAFT" and dated.timestamp.astimezone(win.tz).date() == day
        assert [(m, set(b)) for m, b in transport.writes] == [("PATCH", {"timestamp"})]
        await until(lambda: controller.no_date.list.listed_keys() == [], what="left the No date list")
        assert view.chip_rect(draft.key) is not None

    run(scenario())
