"""Every row of the guide's two media tables, from both sides: what is accepted and what is refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from dashdesk.platforms import MediaKind, validate_body

IMG, V = MediaKind.IMAGE, MediaKind.VIDEO

BASE: dict[str, dict[str, Any]] = {
    "instagram": {"caption": "Hi"},
    "facebook": {"message": "Hi"},
    "tiktok": {"text": "Hi"},
    "youtube": {"title": "T", "description": "D", "declared_made_for_kids": False},
    "twitter": {"tweet_status": "Hi"},
    "threads": {"text": "Hi"},
    "linkedin": {"text": "Hi"},
    "snapchat": {},
    "pinterest": {"note": "Hi", "meta": {"title": "T", "pinterestBoard": {"id": "1", "name": "B"}}},
    "bluesky": {"text": "Hi"},
}
SPOTLIGHT = {"save_to_profile": True, "locale": "en_US"}


def body(platform: str, kinds: list[MediaKind], *, status: str = "SCHEDULED", post_type: str | None = None,
         **extra: Any) -> dict[str, Any]:
    """A valid-looking body for ``platform`` with ``len(kinds)`` media items."""
    out: dict[str, Any] = {"brand_id": 144, "status": status, "auto_publish": True, **copy.deepcopy(BASE[platform]),
                           **extra}
    if status == "SCHEDULED":
        out["timestamp"] = "2026-03-10T15:00:00Z"
    if post_type:
        out["post_type"] = post_type
        if post_type == "SPOTLIGHT":
            out.update(SPOTLIGHT)
    if kinds:
        out["media_ids"] = list(range(1, len(kinds) + 1))
    return out


def codes(platform: str, kinds: list[MediaKind], **kw: Any) -> list[str]:
    """The problem codes validate_body gives for the body ``body()`` builds."""
    return [p.code for p in validate_body(platform, body(platform, kinds, **kw), kinds)]


# (platform, post_type, media kinds, status, expected codes) — "Media Support by Platform" accepted rows
ACCEPTED = [
    ("instagram", "FEED", [IMG] * 10, "SCHEDULED"),
    ("instagram", "FEED", [IMG, V, IMG], "SCHEDULED"),  # mixed media supported
    ("instagram", "FEED", [V] * 10, "SCHEDULED"),
    ("instagram", "REEL", [V], "SCHEDULED"),
    ("instagram", "STORY", [IMG], "SCHEDULED"),
    ("instagram", "STORY", [V], "SCHEDULED"),
    ("instagram", "STORY", [IMG, V, IMG], "DRAFT"),  # multiple for drafts
    ("instagram", "FEED", [], "DRAFT"),  # drafts without media
    ("instagram", "REEL", [], "DRAFT"),
    ("instagram", "STORY", [], "DRAFT"),
    ("tiktok", None, [V], "SCHEDULED"),
    ("tiktok", None, [], "DRAFT"),
    ("facebook", "POST", [IMG] * 10, "SCHEDULED"),
    ("facebook", "POST", [V], "SCHEDULED"),
    ("facebook", "POST", [], "SCHEDULED"),  # caption-only
    ("facebook", "REEL", [V], "SCHEDULED"),
    ("linkedin", None, [IMG] * 20, "SCHEDULED"),
    ("linkedin", None, [V], "SCHEDULED"),
    ("linkedin", None, [], "SCHEDULED"),
    ("youtube", None, [V], "SCHEDULED"),
    ("threads", None, [IMG] * 20, "SCHEDULED"),
    ("threads", None, [], "SCHEDULED"),
    ("twitter", None, [IMG] * 4, "SCHEDULED"),
    ("twitter", None, [V], "SCHEDULED"),
    ("twitter", None, [], "SCHEDULED"),
    ("snapchat", "STORY", [IMG], "SCHEDULED"),
    ("snapchat", "STORY", [V], "SCHEDULED"),
    ("snapchat", "SPOTLIGHT", [V], "SCHEDULED"),
    ("pinterest", None, [IMG], "SCHEDULED"),
    ("pinterest", None, [V], "SCHEDULED"),
    ("pinterest", None, [], "DRAFT"),
    ("bluesky", None, [IMG] * 4, "SCHEDULED"),
    ("bluesky", None, [], "SCHEDULED"),
]

REFUSED = [
    ("instagram", "FEED", [IMG] * 11, "SCHEDULED", "media_count"),
    ("instagram", "FEED", [], "SCHEDULED", "missing_media"),  # auto-publish posts require media
    ("instagram", "REEL", [IMG], "SCHEDULED", "unsupported_media_type"),
    ("instagram", "REEL", [V, V], "SCHEDULED", "media_count"),
    ("instagram", "STORY", [IMG, IMG], "SCHEDULED", "media_count"),  # one item when auto-publishing
    ("instagram", "STORY", [IMG, V], "AUTOPUBLISHING", "media_count"),
    ("tiktok", None, [IMG], "SCHEDULED", "unsupported_media_type"),
    ("tiktok", None, [V, V], "SCHEDULED", "media_count"),
    ("tiktok", None, [], "SCHEDULED", "missing_media"),
    ("facebook", "POST", [IMG] * 11, "SCHEDULED", "media_count"),
    ("facebook", "POST", [V, V], "SCHEDULED", "media_count"),
    ("facebook", "POST", [IMG, V], "SCHEDULED", "mixed_media"),
    ("facebook", "REEL", [], "SCHEDULED", "missing_media"),
    ("facebook", "REEL", [IMG], "SCHEDULED", "unsupported_media_type"),
    ("facebook", "REEL", [V, V], "SCHEDULED", "media_count"),
    ("linkedin", None, [IMG] * 21, "SCHEDULED", "media_count"),
    ("linkedin", None, [V, V], "SCHEDULED", "media_count"),
    ("linkedin", None, [IMG, V], "SCHEDULED", "mixed_media"),
    ("youtube", None, [], "SCHEDULED", "missing_media"),
    ("youtube", None, [], "DRAFT", "missing_media"),
    ("youtube", None, [IMG], "SCHEDULED", "unsupported_media_type"),
    ("youtube", None, [V, V], "SCHEDULED", "media_count"),
    ("threads", None, [IMG] * 21, "SCHEDULED", "media_count"),
    ("threads", None, [V], "SCHEDULED", "unsupported_media_type"),
    ("twitter", None, [IMG] * 5, "SCHEDULED", "media_count"),
    ("twitter", None, [V, V], "SCHEDULED", "media_count"),
    ("twitter", None, [IMG, V], "SCHEDULED", "mixed_media"),
    ("snapchat", "STORY", [], "SCHEDULED", "missing_media"),
    ("snapchat", "STORY", [IMG, V], "SCHEDULED", "mixed_media"),
    ("snapchat", "STORY", [IMG, IMG], "SCHEDULED", "media_count"),
    ("snapchat", "SPOTLIGHT", [IMG], "SCHEDULED", "unsupported_media_type"),
    ("snapchat", "SPOTLIGHT", [], "DRAFT", "missing_media"),
    ("pinterest", None, [], "SCHEDULED", "missing_media"),
    ("pinterest", None, [IMG, IMG], "SCHEDULED", "media_count"),
    ("pinterest", None, [IMG, V], "SCHEDULED", "mixed_media"),
    ("bluesky", None, [IMG] * 5, "SCHEDULED", "media_count"),
    ("bluesky", None, [V], "SCHEDULED", "unsupported_media_type"),
    ("bluesky", None, [IMG, V], "SCHEDULED", "unsupported_media_type"),
]


@pytest.mark.parametrize(("platform", "post_type", "kinds", "status"), ACCEPTED)
def test_accepted(platform: str, post_type: str | None, kinds: list[MediaKind], status: str) -> None:
    assert codes(platform, kinds, status=status, post_type=post_type) == []


@pytest.mark.parametrize(("platform", "post_type", "kinds", "status", "code"), REFUSED)
def test_refused(platform: str, post_type: str | None, kinds: list[MediaKind], status: str, code: str) -> None:
    problems = validate_body(platform, body(platform, kinds, status=status, post_type=post_type), kinds)
    assert code in [p.code for p in problems]
    assert all(p.path == "media_ids" for p in problems if p.code == code)


def test_tiktok_message_names_the_rule_and_what_the_post_has() -> None:
    (problem,) = validate_body("tiktok", body("tiktok", [IMG]), [IMG])
    assert problem.message == "TikTok posts need exactly one video. This post has an image."


def test_story_count_message_suggests_a_draft() -> None:
    (problem,) = validate_body("instagram", body("instagram", [IMG, IMG], post_type="STORY"), [IMG, IMG])
    assert "draft" in problem.message


def test_every_platform_row_is_covered() -> None:
    from dashdesk.platforms import RULES

    covered = {(p, t) for p, t, *_ in ACCEPTED} & {(p, t) for p, t, *_ in REFUSED}
    expected = {(r.id, pt.name) for r in RULES.values() for pt in r.post_types}
    assert expected <= covered
