"""Every documented rule is refused with the documented error body, naming the offending fields."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from dashdesk.sandbox.boards import GUIDE_BOARD

from .conftest import assert_error, other_key

WHEN = "2026-12-10T15:00:00Z"


def base(sandbox, **fields: Any) -> dict[str, Any]:
    return {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "auto_publish": True, "timestamp": WHEN, **fields}


def post(api: httpx.Client, platform: str, body: dict[str, Any]) -> httpx.Response:
    return api.post(f"/{platform}/scheduled_posts", params={"media_v2": "true"}, json=body)


# -- the guide's four "Common Errors", with its exact wording ---------------------------------------

def test_unknown_media_id_is_invalid_media_id(api, sandbox) -> None:
    response = post(api, "twitter", base(sandbox, tweet_status="hi", media_ids=[123]))
    assert_error(response, 400, "Invalid media_id", {"media_ids"})


def test_media_of_another_brand_is_invalid_media_id(api, other_api, sandbox, upload) -> None:
    foreign = upload("IMAGE", brand_id=other_key(sandbox)[1], client=other_api)
    response = post(api, "twitter", base(sandbox, tweet_status="hi", media_ids=[foreign["media_id"]]))
    assert_error(response, 400, "Invalid media_id", {"media_ids"})
    response = api.get(f"/brands/{sandbox.brand_id}/media/v2/{foreign['media_id']}")
    assert_error(response, 400, "Invalid media_id")


def test_scheduled_without_timestamp_is_missing_timestamp(api, sandbox) -> None:
    body = base(sandbox, tweet_status="hi")
    del body["timestamp"]
    assert_error(post(api, "twitter", body), 400, "Missing timestamp", {"timestamp"})


@pytest.mark.parametrize(("platform", "kind", "fields"), [
    ("tiktok", "IMAGE", {"text": "x"}),
    ("youtube", "IMAGE", {"title": "t", "declared_made_for_kids": False}),
    ("bluesky", "VIDEO", {"text": "x"}),
    ("threads", "VIDEO", {"text": "x"}),
    ("instagram", "IMAGE", {"post_type": "REEL", "caption": "x"}),
    ("facebook", "IMAGE", {"post_type": "REEL", "message": "x"}),
    ("snapchat", "IMAGE", {"post_type": "SPOTLIGHT", "save_to_profile": True, "locale": "en_US"}),
])
def test_wrong_media_kind_is_unsupported_media_type(api, sandbox, upload, platform, kind, fields) -> None:
    body = base(sandbox, media_ids=[upload(kind)["media_id"]], **fields)
    assert_error(post(api, platform, body), 400, "Unsupported media type", {"media_ids"})


@pytest.mark.parametrize(("platform", "field"), [
    ("twitter", "caption"), ("instagram", "tweet_status"), ("facebook", "text"), ("linkedin", "message"),
    ("bluesky", "note"), ("threads", "caption"),
])
def test_caption_field_of_another_platform_is_invalid_platform_field(api, sandbox, platform, field) -> None:
    body = {"brand_id": sandbox.brand_id, "status": "DRAFT", field: "Wrong field"}
    if platform in ("instagram", "facebook"):
        body["post_type"] = "FEED" if platform == "instagram" else "POST"
    assert_error(post(api, platform, body), 400, "Invalid platform field", {field})


# -- media counts and mixing ---------------------------------------------------------------------

@pytest.mark.parametrize(("platform", "kinds", "fields"), [
    ("bluesky", ["IMAGE"] * 5, {"text": "x"}),
    ("twitter", ["IMAGE"] * 5, {"tweet_status": "x"}),
    ("pinterest", ["IMAGE"] * 2, {"meta": {"title": "t", "pinterestBoard": GUIDE_BOARD}}),
    ("tiktok", ["VIDEO"] * 2, {"text": "x"}),
    ("instagram", ["IMAGE"] * 2, {"post_type": "STORY"}),
    ("facebook", ["VIDEO"] * 2, {"post_type": "POST", "message": "x"}),
    ("linkedin", ["VIDEO"] * 2, {"text": "x"}),
])
def test_too_many_media_items_are_refused(api, sandbox, upload, platform, kinds, fields) -> None:
    body = base(sandbox, media_ids=[upload(k)["media_id"] for k in kinds], **fields)
    assert_error(post(api, platform, body), 400, fields={"media_ids"})


@pytest.mark.parametrize(("platform", "fields"), [
    ("twitter", {"tweet_status": "x"}),
    ("facebook", {"post_type": "POST", "message": "x"}),
    ("linkedin", {"text": "x"}),
])
def test_mixed_images_and_video_are_refused(api, sandbox, upload, platform, fields) -> None:
    body = base(sandbox, media_ids=[upload("IMAGE")["media_id"], upload("VIDEO")["media_id"]], **fields)
    assert_error(post(api, platform, body), 400, fields={"media_ids"})


def test_instagram_feed_may_mix_and_story_drafts_may_hold_several(api, sandbox, upload) -> None:
    mixed = [upload("IMAGE")["media_id"], upload("VIDEO")["media_id"]]
    assert post(api, "instagram", base(sandbox, post_type="FEED", caption="x", media_ids=mixed)).status_code == 200
    draft = {"brand_id": sandbox.brand_id, "status": "DRAFT", "post_type": "STORY",
             "media_ids": [upload("IMAGE")["media_id"], upload("IMAGE")["media_id"]]}
    assert post(api, "instagram", draft).status_code == 200


# -- media required ------------------------------------------------------------------------------

@pytest.mark.parametrize(("platform", "fields"), [
    ("instagram", {"post_type": "FEED", "caption": "x"}),
    ("tiktok", {"text": "x"}),
    ("youtube", {"title": "t", "declared_made_for_kids": False}),
    ("pinterest", {"meta": {"title": "t", "pinterestBoard": GUIDE_BOARD}}),
    ("snapchat", {"post_type": "STORY"}),
    ("facebook", {"post_type": "REEL", "message": "x"}),
])
def test_publishing_posts_without_required_media_are_refused(api, sandbox, platform, fields) -> None:
    assert_error(post(api, platform, base(sandbox, **fields)), 400, fields={"media_ids"})


@pytest.mark.parametrize(("platform", "fields"), [
    ("instagram", {"post_type": "FEED", "caption": "Later"}),
    ("tiktok", {"text": "Later"}),
    ("pinterest", {"meta": {"title": "t", "pinterestBoard": GUIDE_BOARD}}),
    ("twitter", {"tweet_status": "Caption only"}),
    ("facebook", {"post_type": "POST", "message": "Caption only"}),
])
def test_drafts_without_media_are_accepted(api, sandbox, platform, fields) -> None:
    body = {"brand_id": sandbox.brand_id, "status": "DRAFT", **fields}
    response = post(api, platform, body)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "DRAFT" and response.json()["media"] == []


# -- required fields and platform fields ---------------------------------------------------------

@pytest.mark.parametrize(("platform", "fields", "missing"), [
    ("instagram", {"caption": "x"}, "post_type"),
    ("facebook", {"message": "x"}, "post_type"),
    ("snapchat", {}, "post_type"),
    ("youtube", {"declared_made_for_kids": False}, "title"),
    ("youtube", {"title": "t"}, "declared_made_for_kids"),
    ("pinterest", {"meta": {"pinterestBoard": GUIDE_BOARD}}, "meta.title"),
    ("pinterest", {"meta": {"title": "t"}}, "meta.pinterestBoard"),
    ("snapchat", {"post_type": "SPOTLIGHT", "locale": "en_US"}, "save_to_profile"),
    ("snapchat", {"post_type": "SPOTLIGHT", "save_to_profile": True}, "locale"),
])
def test_missing_required_fields_are_named(api, sandbox, upload, platform, fields, missing) -> None:
    kind = "VIDEO" if platform in ("youtube", "snapchat") else "IMAGE"
    body = base(sandbox, media_ids=[upload(kind)["media_id"]], **fields)
    assert_error(post(api, platform, body), 400, fields={missing})


def test_snapchat_story_has_no_description(api, sandbox, upload) -> None:
    body = base(sandbox, post_type="STORY", description="No captions on stories",
                media_ids=[upload("IMAGE")["media_id"]])
    assert_error(post(api, "snapchat", body), 400, fields={"description"})


def test_pinterest_board_must_be_one_of_the_brand(api, sandbox, upload) -> None:
    board = {**GUIDE_BOARD, "id": "999"}
    body = base(sandbox, media_ids=[upload("IMAGE")["media_id"]], meta={"title": "t", "pinterestBoard": board})
    assert_error(post(api, "pinterest", body), 400, fields={"meta.pinterestBoard"})


# -- auto_publish rules --------------------------------------------------------------------------

@pytest.mark.parametrize(("platform", "fields", "kind"), [
    ("linkedin", {"text": "x"}, None),
    ("youtube", {"title": "t", "declared_made_for_kids": False}, "VIDEO"),
    ("snapchat", {"post_type": "STORY"}, "IMAGE"),
])
def test_auto_publish_false_is_refused_where_required(api, sandbox, upload, platform, fields, kind) -> None:
    media = [upload(kind)["media_id"]] if kind else []
    body = base(sandbox, auto_publish=False, media_ids=media, **fields)
    assert_error(post(api, platform, body), 400, fields={"auto_publish"})


@pytest.mark.parametrize(("platform", "fields"), [
    ("instagram", {"post_type": "FEED", "caption": "x"}),
    ("facebook", {"post_type": "POST", "message": "x"}),
])
def test_first_comment_needs_auto_publish(api, sandbox, upload, platform, fields) -> None:
    body = base(sandbox, auto_publish=False, first_comment="First!", media_ids=[upload("IMAGE")["media_id"]],
                **fields)
    assert_error(post(api, platform, body), 400, fields={"first_comment"})


def test_auto_publish_false_is_kept_where_optional(api, sandbox, upload) -> None:
    body = base(sandbox, auto_publish=False, post_type="FEED", caption="x", media_ids=[upload("IMAGE")["media_id"]])
    response = post(api, "instagram", body)
    assert response.status_code == 200 and response.json()["auto_publish"] is False


# -- envelope -------------------------------------------------------------------------------------

def test_brand_of_another_key_is_forbidden(api, sandbox) -> None:
    body = {"brand_id": 145, "status": "DRAFT", "tweet_status": "x"}
    assert_error(post(api, "twitter", body), 403, fields={"brand_id"})


@pytest.mark.parametrize("body", [{"status": "DRAFT", "tweet_status": "x"}, {"brand_id": 144, "tweet_status": "x"},
                                  {"brand_id": 144, "status": "POSTED", "tweet_status": "x"}])
def test_missing_or_wrong_envelope_fields_are_refused(api, body) -> None:
    response = post(api, "twitter", body)
    assert_error(response, 400)
    assert {"brand_id", "status"} & set(response.json()["errors"])


def test_unknown_platform_and_bad_json(api) -> None:
    assert_error(api.post("/myspace/scheduled_posts", json={}), 404)
    response = api.post("/twitter/scheduled_posts", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_error(response, 400)


@pytest.mark.parametrize("body", [
    {"brand_id": 144, "status": ["DRAFT"], "tweet_status": "x"},
    {"brand_id": 144, "status": {"a": 1}, "tweet_status": "x"},
    {"brand_id": "144", "status": "DRAFT", "tweet_status": "x"},
    {"brand_id": True, "status": "DRAFT", "tweet_status": "x"},
    {"brand_id": 144, "status": "DRAFT", "tweet_status": ["x"]},
    {"brand_id": 144, "status": "DRAFT", "tweet_status": "x", "media_ids": "1"},
    {"brand_id": 144, "status": "DRAFT", "tweet_status": "x", "media_ids": [True]},
    {"brand_id": 144, "status": "DRAFT", "tweet_status": "x", "timestamp": 12345},
    {"brand_id": 144, "status": "DRAFT", "tweet_status": "x", "auto_publish": "yes"},
    [1, 2, 3], "text", None,
])
def test_odd_bodies_get_a_400_never_a_crash(api, body) -> None:
    assert_error(post(api, "twitter", body), 400)


def test_missing_brand_is_reported_before_media(api) -> None:
    body = {"status": "DRAFT", "tweet_status": "x", "media_ids": [1]}
    assert_error(post(api, "twitter", body), 400, fields={"brand_id"})
