"""Pictures for the fix editors: the result before it is made, and a video's timeline of frames.

A preview applies a plan's geometry (crop box or padding) to one still of the file, quickly, so the
person sees the result before the fix runs; the timeline gives the trim editor its frame thumbnails.
All of it is Pillow and PyAV (no Qt); call it from a worker thread.
"""

from __future__ import annotations

from dataclasses import replace

import av
from PIL import Image, ImageOps

from dashdesk.i18n import tr
from dashdesk.platforms import MediaKind

from ..probe import PIXEL_BUDGET, MediaFacts
from .errors import FixCancelled, FixFailed, ShouldStop
from .image import fit_picture, to_rgb8
from .plan import FixPlan

__all__ = ["frame_at", "preview_image", "still_of", "timeline"]


def _upright(img: Image.Image, rotation: int) -> Image.Image:
    return img.rotate(rotation, expand=True) if rotation % 360 else img


def frame_at(container: av.container.InputContainer, seconds: float) -> Image.Image | None:
    """The first picture at or after ``seconds`` in an open video, upright, or ``None`` past the end."""
    stream = container.streams.video[0]
    container.seek(int(max(0.0, seconds) / av.time_base), backward=True)
    for frame in container.decode(stream):
        if frame.pts is None or float(frame.pts * frame.time_base) + 1e-3 >= seconds:
            return _upright(frame.to_image(), int(getattr(frame, "rotation", 0) or 0))
    return None


def still_of(facts: MediaFacts, max_px: int = 640, at: float = 0.0) -> Image.Image:
    """One upright RGB picture of the file (the frame at ``at`` seconds of a video), at most ``max_px``."""
    if facts.problem is not None:
        raise FixFailed(facts.problem.message)
    try:
        if facts.kind is MediaKind.VIDEO:
            with av.open(str(facts.path)) as container:
                container.streams.video[0].thread_type = "AUTO"
                img = frame_at(container, at) or frame_at(container, 0.0)
            if img is None:
                raise FixFailed(tr("{file}: the video has no frames that play.", file=facts.name))
        else:
            if facts.width * facts.height > PIXEL_BUDGET:
                raise FixFailed(tr("{file}: the picture is too large to open safely.", file=facts.name))
            with Image.open(facts.path) as src:
                if (src.format or "") in ("JPEG", "MPO"):
                    src.draft("RGB", (max_px, max_px))
                src.load()
                img = to_rgb8(ImageOps.exif_transpose(src) or src, keep_alpha=False)
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise FixFailed(tr("{file}: could not be read ({reason}).", file=facts.name, reason=exc)) from None
    img.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    return img.convert("RGB")


def preview_image(facts: MediaFacts, plan: FixPlan, max_px: int = 640, at: float | None = None) -> Image.Image:
    """What the fixed file will look like: ``plan``'s crop or padding applied to one still."""
    still = still_of(facts, max_px, plan.start if at is None else at)
    return fit_picture(still, replace(plan, max_long_side=None, max_bytes=None))


def timeline(
    facts: MediaFacts,
    count: int = 10,
    height: int = 72,
    *,
    should_stop: ShouldStop | None = None,
) -> list[tuple[float, Image.Image]]:
    """``count`` frames spread over the video, each ``height`` pixels high, with their times in seconds."""
    duration = facts.duration or 0.0
    if facts.kind is not MediaKind.VIDEO or duration <= 0:
        return []
    times = [duration * (i + 0.5) / count for i in range(count)]
    frames: list[tuple[float, Image.Image]] = []
    try:
        with av.open(str(facts.path)) as container:
            container.streams.video[0].thread_type = "AUTO"
            for t in times:
                if should_stop is not None and should_stop():
                    raise FixCancelled()
                img = frame_at(container, t)
                if img is None:
                    continue
                img.thumbnail((height * 4, height), Image.Resampling.BILINEAR)
                frames.append((t, img.convert("RGB")))
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise FixFailed(tr("{file}: could not be read ({reason}).", file=facts.name, reason=exc)) from None
    return frames
