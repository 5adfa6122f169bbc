"""The review queue against the sandbox: what it lists, approving, blocked drafts, undo, keyboard review."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from dashdesk.ui.review import ReviewCounter, ReviewPanel
from dashdesk.ui.review.delegate import ReviewDelegate

from .conftest import days_ahead

#: The offscreen platform says this whenever a dialog is shown; it is not a problem of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def make_panel(app, qtbot, **kw) -> ReviewPanel:
    panel = ReviewPanel(app.service, app.model, **kw)
    qtbot.addWidget(panel)
    font_line = panel.fontMetrics().height()
    panel.resize(font_line * 70, font_line * 40)
    return panel


def keys_in_queue(panel: ReviewPanel) -> list[tuple[str, int]]:
    return [p.key for p in panel.proxy.posts()]


def test_queue_lists_exactly_the_drafts_of_the_range(app, posts, run, qtbot) -> None:
    inside = [
        posts.draft("instagram", days_ahead(1, 9)),
        posts.draft("linkedin", days_ahead(1, 14)),
        posts.draft("pinterest", days_ahead(3, 11)),
        posts.draft("tiktok", days_ahead(12, 18)),
    ]
    approval_id = posts.raw("twitter", "MISSING_APPROVALS", days_ahead(2, 10), tweet_status="Needs a yes")
    # Not in the queue: scheduled, posted-by-time-elsewhere, and drafts outside the range.
    posts.create("facebook", "SCHEDULED", days_ahead(2, 12), post_type="POST", message="Already scheduled")
    far = posts.draft("bluesky", days_ahead(45, 10))
    overdue = posts.draft("threads", days_ahead(-3, 10))

    panel = make_panel(app, qtbot)
    run(panel.reload())

    expected = {("twitter", approval_id), *((p["platform"], p["id"]) for p in inside)}
    assert set(keys_in_queue(panel)) == expected
    times = [p.timestamp for p in panel.proxy.posts()]
    assert times == sorted(times)
    # The calendar's model holds the scheduled post too: the queue is a filtered view of the same rows.
    assert any(p.status == "SCHEDULED" for p in app.model.posts())
    assert panel.count_label.text() == "5 waiting"
    # Grouped by day: a header above the first post of each of the four days.
    delegate = panel.list.itemDelegate()
    assert isinstance(delegate, ReviewDelegate)
    headers = [delegate.starts_day(panel.proxy.index(r, 0)) for r in range(panel.proxy.rowCount())]
    assert headers == [True, False, True, True, True]
    # The approval fields the API gave show in the list's accessible text.
    row = panel.proxy.row_of(("twitter", approval_id))
    assert "Needs 1 approval" in panel.proxy.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    # The overdue preset also lists the draft whose time passed three days ago (and loads that range).
    panel.range_box.setCurrentIndex(3)
    run(panel._load_task)
    assert ("threads", overdue["id"]) in keys_in_queue(panel)
    assert ("bluesky", far["id"]) not in keys_in_queue(panel)


def test_approving_several_schedules_each_on_the_server(app, posts, run, qtbot) -> None:
    made = [posts.draft(p, days_ahead(2 + i, 10)) for i, p in enumerate(("instagram", "linkedin", "bluesky"))]
    waiting = posts.raw("twitter", "MISSING_APPROVALS", days_ahead(4, 16), tweet_status="Approve me")
    panel = make_panel(app, qtbot)
    run(panel.reload())
    assert panel.proxy.rowCount() == 4
    sm = panel.list.selectionModel()
    for row in range(4):
        sm.select(panel.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select)

    dialog = panel.approve_selected()
    assert dialog is not None and dialog.isVisible() and dialog.own.isChecked()
    dialog.approve_button.click()
    run(panel.pending)

    for answer in made:
        server = posts.server_post(answer["platform"], answer["id"])
        assert server["status"] == "SCHEDULED"
        assert server["timestamp"] is not None
        assert datetime.fromisoformat(server["timestamp"]) == datetime.fromisoformat(answer["timestamp"])
        assert server["auto_publish"] is True
    assert posts.server_post("twitter", waiting)["status"] == "SCHEDULED"
    assert panel.proxy.rowCount() == 0
    assert {p.status for p in app.model.posts()} == {"SCHEDULED"}
    assert "Scheduled 4 posts" in panel.message.text()
    assert [r.text for r in app.records] == ["Approve 4 posts"]


def test_approve_at_a_picked_time(app, posts, run, qtbot) -> None:
    answer = posts.create("linkedin", "DRAFT", None, text="No time yet")  # an untimed draft
    panel = make_panel(app, qtbot)
    app.service.set_posts([])
    from dashdesk.services.post import Post

    app.service._apply(Post.from_json("linkedin", answer))
    panel.focus_queue()
    panel.step(0)
    dialog = panel.approve_selected()
    assert not dialog.own.isEnabled() and dialog.pick.isChecked()
    dialog.approve_button.click()
    run(panel.pending)
    server = posts.server_post("linkedin", answer["id"])
    assert server["status"] == "SCHEDULED" and server["auto_publish"] is True
    assert datetime.fromisoformat(server["timestamp"]) > datetime.now(UTC)


def test_unapprovable_draft_shows_its_reason_and_edit_opens_the_field(app, posts, run, qtbot) -> None:
    no_media = posts.create("instagram", "DRAFT", days_ahead(1, 9), post_type="FEED", caption="Forgot the photo")
    pin = posts.create("pinterest", "DRAFT", days_ahead(1, 12), note="A pin",
                       meta={"title": "Linen", "pinterestBoard": posts.board})
    no_title = posts.raw("youtube", "DRAFT", days_ahead(2, 10), description="Lookbook",
                         media_ids=[posts.media("video")], declared_made_for_kids=False)
    good = posts.draft("linkedin", days_ahead(2, 12))
    edits: list[tuple[object, str]] = []
    panel = make_panel(app, qtbot, edit_handler=lambda post, field: edits.append((post.key, field)))
    run(panel.reload())
    assert panel.proxy.rowCount() == 4

    def reason(key) -> str:
        row = panel.proxy.row_of(key)
        return panel.proxy.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole)

    assert "Can't be approved: Instagram feed posts need images or videos" in reason(("instagram", no_media["id"]))
    assert "Can't be approved: Pinterest posts need an image or a video" in reason(("pinterest", pin["id"]))
    assert "Can't be approved: Title is required for YouTube posts" in reason(("youtube", no_title))
    assert "Can't be approved" not in reason(("linkedin", good["id"]))

    panel.select_row(panel.proxy.row_of(("youtube", no_title)))
    assert panel.preview.fix_button is not None
    banner = panel.preview.widget().findChild(type(panel.preview), "") is None
    assert banner
    panel.preview.fix_button.click()
    assert edits == [(("youtube", no_title), "title")]

    # Approving it is refused in the dialog and nothing is sent.
    panel.select_row(panel.proxy.row_of(("instagram", no_media["id"])))
    dialog = panel.approve_selected()
    assert not dialog.approve_button.isEnabled()
    dialog.reject()
    assert posts.server_post("instagram", no_media["id"])["status"] == "DRAFT"
    panel.edit_current()
    assert edits[-1] == (("instagram", no_media["id"]), "media_ids")


def test_publish_now_after_confirming(app, posts, run, qtbot) -> None:
    ready = posts.draft("twitter", days_ahead(3, 10))
    blocked = posts.create("tiktok", "DRAFT", days_ahead(3, 12), text="No video yet")
    panel = make_panel(app, qtbot)
    run(panel.reload())
    sm = panel.list.selectionModel()
    for row in range(2):
        sm.select(panel.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    box = panel.publish_selected()
    assert box is not None and "2 posts" in box.text()
    box.defaultButton().click()
    run(panel.pending)
    assert posts.server_post("twitter", ready["id"])["status"] == "AUTOPUBLISHING"
    assert posts.server_post("tiktok", blocked["id"])["status"] == "DRAFT"
    assert panel.last_result is not None and ("tiktok", blocked["id"]) in panel.last_result.blocked
    assert "Sent 1 post" in panel.message.text()
    assert [p.key for p in panel.proxy.posts()] == [("tiktok", blocked["id"])]


def test_undo_returns_the_post_to_draft_on_the_server_and_redo_approves_again(app, posts, run, qtbot) -> None:
    old = posts.draft("facebook", days_ahead(3, 15))
    waiting = posts.raw("twitter", "MISSING_APPROVALS", days_ahead(5, 9), tweet_status="Needs a yes")
    panel = make_panel(app, qtbot)
    run(panel.reload())
    sm = panel.list.selectionModel()
    for row in range(2):
        sm.select(panel.proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select)
    dialog = panel.approve_selected()
    dialog.pick.setChecked(True)
    dialog.when.setDateTime(dialog.when.dateTime().addDays(1))
    dialog.approve_button.click()
    run(panel.pending)
    assert posts.server_post("facebook", old["id"])["status"] == "SCHEDULED"
    assert panel.proxy.rowCount() == 0

    record = app.records[-1]
    run(record.undo())
    server = posts.server_post("facebook", old["id"])
    assert server["status"] == "DRAFT"
    assert datetime.fromisoformat(server["timestamp"]) == datetime.fromisoformat(old["timestamp"])
    assert posts.server_post("twitter", waiting)["status"] == "DRAFT"
    assert panel.proxy.rowCount() == 2  # back in the queue

    run(record.redo())
    assert posts.server_post("facebook", old["id"])["status"] == "SCHEDULED"
    assert panel.proxy.rowCount() == 0


def test_refused_approval_rolls_back_with_the_message(app, posts, run, qtbot, sandbox) -> None:
    answer = posts.draft("linkedin", days_ahead(2, 10))
    panel = make_panel(app, qtbot)
    run(panel.reload())
    sandbox.state.store.delete_post(answer["id"])  # someone deleted it meanwhile: the PATCH is a 404
    panel.step(0)
    removed: list[int] = []
    panel.proxy.rowsRemoved.connect(lambda *_: removed.append(panel.proxy.rowCount()))
    dialog = panel.approve_selected()
    dialog.approve_button.click()
    run(panel.pending)
    assert removed == [0]  # optimistic: it left the queue while the PATCH was out...
    assert panel.proxy.rowCount() == 1  # ...and came back when the API refused
    assert panel.last_result is not None and ("linkedin", answer["id"]) in panel.last_result.failed
    assert "not" in panel.message.text()
    assert app.records == []


def test_keyboard_review_of_ten_drafts(app, posts, run, qtbot) -> None:
    platforms = ("instagram", "facebook", "tiktok", "youtube", "twitter", "threads", "linkedin", "snapchat",
                 "pinterest", "bluesky")
    made = [posts.draft(p, days_ahead(1 + i // 3, 9 + i, 15), n=i) for i, p in enumerate(platforms)]
    edits: list[tuple[object, str]] = []
    panel = make_panel(app, qtbot, edit_handler=lambda post, field: edits.append((post.key, field)))
    counter = ReviewCounter(app.model)
    qtbot.addWidget(counter)
    panel.show()
    qtbot.waitExposed(panel)
    run(panel.reload())
    assert panel.proxy.rowCount() == 10
    assert counter.total() == 10 and len(counter.counts) == 10
    panel.focus_queue()
    view = panel.list
    qtbot.waitUntil(view.hasFocus)
    assert panel.current_post().key == (made[0]["platform"], made[0]["id"])

    # J J K: third, then back to the second post.
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert panel.current_post().key == (made[1]["platform"], made[1]["id"])
    assert panel.preview.post.key == panel.current_post().key

    # E: edit the current post (nothing blocks it, so no field).
    qtbot.keyClick(view, Qt.Key.Key_E)
    assert edits == [((made[1]["platform"], made[1]["id"]), "")]

    # A then Enter: approve the current one at its own time.
    qtbot.keyClick(view, Qt.Key.Key_A)
    dialog = panel._dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.approve_button, Qt.Key.Key_Return)
    run(panel.pending)
    assert posts.server_post(made[1]["platform"], made[1]["id"])["status"] == "SCHEDULED"
    assert panel.proxy.rowCount() == 9
    qtbot.waitUntil(view.hasFocus)

    # Space, J, Space, J, Space: select three, then A + Enter approves all three.
    current = panel.current_post().key
    picked = [current]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    for _ in range(2):
        qtbot.keyClick(view, Qt.Key.Key_J)
        picked.append(panel.current_post().key)
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert [p.key for p in panel.selected_posts()] == picked
    qtbot.keyClick(view, Qt.Key.Key_A)
    dialog = panel._dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.approve_button, Qt.Key.Key_Return)
    run(panel.pending)
    for platform, post_id in picked:
        assert posts.server_post(platform, post_id)["status"] == "SCHEDULED"
    assert panel.proxy.rowCount() == 6
    assert counter.total() == 6

    # Delete then Enter: delete the current one after confirming.
    qtbot.waitUntil(view.hasFocus)
    doomed = panel.current_post().key
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    box = panel._dialog
    qtbot.waitUntil(box.isVisible)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    run(panel.pending)
    assert doomed not in keys_in_queue(panel)
    assert panel.proxy.rowCount() == 5

    # Walk to the end with J and approve the rest one by one.
    while panel.proxy.rowCount():
        qtbot.waitUntil(view.hasFocus)
        qtbot.keyClick(view, Qt.Key.Key_K)
        qtbot.keyClick(view, Qt.Key.Key_A)
        dialog = panel._dialog
        qtbot.waitUntil(dialog.isVisible)
        qtbot.keyClick(dialog.approve_button, Qt.Key.Key_Return)
        run(panel.pending)
    assert counter.total() == 0
    statuses = [posts.server_post(m["platform"], m["id"])["status"] for m in made if (m["platform"], m["id"]) != doomed]
    assert statuses == ["SCHEDULED"] * 9
