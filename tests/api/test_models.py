"""Parsing Dash answers: tolerant models that keep unknown fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from dashdesk.api import Board, Identity, Media, MediaPage, ScheduledPost, format_datetime, parse_datetime

GUIDE_POST = {
    "approval_policy": "APPROVAL_REQUIRED",
    "approval_requests": [],
    "approval_status": "UNASSIGNED",
    "auto_publish": True,
    "auto_publish_error": None,
    "brand_id": 144,
    "created_at": "2026-03-12T20:34:11.048341+00:00",
    "has_scheduled_time": True,
    "id": 806262,
    "live_post_url": None,
    "media": [
        {
            "brand_id": 144,
            "created_at": "2026-03-12T18:00:12+00:00",
            "id": 650431494,
            "meta": {"filename": "example-image.png", "uploaded_by": 77315},
            "predictions": {"engagement": 0.278311},
            "source": "UPLOAD",
            "source_created_at": "2026-03-12T18:00:11+00:00",
            "source_id": "95987d98-7510-41f8-bacb-8683c7f7b0d5",
            "source_type": "OWNED",
            "type": "IMAGE",
            "updated_at": "2026-03-12T18:00:12+00:00",
            "variants": [],
        }
    ],
    "media_ids": [650431494],
    "status": "SCHEDULED",
    "timestamp": "2026-03-12T22:45:00+00:00",
    "updated_at": "2026-03-12T20:34:11.048344+00:00",
    "note": "Linen blazer",
    "meta": {"title": "Blazer", "pinterestBoard": {"id": "1", "name": "Spring"}},
    "link": "https://example.com",
}


def test_guide_example_response_parses_with_aware_times_and_keeps_unknown_fields() -> None:
    post = ScheduledPost.model_validate({**GUIDE_POST, "platform": "pinterest"})
    assert post.id == 806262
    assert post.timestamp == datetime(2026, 3, 12, 22, 45, tzinfo=UTC)
    assert post.created_at is not None and post.created_at.tzinfo is not None
    assert post.media[0].attach_id == 650431494
    assert post.media[0].filename == "example-image.png"
    assert post.media[0].kind == "IMAGE"
    assert post.model_extra is not None and post.model_extra["has_scheduled_time"] is True
    assert post.body_fields() == {"note": "Linen blazer", "meta": GUIDE_POST["meta"], "link": "https://example.com"}
    assert post.to_dict()["has_scheduled_time"] is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-03-12T22:30:00.000Z", datetime(2026, 3, 12, 22, 30, tzinfo=UTC)),
        ("2026-03-12T22:30:00", datetime(2026, 3, 12, 22, 30, tzinfo=UTC)),
        ("2026-03-12T18:30:00-04:00", datetime(2026, 3, 12, 22, 30, tzinfo=UTC)),
        (1773354600, datetime(2026, 3, 12, 22, 30, tzinfo=UTC)),
        ("", None),
        (None, None),
        ("next tuesday", None),
        ({"odd": 1}, None),
    ],
)
def test_times_are_parsed_tolerantly_into_aware_utc(raw: object, expected: datetime | None) -> None:
    assert parse_datetime(raw) == expected


def test_unreadable_timestamp_does_not_lose_the_post() -> None:
    post = ScheduledPost.model_validate({"id": "12", "timestamp": "soon", "media_ids": None, "media": None})
    assert post.id == 12 and post.timestamp is None and post.media_ids == [] and post.media == []


def test_a_broken_media_entry_is_dropped_not_fatal() -> None:
    post = ScheduledPost.model_validate({"id": 1, "media": [{"no": "id"}, {"id": 5, "type": "VIDEO"}]})
    assert [m.id for m in post.media] == [5]


def test_format_datetime_uses_utc_z() -> None:
    eastern = timezone(timedelta(hours=-4))
    assert format_datetime(datetime(2026, 3, 22, 0, 0, tzinfo=eastern)) == "2026-03-22T04:00:00Z"
    assert format_datetime(datetime(2026, 3, 22, 0, 0, 0, 5000)) == "2026-03-22T00:00:00.005Z"


def test_library_media_prefers_media_id_for_attaching() -> None:
    media = Media.model_validate(
        {
            "id": 950680003,
            "media_id": 647749496,
            "media_type": "IMAGE",
            "meta": '{"filename": "a.jpg"}',
            "image_sizes": {"small_square": {"url": "https://img/s.jpg"}},
            "ai_alternatives": [],
        }
    )
    assert media.attach_id == 647749496
    assert media.filename == "a.jpg"
    assert media.thumbnail_url == "https://img/s.jpg"
    assert media.model_extra == {"ai_alternatives": []}


def test_identity_brands_from_slug_mapping_and_accessible_ids() -> None:
    me = Identity.model_validate(
        {
            "id": 7,
            "email": "sam@example.com",
            "organization_id": 3,
            "accessible_brands": [144, 145],
            "brands": {"acme": {"id": 144, "name": "Acme", "organization_id": 3, "organization": {"id": 3}}},
            "unknown": "kept",
        }
    )
    assert [(b.id, b.slug, b.label) for b in me.brands] == [(144, "acme", "Acme"), (145, None, "Brand 145")]
    assert me.brand(144) is not None and me.brand(999) is None
    assert me.display_name == "sam@example.com"


def test_board_id_is_text_and_round_trips_whole() -> None:
    board = Board.model_validate({"id": 123456789012345678, "name": "Spring", "extra": 1})
    assert board.id == "123456789012345678"
    assert board.to_dict()["extra"] == 1


def test_media_page_paging() -> None:
    page = MediaPage.model_validate({"data": [{"id": 1}], "paging": {"count": 3, "next": None}, "offset": 0})
    assert page.items[0].id == 1 and page.has_more
    assert not MediaPage.model_validate({"data": [], "paging": {"next": None}}).has_more
