"""Every control has an accessible name in the windows the menus don't open: a post's details, the edit
conflict, a waiting post of the outbox, the review queue's dialogs, restore, sign-in, the fix dialog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from dashdesk.services.post import Post

from .a11y_helpers import INTERACTIVE, unnamed_controls

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 11, 10, tzinfo=UTC)


def controls(root: QWidget) -> list[QWidget]:
    """The visible interactive controls under ``root`` (so a test shows it checked something)."""
    return [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE) and w.isVisible()]


def shown(qtbot: Any, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _post(status: str, ts: datetime | None, **data: object) -> Post:
    return Post.from_json("threads", {"id": 1, "status": status, "timestamp": ts.isoformat() if ts else None,
                                      "created_at": NOW.isoformat(), "text": "Spring launch", **data})


POSTS = {
    "posted": lambda: _post("POSTED", NOW - timedelta(days=1), live_post_url="https://threads.example/p/1"),
    "failed": lambda: _post("FAILED", None, auto_publish_error="Threads text is 600 characters; the limit is 500."),
    "scheduled": lambda: _post("SCHEDULED", NOW + timedelta(days=2), auto_publish=True),
}


@pytest.mark.parametrize("kind", POSTS)
def test_post_details(qtbot: Any, kind: str) -> None:
    """A posted, a failed and a scheduled post's details: every button named."""
    from dashdesk.ui.post_details import PostDetailsDialog

    dialog = shown(qtbot, PostDetailsDialog(POSTS[kind](), TZ, NOW))
    assert controls(dialog), "no control to check"
    assert unnamed_controls(dialog) == []


def test_conflict_dialog(qtbot: Any) -> None:
    """The edit-conflict dialog: both versions, the three choices."""
    from dashdesk.services.conflicts import EditConflict
    from dashdesk.ui.conflict_dialog import ConflictDialog

    loaded = Post.from_json("linkedin", {"id": 7, "status": "SCHEDULED", "text": "Doors open at 9.",
                                         "timestamp": "2026-03-10T15:00:00Z", "auto_publish": True})
    theirs = loaded.with_changes({"text": "Doors open at 10 (updated by Sam)."})
    changes = {"timestamp": "2026-03-11T15:00:00Z"}
    conflict = EditConflict(loaded.key, loaded, loaded.with_changes(changes), theirs, changes)
    dialog = shown(qtbot, ConflictDialog(conflict, TZ, action="move"))
    assert len(controls(dialog)) >= 3
    assert unnamed_controls(dialog) == []


@pytest.mark.parametrize("state", ["waiting", "check"])
def test_outbox_dialog(qtbot: Any, tmp_path: Path, state: str) -> None:
    """A waiting post of the outbox, and one to check in Dash, with Remove's second question showing."""
    from dashdesk.store.outbox import CHECK, OutboxStore
    from dashdesk.ui.outbox_dialog import OutboxEntryDialog

    store = OutboxStore(tmp_path / "outbox.sqlite3")
    try:
        extra = {"state": CHECK} if state == "check" else {}
        entry = store.add("o", 1, "linkedin", {"text": "Hello", "timestamp": "2026-03-10T15:00:00Z"}, **extra)
        dialog = shown(qtbot, OutboxEntryDialog(entry, "Hello", TZ))
        assert unnamed_controls(dialog) == []
        dialog.remove.click()  # asks once more
        assert dialog.confirm.isVisible()
        assert controls(dialog) and unnamed_controls(dialog) == []
        dialog.close()
    finally:
        store.close()


def test_restore_dialog(qtbot: Any, tmp_path: Path) -> None:
    """The offer to restore unsaved posts."""
    from dashdesk.store.autosave import RestoreEntry
    from dashdesk.ui.composer.restore import RestoreDialog

    entry = RestoreEntry("s1", NOW, "Instagram: launch", {}, tmp_path / "s1.json")
    dialog = shown(qtbot, RestoreDialog([entry], None, TZ))
    assert len(controls(dialog)) >= 4
    assert unnamed_controls(dialog) == []


