"""Video fixes with PyAV (FFmpeg): any video or animated picture to H.264/AAC MP4, fitted, shrunk, trimmed.

Frames run through one FFmpeg filter graph (rotate upright, crop or pad, scale, frame rate, 4:2:0
colour) into the H.264 encoder; sound is decoded and encoded as AAC. Memory stays flat: one frame at
a time, whatever the length of the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import av.filter
from PIL import Image, ImageSequence

from dashdesk.i18n import tr

from ..probe import MediaFacts
from .errors import FixCancelled, FixFailed, Progress, ShouldStop
from .geometry import Layout, layout
from .plan import FixPlan

__all__ = ["AUDIO_BITRATE", "H264_OPTIONS", "convert_video", "h264_encoder"]

#: H.264 encoders in order of preference: x264 when the FFmpeg build has it (PyAV's wheels do), then
#: Cisco's OpenH264, then FFmpeg's own name for whatever H.264 encoder it was built with.
H264_ENCODERS = ("libx264", "libopenh264", "h264")
#: x264 settings: "veryfast" keeps a 1080p encode quick and its look-ahead small (memory); CRF 21 is
#: visually clean for social video. Platforms re-encode on upload anyway.
H264_OPTIONS = {"preset": "veryfast", "crf": "21", "profile": "high"}
AUDIO_BITRATE = 128_000
_TIME_BASE = Fraction(1, 90_000)
#: Above this bit rate a size limit cannot bind (CRF 21 at 1080p stays far below it).
_MAX_USEFUL_BITRATE = 40_000_000


def h264_encoder() -> str:
    """The name of the H.264 encoder this FFmpeg build has; :class:`FixFailed` when it has none."""
    for name in H264_ENCODERS:
        try:
            av.codec.Codec(name, "w")
        except (av.error.FFmpegError, ValueError):
            continue
        return name
    raise FixFailed(tr("This copy of DashDesk has no H.264 video encoder, so it cannot convert videos."))


def _transpose(rotation: int) -> list[tuple[str, str]]:
    """Filters that show a frame upright. FFmpeg's rotation is counter-clockwise degrees."""
    turn = rotation % 360
    if turn == 90:
        return [("transpose", "cclock")]
    if turn == 270:
        return [("transpose", "clock")]
    if turn == 180:
        return [("hflip", ""), ("vflip", "")]
    return []


def _needs_graph(frame: av.VideoFrame, geo: Layout, plan: FixPlan, rotation: int) -> bool:
    """Whether frames need filtering; if not, they go straight to the encoder (which converts colours)."""
    same_size = geo.canvas == (frame.width, frame.height) and not geo.padded and geo.crop is None
    return not (same_size and plan.fps is None and rotation % 360 == 0)


def _build_graph(frame: av.VideoFrame, geo: Layout, plan: FixPlan, rotation: int) -> av.filter.Graph:
    graph = av.filter.Graph()
    src = graph.add_buffer(width=frame.width, height=frame.height, format=frame.format.name,
                           time_base=frame.time_base or Fraction(1, 1000))
    chain: list[tuple[str, str]] = _transpose(rotation)
    if geo.crop is not None:
        x, y, w, h = geo.crop
        chain.append(("crop", f"{w}:{h}:{x}:{y}"))
    iw, ih = geo.inner
    cw, ch = geo.canvas
    ox, oy = geo.offset
    chain.append(("scale", f"{iw}:{ih}:flags=bicubic"))
    if geo.padded and plan.pad != "blur":
        chain.append(("pad", f"{cw}:{ch}:{ox}:{oy}:color={plan.pad}"))
    last = src
    for name, args in chain:
        node = graph.add(name, args) if args else graph.add(name)
        last.link_to(node)
        last = node
    if geo.padded and plan.pad == "blur":
        split = graph.add("split", "2")
        last.link_to(split)
        bg = [graph.add("scale", f"{cw}:{ch}:force_original_aspect_ratio=increase"),
              graph.add("crop", f"{cw}:{ch}"), graph.add("gblur", f"sigma={max(8, min(cw, ch) // 25)}")]
        split.link_to(bg[0], 0, 0)
        bg[0].link_to(bg[1])
        bg[1].link_to(bg[2])
        overlay = graph.add("overlay", f"{ox}:{oy}")
        bg[2].link_to(overlay, 0, 0)
        split.link_to(overlay, 1, 1)
        last = overlay
    tail = [("setsar", "1"), ("format", "yuv420p")]
    if plan.fps is not None:
        tail.insert(0, ("fps", f"{plan.fps:g}"))
    for name, args in tail:
        node = graph.add(name, args)
        last.link_to(node)
        last = node
    sink = graph.add("buffersink")
    last.link_to(sink)
    graph.configure()
    return graph


