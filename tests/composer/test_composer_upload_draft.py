"""Issue 6's rule in the composer, against the sandbox: a post can't be saved while its media upload
unless as a draft; the draft is saved with the ready media and gets the rest when the uploads finish;
cancelling an upload detaches it cleanly."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from composer_helpers import sandbox_client

from dashdesk.media import samples
from dashdesk.platforms import PublishMode
from dashdesk.sandbox.probe import probe
from dashdesk.sandbox.samples import make_image
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.media import ItemState

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

WHEN = (datetime.now(UTC) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
#: Slow enough that a 1.2 MB upload is still running while the draft is saved (a few seconds).
SLOW_BPS = 500_000


async def until(condition: Callable[[], Any], limit: float = 30.0, what: str = "condition") -> Any:
    """Await until ``condition()`` is truthy."""
    deadline = time.monotonic() + limit
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    return value


@pytest.fixture(autouse=True)
def keep_running(qapp: Any) -> Any:
    """The dialog is the only window here: closing it must not quit the test's event loop."""
    before = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    qapp.setQuitOnLastWindowClosed(before)


def library_image(sandbox: Any, n: int) -> SimpleNamespace:
    """An image already in the brand's Library, as the Library browser hands it over."""
    lib = sandbox.state.library
    path = lib.copy_file_in(make_image(400, 400, f"ready {n}", variant=n), f"ready-{n}.jpg")
    doc = lib.add_media(sandbox.brand_id, path, probe(path), meta={"filename": path.name}, source_id=f"ready-{n}",
                        created=datetime.now(UTC))
    return SimpleNamespace(attach_id=int(doc["media_id"]), kind="IMAGE", filename=path.name, thumbnail_url=None)


def server_media(sandbox: Any, post_id: int) -> list[int]:
    return list(sandbox.state.scheduler.get("instagram", post_id, (sandbox.brand_id,))["media_ids"])


async def _composer_uploading(qtbot: Any, client: Any, sandbox: Any, writer: Any, big: Path,
                              ready: SimpleNamespace, platform: str = "instagram") -> ComposerDialog:
    dialog = ComposerDialog(client, sandbox.brand_id, "UTC", platforms=[platform], when=WHEN, autosave=writer)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editor.insertPlainText("Launch day")
    assert dialog.attach_media([ready]) == 1
    sandbox.faults.slow_upload_bps = SLOW_BPS
    dialog.media.strip.add_paths([big])
    await until(lambda: any(i.state is ItemState.UPLOADING for i in dialog.media.strip.items()), what="uploading")
    return dialog


def test_only_a_draft_saves_while_uploading_and_gets_the_media_when_they_finish(qtbot, run, sandbox, writer,
                                                                               tmp_path: Path) -> None:
    ready = library_image(sandbox, 1)
    big = samples.make_image(tmp_path / "big.jpg", 1600, 1600, seed=11, grain=0.5)

    async def scenario() -> None:
        async with sandbox_client(sandbox) as client:
            dialog = await _composer_uploading(qtbot, client, sandbox, writer, big, ready)
            # Scheduled (or published now): not while uploading, and it says why.
            assert dialog.state.mode is PublishMode.SCHEDULE
            assert not dialog.save_button.isEnabled()
            assert any("still uploading" in b and "draft" in b for b in dialog.blocking)
            dialog.mode_buttons[PublishMode.NOW].setChecked(True)
            assert not dialog.save_button.isEnabled()
            # As a draft: saved now with the ready media.
            dialog.mode_buttons[PublishMode.DRAFT].setChecked(True)
            assert dialog.blocking == [] and dialog.save_button.isEnabled()
            assert "still uploading" in dialog.save_button.toolTip()
            assert dialog.blockers.isVisibleTo(dialog)  # said beside Save, not only in its tooltip
            assert "added to it when its upload finishes" in dialog.blockers.text()
            dialog.save()
            await dialog.save_task
            post_id = dialog.state.saved["instagram"]
            assert dialog.media.strip.is_busy()  # the upload is still running
            assert server_media(sandbox, post_id) == [ready.attach_id]
            assert dialog.isVisible() and not dialog.save_button.isEnabled()
            assert "the draft gets it when it finishes" in dialog.results_label.text()
            # The upload finishes: the draft is PATCHed with the final media, in strip order.
            await dialog.follow_task
            uploaded = dialog.media.strip.media_ids()
            assert len(uploaded) == 2 and uploaded[0] == ready.attach_id
            assert server_media(sandbox, post_id) == uploaded
            assert sandbox.state.scheduler.get("instagram", post_id, (sandbox.brand_id,))["status"] == "DRAFT"
            assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted

    run(scenario())


