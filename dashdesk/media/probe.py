"""What a media file really is, including files no platform takes as they are (WebM, AVIF, TIFF...).

:func:`dashdesk.media.inspect.inspect_file` answers "can DashDesk send this file as it is?". Pre-flight
and the fixes need more: the container and audio codec of a video, the pixel mode and EXIF orientation
of a picture, and what a WebM or AVIF file holds so it can be converted. :func:`probe_file` asks
``inspect_file`` first and then reads those facts with Pillow and PyAV; it never raises for a bad file:
the reason lands in :attr:`MediaFacts.problem`.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import av
from PIL import Image, UnidentifiedImageError

from dashdesk.i18n import N_, tr
from dashdesk.platforms import MediaKind

from .inspect import IMAGE_MIME, MediaInfo, MediaProblem, inspect_file

__all__ = ["MP4_FAMILY", "PIXEL_BUDGET", "MediaFacts", "probe_file"]

#: FFmpeg's name for the MP4/MOV demuxer.
MP4_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2"
#: Largest picture (in pixels) DashDesk decodes: Pillow's own decompression-bomb threshold. A
#: 30000x30000 picture would take 2.7 GB of memory once decoded.
PIXEL_BUDGET = Image.MAX_IMAGE_PIXELS or 89_478_485


def _register_heif() -> None:
    """Let Pillow read HEIC/HEIF (iPhone photos) when the optional ``pillow-heif`` package is installed."""
    try:
        import pillow_heif  # type: ignore[import-not-found]
    except ImportError:  # Pillow alone does not read HEIC; such files are then reported as unsupported
        return
    pillow_heif.register_heif_opener()


_register_heif()

_CONTAINER_WORDS = {
    MP4_FAMILY: "MP4",
    "matroska,webm": "WebM/Matroska",
    "avi": "AVI",
    "gif": "GIF",
    "mpeg": "MPEG",
    "flv": N_("Flash video"),
}
_CODEC_WORDS = {
    "h264": "H.264",
    "hevc": "HEVC (H.265)",
    "vp8": "VP8",
    "vp9": "VP9",
    "av1": "AV1",
    "prores": "ProRes",
    "mpeg4": "MPEG-4 Part 2",
    "mjpeg": N_("Motion JPEG"),
    "gif": "GIF",
    "aac": "AAC",
    "opus": "Opus",
    "vorbis": "Vorbis",
    "mp3": "MP3",
}


def describe_format(name: str | None) -> str:
    """A container or codec name as people know it (``"matroska,webm"`` -> ``"WebM/Matroska"``)."""
    if not name:
        return tr("unknown")
    word = _CONTAINER_WORDS.get(name) or _CODEC_WORDS.get(name)
    return tr(word) if word else name.upper()


def _article(phrase: str) -> str:
    """``"an "`` or ``"a "`` as the phrase is spoken (``"an MP4"``, ``"a PNG"``, ``"an animated GIF"``)."""
    word = phrase.split()[0]
    if word[:2].isupper():  # read letter by letter
        return "an " if word[0] in "AEFHILMNORSX" else "a "
    return "an " if word[0].lower() in "aeiou" else "a "


@dataclass(frozen=True)
class MediaFacts:
    """Everything pre-flight and the fixes need to know about one file.

    ``info`` is what :func:`inspect_file` says when DashDesk can send the file as it is (``None`` when
    it first needs converting, or cannot be used at all). ``problem`` says why a file cannot be used
    or converted (damaged, empty, audio only, too many pixels); ``None`` otherwise.
    """

    path: Path
    size: int = 0
    kind: MediaKind | None = None
    #: FFmpeg demuxer name for videos (``"matroska,webm"``), Pillow format for images (``"AVIF"``).
    container: str | None = None
    #: Video codec (``"vp9"``) or image format (``"JPEG"``).
    codec: str | None = None
    audio_codec: str | None = None
    width: int = 0
    height: int = 0
    duration: float | None = None
    fps: float | None = None
    frames: int = 1
    #: Pillow mode of a picture (``"CMYK"``, ``"I;16"``, ``"RGBA"``).
    mode: str | None = None
    #: EXIF orientation of a picture (1 = upright).
    orientation: int = 1
    info: MediaInfo | None = None
    problem: MediaProblem | None = None

    @property
    def name(self) -> str:
        """The file name."""
        return self.path.name

    @property
    def aspect(self) -> float:
        """Width divided by height (as displayed)."""
        return self.width / self.height if self.height else 0.0

    @property
    def animated(self) -> bool:
        """Whether this is a picture with several frames (animated GIF or WebP)."""
        return self.kind is MediaKind.IMAGE and self.frames > 1

    @property
    def high_bit_depth(self) -> bool:
        """Whether the picture has more than 8 bits per channel."""
        return bool(self.mode) and (self.mode in ("I", "F") or "16" in (self.mode or ""))

    def describe(self, *, article: bool = True) -> str:
        """What the file is, e.g. ``"a WebM/Matroska video (VP9, Opus sound)"`` or ``"an AVIF picture"``.

        English puts "a" or "an" in the ``{article}`` placeholder; a translation may leave it out.
        """
        if self.kind is MediaKind.VIDEO:
            fmt = describe_format(self.container)
            codecs = describe_format(self.codec)
            if self.audio_codec:
                codecs = tr("{video}, {audio} sound", video=codecs, audio=describe_format(self.audio_codec))
            a = _article(fmt) if article else ""
            return tr("{article}{format} video ({codecs})", article=a, format=fmt, codecs=codecs)
        if self.animated:
            fmt = self.codec or tr("picture")
            return tr("{article}animated {format}", article="an " if article else "", format=fmt)
        fmt = self.codec or tr("unknown")
        return tr("{article}{format} picture", article=_article(fmt) if article else "", format=fmt)

    @classmethod
    def from_info(cls, info: MediaInfo) -> MediaFacts:
        """Facts from an inspected file alone (container assumed MP4; audio codec unknown)."""
        is_video = info.kind is MediaKind.VIDEO
        return cls(
            path=info.path,
            size=info.size,
            kind=info.kind,
            container=MP4_FAMILY if is_video else info.codec,
            codec=info.codec,
            width=info.width,
            height=info.height,
            duration=info.duration,
            fps=info.fps,
            frames=info.frames,
            info=info,
        )


def _problem(path: Path, code: str, message: str) -> MediaFacts:
    return MediaFacts(path=path, problem=MediaProblem(path, code, message))


def _image_facts(path: Path, size: int) -> MediaFacts | None:
    """Facts of a picture, ``None`` when Pillow does not recognise the file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(path)
    except UnidentifiedImageError:
        return None
    except Image.DecompressionBombError:
        limit = round(2 * PIXEL_BUDGET / 1e6)
        return _problem(
            path,
            "too_many_pixels",
            tr("{file}: the picture has more than {limit} million pixels, more than DashDesk opens safely. Make it "
               "smaller in an image editor first.",
               file=path.name, limit=limit),
        )
    except OSError as exc:
        return _problem(path, "unreadable", tr("{file}: cannot be read ({reason}).", file=path.name, reason=exc))
    with img:
        width, height = img.size
        fmt = (img.format or "").upper()
        if width * height > PIXEL_BUDGET:
            return _problem(
                path,
                "too_many_pixels",
                tr("{file}: the picture is {width}×{height} pixels ({pixels:.0f} million), more than DashDesk opens "
                   "safely ({most:.0f} million). Make it smaller in an image editor first.",
                   file=path.name, width=width, height=height, pixels=width * height / 1e6, most=PIXEL_BUDGET / 1e6),
            )
        try:
            orientation = int(img.getexif().get(0x0112, 1) or 1)
        except Exception:  # broken EXIF must not make a good picture unusable
            orientation = 1
        facts = MediaFacts(
            path=path,
            size=size,
            kind=MediaKind.IMAGE,
            container=fmt,
            codec=fmt,
            width=height if orientation in (5, 6, 7, 8) else width,
            height=width if orientation in (5, 6, 7, 8) else height,
            frames=int(getattr(img, "n_frames", 1) or 1),
            mode=img.mode,
            orientation=orientation if 1 <= orientation <= 8 else 1,
        )
        try:
            if fmt not in IMAGE_MIME:  # inspect_file decodes the formats it takes; decode the others here
                img.load()
        except (OSError, SyntaxError, ValueError) as exc:
            message = tr("{file}: the {fmt} picture is damaged and cannot be decoded ({reason}).",
                         file=path.name, fmt=fmt, reason=exc)
            return _problem(path, "corrupt", message)
    return facts


