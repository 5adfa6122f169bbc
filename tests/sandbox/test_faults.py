"""Fault injection: programmed answers, dropped connections after the work is done, 5xx, malformed bodies."""

from __future__ import annotations

import json

import httpx
import pytest

from .conftest import assert_error


def create_body(sandbox, text: str) -> dict:
    return {"brand_id": sandbox.brand_id, "status": "DRAFT", "tweet_status": text}


def all_tweets(api, sandbox) -> list[str]:
    data = api.get("/twitter/scheduled_posts", params={"brand_ids": sandbox.brand_id}).json()["data"]
    return [p["tweet_status"] for p in data]


def test_programmed_statuses_are_answered_in_order(api, sandbox) -> None:
    sandbox.faults.next_statuses = [429, 503, 500]
    first, second, third = (api.get("/api/self") for _ in range(3))
    assert_error(first, 429)
    assert first.headers["x-ratelimit-remaining"] == "0" and "x-ratelimit-reset" in first.headers
    assert_error(second, 503)
    assert_error(third, 500)
    assert api.get("/api/self").status_code == 200
    assert not sandbox.faults.next_statuses


def test_dropped_create_is_stored_but_unanswered(api, sandbox) -> None:
    sandbox.faults.next_statuses = ["drop"]
    with pytest.raises(httpx.RemoteProtocolError):
        api.post("/twitter/scheduled_posts", json=create_body(sandbox, "Outcome unknown"))
    assert all_tweets(api, sandbox) == ["Outcome unknown"]


def test_drop_rate_drops_every_request_when_one(api, sandbox) -> None:
    sandbox.faults.drop_rate = 1.0
    with pytest.raises(httpx.TransportError):
        api.get("/api/self")
    sandbox.faults.drop_rate = 0.0
    assert api.get("/api/self").status_code == 200


def test_malformed_answer_is_not_json_but_keeps_its_status(api, sandbox) -> None:
    sandbox.faults.next_statuses = ["malformed"]
    response = api.post("/twitter/scheduled_posts", json=create_body(sandbox, "Garbled"))
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)
    assert all_tweets(api, sandbox) == ["Garbled"]


def test_error_rate_one_answers_503(api, sandbox) -> None:
    sandbox.faults.error_rate = 1.0
    assert_error(api.get("/api/self"), 503)
    sandbox.faults.error_rate = 0.0
    assert api.get("/api/self").status_code == 200


def test_failing_platform_answers_503_only_for_its_scheduler_paths(api, sandbox) -> None:
    sandbox.faults.fail_platforms = {"tiktok"}
    assert_error(api.get("/tiktok/scheduled_posts", params={"brand_ids": sandbox.brand_id}), 503)
    assert api.get("/twitter/scheduled_posts", params={"brand_ids": sandbox.brand_id}).status_code == 200


def test_latency_and_slow_uploads_still_answer(api, sandbox) -> None:
    sandbox.faults.latency_ms = 5
    sandbox.faults.slow_upload_bps = 10_000_000
    answer = api.post("/media_upload_url", json={"filename": "a.bin", "content_type": "image/png"}).json()
    assert httpx.put(answer["url"], content=b"\x89PNG\r\n\x1a\n" + b"\0" * 100_000).status_code == 200
    assert api.get("/api/self").status_code == 200


def test_control_routes_change_faults_and_time(api, sandbox) -> None:
    response = api.patch("/_sandbox/faults", json={"latency_ms": 1, "fail_platforms": ["youtube"]})
    assert response.status_code == 200 and response.json()["fail_platforms"] == ["youtube"]
    assert sandbox.faults.fail_platforms == {"youtube"}
    assert_error(api.patch("/_sandbox/faults", json={"nonsense": 1}), 400)
    before = sandbox.clock.now()
    assert api.post("/_sandbox/clock", json={"advance": 3600}).status_code == 200
    assert (sandbox.clock.now() - before).total_seconds() == 3600
    assert api.post("/_sandbox/reset").status_code == 200
    assert sandbox.faults.fail_platforms == set()
    assert httpx.post(sandbox.url + "/_sandbox/reset").status_code == 401
