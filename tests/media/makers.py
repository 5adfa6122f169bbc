"""Real media files for the pre-flight and fix tests, made with PyAV and Pillow (small and quick)."""

from __future__ import annotations

import zlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image


def split_picture(width: int, height: int, step: int = 0) -> np.ndarray:
    """Left half red, right half blue, with a green bar that moves with ``step`` (so frames differ)."""
    arr = np.zeros((height, width, 3), dtype=np.uint8)
    arr[:, : width // 2, 0] = 220
    arr[:, width // 2 :, 2] = 220
    x = (step * 3) % max(1, width - 4)
    arr[:, x : x + 4, 1] = 255
    return arr


def make_video(
    path: Path,
    codec: str = "libx264",
    *,
    fmt: str | None = None,
    width: int = 160,
    height: int = 90,
    fps: int = 24,
    seconds: float = 1.0,
    audio: str | None = "aac",
    pix_fmt: str = "yuv420p",
) -> Path:
    """Write a video of moving colours (and a tone when ``audio`` names an encoder)."""
    out = av.open(str(path), "w", format=fmt)
    video = out.add_stream(codec, rate=fps)
    video.width, video.height, video.pix_fmt = width, height, pix_fmt
    if codec == "libx265":
        video.codec_context.options = {"x265-params": "log-level=error"}
    sound = None
    if audio:
        sound = out.add_stream(audio, rate=48_000)
        sound.layout = "stereo"
    for i in range(round(seconds * fps)):
        frame = av.VideoFrame.from_ndarray(split_picture(width, height, i), format="rgb24")
        frame.pts, frame.time_base = i, Fraction(1, fps)
        out.mux(video.encode(frame))
    out.mux(video.encode(None))
    if sound is not None:
        total, size, t = round(seconds * 48_000), 1024, 0
        while t < total:
            tone = (np.sin(np.arange(t, t + size) / 15) * 0.2).astype(np.float32)
            frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = 48_000, t
            out.mux(sound.encode(frame))
            t += size
        out.mux(sound.encode(None))
    out.close()
    return path


def make_audio_only(path: Path, seconds: float = 1.0) -> Path:
    """An MP4 holding only AAC sound."""
    out = av.open(str(path), "w")
    sound = out.add_stream("aac", rate=48_000)
    sound.layout = "stereo"
    t = 0
    while t < seconds * 48_000:
        tone = (np.sin(np.arange(t, t + 1024) / 15) * 0.2).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format="fltp", layout="stereo")
        frame.sample_rate, frame.pts = 48_000, t
        out.mux(sound.encode(frame))
        t += 1024
    out.mux(sound.encode(None))
    out.close()
    return path


def make_animation(path: Path, fmt: str, frames: int = 12, ms: int = 100, size: tuple[int, int] = (120, 90)) -> Path:
    """An animated GIF or WebP of ``frames`` frames shown ``ms`` each."""
    pictures = [Image.fromarray(split_picture(size[0], size[1], i * 4)) for i in range(frames)]
    pictures[0].save(path, format=fmt, save_all=True, append_images=pictures[1:], duration=ms, loop=0)
    return path


def make_still(path: Path, fmt: str, size: tuple[int, int] = (200, 150), mode: str = "RGB", **save) -> Path:
    """A still picture in ``fmt`` (AVIF, TIFF, BMP, JPEG...) and ``mode`` (RGB, CMYK, RGBA)."""
    img = Image.fromarray(split_picture(*size))
    if mode != "RGB":
        img = img.convert(mode)
    img.save(path, format=fmt, **save)
    return path


def make_rotated_jpeg(path: Path) -> Path:
    """A JPEG stored 200x100 (red left, blue right) with EXIF orientation 6: shown 100x200, red on top."""
    img = Image.fromarray(split_picture(200, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    img.save(path, format="JPEG", exif=exif.tobytes(), quality=95)
    return path


def make_png16(path: Path, value: int = 32768, size: tuple[int, int] = (64, 48)) -> Path:
    """A 16-bit greyscale PNG of one grey ``value`` (0..65535)."""
    Image.new("I;16", size, value).save(path, format="PNG")
    return path


def make_huge_png(path: Path, side: int = 30_000) -> Path:
    """A real ``side`` x ``side`` one-bit PNG (about 100 KB on disk), written row by row with zlib."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = side.to_bytes(4, "big") * 2 + bytes([1, 0, 0, 0, 0])  # 1-bit greyscale
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def make_truncated_mp4(path: Path, source: Path) -> Path:
    """The first half of ``source`` (an MP4 whose index is at the end, so nothing plays)."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def stream_facts(path: Path) -> dict[str, object]:
    """What the output really is, read straight from FFmpeg: container, codecs, size, duration, fps."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        a = c.streams.audio[0] if c.streams.audio else None
        return {
            "container": c.format.name,
            "video": v.codec_context.name,
            "pix_fmt": v.codec_context.pix_fmt,
            "audio": a.codec_context.name if a else None,
            "width": v.codec_context.width,
            "height": v.codec_context.height,
            "duration": c.duration / av.time_base if c.duration else 0.0,
            "fps": float(v.average_rate) if v.average_rate else 0.0,
        }


def first_frame(path: Path) -> np.ndarray:
    """The first picture of a video as RGB."""
    with av.open(str(path)) as c:
        return next(c.decode(video=0)).to_ndarray(format="rgb24")
