"""Saving through the dialog: a failed platform keeps its tab and retries alone; edits PATCH only changes;
a lost answer is looked up; closing with unsaved work asks first."""

from __future__ import annotations

import pytest
from composer_helpers import NOW, Recording, sandbox_client, upload
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dashdesk.platforms import MediaKind, PublishMode
from dashdesk.services.compose import Outcome
from dashdesk.ui.composer import ComposerDialog

WHEN = NOW.replace(day=10, hour=15)


def _click_save(qtbot, dialog: ComposerDialog) -> None:
    assert dialog.save_button.isEnabled(), dialog.blocking
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_failed_platform_keeps_its_tab_and_retry_sends_only_it(qtbot, run, frozen, writer, sample_files) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            photo = await upload(client, frozen.brand_id, sample_files, MediaKind.IMAGE)
            rec = Recording(client)
            dialog = ComposerDialog(rec, frozen.brand_id, "UTC", platforms=["instagram", "linkedin", "bluesky"],
                                    when=WHEN, autosave=writer, clock=lambda: NOW)
            qtbot.addWidget(dialog)
            dialog.editor.insertPlainText("Spring is here")
            dialog.media.add_items([photo])
            saved = []
            dialog.saved.connect(saved.append)
            frozen.faults.fail_platforms = {"linkedin"}
            _click_save(qtbot, dialog)
            await dialog.save_task
            assert sorted(p for p, _ in rec.creates) == ["bluesky", "instagram", "linkedin"]
            assert dialog.results["linkedin"].outcome is Outcome.FAILED
            assert dialog.isVisibleTo(dialog.parentWidget()) or dialog.result() == 0  # still open
            assert saved == []
            tab = dialog.tab("linkedin")
            assert dialog.tabs.indexOf(tab) >= 0
            assert tab.result.messages == [dialog.results["linkedin"].message]
            assert "LinkedIn: failed" in dialog.results_label.text()
            assert "Instagram: saved" in dialog.results_label.text()
            assert dialog.save_button.text() == "Retry LinkedIn"
            assert not dialog.platform_buttons["instagram"].isEnabled()  # saved: can't be unchosen now
            assert "Saved to Instagram" in dialog.tab("instagram").summary.text()
            assert not dialog.tab("instagram").post_type.isEnabled()

            frozen.faults.fail_platforms = set()
            rec.creates.clear()
            _click_save(qtbot, dialog)
            await dialog.save_task
            assert [p for p, _ in rec.creates] == ["linkedin"]
            assert len(saved) == 1 and sorted(r.platform for r in saved[0]) == ["bluesky", "instagram", "linkedin"]
            assert dialog.result() == ComposerDialog.DialogCode.Accepted
            assert writer.flush()
            assert not list(writer.directory.glob("composer-*.json"))  # saved: nothing left to restore

    run(scenario())


def test_lost_answer_is_found_and_said(qtbot, run, frozen, writer) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            rec = Recording(client)
            dialog = ComposerDialog(rec, frozen.brand_id, "UTC", platforms=["twitter", "threads"], when=WHEN,
                                    autosave=writer, clock=lambda: NOW)
            qtbot.addWidget(dialog)
            dialog.editor.insertPlainText("Hello from the composer")
            frozen.faults.next_statuses = ["drop"]
            _click_save(qtbot, dialog)
            await dialog.save_task
            assert len(rec.creates) == 2 and sorted(rec.lookups) in (["threads"], ["twitter"])
            assert all(r.ok for r in dialog.results.values())
            found = next(r for r in dialog.results.values() if r.found_by_lookup)
            assert "was found in Dash" in found.message
            assert dialog.result() == ComposerDialog.DialogCode.Accepted

    run(scenario())


def test_edit_patches_only_changed_fields(qtbot, run, frozen, writer, sample_files) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            video = await upload(client, frozen.brand_id, sample_files, MediaKind.VIDEO)
            body = {"brand_id": frozen.brand_id, "status": "SCHEDULED", "auto_publish": True,
                    "title": "Launch", "description": "Watch it", "declared_made_for_kids": "false",
                    "media_ids": [video.media_id], "timestamp": "2026-03-10T15:00:00Z"}
            post = await client.create_post("youtube", body)
            rec = Recording(client)
            dialog = ComposerDialog(rec, frozen.brand_id, "Europe/Paris", post=post, autosave=writer,
                                    clock=lambda: NOW)
            qtbot.addWidget(dialog)
            assert dialog.windowTitle() == "Edit YouTube post"
            assert [p for p, b in dialog.platform_buttons.items() if b.isVisibleTo(dialog)] == ["youtube"]
            assert not dialog.platform_buttons["youtube"].isEnabled()
            tab = dialog.tab("youtube")
            assert tab.fields["title"].editor.text() == "Launch"
            assert tab.fields["made_for_kids"].editor.value() is False
            assert dialog.editor.toPlainText() == "Watch it"
            assert dialog.save_button.text() == "Save changes"
            tab.fields["title"].editor.setText("Launch day")
            _click_save(qtbot, dialog)
            await dialog.save_task
            assert rec.creates == []
            assert rec.updates == [("youtube", post.id, {"title": "Launch day"})]
            stored = await client.get_post("youtube", post.id)
            assert stored.model_dump(mode="json")["title"] == "Launch day"
            assert stored.media_ids == [video.media_id]

    run(scenario())


