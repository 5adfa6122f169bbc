"""Review widgets without a server: the proxy (qtmodeltester), counter, preview, dialog, accessibility."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton

from dashdesk.services.post import Post
from dashdesk.services.posts import PostService
from dashdesk.ui.posts_model import PostsModel
from dashdesk.ui.review import ApproveDialog, ReviewCounter, ReviewPanel, ReviewProxy, counts_text
from dashdesk.ui.review.dialogs import from_qdatetime, to_qdatetime

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = datetime.now(UTC).replace(microsecond=0)


def P(platform: str, i: int, hours: float | None, status: str = "DRAFT", **kw) -> Post:
    ts = (NOW + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ") if hours is not None else None
    return Post.from_json(platform, {"id": i, "brand_id": 144, "status": status, "timestamp": ts, **kw})


POSTS = [
    P("twitter", 1, 2, tweet_status="Line one\nLine two"),
    P("instagram", 2, 3, post_type="FEED", caption="No media yet", first_comment="#tags"),
    P("linkedin", 3, 26, status="MISSING_APPROVALS", text="Hiring", approval_policy="APPROVAL_REQUIRED",
      approval_status="PENDING", num_of_approvals_required=1,
      approval_requests=[{"requested_by_user_id": 1, "review_user_id": 2}]),
    P("bluesky", 4, 5, status="SCHEDULED", text="Already scheduled"),
    P("pinterest", 5, None, note="Untimed pin", meta={"title": "T", "pinterestBoard": {"id": "1", "name": "Board"}}),
    P("youtube", 6, 24 * 40, media_ids=[8], media=[{"id": 8, "type": "VIDEO"}], title="Far away",
      declared_made_for_kids=False),
]


@pytest.fixture
def shell(qapp):
    service = PostService(None, 144, clock=lambda: NOW)
    service.set_posts(POSTS)
    model = PostsModel(tz=ZoneInfo("Europe/Berlin"))
    model.attach(service)
    return service, model


def test_proxy_passes_qtmodeltester_and_filters(shell, qtmodeltester) -> None:
    service, model = shell
    proxy = ReviewProxy(model)
    qtmodeltester.check(proxy, force_py=True)
    assert {p.id for p in proxy.posts()} == {1, 2, 3, 5, 6}
    proxy.set_range(NOW, NOW + timedelta(days=30))
    assert {p.id for p in proxy.posts()} == {1, 2, 3, 5}
    proxy.set_hidden_platforms({"twitter"})
    assert {p.id for p in proxy.posts()} == {2, 3, 5}
    # A change in the service reaches the queue: the scheduled post becomes a draft again.
    service._apply(POSTS[3].with_changes({"status": "DRAFT"}))
    assert 4 in {p.id for p in proxy.posts()}


def test_counter_follows_the_model(shell, qtbot) -> None:
    service, model = shell
    counter = ReviewCounter(model)
    qtbot.addWidget(counter)
    assert counter.counts == {"instagram": 1, "youtube": 1, "twitter": 1, "linkedin": 1, "pinterest": 1}
    assert counter.button.text() == "5 to review"
    assert counter.button.accessibleName().startswith("5 waiting for review: Instagram 1")
    from PySide6.QtWidgets import QLabel, QWidget

    labels = [w.text() for w in counter.findChildren(QLabel)]
    assert "by platform:" in labels  # the badges are labelled in words, not marks only
    names = {w.accessibleName() for w in counter.findChildren(QWidget)}
    assert "Instagram: 1 to review" in names and "1 Instagram post to review" in names
    with qtbot.waitSignal(counter.countsChanged):
        service._apply(POSTS[0].with_changes({"status": "SCHEDULED"}))
    assert counter.total() == 4 and "twitter" not in counter.counts
    counter.set_range(NOW, NOW + timedelta(days=30))
    assert counter.total() == 3
    assert counts_text({}) == "Nothing waits for review"
    with qtbot.waitSignal(counter.clicked):
        counter.button.click()


def test_panel_preview_shows_the_whole_post_and_why_it_is_blocked(shell, qtbot) -> None:
    service, model = shell
    panel = ReviewPanel(service, model, load_on_range=False)
    qtbot.addWidget(panel)
    panel.resize(panel.fontMetrics().height() * 70, panel.fontMetrics().height() * 40)
    panel.set_range(None, None)
    assert panel.count_label.text() == "5 waiting"
    panel.select_row(panel.proxy.row_of(("twitter", 1)))
    texts = [w.text() for w in panel.preview.widget().findChildren(QLabel)]
    assert "Line one\nLine two" in texts  # line breaks kept
    assert panel.preview.fix_button is None
    panel.select_row(panel.proxy.row_of(("instagram", 2)))
    texts = [w.text() for w in panel.preview.widget().findChildren(QLabel)]
    assert "Can't be approved yet" in texts
    assert "#tags" in texts  # first comment
    assert any("need images or videos to publish" in t for t in texts)
    panel.select_row(panel.proxy.row_of(("linkedin", 3)))
    texts = [w.text() for w in panel.preview.widget().findChildren(QLabel)]
    assert "Pending" in texts and "Approval required" in texts
    panel.select_row(panel.proxy.row_of(("pinterest", 5)))
    texts = [w.text() for w in panel.preview.widget().findChildren(QLabel)]
    assert "Board" in texts and "No time set yet: pick one when approving." in texts
    # Every button has an accessible name and a tooltip naming its key.
    for button in panel.findChildren(QPushButton):
        assert button.accessibleName() and button.toolTip()
    assert panel.list.accessibleName() == "Posts waiting for review"
    # Narrow docks put the preview under the list.
    panel.show()
    qtbot.waitExposed(panel)
    panel.resize(panel.fontMetrics().height() * 30, panel.fontMetrics().height() * 50)
    qtbot.waitUntil(lambda: panel.splitter.orientation().name == "Vertical")


def test_approve_dialog_picks_a_time_and_refuses_the_past(shell, qtbot) -> None:
    service, model = shell
    tz = ZoneInfo("Europe/Berlin")
    posts = [POSTS[0], POSTS[1], P("twitter", 9, None, tweet_status="No time yet")]
    panel = ReviewPanel(service, model, load_on_range=False)
    qtbot.addWidget(panel)
    dialog = ApproveDialog(posts, panel.check, tz, NOW, panel)
    qtbot.addWidget(dialog)
    assert [p.id for p in dialog.ok_posts] == [1, 9]
    assert [p.id for p, _ in dialog.blocked] == [2]
    assert not dialog.own.isEnabled()  # one has no time yet
    assert dialog.pick.isChecked()
    when = NOW.astimezone(tz).replace(second=0) + timedelta(days=2)
    dialog.when.setDateTime(to_qdatetime(when, tz))
    assert from_qdatetime(dialog.when.dateTime(), tz) == when
    assert set(dialog.times().values()) == {when}
    dialog.when.setMinimumDateTime(to_qdatetime(NOW - timedelta(days=1), tz))
    dialog.when.setDateTime(to_qdatetime(NOW - timedelta(hours=2), tz))
    dialog.accept()
    assert dialog.error.isVisibleTo(dialog) and "passed" in dialog.error.text()
    assert dialog.result() == 0
    for button in dialog.findChildren(QAbstractButton):
        assert button.text()
