"""Per-platform media guidance, kept as data beside the rules table (the API does not enforce it).

The rules table (:mod:`dashdesk.platforms`) says what Dash itself refuses: which kinds a post type
takes, how many, mixed or not. This module holds what the *platforms* may refuse when Dash publishes:
file size, length, shape, picture size, frame rate, and the file formats they take. Every row carries
its ``source``; sources are for people correcting the figures and never appear in messages to users.

Two tables:

* :data:`GUIDANCE`: limits per platform, media kind and (optionally) post type;
* :data:`FORMATS`: the containers, codecs and image formats each platform takes.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashdesk.i18n import N_
from dashdesk.platforms import MediaKind

__all__ = [
    "FORMATS",
    "GUIDANCE",
    "GUIDANCE_SOURCE",
    "MediaFormats",
    "MediaGuidance",
    "formats_for",
    "guidance_for",
]

#: dash-api-facts.md, section "Media limits seen in peer tools" (documented there as guidance only).
GUIDANCE_SOURCE = "dash-api-facts.md, “Media limits seen in peer tools” (guidance, not the API's rules)"
#: Figures not in the Dash documents: what the platforms' own publishing APIs state (Instagram Graph
#: API "Reels/feed media specifications", X media upload best practices, TikTok Content Posting API
#: "media transfer guide"). Recorded as assumptions: easy to correct here, never shown to users.
PLATFORM_SPEC_SOURCE = "assumed: the platform's own publishing API media specifications (not in the Dash documents)"
#: The post types whose videos fill a vertical screen and where 9:16 is what the feed shows in full.
VERTICAL_SOURCE = "assumed: full-screen vertical feeds (Reels, TikTok, Spotlight) show 9:16 without cropping"

MB = 1_000_000
GB = 1_000_000_000

IMAGE, VIDEO = MediaKind.IMAGE, MediaKind.VIDEO


@dataclass(frozen=True)
class MediaGuidance:
    """Guidance for one platform and media kind (optionally only some post types).

    Aspect ratios are width divided by height; ``aspect_tolerance`` is relative (0.01 = 1 %).
    ``aspect_refused`` tells whether a shape outside the range may be refused (Instagram feed) or is
    only shown cropped or with bars (a landscape Reel); ``target_aspect`` is what a fix aims for.
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
    aspect_refused: bool = True
    target_aspect: float | None = None
    #: Longest side in pixels the platform takes before it scales down or refuses.
    max_long_side: int | None = None
    min_fps: float | None = None
    max_fps: float | None = None
    source: str = GUIDANCE_SOURCE

    def applies_to(self, platform: str, post_type: str | None, kind: MediaKind) -> bool:
        """Whether this guidance concerns ``kind`` media in a ``platform`` post of ``post_type``."""
        return (
            self.platform == platform
            and self.kind == kind
            and (self.post_types is None or post_type in self.post_types)
        )


