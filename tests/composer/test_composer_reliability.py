"""The composer offline and in a conflict: honest words on the tab, the outbox, and both versions shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from composer_helpers import NOW, sandbox_client
from outbox_helpers import Unplug
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from dashdesk.api import DashClient, Hosts, RetryPolicy
from dashdesk.platforms.statuses import WAITING_TO_SEND
from dashdesk.services.compose import ComposeService, Outcome
from dashdesk.services.outbox import OutboxService
from dashdesk.services.posts import PostService
from dashdesk.store.outbox import OutboxStore
from dashdesk.ui.composer import ComposerDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

WHEN = NOW.replace(day=10, hour=15)


def _offline_client(sandbox, cable: Unplug) -> DashClient:
    async def no_sleep(_s: float) -> None:
        return None

    return DashClient(
        sandbox.api_key,
        hosts=Hosts.single(sandbox.url),
        transport=cable,
        sleep=no_sleep,
        retry=RetryPolicy(max_attempts=2),
    )


def test_offline_the_tab_never_says_ready_above_the_failure(qtbot, run, frozen, writer) -> None:
    async def scenario() -> None:
        cable = Unplug()
        cable.offline = True
        async with _offline_client(frozen, cable) as client:
            dialog = ComposerDialog(
                client, frozen.brand_id, "UTC", platforms=["linkedin"], when=WHEN, autosave=writer, clock=lambda: NOW
            )
            qtbot.addWidget(dialog)
            dialog.editor.insertPlainText("Written offline")
            assert dialog.tab("linkedin").summary.text() == "Ready for LinkedIn."
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            tab = dialog.tab("linkedin")
            assert dialog.results["linkedin"].outcome is Outcome.FAILED
            assert "could not reach Dash" in tab.result.messages[0]
            assert "Ready" not in tab.summary.text() and "Not sent to LinkedIn yet" in tab.summary.text()
            assert dialog.editor.toPlainText() == "Written offline"  # nothing typed is lost
            cable.offline = False
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            assert dialog.results["linkedin"].ok

    run(scenario())


def test_offline_with_the_outbox_the_post_waits_and_the_composer_closes(
    qtbot, run, frozen, writer, tmp_path: Path
) -> None:
    async def scenario() -> None:
        cable = Unplug()
        cable.offline = True
        async with _offline_client(frozen, cable) as client:
            posts = PostService(client, frozen.brand_id, clock=lambda: NOW)
            store = OutboxStore(tmp_path / "outbox.sqlite3")
            outbox = OutboxService(
                store, ComposeService(client, frozen.brand_id, clock=lambda: NOW), "o", posts=posts, clock=lambda: NOW
            )
            dialog = ComposerDialog(
                client,
                frozen.brand_id,
                "UTC",
                platforms=["linkedin", "threads"],
                when=WHEN,
                autosave=writer,
                clock=lambda: NOW,
                service=posts,
                outbox=outbox,
            )
            qtbot.addWidget(dialog)
            dialog.editor.insertPlainText("Kept for later")
            saved = []
            dialog.saved.connect(saved.append)
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            assert {r.outcome for r in dialog.results.values()} == {Outcome.KEPT}
            assert "LinkedIn: waiting to send" in dialog.results_label.text() or saved
            assert saved and dialog.result() == ComposerDialog.DialogCode.Accepted
            assert sorted(p.platform for p in posts.posts.values() if p.status == WAITING_TO_SEND) == [
                "linkedin",
                "threads",
            ]
            assert all(p < 0 for p in dialog.state.saved.values())  # the composer will never create them
            cable.offline = False
            report = await outbox.flush()
            assert sorted(r.platform for r in report.sent) == ["linkedin", "threads"]
            assert all(p.status != WAITING_TO_SEND for p in posts.posts.values())
            store.close()

    run(scenario())


def test_an_edit_meets_a_colleagues_change_and_keep_mine_saves_against_it(qtbot, run, frozen, writer) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            post = await client.create_post(
                "threads",
                {
                    "brand_id": frozen.brand_id,
                    "status": "SCHEDULED",
                    "auto_publish": True,
                    "text": "Opened words",
                    "timestamp": "2026-03-10T15:00:00Z",
                },
            )
            dialog = ComposerDialog(
                client, frozen.brand_id, "Europe/Paris", post=post, autosave=writer, clock=lambda: NOW
            )
            qtbot.addWidget(dialog)
            dialog.editor.selectAll()
            dialog.editor.insertPlainText("My edit")
            await client.update_post("threads", post.id, {"text": "Their edit", "timestamp": "2026-03-11T15:00:00Z"})
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            result = dialog.results["threads"]
            assert result.conflict is not None and not result.ok
            assert (await client.get_post("threads", post.id)).body_fields()["text"] == "Their edit"
            ask = dialog.progress.conflict_dialog
            assert ask is not None and ask.isVisible()
            rows = {d.label: (d.mine, d.theirs) for d in ask.differences}
            assert rows["Text"] == ("My edit", "Their edit")
            assert rows["Time"] == ("Tue 10 Mar 2026, 16:00", "Wed 11 Mar 2026, 16:00")  # in the composer's zone
            ask.keep_mine.click()
            await dialog.save_task
            stored = await client.get_post("threads", post.id)
            assert stored.body_fields()["text"] == "My edit"
            assert stored.timestamp.isoformat().startswith("2026-03-10T15:00")  # mine, as I saw it
            assert dialog.results["threads"].ok

    run(scenario())


def test_take_theirs_closes_the_composer_without_sending(qtbot, run, frozen, writer) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            post = await client.create_post(
                "threads",
                {
                    "brand_id": frozen.brand_id,
                    "status": "SCHEDULED",
                    "auto_publish": True,
                    "text": "Opened",
                    "timestamp": "2026-03-10T15:00:00Z",
                },
            )
            window = QWidget()  # the app's window: closing the composer must not end the app
            qtbot.addWidget(window)
            window.show()
            dialog = ComposerDialog(
                client, frozen.brand_id, "UTC", post=post, autosave=writer, clock=lambda: NOW, parent=window
            )
            dialog.open()
            dialog.editor.selectAll()
            dialog.editor.insertPlainText("Mine")
            await client.update_post("threads", post.id, {"text": "Theirs"})
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            dialog.progress.conflict_dialog.take_theirs.click()
            assert not dialog.isVisible()
            assert (await client.get_post("threads", post.id)).body_fields()["text"] == "Theirs"

    run(scenario())


def test_a_lost_answer_found_by_the_lookup_closes_the_composer_with_the_outbox_too(
    qtbot, run, frozen, writer, tmp_path: Path
) -> None:
    """Issue 20.12 from the main window's path (the outbox behind the composer): the post Dash made
    although its answer was lost is found, reported once, and the composer closes like after a save."""

    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            posts = PostService(client, frozen.brand_id, clock=lambda: NOW)
            store = OutboxStore(tmp_path / "outbox.sqlite3")
            outbox = OutboxService(
                store, ComposeService(client, frozen.brand_id, clock=lambda: NOW), "o", posts=posts, clock=lambda: NOW
            )
            dialog = ComposerDialog(
                client,
                frozen.brand_id,
                "UTC",
                platforms=["threads"],
                when=WHEN,
                autosave=writer,
                clock=lambda: NOW,
                service=posts,
                outbox=outbox,
            )
            qtbot.addWidget(dialog)
            saved = []
            dialog.saved.connect(saved.append)
            dialog.editor.insertPlainText("Said once, saved once")
            frozen.faults.next_statuses = ["drop"]
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            await dialog.save_task
            result = dialog.results["threads"]
            assert result.ok and result.found_by_lookup and result.outcome is Outcome.SAVED
            expected = "Threads: saved — the answer was lost, but the post was found on Dash."
            assert dialog.results_label.text() == expected
            assert len(saved) == 1 and dialog.result() == ComposerDialog.DialogCode.Accepted
            assert not outbox.entries  # found on Dash: nothing kept to send again
            assert len(await client.list_posts("threads", frozen.brand_id, None, None)) == 1
            store.close()

    run(scenario())
