"""Inspect a local media file before anything is sent: what it is (by content), its size and shape.

Images are read with Pillow, videos probed with PyAV (FFmpeg); no container is parsed by hand. The
only bytes DashDesk reads itself are a file's first few bytes, to tell a broken JPEG/PNG/MP4 ("corrupt")
from a file that never was media ("unsupported").
"""

from __future__ import annotations

import io
import logging
import os
import re
import stat
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from struct import error as struct_error

import av
from PIL import Image, ImageOps, UnidentifiedImageError

from dashdesk.i18n import tr
from dashdesk.platforms import MediaKind

__all__ = [
    "IMAGE_MIME",
    "MAX_IMAGE_PIXELS",
    "VIDEO_MIME",
    "MediaInfo",
    "MediaProblem",
    "inspect_file",
    "make_thumbnail",
]

#: Image formats DashDesk accepts (Pillow format name -> mime type).
IMAGE_MIME: dict[str, str] = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",  # multi-picture JPEG from phones/cameras; the first picture is a plain JPEG
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}
#: Video containers DashDesk accepts (mime type by brand); everything FFmpeg calls "mov,mp4,...".
VIDEO_MIME: dict[str, str] = {"mp4": "video/mp4", "quicktime": "video/quicktime"}
_MP4_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2"

#: The largest picture DashDesk decodes, in pixels (80 megapixels, e.g. 10000×8000). No platform takes
#: more, and a picture over it is refused from its header alone: a small file can claim billions of
#: pixels (a "decompression bomb") and decoding it would take gigabytes of memory.
MAX_IMAGE_PIXELS = 80_000_000

_log = logging.getLogger(__name__)
_warnings_lock = threading.Lock()
_PIXELS_IN_MESSAGE = re.compile(r"\((\d+) pixels\)")

# Magic numbers that say "this was meant to be media" (for corrupt vs unsupported).
_IMAGE_MAGIC: tuple[tuple[int, bytes], ...] = (
    (0, b"\xff\xd8\xff"),  # JPEG
    (0, b"\x89PNG\r\n\x1a\n"),
    (0, b"GIF8"),
    (8, b"WEBP"),
)
_MEDIA_MAGIC: tuple[tuple[int, bytes], ...] = (
    *_IMAGE_MAGIC,
    (4, b"ftyp"),  # MP4/MOV/HEIC
    (4, b"moov"),
    (4, b"mdat"),
    (4, b"wide"),
    (0, b"\x1a\x45\xdf\xa3"),  # Matroska/WebM
)


