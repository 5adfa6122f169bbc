"""Glue between the shared rules table (``dashdesk.platforms``) and the sandbox's error answers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dashdesk.platforms import MediaKind, Problem, validate_body
from dashdesk.sandbox.errors import (
    INVALID_MEDIA_ID,
    INVALID_PLATFORM_FIELD,
    MISSING_TIMESTAMP,
    UNSUPPORTED_MEDIA_TYPE,
    ApiError,
)

#: Problem codes the guide's "Common Errors" table names, answered with the guide's exact wording.
GUIDE_WORDING = {
    "invalid_platform_field": INVALID_PLATFORM_FIELD,
    "missing_timestamp": MISSING_TIMESTAMP,
    "unsupported_media_type": UNSUPPORTED_MEDIA_TYPE,
    "invalid_media_id": INVALID_MEDIA_ID,
}


def api_problems(platform: str, body: Mapping[str, Any], kinds: Sequence[str]) -> list[Problem]:
    """Problems the Dash API itself refuses (errors of the "api" stage)."""
    status = body.get("status")
    if status is not None and not isinstance(status, str):
        return [Problem("status", "status must be DRAFT, SCHEDULED or AUTOPUBLISHING.", "invalid_value")]
    try:
        problems = validate_body(platform, body, [MediaKind(k) for k in kinds])
    except (TypeError, ValueError, AttributeError) as exc:  # a body of unexpected shapes
        return [Problem("", f"The request body does not have the expected shape ({exc}).", "invalid_value")]
    return [p for p in problems if p.severity == "error" and p.stage == "api"]


def publish_problems(platform: str, body: Mapping[str, Any], kinds: Sequence[str]) -> list[Problem]:
    """Problems that make publishing fail (api- or publish-stage errors of the body as published)."""
    published = {**body, "status": "AUTOPUBLISHING"}
    published.pop("timestamp", None)
    problems = validate_body(platform, published, [MediaKind(k) for k in kinds])
    return [p for p in problems if p.severity == "error" and p.stage in ("api", "publish")]


def problems_error(problems: Sequence[Problem]) -> ApiError:
    """A 400 whose ``errors`` names every offending field (with the rules table's explanation).

    ``message`` is the guide's wording of the first problem the guide names ("Invalid media_id",
    "Missing timestamp", "Unsupported media type", "Invalid platform field"), else the first problem's.
    """
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path, []).append(problem.message)
    named = [p for p in problems if p.code in GUIDE_WORDING]
    message = GUIDE_WORDING[named[0].code] if named else problems[0].message
    return ApiError(400, message, errors)


def check(platform: str, body: Mapping[str, Any], kinds: Sequence[str]) -> None:
    """Raise the 400 answer when the API would refuse ``body``."""
    problems = api_problems(platform, body, kinds)
    if problems:
        raise problems_error(problems)
