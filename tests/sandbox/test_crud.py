"""GET, PATCH (only the sent fields change, rules re-checked) and DELETE of one post."""

from __future__ import annotations

from .conftest import assert_error


def create(api, sandbox, upload) -> dict:
    body = {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "auto_publish": True, "post_type": "FEED",
            "caption": "Original caption", "first_comment": "First!", "timestamp": "2026-12-10T15:00:00Z",
            "media_ids": [upload("IMAGE")["media_id"]]}
    response = api.post("/instagram/scheduled_posts", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_patch_changes_only_the_sent_fields(api, sandbox, upload) -> None:
    post = create(api, sandbox, upload)
    sandbox.clock.advance(5)
    response = api.patch(f"/instagram/scheduled_posts/{post['id']}", params={"media_v2": "true"},
                         json={"caption": "Updated caption", "timestamp": "2026-12-12T15:00:00Z"})
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["caption"] == "Updated caption"
    assert updated["timestamp"] == "2026-12-12T15:00:00+00:00"
    assert updated["updated_at"] > post["updated_at"]
    unchanged = {k: v for k, v in post.items() if k not in ("caption", "timestamp", "updated_at")}
    assert {k: updated[k] for k in unchanged} == unchanged
    assert api.get(f"/instagram/scheduled_posts/{post['id']}").json() == updated


def test_patch_rechecks_the_rules_on_the_merged_post(api, sandbox, upload) -> None:
    post = create(api, sandbox, upload)
    url = f"/instagram/scheduled_posts/{post['id']}"
    assert_error(api.patch(url, json={"auto_publish": False}), 400, fields={"first_comment"})
    assert_error(api.patch(url, json={"media_ids": [upload("VIDEO")["media_id"]], "post_type": "STORY",
                                      "tweet_status": "x"}), 400, "Invalid platform field", {"tweet_status"})
    assert_error(api.patch(url, json={"media_ids": [1]}), 400, "Invalid media_id", {"media_ids"})
    assert_error(api.patch(url, json={"timestamp": None}), 400, "Missing timestamp", {"timestamp"})
    assert api.get(url).json() == post  # nothing changed


def test_patch_can_turn_a_draft_into_a_scheduled_post(api, sandbox) -> None:
    draft = api.post("/twitter/scheduled_posts", json={"brand_id": sandbox.brand_id, "status": "DRAFT",
                                                        "tweet_status": "Soon"}).json()
    url = f"/twitter/scheduled_posts/{draft['id']}"
    assert_error(api.patch(url, json={"status": "SCHEDULED"}), 400, "Missing timestamp")
    response = api.patch(url, json={"status": "SCHEDULED", "timestamp": "2026-12-24T09:00:00Z"})
    assert response.status_code == 200 and response.json()["status"] == "SCHEDULED"
    assert response.json()["has_scheduled_time"] is True


def test_read_only_fields_sent_back_are_ignored(api, sandbox, upload) -> None:
    post = create(api, sandbox, upload)
    echo = {k: v for k, v in post.items() if k in ("id", "created_at", "media", "approval_status", "platform")}
    response = api.patch(f"/instagram/scheduled_posts/{post['id']}", json={**echo, "caption": "Echoed"})
    assert response.status_code == 200, response.text
    assert response.json()["caption"] == "Echoed" and response.json()["created_at"] == post["created_at"]


def test_delete_then_get_is_404(api, sandbox, upload) -> None:
    post = create(api, sandbox, upload)
    url = f"/instagram/scheduled_posts/{post['id']}"
    assert api.delete(url).status_code in (200, 204)
    assert_error(api.get(url), 404)
    assert_error(api.delete(url), 404)
    assert_error(api.patch(url, json={"caption": "x"}), 404)


def test_post_is_only_reachable_on_its_platform_and_brand(api, other_api, sandbox, upload) -> None:
    post = create(api, sandbox, upload)
    assert_error(api.get(f"/facebook/scheduled_posts/{post['id']}"), 404)
    assert_error(other_api.get(f"/instagram/scheduled_posts/{post['id']}"), 404)
    assert_error(other_api.delete(f"/instagram/scheduled_posts/{post['id']}"), 404)
    assert api.get(f"/instagram/scheduled_posts/{post['id']}").status_code == 200


def test_published_post_can_no_longer_be_edited(api, sandbox) -> None:
    post = api.post("/twitter/scheduled_posts", json={"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                       "tweet_status": "Now"}).json()
    url = f"/twitter/scheduled_posts/{post['id']}"
    assert_error(api.patch(url, json={"tweet_status": "Too late"}), 400, fields={"status"})
    sandbox.clock.advance(60)
    assert api.get(url).json()["status"] == "POSTED"
    assert_error(api.patch(url, json={"tweet_status": "Too late"}), 400, fields={"status"})
