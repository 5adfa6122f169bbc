"""Every choice DashDesk makes where the Dash documents are silent or contradict themselves.

This is the single list of API assumptions: each entry says what was chosen and why, and the helpers
below are the only code that applies them, so a correction is made here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .rules import PlatformRules

ASSUMPTIONS: tuple[tuple[str, str], ...] = (
    ("youtube-made-for-kids",
     "The YouTube example sends declared_made_for_kids as the string \"false\"; its field table says "
     "true/false. DashDesk sends a JSON boolean and accepts both booleans and the strings "
     "\"true\"/\"false\" on input."),
    ("auto-publish-default",
     "auto_publish may be omitted (the Snapchat Spotlight example omits it); an omitted value is taken "
     "as true, which every platform accepts."),
    ("publishing-means-not-draft",
     "\"Auto-publish posts require media\" (Instagram, TikTok, Pinterest) is read as: any post sent as "
     "SCHEDULED or AUTOPUBLISHING needs media; only a DRAFT may be saved without it."),
    ("threads-media",
     "The platform comparison lists Image and Video for Threads; the media table says images only (up "
     "to 20). DashDesk follows the media table: Threads takes images only."),
    ("facebook-reel-and-youtube-media",
     "Facebook Reels, YouTube and Snapchat need their media even as drafts (the guide says they "
     "require it and names no draft exception)."),
    ("pinterest-required-fields",
     "Pinterest's title and board are required for every Pinterest post, drafts included "
     "(\"title is required for all Pinterest posts\")."),
    ("timestamps",
     "Times travel as ISO 8601 UTC with a Z suffix; a time without an offset is read as UTC."),
    ("text-limits",
     "Text limits are the platforms' own (dash-api-facts.md); Dash passes text through, so the sandbox "
     "accepts over-long text and fails the post at publishing time, while DashDesk blocks it before "
     "sending. X uses 280 weighted characters unless X Premium is switched on (25,000)."),
    ("unknown-fields",
     "A body key that is not a field of the platform is refused as \"Invalid platform field\"; fields "
     "Dash itself answers with (id, created_at, media, ...) are ignored when sent back."),
    ("upload-url-field",
     "The media_upload_url response field holding the URL is undocumented; the client reads the first "
     "of url, upload_url, signed_url, presigned_url and uploads with PUT and the same Content-Type."),
    ("rate-limit-status",
     "Over the rate limit the API answers 429; x-ratelimit-reset is UNIX seconds; Retry-After may be "
     "absent."),
)


def auto_publish_of(rules: PlatformRules, body: Mapping[str, Any]) -> bool:
    """The auto_publish a post will really have (forced platforms and the omitted default applied)."""
    from .rules import AutoPublish

    if rules.auto_publish is AutoPublish.FORCED:
        return True
    value = body.get("auto_publish")
    return True if value is None else value is True


def coerce_made_for_kids(value: Any) -> bool | None:
    """``declared_made_for_kids`` as a boolean, accepting the guide's string form; ``None`` if invalid."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def parse_timestamp(value: Any) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string (``Z`` or offset; naive read as UTC)."""
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def format_timestamp(when: datetime) -> str:
    """The wire form of ``when``: ISO 8601 UTC with a Z, e.g. ``2026-03-10T15:00:00Z``."""
    if when.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
