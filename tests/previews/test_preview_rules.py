"""The preview layout table and its text folding (no Qt)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashdesk.platforms import PLATFORM_IDS, rules_for
from dashdesk.platforms.previews import (
    LAYOUTS,
    Family,
    Fold,
    domain_of,
    first_link,
    fold_text,
    format_clock,
    grid_cells,
    handle_of,
    initials,
    layout_for,
)


def test_every_platform_and_post_type_has_a_layout() -> None:
    for platform in PLATFORM_IDS:
        for pt in rules_for(platform).post_types:
            assert (platform, pt.name) in LAYOUTS, (platform, pt.name)
    assert len({p for p, _t in LAYOUTS}) == 10


def test_vertical_formats_are_9_16_and_youtube_16_9() -> None:
    for key in [("instagram", "REEL"), ("instagram", "STORY"), ("facebook", "REEL"), ("tiktok", None),
                ("snapchat", "STORY"), ("snapchat", "SPOTLIGHT")]:
        assert LAYOUTS[key].family is Family.VERTICAL and LAYOUTS[key].aspect == pytest.approx(9 / 16)
    assert LAYOUTS[("youtube", None)].aspect == pytest.approx(16 / 9)
    assert LAYOUTS[("instagram", "FEED")].carousel


def test_fold_labels_per_platform() -> None:
    assert layout_for("instagram", "FEED").fold.label == "… more"
    assert layout_for("linkedin", None).fold.label == "…see more"
    assert layout_for("facebook", "POST").fold.label == "… See more"
    assert layout_for("twitter", None).fold.chars == 0  # a standard X post shows whole
    assert layout_for("instagram", "UNKNOWN").platform == "instagram"
    with pytest.raises(KeyError):
        layout_for("myspace", None)


def test_instagram_caption_cuts_at_a_word_near_125_characters() -> None:
    text = ("word " * 60).strip()
    folded = fold_text(text, layout_for("instagram", "FEED").fold)
    assert folded.cut and folded.label == "… more"
    assert 75 <= len(folded.shown) <= 125 and text.startswith(folded.shown) and not folded.shown.endswith(" ")


def test_short_text_is_not_cut_and_line_breaks_count() -> None:
    fold = Fold(125, 2, "… more")
    assert fold_text("Hello there", fold).cut is False
    folded = fold_text("one\ntwo\nthree", fold)
    assert folded.cut and folded.shown == "one\ntwo"
    # a long paragraph counts as several lines when the width is known
    long = "x" * 90
    assert fold_text(long, fold, line_chars=40).shown == "x" * 80
    assert fold_text(long, fold).cut is False


def test_linkedin_see_more_after_about_210_characters() -> None:
    text = "LinkedIn " * 40
    folded = fold_text(text, layout_for("linkedin", None).fold)
    assert folded.cut and len(folded.shown) <= 210 and folded.label == "…see more"


@given(st.text(max_size=600), st.integers(0, 300), st.integers(0, 6), st.none() | st.integers(1, 80))
def test_fold_never_invents_text(text: str, chars: int, lines: int, line_chars: int | None) -> None:
    folded = fold_text(text, Fold(chars, lines, "… more"), line_chars=line_chars)
    assert text.rstrip().startswith(folded.shown)
    if not folded.cut:
        assert folded.shown == text.rstrip()
    else:
        assert len(folded.shown) <= chars and folded.label == "… more"


def test_grid_cells_cover_the_box_for_one_to_four_images() -> None:
    for n in range(1, 5):
        cells = grid_cells(n)
        assert len(cells) == n
        assert sum(w * h for _x, _y, w, h in cells) == pytest.approx(1.0)
    assert grid_cells(0) == [(0, 0, 1, 1)]


def test_small_helpers() -> None:
    assert format_clock(7.4) == "0:07" and format_clock(723) == "12:03" and format_clock(3723) == "1:02:03"
    assert format_clock(None) == "" and format_clock(-1) == ""
    assert initials("Northwind Studio") == "NS" and initials("acme") == "A" and initials("  ") == "?"
    assert handle_of("Northwind Studio") == "northwindstudio" and handle_of("!!") == "brand"
    assert first_link("see https://example.com/a, now") == "https://example.com/a" and first_link("none") == ""
    assert domain_of("https://www.example.com/x") == "example.com" and domain_of("example.org/y") == "example.org"