def _video_facts(path: Path, size: int) -> MediaFacts:
    """Facts of a video in any container FFmpeg reads."""
    try:
        container = av.open(str(path), mode="r")
    except av.error.InvalidDataError:
        return _problem(path, "corrupt", tr("{file}: the file is damaged or is not a picture or video.",
                                            file=path.name))
    except (av.error.FFmpegError, OSError) as exc:
        return _problem(path, "unreadable", tr("{file}: cannot be read ({reason}).", file=path.name, reason=exc))
    with container:
        if not container.streams.video:
            return _problem(path, "no_picture", tr(
                "{file}: has sound but no picture, so it cannot be posted as a video.", file=path.name)
                if container.streams.audio else tr(
                "{file}: has data but no picture, so it cannot be posted as a video.", file=path.name))
        stream = container.streams.video[0]
        audio = container.streams.audio[0].codec_context.codec.canonical_name if container.streams.audio else None
        ctx = stream.codec_context
        rate = stream.average_rate or stream.guessed_rate
        if container.duration is not None:
            duration = container.duration / av.time_base
        elif stream.duration is not None and stream.time_base:
            duration = float(stream.duration * stream.time_base)
        else:
            duration = 0.0
        try:
            frame = next(container.decode(stream))
        except StopIteration:
            return _problem(path, "corrupt", tr("{file}: the video has no frames that play.", file=path.name))
        except (av.error.FFmpegError, ValueError) as exc:
            return _problem(path, "corrupt", tr("{file}: the video is damaged and cannot be decoded ({reason}).",
                                                file=path.name, reason=exc))
        rotation = int(getattr(frame, "rotation", 0) or 0)
        width, height = (ctx.height, ctx.width) if rotation % 180 else (ctx.width, ctx.height)
        return MediaFacts(
            path=path,
            size=size,
            kind=MediaKind.VIDEO,
            container=container.format.name,
            codec=ctx.codec.canonical_name,  # "mp3", never the decoder's name "mp3float"
            audio_codec=audio,
            width=width,
            height=height,
            duration=round(duration, 3),
            fps=round(float(rate), 3) if rate else None,
        )


