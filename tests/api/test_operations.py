"""Each operation sends what the contract says and parses what comes back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from dashdesk.api import DashClient, Hosts, ServerError
from dashdesk.platforms import PLATFORM_IDS

from .conftest import MakeClient

START = datetime(2026, 3, 1, tzinfo=UTC)
END = datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC)


class Recorder:
    """A handler that records requests and answers from a routing function."""

    def __init__(self, route) -> None:
        self.route = route
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.route(request)


def test_hosts_default_and_single() -> None:
    hosts = Hosts()
    assert hosts.scheduler == "https://scheduler.dashsocial.com"
    assert hosts.library == "https://library-backend.dashsocial.com"
    assert hosts.auth == "https://auth.dashsocial.com"
    assert hosts.pinterest == "https://pinterest.dashsocial.com"
    single = Hosts.single("http://127.0.0.1:8123/")
    assert {single.scheduler, single.library, single.auth, single.pinterest} == {"http://127.0.0.1:8123"}
    assert DashClient("k", api_url="http://127.0.0.1:9").hosts == Hosts.single("http://127.0.0.1:9")
    with pytest.raises(ValueError):
        Hosts(scheduler="ftp://x")


@pytest.mark.asyncio
async def test_create_posts_json_with_media_v2(make_client: MakeClient) -> None:
    rec = Recorder(lambda r: httpx.Response(201, json={"id": 806262, "status": "SCHEDULED", "caption": "Hi"}))
    body = {"brand_id": 144, "status": "SCHEDULED", "caption": "Hi", "timestamp": datetime(2026, 3, 10, 15, tzinfo=UTC)}
    post = await make_client(rec).create_post("instagram", body)
    request = rec.requests[0]
    assert request.method == "POST"
    assert request.url.path == "/instagram/scheduled_posts"
    assert request.url.params["media_v2"] == "true"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {**body, "timestamp": "2026-03-10T15:00:00Z"}
    assert post.platform == "instagram" and post.id == 806262 and post.body_fields() == {"caption": "Hi"}


@pytest.mark.asyncio
async def test_unknown_platform_is_a_programming_error(make_client: MakeClient) -> None:
    with pytest.raises(ValueError):
        await make_client(lambda r: httpx.Response(200)).get_post("myspace", 1)


@pytest.mark.asyncio
async def test_list_sends_range_and_follows_paging_next(make_client: MakeClient) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        nxt = (
            None if offset >= 4 else f"https://dash.test/tiktok/scheduled_posts?brand_ids=9&limit=2&offset={offset + 2}"
        )
        data = [{"id": offset + 1}, {"id": offset + 2}]
        return httpx.Response(200, json={"data": data, "paging": {"count": 6, "next": nxt, "previous": None}})

    rec = Recorder(route)
    eastern = timezone(timedelta(hours=-4))
    posts = await make_client(rec).list_posts("tiktok", 9, datetime(2026, 3, 22, tzinfo=eastern), END)
    assert [p.id for p in posts] == [1, 2, 3, 4, 5, 6]
    assert {p.platform for p in posts} == {"tiktok"}
    first = rec.requests[0].url.params
    assert (first["brand_ids"], first["start"], first["end"], first["sort"], first["media_v2"]) == (
        "9", "2026-03-22T04:00:00Z", "2026-03-31T23:59:59Z", "TIMESTAMP", "true",
    )  # fmt: skip
    assert [r.url.params.get("offset") for r in rec.requests] == [None, "2", "4"]
    assert all(r.url.params["media_v2"] == "true" for r in rec.requests)


@pytest.mark.asyncio
async def test_list_accepts_a_bare_list_and_stops_on_a_repeated_link(make_client: MakeClient) -> None:
    rec = Recorder(lambda r: httpx.Response(200, json=[{"id": 1}]))
    assert [p.id for p in await make_client(rec).list_posts("threads", 1, START, END)] == [1]
    loop = Recorder(
        lambda r: httpx.Response(
            200, json={"data": [{"id": 1}], "paging": {"next": "/threads/scheduled_posts?offset=1"}}
        )
    )
    assert [p.id for p in await make_client(loop).list_posts("threads", 1, START, END)] == [1]
    assert len(loop.requests) == 2


@pytest.mark.asyncio
async def test_update_patches_only_the_given_fields(make_client: MakeClient) -> None:
    rec = Recorder(lambda r: httpx.Response(200, json={"id": 5, "caption": "Updated caption"}))
    changes = {"caption": "Updated caption", "timestamp": datetime(2026, 3, 12, 15, tzinfo=UTC)}
    post = await make_client(rec).update_post("instagram", 5, changes)
    request = rec.requests[0]
    assert (request.method, request.url.path, request.url.params["media_v2"]) == (
        "PATCH", "/instagram/scheduled_posts/5", "true",
    )  # fmt: skip
    assert json.loads(request.content) == {"caption": "Updated caption", "timestamp": "2026-03-12T15:00:00Z"}
    assert post.body_fields()["caption"] == "Updated caption"


@pytest.mark.asyncio
async def test_update_with_an_empty_answer_reads_the_post_back(make_client: MakeClient) -> None:
    rec = Recorder(lambda r: httpx.Response(204) if r.method == "PATCH" else httpx.Response(200, json={"id": 5}))
    post = await make_client(rec).update_post("facebook", 5, {"message": "x"})
    assert post.id == 5 and [r.method for r in rec.requests] == ["PATCH", "GET"]


@pytest.mark.asyncio
async def test_delete(make_client: MakeClient) -> None:
    rec = Recorder(lambda r: httpx.Response(204))
    await make_client(rec).delete_post("bluesky", 77)
    assert (rec.requests[0].method, rec.requests[0].url.path) == ("DELETE", "/bluesky/scheduled_posts/77")


@pytest.mark.asyncio
async def test_fetch_range_one_failing_platform_leaves_the_others(make_client: MakeClient) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        platform = request.url.path.split("/")[1]
        if platform == "tiktok":
            return httpx.Response(500, json={"message": "TikTok is down"})
        index = PLATFORM_IDS.index(platform)
        return httpx.Response(200, json={"data": [{"id": index, "timestamp": f"2026-03-{20 - index:02d}T10:00:00Z"}]})

    result = await make_client(Recorder(route)).fetch_range(1, START, END)
    assert set(result.errors) == {"tiktok"}
    assert isinstance(result.errors["tiktok"], ServerError) and result.errors["tiktok"].platform == "tiktok"
    assert len(result.loaded_platforms) == 9 and "tiktok" not in result.loaded_platforms
    assert {p.platform for p in result.posts} == set(PLATFORM_IDS) - {"tiktok"}
    stamps = [p.timestamp for p in result.posts]
    assert stamps == sorted(stamps)  # sorted by time across platforms
    assert not result.ok and result.by_platform("instagram")[0].id == 0


@pytest.mark.asyncio
async def test_whoami_and_boards(make_client: MakeClient) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/self":
            return httpx.Response(
                200, json={"accessible_brands": [144], "brands": {"acme": {"id": 144, "name": "Acme"}}}
            )
        assert request.url.path == "/v5/brands/144/boards"
        return httpx.Response(200, json=[{"id": "123", "name": "Spring", "preview_url": None, "protected": False}])

    client = make_client(Recorder(route))
    me = await client.whoami()
    assert me.brands[0].name == "Acme"
    boards = await client.list_boards(144)
    assert boards[0].id == "123" and boards[0].to_dict()["name"] == "Spring"


@pytest.mark.asyncio
async def test_library_get_list_and_create_from_url(make_client: MakeClient) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"id": 9, "media_id": 90, "brand_media_status": "READY"})
        if request.method == "PUT":
            return httpx.Response(200, json={"data": [{"id": 9}], "paging": {"next": None, "count": 1}})
        return httpx.Response(200, json={"id": 10, "media_id": 100, "media_type": "IMAGE"})

    rec = Recorder(route)
    client = make_client(rec)
    media = await client.get_media(144, 90)
    assert rec.requests[-1].url.path == "/brands/144/media/v2/90" and media.attach_id == 90
    page = await client.list_media(144, limit=10, offset=20)
    assert rec.requests[-1].url.path == "/brands/144/media/v2"
    assert json.loads(rec.requests[-1].content) == {
        "filters": {"brand_media_types": ["UPLOADED"]}, "limit": 10, "offset": 20,
    }  # fmt: skip
    assert page.items[0].id == 9 and not page.has_more
    created = await client.create_media_from_url(144, "https://cdn.example/pic.jpg")
    body = json.loads(rec.requests[-1].content)
    assert rec.requests[-1].url.path == "/brands/144/media"
    assert (body["source"], body["type"], body["url"]) == ("UPLOAD", "UPLOADED", "https://cdn.example/pic.jpg")
    assert json.loads(body["meta"]) == {"filename": "pic.jpg"}
    assert body["source_created_at"].endswith("Z") and body["source_id"]
    assert created.attach_id == 100
