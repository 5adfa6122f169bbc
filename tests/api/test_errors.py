"""HTTP answers become typed errors that tell a person what happened and what to do."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from dashdesk.api import (
    NO_RETRY,
    AuthenticationError,
    DashError,
    MalformedResponse,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ValidationError,
)

from .conftest import MakeClient


def error_body(message: str, errors: object = None, status: str = "BAD_REQUEST", code: int = 400) -> dict:
    return {"code": code, "errors": errors or {}, "message": message, "status": status}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("status", "cls", "hint"),
    [
        (401, AuthenticationError, "API key"),
        (403, PermissionDeniedError, "brand"),
        (404, NotFoundError, "refresh"),
        (400, ValidationError, "Fix the fields"),
        (422, ValidationError, "Fix the fields"),
        (500, ServerError, "try again"),
        (418, DashError, "Try again"),
    ],
)
async def test_status_codes_map_to_typed_errors(make_client: MakeClient, status: int, cls: type, hint: str) -> None:
    client = make_client(lambda r: httpx.Response(status, json=error_body("Nope")), retry=NO_RETRY)
    with pytest.raises(cls) as info:
        await client.get_post("instagram", 1)
    assert type(info.value) is cls
    assert info.value.status == status
    assert info.value.message == "Nope"
    assert hint in info.value.user_message()
    assert info.value.platform == "instagram"


@pytest.mark.asyncio
async def test_validation_error_carries_the_apis_message_and_errors(make_client: MakeClient) -> None:
    body = error_body("Invalid platform field", {"caption": ["Unknown field."], "meta": {"title": ["Required."]}})
    client = make_client(lambda r: httpx.Response(400, json=body))
    with pytest.raises(ValidationError) as info:
        await client.create_post("twitter", {"brand_id": 1, "caption": "x"})
    err = info.value
    assert err.message == "Invalid platform field"
    assert err.errors == {"caption": ["Unknown field."], "meta.title": ["Required."]}
    assert err.code == 400
    assert "Caption: Unknown field." in err.user_message()
    assert "Title: Required." in err.user_message() and "meta.title" not in err.user_message()


@pytest.mark.asyncio
async def test_rate_limited_error_has_reset_time(make_client: MakeClient) -> None:
    headers = {"x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1800000030"}
    client = make_client(lambda r: httpx.Response(429, headers=headers, json=error_body("Slow down")), retry=NO_RETRY)
    with pytest.raises(RateLimitedError) as info:
        await client.get_post("tiktok", 3)
    assert info.value.reset_at is not None and info.value.reset_at.timestamp() == 1800000030
    assert "Try again after" in info.value.user_message()


@pytest.mark.asyncio
async def test_non_json_error_body_still_gives_a_typed_error(make_client: MakeClient) -> None:
    client = make_client(lambda r: httpx.Response(502, text="<html>Bad gateway</html>"), retry=NO_RETRY)
    with pytest.raises(ServerError) as info:
        await client.get_post("threads", 1)
    assert info.value.message == "502 Bad Gateway"


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="{not json"),
        httpx.Response(200, json=[1, 2, 3]),
        httpx.Response(200, json={"no": "id"}),
        httpx.Response(200, json={"id": "not-a-number"}),
        httpx.Response(200, content=b"\xff\xfe"),
    ],
)
async def test_malformed_answers_become_malformed_response(make_client: MakeClient, response: httpx.Response) -> None:
    client = make_client(lambda r: response)
    with pytest.raises(MalformedResponse) as info:
        await client.get_post("instagram", 1)
    assert "could not understand" in info.value.user_message()


@pytest.mark.asyncio
async def test_list_with_wrong_shape_is_malformed_but_one_bad_post_is_skipped(make_client: MakeClient) -> None:
    answers = {
        "instagram": {"data": [{"id": 1}, {"oops": True}, {"id": 2}]},
        "facebook": {"data": "nope"},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answers[request.url.path.split("/")[1]])

    client = make_client(handler)
    start, end = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)
    assert [p.id for p in await client.list_posts("instagram", 1, start, end)] == [1, 2]
    with pytest.raises(MalformedResponse):
        await client.list_posts("facebook", 1, start, end)


def test_every_error_explains_itself() -> None:
    from dashdesk.api import errors

    for name in errors.__all__:
        cls = getattr(errors, name)
        text = cls("something broke", status=None).user_message()
        assert text and text.endswith((".", ")")), name
