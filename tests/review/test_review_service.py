"""The Qt-free review logic: which posts, by day, approvability, change sets, batch actions and undo."""

from __future__ import annotations

import asyncio
import copy
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from dashdesk.platforms import PLATFORM_IDS, AutoPublish, PublishMode, rules_for
from dashdesk.services.post import Post
from dashdesk.services.posts import PostService, UndoRecord
from dashdesk.services.review import (
    ReviewActions,
    approval_info,
    approve_changes,
    auto_publish_for,
    check_approvable,
    count_waiting,
    day_heading,
    default_approve_time,
    group_by_day,
    in_review,
    publish_now_changes,
    revert_changes,
    review_posts,
)

NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
IMG = {"id": 7, "type": "IMAGE"}
VID = {"id": 8, "type": "VIDEO"}


def P(platform: str, i: int, ts: str | None = "2026-03-06T10:00:00Z", status: str = "DRAFT", **kw) -> Post:
    return Post.from_json(platform, {"id": i, "brand_id": 144, "status": status, "timestamp": ts, **kw})


def test_in_review_and_range() -> None:
    start, end = datetime(2026, 3, 6, tzinfo=UTC), datetime(2026, 3, 7, tzinfo=UTC)
    assert in_review(P("twitter", 1), start, end)
    assert in_review(P("twitter", 2, status="MISSING_APPROVALS"), start, end)
    assert not in_review(P("twitter", 3, status="SCHEDULED"), start, end)
    assert not in_review(P("twitter", 4, ts="2026-03-07T00:00:00Z"), start, end)  # end is exclusive
    assert in_review(P("twitter", 5, ts=None), start, end)  # untimed drafts always wait
    order = review_posts([P("twitter", 6, ts=None), P("bluesky", 7, ts="2026-03-06T09:00:00Z"), P("twitter", 1)])
    assert [p.id for p in order] == [7, 1, 6]


def test_group_by_day_in_the_display_zone() -> None:
    posts = [P("twitter", 1, "2026-03-06T22:30:00Z"), P("twitter", 2, "2026-03-06T10:00:00Z"),
             P("twitter", 3, None), P("twitter", 4, "2026-03-07T08:00:00Z")]
    groups = group_by_day(review_posts(posts), BERLIN)
    # 22:30 UTC on the 6th is 23:30 in Berlin: still the 6th; 08:00 on the 7th is the 7th.
    assert [(g.day, [p.id for p in g.posts]) for g in groups] == [
        (date(2026, 3, 6), [2, 1]), (date(2026, 3, 7), [4]), (None, [3])]
    tokyo = group_by_day(review_posts(posts), ZoneInfo("Asia/Tokyo"))
    assert [g.day for g in tokyo][:2] == [date(2026, 3, 6), date(2026, 3, 7)]
    assert [p.id for p in tokyo[1].posts] == [1, 4]  # 22:30 UTC is the 7th in Tokyo
    today = date(2026, 3, 6)
    assert day_heading(today, today) == "Today · Friday 6 March"
    assert day_heading(date(2026, 3, 7), today) == "Tomorrow · Saturday 7 March"
    assert day_heading(date(2027, 1, 4), today) == "Monday 4 January 2027"
    assert day_heading(None, today) == "No date"


def test_count_waiting_per_platform() -> None:
    posts = [P("twitter", 1), P("twitter", 2, status="MISSING_APPROVALS"), P("bluesky", 3),
             P("instagram", 4, status="SCHEDULED")]
    assert count_waiting(posts) == {"twitter": 2, "bluesky": 1}


@pytest.mark.parametrize("platform", PLATFORM_IDS)
def test_auto_publish_is_valid_for_every_platform(platform: str) -> None:
    # A post that chose manual publishing keeps it where the platform allows it, else it auto-publishes.
    optional = rules_for(platform).auto_publish is AutoPublish.OPTIONAL
    assert auto_publish_for(P(platform, 1, auto_publish=False)) is (not optional)
    assert auto_publish_for(P(platform, 2)) is True


def test_blocked_drafts_name_the_field_to_fix() -> None:
    ig = P("instagram", 1, post_type="FEED", caption="no photo")
    pin = P("pinterest", 2, note="n", meta={"title": "T", "pinterestBoard": {"id": "1", "name": "B"}})
    yt = P("youtube", 3, media_ids=[8], media=[VID], declared_made_for_kids=False, description="d")
    x_long = P("twitter", 4, tweet_status="x" * 281)
    fc_manual = P("instagram", 5, post_type="FEED", caption="c", first_comment="hi", media_ids=[7], media=[IMG],
                  auto_publish=False)
    cases = {ig: "media_ids", pin: "media_ids", yt: "title", x_long: "tweet_status", fc_manual: "first_comment"}
    for post, path in cases.items():
        check = check_approvable(post, now=NOW)
        assert not check.ok, post
        assert check.field == path
        assert check.reason
    ok = P("instagram", 6, post_type="FEED", caption="c", media_ids=[7], media=[IMG])
    assert check_approvable(ok, now=NOW).ok
    # X Premium allows the long post; a past or missing time never blocks (the reviewer picks one).
    assert check_approvable(x_long, now=NOW, x_premium=True).ok
    assert check_approvable(P("twitter", 7, "2026-01-01T00:00:00Z", tweet_status="old"), now=NOW).ok
    assert check_approvable(P("twitter", 8, None, tweet_status="untimed"), now=NOW).ok
    # Publishing now checks the post as AUTOPUBLISHING.
    assert not check_approvable(ig, now=NOW, mode=PublishMode.NOW).ok


