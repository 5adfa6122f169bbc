"""Accessible names, continued: the windows the menus do not open directly (post details, edit conflict,
outbox entry, approve, media fix, restore, sign-in, the import wizard after a check, the grid planner) have
no unnamed control, and the shortcuts list can be reached with Tab."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from dashdesk.services.post import Post

from .a11y_helpers import focus_chain, unnamed_controls

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

NOW = datetime(2026, 12, 3, 9, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def make(i: int, status: str, ts: datetime | None, **data: Any) -> Post:
    return Post.from_json("threads", {"id": i, "status": status, "timestamp": ts.isoformat() if ts else None,
                                      "created_at": NOW.isoformat(), "text": f"post {i}", **data})


def shown(qtbot: Any, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.resize(1024, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_post_details_conflict_outbox_approve_and_restore(qtbot: Any, tmp_path: Path) -> None:
    from dashdesk.services.conflicts import EditConflict
    from dashdesk.services.review import check_approvable
    from dashdesk.store.autosave import RestoreEntry
    from dashdesk.store.outbox import OutboxEntry
    from dashdesk.ui.composer.restore import RestoreDialog
    from dashdesk.ui.conflict_dialog import ConflictDialog
    from dashdesk.ui.outbox_dialog import OutboxEntryDialog
    from dashdesk.ui.post_details import PostDetailsDialog
    from dashdesk.ui.review.dialogs import ApproveDialog

    loaded = make(4, "SCHEDULED", NOW + timedelta(days=1))
    theirs = Post.from_json("threads", {**loaded.data, "text": "changed in Dash"})
    conflict = EditConflict(loaded.key, loaded, loaded.with_changes({"text": "mine"}), theirs, {"text": "mine"})
    entry = OutboxEntry(id=1, origin="https://example.test", brand_id=144, platform="threads",
                        body={"text": "waiting", "timestamp": (NOW + timedelta(days=1)).isoformat()},
                        state="refused", created_at=NOW, message="The text is too long.")
    restore = RestoreEntry("s1", NOW, "Instagram: launch", {}, tmp_path / "s1.json")
    windows = {
        "failed post": PostDetailsDialog(make(1, "FAILED", None, auto_publish_error="Too long."), PARIS, NOW),
        "posted post": PostDetailsDialog(make(2, "POSTED", NOW - timedelta(hours=2),
                                              live_post_url="https://www.threads.net/@acme/post/1"), PARIS, NOW),
        "scheduled post": PostDetailsDialog(make(3, "SCHEDULED", NOW + timedelta(days=1)), PARIS, NOW),
        "edit conflict": ConflictDialog(conflict, PARIS, action="move"),
        "outbox entry": OutboxEntryDialog(entry, "Threads", PARIS),
        "approve": ApproveDialog([make(5, "DRAFT", NOW + timedelta(days=2)), make(6, "DRAFT", None)],
                                 lambda post: check_approvable(post, now=NOW), PARIS, NOW),
        "restore": RestoreDialog([restore], None, PARIS),
    }
    found = {name: unnamed_controls(shown(qtbot, dialog)) for name, dialog in windows.items()}
    assert {k: v for k, v in found.items() if v} == {}


def test_media_fix_for_a_picture_and_a_video(qtbot: Any, tmp_path: Path) -> None:
    from media.makers import make_video
    from PIL import Image

    from dashdesk.media.probe import probe_file
    from dashdesk.ui.media.fixing.dialog import FixDialog
    from dashdesk.ui.media.fixing.runner import FixRunner

    picture = tmp_path / "wide.png"
    Image.new("RGB", (1200, 400), (40, 120, 200)).save(picture)
    video = make_video(tmp_path / "clip.webm", "libvpx-vp9", fmt="webm", audio="libopus", width=320, height=180,
                       seconds=2.0)
    runner = FixRunner()
    try:
        for source, target in ((picture, ("instagram", "FEED")), (video, ("instagram", "REEL"))):
            dialog = shown(qtbot, FixDialog(probe_file(source), [target], runner=runner))
            assert unnamed_controls(dialog) == [], source.name
            dialog.close()
    finally:
        runner.shutdown()


def test_sign_in_and_the_import_wizard_after_a_check(qtbot: Any, qloop: Any, tmp_path: Path) -> None:
    from dashdesk.ui.bulk import BulkImportWizard
    from dashdesk.ui.bulk.screenshot import make_sample
    from dashdesk.ui.sign_in import SignInScreen

    screen = shown(qtbot, SignInScreen(notice="Your saved key is gone."))
    assert unnamed_controls(screen) == []
    path = make_sample(tmp_path)
    wizard = shown(qtbot, BulkImportWizard(display_tz=PARIS, path=path, now=NOW))
    assert qloop.run_until_complete(wizard.load(path)) is not None and wizard.step == 1
    assert unnamed_controls(wizard) == []


def test_grid_planner_names_its_tiles(qtbot: Any, main_window: Any) -> None:
    main_window.actions.actions["grid_planner"].trigger()
    planner = main_window.grid_planner
    assert unnamed_controls(planner) == []
    canvas_names = [w.accessibleName() for w in planner.findChildren(QWidget) if w.accessibleName()]
    assert any(canvas_names)


def test_the_shortcuts_list_is_reached_with_tab(qtbot: Any, main_window: Any) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    from dashdesk.ui.shortcuts_window import ShortcutsWindow

    window = shown(qtbot, ShortcutsWindow(main_window.actions))
    views = [w for w in window.findChildren(QAbstractItemView) if w.isVisible() and not isinstance(w, QHeaderView)]
    assert views, "the shortcuts are listed in a view"
    start = window.focusWidget() or window
    chain = focus_chain(start)
    assert any(view in chain or view is start for view in views)
    assert all(view.focusPolicy() & Qt.FocusPolicy.TabFocus for view in views)
