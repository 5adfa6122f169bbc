"""The main window against the sandbox: the outbox, edit conflicts on a drag, and Dash pacing requests."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from outbox_helpers import Unplug
from uihelpers import until

from dashdesk.api import DashClient, Hosts, RetryPolicy
from dashdesk.platforms import format_timestamp
from dashdesk.platforms.statuses import WAITING_TO_SEND
from dashdesk.services.compose import Outcome
from dashdesk.services.session import Session
from dashdesk.ui.calendar import layout
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.outbox_controller import install_reliability

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window_factory(qloop, qtbot, sandbox, settings, data_dir):
    made: list[tuple[MainWindow, Session]] = []

    def make(*, cable: Unplug | None = None, retry: RetryPolicy | None = None, pace: bool = True) -> MainWindow:
        client = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), transport=cable, pace=pace,
                            retry=retry or RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02))
        session = Session(client, sandbox.brand_id, "Test brand")
        win = MainWindow(session, settings)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        made.append((win, session))
        return win

    yield make
    for win, session in made:
        qloop.run_until_complete(win.aclose())
        qloop.run_until_complete(session.aclose())


def day_at(win: MainWindow, days: int, hour: int = 10) -> datetime:
    today = win.clock().astimezone(win.tz).date()
    return layout.local_instant(today + timedelta(days=days), hour * 60, win.tz)


async def outbox_open(win: MainWindow):
    install_reliability(win)
    await until(lambda: "outbox" in win.post_actions.composer_args, what="the outbox opened")
    return win.post_actions.composer_args["outbox"]


def test_offline_save_waits_in_the_calendar_and_goes_out_when_dash_is_back(qloop, window_factory, sandbox,
                                                                         qtbot) -> None:
    async def scenario() -> None:
        cable = Unplug()
        win = window_factory(cable=cable)
        outbox = await outbox_open(win)
        outbox.backoff = (60.0, 60.0)  # no timed retry in this test: "Dash is back" wakes it
        when = day_at(win, 3)
        win.navigate(when.astimezone(win.tz).date())
        cable.offline = True
        dialog = win.post_actions.open_composer(when=when)
        dialog.platform_buttons["threads"].click()
        dialog.editor.insertPlainText("Written on a train")
        await until(lambda: dialog.save_button.isEnabled(), what="save enabled")
        dialog.save_button.click()
        await until(lambda: dialog.save_task is not None and dialog.save_task.done(), what="the save")
        assert dialog.results["threads"].outcome is Outcome.KEPT
        await until(lambda: not dialog.isVisible(), what="the composer closed")
        # the calendar shows it as waiting, the banner says what happens next
        [waiting] = [p for p in win.service.posts.values() if p.status == WAITING_TO_SEND]
        assert waiting.text == "Written on a train" and waiting.timestamp == when
        assert win.current_view.chip_rect(waiting.key) is not None
        assert win.banner.isVisible() and "Waiting to send" in win.banner.text.text()
        assert win.outbox_ctl.waiting_label.text() == "1 post waiting to send"
        # Dash is back: the next load wakes the outbox, the post goes out once
        cable.offline = False
        await win.reload()
        await until(lambda: not outbox.entries, what="the outbox emptied")
        assert not win.outbox_ctl.waiting_label.isVisible()
        await until(lambda: all(p.status != WAITING_TO_SEND for p in win.service.posts.values()),
                    what="the waiting chip replaced")
        start = when - timedelta(days=1)
        posts = await win.session.client.list_posts("threads", sandbox.brand_id, start, start + timedelta(days=2))
        assert [p.body_fields()["text"] for p in posts] == ["Written on a train"]
        assert any(p.id == posts[0].id for p in win.service.posts.values())

    qloop.run_until_complete(scenario())


def test_the_outbox_survives_quitting(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        cable = Unplug()
        first = window_factory(cable=cable)
        outbox = await outbox_open(first)
        cable.offline = True
        when = day_at(first, 2)
        from dashdesk.platforms import PublishMode, new_draft

        results = await outbox.compose.create_all({"threads": new_draft(
            "threads", text="Kept over a restart", timestamp=when, mode=PublishMode.SCHEDULE)})
        await outbox.keep_all(results)
        await first.aclose()  # quit

        second = window_factory()  # a new start, Dash reachable
        second.navigate(when.astimezone(second.tz).date())
        again = await outbox_open(second)
        await until(lambda: not again.entries, what="sent after the restart")
        start = when - timedelta(days=1)
        posts = await second.session.client.list_posts("threads", sandbox.brand_id, start, start + timedelta(days=2))
        assert [p.body_fields()["text"] for p in posts] == ["Kept over a restart"]

    qloop.run_until_complete(scenario())


def test_a_drag_onto_a_colleagues_change_asks_and_keep_mine_sends(qloop, window_factory, sandbox, qtbot) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = day_at(win, 3)
        body = {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "auto_publish": True,
                "timestamp": format_timestamp(when), "text": "Our words"}
        post = await client.create_post("threads", body)
        key = ("threads", post.id)
        win.navigate(when.astimezone(win.tz).date())
        await win.reload()
        await client.update_post("threads", post.id, {"text": "A colleague's words"})
        later = when + timedelta(days=1)
        task = win.post_actions.move(key, later)
        await until(lambda: win.post_actions.conflict_dialog is not None
                    and win.post_actions.conflict_dialog.isVisible(), what="the conflict dialog")
        dialog = win.post_actions.conflict_dialog
        assert [d.label for d in dialog.differences] == ["Time", "Text"]
        assert win.service.posts[key].text == "A colleague's words"  # the calendar shows Dash's version
        dialog.keep_mine.click()
        await task
        on_dash = await client.get_post(*key)
        assert on_dash.timestamp == later and on_dash.body_fields()["text"] == "Our words"
        assert "Sent your version" in win.statusBar().currentMessage()

    qloop.run_until_complete(scenario())


def test_take_theirs_sends_nothing(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        win = window_factory()
        client = win.session.client
        when = day_at(win, 4)
        body = {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "auto_publish": True,
                "timestamp": format_timestamp(when), "text": "Ours"}
        post = await client.create_post("threads", body)
        win.navigate(when.astimezone(win.tz).date())
        await win.reload()
        await client.update_post("threads", post.id, {"text": "Theirs"})
        task = win.post_actions.move(("threads", post.id), when + timedelta(hours=2))
        await until(lambda: win.post_actions.conflict_dialog is not None
                    and win.post_actions.conflict_dialog.isVisible(), what="the conflict dialog")
        win.post_actions.conflict_dialog.take_theirs.click()
        await task
        on_dash = await client.get_post("threads", post.id)
        assert on_dash.timestamp == when and on_dash.body_fields()["text"] == "Theirs"
        assert "nothing was sent" in win.statusBar().currentMessage()

    qloop.run_until_complete(scenario())


def test_a_429_storm_shows_the_pacing_banner_and_loads_again_by_itself(qloop, window_factory, sandbox) -> None:
    async def scenario() -> None:
        # (no client-side pacing: it would rightly hold the next load until the programmed 429's reset)
        win = window_factory(retry=RetryPolicy(max_attempts=1, max_rate_limit_retries=0), pace=False)
        install_reliability(win)
        sandbox.faults.next_statuses = [429] * 3
        result = await win.reload()
        assert result.rate_limited_until is not None
        assert win.banner.isVisible() and win.banner.kind == "paced"
        text = win.banner.text.text()
        local = result.rate_limited_until.astimezone(win.tz)
        assert "Dash is pacing requests" in text and f"{local:%H:%M:%S}" in text and "by itself" in text
        assert win.sync.pacing._reload.isActive()  # the load runs again once the reset has passed
        assert win.sync.pacing._reload.remainingTime() <= 61_500
        reloaded = []
        win.sync.loadFinished.connect(reloaded.append)
        win.sync.pacing._reload_now()  # (the reset, without waiting for it)
        await until(lambda: reloaded, what="the reload")
        assert not reloaded[0].errors and not win.banner.isVisible()

    qloop.run_until_complete(scenario())
