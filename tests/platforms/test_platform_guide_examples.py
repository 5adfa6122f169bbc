"""The guide's request examples: each is valid, and the payload builder reproduces each from a draft."""

from __future__ import annotations

import pytest
from guide_examples import DRAFTS, EXAMPLES, normalize

from dashdesk.platforms import build_body, draft_from_post, validate_body, validate_draft


@pytest.mark.parametrize(("name", "platform", "body", "kinds"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_guide_example_is_valid(name: str, platform: str, body: dict, kinds: list) -> None:
    assert validate_body(platform, body, kinds) == []


@pytest.mark.parametrize(("name", "platform", "body", "kinds"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_builder_reproduces_guide_example(name: str, platform: str, body: dict, kinds: list) -> None:
    built = build_body(DRAFTS[name], brand_id=144)
    assert set(built) == set(body)
    assert normalize(built) == normalize(body)
    assert validate_draft(DRAFTS[name], brand_id=144) == []


@pytest.mark.parametrize(("name", "platform", "body", "kinds"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_response_round_trips_to_the_same_draft(name: str, platform: str, body: dict, kinds: list) -> None:
    response = dict(body, id=806262, created_at="2026-03-12T20:34:11+00:00", approval_status="UNASSIGNED",
                    media=[{"id": i, "type": k.value} for i, k in zip(body.get("media_ids", []), kinds, strict=True)])
    draft = draft_from_post(platform, response)
    assert normalize(build_body(draft, brand_id=144)) == normalize(body)


def test_made_for_kids_is_sent_as_boolean_and_accepted_as_string() -> None:
    body = build_body(DRAFTS["youtube"], brand_id=144)
    assert body["declared_made_for_kids"] is False
    youtube = next(e for e in EXAMPLES if e[0] == "youtube")
    for value in ("false", "true", "False", True, False):
        assert validate_body("youtube", dict(youtube[2], declared_made_for_kids=value), youtube[3]) == []
    problems = validate_body("youtube", dict(youtube[2], declared_made_for_kids="maybe"), youtube[3])
    assert [p.path for p in problems] == ["declared_made_for_kids"]
