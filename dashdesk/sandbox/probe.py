"""Decide IMAGE or VIDEO from a file's content and read its dimensions and duration."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

IMAGE = "IMAGE"
VIDEO = "VIDEO"

_IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff"}
_VIDEO_EXTENSIONS = {".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv", ".mpg", ".mpeg"}
_ISO_IMAGE_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")


@dataclass
class MediaInfo:
    """What the sandbox learned about a media file."""

    kind: str  # IMAGE or VIDEO
    width: int | None = None
    height: int | None = None
    duration: float | None = None
    frame_rate: float | None = None
    mime: str | None = None


def sniff(head: bytes) -> tuple[str, str] | None:
    """``(kind, mime)`` from a file's first bytes, or ``None`` when it is neither image nor video."""
    if head.startswith(b"\xff\xd8\xff"):
        return IMAGE, "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return IMAGE, "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return IMAGE, "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return IMAGE, "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return VIDEO, "video/x-msvideo"
    if head[:2] == b"BM":
        return IMAGE, "image/bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return IMAGE, "image/tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _ISO_IMAGE_BRANDS:
            return IMAGE, "image/heic"
        if brand == b"qt  ":
            return VIDEO, "video/quicktime"
        return VIDEO, "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return VIDEO, "video/webm"
    if head.startswith(b"\x00\x00\x01\xba") or head.startswith(b"\x00\x00\x01\xb3"):
        return VIDEO, "video/mpeg"
    return None


def kind_from_name(name: str) -> str | None:
    """IMAGE/VIDEO from a file name's extension (only for URLs the sandbox cannot download)."""
    suffix = Path(name.split("?", 1)[0]).suffix.lower()
    if suffix in _IMAGE_EXTENSIONS:
        return IMAGE
    if suffix in _VIDEO_EXTENSIONS:
        return VIDEO
    return None


def probe(path: Path) -> MediaInfo | None:
    """Inspect a stored file: ``None`` when its content is not an image or a video."""
    with path.open("rb") as handle:
        head = handle.read(64)
    sniffed = sniff(head)
    if sniffed is None:
        return None
    kind, mime = sniffed
    info = MediaInfo(kind=kind, mime=mime)
    try:
        if kind == IMAGE:
            _probe_image(path, info)
        else:
            _probe_video(path, info)
    except Exception as exc:  # a truncated or odd file still counts as what its header says
        log.debug("could not inspect %s: %s", path, exc)
    return info


def _probe_image(path: Path, info: MediaInfo) -> None:
    from PIL import Image

    with Image.open(path) as image:
        info.width, info.height = image.size


def _probe_video(path: Path, info: MediaInfo) -> None:
    import av

    with av.open(str(path)) as container:
        stream = next((s for s in container.streams if s.type == "video"), None)
        if container.duration is not None:
            info.duration = round(container.duration / 1_000_000, 3)
        if stream is not None:
            info.width = stream.codec_context.width or None
            info.height = stream.codec_context.height or None
            rate = stream.average_rate or stream.base_rate
            info.frame_rate = round(float(rate), 3) if rate else None
            if info.duration is None and stream.duration is not None and stream.time_base is not None:
                info.duration = round(float(stream.duration * stream.time_base), 3)
