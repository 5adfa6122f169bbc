"""Repeating posts against the sandbox: the composer starts a series; one occurrence skipped, one
edited alone, the rest edited from one occurrence onward; deleted on Dash stays deleted; top-up."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime, timedelta

from composer_helpers import NOW, sandbox_client

from dashdesk.planning.series import CREATED, EDITED, GONE, SKIPPED, RepeatRule, SeriesStore
from dashdesk.platforms import PublishMode, parse_timestamp
from dashdesk.services.series import SeriesService
from dashdesk.ui.composer import ComposerDialog

FIRST = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


async def _posts(client, brand_id: int) -> dict[datetime, str]:
    posts = await client.list_posts("twitter", brand_id, None, None)
    out = {}
    for p in posts:
        data = p.model_dump(mode="json")
        out[parse_timestamp(data["timestamp"])] = str(data.get("tweet_status"))
    return out


def test_series_with_one_skipped_and_one_edited_occurrence(qtbot, run, frozen, writer, data_dir) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            dialog = ComposerDialog(client, frozen.brand_id, "UTC", platforms=["twitter"], when=FIRST,
                                    autosave=writer, clock=lambda: NOW)
            qtbot.addWidget(dialog)
            dialog.editor.insertPlainText("Weekly tip")
            assert dialog.state.mode is PublishMode.SCHEDULE and not dialog.repeat_picker.isHidden()
            dialog.repeat_picker.enabled.setChecked(True)
            dialog.repeat_picker.count.setValue(5)
            assert dialog.save_button.isEnabled(), dialog.blocking
            dialog.save()
            await dialog.save_task
            assert dialog.result() == ComposerDialog.DialogCode.Accepted
            await dialog.repeat.task
            (series,) = dialog.repeat.started
            weeks = [FIRST + timedelta(weeks=i) for i in range(5)]
            assert sorted(await _posts(client, frozen.brand_id)) == weeks
            if os.name == "posix":
                assert stat.S_IMODE((data_dir / "series.sqlite3").stat().st_mode) == 0o600

            store = SeriesStore()
            service = SeriesService(client, frozen.brand_id, store, clock=lambda: NOW)
            await service.skip(series.id, 1)
            await service.edit_one(series.id, 2, {"tweet_status": "Weekly tip (special edition)"})
            new = await service.edit_from(series.id, 3, {"tweet_status": "Weekly tip, new look"})
            posts = await _posts(client, frozen.brand_id)
            assert posts == {weeks[0]: "Weekly tip", weeks[2]: "Weekly tip (special edition)",
                             weeks[3]: "Weekly tip, new look", weeks[4]: "Weekly tip, new look"}
            old = store.occurrences(series.id)
            assert {n: o.state for n, o in old.items()} == {0: CREATED, 1: SKIPPED, 2: EDITED}
            assert {n: o.state for n, o in store.occurrences(new.id).items()} == {3: CREATED, 4: CREATED}

            # deleted on Dash: not created again by a top-up; the skipped one neither
            gone = store.occurrences(new.id)[4].post_id
            await client.delete_post("twitter", gone)
            assert await service.top_up() == 0
            assert store.occurrences(new.id)[4].state == GONE
            assert sorted(await _posts(client, frozen.brand_id)) == [weeks[0], weeks[2], weeks[3]]
            store.close()

    run(scenario())


def test_top_up_reaches_the_horizon_as_time_passes(run, frozen, data_dir) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            now = [NOW]
            store = SeriesStore()
            service = SeriesService(client, frozen.brand_id, store, clock=lambda: now[0])
            rule = RepeatRule(2, "week", FIRST, "Europe/Paris", until=date(2026, 7, 1))
            series = await service.start("twitter", rule, {"brand_id": frozen.brand_id, "status": "SCHEDULED",
                                                           "tweet_status": "Fortnightly"})
            created = sorted(await _posts(client, frozen.brand_id))
            assert all(t <= NOW + timedelta(weeks=8) for t in created) and len(created) == 4
            assert [t.astimezone(rule_zone()).hour for t in created] == [16, 16, 16, 16]  # Paris wall time kept
            assert [t.hour for t in created] == [15, 15, 14, 14]  # across the change to summer time
            assert await service.top_up() == 0
            now[0] = NOW + timedelta(weeks=6)
            frozen.clock.freeze(now[0])
            assert await service.top_up() == 3
            times = sorted(await _posts(client, frozen.brand_id))
            assert len(times) == 7 and times[-1] <= now[0] + timedelta(weeks=8)
            assert {o.state for o in store.occurrences(series.id).values()} == {CREATED}
            store.close()

    run(scenario())


def rule_zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Europe/Paris")


def test_composer_skips_one_and_edits_from_one_onward(qtbot, run, frozen, writer, data_dir) -> None:
    """The same through the composer: a post of a repeat says so, skips, and saves changes onward."""
    from PySide6.QtCore import Qt

    from dashdesk.services.post import Post

    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            store = SeriesStore()
            service = SeriesService(client, frozen.brand_id, store, clock=lambda: NOW)
            rule = RepeatRule(1, "week", FIRST, "UTC", count=4)
            series = await service.start("twitter", rule, {"brand_id": frozen.brand_id, "status": "SCHEDULED",
                                                           "tweet_status": "Weekly tip"})
            ids = {n: o.post_id for n, o in store.occurrences(series.id).items()}
            weeks = [FIRST + timedelta(weeks=i) for i in range(4)]

            async def open_post(n: int) -> ComposerDialog:
                post = Post.from_api(await client.get_post("twitter", ids[n]), "twitter")
                dialog = ComposerDialog(client, frozen.brand_id, "UTC", post=post, autosave=writer,
                                        clock=lambda: NOW)
                qtbot.addWidget(dialog)
                return dialog

            skip = await open_post(1)
            assert not skip.occurrence_bar.isHidden() and skip.repeat_picker.isHidden()
            assert skip.occurrence_bar.label.text() == "Repeats every week, 4 times · post 2 of 4."
            qtbot.mouseClick(skip.occurrence_bar.skip_button, Qt.MouseButton.LeftButton)
            await skip.repeat.task
            assert skip.result() == ComposerDialog.DialogCode.Rejected  # closed
            assert sorted(await _posts(client, frozen.brand_id)) == [weeks[0], weeks[2], weeks[3]]

            edit = await open_post(2)
            edit.editor.selectAll()
            edit.editor.insertPlainText("Weekly tip, new look")
            edit.occurrence_bar.scope.setCurrentIndex(1)  # this and the following posts
            edit.save()
            await edit.save_task
            await edit.repeat.task
            assert await _posts(client, frozen.brand_id) == {
                weeks[0]: "Weekly tip", weeks[2]: "Weekly tip, new look", weeks[3]: "Weekly tip, new look"}
            assert store.occurrences(series.id)[1].state == SKIPPED
            assert sorted(store.occurrences(series.id)) == [0, 1]  # the rest belongs to the new series now
            assert await service.top_up() == 0  # nothing comes back
            store.close()

    run(scenario())
