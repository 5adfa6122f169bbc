"""Picture fixes with Pillow: any picture Pillow reads to an upright 8-bit JPEG or PNG, fitted and shrunk."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageFilter, ImageOps

from dashdesk.i18n import tr

from ..probe import PIXEL_BUDGET, MediaFacts
from .errors import FixCancelled, FixFailed, Progress, ShouldStop
from .geometry import layout
from .plan import FixPlan

__all__ = ["convert_image", "fit_picture", "to_rgb8"]

#: JPEG qualities tried, best first, when a file must stay under a size.
_QUALITIES = (90, 85, 80, 74, 68, 62)


def to_rgb8(img: Image.Image, keep_alpha: bool) -> Image.Image:
    """``img`` as 8-bit RGB (or RGBA when ``keep_alpha``): CMYK, 16-bit, palette and grey become RGB."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        # 16-bit grey: scale 0..65535 to 0..255 (a plain convert("L") would clip everything above 255).
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif img.mode == "F":
        img = img.point(lambda v: v * 255).convert("L")
    alpha = keep_alpha and ("A" in img.getbands() or "transparency" in img.info)
    target = "RGBA" if alpha else "RGB"
    if img.mode == target:
        return img
    if img.mode in ("RGBA", "LA", "PA") and not alpha:
        flat = Image.new("RGB", img.size, (255, 255, 255))
        flat.paste(img.convert("RGBA"), mask=img.convert("RGBA").getchannel("A"))
        return flat
    return img.convert(target)


def fit_picture(img: Image.Image, plan: FixPlan) -> Image.Image:
    """``img`` cropped or padded to ``plan``'s shape and scaled to its size limit."""
    geo = layout(img.width, img.height, plan)
    if geo.crop is not None:
        x, y, w, h = geo.crop
        img = img.crop((x, y, x + w, y + h))
    if img.size != geo.inner:
        img = img.resize(geo.inner, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if not geo.padded:
        return img
    if plan.pad == "blur":
        cover = ImageOps.fit(img, geo.canvas, Image.Resampling.BILINEAR)
        canvas = cover.filter(ImageFilter.GaussianBlur(max(8, min(geo.canvas) // 25)))
    else:
        canvas = Image.new(img.mode, geo.canvas, plan.pad)
    canvas.paste(img, geo.offset)
    return canvas


def _encode(img: Image.Image, output: str, quality: int) -> bytes:
    buf = io.BytesIO()
    if output == "jpeg":
        img.convert("RGB").save(buf, format="JPEG", quality=quality, optimize=True, progressive=True)
    else:
        img.save(buf, format="PNG", optimize=False, compress_level=6)
    return buf.getvalue()


def convert_image(
    facts: MediaFacts,
    dest: Path,
    plan: FixPlan,
    *,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> None:
    """Write ``facts.path`` as a JPEG or PNG at ``dest`` following ``plan`` (EXIF orientation applied).

    Over ``plan.max_bytes`` it lowers JPEG quality, then the picture size (a PNG with transparency is
    only made smaller). Raises :class:`FixCancelled` or :class:`FixFailed`.
    """

    def step(done: float) -> None:
        if should_stop is not None and should_stop():
            raise FixCancelled()
        if progress is not None:
            progress(done)

    if facts.width * facts.height > PIXEL_BUDGET:
        raise FixFailed(tr("{file}: the picture is too large to open safely; make it smaller first.", file=facts.name))
    try:
        with Image.open(facts.path) as src:
            step(0.05)
            src.load()
            img = ImageOps.exif_transpose(src) or src
            img = to_rgb8(img, keep_alpha=plan.output == "png")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise FixFailed(tr("{file}: the picture could not be read ({reason}).", file=facts.name, reason=exc)) from None
    step(0.3)
    img = fit_picture(img, plan)
    step(0.5)
    data = _encode(img, plan.output, _QUALITIES[0])
    limit = plan.max_bytes
    if limit is not None:
        target = int(limit * 0.97)
        for quality in _QUALITIES[1:] if plan.output == "jpeg" else ():
            if len(data) <= target:
                break
            step(0.6)
            data = _encode(img, "jpeg", quality)
        while len(data) > target and min(img.size) > 64:
            step(0.8)
            factor = max(0.5, min(0.9, (target / len(data)) ** 0.5))
            img = img.resize((max(1, round(img.width * factor)), max(1, round(img.height * factor))),
                             Image.Resampling.LANCZOS)
            data = _encode(img, plan.output, _QUALITIES[-2] if plan.output == "jpeg" else 0)
    step(0.95)
    dest.write_bytes(data)
    if progress is not None:
        progress(1.0)
