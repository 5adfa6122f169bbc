"""Make sample media files locally, for tests, demos and benchmarks (nothing is downloaded).

Every maker writes one file and returns its path. They are fast (well under half a second for the
default sizes) and deterministic enough for tests: images are a colour gradient with a few shapes,
videos a moving bar over a gradient, encoded as H.264 in MP4 with PyAV.

Typical use::

    from dashdesk.media import samples
    jpg = samples.make_image(tmp_path / "photo.jpg", 1080, 1350)
    mp4 = samples.make_video(tmp_path / "clip.mp4", duration=2.0, width=320, height=568, fps=24)
    bad = samples.make_corrupt(tmp_path / "broken.jpg")
    everything = samples.make_sample_set(tmp_path)
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageDraw

__all__ = [
    "make_corrupt",
    "make_empty",
    "make_image",
    "make_large_video",
    "make_mislabelled",
    "make_sample_set",
    "make_sized_file",
    "make_unsupported",
    "make_video",
]

_IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}


def _picture(width: int, height: int, seed: int = 0) -> Image.Image:
    """Return an RGB test picture: a diagonal gradient, a circle and a frame, varied by ``seed``."""
    base = Image.linear_gradient("L").resize((width, height))
    r = base
    g = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    b = Image.new("L", (width, height), (seed * 53) % 256)
    img = Image.merge("RGB", (r, g, b))
    draw = ImageDraw.Draw(img)
    side = max(2, min(width, height) // 3)
    x0 = (width - side) // 2 + (seed * 17) % max(1, width // 4) - width // 8
    y0 = (height - side) // 2
    draw.ellipse((x0, y0, x0 + side, y0 + side), fill=(255, 255 - (seed * 31) % 256, 64))
    edge = max(1, min(width, height) // 50)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(20, 20, 20), width=edge)
    return img


def make_image(
    path: str | os.PathLike[str],
    width: int = 1080,
    height: int = 1080,
    *,
    fmt: str | None = None,
    seed: int = 0,
    quality: int = 85,
    grain: float = 0.0,
) -> Path:
    """Write a JPEG/PNG/WebP/GIF image of ``width`` x ``height`` pixels and return its path.

    ``fmt`` is a Pillow format name ("JPEG", "PNG", ...); by default it follows the file suffix
    (JPEG when the suffix is unknown, which is how a mislabelled file is made). ``seed`` varies
    the picture so that two images of the same size have different bytes. ``grain`` (0..1) adds
    film-grain noise, which makes files realistically large (a grainy 2400x1600 PNG is ~10 MB).
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fmt = fmt or _IMAGE_FORMATS.get(out.suffix.lower(), "JPEG")
    img = _picture(width, height, seed)
    if grain > 0:
        noise = Image.effect_noise((width, height), 64).convert("RGB")
        img = Image.blend(img, noise, max(0.0, min(1.0, grain)))
    options: dict[str, object] = {}
    if fmt.upper() in ("JPEG", "WEBP"):
        options["quality"] = quality
    if fmt.upper() == "PNG":
        options["compress_level"] = 1
    img.save(out, format=fmt, **options)
    return out


def make_video(
    path: str | os.PathLike[str],
    duration: float = 1.0,
    width: int = 320,
    height: int = 240,
    fps: int = 24,
    *,
    codec: str = "libx264",
    container: str = "mp4",
    seed: int = 0,
    rotation: int = 0,
) -> Path:
    """Write a short video (H.264 in MP4 by default) and return its path.

    ``width`` and ``height`` are rounded down to even numbers (yuv420p needs that). The picture is a
    gradient with a bar moving across it, so the first frame differs from the rest. Keep sizes small
    in tests: a 2 s 320x240 clip takes a few tens of milliseconds. ``rotation`` (degrees) is stored
    as display-matrix metadata, as phones do for portrait video shot with the sensor sideways.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    width, height = max(2, width - width % 2), max(2, height - height % 2)
    frames = max(1, round(duration * fps))
    background = _picture(width, height, seed)
    with av.open(str(out), mode="w", format=container) as box:
        stream = box.add_stream(codec, rate=fps)
        stream.width = width
        stream.height = height
        stream.pix_fmt = "yuv420p"
        stream.time_base = Fraction(1, fps)
        if rotation:
            stream.set_display_rotation(rotation)
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "tune": "zerolatency", "crf": "30"}
        bar = max(2, width // 10)
        for index in range(frames):
            img = background.copy()
            x = int((width - bar) * index / max(1, frames - 1))
            ImageDraw.Draw(img).rectangle((x, 0, x + bar, height - 1), fill=(250, 250, 250))
            frame = av.VideoFrame.from_image(img)
            frame.pts = index
            for packet in stream.encode(frame):
                box.mux(packet)
        for packet in stream.encode():
            box.mux(packet)
    return out


def make_empty(path: str | os.PathLike[str]) -> Path:
    """Write a zero-byte file and return its path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(b"")
    return out