class MediaProblem(Exception):
    """A file that cannot be used as media, with a plain message and a stable ``code``.

    Codes: ``not_found``, ``unreadable``, ``empty``, ``corrupt``, ``unsupported``, ``too_large``.
    """

    def __init__(self, path: str | os.PathLike[str], code: str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class MediaInfo:
    """What a local media file is. Dimensions are as displayed (EXIF/rotation applied)."""

    path: Path
    kind: MediaKind
    mime_type: str
    size: int
    width: int
    height: int
    #: Seconds, for videos (``None`` for still images).
    duration: float | None = None
    fps: float | None = None
    #: Video codec name as FFmpeg says it (``h264``, ``hevc``...), or the image format (``JPEG``).
    codec: str | None = None
    has_audio: bool = False
    #: Number of frames in an animated image (1 for stills).
    frames: int = 1

    @property
    def aspect(self) -> float:
        """Width divided by height."""
        return self.width / self.height if self.height else 0.0

    @property
    def name(self) -> str:
        """The file name."""
        return self.path.name

    @property
    def suffix_matches(self) -> bool:
        """Whether the file name's suffix agrees with its content (``False`` for a mislabelled file)."""
        expected = {
            "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
            "image/png": {".png"},
            "image/gif": {".gif"},
            "image/webp": {".webp"},
            "video/mp4": {".mp4", ".m4v"},
            "video/quicktime": {".mov", ".qt"},
        }.get(self.mime_type, set())
        return self.path.suffix.lower() in expected

    def summary(self) -> str:
        """A short human description, e.g. ``"Video · 1080×1920 · 0:12 · 30 fps · 4.2 MB"``."""
        parts = ["Video" if self.kind is MediaKind.VIDEO else "Image", f"{self.width}×{self.height}"]
        if self.duration is not None:
            parts.append(format_duration(self.duration))
        if self.fps:
            parts.append(f"{self.fps:g} fps")
        parts.append(format_bytes(self.size))
        return " · ".join(parts)


def format_bytes(size: float) -> str:
    """Format a byte count in decimal units (``"4.2 MB"``), as platforms state their limits."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if abs(size) < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} GB"  # pragma: no cover


def format_duration(seconds: float) -> str:
    """Format seconds as ``m:ss`` (or ``h:mm:ss``); under ten seconds with one decimal."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _head(path: Path, size: int = 32) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)


def _looks_like_media(head: bytes, table: tuple[tuple[int, bytes], ...] = _MEDIA_MAGIC) -> bool:
    return any(head[offset : offset + len(magic)] == magic for offset, magic in table)


def _open_checked(path: str | os.PathLike[str]) -> tuple[Path, int, bytes]:
    """Check that ``path`` is a readable, non-empty regular file; return it, its size and first bytes."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise MediaProblem(p, "not_found", tr("{name}: the file is not there any more.", name=p.name)) from None
    except OSError as exc:
        raise MediaProblem(p, "unreadable", tr("{name}: cannot be read ({reason}).",
            name=p.name, reason=exc.strerror or exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise MediaProblem(p, "unsupported", tr("{name}: is a folder or device, not a media file.", name=p.name))
    if st.st_size == 0:
        raise MediaProblem(p, "empty", tr("{name}: the file is empty (0 bytes).", name=p.name))
    try:
        head = _head(p)
    except OSError as exc:
        raise MediaProblem(p, "unreadable", tr("{name}: cannot be read ({reason}).",
            name=p.name, reason=exc.strerror or exc)) from None
    return p, st.st_size, head


def _exif_swaps(img: Image.Image) -> bool:
    try:
        orientation = img.getexif().get(0x0112, 1)
    except Exception:  # broken EXIF must not make a good picture unusable
        return False
    return orientation in (5, 6, 7, 8)


@contextmanager
def _no_bomb_warnings() -> Iterator[None]:
    """Silence Pillow's decompression-bomb warning: DashDesk refuses such pictures itself, by size."""
    with _warnings_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def _too_large(path: Path, pixels: int | None) -> MediaProblem:
    most = MAX_IMAGE_PIXELS // 1_000_000
    if pixels:
        message = tr("{name}: the picture is too large ({megapixels} megapixels). Save a smaller copy (at most "
                     "{most} megapixels, e.g. 8000×8000) and use that.", name=path.name,
                     megapixels=f"{pixels / 1e6:,.0f}", most=most)
    else:
        message = tr("{name}: the picture is too large. Save a smaller copy (at most {most} megapixels, e.g. "
                     "8000×8000) and use that.", name=path.name, most=most)
    return MediaProblem(path, "too_large", message)


def _open_image(path: Path) -> Image.Image | None:
    """Open (read the header of) a picture, refusing one over :data:`MAX_IMAGE_PIXELS` before decoding;
    ``None`` when Pillow does not recognise the file."""
    try:
        with _no_bomb_warnings():
            img = Image.open(path)
    except UnidentifiedImageError:
        return None
    except Image.DecompressionBombError as exc:
        found = _PIXELS_IN_MESSAGE.search(str(exc))
        raise _too_large(path, int(found.group(1)) if found else None) from None
    except (OSError, SyntaxError, ValueError, TypeError, IndexError, struct_error, EOFError):
        # a header Pillow recognised but could not parse
        if _looks_like_media(_head(path), _IMAGE_MAGIC):
            raise MediaProblem(path, "corrupt", tr("{name}: the image is damaged and cannot be decoded.",
                name=path.name)) from None
        return None
    width, height = img.size
    if width * height > MAX_IMAGE_PIXELS:
        img.close()
        raise _too_large(path, width * height)
    return img


def _inspect_image(path: Path, size: int) -> MediaInfo | None:
    """Return image info, ``None`` when Pillow does not recognise the file; raise when it is broken."""
    img = _open_image(path)
    if img is None:
        return None
    with img:
        fmt = (img.format or "").upper()
        width, height = img.size
        if fmt not in IMAGE_MIME:
            raise MediaProblem(
                path,
                "unsupported",
                tr("{name}: {fmt} images are not accepted by social platforms; save it as JPEG or PNG.",
                    name=path.name, fmt=fmt or 'this'),
            )
        swaps = _exif_swaps(img)
        try:
            if fmt in ("JPEG", "MPO"):
                # Decode at reduced scale: still reads every byte, so truncation is caught, but fast.
                img.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            with _no_bomb_warnings():
                img.load()
                frames = getattr(img, "n_frames", 1)
        except (OSError, SyntaxError, ValueError, TypeError, IndexError, EOFError, struct_error,
                Image.DecompressionBombError) as exc:
            _log.info("%s: %s", path.name, exc)
            raise MediaProblem(
                path, "corrupt", tr(
                        "{name}: the {fmt} image is damaged or cut short and cannot be shown. Save or export it again"
                        " from the original.",
                        name=path.name,
                        fmt=fmt,
                    )
            ) from None
    if swaps:
        width, height = height, width
    return MediaInfo(
        path=path,
        kind=MediaKind.IMAGE,
        mime_type=IMAGE_MIME[fmt],
        size=size,
        width=width,
        height=height,
        codec=fmt,
        frames=frames,
    )


#: FFmpeg demuxers of single pictures (a file they open was not readable by Pillow).
_STILL_FORMATS = frozenset({"image2", "mjpeg", "png_pipe", "jpeg_pipe", "gif", "webp_pipe", "bmp_pipe", "tiff_pipe",
                            "apng", "ico", "svg_pipe", "jpegls_pipe", "jpegxl_pipe"})


def _rate(value: Fraction | None) -> float | None:
    if not value:
        return None
    return round(float(value), 3)


def _inspect_video(path: Path, size: int, head: bytes) -> MediaInfo:
    try:
        container = av.open(str(path), mode="r", metadata_errors="replace")
    except (av.error.FFmpegError, OSError):  # FFmpeg's errors are OSErrors too; the file itself was readable
        if _looks_like_media(head):
            raise MediaProblem(path, "corrupt", tr("{name}: the video is damaged and cannot be read.",
                name=path.name)) from None
        raise MediaProblem(
            path, "unsupported", tr("{name}: not an image or video DashDesk can use (JPEG, PNG, MP4, MOV).",
                name=path.name)
        ) from None
    with container:
        fmt = container.format.name
        if fmt.startswith("image2") or fmt.endswith("_pipe") or fmt in _STILL_FORMATS:
            # FFmpeg went by the file's name (photo.jpg) or read it as a still: it is no picture Pillow
            # could read (that was tried first), and no video either
            raise MediaProblem(path, "unsupported", tr(
                    "{name}: is not a picture or a video, whatever its name says. Choose the original JPEG, PNG, GIF,"
                    " MP4 or MOV file.",
                    name=path.name,
                ))
        if not container.streams.video:
            kind = "audio" if container.streams.audio else "data"
            raise MediaProblem(path, "unsupported", tr("{name}: has no picture ({kind} only).",
                name=path.name, kind=kind))
        if fmt != _MP4_FAMILY:
            raise MediaProblem(
                path,
                "unsupported",
                tr("{name}: {long_name} is not accepted by social platforms; convert it to MP4 (H.264).",
                    name=path.name, long_name=container.format.long_name or fmt),
            )
        stream = container.streams.video[0]
        ctx = stream.codec_context
        if ctx is None:  # FFmpeg knows no decoder for what the damaged header names
            raise MediaProblem(path, "corrupt", tr("{name}: the video is damaged and cannot be decoded.",
                name=path.name))
        codec = ctx.name
        width, height = ctx.width, ctx.height
        fps = _rate(stream.average_rate) or _rate(stream.guessed_rate)
        if container.duration is not None:
            duration = container.duration / av.time_base
        elif stream.duration is not None and stream.time_base:
            duration = float(stream.duration * stream.time_base)
        else:
            duration = 0.0
        rotation = 0
        try:
            frame = next(container.decode(stream))
            rotation = int(getattr(frame, "rotation", 0) or 0)
        except StopIteration:
            raise MediaProblem(path, "corrupt", tr("{name}: the video has no frames that play.",
                name=path.name)) from None
        except (av.error.FFmpegError, ValueError) as exc:
            _log.info("%s: %s", path.name, exc)
            raise MediaProblem(
                path, "corrupt", tr(
                        "{name}: the video is damaged and cannot be decoded. Export it again from the original.",
                        name=path.name,
                    )
            ) from None
        has_audio = bool(container.streams.audio)
    if not width or not height:
        raise MediaProblem(path, "corrupt", tr("{name}: the video has no picture size.", name=path.name))
    if rotation % 180:
        width, height = height, width
    brand = head[8:12]
    mime = VIDEO_MIME["quicktime"] if brand == b"qt  " else VIDEO_MIME["mp4"]
    return MediaInfo(
        path=path,
        kind=MediaKind.VIDEO,
        mime_type=mime,
        size=size,
        width=width,
        height=height,
        duration=round(duration, 3),
        fps=fps,
        codec=codec,
        has_audio=has_audio,
    )


def inspect_file(path: str | os.PathLike[str]) -> MediaInfo:
    """Inspect ``path`` by its content (never its name) and return what it is.

    Raises :class:`MediaProblem` for a missing, unreadable, empty, corrupt or unsupported file. Reads
    only headers and one decoded picture, so it is quick even for a large video; still, call it from a
    worker thread in the UI.
    """
    p, size, head = _open_checked(path)
    try:
        info = _inspect_image(p, size)
        if info is not None:
            return info
        if _looks_like_media(head, _IMAGE_MAGIC):
            raise MediaProblem(p, "corrupt", tr("{name}: the image is damaged and cannot be decoded.", name=p.name))
        return _inspect_video(p, size, head)
    except MediaProblem:
        raise
    except Exception as exc:  # a decoder's own error on hostile bytes: a typed problem, never a traceback
        _log.warning("inspect_file: %s on %s", type(exc).__name__, p.name, exc_info=True)
        raise MediaProblem(p, "corrupt" if _looks_like_media(head) else "unsupported",
                           tr("{name}: cannot be read as a picture or video; it may be damaged.",
                               name=p.name)) from None


def _to_png(img: Image.Image, max_px: int) -> bytes:
    img = ImageOps.exif_transpose(img) or img
    if img.mode not in ("RGB", "RGBA"):
        img = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
    img.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=False, compress_level=3)
    return out.getvalue()


