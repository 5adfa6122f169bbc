"""Fixtures for preview tests: solid-colour images and a solid-colour video; a private data folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from preview_helpers import COLOURS


@pytest.fixture
def image_file(tmp_path: Path) -> Callable[..., Path]:
    """``image_file("red", 800, 1000)``: a PNG filled with one colour."""
    from PIL import Image

    def make(colour: str, width: int = 600, height: int = 600) -> Path:
        path = tmp_path / f"{colour}-{width}x{height}.png"
        if not path.exists():
            Image.new("RGB", (width, height), COLOURS[colour]).save(path)
        return path

    return make


@pytest.fixture
def video_file(tmp_path: Path) -> Callable[..., Path]:
    """``video_file("orange", seconds=3)``: an MP4 whose frames are one colour."""
    import av
    from PIL import Image

    def make(colour: str, seconds: float = 3.0, width: int = 360, height: int = 640) -> Path:
        path = tmp_path / f"{colour}-{seconds}.mp4"
        if path.exists():
            return path
        fps = 10
        with av.open(str(path), mode="w", format="mp4") as box:
            codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
            stream = box.add_stream(codec, rate=fps)
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            stream.time_base = Fraction(1, fps)
            picture = Image.new("RGB", (width, height), COLOURS[colour])
            for index in range(int(seconds * fps)):
                frame = av.VideoFrame.from_image(picture)
                frame.pts = index
                for packet in stream.encode(frame):
                    box.mux(packet)
            for packet in stream.encode():
                box.mux(packet)
        return path

    return make


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own DashDesk data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def writer(data_dir: Path) -> Iterator[Any]:
    """An autosave writer into the test's data folder."""
    from dashdesk.store.autosave import AutosaveWriter

    w = AutosaveWriter(data_dir / "autosave")
    yield w
    w.close()
