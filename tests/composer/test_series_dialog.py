"""The "Repeating posts" window against the sandbox: the list, open the next post, stop keeping or
deleting the planned posts (published ones stay), and no top-up after a stop."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from composer_helpers import NOW, sandbox_client
from PySide6.QtWidgets import QMessageBox

from dashdesk.planning.series import RepeatRule, SeriesStore
from dashdesk.platforms import parse_timestamp
from dashdesk.services.post import PostKey
from dashdesk.services.posts import PostService
from dashdesk.services.series import SeriesService
from dashdesk.ui.planning.series_dialog import EMPTY, SeriesDialog

FIRST = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


async def _times(client, brand_id: int) -> list[datetime]:
    posts = await client.list_posts("twitter", brand_id, None, None)
    return sorted(parse_timestamp(p.model_dump(mode="json")["timestamp"]) for p in posts)


async def _start(client, brand_id: int, count: int) -> str:
    store = SeriesStore()
    service = SeriesService(client, brand_id, store, clock=lambda: NOW)
    series = await service.start("twitter", RepeatRule(1, "week", FIRST, "UTC", count=count),
                                 {"brand_id": brand_id, "status": "SCHEDULED", "tweet_status": "Weekly tip"})
    store.close()
    return series.id


def test_the_list_says_what_each_repeat_does_and_opens_its_next_post(qtbot, run, frozen, data_dir) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            posts = PostService(client, frozen.brand_id, clock=lambda: NOW)
            dialog = SeriesDialog(posts, ZoneInfo("Europe/Paris"))
            qtbot.addWidget(dialog)
            await dialog.reload()
            assert dialog.tree.topLevelItemCount() == 0 and dialog.status.text() == EMPTY
            assert not dialog.open_button.isEnabled() and not dialog.stop_button.isEnabled()

            await _start(client, frozen.brand_id, 4)
            await dialog.reload()
            item = dialog.tree.topLevelItem(0)
            assert [item.text(i) for i in range(5)] == ["X", "Weekly tip", "Every week, 4 times",
                                                        "Tue 3 Mar 2026 16:00", "4"]
            opened: list[PostKey] = []
            dialog.openRequested.connect(opened.append)
            dialog.open_next()
            first_id = dialog.summaries[0].next_post_id
            assert opened == [("twitter", first_id)]

    run(scenario())


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's notice for the question box
def test_stop_and_delete_removes_only_the_planned_posts_and_nothing_comes_back(qtbot, run, frozen,
                                                                                data_dir) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            series_id = await _start(client, frozen.brand_id, 6)
            later = NOW + timedelta(weeks=2)  # two of the six went out meanwhile
            frozen.clock.freeze(later)
            posts = PostService(client, frozen.brand_id, clock=lambda: later)
            await posts.load(NOW, NOW + timedelta(weeks=12), ["twitter"])
            dialog = SeriesDialog(posts, ZoneInfo("UTC"))
            qtbot.addWidget(dialog)
            await dialog.reload()
            assert dialog.current().upcoming == 4
            box = dialog.ask_stop()
            delete = next(b for b in box.buttons() if b.text() == "Stop and delete 4 planned posts")
            assert box.buttonRole(delete) == QMessageBox.ButtonRole.DestructiveRole
            delete.click()
            await dialog.task
            assert await _times(client, frozen.brand_id) == [FIRST, FIRST + timedelta(weeks=1)]
            assert len(posts.posts) == 2  # the calendar's posts follow at once
            assert dialog.tree.topLevelItem(0).text(3) == "Ended" and not dialog.stop_button.isEnabled()
            assert "4 planned posts deleted" in dialog.status.text()

            store = SeriesStore()  # a later top-up creates nothing for the stopped repeat
            service = SeriesService(client, frozen.brand_id, store, clock=lambda: later + timedelta(weeks=8))
            assert await service.top_up() == 0
            assert store.get(series_id) is not None
            store.close()

    run(scenario())


def test_stop_keeping_the_planned_posts(qtbot, run, frozen, data_dir) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            await _start(client, frozen.brand_id, 20)  # eight weeks made now, twelve to come later
            posts = PostService(client, frozen.brand_id, clock=lambda: NOW)
            dialog = SeriesDialog(posts, ZoneInfo("UTC"))
            qtbot.addWidget(dialog)
            await dialog.reload()
            made = dialog.current().upcoming
            assert 0 < made < 20
            await dialog.stop(dialog.current().series.id, delete_upcoming=False)
            assert len(await _times(client, frozen.brand_id)) == made
            assert "planned posts stay" in dialog.status.text()
            store = SeriesStore()
            service = SeriesService(client, frozen.brand_id, store, clock=lambda: NOW + timedelta(weeks=10))
            assert await service.top_up() == 0
            store.close()

    run(scenario())
