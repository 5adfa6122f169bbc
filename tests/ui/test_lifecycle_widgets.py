"""Lifecycle widgets on their own: the post details dialog, Needs attention, tray notifications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from dashdesk.services.post import Post
from dashdesk.services.tracking import Outcome
from dashdesk.ui.attention import AttentionButton
from dashdesk.ui.notifications import OutcomeNotifier, message_for
from dashdesk.ui.post_details import PostDetailsDialog
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 11, 10, tzinfo=UTC)


def make(i: int, status: str, ts: datetime | None, **data: object) -> Post:
    return Post.from_json("threads", {"id": i, "status": status, "timestamp": ts.isoformat() if ts else None,
                                      "created_at": NOW.isoformat(), "text": f"post {i}", **data})


def test_failed_post_shows_the_reason_and_fix_retry_duplicate(qtbot) -> None:
    failed = make(1, "FAILED", None, auto_publish_error="Threads could not publish this post: Threads text is "
                                                        "600 characters; the limit is 500.")
    dialog = PostDetailsDialog(failed, TZ, NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.banner.isVisible() and "500" in dialog.banner.body.text()
    assert dialog.fix.isVisible() and dialog.retry.isVisible() and dialog.duplicate.isVisible()
    assert not dialog.open_live.isVisible()
    with qtbot.waitSignal(dialog.fixRequested) as fix:
        dialog.fix.click()
    assert fix.args == [failed.key, "text"]  # the failing field, to focus in the composer
    with qtbot.waitSignal(dialog.retryRequested) as retry:
        dialog.retry.click()
    assert retry.args == [failed.key] and not dialog.retry.isEnabled()  # one click, one post
    with qtbot.assertNotEmitted(dialog.retryRequested):
        dialog.retry.click()
    dialog.retry_finished(None)
    assert not dialog.retry.isEnabled() and "new post" in dialog.banner.body.text()


def test_posted_post_opens_read_only_with_its_link(qtbot) -> None:
    posted = make(2, "POSTED", NOW - timedelta(days=1), live_post_url="https://threads.example/p/2")
    dialog = PostDetailsDialog(posted, TZ, NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.open_live.isVisible() and dialog.duplicate.isVisible()
    assert not dialog.fix.isVisible() and not dialog.retry.isVisible()
    assert dialog.when_label.text() == "Went out:" and "10 Mar" in dialog.when.text()
    assert "https://threads.example/p/2" in dialog.link.text()
    with qtbot.waitSignal(dialog.duplicateRequested) as dup:
        dialog.duplicate.click()
    assert dup.args == [posted.key]
    # The tracker learns an outcome while the dialog is open: it updates in place.
    dialog.set_post(make(2, "FAILED", NOW - timedelta(days=1), auto_publish_error="Gone."))
    assert dialog.fix.isVisible() and not dialog.open_live.isVisible()


def test_needs_attention_counts_and_filters(qtbot) -> None:
    model = PostsModel(tz=TZ)
    model.set_posts([make(1, "FAILED", None), make(2, "EXPIRED", NOW - timedelta(hours=1)),
                     make(3, "MISSING_APPROVALS", NOW + timedelta(hours=2)),
                     make(4, "MISSING_APPROVALS", NOW + timedelta(days=9)), make(5, "POSTED", NOW),
                     make(6, "SCHEDULED", NOW + timedelta(days=1))])
    proxy = PostsFilterProxy(model)
    button = AttentionButton(model, proxy)
    button.clock = lambda: NOW
    qtbot.addWidget(button)
    button.recount()
    assert button.count == 3 and button.text() == "3 need attention"
    button.setChecked(True)
    assert sorted(p.id for p in proxy.visible_posts()) == [1, 2, 3]
    model.upsert(make(1, "SCHEDULED", NOW + timedelta(days=2)))  # fixed and rescheduled
    qtbot.waitUntil(lambda: button.count == 2)
    button.setChecked(False)
    assert len(proxy.visible_posts()) == 6


class FakeTray(QSystemTrayIcon):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title, text, icon=None, msecs=10000) -> None:  # type: ignore[override]
        self.messages.append((title, text))


def test_notifications_show_outcomes_open_the_post_and_obey_the_setting(qtbot) -> None:
    tray = FakeTray()
    enabled = {"on": True}
    notifier = OutcomeNotifier(QIcon(), lambda: enabled["on"], tray=tray)
    failed = make(7, "FAILED", None, auto_publish_error="the platform refused the post")
    assert notifier.notify(Outcome(failed, "AUTOPUBLISHING"))
    ((title, text),) = tray.messages
    assert title == "Threads didn't publish a post" and "refused" in text and "Click" in text
    with qtbot.waitSignal(notifier.openRequested) as opened:
        tray.messageClicked.emit()
    assert opened.args == [failed.key]
    enabled["on"] = False
    assert not notifier.notify(Outcome(make(8, "POSTED", NOW), "SCHEDULED"))
    assert len(tray.messages) == 1
    title, text, _ = message_for(Outcome(make(9, "POSTED", NOW), "SCHEDULED"))
    assert title == "Posted on Threads" and text == "“post 9” is live."


def test_unapproved_post_close_to_its_time_explains_and_offers_edit(qtbot) -> None:
    due = make(3, "MISSING_APPROVALS", NOW + timedelta(hours=2), num_of_approvals_required=1)
    dialog = PostDetailsDialog(due, TZ, NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "1 approval" in dialog.banner.body.text() and "approve" in dialog.banner.body.text()
    assert dialog.edit.isVisible() and not dialog.fix.isVisible() and not dialog.retry.isVisible()
    with qtbot.waitSignal(dialog.editRequested) as edit:
        dialog.edit.click()
    assert edit.args == [due.key]