def test_cancelling_an_upload_after_the_draft_was_saved_detaches_it_cleanly(qtbot, run, sandbox, writer,
                                                                             tmp_path: Path) -> None:
    ready = library_image(sandbox, 2)
    big = samples.make_image(tmp_path / "big2.jpg", 1600, 1600, seed=12, grain=0.5)

    async def scenario() -> None:
        async with sandbox_client(sandbox) as client:
            dialog = await _composer_uploading(qtbot, client, sandbox, writer, big, ready)
            dialog.mode_buttons[PublishMode.DRAFT].setChecked(True)
            dialog.save()
            await dialog.save_task
            post_id = dialog.state.saved["instagram"]
            dialog.reject()  # closing while the upload runs: no question (the draft is saved), it goes on
            assert not dialog.isVisible() and not dialog.follow_task.done()
            upload_id = next(i.upload_id for i in dialog.media.strip.items() if i.busy)
            dialog.media_hub.uploads.cancel(upload_id)  # as the Media panel's Uploads tab does
            await dialog.follow_task
            assert [i.media_id for i in dialog.media.strip.items()] == [ready.attach_id]  # detached
            assert [m.media_id for m in dialog.state.media] == [ready.attach_id]
            assert server_media(sandbox, post_id) == [ready.attach_id]  # nothing half-uploaded attached
            assert "no media to add" in dialog.results_label.text()

    run(scenario())


def test_a_platform_that_needs_its_media_even_as_a_draft_says_to_wait_for_the_upload(qtbot, run, sandbox, writer,
                                                                                   tmp_path: Path) -> None:
    from dashdesk.sandbox.samples import make_video

    clip = tmp_path / "clip.mp4"
    clip.write_bytes(make_video(variant=5, seconds=1.0))

    async def scenario() -> None:
        async with sandbox_client(sandbox) as client:
            dialog = ComposerDialog(client, sandbox.brand_id, "UTC", platforms=["youtube"], when=WHEN,
                                    autosave=writer)
            qtbot.addWidget(dialog)
            dialog.mode_buttons[PublishMode.DRAFT].setChecked(True)
            sandbox.faults.slow_upload_bps = max(1_000, clip.stat().st_size // 5)
            dialog.media.strip.add_paths([clip])
            strip = dialog.media.strip
            await until(lambda: any(i.state is ItemState.UPLOADING for i in strip.items()), what="uploading")
            assert not dialog.save_button.isEnabled()
            assert any("Wait for the upload to finish" in b for b in dialog.blocking)
            dialog.media_hub.uploads.cancel(next(i.upload_id for i in strip.items() if i.busy))
            await until(lambda: not strip.items(), what="cancelled upload detached")
            assert not any("Wait for the upload" in b for b in dialog.blocking)
            assert any("no media" in b for b in dialog.blocking)  # the plain rule again

    run(scenario())


def test_media_still_uploading_count_against_the_platform_limits(qtbot, run, sandbox, writer, tmp_path: Path) -> None:
    ready = library_image(sandbox, 3)
    big = samples.make_image(tmp_path / "big3.jpg", 1600, 1600, seed=13, grain=0.5)

    async def scenario() -> None:
        async with sandbox_client(sandbox) as client:
            dialog = await _composer_uploading(qtbot, client, sandbox, writer, big, ready, platform="pinterest")
            dialog.mode_buttons[PublishMode.DRAFT].setChecked(True)
            # A Pin takes one image: the second, still uploading, would make the draft's update refused.
            assert not dialog.save_button.isEnabled()
            assert any("counting the media still uploading" in b for b in dialog.blocking)
            strip = dialog.media.strip
            dialog.media_hub.uploads.cancel(next(i.upload_id for i in strip.items() if i.busy))
            await until(lambda: not strip.is_busy(), what="cancelled upload detached")
            assert not any("still uploading" in b for b in dialog.blocking)

    run(scenario())
