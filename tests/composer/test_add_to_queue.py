"""Add to queue in the composer, against the sandbox: the chosen times show before saving, posts
made elsewhere keep their slots, Ctrl+Enter queues, a platform without times blocks saving."""

from __future__ import annotations

from datetime import UTC, datetime

from composer_helpers import NOW, sandbox_client
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from dashdesk.planning.schedule import PostingSchedule, make_entry
from dashdesk.platforms import PublishMode, parse_timestamp
from dashdesk.ui.composer import ComposerDialog


def _schedule() -> None:
    schedule = PostingSchedule()
    schedule.set(None, "twitter", make_entry("daily 09:00,17:00", "UTC"))
    schedule.set(None, "bluesky", make_entry("mon-fri 10:00", "UTC"))
    schedule.save()


async def _times(client, brand_id: int, platform: str) -> list[datetime]:
    posts = await client.list_posts(platform, brand_id, None, None)
    return sorted(parse_timestamp(p.timestamp) for p in posts if p.timestamp)


def test_add_to_queue_shows_times_then_saves_there(qtbot, run, frozen, writer) -> None:
    _schedule()

    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            # Made elsewhere (on Dash directly): X's Sunday 17:00 slot is taken.
            await client.create_post("twitter", {"brand_id": frozen.brand_id, "status": "SCHEDULED",
                                                 "timestamp": "2026-03-01T17:00:00Z", "tweet_status": "web post"})
            dialog = ComposerDialog(client, frozen.brand_id, "UTC", platforms=["twitter", "bluesky"],
                                    autosave=writer, clock=lambda: NOW)
            qtbot.addWidget(dialog)
            dialog.editor.insertPlainText("Queued from DashDesk")
            assert dialog.when_part.queue_label.isHidden()
            qtbot.mouseClick(dialog.mode_buttons[PublishMode.QUEUE], Qt.MouseButton.LeftButton)
            assert dialog.state.mode is PublishMode.QUEUE
            assert "Finding the next free posting times" in " ".join(dialog.blocking)
            assert not dialog.save_button.isEnabled()
            await dialog.queue.task
            label = dialog.when_part.queue_label.text()
            assert not dialog.when_part.queue_label.isHidden() and dialog.time_edit.isHidden()
            assert "X Mon 2 Mar 09:00" in label and "Bluesky Mon 2 Mar 10:00" in label, label
            assert dialog.save_button.text() == "Add to queue" and dialog.save_button.isEnabled(), dialog.blocking
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            assert dialog.result() == ComposerDialog.DialogCode.Accepted
            assert await _times(client, frozen.brand_id, "twitter") == [
                datetime(2026, 3, 1, 17, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)]
            assert await _times(client, frozen.brand_id, "bluesky") == [datetime(2026, 3, 2, 10, tzinfo=UTC)]
            posts = await client.list_posts("twitter", frozen.brand_id, None, None)
            assert {p.status for p in posts} == {"SCHEDULED"}

            # Ctrl+Enter from Schedule mode: queued at the next free time (09:00 is now taken too).
            second = ComposerDialog(client, frozen.brand_id, "UTC", platforms=["twitter"], autosave=writer,
                                    clock=lambda: NOW)
            qtbot.addWidget(second)
            second.editor.insertPlainText("Second one")
            assert second.state.mode is PublishMode.SCHEDULE
            shortcut = next(s for s in second.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+Return"))
            shortcut.activated.emit()  # as Ctrl+Enter does in an active window
            assert second.state.mode is PublishMode.QUEUE
            await second.queue.task
            assert second.save_task is not None
            await second.save_task
            assert second.result() == ComposerDialog.DialogCode.Accepted
            assert datetime(2026, 3, 2, 17, tzinfo=UTC) in await _times(client, frozen.brand_id, "twitter")

    run(scenario())


def test_platform_without_posting_times_blocks_with_a_plain_message(qtbot, run, frozen, writer) -> None:
    _schedule()

    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            dialog = ComposerDialog(client, frozen.brand_id, "UTC", platforms=["twitter", "linkedin"],
                                    autosave=writer, clock=lambda: NOW)
            qtbot.addWidget(dialog)
            dialog.editor.insertPlainText("Hello")
            dialog.mode_buttons[PublishMode.QUEUE].click()
            await dialog.queue.task
            assert not dialog.save_button.isEnabled()
            assert any("LinkedIn has no posting times yet" in b for b in dialog.blocking)
            # Choosing Schedule again: the picked time counts, the queue's problem is gone.
            dialog.mode_buttons[PublishMode.SCHEDULE].click()
            assert not any("posting times" in b for b in dialog.blocking)

    run(scenario())