def make_thumbnail(path: str | os.PathLike[str], max_px: int = 256) -> bytes:
    """Return a PNG thumbnail of ``path`` at most ``max_px`` on its longer side.

    Images are shown upright (EXIF orientation applied); a video gives its first frame, upright.
    Raises :class:`MediaProblem` like :func:`inspect_file`.
    """
    p, _size, head = _open_checked(path)
    try:
        return _thumbnail(p, head, max_px)
    except MediaProblem:
        raise
    except Exception as exc:  # as in inspect_file: hostile bytes never escape as a decoder's error
        _log.warning("make_thumbnail: %s on %s", type(exc).__name__, p.name, exc_info=True)
        raise MediaProblem(p, "corrupt", tr("{name}: cannot be shown; it may be damaged.", name=p.name)) from None


def _thumbnail(p: Path, head: bytes, max_px: int) -> bytes:
    img = _open_image(p)
    if img is not None:
        with img:
            try:
                if (img.format or "").upper() in ("JPEG", "MPO"):
                    img.draft("RGB", (max_px, max_px))
                with _no_bomb_warnings():
                    img.load()
                return _to_png(img, max_px)
            except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
                raise MediaProblem(p, "corrupt", tr("{name}: the image is damaged ({exc}).",
                    name=p.name, exc=exc)) from None
    if _looks_like_media(head, _IMAGE_MAGIC):
        raise MediaProblem(p, "corrupt", tr("{name}: the image is damaged and cannot be decoded.", name=p.name))
    try:
        with av.open(str(p), mode="r", metadata_errors="replace") as container:
            if not container.streams.video:
                raise MediaProblem(p, "unsupported", tr("{name}: has no picture.", name=p.name))
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            frame = next(container.decode(stream))
            rotation = int(getattr(frame, "rotation", 0) or 0)
            picture = frame.to_image()
    except StopIteration:
        raise MediaProblem(p, "corrupt", tr("{name}: the video has no frames that play.", name=p.name)) from None
    except av.error.InvalidDataError:
        code = "corrupt" if _looks_like_media(head) else "unsupported"
        raise MediaProblem(p, code, tr("{name}: not a picture or video that can be read.", name=p.name)) from None
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaProblem(p, "corrupt", tr("{name}: the video cannot be decoded ({exc}).",
            name=p.name, exc=exc)) from None
    if rotation % 360:
        # FFmpeg's rotation is counter-clockwise degrees to display the frame upright.
        picture = picture.rotate(rotation, expand=True)
    return _to_png(picture, max_px)
