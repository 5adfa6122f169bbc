"""The pseudo-locale walk, continued: the review and media panels, post details, the edit-conflict, outbox,
approve and media-fix dialogs, the grid planner, the sign-in screen and the snippets editor show no text
that skipped the catalog (labels, buttons, tabs, combo box items and field hints)."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QComboBox, QTabBar, QWidget
from test_pseudo_locale import DATA_WORDS, NOW, outside_the_catalog
from uihelpers import until

from dashdesk.services.post import Post

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

PARIS = ZoneInfo("Europe/Paris")




def listed_words(root: QWidget) -> list[str]:
    """Combo box items and tab titles under ``root`` that skipped the catalog (the walk's second half)."""
    found = []
    for combo in root.findChildren(QComboBox):
        if combo.isVisibleTo(root) and not combo.isEditable():
            found += [f"QComboBox item: {combo.itemText(i)!r}" for i in range(combo.count())
                      if combo.itemText(i) and "⟦" not in combo.itemText(i)
                      and not _data(combo.itemText(i))]
    for bar in root.findChildren(QTabBar):
        if bar.isVisibleTo(root):
            found += [f"tab: {bar.tabText(i)!r}" for i in range(bar.count())
                      if bar.tabText(i) and "⟦" not in bar.tabText(i) and not _data(bar.tabText(i))]
    return found


def _data(text: str) -> bool:
    """Platform names, brand names, zones, numbers and languages' own names are data, not messages."""
    from dashdesk.i18n.language import NAMES

    if text in NAMES.values():
        return True
    words = re.findall(r"[^\W\d_]+", re.sub(r"\b[A-Z][a-z]+/[A-Za-z_]+\b", "", text))
    return all(word in DATA_WORDS | {"Acme", "Other", "Test"} for word in words)


def everything_outside(root: QWidget) -> list[str]:
    """What the walk finds under ``root`` (words outside the catalog, clipped words), less the demo posts' own
    texts (content, not messages)."""
    from test_pseudo_locale import clipped_buttons, clipped_labels

    from dashdesk.sandbox.seed import _CAPTIONS

    return [line for line in outside_the_catalog(root) + listed_words(root) + clipped_labels(root)
            + clipped_buttons(root)
            if not any(line.endswith(f"{caption[:40]!r}") or caption[:40] in line for caption in _CAPTIONS)]


def make(i: int, status: str, ts: datetime | None, platform: str = "threads", **data: Any) -> Post:
    return Post.from_json(platform, {"id": i, "status": status, "timestamp": ts.isoformat() if ts else None,
                                     "created_at": NOW.isoformat(), "text": f"Threads {i}", **data})


def test_review_and_media_panels(qloop: Any, pseudo: None, sandbox: Any, main_window: Any) -> None:
    from dashdesk.ui.review import dock as review_dock

    sandbox.seed_demo()  # posts waiting for review, so the panel shows a list and a preview
    review_dock.install(main_window)
    found: dict[str, list[str]] = {}

    async def scenario() -> None:
        main_window.panels.toggle("review")
        dock = main_window.panels.docks["review"]
        await until(lambda: dock.isVisible(), what="review panel")
        panel = dock.widget()
        await until(lambda: panel.proxy.rowCount() > 0, what="posts waiting for review")
        panel.list.setCurrentIndex(panel.proxy.index(0, 0))
        await asyncio.sleep(0.1)
        found["review"] = everything_outside(dock)
        main_window.panels.toggle("media")
        media = main_window.panels.docks["media"]
        await until(lambda: media.isVisible(), what="media panel")
        await asyncio.sleep(0.2)
        found["media"] = everything_outside(media)

    qloop.run_until_complete(scenario())
    assert {k: v for k, v in found.items() if v} == {}


def test_post_details_for_each_outcome(qtbot, pseudo: None) -> None:
    from dashdesk.ui.post_details import PostDetailsDialog

    posts = (make(1, "FAILED", None, auto_publish_error="Threads text is too long."),
             make(2, "POSTED", NOW - timedelta(hours=2), live_post_url="https://www.threads.net/@acme/post/1"),
             make(3, "SCHEDULED", NOW + timedelta(days=1)))
    for post in posts:
        dialog = PostDetailsDialog(post, PARIS, NOW)
        qtbot.addWidget(dialog)
        dialog.show()
        assert everything_outside(dialog) == [], post.status
        dialog.close()


def test_conflict_outbox_and_approve_dialogs(qtbot, pseudo: None) -> None:
    from dashdesk.services.conflicts import EditConflict
    from dashdesk.services.review import check_approvable
    from dashdesk.store.outbox import OutboxEntry
    from dashdesk.ui.conflict_dialog import ConflictDialog
    from dashdesk.ui.outbox_dialog import OutboxEntryDialog
    from dashdesk.ui.review.dialogs import ApproveDialog

    loaded = make(4, "SCHEDULED", NOW + timedelta(days=1))
    theirs = Post.from_json("threads", {**loaded.data, "text": "Threads 40"})
    changes = {"text": "Threads 41"}
    conflict = EditConflict(loaded.key, loaded, loaded.with_changes(changes), theirs, changes)
    entry = OutboxEntry(id=1, origin="https://example.test", brand_id=144, platform="threads",
                        body={"text": "waiting", "timestamp": (NOW + timedelta(days=1)).isoformat()},
                        state="refused", created_at=NOW, message="The text is too long.")
    drafts = [make(5, "DRAFT", NOW + timedelta(days=2)), make(6, "DRAFT", None)]
    for dialog in (ConflictDialog(conflict, PARIS, action="move"),
                   OutboxEntryDialog(entry, "Threads", PARIS),
                   ApproveDialog(drafts, lambda post: check_approvable(post, now=NOW), PARIS, NOW)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert everything_outside(dialog) == [], type(dialog).__name__
        dialog.close()


def test_media_fix_dialog(qtbot, pseudo: None, tmp_path) -> None:
    from PIL import Image

    from dashdesk.media.probe import probe_file
    from dashdesk.ui.media.fixing.dialog import FixDialog
    from dashdesk.ui.media.fixing.runner import FixRunner

    picture = tmp_path / "wide.png"
    Image.new("RGB", (1200, 400), (40, 120, 200)).save(picture)
    runner = FixRunner()
    dialog = FixDialog(probe_file(picture), [("instagram", "FEED")], runner=runner)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 700)
    dialog.show()
    try:
        assert everything_outside(dialog) == []
    finally:
        dialog.close()
        runner.shutdown()


def test_the_import_wizard_after_a_check(qtbot, qloop: Any, pseudo: None, tmp_path) -> None:
    from dashdesk.ui.bulk import BulkImportWizard
    from dashdesk.ui.bulk.screenshot import make_sample

    path = make_sample(tmp_path)
    wizard = BulkImportWizard(display_tz=PARIS, path=path, now=NOW)
    qtbot.addWidget(wizard)
    wizard.resize(1024, 700)
    wizard.show()
    assert qloop.run_until_complete(wizard.load(path)) is not None and wizard.step == 1
    wizard.table.selectRow(0) if hasattr(wizard, "table") else None
    assert everything_outside(wizard) == []


def test_grid_planner_sign_in_and_snippets(qtbot, pseudo: None, main_window: Any, tmp_path) -> None:
    from dashdesk.store.planning import PlanningStore
    from dashdesk.ui.composer.snippets_dialog import SnippetsDialog
    from dashdesk.ui.sign_in import SignInScreen

    main_window.actions.actions["grid_planner"].trigger()
    planner = main_window.grid_planner
    assert everything_outside(planner) == []
    screen = SignInScreen(notice=None)
    qtbot.addWidget(screen)
    screen.show()
    assert everything_outside(screen) == []
    snippets = SnippetsDialog(PlanningStore(tmp_path / "planning.sqlite3"))
    qtbot.addWidget(snippets)
    snippets.show()
    assert everything_outside(snippets) == []


def test_the_walk_catches_english(qtbot) -> None:
    """The walk itself: an English combo item and tab title are reported (it would pass vacuously otherwise)."""
    root = QWidget()
    qtbot.addWidget(root)
    combo = QComboBox(root)
    combo.addItem("Every brand")
    tabs = QTabBar(root)
    tabs.addTab("Uploads")
    root.show()
    assert listed_words(root) == ["QComboBox item: 'Every brand'", "tab: 'Uploads'"]
    _ = UTC


#: Every menu command that opens a window of its own.
MENU_WINDOWS = ("new", "settings", "posting_schedule", "repeating_posts", "export", "import", "shortcuts",
                "grid_planner", "add_note", "holidays", "labels", "snippets", "about")


@pytest.mark.parametrize("command", MENU_WINDOWS)
def test_every_window_a_menu_opens(qloop: Any, pseudo: None, main_window: Any, command: str) -> None:
    """Each window a menu command opens, as the app opens it at 1024x700: no text outside the catalog and no
    button too narrow for its words."""
    from PySide6.QtWidgets import QApplication
    main_window.panels.install_extensions()
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    main_window.actions.actions[command].trigger()
    opened = qloop.run_until_complete(until(
        lambda: [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before],
        what=f"{command} window"))
    qloop.run_until_complete(asyncio.sleep(0.1))
    found = {}
    for window in opened:
        problems = everything_outside(window)
        if problems and not isinstance(window, type(main_window)):
            found[window.windowTitle() or type(window).__name__] = problems
        window.close()
    assert found == {}


def test_side_by_side_previews(qtbot, pseudo: None, tmp_path) -> None:
    """The composer's "preview on every platform" window: its frames and notes through the catalog."""
    from uihelpers import side_by_side_previews

    with side_by_side_previews(qtbot, tmp_path) as side:
        assert everything_outside(side) == []
