"""Simulated publishing: AUTOPUBLISHING and due SCHEDULED posts end POSTED, FAILED, notified or expired."""

from __future__ import annotations

import httpx


def get(api, platform: str, post_id: int) -> dict:
    return api.get(f"/{platform}/scheduled_posts/{post_id}").json()


def test_autopublishing_post_becomes_posted_with_a_live_url(api, sandbox) -> None:
    post = api.post("/twitter/scheduled_posts", json={"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                       "tweet_status": "Right now"}).json()
    assert post["status"] == "AUTOPUBLISHING" and post["live_post_url"] is None
    sandbox.clock.advance(sandbox.config.publish_delay_s + 1)
    done = get(api, "twitter", post["id"])
    assert done["status"] == "POSTED" and done["auto_publish_error"] is None
    assert done["live_post_url"].startswith(sandbox.url)
    assert "Right now" in httpx.get(done["live_post_url"]).text


def test_scheduled_post_is_published_when_its_time_comes(api, sandbox, upload) -> None:
    body = {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "post_type": "FEED", "caption": "Later",
            "timestamp": "2026-11-27T13:00:00Z", "media_ids": [upload("IMAGE")["media_id"]]}
    post = api.post("/instagram/scheduled_posts", json=body).json()
    sandbox.clock.advance(30 * 60)
    assert get(api, "instagram", post["id"])["status"] == "SCHEDULED"
    sandbox.clock.advance(31 * 60)
    listed = api.get("/instagram/scheduled_posts", params={"brand_ids": sandbox.brand_id}).json()["data"]
    assert [p["status"] for p in listed] == ["POSTED"]


def test_post_that_could_not_be_published_fails_with_a_reason(api, sandbox) -> None:
    long_text = "x" * 600  # Threads allows 500 characters: Dash passes text through, the platform refuses it
    post = api.post("/threads/scheduled_posts", json={"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                       "text": long_text})
    assert post.status_code == 200, post.text
    sandbox.clock.advance(60)
    failed = get(api, "threads", post.json()["id"])
    assert failed["status"] == "FAILED" and "500" in failed["auto_publish_error"]
    assert failed["live_post_url"] is None


def test_forced_platform_failure(api, sandbox) -> None:
    sandbox.faults.publish_fail_platforms = {"linkedin"}
    post = api.post("/linkedin/scheduled_posts", json={"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                        "text": "Doomed"}).json()
    sandbox.clock.advance(60)
    failed = get(api, "linkedin", post["id"])
    assert failed["status"] == "FAILED" and failed["auto_publish_error"]


def test_failed_post_can_be_rescheduled(api, sandbox) -> None:
    sandbox.faults.publish_fail_platforms = {"linkedin"}
    post = api.post("/linkedin/scheduled_posts", json={"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                        "text": "Try again"}).json()
    sandbox.clock.advance(60)
    assert get(api, "linkedin", post["id"])["status"] == "FAILED"  # outcomes are decided on the next read
    sandbox.faults.publish_fail_platforms = set()
    url = f"/linkedin/scheduled_posts/{post['id']}"
    again = api.patch(url, json={"status": "SCHEDULED", "timestamp": "2026-11-28T09:00:00Z"})
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "SCHEDULED"
    assert again.json()["auto_publish_error"] is None


def test_manual_publishing_notifies_users_instead(api, sandbox, upload) -> None:
    body = {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "auto_publish": False, "post_type": "FEED",
            "caption": "By hand", "timestamp": "2026-11-27T12:30:00Z", "media_ids": [upload("IMAGE")["media_id"]]}
    post = api.post("/instagram/scheduled_posts", json=body).json()
    sandbox.clock.advance(3600)
    assert get(api, "instagram", post["id"])["status"] == "USERS_NOTIFIED"


def test_drafts_never_publish(api, sandbox) -> None:
    post = api.post("/twitter/scheduled_posts", json={"brand_id": sandbox.brand_id, "status": "DRAFT",
                                                       "tweet_status": "Idle", "timestamp": "2026-11-27T12:05:00Z"})
    sandbox.clock.advance(86400)
    assert get(api, "twitter", post.json()["id"])["status"] == "DRAFT"
