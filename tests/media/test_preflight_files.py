"""Pre-flight on real files made with PyAV and Pillow: what each platform will make of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashdesk.media.checks import check_media_for_platform
from dashdesk.media.guidance import FORMATS, GUIDANCE
from dashdesk.media.preflight import Finding, FixKind, Verdict, preflight, preflight_set
from dashdesk.media.probe import MP4_FAMILY, probe_file
from dashdesk.platforms import PLATFORM_IDS, MediaKind, rules_for

from .makers import (
    make_animation,
    make_audio_only,
    make_huge_png,
    make_png16,
    make_rotated_jpeg,
    make_still,
    make_truncated_mp4,
    make_video,
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("preflight")
    mp4 = make_video(d / "clip.mp4", width=108, height=192)
    return {
        "webm": make_video(d / "clip.webm", "libvpx-vp9", fmt="webm", audio="libopus"),
        "hevc": make_video(d / "phone.mp4", "libx265"),
        "prores": make_video(d / "edit.mov", "prores_ks", pix_fmt="yuv422p10le", audio=None),
        "avi": make_video(d / "old.avi", "mpeg4", audio="libmp3lame"),
        "mp4": mp4,
        "audio": make_audio_only(d / "voice.mp4"),
        "gif": make_animation(d / "loop.gif", "GIF"),
        "webp": make_animation(d / "loop.webp", "WEBP"),
        "avif": make_still(d / "photo.avif", "AVIF"),
        "tiff": make_still(d / "scan.tiff", "TIFF"),
        "bmp": make_still(d / "paint.bmp", "BMP"),
        "cmyk": make_still(d / "print.jpg", "JPEG", mode="CMYK"),
        "rotated": make_rotated_jpeg(d / "phone.jpg"),
        "png16": make_png16(d / "deep.png"),
        "huge": make_huge_png(d / "huge.png"),
        "truncated": make_truncated_mp4(d / "cut.mp4", mp4),
    }


def codes(findings: list[Finding]) -> list[tuple[str, Verdict, FixKind | None]]:
    return [(f.code, f.verdict, f.fix) for f in findings]


def only(findings: list[Finding], code: str) -> Finding:
    (found,) = [f for f in findings if f.code == code]
    return found


def test_webm_is_refused_on_instagram_and_converting_fixes_it(files: dict[str, Path]) -> None:
    facts = probe_file(files["webm"])
    assert (facts.kind, facts.container, facts.codec, facts.audio_codec) == (
        MediaKind.VIDEO, "matroska,webm", "vp9", "opus")
    assert facts.info is None and facts.problem is None  # not sendable as it is, but convertible
    finding = only(preflight(facts, "instagram", "REEL"), "media_format")
    assert finding.verdict is Verdict.PLATFORM_REFUSES and finding.refused and finding.fix is FixKind.CONVERT_VIDEO
    assert "Instagram will refuse it" in finding.message and "WebM" in finding.message and "MP4" in finding.message
    assert finding.source  # the source stays in the data ...
    assert ".md" not in finding.message and "guide" not in finding.message.lower()  # ... not in the words


def test_hevc_is_taken_by_instagram_but_may_be_refused_by_x(files: dict[str, Path]) -> None:
    facts = probe_file(files["hevc"])
    assert facts.codec == "hevc" and facts.info is not None
    assert "media_format" not in [f.code for f in preflight(facts, "instagram", "FEED")]
    finding = only(preflight(facts, "twitter"), "media_format")
    assert finding.verdict is Verdict.PLATFORM_MAY_REFUSE and not finding.refused
    assert "HEVC" in finding.message and "X may refuse it" in finding.message


def test_prores_mov_and_avi(files: dict[str, Path]) -> None:
    mov = probe_file(files["prores"])
    assert (mov.container, mov.codec) == (MP4_FAMILY, "prores")
    assert only(preflight(mov, "tiktok"), "media_format").fix is FixKind.CONVERT_VIDEO
    avi = probe_file(files["avi"])
    assert (avi.container, avi.codec, avi.audio_codec) == ("avi", "mpeg4", "mp3")
    assert only(preflight(avi, "linkedin"), "media_format").verdict is Verdict.PLATFORM_REFUSES


def test_audio_only_and_truncated_files_are_unusable(files: dict[str, Path]) -> None:
    for key, code in (("audio", "no_picture"), ("truncated", "corrupt")):
        facts = probe_file(files[key])
        assert facts.problem is not None and facts.problem.code == code
        (finding,) = preflight(facts, "tiktok")
        assert finding.verdict is Verdict.UNUSABLE and finding.refused and finding.fix is None
        assert files[key].name in finding.message


def test_animations_need_converting_where_video_is_wanted(files: dict[str, Path]) -> None:
    for key, fmt in (("gif", "GIF"), ("webp", "WEBP")):
        facts = probe_file(files[key])
        assert facts.animated and facts.frames == 12 and facts.codec == fmt
        assert codes(preflight(facts, "tiktok")) == [("needs_video", Verdict.DASH_REFUSES, FixKind.TO_VIDEO)]
        assert only(preflight(facts, "instagram", "FEED"), "media_format").fix is FixKind.TO_VIDEO
    # X shows GIFs: nothing to say
    assert preflight(probe_file(files["gif"]), "twitter") == []


@pytest.mark.parametrize(("key", "fmt"), [("avif", "AVIF"), ("tiff", "TIFF"), ("bmp", "BMP")])
def test_pictures_no_platform_takes_are_refused_with_a_conversion(files: dict[str, Path], key: str, fmt: str) -> None:
    facts = probe_file(files[key])
    assert facts.codec == fmt and facts.info is None and facts.problem is None
    finding = only(preflight(facts, "instagram", "FEED"), "media_format")
    assert (finding.verdict, finding.fix) == (Verdict.PLATFORM_REFUSES, FixKind.CONVERT_IMAGE)


def test_cmyk_and_16_bit_pictures(files: dict[str, Path]) -> None:
    cmyk = probe_file(files["cmyk"])
    assert cmyk.mode == "CMYK"
    assert only(preflight(cmyk, "linkedin"), "media_colour").fix is FixKind.CONVERT_IMAGE
    deep = probe_file(files["png16"])
    assert deep.high_bit_depth
    finding = only(preflight(deep, "bluesky"), "media_colour")
    assert finding.verdict is Verdict.PLATFORM_MAY_REFUSE and "16-bit" in finding.message


def test_exif_rotation_is_applied_to_the_shape(files: dict[str, Path]) -> None:
    facts = probe_file(files["rotated"])
    assert (facts.orientation, facts.width, facts.height) == (6, 100, 200)
    # shown 1:2, taller than the 4:5 Instagram feed takes
    assert only(preflight(facts, "instagram", "FEED"), "media_aspect").fix is FixKind.FIT


def test_a_30000_pixel_square_png_is_a_typed_problem(files: dict[str, Path]) -> None:
    facts = probe_file(files["huge"])
    assert facts.problem is not None and facts.problem.code == "too_many_pixels"
    assert "smaller" in facts.problem.message
    (finding,) = preflight(facts, "instagram", "FEED")
    assert finding.refused and finding.fix is None


def test_snapchat_guidance_on_a_real_file(files: dict[str, Path]) -> None:
    facts = probe_file(files["mp4"])  # 1 s, 9:16, H.264/AAC
    assert codes(preflight(facts, "snapchat", "SPOTLIGHT")) == [
        ("media_duration", Verdict.PLATFORM_MAY_REFUSE, None)]
    assert preflight(facts, "instagram", "STORY") == []


def test_count_comes_from_the_rules_table() -> None:
    (finding,) = preflight_set([MediaKind.IMAGE] * 5, "twitter")
    assert finding.code == "media_count" and finding.verdict is Verdict.DASH_REFUSES
    assert preflight_set([MediaKind.IMAGE] * 4, "twitter") == []


def test_checks_adapter_keeps_severity_and_path(files: dict[str, Path]) -> None:
    problems = check_media_for_platform(probe_file(files["webm"]), "tiktok", index=1)
    (fmt,) = [p for p in problems if p.code == "media_format"]
    assert (fmt.path, fmt.severity, fmt.stage) == ("media_ids[1]", "error", "publish")


def test_tables_are_consistent() -> None:
    assert set(FORMATS) <= set(PLATFORM_IDS)
    for g in GUIDANCE:
        names = {pt.name for pt in rules_for(g.platform).post_types}
        assert g.post_types is None or set(g.post_types) <= names
        assert g.source
        if g.min_aspect is not None or g.max_aspect is not None:
            assert g.aspect_label


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    head=st.sampled_from([b"", b"\x00\x00\x00\x18ftypmp42", b"\x1a\x45\xdf\xa3", b"\x89PNG\r\n\x1a\n", b"GIF89a",
                          b"\xff\xd8\xff\xe0", b"RIFF\x00\x00\x00\x00WEBP", b"RIFF\x00\x00\x00\x00AVI "]),
    body=st.binary(max_size=300),
)
def test_hostile_bytes_never_raise(tmp_path: Path, head: bytes, body: bytes) -> None:
    path = tmp_path / "hostile.bin"
    path.write_bytes(head + body)
    facts = probe_file(path)
    for platform in ("instagram", "tiktok", "bluesky"):
        findings = preflight(facts, platform)
        if facts.problem is not None:
            assert [f.verdict for f in findings] == [Verdict.UNUSABLE]
