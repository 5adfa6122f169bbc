"""Every message the rules table and the API error mapping can show a person is in a person's words.

The walk builds bodies that trip every check of :func:`validate_body` on every platform and post
type, reads every label, note and help text of the rules table, and asks every API error for its
``user_message`` with every field the API can name. No message may carry a file name, "guide",
"sandbox" or a raw API field name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from dashdesk.api import errors as api_errors
from dashdesk.platforms.counting import UNIT_WORDS
from dashdesk.platforms.kinds import MediaKind
from dashdesk.platforms.rules import COMMON_KEYS, RULES, FieldKind
from dashdesk.platforms.validate import validate_body

IMG, VID = MediaKind.IMAGE, MediaKind.VIDEO
FILE_NAME = re.compile(r"\b[\w-]+\.(?:md|py|txt)\b", re.IGNORECASE)
#: Raw body keys: everything the API names that a person would not (``timestamp`` included).
RAW_NAMES = sorted(
    (set(COMMON_KEYS) - {"status"})  # "status" is also an English word ("the Dash status page")
    | {"post_type", "media_id", "pinterestBoard", "meta.title", "declared_made_for_kids"}
    | {part for r in RULES.values() for f in r.fields for part in (f.path, f.path.split(".")[-1])
       if "_" in part or "." in part or part != part.lower()}
)


def offences(message: str) -> list[str]:
    """What is wrong with ``message`` as words for a person (empty when nothing is)."""
    found = [m.group(0) for m in FILE_NAME.finditer(message)]
    lowered = message.lower()
    found += [word for word in ("guide", "sandbox") if word in lowered]
    found += [name for name in RAW_NAMES if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", message)]
    return found


def test_the_checker_itself_catches_what_it_must() -> None:
    assert offences("X allows 280 (guide (standard X posts))") == ["guide"]
    assert offences("(dash-api-facts.md, platform text limits)") == ["dash-api-facts.md"]
    assert offences("Check the sandbox URL") == ["sandbox"]
    assert set(offences("auto_publish is false; media_ids; meta.title")) >= {"auto_publish", "media_ids",
                                                                              "meta.title"}
    assert offences("Pick a date and time for the post.") == []


def table_words() -> Iterator[str]:
    """Every label, note and help text of the rules table, and the counting words."""
    for rules in RULES.values():
        yield rules.name
        yield from rules.notes
        for pt in rules.post_types:
            yield from (pt.label, pt.plural, pt.media.note, rules.describe(pt))
        for spec in rules.fields:
            yield from (spec.label, spec.help)
    yield from UNIT_WORDS.values()


def _bad_value(kind: FieldKind) -> list[Any]:
    return [12, True, {"x": 1}] if kind is not FieldKind.BOOL else ["maybe", 3]


def bodies() -> Iterator[tuple[str, dict[str, Any], list[MediaKind]]]:
    """Bodies that together trip every check, for every platform and post type."""
    other_keys = [*sorted({f.path.split(".")[0] for r in RULES.values() for f in r.fields}), "colour"]
    for pid, rules in RULES.items():
        for pt in rules.post_types:
            base: dict[str, Any] = {"brand_id": 1, "status": "SCHEDULED", "timestamp": "2026-03-10T15:00:00Z"}
            if pt.name is not None:
                base["post_type"] = pt.name
            for status in ("DRAFT", "SCHEDULED", "AUTOPUBLISHING"):
                for kinds in ([], [IMG], [VID], [IMG, VID], [IMG] * 25, [VID] * 3):
                    body = {**base, "status": status, "media_ids": list(range(1, len(kinds) + 1))}
                    yield pid, body, kinds
            for spec in rules.fields:
                for value in [*_bad_value(spec.kind), "x" * 70000, "<b>" + " #t" * 40, "not a link", "", " "]:
                    body = dict(base)
                    node = body
                    *parents, last = spec.path.split(".")
                    for part in parents:
                        node = node.setdefault(part, {})
                    node[last] = value
                    yield pid, {**body, "auto_publish": False}, [VID]
                    yield pid, body, [IMG]
            for key in other_keys:
                yield pid, {**base, key: "x"}, []
            yield pid, {**base, "meta": {"colour": "red"}}, []
            for broken in ({"status": None}, {"status": "LATER"}, {"status": 3}, {"brand_id": None},
                           {"brand_id": "one"}, {"auto_publish": "yes"}, {"auto_publish": False},
                           {"timestamp": None}, {"timestamp": "tomorrow"}, {"post_type": None},
                           {"post_type": "CAROUSEL"}, {"media_ids": "1"}, {"media_ids": [1, 1]}):
                yield pid, {**base, **broken}, []
            yield pid, {**base, "status": "AUTOPUBLISHING"}, []


def rule_messages() -> Iterator[str]:
    for pid, body, kinds in bodies():
        ids = body.get("media_ids")
        if isinstance(ids, list) and len(set(ids)) == len(ids) and len(ids) != len(kinds):
            continue
        for premium in (False, True):
            for problem in validate_body(pid, body, kinds, x_premium=premium):
                yield problem.message


def api_messages() -> Iterator[str]:
    paths = sorted({f.path for r in RULES.values() for f in r.fields} | COMMON_KEYS | {"post_type", "media_ids[2]"})
    for api_message in [*api_errors.API_WORDS, "Something odd"]:
        errors = {path: [api_message] for path in paths}
        yield api_errors.ValidationError(api_message, errors=errors, status=400).user_message()
        for cls in (api_errors.AuthenticationError, api_errors.PermissionDeniedError, api_errors.NotFoundError,
                    api_errors.RateLimitedError, api_errors.ServerError, api_errors.ConnectionFailed,
                    api_errors.RequestTimeout, api_errors.OutcomeUnknown, api_errors.MalformedResponse,
                    api_errors.UploadCancelled, api_errors.DashError):
            yield cls(api_message).user_message()


def test_the_walk_reaches_every_check() -> None:
    codes = {p.code for pid, body, kinds in bodies() if not (isinstance(body.get("media_ids"), list)
             and len(set(body["media_ids"])) == len(body["media_ids"]) and len(body["media_ids"]) != len(kinds))
             for p in validate_body(pid, body, kinds)}
    assert codes >= {"invalid_platform_field", "missing_field", "invalid_value", "auto_publish", "missing_timestamp",
                     "invalid_media_id", "duplicate_media", "unsupported_media_type", "mixed_media", "media_count",
                     "missing_media", "field_not_supported", "needs_auto_publish", "text_limit",
                     "forbidden_characters", "hashtag_limit", "empty_post"}


@pytest.mark.parametrize("source", [table_words, rule_messages, api_messages])
def test_no_internal_words_reach_people(source: Any) -> None:
    bad = {message: offences(message) for message in source() if offences(message)}
    assert bad == {}


def test_x_limit_message_offers_premium_without_naming_a_source() -> None:
    body = {"brand_id": 1, "status": "DRAFT", "tweet_status": "a" * 300}
    (problem,) = validate_body("twitter", body, [])
    assert problem.message == ("Post is 300 characters; X allows 280 (25,000 when the brand's X account has "
                               "Premium: turn it on in Settings).")
    assert validate_body("twitter", body, [], x_premium=True) == []