#: The one table of limits. Edit figures here; every warning and every fix is built from it.
GUIDANCE: tuple[MediaGuidance, ...] = (
    # --- dash-api-facts.md, "Media limits seen in peer tools" ---------------------------------------
    MediaGuidance("instagram", IMAGE, max_bytes=8 * MB, size_label=N_("8 MB")),
    MediaGuidance(
        "instagram",
        IMAGE,
        post_types=("FEED",),
        min_aspect=4 / 5,
        max_aspect=1.91,
        aspect_label=N_("between 4:5 (portrait) and 1.91:1 (landscape)"),
    ),
    MediaGuidance("instagram", VIDEO, post_types=("REEL",), min_seconds=3, max_seconds=15 * 60),
    MediaGuidance("tiktok", VIDEO, max_bytes=4 * GB, size_label=N_("4 GB"), min_seconds=3, max_seconds=10 * 60),
    MediaGuidance("linkedin", IMAGE, max_bytes=5 * MB, size_label=N_("5 MB")),
    MediaGuidance("linkedin", VIDEO, max_bytes=500 * MB, size_label=N_("500 MB"), min_seconds=3, max_seconds=30 * 60),
    MediaGuidance("bluesky", IMAGE, max_bytes=1 * MB, size_label=N_("about 1 MB")),
    MediaGuidance(
        "snapchat",
        VIDEO,
        min_seconds=5,
        max_seconds=60,
        min_aspect=9 / 16,
        max_aspect=9 / 16,
        aspect_label=N_("9:16 (vertical)"),
    ),
    # --- the platforms' own specifications (assumed) -------------------------------------------------
    MediaGuidance("instagram", VIDEO, max_long_side=1920, min_fps=23, max_fps=60, source=PLATFORM_SPEC_SOURCE),
    MediaGuidance("facebook", VIDEO, max_long_side=1920, min_fps=23, max_fps=60, source=PLATFORM_SPEC_SOURCE),
    MediaGuidance("tiktok", VIDEO, max_long_side=4096, min_fps=23, max_fps=60, source=PLATFORM_SPEC_SOURCE),
    MediaGuidance("twitter", IMAGE, max_bytes=5 * MB, size_label=N_("5 MB"), source=PLATFORM_SPEC_SOURCE),
    MediaGuidance(
        "twitter",
        VIDEO,
        max_bytes=512 * MB,
        size_label=N_("512 MB"),
        max_seconds=140,
        max_long_side=1920,
        max_fps=60,
        source=PLATFORM_SPEC_SOURCE,
    ),
    MediaGuidance(
        "pinterest",
        IMAGE,
        min_aspect=2 / 3,
        max_aspect=2 / 3,
        aspect_label=N_("2:3 (portrait)"),
        aspect_refused=False,
        aspect_tolerance=0.02,
        source=PLATFORM_SPEC_SOURCE,
    ),
    # --- full-screen vertical video: shown cropped or with bars, not refused -------------------------
    *(
        MediaGuidance(
            platform,
            VIDEO,
            post_types=post_types,
            min_aspect=9 / 16,
            max_aspect=9 / 16,
            aspect_label=N_("9:16 (vertical)"),
            aspect_refused=False,
            aspect_tolerance=0.02,
            source=VERTICAL_SOURCE,
        )
        for platform, post_types in (
            ("instagram", ("REEL", "STORY")),
            ("facebook", ("REEL",)),
            ("tiktok", None),
        )
    ),
)


@dataclass(frozen=True)
class MediaFormats:
    """The file formats one platform takes, by media kind.

    Container names are FFmpeg's (``"mov,mp4,m4a,3gp,3g2,mj2"`` is MP4/MOV); codec names are
    FFmpeg's (``"h264"``); image formats are Pillow's (``"JPEG"``).
    """

    platform: str
    containers: tuple[str, ...] = ("mov,mp4,m4a,3gp,3g2,mj2",)
    video_codecs: tuple[str, ...] = ("h264",)
    audio_codecs: tuple[str, ...] = ("aac",)
    image_formats: tuple[str, ...] = ("JPEG", "MPO", "PNG")
    source: str = PLATFORM_SPEC_SOURCE


#: What each platform takes. HEVC is only listed where the platform documents it; everywhere else an
#: H.264 file is the safe choice, and that is what a fix writes.
FORMATS: dict[str, MediaFormats] = {
    f.platform: f
    for f in (
        MediaFormats("instagram", video_codecs=("h264", "hevc"), image_formats=("JPEG", "MPO", "PNG")),
        MediaFormats("facebook", video_codecs=("h264", "hevc"), image_formats=("JPEG", "MPO", "PNG", "GIF", "WEBP")),
        MediaFormats("tiktok", video_codecs=("h264", "hevc"), audio_codecs=("aac", "mp3")),
        MediaFormats(
            "youtube",
            video_codecs=("h264", "hevc", "vp9", "av1", "prores", "mpeg4"),
            audio_codecs=("aac", "mp3", "opus", "vorbis"),
        ),
        MediaFormats("twitter", image_formats=("JPEG", "MPO", "PNG", "GIF", "WEBP")),
        MediaFormats("threads", image_formats=("JPEG", "MPO", "PNG")),
        MediaFormats("linkedin", image_formats=("JPEG", "MPO", "PNG", "GIF")),
        MediaFormats("snapchat"),
        MediaFormats("pinterest", image_formats=("JPEG", "MPO", "PNG", "WEBP")),
        MediaFormats("bluesky", image_formats=("JPEG", "MPO", "PNG", "WEBP")),
    )
}


def guidance_for(platform: str, post_type: str | None, kind: MediaKind) -> list[MediaGuidance]:
    """The guidance rows that apply to ``kind`` media in a ``platform`` post of ``post_type``."""
    return [g for g in GUIDANCE if g.applies_to(platform, post_type, kind)]


def formats_for(platform: str) -> MediaFormats:
    """The formats ``platform`` takes (MP4/H.264/AAC and JPEG/PNG for a platform not listed)."""
    return FORMATS.get(platform) or MediaFormats(platform)
