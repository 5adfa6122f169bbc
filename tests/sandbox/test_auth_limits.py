"""Bearer keys (401 with the error body) and the documented rate-limit headers (429 past the limit)."""

from __future__ import annotations

import httpx
import pytest

from .conftest import assert_error


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"},
                                     {"Authorization": "bearer"}, {"Authorization": "Token sandbox-key"}])
@pytest.mark.parametrize(("method", "path"), [("GET", "/api/self"), ("POST", "/twitter/scheduled_posts"),
                                              ("GET", "/v5/brands/144/boards"), ("POST", "/media_upload_url"),
                                              ("PUT", "/brands/144/media/v2")])
def test_missing_or_wrong_key_is_401(sandbox, headers, method, path) -> None:
    response = httpx.request(method, sandbox.url + path, headers=headers, json={})
    assert_error(response, 401)
    assert response.headers["x-ratelimit-limit"]


def test_every_answer_carries_rate_limit_headers(api, sandbox) -> None:
    first = api.get("/api/self")
    second = api.get("/twitter/scheduled_posts", params={"brand_ids": 144})
    error = api.get("/twitter/scheduled_posts/1")
    for response in (first, second, error):
        assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= set(response.headers)
    assert first.headers["x-ratelimit-limit"] == "1000"
    assert int(second.headers["x-ratelimit-remaining"]) == int(first.headers["x-ratelimit-remaining"]) - 1
    assert int(first.headers["x-ratelimit-reset"]) > sandbox.clock.now().timestamp()


def test_rate_limit_refuses_until_the_reset(api, sandbox) -> None:
    sandbox.rate_limit = 3
    answers = [api.get("/api/self") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert_error(answers[-1], 429)
    assert answers[-1].headers["x-ratelimit-remaining"] == "0"
    reset = int(answers[-1].headers["x-ratelimit-reset"])
    sandbox.clock.advance(reset - sandbox.clock.now().timestamp())
    assert api.get("/api/self").status_code == 200


def test_keys_are_counted_separately(api, other_api, sandbox) -> None:
    sandbox.rate_limit = 1
    assert api.get("/api/self").status_code == 200
    assert api.get("/api/self").status_code == 429
    assert other_api.get("/api/self").status_code == 200
