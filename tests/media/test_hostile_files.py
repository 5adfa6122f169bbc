"""Hostile files given to ``inspect_file`` and ``make_thumbnail``: only typed problems come out (issue 15).

Real JPEG, PNG, GIF and MP4 files are made here (Pillow, PyAV), then truncated, bit-flipped, and
replaced by random bytes under media names; a 30000×30000 PNG of about 109 KB is refused by its header.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from dashdesk.media import samples
from dashdesk.media.inspect import MAX_IMAGE_PIXELS, MediaInfo, MediaProblem, inspect_file, make_thumbnail

CODES = {"not_found", "unreadable", "empty", "corrupt", "unsupported", "too_large"}
HOSTILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_pixel_bomb(path: Path, side: int = 30000) -> Path:
    """A valid 1-bit PNG of ``side``×``side`` black pixels: about 109 KB on disk, 900 megapixels decoded."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)
    body = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body)
                     + _png_chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="module")
def real_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The bytes of a small real JPEG, PNG, GIF (animated) and MP4."""
    folder = tmp_path_factory.mktemp("real")
    jpeg = samples.make_image(folder / "a.jpg", 48, 40, seed=1)
    png = samples.make_image(folder / "a.png", 40, 48, seed=2)
    gif = folder / "a.gif"
    frames = [Image.new("RGB", (24, 24), (i * 40, 0, 0)) for i in range(3)]
    frames[0].save(gif, save_all=True, append_images=frames[1:], duration=100, loop=0)
    mp4 = samples.make_video(folder / "a.mp4", duration=1.0, width=64, height=48, fps=8, seed=3)
    return {p.suffix: p.read_bytes() for p in (jpeg, png, gif, mp4)}


def outcome(path: Path) -> MediaInfo | MediaProblem:
    """What ``inspect_file`` gives: its info or its problem (anything else fails the test)."""
    try:
        return inspect_file(path)
    except MediaProblem as problem:
        assert problem.code in CODES
        assert problem.message.startswith(path.name) and "Traceback" not in problem.message
        return problem


def test_a_30000_square_png_is_too_large_without_being_decoded(tmp_path: Path) -> None:
    bomb = make_pixel_bomb(tmp_path / "huge.png")
    assert bomb.stat().st_size < 200_000
    for call in (inspect_file, make_thumbnail):
        with pytest.raises(MediaProblem) as caught:
            call(bomb)
        assert caught.value.code == "too_large"
        assert "too large" in caught.value.message and "900 megapixels" in caught.value.message


def test_a_picture_just_over_the_budget_is_refused_by_its_header(tmp_path: Path) -> None:
    side = int(MAX_IMAGE_PIXELS ** 0.5) + 10
    with pytest.raises(MediaProblem) as caught:
        inspect_file(make_pixel_bomb(tmp_path / "big.png", side=side - side % 1000 + 1000))
    assert caught.value.code == "too_large"


@pytest.mark.parametrize("name", ["notes.jpg", "notes.png", "notes.mp4", "notes.gif", "notes.mov"])
def test_a_text_file_with_a_media_name_is_not_a_picture_or_video(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Shopping list\nmilk\neggs\n" * 20)
    problem = outcome(path)
    assert isinstance(problem, MediaProblem) and problem.code == "unsupported"
    words = problem.message.lower()
    assert "image2" not in words and "sequence" not in words and "convert" not in words
    assert "not a picture or" in words or "not an image or video" in words


@HOSTILE
@given(data=st.binary(min_size=1, max_size=4096), suffix=st.sampled_from([".jpg", ".png", ".gif", ".mp4", ".mov",
                                                                          ".webp", ".bin", ""]))
def test_random_bytes_give_only_typed_problems(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    outcome(path)


@HOSTILE
@given(data=st.data())
def test_truncated_real_files_give_info_or_a_typed_problem(tmp_path: Path, real_files: dict[str, bytes],
                                                           data: st.DataObject) -> None:
    suffix = data.draw(st.sampled_from(sorted(real_files)))
    content = real_files[suffix]
    cut = data.draw(st.integers(1, len(content) - 1))
    path = tmp_path / f"cut{suffix}"
    path.write_bytes(content[:cut])
    result = outcome(path)
    if isinstance(result, MediaInfo):
        assert result.width > 0 and result.height > 0


@HOSTILE
@given(data=st.data())
def test_damaged_real_files_give_info_or_a_typed_problem(tmp_path: Path, real_files: dict[str, bytes],
                                                         data: st.DataObject) -> None:
    suffix = data.draw(st.sampled_from(sorted(real_files)))
    content = bytearray(real_files[suffix])
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(content) - 1))
        content[at] = data.draw(st.integers(0, 255))
    path = tmp_path / f"flipped{data.draw(st.sampled_from(sorted(real_files)))}"
    path.write_bytes(bytes(content))
    outcome(path)
    try:
        make_thumbnail(path, 64)
    except MediaProblem as problem:
        assert problem.code in CODES
