"""List filters (brand, window with and without offsets), both sort orders, descending, paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from .conftest import assert_error

BASE = datetime(2026, 12, 1, tzinfo=UTC)


def make(api: httpx.Client, sandbox, text: str, when: datetime | None, platform: str = "twitter") -> dict:
    body = {"brand_id": sandbox.brand_id, "status": "DRAFT", "tweet_status": text}
    if platform != "twitter":
        body = {"brand_id": sandbox.brand_id, "status": "DRAFT", "text": text}
    if when is not None:
        body["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    response = api.post(f"/{platform}/scheduled_posts", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def listed(api: httpx.Client, sandbox, platform: str = "twitter", **params) -> list[dict]:
    response = api.get(f"/{platform}/scheduled_posts",
                       params={"brand_ids": sandbox.brand_id, "media_v2": "true", **params})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"data", "paging"}
    return body["data"]


@pytest.fixture
def week(api, sandbox) -> list[dict]:
    """Posts on Dec 1..7 at 12:00 UTC, created in the order 3, 1, 2, 4, 5, 6, 7."""
    order = [3, 1, 2, 4, 5, 6, 7]
    posts = {day: make(api, sandbox, f"day {day}", BASE + timedelta(days=day - 1, hours=12)) for day in order}
    return [posts[d] for d in range(1, 8)]


def texts(posts: list[dict]) -> list[str]:
    return [p["tweet_status"] for p in posts]


def test_window_keeps_only_posts_inside_it(api, sandbox, week) -> None:
    got = listed(api, sandbox, start="2026-12-02T00:00:00Z", end="2026-12-04T23:59:59Z")
    assert texts(got) == ["day 2", "day 3", "day 4"]


def test_window_with_and_without_offsets(api, sandbox, week) -> None:
    # 2026-12-02T00:00-04:00 is 04:00 UTC, so day 2 (12:00 UTC) is in; 2026-12-04T07:00-05:00 is 12:00 UTC.
    got = listed(api, sandbox, start="2026-12-02T00:00:00-04:00", end="2026-12-04T07:00:00-05:00")
    assert texts(got) == ["day 2", "day 3", "day 4"]
    naive = listed(api, sandbox, start="2026-12-02T00:00:00", end="2026-12-04T11:59:59")
    assert texts(naive) == ["day 2", "day 3"]  # no offset: read as UTC
    plus = listed(api, sandbox, start="2026-12-02T14:00:00+02:00", end="2026-12-03T14:00:00+02:00")
    assert texts(plus) == ["day 2", "day 3"]


def test_sort_timestamp_ascending_and_descending(api, sandbox, week) -> None:
    window = {"start": "2026-12-01T00:00:00Z", "end": "2026-12-31T00:00:00Z"}
    assert texts(listed(api, sandbox, sort="TIMESTAMP", **window)) == [f"day {d}" for d in range(1, 8)]
    assert texts(listed(api, sandbox, sort="-TIMESTAMP", **window)) == [f"day {d}" for d in range(7, 0, -1)]


def test_sort_updated_at_follows_the_last_change(api, sandbox, week, monkeypatch) -> None:
    window = {"start": "2026-12-01T00:00:00Z", "end": "2026-12-31T00:00:00Z"}
    sandbox.clock.advance(60)
    assert api.patch(f"/twitter/scheduled_posts/{week[4]['id']}", json={"tweet_status": "day 5!"}).status_code == 200
    got = texts(listed(api, sandbox, sort="UPDATED_AT", **window))
    assert got == ["day 3", "day 1", "day 2", "day 4", "day 6", "day 7", "day 5!"]
    assert texts(listed(api, sandbox, sort="-UPDATED_AT", **window)) == list(reversed(got))


def test_brand_platform_and_undated_drafts(api, other_api, sandbox, week) -> None:
    make(api, sandbox, "threads post", BASE + timedelta(hours=12), platform="threads")
    make(api, sandbox, "no time yet", None)
    window = {"start": "2026-12-01T00:00:00Z", "end": "2026-12-31T00:00:00Z"}
    assert "threads post" not in texts(listed(api, sandbox, **window))
    assert "no time yet" not in texts(listed(api, sandbox, **window))
    everything = texts(listed(api, sandbox))
    assert everything[-1] == "no time yet" and len(everything) == 8  # undated last without a window
    other = other_api.get("/twitter/scheduled_posts", params={"brand_ids": 145})
    assert other.status_code == 200 and other.json()["data"] == []
    assert_error(other_api.get("/twitter/scheduled_posts", params={"brand_ids": sandbox.brand_id}), 403)


def test_limit_offset_paging_with_full_next_urls(api, sandbox, week) -> None:
    seen: list[str] = []
    url: str | None = f"{sandbox.url}/twitter/scheduled_posts"
    params: dict | None = {"brand_ids": sandbox.brand_id, "start": "2026-12-01T00:00:00Z",
                           "end": "2026-12-31T00:00:00Z", "limit": 3}
    pages = 0
    while url:
        body = api.get(url, params=params).json()
        params = None  # next is a full URL
        seen += texts(body["data"])
        assert body["paging"]["count"] == 7
        url = body["paging"]["next"]
        pages += 1
        if url:
            assert url.startswith(sandbox.url) and "limit=3" in url and "offset=" in url
    assert pages == 3 and seen == [f"day {d}" for d in range(1, 8)]
    last = api.get("/twitter/scheduled_posts", params={"brand_ids": sandbox.brand_id, "limit": 3, "offset": 6})
    assert last.json()["paging"]["previous"].endswith("offset=3") and last.json()["paging"]["next"] is None


@pytest.mark.parametrize(("params", "field"), [
    ({}, "brand_ids"),
    ({"brand_ids": "abc"}, "brand_ids"),
    ({"brand_ids": 144, "sort": "LIKES"}, "sort"),
    ({"brand_ids": 144, "start": "yesterday"}, "start"),
    ({"brand_ids": 144, "limit": 0}, "limit"),
])
def test_bad_list_parameters_are_refused(api, params, field) -> None:
    assert_error(api.get("/twitter/scheduled_posts", params=params), 400, fields={field})