def test_sign_in(qtbot: Any) -> None:
    """The sign-in screen."""
    from dashdesk.ui.sign_in import SignInScreen

    screen = shown(qtbot, SignInScreen(notice="No keyring here."))
    assert len(controls(screen)) >= 5
    assert unnamed_controls(screen) == []


# --- the review queue -----------------------------------------------------------------------------------

def _review_posts(now: datetime) -> list[Post]:
    def at(hours: float) -> str:
        return (now + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")

    return [
        Post.from_json("twitter", {"id": 1, "brand_id": 144, "status": "DRAFT", "timestamp": at(3),
                                   "tweet_status": "Ready to go"}),
        Post.from_json("instagram", {"id": 2, "brand_id": 144, "status": "DRAFT", "timestamp": at(4),
                                     "post_type": "FEED", "caption": "No media yet"}),
        Post.from_json("linkedin", {"id": 3, "brand_id": 144, "status": "DRAFT", "timestamp": None,
                                    "text": "No time yet"}),
    ]


@pytest.fixture
def review_panel(qtbot: Any, qloop: Any) -> Any:
    """A review panel on a service without a server, shown, three drafts in it, the first selected."""
    from dashdesk.services.posts import PostService
    from dashdesk.ui.posts_model import PostsModel
    from dashdesk.ui.review import ReviewPanel

    now = datetime.now(UTC).replace(microsecond=0)
    service = PostService(None, 144, clock=lambda: now)
    service.set_posts(_review_posts(now))
    model = PostsModel(tz=TZ)
    model.attach(service)
    panel = ReviewPanel(service, model, load_on_range=False)
    panel.resize(panel.fontMetrics().height() * 70, panel.fontMetrics().height() * 40)
    shown(qtbot, panel)
    panel.set_range(None, None)
    panel.select_row(panel.proxy.row_of(("twitter", 1)))
    return panel


def test_review_panel_with_a_post_selected(qtbot: Any, review_panel: Any) -> None:
    """The queue with a post selected: the list, the preview and its buttons."""
    panel = review_panel
    for key in (("twitter", 1), ("instagram", 2)):  # one that can be approved, one that can't (its Fix button)
        panel.select_row(panel.proxy.row_of(key))
        qtbot.wait(20)
        assert panel.current_post().key == key
        assert len(controls(panel)) >= 4
        assert unnamed_controls(panel) == []


def test_review_approve_dialog(qtbot: Any, review_panel: Any) -> None:
    """Approve and schedule: the choice of time, the time field, the buttons."""
    dialog = review_panel.approve_selected()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert len(controls(dialog)) >= 4
    assert unnamed_controls(dialog) == []
    dialog.reject()


@pytest.mark.parametrize("verb", ["publish", "delete"])
def test_review_confirmations(qtbot: Any, review_panel: Any, verb: str) -> None:
    """Publish now? and Delete?: the question's buttons."""
    box = getattr(review_panel, f"{verb}_selected")()
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    assert len([w for w in controls(box) if isinstance(w, QAbstractButton)]) == 2
    assert unnamed_controls(box) == []
    box.reject()


# --- media, import, grid --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["video", "picture"])
def test_fix_dialog(qtbot: Any, tmp_path: Path, kind: str) -> None:
    """The media fix dialog, cropping: a video (crop and trim editors), a picture (crop only)."""
    from media.makers import make_still, make_video

    from dashdesk.media.probe import probe_file
    from dashdesk.ui.media.fixing import FixDialog, FixRunner

    if kind == "video":
        src = make_video(tmp_path / "clip.webm", "libvpx-vp9", fmt="webm", audio="libopus", width=320,
                         height=180, seconds=2.0)
    else:
        src = make_still(tmp_path / "wide.png", "PNG", size=(400, 150))
    runner = FixRunner()
    try:
        dialog = FixDialog(probe_file(src), [("instagram", "REEL" if kind == "video" else "FEED")], runner=runner)
        dialog.resize(1024, 700)
        shown(qtbot, dialog)
        qtbot.waitUntil(lambda: not dialog.crop._image.isNull(), timeout=10_000)
        dialog.fit.setCurrentIndex(1)  # crop to fit: the crop box shows
        assert not dialog.crop.crop_rect().isEmpty()
        assert dialog.crop.isVisible() and dialog.trim.isVisible() == (kind == "video")
        assert unnamed_controls(dialog) == []
        dialog.close()
    finally:
        runner.shutdown(wait=True)
        runner.deleteLater()


def test_import_wizard_later_steps(qtbot: Any, qloop: Any, sandbox: Any, tmp_path: Path) -> None:
    """The import wizard once a file is chosen: the check, the confirmation, the results."""
    from dashdesk.bulk import DashClientBackend, RateLimiter, make_client
    from dashdesk.ui.bulk import BulkImportWizard
    from dashdesk.ui.bulk.screenshot import make_sample

    path = make_sample(tmp_path)
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    wizard = BulkImportWizard(backend=DashClientBackend(client, limiter), brand_id=sandbox.brand_id,
                              brand_name="Sandbox", display_tz=ZoneInfo("Europe/London"), path=path,
                              now=datetime(2030, 1, 1, tzinfo=UTC), journal_path=tmp_path / "journal.sqlite3")
    shown(qtbot, wizard)
    problems: dict[int, list[str]] = {}
    try:
        qloop.run_until_complete(wizard.load(path))
        wizard.table.selectRow(0)
        problems[wizard.step] = unnamed_controls(wizard)
        wizard.only_problems.setChecked(True)
        wizard.next_button.click()
        problems[wizard.step] = unnamed_controls(wizard)
        wizard.next_button.click()
        qloop.run_until_complete(wizard._task)
        problems[wizard.step] = unnamed_controls(wizard)
        assert wizard.results_table.isVisible() and wizard.save_results_button.isVisible()
    finally:
        qloop.run_until_complete(client.aclose())
    assert problems == {1: [], 2: [], 3: []}


def test_grid_planner_says_what_its_tiles_show(qtbot: Any) -> None:
    """The grid's tiles are painted: the grid (and its scroll area, the Tab stop) say how many posts there are
    and describe each tile in grid order."""
    from dashdesk.services.posts import PostService
    from dashdesk.ui.previews.grid_planner import GridPlanner

    def insta(i: int, status: str, when: datetime, **data: object) -> Post:
        return Post.from_json("instagram", {"id": i, "status": status, "timestamp": when.isoformat(),
                                            "post_type": "FEED", "caption": f"Caption {i}", **data})

    future = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
    service = PostService(None, 144)
    service.set_posts([insta(1, "SCHEDULED", future),
                       insta(2, "SCHEDULED", future + timedelta(days=1), post_type="REEL"),
                       insta(3, "POSTED", datetime(2025, 1, 1, 10, tzinfo=UTC))])
    planner = GridPlanner(service, TZ)
    planner.resize(700, 800)
    shown(qtbot, planner)
    assert unnamed_controls(planner) == []
    for widget in (planner.canvas, planner.scroll):
        assert widget.accessibleName() == "Instagram grid: 3 posts"
        focused, *lines = widget.accessibleDescription().splitlines()  # the tile in focus, then every tile
        assert focused.startswith("Tile 1 of 3:") and len(lines) == 3
        assert lines[0].startswith("1. Row 1, column 1: Reel, Scheduled") and "Caption 2" in lines[0]
        assert lines[2].startswith("3. Row 1, column 3: Picture, Posted") and "Caption 3" in lines[2]
    service.set_posts([insta(1, "SCHEDULED", future)])
    planner.refresh()
    assert planner.scroll.accessibleName() == "Instagram grid: 1 post"
