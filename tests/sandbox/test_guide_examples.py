"""Each of the guide's ten request examples is accepted and answered with the documented fields."""

from __future__ import annotations

import copy

import pytest
from guide_examples import EXAMPLES

from dashdesk.platforms import rules_for

#: The guide's "Common Response Fields", plus the extra fields dash-api-facts.md lists.
CORE_FIELDS = {
    "id", "brand_id", "status", "auto_publish", "timestamp", "media_ids", "media", "created_at", "updated_at",
    "approval_policy", "approval_status", "approval_requests", "auto_publish_error", "live_post_url",
    "has_scheduled_time", "post_group_id",
}
MEDIA_FIELDS = {"brand_id", "created_at", "id", "meta", "predictions", "source", "source_created_at",
                "source_id", "source_type", "type", "updated_at", "variants"}


@pytest.mark.parametrize(("name", "platform", "example", "kinds"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_guide_example_is_accepted(api, sandbox, upload, name, platform, example, kinds) -> None:
    body = copy.deepcopy(example)
    body["brand_id"] = sandbox.brand_id
    body["media_ids"] = [upload(kind)["media_id"] for kind in kinds] if "media_ids" in body else []
    if "media_ids" not in example:
        body.pop("media_ids")
    response = api.post(f"/{platform}/scheduled_posts", params={"media_v2": "true"}, json=body)
    assert response.status_code == 200, response.text
    post = response.json()
    assert set(post) >= CORE_FIELDS
    assert post["status"] == "SCHEDULED" and post["auto_publish"] is True
    assert post["brand_id"] == sandbox.brand_id and post["has_scheduled_time"] is True
    assert post["media_ids"] == body.get("media_ids", [])
    assert [m["id"] for m in post["media"]] == post["media_ids"]
    assert [m["type"] for m in post["media"]] == [str(k) for k in kinds]
    for media in post["media"]:
        assert set(media) >= MEDIA_FIELDS
    for key in rules_for(platform).body_paths & set(example):
        assert post[key] == body[key], key
    fetched = api.get(f"/{platform}/scheduled_posts/{post['id']}")
    assert fetched.status_code == 200 and fetched.json()["id"] == post["id"]


def test_examples_cover_the_ten_requests() -> None:
    assert len(EXAMPLES) == 11  # ten platforms; Snapchat has a Story and a Spotlight example
    assert {e[1] for e in EXAMPLES} == {
        "instagram", "twitter", "facebook", "tiktok", "threads", "linkedin", "youtube", "snapchat", "pinterest",
        "bluesky",
    }


@pytest.mark.parametrize("platform", ["threads", "bluesky"])
def test_threads_and_bluesky_answer_auto_publish_true(api, sandbox, platform) -> None:
    body = {"brand_id": sandbox.brand_id, "status": "DRAFT", "auto_publish": False, "text": "Forced on"}
    response = api.post(f"/{platform}/scheduled_posts", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["auto_publish"] is True
    again = api.get(f"/{platform}/scheduled_posts/{response.json()['id']}")
    assert again.json()["auto_publish"] is True


def test_pinterest_boards_match_the_guide_shape(api, sandbox) -> None:
    response = api.get(f"/v5/brands/{sandbox.brand_id}/boards")
    assert response.status_code == 200
    boards = response.json()
    assert isinstance(boards, list) and boards
    for board in boards:
        assert set(board) == {"description", "id", "name", "preview_url", "protected"}
        assert isinstance(board["id"], str)


def test_api_self_has_the_documented_shape(api, sandbox) -> None:
    me = api.get("/api/self").json()
    assert me["accessible_brands"] == [sandbox.brand_id]
    (_slug, brand), = me["brands"].items()
    assert brand["id"] == sandbox.brand_id and {"id", "name", "organization_id", "organization"} <= set(brand)
    assert me["organization_id"] == brand["organization_id"]
