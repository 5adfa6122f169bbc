"""The composer inside the app: Review's Edit opens it at the field to fix, the Media panel attaches Library
media to it, and its uploads go through the window's shared media hub."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.sandbox.probe import probe
from dashdesk.sandbox.samples import make_image, make_video
from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


async def until(condition: Callable[[], Any], limit: float = 20.0, what: str = "condition") -> Any:
    """Await until ``condition()`` is truthy."""
    deadline = time.monotonic() + limit
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)
    return value


def library_media(sandbox: Any, kind: str = "image", n: int = 0) -> int:
    """A media id in the sandbox brand's Library, put there as another Dash user would."""
    lib = sandbox.state.library
    data = make_image(400, 400, f"Library {n}", variant=n) if kind == "image" else make_video(variant=n)
    path = lib.copy_file_in(data, f"{kind}-{n}.{'jpg' if kind == 'image' else 'mp4'}")
    doc = lib.add_media(sandbox.brand_id, path, probe(path), meta={"filename": path.name}, source_id=f"{kind}-{n}",
                        created=datetime.now(UTC))
    return int(doc["media_id"])


def raw_draft(sandbox: Any, platform: str, when: datetime, **fields: Any) -> int:
    """Store a draft unchecked, as another Dash client may leave it (e.g. a YouTube draft without a title)."""
    state = sandbox.state
    body = {"brand_id": sandbox.brand_id, "status": "DRAFT", "auto_publish": True,
            "timestamp": when.astimezone(UTC).isoformat(), "media_ids": [], **fields}
    post = state.scheduler._server_fields(platform, body, state.clock.now())
    post["status"] = "DRAFT"

    def build(post_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
        post["id"] = post_id
        return {"post": post, "body": body}, state.scheduler._cols(platform, post, None)

    return state.store.insert_post(build)


@pytest.fixture
def window(qloop, qtbot, sandbox, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window on the sandbox, its optional panels installed (as after the first paint)."""
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.time_zone = "Europe/Berlin"
    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    session = Session(client, sandbox.brand_id, "Test brand")
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    win.install_extensions()
    yield win
    composer = win._composer
    if isinstance(composer, ComposerDialog):
        composer._closing_ok = True
        composer.close()
    qloop.run_until_complete(win.aclose())
    qloop.run_until_complete(session.aclose())


def test_focus_field_goes_to_the_platform_tab_of_each_path(qtbot, writer) -> None:
    dialog = ComposerDialog(None, 1, "UTC", platforms=["instagram", "pinterest", "youtube"], autosave=writer)
    qtbot.addWidget(dialog)
    dialog.show()
    cases = {
        "meta.title": ("pinterest", dialog.tab("pinterest").fields["title"].editor),
        "title": ("youtube", dialog.tab("youtube").fields["title"].editor),
        "declared_made_for_kids": ("youtube", dialog.tab("youtube").fields["made_for_kids"].editor.yes),
        "meta.pinterestBoard": ("pinterest", dialog.tab("pinterest").board.combo),
        "first_comment": ("instagram", dialog.tab("instagram").fields["first_comment"].editor),
        "post_type": ("instagram", dialog.tab("instagram").post_type),
    }
    for path, (platform, widget) in cases.items():
        assert dialog.focus_field(path) is widget, path
        assert dialog.current_platform() == platform, path
        assert dialog.focusWidget() is widget, path
    # Shared things: the caption is the shared editor, media the shared strip, the time its picker.
    assert dialog.focus_field("caption") is dialog.editor
    assert dialog.current_platform() == "instagram"
    assert dialog.focus_field("media_ids[1]") is dialog.media.list
    assert dialog.focus_field("timestamp") is dialog.time_edit
    # A platform's own media strip when it has one.
    dialog.tab("youtube").own_media.setChecked(True)
    assert dialog.focus_field("media_ids", platform="youtube") is dialog.tab("youtube").media.list
    assert dialog.focus_field("no.such.field") is None


def test_review_edit_on_a_youtube_draft_without_title_focuses_the_title(window, sandbox, run) -> None:
    when = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    video = library_media(sandbox, "video")
    post_id = raw_draft(sandbox, "youtube", when, description="Lookbook", media_ids=[video],
                        declared_made_for_kids=False)
    window.toggle_panel("review")
    panel = window.review_panel
    run(panel._load_task)
    row = panel.proxy.row_of(("youtube", post_id))
    assert row is not None
    panel.select_row(row)
    check = panel.check(panel.current_post())
    assert not check.ok and check.field == "title"

    panel.edit_current()
    composer = window._composer
    assert isinstance(composer, ComposerDialog) and composer.isVisible()
    assert composer.editing and composer.state.edit.post_id == post_id
    assert composer.current_platform() == "youtube"
    title = composer.tab("youtube").fields["title"]
    assert composer.focusWidget() is title.editor
    assert title.problem.messages  # the reason is beside the field
    assert "Title" in " ".join(composer.blocking)


def test_library_media_attach_into_the_open_composer_and_its_uploads_show_in_the_panel(
        window, sandbox, run, tmp_path: Path) -> None:
    from dashdesk.ui.media import MediaHub, MediaPanel

    hub = window.media_hub
    assert isinstance(hub, MediaHub)
    picture = library_media(sandbox, "image", 3)
    composer = window.open_composer()
    assert isinstance(composer, ComposerDialog) and composer.media_hub is hub  # one hub: one queue
    composer.set_platforms(["instagram"])
    composer.editor.insertPlainText("From the Library")

    window.toggle_panel("media")
    panel = window.panels.docks["media"].widget()
    assert isinstance(panel, MediaPanel)
    browser = panel.library

    async def scenario() -> None:
        await until(lambda: browser.model.media, what="Library page")
        row = next(r for r, m in enumerate(browser.model.media) if m.attach_id == picture)
        browser.view.setCurrentIndex(browser.model.index(row))
        browser.attach_button.click()  # the panel's attachRequested goes to the open composer
        assert [m.media_id for m in composer.state.media] == [picture]
        browser.attach_button.click()  # attached once only
        assert [m.media_id for m in composer.state.media] == [picture]
        assert composer.blocking == []

        # An upload started in the composer is in the panel's queue.
        path = tmp_path / "fresh.jpg"
        path.write_bytes(make_image(320, 320, "fresh", variant=7))
        composer.media.strip.add_paths([path])
        await until(lambda: any(i.path == path for i in hub.uploads.items()), what="upload queued in the hub")
        assert panel.queue_view.model.rowCount() >= 1
        ids = await composer.media.strip.wait_ready()
        assert ids[0] == picture and len(ids) == 2
        await until(lambda: len(composer.state.media) == 2, what="composer state has both")

    run(scenario())
