"""Pre-flight: what each platform will make of a media file, and which fix would help.

A :class:`Finding` says what is wrong, for which platform, who refuses it (Dash itself, the platform
for sure, or the platform perhaps) and which one-click fix (:class:`FixKind`) cures it. Refusals by
Dash come from the rules table (:mod:`dashdesk.platforms`); everything else from the guidance tables in
:mod:`dashdesk.media.guidance`. Sources stay in those tables: messages never name them.

Typical use::

    facts = probe_file(path)
    for finding in preflight(facts, "instagram", "REEL"):
        print(finding.message, finding.fix)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from dashdesk.i18n import N_, tr
from dashdesk.platforms import MediaKind, Problem, rules_for

from .guidance import MediaGuidance, formats_for, guidance_for
from .inspect import format_bytes, format_duration
from .probe import MediaFacts

__all__ = ["Finding", "FixKind", "Verdict", "preflight", "preflight_set", "ratio_label"]


class Verdict(StrEnum):
    """Who turns the file down, and how sure that is."""

    UNUSABLE = "unusable"  # DashDesk cannot read the file at all
    DASH_REFUSES = "dash_refuses"  # the Dash API refuses the post (rules table)
    PLATFORM_REFUSES = "platform_refuses"  # the platform does not take this format
    PLATFORM_MAY_REFUSE = "platform_may_refuse"  # over the limits the platform states
    PLATFORM_ADJUSTS = "platform_adjusts"  # taken, but shown cropped, with bars, or scaled down

    @property
    def refused(self) -> bool:
        """Whether the post cannot go out with the file as it is."""
        return self in (Verdict.UNUSABLE, Verdict.DASH_REFUSES, Verdict.PLATFORM_REFUSES)


class FixKind(StrEnum):
    """The one-click fixes (each writes a new file; the original is never touched)."""

    CONVERT_VIDEO = "convert_video"  # to H.264/AAC MP4
    TO_VIDEO = "to_video"  # an animated picture to an MP4 video
    CONVERT_IMAGE = "convert_image"  # to JPEG or PNG, upright, 8-bit RGB
    SHRINK = "shrink"  # under the size or picture-size limit
    FIT = "fit"  # to the platform's shape, by crop or pad
    TRIM = "trim"  # to the platform's longest length


_VERDICT_WORDS = {
    Verdict.UNUSABLE: N_("DashDesk cannot use it"),
    Verdict.DASH_REFUSES: N_("Dash will refuse the post"),
    Verdict.PLATFORM_REFUSES: N_("{name} will refuse it"),
    Verdict.PLATFORM_MAY_REFUSE: N_("{name} may refuse it"),
    Verdict.PLATFORM_ADJUSTS: N_("{name} will show it cropped or with bars"),
}


@dataclass(frozen=True)
class Finding:
    """One thing wrong with one file for one platform and post type."""

    platform: str
    post_type: str | None
    code: str
    #: Plain words: what is wrong, for which platform, who refuses it, and what to do.
    message: str
    verdict: Verdict
    fix: FixKind | None = None
    #: Where the limit comes from (for people editing the tables; never shown to users).
    source: str = ""
    index: int | None = None

    @property
    def refused(self) -> bool:
        """Whether the post cannot go out with the file as it is."""
        return self.verdict.refused

    def as_problem(self) -> Problem:
        """The finding as the composer's and validator's :class:`Problem`."""
        path = f"media_ids[{self.index}]" if self.index is not None else "media_ids"
        if self.verdict is Verdict.DASH_REFUSES:
            return Problem(path, self.message, self.code)
        if self.verdict in (Verdict.UNUSABLE, Verdict.PLATFORM_REFUSES):
            stage = "app" if self.verdict is Verdict.UNUSABLE else "publish"
            return Problem(path, self.message, self.code, stage=stage)
        return Problem(path, self.message, self.code, severity="warning", stage="publish")


_COMMON_RATIOS = {9 / 16: "9:16", 4 / 5: "4:5", 1.0: "1:1", 16 / 9: "16:9", 1.91: "1.91:1", 3 / 4: "3:4",
                  4 / 3: "4:3", 2 / 3: "2:3", 3 / 2: "3:2"}


def ratio_label(aspect: float) -> str:
    """A shape as people say it: ``0.5625`` -> ``"9:16"``, ``1.2`` -> ``"1.20:1"``."""
    for value, label in _COMMON_RATIOS.items():
        if abs(aspect - value) / value < 0.005:
            return label
    return f"{aspect:.2f}:1"


def _seconds(value: float) -> str:
    if value >= 60 and value % 60 == 0:
        return f"{int(value // 60)} min"
    return f"{value:g} s"


class _Builder:
    """Collects findings for one file, platform and post type with consistent wording."""

    def __init__(self, facts: MediaFacts, platform: str, post_type: str | None, index: int | None) -> None:
        self.facts = facts
        self.rules = rules_for(platform)
        self.platform = platform
        self.post_type = post_type
        self.index = index
        self.found: list[Finding] = []

    @property
    def video(self) -> bool:
        return self.facts.kind is MediaKind.VIDEO

    def add(self, code: str, what: str, verdict: Verdict, todo: str, fix: FixKind | None = None,
            source: str = "") -> None:
        who = tr(_VERDICT_WORDS[verdict], name=self.rules.name)
        message = tr("{finding}. {verdict}. {advice}", finding=what, verdict=who, advice=todo)
        self.found.append(Finding(self.platform, self.post_type, code, message, verdict, fix, source, self.index))


def _check_kind(b: _Builder, kinds: frozenset[MediaKind], note: str) -> bool:
    """Refusals by Dash for the kind of media; ``True`` when the file's kind is taken."""
    facts = b.facts
    if facts.kind in kinds:
        return True
    pt = b.rules.post_type(b.post_type)
    what = f"{b.rules.name} {pt.label}" if pt is not None and b.rules.has_post_type else b.rules.name
    if facts.animated and MediaKind.VIDEO in kinds:
        b.add("needs_video", tr("{post} takes videos and this is an animated picture", post=what),
              Verdict.DASH_REFUSES, tr("Convert it to an MP4 video."), FixKind.TO_VIDEO, "rules table")
    else:
        refusal = (tr("{post} cannot take videos", post=what) if b.video
                   else tr("{post} cannot take pictures", post=what))
        b.add("unsupported_media_type", refusal, Verdict.DASH_REFUSES,
              tr(note) if note else tr("Choose another file."), None, "rules table")
    return False