def _picture_frames(path: Path) -> Iterator[av.VideoFrame]:
    """Frames of an animated picture (GIF, WebP) with their display times, one at a time."""
    with Image.open(path) as img:
        elapsed = 0
        for still in ImageSequence.Iterator(img):
            frame = av.VideoFrame.from_image(still.convert("RGB"))
            frame.pts = elapsed
            frame.time_base = Fraction(1, 1000)
            elapsed += max(20, int(still.info.get("duration", 100) or 100))  # browsers treat <20 ms as 100
            yield frame


class _Writer:
    """The output MP4: an H.264 stream, an AAC stream when there is sound, and the frame clock."""

    def __init__(self, path: Path, geo: Layout, plan: FixPlan, fps: float, audio: av.AudioStream | None,
                 duration: float) -> None:
        self.out = av.open(str(path), mode="w", format="mp4", container_options={"movflags": "+faststart"})
        self.video = self.out.add_stream(h264_encoder(), rate=Fraction(fps).limit_denominator(1001))
        ctx = self.video.codec_context
        ctx.width, ctx.height = geo.canvas
        ctx.pix_fmt = "yuv420p"
        ctx.time_base = _TIME_BASE
        options = dict(H264_OPTIONS) if self.video.codec_context.name == "libx264" else {}
        budget = 0.0
        if plan.max_bytes is not None and duration > 0:
            budget = plan.max_bytes * 8 * 0.92 / duration - (AUDIO_BITRATE if audio else 0)
        if 0 < budget < _MAX_USEFUL_BITRATE:  # a budget above that is never reached: keep constant quality
            rate = max(100_000, int(budget))
            options.pop("crf", None)
            ctx.bit_rate = rate
            options.update({"maxrate": str(rate), "bufsize": str(rate * 2)})
        ctx.options = options
        self.audio = None
        if audio is not None:
            self.audio = self.out.add_stream("aac", rate=48_000)
            self.audio.codec_context.layout = "stereo"
            self.audio.codec_context.bit_rate = AUDIO_BITRATE
        self.last_pts = -1
        self.samples = 0

    def picture(self, frame: av.VideoFrame, seconds: float) -> None:
        pts = round(seconds / _TIME_BASE)
        if pts <= self.last_pts:
            return
        self.last_pts = pts
        frame.pts, frame.time_base = pts, _TIME_BASE
        self.out.mux(self.video.encode(frame))

    def sound(self, frame: av.AudioFrame) -> None:
        if self.audio is None:
            return
        frame.pts, frame.time_base = self.samples, Fraction(1, frame.sample_rate)
        self.samples += frame.samples
        self.out.mux(self.audio.encode(frame))

    def close(self) -> None:
        self.out.mux(self.video.encode(None))
        if self.audio is not None:
            self.out.mux(self.audio.encode(None))
        self.out.close()


