"""What a one-click fix will do to a file: a :class:`FixPlan`, derived from the pre-flight findings.

A plan is plain data (convert to what, fit to which shape and how, shrink under which limits, keep
which part of a video), so it can be shown before it runs, tuned in the crop and trim editors, and
used as part of the cache key of the fixed file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from typing import Literal

from dashdesk.i18n import tr
from dashdesk.platforms import MediaKind, rules_for

from ..guidance import formats_for, guidance_for
from ..preflight import Finding, FixKind, Verdict, preflight, ratio_label
from ..probe import MediaFacts

__all__ = ["Fit", "FixPlan", "Output", "longest_for", "parse_aspect", "plan_fix", "plan_for_targets", "shape_for"]

Output = Literal["mp4", "jpeg", "png"]
Fit = Literal["crop", "pad"]

#: Frame rate a fix writes when the source's is outside what the platform takes.
DEFAULT_FPS = 30.0


@dataclass(frozen=True)
class FixPlan:
    """One fix, as data.

    ``aspect`` is the target width/height (``None`` keeps the shape). With ``fit == "crop"`` the crop
    box slides along the long side by ``crop_x``/``crop_y`` (0 = left/top, 0.5 = centre, 1 =
    right/bottom); with ``"pad"`` the picture sits centred on ``pad`` (``"blur"``: a blurred, enlarged
    copy of itself; or a colour such as ``"#000000"``). ``start``/``end`` (seconds) keep part of a
    video. ``max_long_side`` and ``max_bytes`` shrink only what is larger.
    """

    output: Output
    aspect: float | None = None
    fit: Fit = "crop"
    crop_x: float = 0.5
    crop_y: float = 0.5
    pad: str = "blur"
    max_long_side: int | None = None
    max_bytes: int | None = None
    start: float = 0.0
    end: float | None = None
    fps: float | None = None

    def key(self) -> str:
        """A stable digest of the plan (part of the fixed file's cache key)."""
        blob = json.dumps(asdict(self), sort_keys=True, default=str).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    @property
    def is_video(self) -> bool:
        """Whether the fix writes a video."""
        return self.output == "mp4"

    def steps(self, facts: MediaFacts | None = None) -> list[str]:
        """What the fix does, in plain words (shown before it runs); ``facts`` leaves out what won't apply."""
        out = {"mp4": tr("Convert to MP4 (H.264 video, AAC sound)"), "jpeg": tr("Save as JPEG"),
               "png": tr("Save as PNG")}
        steps = [out[self.output]]
        if self.aspect is not None:
            aspect = ratio_label(self.aspect)
            steps.append(tr("Fit to {aspect} by cropping", aspect=aspect) if self.fit == "crop" else
                         tr("Fit to {aspect} by adding a blurred background", aspect=aspect) if self.pad == "blur"
                         else tr("Fit to {aspect} by adding a plain background", aspect=aspect))
        if self.start > 0 or self.end is not None:
            steps.append(tr("Keep {start:g} s to {end:g} s", start=self.start, end=self.end) if self.end is not None
                         else tr("Keep {start:g} s to the end", start=self.start))
        if self.max_long_side is not None and (facts is None or max(facts.width, facts.height) > self.max_long_side):
            steps.append(tr("Shrink to at most {max_long_side} pixels on the long side",
                            max_long_side=self.max_long_side))
        if self.max_bytes is not None and (facts is None or facts.size > self.max_bytes):
            steps.append(tr("Keep the file under {value:g} MB", value=self.max_bytes / 1000000.0))
        if self.fps is not None:
            steps.append(tr("Play at {fps:g} frames a second", fps=self.fps))
        return steps


def parse_aspect(text: str) -> float:
    """``"9:16"``, ``"1.91:1"`` or ``"0.8"`` as width/height; ``ValueError`` when it is not a shape."""
    try:
        if ":" in text:
            w, h = text.split(":", 1)
            value = float(w) / float(h)
        else:
            value = float(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{text!r} is not a shape such as 9:16 or 1.91:1") from None
    if not 0.05 <= value <= 20:
        raise ValueError(f"{text!r} is not a shape such as 9:16 or 1.91:1")
    return value


def _image_output(facts: MediaFacts, formats_png: bool) -> Output:
    has_alpha = bool(facts.mode) and ("A" in (facts.mode or "") or facts.mode == "P")
    return "png" if has_alpha and formats_png else "jpeg"


def plan_fix(
    facts: MediaFacts,
    platform: str,
    post_type: str | None = None,
    *,
    fit: Fit = "crop",
    findings: list[Finding] | None = None,
    force: bool = False,
    reshape: bool = False,
) -> FixPlan | None:
    """The fix that cures every fixable finding of ``facts`` for ``platform``/``post_type``.

    ``None`` when nothing is fixable (or the file cannot be used at all). ``force`` returns a plain
    conversion plan even when nothing is wrong (the editors start from it). A shape the platform only
    shows cropped or with bars (a landscape Reel) is changed only with ``reshape``; a shape it may
    refuse always is. Limits come from the guidance table, so a fixed file passes the same pre-flight.
    """
    if facts.problem is not None or facts.kind is None:
        return None
    rules = rules_for(platform)
    post_type = post_type or rules.default_post_type
    if findings is None:
        findings = preflight(facts, platform, post_type)
    fixes = {
        f.fix for f in findings if f.fix is not None and (reshape or f.verdict is not Verdict.PLATFORM_ADJUSTS)
    }
    if not fixes and not force and not reshape:
        return None
    to_video = facts.kind is MediaKind.VIDEO or FixKind.TO_VIDEO in fixes
    kind = MediaKind.VIDEO if to_video else MediaKind.IMAGE
    pt = rules.post_type(post_type)
    if pt is not None and kind not in pt.media.kinds:
        return None
    output: Output = "mp4" if to_video else _image_output(facts, "PNG" in formats_for(platform).image_formats)
    plan = FixPlan(output=output, fit=fit)
    low, high = 0.0, float("inf")
    for g in guidance_for(platform, post_type, kind):
        if g.max_bytes is not None:
            plan = replace(plan, max_bytes=min(plan.max_bytes or g.max_bytes, g.max_bytes))
        if g.max_long_side is not None:
            plan = replace(plan, max_long_side=min(plan.max_long_side or g.max_long_side, g.max_long_side))
        if to_video and g.max_seconds is not None and (facts.duration or 0) > g.max_seconds:
            plan = replace(plan, end=min(plan.end or g.max_seconds, g.max_seconds))
        if g.aspect_refused or reshape:
            low = max(low, g.min_aspect or 0.0)
            high = min(high, g.max_aspect or float("inf"))
        fps = facts.fps if facts.kind is MediaKind.VIDEO else None
        if to_video and fps and ((g.min_fps and fps < g.min_fps) or (g.max_fps and fps > g.max_fps)):
            plan = replace(plan, fps=DEFAULT_FPS)
    if to_video and facts.kind is MediaKind.IMAGE:
        plan = replace(plan, fps=DEFAULT_FPS)  # animated pictures often play at 10 fps or vary per frame
    aspect = facts.aspect
    if aspect and (aspect < low * 0.99 or aspect > high * 1.01):
        plan = replace(plan, aspect=low if aspect < low else high)
    return plan


def _smaller(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def plan_for_targets(
    facts: MediaFacts,
    targets: list[tuple[str, str | None]],
    *,
    fit: Fit = "crop",
    reshape: bool = False,
    force: bool = False,
) -> FixPlan | None:
    """One plan that suits every ``(platform, post_type)`` of a post (the strictest limits of all).

    The shape comes from the first target that wants one. ``None`` when no target needs a fix (and
    not ``force``) or the file cannot be used.
    """
    plans = [p for p in (plan_fix(facts, pid, pt, fit=fit, reshape=reshape, force=force) for pid, pt in targets) if p]
    if not plans:
        return None
    merged = plans[0]
    if any(p.output == "mp4" for p in plans):
        merged = replace(merged, output="mp4")
    elif any(p.output == "jpeg" for p in plans):
        merged = replace(merged, output="jpeg")
    for p in plans[1:]:
        merged = replace(
            merged,
            aspect=merged.aspect if merged.aspect is not None else p.aspect,
            max_long_side=_smaller(merged.max_long_side, p.max_long_side),
            max_bytes=_smaller(merged.max_bytes, p.max_bytes),
            end=_smaller(merged.end, p.end),
            fps=merged.fps or p.fps,
        )
    return merged


def longest_for(facts: MediaFacts, targets: list[tuple[str, str | None]]) -> float | None:
    """The longest video every target takes (seconds), ``None`` when none states one."""
    longest: float | None = None
    for pid, pt in targets:
        post_type = pt or rules_for(pid).default_post_type
        for g in guidance_for(pid, post_type, MediaKind.VIDEO):
            longest = _smaller(longest, g.max_seconds)
    return longest


def shape_for(targets: list[tuple[str, str | None]], facts: MediaFacts) -> float | None:
    """The shape the first target wants for this kind of file (its range's nearest end), if any."""
    kind = MediaKind.VIDEO if facts.kind is MediaKind.VIDEO or facts.animated else MediaKind.IMAGE
    for pid, pt in targets:
        post_type = pt or rules_for(pid).default_post_type
        for g in guidance_for(pid, post_type, kind):
            if g.min_aspect is not None or g.max_aspect is not None:
                low, high = g.min_aspect or 0.0, g.max_aspect or float("inf")
                return min(max(facts.aspect, low), high) if facts.aspect else low or high
    return None