def _check_format(b: _Builder, kinds: frozenset[MediaKind]) -> None:
    facts, formats = b.facts, formats_for(b.platform)
    # A file DashDesk cannot send as it is (WebM, AVIF...) is refused for sure; a format DashDesk sends
    # but this platform does not list (HEVC on X, GIF on Instagram) may be refused.
    verdict = Verdict.PLATFORM_REFUSES if facts.info is None else Verdict.PLATFORM_MAY_REFUSE
    if facts.kind is MediaKind.VIDEO:
        bad = (
            facts.container not in formats.containers
            or (facts.codec and facts.codec not in formats.video_codecs)
            or (facts.audio_codec and facts.audio_codec not in formats.audio_codecs)
        )
        if bad:
            b.add("media_format", tr("This is {file}; {name} takes MP4 videos in H.264 with AAC sound",
                                     file=facts.describe(), name=b.rules.name), verdict,
                  tr("Convert it to MP4 (H.264)."), FixKind.CONVERT_VIDEO, formats.source)
        return
    if facts.animated and facts.codec not in formats.image_formats and MediaKind.VIDEO in kinds:
        b.add("media_format", tr("This is {file}; {name} does not play animated pictures", file=facts.describe(),
                                 name=b.rules.name),
              Verdict.PLATFORM_REFUSES if facts.info is None else Verdict.PLATFORM_MAY_REFUSE,
              tr("Convert it to an MP4 video."), FixKind.TO_VIDEO, formats.source)
    elif facts.codec and facts.codec not in formats.image_formats:
        taken = tr(" or ").join(sorted({"JPEG" if f == "MPO" else f for f in formats.image_formats}))
        b.add("media_format", tr("This is {file}; {name} takes {formats}", file=facts.describe(),
                                 name=b.rules.name, formats=taken),
              verdict, tr("Convert it to JPEG or PNG."), FixKind.CONVERT_IMAGE, formats.source)
    elif facts.mode == "CMYK" or facts.high_bit_depth:
        finding = (tr("This picture uses print colours (CMYK); {name} shows ordinary 8-bit RGB", name=b.rules.name)
                   if facts.mode == "CMYK"
                   else tr("This picture uses 16-bit colour; {name} shows ordinary 8-bit RGB", name=b.rules.name))
        b.add("media_colour", finding, Verdict.PLATFORM_MAY_REFUSE, tr("Convert it to a standard JPEG or PNG."),
              FixKind.CONVERT_IMAGE, formats.source)


