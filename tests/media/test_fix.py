"""One-click fixes on real files: each output is inspected (codec, size, shape, duration, pixels)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dashdesk.media import samples
from dashdesk.media.fix import FixCancelled, FixFailed, FixPlan, plan_fix, run_fix
from dashdesk.media.preflight import preflight
from dashdesk.media.probe import probe_file

from .makers import (
    first_frame,
    make_animation,
    make_huge_png,
    make_png16,
    make_rotated_jpeg,
    make_still,
    make_video,
    stream_facts,
)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fix_for(path: Path, platform: str, post_type: str | None = None, folder: Path | None = None, **kw):
    facts = probe_file(path)
    plan = plan_fix(facts, platform, post_type, **kw)
    assert plan is not None
    before = (sha(path), path.stat().st_mtime_ns)
    result = run_fix(facts, plan, folder=folder)
    assert (sha(path), path.stat().st_mtime_ns) == before  # the original is never touched
    assert result.path.parent.name == sha(result.path)  # stored under its content hash
    assert not [f for f in preflight(result.facts, platform, post_type) if f.refused]
    return result


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "fixed"


@pytest.mark.parametrize(
    ("codec", "fmt", "suffix", "pix", "audio", "platform", "post_type"),
    [
        ("libvpx-vp9", "webm", ".webm", "yuv420p", "libopus", "instagram", "REEL"),
        ("libx265", None, ".mp4", "yuv420p", "aac", "twitter", None),
        ("prores_ks", None, ".mov", "yuv422p10le", None, "tiktok", None),
        ("mpeg4", "avi", ".avi", "yuv420p", "libmp3lame", "linkedin", None),
    ],
)
def test_videos_become_h264_aac_mp4(tmp_path: Path, cache: Path, codec: str, fmt: str | None, suffix: str,
                                    pix: str, audio: str | None, platform: str, post_type: str | None) -> None:
    src = make_video(tmp_path / f"in{suffix}", codec, fmt=fmt, pix_fmt=pix, audio=audio, seconds=1.0)
    result = fix_for(src, platform, post_type, cache)
    out = stream_facts(result.path)
    assert out["container"] == "mov,mp4,m4a,3gp,3g2,mj2" and out["video"] == "h264" and out["pix_fmt"] == "yuv420p"
    assert out["audio"] == ("aac" if audio else None)
    assert (out["width"], out["height"]) == (160, 90)
    assert out["duration"] == pytest.approx(1.0, abs=0.1)
    assert result.path.suffix == ".mp4" and result.facts.info is not None


@pytest.mark.parametrize("fmt", ["GIF", "WEBP"])
def test_animations_become_30_fps_mp4(tmp_path: Path, cache: Path, fmt: str) -> None:
    src = make_animation(tmp_path / f"loop.{fmt.lower()}", fmt, frames=12, ms=100)
    result = fix_for(src, "tiktok", None, cache)
    out = stream_facts(result.path)
    assert out["video"] == "h264" and out["audio"] is None
    assert (out["width"], out["height"]) == (120, 90)
    assert out["duration"] == pytest.approx(1.2, abs=0.1)
    assert out["fps"] == pytest.approx(30, abs=1)


@pytest.mark.parametrize(("fmt", "mode", "platform", "expect"), [
    ("AVIF", "RGB", "instagram", "JPEG"),
    ("TIFF", "RGB", "threads", "JPEG"),
    ("BMP", "RGB", "linkedin", "JPEG"),
    ("TIFF", "RGBA", "bluesky", "PNG"),  # transparency is kept where PNG is taken
])
def test_pictures_become_jpeg_or_png(tmp_path: Path, cache: Path, fmt: str, mode: str, platform: str,
                                     expect: str) -> None:
    src = make_still(tmp_path / f"pic.{fmt.lower()}", fmt, mode=mode)
    result = fix_for(src, platform, None, cache)
    with Image.open(result.path) as img:
        assert img.format == expect and img.size == (200, 150)
        assert img.mode == ("RGBA" if expect == "PNG" else "RGB")
        left, right = img.convert("RGB").getpixel((20, 75)), img.convert("RGB").getpixel((180, 75))
    assert left[0] > 180 and right[2] > 180  # red stays left, blue stays right


def test_cmyk_becomes_rgb(tmp_path: Path, cache: Path) -> None:
    result = fix_for(make_still(tmp_path / "print.jpg", "JPEG", mode="CMYK"), "linkedin", None, cache)
    with Image.open(result.path) as img:
        assert (img.format, img.mode) == ("JPEG", "RGB")


def test_exif_orientation_is_honoured(tmp_path: Path, cache: Path) -> None:
    src = make_rotated_jpeg(tmp_path / "phone.jpg")  # stored 200x100 red|blue, orientation 6
    facts = probe_file(src)
    result = run_fix(facts, replace(plan_fix(facts, "instagram", "STORY", force=True), output="jpeg"), folder=cache)
    with Image.open(result.path) as img:
        assert img.size == (100, 200)
        assert img.getexif().get(0x0112, 1) == 1  # upright pixels, no orientation left to apply
        top, bottom = img.getpixel((50, 20)), img.getpixel((50, 180))
    assert top[0] > 180 and bottom[2] > 180  # rotated 90° clockwise: the red left half is on top


def test_16_bit_keeps_its_brightness(tmp_path: Path, cache: Path) -> None:
    result = fix_for(make_png16(tmp_path / "deep.png", value=32768), "bluesky", None, cache)
    with Image.open(result.path) as img:
        assert img.mode in ("RGB", "L")
        assert img.convert("L").getpixel((10, 10)) == pytest.approx(128, abs=2)  # not clipped to white


def test_shrinks_a_picture_under_the_size_guidance(tmp_path: Path, cache: Path) -> None:
    src = samples.make_image(tmp_path / "big.png", 2400, 1600, grain=0.6)
    assert src.stat().st_size > 1_000_000
    result = fix_for(src, "bluesky", None, cache)
    assert result.facts.size <= 1_000_000 and result.facts.codec == "JPEG"
    assert result.facts.aspect == pytest.approx(1.5, rel=0.01)


def test_shrinks_a_video_over_the_resolution_guidance(tmp_path: Path, cache: Path) -> None:
    src = make_video(tmp_path / "wide.mp4", width=2560, height=1440, fps=10, seconds=0.5)
    result = fix_for(src, "twitter", None, cache)
    out = stream_facts(result.path)
    assert (out["width"], out["height"]) == (1920, 1080)


@pytest.mark.parametrize(("position", "colour"), [(0.0, 0), (1.0, 2)])
def test_crop_box_position(tmp_path: Path, cache: Path, position: float, colour: int) -> None:
    src = make_video(tmp_path / "wide.mp4", width=320, height=180, seconds=0.5, audio=None)
    facts = probe_file(src)
    plan = replace(plan_fix(facts, "instagram", "REEL", reshape=True), crop_x=position)
    result = run_fix(facts, plan, folder=cache)
    out = stream_facts(result.path)
    assert out["width"] / out["height"] == pytest.approx(9 / 16, rel=0.02)
    frame = first_frame(result.path)
    mean = frame.reshape(-1, 3).mean(axis=0)
    assert mean[colour] > 150  # the left edge is red, the right edge blue


def test_pad_with_a_colour_and_with_blur(tmp_path: Path, cache: Path) -> None:
    src = make_still(tmp_path / "tall.jpg", "JPEG", size=(100, 140), quality=95)
    facts = probe_file(src)
    solid = run_fix(facts, replace(plan_fix(facts, "instagram", "FEED", fit="pad"), pad="#00ff00"), folder=cache)
    with Image.open(solid.path) as img:
        assert img.size == (112, 140)  # 4:5
        g = img.getpixel((1, 70))
    assert g[1] > 200 and g[0] < 60  # the added side is the chosen colour
    blurred = run_fix(facts, plan_fix(facts, "instagram", "FEED", fit="pad"), folder=cache)
    with Image.open(blurred.path) as img:
        assert img.size == (112, 140)
        assert img.getpixel((1, 70))[1] < 200  # a blurred copy of the picture, not green
    video = make_video(tmp_path / "wide.mp4", width=320, height=180, seconds=0.5, audio=None)
    vf = probe_file(video)
    padded = run_fix(vf, plan_fix(vf, "tiktok", fit="pad", reshape=True), folder=cache)
    out = stream_facts(padded.path)
    assert (out["width"], out["height"]) == (320, 568)
    frame = first_frame(padded.path)
    middle = frame[284 - 40 : 284 + 40, 10:40].mean(axis=(0, 1))
    assert middle[0] > 150  # the picture itself sits in the middle, unblurred red at its left


def test_trims_to_the_platform_length(tmp_path: Path, cache: Path) -> None:
    src = make_video(tmp_path / "long.mp4", width=72, height=128, fps=5, seconds=65, audio="aac")
    result = fix_for(src, "snapchat", "SPOTLIGHT", cache)
    out = stream_facts(result.path)
    assert out["duration"] == pytest.approx(60, abs=0.5)
    assert out["audio"] == "aac"


def test_trim_start_and_end(tmp_path: Path, cache: Path) -> None:
    src = make_video(tmp_path / "clip.mp4", width=64, height=36, fps=10, seconds=4.0)
    facts = probe_file(src)
    plan = FixPlan(output="mp4", start=1.0, end=3.0)
    result = run_fix(facts, plan, folder=cache)
    assert stream_facts(result.path)["duration"] == pytest.approx(2.0, abs=0.15)


def test_same_fix_is_reused_and_progress_ends_at_one(tmp_path: Path, cache: Path) -> None:
    src = make_video(tmp_path / "a.webm", "libvpx-vp9", fmt="webm", audio=None)
    facts = probe_file(src)
    plan = plan_fix(facts, "tiktok")
    seen: list[float] = []
    first = run_fix(facts, plan, folder=cache, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 2
    again = run_fix(src, plan, folder=cache)
    assert again.reused and again.path == first.path
    copy = tmp_path / "copy.webm"
    copy.write_bytes(src.read_bytes())
    assert run_fix(copy, plan, folder=cache).path.parent == first.path.parent  # same bytes, same result


def test_cancel_leaves_nothing_behind(tmp_path: Path, cache: Path) -> None:
    src = make_video(tmp_path / "a.avi", "mpeg4", fmt="avi", seconds=2.0)
    facts = probe_file(src)
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 5

    with pytest.raises(FixCancelled):
        run_fix(facts, plan_fix(facts, "tiktok"), folder=cache, should_stop=stop)
    assert [p for p in cache.rglob("*") if p.is_file()] == []


def test_unusable_files_fail_plainly(tmp_path: Path, cache: Path) -> None:
    huge = probe_file(make_huge_png(tmp_path / "huge.png"))
    assert plan_fix(huge, "instagram", "FEED") is None
    with pytest.raises(FixFailed) as caught:
        run_fix(huge, FixPlan(output="jpeg"), folder=cache)
    assert "smaller" in caught.value.message


def test_nothing_to_fix_gives_no_plan(tmp_path: Path) -> None:
    good = probe_file(make_video(tmp_path / "ok.mp4", width=108, height=192, seconds=3.5))
    assert plan_fix(good, "instagram", "REEL") is None
    assert plan_fix(probe_file(make_still(tmp_path / "x.jpg", "JPEG")), "tiktok") is None  # a still can't be a video
    np.testing.assert_equal(plan_fix(good, "instagram", "REEL", force=True).output, "mp4")