def convert_video(
    facts: MediaFacts,
    dest: Path,
    plan: FixPlan,
    *,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> None:
    """Write ``facts.path`` as an H.264/AAC MP4 at ``dest`` following ``plan``.

    Raises :class:`FixCancelled` when ``should_stop`` answers true, :class:`FixFailed` when the file
    cannot be converted. ``dest`` is left half-written on failure; the caller removes it.
    """
    start = max(0.0, plan.start)
    total = facts.duration or 0.0
    end = min(plan.end, total) if plan.end is not None and total else plan.end
    span = max(0.001, (end if end is not None else total) - start)
    geo = layout(facts.width, facts.height, plan, even=True)
    reported = -1.0

    def tick(seconds: float) -> None:
        nonlocal reported
        if should_stop is not None and should_stop():
            raise FixCancelled()
        done = max(0.0, min(1.0, (seconds - start) / span))
        if progress is not None and done - reported >= 0.005:
            reported = done
            progress(done)

    try:
        if facts.animated:
            _run_pictures(facts, dest, plan, geo, tick, end)
        else:
            _run_video(facts, dest, plan, geo, tick, start, end, span)
    except (av.error.FFmpegError, ValueError, OSError) as exc:
        raise FixFailed(tr("{file}: could not be converted ({reason}).", file=facts.name, reason=exc)) from None
    if progress is not None:
        progress(1.0)


def _drain(graph: av.filter.Graph, writer: _Writer, start: float) -> None:
    while True:
        try:
            out = graph.vpull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return
        writer.picture(out, float(out.pts * out.time_base) - start)


def _run_pictures(facts: MediaFacts, dest: Path, plan: FixPlan, geo: Layout, tick, end: float | None) -> None:
    writer = _Writer(dest, geo, plan, plan.fps or 30.0, None, facts.duration or 0.0)
    graph = None
    for frame in _picture_frames(facts.path):
        seconds = float(frame.pts * frame.time_base)
        if end is not None and seconds >= end:
            break
        tick(seconds)
        graph = graph or _build_graph(frame, geo, plan, 0)
        graph.vpush(frame)
        _drain(graph, writer, 0.0)
    if graph is not None:
        graph.vpush(None)
        _drain(graph, writer, 0.0)
    writer.close()


def _run_video(facts: MediaFacts, dest: Path, plan: FixPlan, geo: Layout, tick, start: float,
               end: float | None, span: float) -> None:
    with av.open(str(facts.path), mode="r") as src:
        vstream = src.streams.video[0]
        vstream.thread_type = "AUTO"
        astream = src.streams.audio[0] if src.streams.audio else None
        fps = plan.fps or float(vstream.average_rate or vstream.guessed_rate or 30)
        writer = _Writer(dest, geo, plan, min(fps, 60.0), astream, span)
        if start > 0:
            src.seek(int(start / av.time_base), backward=True)
        graph: av.filter.Graph | None = None
        seen = False
        streams = [s for s in (vstream, astream) if s is not None]
        for packet in src.demux(*streams):
            for frame in packet.decode():
                if frame.pts is None:
                    continue
                seconds = float(frame.pts * frame.time_base)
                if end is not None and seconds >= end:
                    continue
                if isinstance(frame, av.AudioFrame):
                    if seconds + frame.samples / frame.sample_rate > start:
                        writer.sound(frame)
                    continue
                if seconds < start:
                    continue
                tick(seconds)
                if not seen:
                    seen = True
                    rotation = int(getattr(frame, "rotation", 0) or 0)
                    if _needs_graph(frame, geo, plan, rotation):
                        graph = _build_graph(frame, geo, plan, rotation)
                if graph is None:  # a plain conversion: straight to the encoder, which converts colours
                    writer.picture(frame, seconds - start)
                    continue
                graph.vpush(frame)
                _drain(graph, writer, start)
            if end is not None and packet.stream is vstream and packet.pts is not None \
                    and float(packet.pts * vstream.time_base) >= end + 1.0:
                break
        if not seen:
            raise FixFailed(tr("{file}: has no pictures to keep in that part of the video.", file=facts.name))
        if graph is not None:
            graph.vpush(None)
            _drain(graph, writer, start)
        writer.close()