def _check_guidance(b: _Builder, g: MediaGuidance) -> None:
    facts = b.facts
    name = b.rules.name
    if g.max_bytes is not None and facts.size > g.max_bytes:
        figures = {"size": format_bytes(facts.size), "most": tr(g.size_label), "name": name}
        finding = (tr("This video is {size}, over the {most} {name} takes", **figures) if b.video
                   else tr("This picture is {size}, over the {most} {name} takes", **figures))
        b.add("media_size", finding, Verdict.PLATFORM_MAY_REFUSE, tr("Shrink it."), FixKind.SHRINK, g.source)
    if facts.kind is MediaKind.VIDEO and facts.duration is not None:
        if g.min_seconds is not None and facts.duration < g.min_seconds:
            b.add("media_duration", tr("This video is {length} long, shorter than the {least} {name} asks for",
                                       length=format_duration(facts.duration), least=_seconds(g.min_seconds),
                                       name=name), Verdict.PLATFORM_MAY_REFUSE,
                  tr("Choose a longer video."), None, g.source)
        if g.max_seconds is not None and facts.duration > g.max_seconds:
            b.add("media_duration", tr("This video is {length} long, longer than the {most} {name} takes",
                                       length=format_duration(facts.duration), most=_seconds(g.max_seconds),
                                       name=name), Verdict.PLATFORM_MAY_REFUSE,
                  tr("Trim it to {most} or less.", most=_seconds(g.max_seconds)), FixKind.TRIM, g.source)
    if facts.width and facts.height and (g.min_aspect is not None or g.max_aspect is not None):
        low = (g.min_aspect or 0) * (1 - g.aspect_tolerance)
        high = (g.max_aspect or float("inf")) * (1 + g.aspect_tolerance)
        if not low <= facts.aspect <= high:
            verdict = Verdict.PLATFORM_MAY_REFUSE if g.aspect_refused else Verdict.PLATFORM_ADJUSTS
            b.add("media_aspect", tr("Its shape {width}×{height} ({ratio}) is not {wanted}", width=facts.width,
                                     height=facts.height, ratio=ratio_label(facts.aspect), wanted=tr(g.aspect_label)),
                  verdict, tr("Crop it or add a background to fit."), FixKind.FIT, g.source)
    if g.max_long_side is not None and max(facts.width, facts.height) > g.max_long_side:
        figures = {"width": facts.width, "height": facts.height, "most": g.max_long_side, "name": name}
        finding = (tr("This video is {width}×{height}, larger than the {most} pixels on the long side {name} takes",
                      **figures) if b.video
                   else tr("This picture is {width}×{height}, larger than the {most} pixels on the long side {name} "
                           "takes", **figures))
        b.add("media_resolution", finding, Verdict.PLATFORM_MAY_REFUSE, tr("Shrink it."), FixKind.SHRINK, g.source)
    fps = facts.fps if facts.kind is MediaKind.VIDEO else None
    if fps and ((g.min_fps is not None and fps < g.min_fps) or (g.max_fps is not None and fps > g.max_fps)):
        if g.min_fps is not None:
            finding = tr("This video plays {fps} frames a second; {name} takes {least} to {most}", fps=f"{fps:g}",
                         name=name, least=f"{g.min_fps:g}", most=f"{g.max_fps:g}")
        else:
            finding = tr("This video plays {fps} frames a second; {name} takes up to {most}", fps=f"{fps:g}",
                         name=name, most=f"{g.max_fps:g}")
        b.add("media_frame_rate", finding, Verdict.PLATFORM_MAY_REFUSE, tr("Convert it to 30 frames a second."),
              FixKind.CONVERT_VIDEO, g.source)


def preflight(
    facts: MediaFacts,
    platform: str,
    post_type: str | None = None,
    *,
    index: int | None = None,
) -> list[Finding]:
    """Everything wrong with one probed file in a ``platform`` post of ``post_type``.

    ``post_type`` ``None`` means the platform's default post type; ``index`` is the item's position in
    the post. Raises ``KeyError`` for an unknown platform or post type.
    """
    rules = rules_for(platform)
    if post_type is None:
        post_type = rules.default_post_type
    pt = rules.post_type(post_type)
    if pt is None:
        raise KeyError(f"{rules.name} has no post type {post_type!r}")
    b = _Builder(facts, platform, post_type, index)
    if facts.problem is not None:
        b.found.append(Finding(platform, post_type, facts.problem.code,
                               f"{facts.problem.message} {tr(_VERDICT_WORDS[Verdict.UNUSABLE])}.",
                               Verdict.UNUSABLE, None, "", index))
        return b.found
    if not _check_kind(b, pt.media.kinds, pt.media.note):
        return b.found
    _check_format(b, pt.media.kinds)
    for g in guidance_for(platform, post_type, facts.kind or MediaKind.IMAGE):
        _check_guidance(b, g)
    return b.found


def preflight_set(
    kinds: Sequence[MediaKind],
    platform: str,
    post_type: str | None = None,
) -> list[Finding]:
    """Findings for the whole list of media of a post (count and mixing), as the rules table says."""
    from .checks import check_media_set

    rules = rules_for(platform)
    post_type = post_type or rules.default_post_type
    return [
        Finding(platform, post_type, p.code, f"{p.message} {tr('Dash will refuse the post.')}", Verdict.DASH_REFUSES,
                None, "rules table")
        for p in check_media_set(kinds, platform, post_type)
    ]
