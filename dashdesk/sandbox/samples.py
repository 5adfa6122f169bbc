"""Locally generated demo media: images with Pillow and short videos with PyAV (nothing downloaded)."""

from __future__ import annotations

import io
from fractions import Fraction

_PALETTE = [
    ((255, 94, 98), (255, 195, 113)),
    ((72, 85, 255), (133, 226, 255)),
    ((25, 135, 84), (166, 240, 140)),
    ((122, 63, 255), (255, 120, 210)),
    ((20, 30, 48), (36, 59, 85)),
    ((255, 160, 0), (255, 230, 120)),
]


def make_image(width: int = 1080, height: int = 1080, label: str = "DashDesk", variant: int = 0,
               fmt: str = "JPEG") -> bytes:
    """A gradient picture with a label, encoded as JPEG (default) or PNG."""
    from PIL import Image, ImageDraw

    top, bottom = _PALETTE[variant % len(_PALETTE)]
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(Image.new("RGB", (width, height), bottom),
                            Image.new("RGB", (width, height), top), gradient)
    draw = ImageDraw.Draw(image)
    margin = width // 12
    draw.rounded_rectangle((margin, height - margin * 3, width - margin, height - margin),
                           radius=margin // 3, fill=(255, 255, 255))
    draw.text((margin * 1.5, height - margin * 2.3), label, fill=(30, 30, 30), font_size=max(12, margin // 2))
    out = io.BytesIO()
    image.save(out, fmt, quality=85) if fmt == "JPEG" else image.save(out, fmt)
    return out.getvalue()


def make_video(width: int = 270, height: int = 480, seconds: float = 2.0, fps: int = 12,
               variant: int = 0) -> bytes:
    """A short MP4 (H.264 when available, else MPEG-4 Part 2) of a moving colour bar."""
    import av
    from PIL import Image, ImageDraw

    top, bottom = _PALETTE[variant % len(_PALETTE)]
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        codec = "libx264" if "libx264" in av.codecs_available else "mpeg4"
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.time_base = Fraction(1, fps)
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "crf": "30"}
        frames = max(1, int(seconds * fps))
        base = Image.new("RGB", (width, height), top)
        base.paste(bottom, (0, height // 2, width, height))
        for index in range(frames):
            picture = base.copy()
            x = int((width - width // 5) * index / max(1, frames - 1))
            ImageDraw.Draw(picture).rectangle((x, 0, x + width // 5 - 1, height), fill=(255, 255, 255))
            frame = av.VideoFrame.from_image(picture)
            frame.pts = index
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()