def make_corrupt(path: str | os.PathLike[str], *, kind: str | None = None) -> Path:
    """Write a file that starts like a real JPEG/PNG/MP4 but is broken, and return its path.

    ``kind`` is "jpeg", "png" or "mp4" (by default from the suffix). The file keeps the format's
    magic bytes (so a naive sniff says "image"), followed by garbage, so decoding it fails.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    kind = (kind or out.suffix.lower().lstrip(".") or "jpeg").replace("jpg", "jpeg")
    garbage = bytes((i * 151 + 7) % 256 for i in range(4096))
    if kind == "png":
        data = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + garbage
    elif kind in ("mp4", "mov", "m4v"):
        data = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00\x00\x10\x00mdat" + garbage
    else:
        data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + garbage
    out.write_bytes(data)
    return out


def make_unsupported(path: str | os.PathLike[str]) -> Path:
    """Write a readable file that is not an image or video (a small text/PDF-like file)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(b"%PDF-1.4\n% DashDesk sample: not a picture\n" + b"0123456789abcdef\n" * 64)
    return out


def make_mislabelled(path: str | os.PathLike[str], actual: str = "png", **kwargs: object) -> Path:
    """Write media whose content does not match its suffix, e.g. a PNG called ``photo.mp4``.

    ``actual`` is "jpeg", "png" or "mp4"; extra keyword arguments go to :func:`make_image` or
    :func:`make_video`.
    """
    if actual == "mp4":
        return make_video(path, **kwargs)  # type: ignore[arg-type]
    fmt = {"jpeg": "JPEG", "jpg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}[actual.lower()]
    return make_image(path, fmt=fmt, **kwargs)  # type: ignore[arg-type]


def make_sized_file(path: str | os.PathLike[str], size: int, *, chunk: int = 8 << 20) -> Path:
    """Write ``size`` bytes of cheap non-repeating data in chunks (memory stays flat) and return the path.

    Meant for large upload tests and the 1 GB benchmark; the content is not valid media.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    block = os.urandom(min(chunk, max(size, 1)))
    with out.open("wb") as fh:
        written = 0
        counter = 0
        while written < size:
            piece = block[: min(len(block), size - written)]
            # Vary each block a little so content hashing sees distinct chunks.
            fh.write(counter.to_bytes(8, "little") + piece[8:] if len(piece) > 8 else piece)
            written += len(piece)
            counter += 1
    return out


def make_large_video(path: str | os.PathLike[str], size: int, *, chunk: int = 8 << 20) -> Path:
    """Write a real, playable MP4 of about ``size`` bytes, quickly, with flat memory.

    A one-second H.264 clip followed by a top-level ``free`` box (ISO BMFF padding that players and
    FFmpeg skip) filled with non-repeating bytes up to ``size``. Inspection sees a one-second video;
    uploads move ``size`` bytes. For large-upload tests and the 1 GB benchmark.
    """
    out = make_video(path, 1.0, 320, 240, 24)
    base = out.stat().st_size
    header = 16  # 32-bit size 1, "free", 64-bit large size
    payload = max(0, size - base - header)
    block = bytearray(os.urandom(min(chunk, max(payload, 1))))
    with out.open("ab") as fh:
        fh.write((1).to_bytes(4, "big") + b"free" + (header + payload).to_bytes(8, "big"))
        written, counter = 0, 0
        while written < payload:
            n = min(len(block), payload - written)
            block[:8] = counter.to_bytes(8, "little")
            fh.write(memoryview(block)[:n])
            written += n
            counter += 1
    return out


def make_sample_set(folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Write one of every sample kind into ``folder`` and return them by name.

    Names: ``jpeg``, ``png``, ``portrait_jpeg``, ``wide_png``, ``mp4``, ``mp4_upper`` (``.MP4``),
    ``vertical_mp4``, ``png_named_jpg``, ``jpeg_named_mp4``, ``mp4_named_jpg``, ``corrupt_jpeg``,
    ``corrupt_png``, ``corrupt_mp4``, ``empty``, ``unsupported``.
    """
    root = Path(folder)
    return {
        "jpeg": make_image(root / "photo.jpg", 640, 640),
        "png": make_image(root / "graphic.png", 400, 300, seed=1),
        "portrait_jpeg": make_image(root / "portrait.jpg", 432, 540, seed=2),
        "wide_png": make_image(root / "banner.png", 1200, 300, seed=3),
        "mp4": make_video(root / "clip.mp4", 1.0, 320, 240, 24),
        "mp4_upper": make_video(root / "CLIP2.MP4", 1.0, 320, 240, 30, seed=1),
        "vertical_mp4": make_video(root / "vertical.mp4", 1.0, 180, 320, 24, seed=2),
        "png_named_jpg": make_mislabelled(root / "really_png.jpg", "png", width=200, height=100, seed=4),
        "jpeg_named_mp4": make_mislabelled(root / "really_jpeg.mp4", "jpeg", width=200, height=100, seed=5),
        "mp4_named_jpg": make_mislabelled(root / "really_video.jpg", "mp4", duration=0.5, seed=3),
        "corrupt_jpeg": make_corrupt(root / "broken.jpg"),
        "corrupt_png": make_corrupt(root / "broken.png"),
        "corrupt_mp4": make_corrupt(root / "broken.mp4"),
        "empty": make_empty(root / "empty.jpg"),
        "unsupported": make_unsupported(root / "notes.pdf"),
    }
