"""PostsModel and its filter proxy: qtmodeltester, live changes from the service, filters."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from dashdesk.services.post import Post
from dashdesk.services.posts import Change, PostService
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel, Roles


def P(platform: str, i: int, ts: str | None, status: str = "SCHEDULED", **kw) -> Post:
    data = {"id": i, "status": status, "timestamp": ts, **kw}
    return Post.from_json(platform, data)


POSTS = [
    P("instagram", 1, "2026-03-10T10:00:00Z", caption="Spring launch"),
    P("twitter", 2, "2026-03-09T10:00:00Z", tweet_status="hello world"),
    P("tiktok", 3, None, status="DRAFT", text="no time yet"),
    P("linkedin", 4, "2026-03-11T08:30:00Z", status="POSTED", text="Hiring"),
]


def test_model_passes_qtmodeltester(qtmodeltester, qapp) -> None:
    model = PostsModel(tz=ZoneInfo("Europe/Berlin"))
    model.set_posts(POSTS)
    qtmodeltester.check(model, force_py=True)
    proxy = PostsFilterProxy(model)
    proxy.set_platform_visible("twitter", False)
    qtmodeltester.check(proxy, force_py=True)


def test_rows_sorted_and_roles(qapp) -> None:
    model = PostsModel(tz=ZoneInfo("Europe/Berlin"))
    model.set_posts(POSTS)
    assert [model.post_at(r).id for r in range(model.rowCount())] == [2, 1, 4, 3]
    idx = model.index(1, 0)
    assert idx.data() == "Tue 10 Mar 11:00 CET"
    assert model.index(1, 1).data() == "Instagram"
    assert model.index(1, 2).data() == "Scheduled"
    assert idx.data(Roles.Platform) == "instagram"
    assert idx.data(Roles.Time) == datetime(2026, 3, 10, 10, tzinfo=UTC)
    assert "Spring launch" in idx.data(0x0003)  # tooltip: full text
    assert "Europe/Berlin" in idx.data(0x0003)
    assert model.index(0, 1).data(Roles.Text) == "hello world"


def test_follows_service_changes(qtmodeltester, qapp, qtbot) -> None:
    svc = PostService(None, 144)
    svc.set_posts(POSTS)
    model = PostsModel()
    model.attach(svc)
    qtmodeltester.check(model, force_py=True)
    moved = POSTS[1].with_changes({"timestamp": "2026-03-12T10:00:00Z"})
    with qtbot.waitSignals([model.rowsRemoved, model.rowsInserted]):
        svc._apply(moved)
    assert model.row_of(("twitter", 2)) == 2
    with qtbot.waitSignal(model.dataChanged):
        svc._apply(POSTS[0].with_changes({"caption": "Edited"}))
    assert model.index(model.row_of(("instagram", 1)), 3).data() == "Edited"
    with qtbot.waitSignal(model.rowsRemoved):
        svc._remove(("linkedin", 4))
    assert model.rowCount() == 3
    model.apply_change(Change("reset", posts=()))
    assert model.rowCount() == 0


def test_filters_hide_and_show(qapp) -> None:
    model = PostsModel()
    model.set_posts(POSTS)
    proxy = PostsFilterProxy(model)
    assert proxy.rowCount() == 4
    proxy.set_platform_visible("instagram", False)
    assert proxy.rowCount() == 3
    assert all(p.platform != "instagram" for p in proxy.visible_posts())
    proxy.set_platform_visible("instagram", True)
    proxy.set_statuses({"POSTED", "DRAFT"})
    assert {p.id for p in proxy.visible_posts()} == {3, 4}
    assert proxy.rowCount() == 2
    proxy.set_statuses(())
    proxy.set_search("  WORLD ")
    assert [p.id for p in proxy.visible_posts()] == [2]
    assert proxy.rowCount() == 1
