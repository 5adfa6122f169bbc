"""The conflict dialog: both versions side by side, and the person's choice reaches the sandbox."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from outbox_helpers import NOW, WHEN, Counting, sandbox_client
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from dashdesk.platforms import PublishMode, build_body, format_timestamp, new_draft
from dashdesk.services.conflicts import ConflictChoice, EditConflict
from dashdesk.services.post import Post
from dashdesk.services.posts import PostService
from dashdesk.ui.conflict_dialog import ConflictDialog, ask_conflict

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's own notice


def _conflict() -> EditConflict:
    loaded = Post.from_json("linkedin", {"id": 7, "status": "SCHEDULED", "text": "Spring launch: doors open at 9.",
                                         "timestamp": "2026-03-10T15:00:00Z", "auto_publish": True})
    theirs = loaded.with_changes({"text": "Spring launch: doors open at 10 (updated by Sam)."})
    changes = {"timestamp": "2026-03-11T15:00:00Z"}
    return EditConflict(loaded.key, loaded, loaded.with_changes(changes), theirs, changes)


def _texts(dialog: ConflictDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_both_versions_are_shown_side_by_side_in_the_display_zone(qtbot) -> None:
    dialog = ConflictDialog(_conflict(), PARIS, action="move")
    qtbot.addWidget(dialog)
    dialog.show()
    texts = _texts(dialog)
    assert "Your version" in texts and "In Dash now" in texts
    assert "Wed 11 Mar 2026, 16:00" in texts and "Tue 10 Mar 2026, 16:00" in texts  # Paris time
    assert "Spring launch: doors open at 10 (updated by Sam)." in texts
    assert any("Your move was not sent" in t for t in texts)
    assert [d.label for d in dialog.differences] == ["Time", "Text"]
    # nothing in the words is an API field name
    assert not any(word in " ".join(texts) for word in ("timestamp", "PATCH", "EditConflict"))
    assert dialog.take_theirs.isDefault() and not dialog.keep_mine.isDefault()


@pytest.mark.parametrize(("button", "choice"), [("keep_mine", ConflictChoice.KEEP_MINE),
                                                ("take_theirs", ConflictChoice.TAKE_THEIRS),
                                                ("cancel", ConflictChoice.CANCEL)])
def test_each_button_ends_with_its_choice(qtbot, button: str, choice: ConflictChoice) -> None:
    dialog = ConflictDialog(_conflict(), PARIS)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.chosen) as blocker:
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert blocker.args == [choice] and not dialog.isVisible()


def test_escape_is_cancel(qtbot) -> None:
    dialog = ConflictDialog(_conflict(), PARIS)
    qtbot.addWidget(dialog)
    dialog.open()
    with qtbot.waitSignal(dialog.chosen) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [ConflictChoice.CANCEL]


def test_a_drag_meets_a_colleagues_edit_and_keep_mine_reaches_dash(qtbot, sandbox, run) -> None:
    sandbox.clock.freeze(NOW)

    async def scenario() -> None:
        async with sandbox_client(sandbox) as client:
            body = build_body(new_draft("threads", text="Mine", timestamp=WHEN, mode=PublishMode.SCHEDULE),
                              sandbox.brand_id)
            created = await client.create_post("threads", body)
            key = ("threads", created.id)
            counting = Counting(client)
            posts = PostService(counting, sandbox.brand_id, clock=lambda: NOW)
            await posts.load(WHEN - timedelta(days=3), WHEN + timedelta(days=3))
            await client.update_post("threads", created.id, {"text": "A colleague's words"})
            later = WHEN + timedelta(hours=4)
            try:
                await posts.move(key, later)
            except EditConflict as conflict:
                window = QWidget()  # the app's window: closing the dialog must not end the app
                qtbot.addWidget(window)
                window.show()
                dialog, choice = ask_conflict(conflict, PARIS, window, action="move")
                assert dialog.isVisible() and counting.updates == []
                dialog.keep_mine.click()
                assert await choice is ConflictChoice.KEEP_MINE
                await posts.resolve_conflict(conflict, await choice)
            else:
                raise AssertionError("the move should have met the colleague's change")
            on_dash = await client.get_post(*key)
            assert on_dash.timestamp == later and on_dash.body_fields()["text"] == "Mine"
            assert format_timestamp(posts.posts[key].timestamp) == format_timestamp(later)

    run(scenario())
