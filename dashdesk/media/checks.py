"""What each platform will make of a media file: refusals from the rules table, warnings from guidance.

Two sources, kept apart on purpose:

* **Refusals** (severity ``"error"``) come from the rules table in :mod:`dashdesk.platforms`: which
  kinds a post type takes, how many, mixed or not. Nothing about kinds or counts is repeated here.
* **Warnings** (severity ``"warning"``) come from :data:`GUIDANCE`, the media limits that peer tools
  cite (``dash-api-facts.md``, "Media limits seen in peer tools"). The Dash API does not enforce them;
  the platform may refuse the post when it publishes. Each warning names its source. The figures live
  in this one table so they are easy to correct.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashdesk.platforms import MediaKind, Problem, rules_for, validate_body

from .inspect import MediaInfo, format_bytes, format_duration

__all__ = [
    "GUIDANCE",
    "GUIDANCE_SOURCE",
    "MediaGuidance",
    "check_media_for_platform",
    "check_media_set",
    "guidance_for",
]

GUIDANCE_SOURCE = "dash-api-facts.md, “Media limits seen in peer tools” (guidance, not the API's rules)"

MB = 1_000_000
GB = 1_000_000_000


@dataclass(frozen=True)
class MediaGuidance:
    """Peer-tool guidance for one platform and media kind (optionally only some post types).

    Aspect ratios are width divided by height; ``aspect_tolerance`` is relative (0.01 = 1 %).
    """

    platform: str
    kind: MediaKind
    post_types: tuple[str, ...] | None = None
    max_bytes: int | None = None
    size_label: str = ""
    min_seconds: float | None = None
    max_seconds: float | None = None
    min_aspect: float | None = None
    max_aspect: float | None = None
    aspect_label: str = ""
    aspect_tolerance: float = 0.01
    source: str = GUIDANCE_SOURCE

    def applies_to(self, platform: str, post_type: str | None, kind: MediaKind) -> bool:
        """Whether this guidance concerns ``kind`` media in a ``platform`` post of ``post_type``."""
        return (
            self.platform == platform
            and self.kind == kind
            and (self.post_types is None or post_type in self.post_types)
        )


#: The one table of peer guidance. Edit figures here; every warning is built from it.
GUIDANCE: tuple[MediaGuidance, ...] = (
    MediaGuidance("instagram", MediaKind.IMAGE, max_bytes=8 * MB, size_label="8 MB"),
    MediaGuidance(
        "instagram",
        MediaKind.IMAGE,
        post_types=("FEED",),
        min_aspect=4 / 5,
        max_aspect=1.91,
        aspect_label="between 4:5 (portrait) and 1.91:1 (landscape)",
    ),
    MediaGuidance("instagram", MediaKind.VIDEO, post_types=("REEL",), min_seconds=3, max_seconds=15 * 60),
    MediaGuidance("tiktok", MediaKind.VIDEO, max_bytes=4 * GB, size_label="4 GB", min_seconds=3, max_seconds=10 * 60),
    MediaGuidance("linkedin", MediaKind.IMAGE, max_bytes=5 * MB, size_label="5 MB"),
    MediaGuidance(
        "linkedin", MediaKind.VIDEO, max_bytes=500 * MB, size_label="500 MB", min_seconds=3, max_seconds=30 * 60
    ),
    MediaGuidance("bluesky", MediaKind.IMAGE, max_bytes=1 * MB, size_label="about 1 MB"),
    MediaGuidance(
        "snapchat",
        MediaKind.VIDEO,
        min_seconds=5,
        max_seconds=60,
        min_aspect=9 / 16,
        max_aspect=9 / 16,
        aspect_label="9:16 (vertical)",
    ),
)


def guidance_for(platform: str, post_type: str | None, kind: MediaKind) -> list[MediaGuidance]:
    """The guidance rows that apply to ``kind`` media in a ``platform`` post of ``post_type``."""
    return [g for g in GUIDANCE if g.applies_to(platform, post_type, kind)]


def _kind_word(kind: MediaKind) -> str:
    return "video" if kind is MediaKind.VIDEO else "image"


def _seconds(value: float) -> str:
    if value >= 60 and value % 60 == 0:
        minutes = int(value // 60)
        return f"{minutes} min"
    return f"{value:g} s"


def _ratio(aspect: float) -> str:
    common = {9 / 16: "9:16", 4 / 5: "4:5", 1.0: "1:1", 16 / 9: "16:9", 1.91: "1.91:1", 3 / 4: "3:4", 4 / 3: "4:3"}
    for value, label in common.items():
        if abs(aspect - value) / value < 0.005:
            return label
    return f"{aspect:.2f}:1"


def _guidance_problems(info: MediaInfo, name: str, g: MediaGuidance, path: str) -> list[Problem]:
    word = _kind_word(info.kind)
    found: list[tuple[str, str]] = []
    if g.max_bytes is not None and info.size > g.max_bytes:
        found.append(("media_size",
                      f"{format_bytes(info.size)} is over the {g.size_label} other scheduling tools list"))
    if info.kind is MediaKind.VIDEO and info.duration is not None:
        if g.min_seconds is not None and info.duration < g.min_seconds:
            found.append(
                (
                    "media_duration",
                    f"{format_duration(info.duration)} is shorter than "
                    f"the {_seconds(g.min_seconds)} minimum other scheduling tools list",
                )
            )
        if g.max_seconds is not None and info.duration > g.max_seconds:
            found.append(
                (
                    "media_duration",
                    f"{format_duration(info.duration)} is longer than "
                    f"the {_seconds(g.max_seconds)} maximum other scheduling tools list",
                )
            )
    if info.width and info.height and (g.min_aspect is not None or g.max_aspect is not None):
        low = (g.min_aspect or 0) * (1 - g.aspect_tolerance)
        high = (g.max_aspect or float("inf")) * (1 + g.aspect_tolerance)
        if not low <= info.aspect <= high:
            found.append(
                (
                    "media_aspect",
                    f"its shape {info.width}×{info.height} ({_ratio(info.aspect)}) is not {g.aspect_label}",
                )
            )
    return [
        Problem(
            path,
            f"{name} may refuse this {word}: {detail}.",  # g.source stays in the data
            code,
            severity="warning",
            stage="publish",
        )
        for code, detail in found
    ]


def check_media_for_platform(
    info: MediaInfo,
    platform: str,
    post_type: str | None = None,
    *,
    index: int | None = None,
) -> list[Problem]:
    """Problems with one inspected file in a ``platform`` post of ``post_type``.

    Errors: the rules table says this post type does not take this kind of media (an image for
    TikTok, a video for Bluesky). Warnings: peer guidance on size, duration and shape, each citing its
    source. ``post_type`` ``None`` means the platform's default post type. ``index`` puts the item's
    position in the problem's path (``media_ids[2]``).
    """
    rules = rules_for(platform)
    if post_type is None:
        post_type = rules.default_post_type
    pt = rules.post_type(post_type)
    path = f"media_ids[{index}]" if index is not None else "media_ids"
    problems: list[Problem] = []
    if pt is None:
        raise KeyError(f"{rules.name} has no post type {post_type!r}")
    if info.kind not in pt.media.kinds:
        what = f"{rules.name} {pt.label.lower()}" if rules.has_post_type else rules.name
        problems.append(
            Problem(path, f"{what} cannot take {_kind_word(info.kind)}s: {pt.media.note}", "unsupported_media_type")
        )
        return problems
    for g in guidance_for(platform, post_type, info.kind):
        problems += _guidance_problems(info, rules.name, g, path)
    return problems


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
