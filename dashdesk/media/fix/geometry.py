"""Where the picture goes: the crop box, the output size and the padded canvas of a fix."""

from __future__ import annotations

from dataclasses import dataclass

from .plan import FixPlan

__all__ = ["Layout", "crop_box", "layout"]


@dataclass(frozen=True)
class Layout:
    """Geometry of one fix, in pixels of the upright source.

    ``crop`` is ``(x, y, width, height)`` of the part kept (``None``: all of it); ``inner`` the size
    that part is scaled to; ``canvas`` the output size (larger than ``inner`` only when padding).
    """

    crop: tuple[int, int, int, int] | None
    inner: tuple[int, int]
    canvas: tuple[int, int]

    @property
    def padded(self) -> bool:
        """Whether the picture sits on a larger background."""
        return self.inner != self.canvas

    @property
    def offset(self) -> tuple[int, int]:
        """Top-left corner of the picture on the canvas."""
        return (self.canvas[0] - self.inner[0]) // 2, (self.canvas[1] - self.inner[1]) // 2


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def crop_box(width: int, height: int, aspect: float, x: float = 0.5, y: float = 0.5) -> tuple[int, int, int, int]:
    """The largest ``aspect`` box inside ``width`` x ``height``, slid to ``x``/``y`` (0..1) along the free side."""
    if width / height > aspect:
        cw, ch = max(1, min(width, round(height * aspect))), height
    else:
        cw, ch = width, max(1, min(height, round(width / aspect)))
    return round((width - cw) * _clamp(x)), round((height - ch) * _clamp(y)), cw, ch


def _scale(size: tuple[int, int], factor: float) -> tuple[int, int]:
    return max(1, round(size[0] * factor)), max(1, round(size[1] * factor))


def _even(size: tuple[int, int]) -> tuple[int, int]:
    return max(2, size[0] - size[0] % 2), max(2, size[1] - size[1] % 2)


def layout(width: int, height: int, plan: FixPlan, *, even: bool = False) -> Layout:
    """The geometry ``plan`` gives a ``width`` x ``height`` upright source.

    ``even`` rounds the output to even sizes (H.264 with 4:2:0 colour needs them).
    """
    crop: tuple[int, int, int, int] | None = None
    inner = canvas = (width, height)
    if plan.aspect is not None and abs(width / height - plan.aspect) / plan.aspect > 0.002:
        if plan.fit == "crop":
            crop = crop_box(width, height, plan.aspect, plan.crop_x, plan.crop_y)
            inner = canvas = (crop[2], crop[3])
        elif width / height > plan.aspect:
            canvas = (width, round(width / plan.aspect))
        else:
            canvas = (round(height * plan.aspect), height)
    padded = inner != canvas
    if plan.max_long_side is not None and max(canvas) > plan.max_long_side:
        factor = plan.max_long_side / max(canvas)
        canvas, inner = _scale(canvas, factor), _scale(inner, factor)
    if even:
        canvas = _even(canvas)
        inner = _even(inner) if padded else canvas
    return Layout(crop, (min(inner[0], canvas[0]), min(inner[1], canvas[1])), canvas)