def test_edit_time_sends_only_timestamp(qtbot, run, frozen, writer) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            post = await client.create_post("twitter", {"brand_id": frozen.brand_id, "status": "SCHEDULED",
                                                        "tweet_status": "Hi", "timestamp": "2026-03-10T15:00:00Z"})
            rec = Recording(client)
            dialog = ComposerDialog(rec, frozen.brand_id, "Asia/Tokyo", post=post, autosave=writer,
                                    clock=lambda: NOW)
            qtbot.addWidget(dialog)
            assert dialog.time_edit.dateTime().time().hour() == 0  # 15:00 UTC is midnight in Tokyo
            assert "Asia/Tokyo (JST, UTC+09:00)" in dialog.zone_label.text()
            dialog.time_edit.setDateTime(dialog.time_edit.dateTime().addSecs(3600))
            _click_save(qtbot, dialog)
            await dialog.save_task
            assert rec.updates == [("twitter", post.id, {"timestamp": "2026-03-10T16:00:00Z"})]

    run(scenario())


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_closing_with_unsaved_work_asks_first(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["threads"], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.editor.insertPlainText("Half a thought")
    dialog.reject()
    box = dialog.discard_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    keep = next(b for b in box.buttons() if b.text() == "Keep editing")
    keep.click()
    assert dialog.result() == 0 and dialog.state.text == "Half a thought"
    dialog.mode_buttons[PublishMode.DRAFT].click()
    dialog.reject()
    discard = next(b for b in dialog.discard_box.buttons() if b.text() == "Discard")
    discard.click()
    assert dialog.result() == ComposerDialog.DialogCode.Rejected
    assert writer.flush()
    assert not list(writer.directory.glob("composer-*.json"))


def test_closing_an_untouched_composer_does_not_ask(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["threads"], autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.reject()
    assert not hasattr(dialog, "discard_box")
    assert dialog.result() == ComposerDialog.DialogCode.Rejected


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_unknown_outcome_is_said_and_sent_again_only_when_asked(qtbot, run, frozen, writer) -> None:
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            rec = Recording(client)
            dialog = ComposerDialog(rec, frozen.brand_id, "UTC", platforms=["twitter"], autosave=writer,
                                    clock=lambda: NOW)
            qtbot.addWidget(dialog)
            dialog.mode_buttons[PublishMode.DRAFT].click()
            dialog.timed.click()  # a draft without a time: Dash can't be searched for it
            dialog.editor.insertPlainText("An idea for later")
            frozen.faults.next_statuses = ["drop"]
            _click_save(qtbot, dialog)
            await dialog.save_task
            assert dialog.results["twitter"].outcome is Outcome.UNKNOWN
            assert "X: outcome unknown" in dialog.results_label.text()
            assert "may or may not" in dialog.results["twitter"].message or "Check Dash" in \
                dialog.results["twitter"].message
            assert dialog.force_button.isVisibleTo(dialog)
            _click_save(qtbot, dialog)  # retrying looks again, and still does not resend
            await dialog.save_task
            assert len(rec.creates) == 1
            dialog.force_button.click()
            send = next(b for b in dialog.force_box.buttons() if b.text() == "Send again")
            send.click()
            await dialog.save_task
            assert len(rec.creates) == 2
            assert dialog.result() == ComposerDialog.DialogCode.Accepted

    run(scenario())


def test_a_posted_post_opens_locked(qtbot, writer) -> None:
    post = {"id": 7, "platform": "threads", "status": "POSTED", "text": "Out already", "auto_publish": True,
            "timestamp": "2026-02-01T10:00:00Z", "media_ids": []}
    dialog = ComposerDialog(None, 144, "UTC", post=post, autosave=writer, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    assert dialog.blocking[0] == "This post is posted: it can't be changed any more."
    assert not dialog.save_button.isEnabled()


def test_post_found_after_lost_answer_closes_like_a_save(qtbot, run, frozen, writer) -> None:
    """Issue 20.12: a single-platform post whose answer was lost and that the look-up found is saved:
    the composer says so and closes (it must not stay open with "Ready for Threads.")."""
    async def scenario() -> None:
        async with sandbox_client(frozen) as client:
            rec = Recording(client)
            dialog = ComposerDialog(rec, frozen.brand_id, "UTC", platforms=["threads"], when=WHEN,
                                    autosave=writer, clock=lambda: NOW)
            qtbot.addWidget(dialog)
            saved = []
            dialog.saved.connect(saved.append)
            dialog.editor.insertPlainText("Hello from the composer")
            frozen.faults.next_statuses = ["drop"]
            _click_save(qtbot, dialog)
            await dialog.save_task
            assert rec.lookups == ["threads"]
            result = dialog.results["threads"]
            assert result.ok and result.found_by_lookup
            said = dialog.results_label.text()
            assert said == "Threads: saved — the answer was lost, but the post was found on Dash."
            assert len(saved) == 1
            assert dialog.result() == ComposerDialog.DialogCode.Accepted

    run(scenario())
