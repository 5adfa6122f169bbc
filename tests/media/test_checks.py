"""Platform checks: refusals from the rules table, warnings from the cited guidance table."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashdesk.media.checks import GUIDANCE, GUIDANCE_SOURCE, check_media_for_platform, check_media_set
from dashdesk.media.inspect import MediaInfo, inspect_file
from dashdesk.platforms import PLATFORM_IDS, MediaKind, rules_for


def image(size: int = 100_000, w: int = 1080, h: int = 1080) -> MediaInfo:
    return MediaInfo(Path("x.jpg"), MediaKind.IMAGE, "image/jpeg", size, w, h)


def video(seconds: float = 20, size: int = 5_000_000, w: int = 1080, h: int = 1920) -> MediaInfo:
    return MediaInfo(Path("x.mp4"), MediaKind.VIDEO, "video/mp4", size, w, h, duration=seconds, fps=30)


def codes(problems: list) -> list[tuple[str, str]]:
    return [(p.code, p.severity) for p in problems]


def test_refusals_follow_the_rules_table() -> None:
    assert codes(check_media_for_platform(image(), "tiktok")) == [("unsupported_media_type", "error")]
    assert codes(check_media_for_platform(video(), "bluesky")) == [("unsupported_media_type", "error")]
    assert codes(check_media_for_platform(image(), "instagram", "REEL")) == [("unsupported_media_type", "error")]
    assert check_media_for_platform(image(), "instagram", "FEED") == []
    # every refusal agrees with the table itself
    for platform in PLATFORM_IDS:
        rules = rules_for(platform)
        for pt in rules.post_types:
            for info in (image(), video()):
                refused = any(p.severity == "error" for p in check_media_for_platform(info, platform, pt.name))
                assert refused is (info.kind not in pt.media.kinds), (platform, pt.name, info.kind)


def test_refusal_message_names_the_platform() -> None:
    (problem,) = check_media_for_platform(image(), "youtube", index=2)
    assert problem.path == "media_ids[2]"
    assert "YouTube" in problem.message and "video" in problem.message


@pytest.mark.parametrize(
    ("info", "platform", "post_type", "code"),
    [
        (image(size=9_000_000), "instagram", "FEED", "media_size"),
        (image(w=1200, h=400), "instagram", "FEED", "media_aspect"),
        (image(w=1000, h=1400), "instagram", "FEED", "media_aspect"),
        (video(seconds=2), "instagram", "REEL", "media_duration"),
        (video(seconds=16 * 60), "instagram", "REEL", "media_duration"),
        (video(seconds=11 * 60), "tiktok", None, "media_duration"),
        (video(size=5_000_000_000), "tiktok", None, "media_size"),
        (image(size=6_000_000), "linkedin", None, "media_size"),
        (video(seconds=31 * 60), "linkedin", None, "media_duration"),
        (video(size=600_000_000), "linkedin", None, "media_size"),
        (image(size=1_500_000), "bluesky", None, "media_size"),
        (video(seconds=4), "snapchat", "SPOTLIGHT", "media_duration"),
        (video(seconds=61), "snapchat", "STORY", "media_duration"),
        (video(w=1920, h=1080), "snapchat", "SPOTLIGHT", "media_aspect"),
    ],
)
def test_guidance_warnings_cite_their_source(info: MediaInfo, platform: str, post_type: str | None, code: str) -> None:
    problems = check_media_for_platform(info, platform, post_type)
    assert [p.code for p in problems] == [code]
    (problem,) = problems
    assert problem.severity == "warning"
    assert GUIDANCE_SOURCE not in problem.message and ".md" not in problem.message
    assert rules_for(platform).name in problem.message


@pytest.mark.parametrize(
    ("info", "platform", "post_type"),
    [
        (image(size=7_900_000, w=1080, h=1350), "instagram", "FEED"),
        (image(w=1910, h=1000), "instagram", "FEED"),
        (image(w=1080, h=1920), "instagram", "STORY"),  # the aspect guidance is for feed posts
        (video(seconds=3), "instagram", "REEL"),
        (video(seconds=60, w=1080, h=1920), "snapchat", "SPOTLIGHT"),
        (video(seconds=600), "tiktok", None),
        (image(size=4_900_000), "linkedin", None),
        (image(size=4_000_000), "twitter", None),  # under the 5 MB X takes
    ],
)
def test_within_guidance_is_quiet(info: MediaInfo, platform: str, post_type: str | None) -> None:
    assert check_media_for_platform(info, platform, post_type) == []


def test_guidance_table_is_consistent() -> None:
    for g in GUIDANCE:
        pt_names = {pt.name for pt in rules_for(g.platform).post_types}
        assert g.post_types is None or set(g.post_types) <= pt_names
        assert g.max_bytes is None or g.size_label
        assert (g.min_aspect is None and g.max_aspect is None) or g.aspect_label


def test_real_files(sample_files: dict[str, Path]) -> None:
    clip = inspect_file(sample_files["vertical_mp4"])  # 1 s, 9:16
    problems = check_media_for_platform(clip, "snapchat", "SPOTLIGHT")
    assert [p.code for p in problems] == ["media_duration"]


def test_media_set_asks_the_table() -> None:
    assert [p.code for p in check_media_set([MediaKind.IMAGE, MediaKind.VIDEO], "twitter")] == ["mixed_media"]
    assert [p.code for p in check_media_set([MediaKind.IMAGE] * 5, "bluesky")] == ["media_count"]
    assert check_media_set([MediaKind.IMAGE] * 4, "bluesky") == []
    assert check_media_set([MediaKind.IMAGE, MediaKind.VIDEO], "instagram", "FEED") == []
