"""Fields, auto_publish rules, statuses and the guide's Common Errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_media_tables import BASE, body

from dashdesk.platforms import (
    ASSUMPTIONS,
    PLATFORM_IDS,
    MediaKind,
    PublishMode,
    body_changes,
    build_body,
    new_draft,
    rules_for,
    validate_body,
    validate_draft,
)

IMG, V = MediaKind.IMAGE, MediaKind.VIDEO
MEDIA_FOR = {"instagram": [IMG], "facebook": [], "tiktok": [V], "youtube": [V], "twitter": [], "threads": [],
             "linkedin": [], "snapchat": [V], "pinterest": [IMG], "bluesky": []}
TYPE_FOR = {"instagram": "FEED", "facebook": "POST", "snapchat": "SPOTLIGHT"}


def valid(platform: str, **extra: object) -> dict:
    """A valid scheduled body for ``platform``."""
    return body(platform, MEDIA_FOR[platform], post_type=TYPE_FOR.get(platform), **extra)


def problems(platform: str, b: dict) -> list:
    return validate_body(platform, b, MEDIA_FOR[platform])


def test_table_has_ten_platforms_with_guide_paths() -> None:
    assert PLATFORM_IDS == ("instagram", "facebook", "tiktok", "youtube", "twitter", "threads", "linkedin",
                            "snapchat", "pinterest", "bluesky")
    captions = {p: rules_for(p).text_field.path for p in PLATFORM_IDS}
    assert captions == {"instagram": "caption", "facebook": "message", "tiktok": "text", "youtube": "description",
                        "twitter": "tweet_status", "threads": "text", "linkedin": "text", "snapchat": "description",
                        "pinterest": "note", "bluesky": "text"}


@pytest.mark.parametrize("platform", PLATFORM_IDS)
def test_valid_bodies_pass(platform: str) -> None:
    assert problems(platform, valid(platform)) == []


def test_missing_timestamp_for_scheduled() -> None:
    b = valid("twitter")
    del b["timestamp"]
    (p,) = problems("twitter", b)
    assert (p.path, p.code) == ("timestamp", "missing_timestamp")
    assert p.message.startswith("A scheduled post needs a date and time")


@pytest.mark.parametrize("status", ["DRAFT", "AUTOPUBLISHING"])
def test_timestamp_optional_otherwise(status: str) -> None:
    assert problems("twitter", body("twitter", [], status=status)) == []


def test_invalid_platform_field_for_another_platforms_caption() -> None:
    b = valid("twitter")
    b["caption"] = b.pop("tweet_status")
    found = problems("twitter", b)
    assert (found[0].path, found[0].code) == ("caption", "invalid_platform_field")
    assert found[0].message.startswith("X posts have no caption")
    assert "Write the text in the X post instead" in found[0].message


def test_unknown_field_and_unknown_meta_field_refused() -> None:
    b = valid("pinterest", colour="red")
    b["meta"]["subtitle"] = "x"
    assert {p.path for p in problems("pinterest", b)} == {"colour", "meta.subtitle"}


def test_read_only_response_fields_are_ignored() -> None:
    assert problems("twitter", valid("twitter", id=5, created_at="x", approval_status="UNASSIGNED")) == []


def test_post_type_of_another_platform_is_invalid_field() -> None:
    b = dict(valid("twitter"), post_type="FEED")
    assert [p.code for p in problems("twitter", b)] == ["invalid_platform_field"]


@pytest.mark.parametrize("platform", ["instagram", "facebook", "snapchat"])
def test_post_type_required_and_checked(platform: str) -> None:
    b = valid(platform)
    b["post_type"] = "CAROUSEL"
    assert "invalid_value" in [p.code for p in problems(platform, b)]
    del b["post_type"]
    assert [p.path for p in problems(platform, b)] == ["post_type"]


@pytest.mark.parametrize("platform", ["linkedin", "snapchat", "youtube"])
def test_auto_publish_false_refused_where_required(platform: str) -> None:
    (p,) = problems(platform, valid(platform, auto_publish=False))
    assert (p.path, p.code) == ("auto_publish", "auto_publish")


@pytest.mark.parametrize("platform", ["threads", "bluesky", "instagram", "facebook", "tiktok", "twitter",
                                      "pinterest"])
def test_auto_publish_false_accepted_elsewhere(platform: str) -> None:
    assert problems(platform, valid(platform, auto_publish=False)) == []


@pytest.mark.parametrize("platform", ["instagram", "facebook"])
def test_first_comment_needs_auto_publish(platform: str) -> None:
    b = valid(platform, auto_publish=False, first_comment="first!")
    (p,) = problems(platform, b)
    assert (p.path, p.code) == ("first_comment", "needs_auto_publish")
    assert problems(platform, valid(platform, first_comment="first!")) == []


@pytest.mark.parametrize(("platform", "path"), [
    ("youtube", "title"), ("youtube", "declared_made_for_kids"), ("pinterest", "meta.title"),
    ("pinterest", "meta.pinterestBoard"), ("snapchat", "save_to_profile"), ("snapchat", "locale"),
])
def test_required_fields(platform: str, path: str) -> None:
    b = valid(platform)
    head, _, leaf = path.partition(".")
    if leaf:
        del b[head][leaf]
    else:
        del b[head]
    found = problems(platform, b)
    assert [(p.path, p.code) for p in found] == [(path, "missing_field")]


def test_snapchat_story_has_no_description() -> None:
    b = body("snapchat", [IMG], post_type="STORY", description="caption")
    assert [(p.path, p.code) for p in validate_body("snapchat", b, [IMG])] == [("description",
                                                                               "field_not_supported")]


def test_status_must_be_writable() -> None:
    assert [p.code for p in problems("twitter", valid("twitter", status="POSTED"))] == ["invalid_value"]


def test_empty_post_cannot_be_published_but_can_be_drafted() -> None:
    b = body("twitter", [], tweet_status="")
    assert [p.code for p in validate_body("twitter", b, [])] == ["empty_post"]
    assert validate_body("twitter", body("twitter", [], status="DRAFT", tweet_status=""), []) == []


def _short_id(value: object) -> str | None:
    return value if isinstance(value, str) and len(value) < 20 else None


@pytest.mark.parametrize(("platform", "path", "text", "ok"), ids=_short_id, argvalues=[
    ("twitter", "tweet_status", "a" * 280, True),
    ("twitter", "tweet_status", "a" * 281, False),
    ("twitter", "tweet_status", "https://example.com/" + "x" * 300 + " " + "a" * 256, True),  # URL counts 23
    ("twitter", "tweet_status", "日" * 141, False),  # CJK weighs 2
    ("bluesky", "text", "👍🏽" * 300, True),  # 300 graphemes, 2,400 bytes
    ("bluesky", "text", "👨‍👩‍👧" * 200, False),  # 200 graphemes but 3,600 bytes
    ("bluesky", "text", "a" * 301, False),
    ("youtube", "description", "é" * 2500, True),  # 5,000 bytes
    ("youtube", "description", "é" * 2501, False),
    ("instagram", "caption", "a" * 2200, True),
    ("instagram", "caption", "a" * 2201, False),
    ("threads", "text", "a" * 501, False),
    ("linkedin", "text", "a" * 3001, False),
])
def test_text_limits(platform: str, path: str, text: str, ok: bool) -> None:
    b = valid(platform, **{path: text})
    found = problems(platform, b)
    assert (found == []) is ok
    if not ok:
        assert [(p.code, p.stage) for p in found] == [("text_limit", "publish")]


def test_x_premium_allows_25000() -> None:
    b = valid("twitter", tweet_status="a" * 5000)
    assert validate_body("twitter", b, [], x_premium=True) == []


def test_youtube_title_limits_and_angle_brackets() -> None:
    found = problems("youtube", valid("youtube", title="<b>" + "a" * 100))
    assert {p.code for p in found} == {"text_limit", "forbidden_characters"}


def test_instagram_hashtag_limit() -> None:
    assert [p.code for p in problems("instagram", valid("instagram", caption=" ".join(["#a"] * 31)))] == [
        "hashtag_limit"]


def test_past_time_is_refused_only_when_asked() -> None:
    draft = new_draft("twitter", mode=PublishMode.SCHEDULE, text="hi", timestamp=datetime(2020, 1, 1, tzinfo=UTC))
    assert validate_draft(draft) == []
    (p,) = validate_draft(draft, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert (p.code, p.stage) == ("past_time", "app")


def test_body_changes_sends_only_changed_fields() -> None:
    before = build_body(new_draft("instagram", mode=PublishMode.DRAFT, text="a", extras={"first_comment": "c"}), 1)
    after = dict(before, caption="b")
    del after["first_comment"]
    assert body_changes(before, after) == {"caption": "b", "first_comment": None}


def test_every_platform_has_defaults_and_field_sources() -> None:
    for platform in PLATFORM_IDS:
        rules = rules_for(platform)
        assert set(BASE[platform]) <= rules.body_paths | {"declared_made_for_kids", "meta"}
        for spec in rules.fields:
            for limit in spec.limits:
                assert limit.source
    assert len({key for key, _ in ASSUMPTIONS}) == len(ASSUMPTIONS)


def test_threads_and_bluesky_draft_builds_with_auto_publish() -> None:
    for platform in ("threads", "bluesky"):
        assert build_body(new_draft(platform, text="x"), 1)["auto_publish"] is True


@pytest.mark.parametrize("status", [["SCHEDULED"], {"a": 1}, 3])
def test_status_of_the_wrong_type_is_a_problem_not_a_crash(status: object) -> None:
    assert [p.code for p in problems("twitter", valid("twitter", status=status))] == ["invalid_value"]
