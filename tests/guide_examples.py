"""The guide's ten request examples, verbatim, with the neutral drafts that should produce them."""

from __future__ import annotations

from datetime import UTC, datetime

from dashdesk.platforms import MediaKind, MediaRef, PublishMode, new_draft

IMAGE, VIDEO = MediaKind.IMAGE, MediaKind.VIDEO
BOARD = {
    "description": "",
    "id": "123456789012345678",
    "name": "Spring Style Inspiration",
    "preview_url": "https://example.com/board-preview.jpg",
    "protected": False,
}

#: (name, platform, body as the guide prints it, media kinds of its media_ids)
EXAMPLES = [
    ("instagram", "instagram", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
        "caption": "Launching our new product today!", "first_comment": "Let us know what you think 👇",
        "media_ids": [621242772], "post_type": "FEED", "timestamp": "2026-03-10T15:00:00Z",
    }, [IMAGE]),
    ("twitter", "twitter", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED", "timestamp": "2026-03-10T15:00:00Z",
        "tweet_status": "Launching something new today 🚀",
    }, []),
    ("facebook", "facebook", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED", "message": "Check out our newest launch!",
        "media_ids": [621242772], "timestamp": "2026-03-10T15:00:00Z", "first_comment": "Drop your thoughts below!",
        "post_type": "POST",
    }, [IMAGE]),
    ("tiktok", "tiktok", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED", "text": "Behind the scenes of our launch",
        "media_ids": [621242772], "timestamp": "2026-03-10T15:00:00Z", "disable_comment": False,
        "disable_duet": False, "disable_stitch": False,
    }, [VIDEO]),
    ("threads", "threads", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED", "text": "Something exciting is coming.",
        "media_ids": [621242772], "timestamp": "2026-03-10T15:00:00Z",
    }, [IMAGE]),
    ("linkedin", "linkedin", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
        "text": "We're excited to share our newest launch.", "media_ids": [621242772],
        "timestamp": "2026-03-10T15:00:00Z",
    }, [IMAGE]),
    ("youtube", "youtube", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED", "title": "Product Launch",
        "description": "Watch our newest launch announcement.", "media_ids": [621242772],
        "timestamp": "2026-03-10T15:00:00Z", "declared_made_for_kids": "false",
    }, [VIDEO]),
    ("snapchat-story", "snapchat", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED", "media_ids": [650029769],
        "timestamp": "2026-03-12T16:05:00.000Z", "post_type": "STORY",
    }, [IMAGE]),
    ("snapchat-spotlight", "snapchat", {
        "brand_id": 144, "status": "SCHEDULED", "media_ids": [648771867], "timestamp": "2026-03-12T18:00:00.000Z",
        "description": "3 quick ways to style oversized sweaters this fall 🍂", "post_type": "SPOTLIGHT",
        "save_to_profile": True, "locale": "en_US",
    }, [VIDEO]),
    ("pinterest", "pinterest", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED", "media_ids": [650431494],
        "link": "https://example.com/products/linen-oversized-blazer",
        "meta": {"pinterestBoard": dict(BOARD), "title": "Oversized Linen Blazer Outfit Ideas"},
        "note": "Lightweight linen blazer styled three ways for spring. Perfect layering piece for everyday outfits.",
        "timestamp": "2026-03-12T20:45:00.000Z",
    }, [IMAGE]),
    ("bluesky", "bluesky", {
        "auto_publish": True, "brand_id": 144, "status": "SCHEDULED",
        "media_ids": [650431494, 650482495, 650419615, 650418969], "timestamp": "2026-03-12T22:30:00.000Z",
        "text": "A few recent favorites from our spring inspiration board.",
    }, [IMAGE] * 4),
]


def _at(y: int, mo: int, d: int, h: int, mi: int) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def _media(ids: list[int], kinds: list[MediaKind]) -> list[MediaRef]:
    return [MediaRef(i, k) for i, k in zip(ids, kinds, strict=True)]


#: The neutral draft a person would compose for each example.
DRAFTS = {
    "instagram": new_draft("instagram", mode=PublishMode.SCHEDULE, text="Launching our new product today!",
                           media=_media([621242772], [IMAGE]), timestamp=_at(2026, 3, 10, 15, 0), post_type="FEED",
                           extras={"first_comment": "Let us know what you think 👇"}),
    "twitter": new_draft("twitter", mode=PublishMode.SCHEDULE, text="Launching something new today 🚀",
                         timestamp=_at(2026, 3, 10, 15, 0)),
    "facebook": new_draft("facebook", mode=PublishMode.SCHEDULE, text="Check out our newest launch!",
                          media=_media([621242772], [IMAGE]), timestamp=_at(2026, 3, 10, 15, 0), post_type="POST",
                          extras={"first_comment": "Drop your thoughts below!"}),
    "tiktok": new_draft("tiktok", mode=PublishMode.SCHEDULE, text="Behind the scenes of our launch",
                        media=_media([621242772], [VIDEO]), timestamp=_at(2026, 3, 10, 15, 0)),
    "threads": new_draft("threads", mode=PublishMode.SCHEDULE, text="Something exciting is coming.",
                         media=_media([621242772], [IMAGE]), timestamp=_at(2026, 3, 10, 15, 0)),
    "linkedin": new_draft("linkedin", mode=PublishMode.SCHEDULE, text="We're excited to share our newest launch.",
                          media=_media([621242772], [IMAGE]), timestamp=_at(2026, 3, 10, 15, 0)),
    "youtube": new_draft("youtube", mode=PublishMode.SCHEDULE, text="Watch our newest launch announcement.",
                         media=_media([621242772], [VIDEO]), timestamp=_at(2026, 3, 10, 15, 0),
                         extras={"title": "Product Launch", "made_for_kids": False}),
    "snapchat-story": new_draft("snapchat", mode=PublishMode.SCHEDULE, media=_media([650029769], [IMAGE]),
                                timestamp=_at(2026, 3, 12, 16, 5), post_type="STORY"),
    "snapchat-spotlight": new_draft("snapchat", mode=PublishMode.SCHEDULE, auto_publish=None,
                                    text="3 quick ways to style oversized sweaters this fall 🍂",
                                    media=_media([648771867], [VIDEO]), timestamp=_at(2026, 3, 12, 18, 0),
                                    post_type="SPOTLIGHT", extras={"save_to_profile": True, "locale": "en_US"}),
    "pinterest": new_draft("pinterest", mode=PublishMode.SCHEDULE,
                           text="Lightweight linen blazer styled three ways for spring. Perfect layering piece "
                                "for everyday outfits.",
                           media=_media([650431494], [IMAGE]), timestamp=_at(2026, 3, 12, 20, 45),
                           extras={"title": "Oversized Linen Blazer Outfit Ideas", "board": dict(BOARD),
                                   "link": "https://example.com/products/linen-oversized-blazer"}),
    "bluesky": new_draft("bluesky", mode=PublishMode.SCHEDULE,
                         text="A few recent favorites from our spring inspiration board.",
                         media=_media([650431494, 650482495, 650419615, 650418969], [IMAGE] * 4),
                         timestamp=_at(2026, 3, 12, 22, 30)),
}


def normalize(body: dict) -> dict:
    """A body with the guide's equivalent spellings made equal: timestamps as instants, booleans as booleans."""
    from dashdesk.platforms import coerce_made_for_kids, parse_timestamp

    out = dict(body)
    if out.get("timestamp"):
        out["timestamp"] = parse_timestamp(out["timestamp"])
    if "declared_made_for_kids" in out:
        out["declared_made_for_kids"] = coerce_made_for_kids(out["declared_made_for_kids"])
    return out