def probe_file(path: str | os.PathLike[str]) -> MediaFacts:
    """Probe ``path`` by its content. Never raises for a bad file: see :attr:`MediaFacts.problem`.

    Reads headers and one decoded picture; call it from a worker thread in the UI.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        return _problem(p, "not_found", tr("{file}: the file is not there any more.", file=p.name))
    except OSError as exc:
        return _problem(p, "unreadable", tr("{file}: cannot be read ({reason}).",
                                            file=p.name, reason=exc.strerror or exc))
    if size == 0 or not p.is_file():
        return _problem(p, "empty" if p.is_file() else "unsupported", tr("{file}: is empty or not a file.",
                                                                         file=p.name))
    facts = _image_facts(p, size)
    if facts is not None and facts.problem is not None:
        return facts
    if facts is None:
        facts = _video_facts(p, size)
    try:
        info = inspect_file(p)
    except MediaProblem as problem:
        if problem.code in ("unsupported",) and facts.problem is None:
            return facts  # a file DashDesk can convert, but cannot send as it is
        return replace(facts, problem=facts.problem or problem, info=None)
    except Exception as exc:  # inspect must never turn a hostile file into a traceback here
        return replace(facts, problem=MediaProblem(p, "corrupt", tr("{file}: cannot be read ({reason}).",
                                                                    file=p.name, reason=exc)))
    return replace(facts, info=info)
