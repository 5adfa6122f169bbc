"""Inspection by content, thumbnails and the sample makers."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from dashdesk.media import samples
from dashdesk.media.inspect import MediaProblem, inspect_file, make_thumbnail
from dashdesk.platforms import MediaKind


@pytest.mark.parametrize(
    ("name", "kind", "mime", "size"),
    [
        ("jpeg", MediaKind.IMAGE, "image/jpeg", (640, 640)),
        ("png", MediaKind.IMAGE, "image/png", (400, 300)),
        ("portrait_jpeg", MediaKind.IMAGE, "image/jpeg", (432, 540)),
        ("mp4", MediaKind.VIDEO, "video/mp4", (320, 240)),
        ("mp4_upper", MediaKind.VIDEO, "video/mp4", (320, 240)),
        ("vertical_mp4", MediaKind.VIDEO, "video/mp4", (180, 320)),
        ("png_named_jpg", MediaKind.IMAGE, "image/png", (200, 100)),
        ("jpeg_named_mp4", MediaKind.IMAGE, "image/jpeg", (200, 100)),
        ("mp4_named_jpg", MediaKind.VIDEO, "video/mp4", (320, 240)),
    ],
)
def test_kind_comes_from_content(
    sample_files: dict[str, Path], name: str, kind: MediaKind, mime: str, size: tuple[int, int]
) -> None:
    info = inspect_file(sample_files[name])
    assert info.kind is kind
    assert info.mime_type == mime
    assert (info.width, info.height) == size
    assert info.size == sample_files[name].stat().st_size
    assert info.suffix_matches is ("named" not in name)


def test_video_details(sample_files: dict[str, Path]) -> None:
    info = inspect_file(sample_files["mp4_upper"])  # CLIP2.MP4: uppercase suffix, 30 fps, 1 s
    assert sample_files["mp4_upper"].suffix == ".MP4"
    assert info.codec == "h264"
    assert info.fps == pytest.approx(30)
    assert info.duration == pytest.approx(1.0, abs=0.1)
    assert info.suffix_matches
    assert "Video · 320×240" in info.summary()


def test_image_has_no_duration(sample_files: dict[str, Path]) -> None:
    info = inspect_file(sample_files["jpeg"])
    assert info.duration is None and info.fps is None
    assert info.codec == "JPEG"
    assert info.aspect == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("corrupt_jpeg", "corrupt", "damaged"),
        ("corrupt_png", "corrupt", "damaged"),
        ("corrupt_mp4", "corrupt", "damaged"),
        ("empty", "empty", "empty"),
        ("unsupported", "unsupported", "not an image or video"),
    ],
)
def test_bad_files_are_refused_with_a_message(sample_files: dict[str, Path], name: str, code: str, words: str) -> None:
    with pytest.raises(MediaProblem) as caught:
        inspect_file(sample_files[name])
    assert caught.value.code == code
    assert words in str(caught.value)
    assert sample_files[name].name in str(caught.value)


def test_truncated_files_are_corrupt(sample_files: dict[str, Path], tmp_path: Path) -> None:
    for name in ("jpeg", "png", "mp4"):
        data = sample_files[name].read_bytes()
        cut = tmp_path / f"cut{sample_files[name].suffix}"
        cut.write_bytes(data[: len(data) // 2])
        with pytest.raises(MediaProblem) as caught:
            inspect_file(cut)
        assert caught.value.code == "corrupt", name


def test_missing_folder_and_unsupported_formats(tmp_path: Path) -> None:
    with pytest.raises(MediaProblem) as caught:
        inspect_file(tmp_path / "nope.jpg")
    assert caught.value.code == "not_found"
    with pytest.raises(MediaProblem) as caught:
        inspect_file(tmp_path)
    assert caught.value.code == "unsupported"
    bmp = samples.make_image(tmp_path / "old.bmp", 20, 20, fmt="BMP")
    with pytest.raises(MediaProblem) as caught:
        inspect_file(bmp)
    assert caught.value.code == "unsupported" and "JPEG or PNG" in caught.value.message
    webm = samples.make_video(tmp_path / "clip.webm", 0.3, 64, 64, 10, codec="libvpx", container="webm")
    with pytest.raises(MediaProblem) as caught:
        inspect_file(webm)
    assert caught.value.code == "unsupported" and "MP4" in caught.value.message


def test_exif_rotation_is_applied(tmp_path: Path) -> None:
    img = Image.new("RGB", (300, 100), (200, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° to display
    path = tmp_path / "phone.jpg"
    img.save(path, exif=exif)
    info = inspect_file(path)
    assert (info.width, info.height) == (100, 300)
    thumb = Image.open(io.BytesIO(make_thumbnail(path, 60)))
    assert thumb.size == (20, 60)


def test_phone_video_rotation_is_applied(tmp_path: Path) -> None:
    clip = samples.make_video(tmp_path / "phone.mov.mp4", 0.5, 320, 240, 10, rotation=90)
    info = inspect_file(clip)
    assert (info.width, info.height) == (240, 320)
    thumb = Image.open(io.BytesIO(make_thumbnail(clip, 100)))
    assert thumb.size == (75, 100)


@pytest.mark.parametrize("name", ["jpeg", "wide_png", "mp4", "vertical_mp4", "mp4_named_jpg"])
def test_thumbnails_are_png_within_bounds(sample_files: dict[str, Path], name: str) -> None:
    data = make_thumbnail(sample_files[name], 96)
    thumb = Image.open(io.BytesIO(data))
    assert thumb.format == "PNG"
    assert max(thumb.size) == 96
    info = inspect_file(sample_files[name])
    assert thumb.size[0] / thumb.size[1] == pytest.approx(info.aspect, rel=0.05)


def test_video_thumbnail_is_the_first_frame(sample_files: dict[str, Path]) -> None:
    # The sample's moving bar starts at the left edge: the first frame is bright there.
    thumb = Image.open(io.BytesIO(make_thumbnail(sample_files["mp4"], 160))).convert("L")
    left = thumb.crop((2, 10, 12, 100)).getextrema()[0]
    right = thumb.crop((thumb.width - 12, 10, thumb.width - 2, 100)).getextrema()[0]
    assert left > 200 > right


@pytest.mark.parametrize("name", ["corrupt_jpeg", "corrupt_mp4", "empty", "unsupported"])
def test_thumbnail_of_bad_file_raises(sample_files: dict[str, Path], name: str) -> None:
    with pytest.raises(MediaProblem):
        make_thumbnail(sample_files[name], 64)


def test_sample_makers_write_usable_files(tmp_path: Path) -> None:
    makers = [
        lambda: samples.make_image(tmp_path / "a.jpg", 1080, 1350),
        lambda: samples.make_image(tmp_path / "b.png", 1200, 628),
        lambda: samples.make_video(tmp_path / "c.mp4", 2.0, 320, 568, 24),
        lambda: samples.make_corrupt(tmp_path / "d.mp4"),
        lambda: samples.make_empty(tmp_path / "e.png"),
    ]
    for make in makers:
        assert make().exists()
    assert inspect_file(tmp_path / "c.mp4").duration == pytest.approx(2.0, abs=0.1)


def test_sized_file(tmp_path: Path) -> None:
    path = samples.make_sized_file(tmp_path / "big.bin", 3_000_000, chunk=1 << 20)
    assert path.stat().st_size == 3_000_000