def test_change_sets() -> None:
    post = P("facebook", 1, auto_publish=False, post_type="POST", message="m")
    when = datetime(2026, 3, 8, 9, 30, tzinfo=BERLIN)
    assert approve_changes(post, when) == {"status": "SCHEDULED", "timestamp": "2026-03-08T08:30:00Z",
                                           "auto_publish": False}
    assert approve_changes(P("linkedin", 2, auto_publish=False), when)["auto_publish"] is True
    assert publish_now_changes(post) == {"status": "AUTOPUBLISHING", "auto_publish": True}
    assert revert_changes(post) == {"status": "DRAFT", "timestamp": "2026-03-06T10:00:00Z", "auto_publish": False}
    assert revert_changes(P("twitter", 3, None)) == {"status": "DRAFT", "timestamp": None, "auto_publish": None}
    with pytest.raises(ValueError):
        approve_changes(post, datetime(2026, 3, 8, 9, 30))
    assert default_approve_time(post, NOW) == post.timestamp
    assert default_approve_time(P("twitter", 4, "2026-03-01T00:00:00Z"), NOW) == datetime(2026, 3, 5, 13, tzinfo=UTC)


def test_approval_info_words() -> None:
    post = P("twitter", 1, status="MISSING_APPROVALS", approval_policy="APPROVAL_REQUIRED",
             approval_status="PENDING", num_of_approvals_required=2,
             approval_requests=[{"requested_by_user_id": 1, "review_user_id": 2}])
    info = approval_info(post)
    assert info.needs_approval
    assert info.summary() == "Needs 2 approvals · Pending · 1 request"
    assert ("Approval policy", "Approval required") in info.rows()
    assert ("Request 1", "user 1 asked user 2 to review") in info.rows()
    assert approval_info(P("twitter", 2)).summary() == ""


class Server:
    """A fake API: PATCH merges, one post can be made to refuse."""

    def __init__(self, posts: list[Post]) -> None:
        self.data = {p.key: dict(p.data) for p in posts}
        self.refuse: set[tuple[str, int]] = set()

    async def update_post(self, platform, post_id, changes):
        await asyncio.sleep(0)
        if (platform, post_id) in self.refuse:
            raise ValueError("Refused by the API")
        self.data[(platform, post_id)].update(changes)
        return copy.deepcopy(self.data[(platform, post_id)])

    async def delete_post(self, platform, post_id):
        del self.data[(platform, post_id)]


def test_batch_approve_is_one_undo_step_and_skips_blocked_and_refused() -> None:
    posts = [P("twitter", 1, tweet_status="a"), P("bluesky", 2, text="b", auto_publish=False),
             P("instagram", 3, post_type="FEED", caption="no media"), P("linkedin", 4, text="d")]
    server = Server(posts)
    server.refuse.add(("linkedin", 4))
    svc = PostService(server, 144, clock=lambda: NOW)
    svc.set_posts(posts)
    records: list[UndoRecord] = []
    svc.on_record(records.append)
    actions = ReviewActions(svc)
    when = datetime(2026, 3, 9, 9, tzinfo=UTC)
    result = asyncio.run(actions.approve([p.key for p in posts], when))
    assert sorted(p.id for p in result.done) == [1, 2]
    assert set(result.blocked) == {("instagram", 3)}
    assert result.failed == {("linkedin", 4): "Refused by the API"}
    assert server.data[("twitter", 1)]["status"] == "SCHEDULED"
    assert server.data[("bluesky", 2)]["auto_publish"] is True  # Bluesky forces auto-publish
    assert svc.get(("linkedin", 4)).status == "DRAFT"  # rolled back
    assert [r.text for r in records] == ["Approve 2 posts"]
    assert "2 posts" in result.summary("Scheduled") and "2 not" in result.summary("Scheduled")

    asyncio.run(records[0].undo())
    assert server.data[("twitter", 1)]["status"] == "DRAFT"
    assert server.data[("twitter", 1)]["timestamp"] == "2026-03-06T10:00:00Z"
    assert server.data[("bluesky", 2)]["auto_publish"] is False
    asyncio.run(records[0].redo())
    assert server.data[("bluesky", 2)]["status"] == "SCHEDULED"

    past = asyncio.run(actions.approve([("twitter", 1)], NOW - timedelta(hours=1)))
    assert past.blocked and not past.done


def test_publish_now_and_delete() -> None:
    posts = [P("twitter", 1, tweet_status="go"), P("youtube", 2, media_ids=[8], media=[VID],
                                                    declared_made_for_kids=False)]
    server = Server(posts)
    svc = PostService(server, 144, clock=lambda: NOW)
    svc.set_posts(posts)
    actions = ReviewActions(svc)
    result = asyncio.run(actions.publish_now([p.key for p in posts]))
    assert [p.id for p in result.done] == [1]
    assert server.data[("twitter", 1)]["status"] == "AUTOPUBLISHING"
    assert ("youtube", 2) in result.blocked
    gone = asyncio.run(actions.delete([("youtube", 2)]))
    assert [p.id for p in gone.done] == [2] and ("youtube", 2) not in server.data
