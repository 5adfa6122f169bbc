"""The review queue inside the main window: installed dock and counter, calendar in step, Ctrl+Z undo."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.ui.conflict_dialog import ConflictDialog
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.review import ReviewCounter, ReviewPanel

from .conftest import days_ahead

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def window(qloop, qtbot, sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(tmp_path / "data"))
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    settings.time_zone = "Europe/Berlin"
    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    session = Session(client, sandbox.brand_id, "Test brand")
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    qloop.run_until_complete(win.aclose())
    qloop.run_until_complete(session.aclose())


def test_installed_queue_approves_in_step_with_the_calendar_and_undoes(window, posts, run, qtbot) -> None:
    good = posts.draft("instagram", days_ahead(1, 10))
    blocked = posts.create("pinterest", "DRAFT", days_ahead(1, 12), note="Pin without a picture",
                           meta={"title": "Linen", "pinterestBoard": posts.board})
    if "review" not in window.panels.docks:  # extensions are installed after the first paint
        (getattr(window, "install_extensions", None) or window._install_extensions)()
    counter = window.findChild(ReviewCounter, "reviewCounter")
    assert counter is not None
    dock = window.panels.docks["review"]
    assert not dock.isVisible()
    panel = window.review_panel
    assert isinstance(panel, ReviewPanel) and panel.model is window.model

    window.toggle_panel("review")
    assert dock.isVisible()
    run(panel._load_task)
    assert {p.key for p in panel.proxy.posts()} == {("instagram", good["id"]), ("pinterest", blocked["id"])}
    assert counter.total() == 2

    # Edit on the blocked pin opens the composer at the field to fix.
    opened: list[tuple[object, str]] = []
    window.open_composer = lambda post=None, when=None: SimpleNamespace(
        focus_field=lambda field: opened.append((post.key, field)))
    panel.select_row(panel.proxy.row_of(("pinterest", blocked["id"])))
    panel.edit_current()
    assert opened == [(("pinterest", blocked["id"]), "media_ids")]

    panel.select_row(panel.proxy.row_of(("instagram", good["id"])))
    dialog = panel.approve_selected()
    dialog.approve_button.click()
    run(panel.pending)
    key = ("instagram", good["id"])
    assert posts.server_post(*key)["status"] == "SCHEDULED"
    assert window.service.get(key).status == "SCHEDULED"  # the calendar's model shows it scheduled
    assert window.model.index_of(key).isValid()
    assert panel.proxy.row_of(key) is None
    assert counter.total() == 1

    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    run(window.undo.idle())
    assert posts.server_post(*key)["status"] == "DRAFT"
    assert panel.proxy.row_of(key) is not None
    assert counter.total() == 2
    window.redo_action.trigger()
    run(window.undo.idle())
    assert posts.server_post(*key)["status"] == "SCHEDULED"


def test_approving_a_draft_a_colleague_changed_asks_first(window, posts, run, qtbot) -> None:
    good = posts.draft("threads", days_ahead(2, 10))
    key = ("threads", good["id"])
    if "review" not in window.panels.docks:
        (getattr(window, "install_extensions", None) or window._install_extensions)()
    panel = window.review_panel
    window.toggle_panel("review")
    run(panel._load_task)
    posts.sandbox.state.scheduler.update("threads", good["id"], {"text": "Reworded by a colleague"}, (posts.brand,))
    panel.select_row(panel.proxy.row_of(key))
    dialog = panel.approve_selected()
    dialog.approve_button.click()

    async def shown() -> ConflictDialog:
        for _ in range(1000):
            found = window.findChild(ConflictDialog)
            if found is not None and found.isVisible():
                return found
            await asyncio.sleep(0.01)
        raise AssertionError("no conflict dialog")

    ask = run(shown())
    assert "Text" in [d.label for d in ask.differences]
    assert posts.server_post(*key)["status"] == "DRAFT"  # nothing approved while the person decides
    ask.keep_mine.click()
    run(panel.pending)
    server = posts.server_post(*key)
    assert server["status"] == "SCHEDULED" and server["text"].startswith("Spring collection")
    assert "Scheduled 1 post" in panel.message.text()
