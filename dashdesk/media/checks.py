"""What each platform will make of a media file, as :class:`Problem` objects for the composer and importer.

Two sources, kept apart on purpose:

* **Refusals** (severity ``"error"``) come from the rules table in :mod:`dashdesk.platforms`: which
  kinds a post type takes, how many, mixed or not. Nothing about kinds or counts is repeated here.
* **Warnings** (severity ``"warning"``) come from the guidance tables in :mod:`dashdesk.media.guidance`
  (the media limits peer tools cite, and the platforms' own specifications). The Dash API does not
  enforce them; the platform may refuse the post when it publishes. Each row keeps its source in the
  table; messages never name it.

The checks themselves live in :mod:`dashdesk.media.preflight`; this module adapts them to the
:class:`~dashdesk.platforms.Problem` type and keeps the names older callers import.
"""

from __future__ import annotations

from collections.abc import Sequence

from dashdesk.platforms import MediaKind, Problem, rules_for, validate_body

from .guidance import GUIDANCE, GUIDANCE_SOURCE, MediaGuidance, guidance_for
from .inspect import MediaInfo
from .preflight import preflight
from .probe import MediaFacts

__all__ = [
    "GUIDANCE",
    "GUIDANCE_SOURCE",
    "MediaGuidance",
    "check_media_for_platform",
    "check_media_set",
    "guidance_for",
]


def check_media_for_platform(
    info: MediaInfo | MediaFacts,
    platform: str,
    post_type: str | None = None,
    *,
    index: int | None = None,
) -> list[Problem]:
    """Problems with one inspected file in a ``platform`` post of ``post_type``.

    Errors: the rules table says this post type does not take this kind of media (an image for
    TikTok, a video for Bluesky), or the platform does not take the file's format. Warnings: guidance
    on size, duration, shape, picture size and frame rate. ``post_type`` ``None`` means the platform's
    default post type. ``index`` puts the item's position in the problem's path (``media_ids[2]``).
    """
    facts = info if isinstance(info, MediaFacts) else MediaFacts.from_info(info)
    return [finding.as_problem() for finding in preflight(facts, platform, post_type, index=index)]


_SET_CODES = frozenset({"unsupported_media_type", "mixed_media", "media_count", "missing_media"})


def check_media_set(
    kinds: Sequence[MediaKind],
    platform: str,
    post_type: str | None = None,
    *,
    publishing: bool = True,
) -> list[Problem]:
    """Problems with the whole list of media (kinds, count, mixing, missing) as the rules table sees it.

    Asks :func:`dashdesk.platforms.validate_body` with a minimal body and keeps only the media
    problems, so counts and mixing rules are never restated here. ``publishing`` ``False`` checks
    it as a draft (some post types take more items, or none, in a draft).
    """
    rules = rules_for(platform)
    body: dict[str, object] = {
        "brand_id": 1,
        "status": "AUTOPUBLISHING" if publishing else "DRAFT",
        "auto_publish": True,
        "media_ids": list(range(1, len(kinds) + 1)),
    }
    if rules.has_post_type:
        body["post_type"] = post_type or rules.default_post_type
    return [p for p in validate_body(platform, body, list(kinds)) if p.code in _SET_CODES]
