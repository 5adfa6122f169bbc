"""Crop boxes, output sizes and plans: properties that hold for any size, shape and position."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashdesk.media import samples
from dashdesk.media.fix import FixPlan, parse_aspect, plan_fix, run_fix
from dashdesk.media.fix.geometry import crop_box, layout
from dashdesk.media.fix.plan import plan_for_targets
from dashdesk.media.probe import probe_file

from .makers import first_frame, stream_facts

sizes = st.integers(min_value=2, max_value=8000)
aspects = st.floats(min_value=0.2, max_value=5.0)
positions = st.floats(min_value=0.0, max_value=1.0)


@given(sizes, sizes, aspects, positions)
def test_crop_box_fits_and_has_the_shape(w: int, h: int, aspect: float, pos: float) -> None:
    x, y, cw, ch = crop_box(w, h, aspect, pos, pos)
    assert x >= 0 and y >= 0 and x + cw <= w and y + ch <= h
    assert cw == w or ch == h  # the largest box: it touches two opposite sides
    if min(cw, ch) > 50:
        assert cw / ch == pytest.approx(aspect, rel=0.03)


@given(sizes, sizes, aspects, st.sampled_from(["crop", "pad"]), st.one_of(st.none(), st.integers(64, 4096)))
def test_layout_is_even_and_within_limits(w: int, h: int, aspect: float, fit: str, longest: int | None) -> None:
    plan = FixPlan(output="mp4", aspect=aspect, fit=fit, max_long_side=longest)  # type: ignore[arg-type]
    geo = layout(w, h, plan, even=True)
    cw, ch = geo.canvas
    assert cw % 2 == 0 and ch % 2 == 0 and cw >= 2 and ch >= 2
    assert geo.inner[0] <= cw and geo.inner[1] <= ch
    if longest is not None:
        assert max(cw, ch) <= max(longest, 2)


@pytest.mark.parametrize(("text", "value"), [("9:16", 0.5625), ("1.91:1", 1.91), ("0.8", 0.8)])
def test_parse_aspect(text: str, value: float) -> None:
    assert parse_aspect(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["wide", "1:0", "0", "100:1", ""])
def test_parse_aspect_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError):
        parse_aspect(text)


def test_one_plan_for_several_targets_takes_the_strictest(tmp_path: Path) -> None:
    facts = probe_file(samples.make_video(tmp_path / "a.webm", 1.0, 320, 180, codec="libvpx-vp9", container="webm"))
    plan = plan_for_targets(facts, [("tiktok", None), ("twitter", None), ("instagram", "REEL")])
    assert plan is not None and plan.output == "mp4"
    assert plan.max_long_side == 1920 and plan.max_bytes == 512_000_000


def test_rotated_phone_video_comes_out_upright(tmp_path: Path) -> None:
    src = samples.make_video(tmp_path / "phone.mp4", 0.5, 320, 240, rotation=90)
    facts = probe_file(src)
    assert (facts.width, facts.height) == (240, 320)  # shown portrait
    result = run_fix(facts, plan_fix(facts, "instagram", "REEL", force=True), folder=tmp_path / "fixed")
    out = stream_facts(result.path)
    assert (out["width"], out["height"]) == (240, 320)  # the pixels are turned, no rotation flag left
    assert first_frame(result.path).shape[:2] == (320, 240)
    again = probe_file(result.path)  # probing applies any rotation flag: none may be left to turn it twice
    assert (again.width, again.height) == (240, 320)
