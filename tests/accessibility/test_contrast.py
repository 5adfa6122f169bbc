"""WCAG 2.x AA contrast (4.5:1 for normal text) of the text colours the light and dark themes draw.

The pairs come from the app's own data: the palette of :mod:`dashdesk.ui.theme`, the status and
notice tones, and the backgrounds the calendar, list, review and notice widgets mix from them (with
the same mixing functions). Disabled text is exempt (WCAG 1.4.3: inactive controls).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette

from dashdesk.platforms import PLATFORM_IDS
from dashdesk.ui import icons
from dashdesk.ui.banner import KIND_TONE
from dashdesk.ui.calendar.chips import chip_background, mix
from dashdesk.ui.calendar.list_view import secondary_text
from dashdesk.ui.review.delegate import blend, muted_color
from dashdesk.ui.status import TONE_COLORS
from dashdesk.ui.theme import build_palette

from .a11y_helpers import contrast_ratio

AA_TEXT = 4.5
R = QPalette.ColorRole

#: Text role on background role, as Qt's widgets and the app's delegates draw them.
PALETTE_PAIRS = (
    (R.WindowText, R.Window), (R.Text, R.Base), (R.Text, R.AlternateBase), (R.ButtonText, R.Button),
    (R.HighlightedText, R.Highlight), (R.ToolTipText, R.ToolTipBase), (R.Link, R.Base), (R.Link, R.Window),
    # placeholder text in fields, and the secondary ("muted") text of hints, lists and review rows
    (R.PlaceholderText, R.Base), (R.PlaceholderText, R.Window), (R.PlaceholderText, R.AlternateBase),
    (R.PlaceholderText, R.Button),
)

Pair = tuple[str, QColor, QColor]


def _scheme(dark: bool) -> str:
    return "dark" if dark else "light"


def palette_pairs(dark: bool) -> Iterator[Pair]:
    """Each text/background pair of the palette roles."""
    pal = build_palette(dark)
    for fg, bg in PALETTE_PAIRS:
        yield f"{fg.name} on {bg.name}", pal.color(fg), pal.color(bg)


def _dark(pal: QPalette) -> bool:
    return pal.color(R.Window).lightness() < 128


def _tones(dark: bool) -> dict[str, QColor]:
    return {tone: QColor(dark_hex if dark else light_hex) for tone, (light_hex, dark_hex) in TONE_COLORS.items()}


def surfaces(pal: QPalette) -> dict[str, tuple[dict[str, QColor], dict[str, QColor]]]:
    """Per painted surface: its backgrounds and the text colours drawn on them, as the delegates mix them."""
    dark = _dark(pal)
    text, base, highlight = pal.color(R.Text), pal.color(R.Base), pal.color(R.Highlight)
    tones = {f"{tone} status word": color for tone, color in _tones(dark).items()}
    chips = {f"{p} chip": chip_background(pal, False, icons.platform_accent(p, dark)) for p in PLATFORM_IDS}
    chips["selected chip"] = chip_background(pal, True, icons.platform_accent("instagram", dark))
    chips["chip waiting in the outbox"] = mix(base, _tones(dark)["waiting"], 0.14 if dark else 0.10)
    return {
        "calendar chips": (chips, {"time": text, "snippet": mix(text, base, 0.15), **tones}),
        "list rows": ({"row": base, "selected row": mix(base, highlight, 0.22)},
                      {"text": text, "zone and post type": secondary_text(pal), **tones}),
        "review rows": ({"row": base, "hovered row": pal.color(R.AlternateBase),
                         "selected row": blend(base, highlight, 0.16)},
                        {"text": text, "muted": muted_color(pal), **tones}),
    }


def surface_pairs(dark: bool) -> Iterator[Pair]:
    """Every text colour of every surface on each of its backgrounds."""
    for surface, (backgrounds, foregrounds) in surfaces(build_palette(dark)).items():
        for bg_name, bg in backgrounds.items():
            for fg_name, fg in foregrounds.items():
                yield f"{surface}: {fg_name} on {bg_name}", fg, bg


def notice_pairs(dark: bool) -> Iterator[Pair]:
    """Text on the tinted notices: the calendar banner, an opened post's outcome, conflict cells."""
    pal = build_palette(dark)
    window, base = pal.color(R.Window), pal.color(R.Base)
    for kind, (light_hex, dark_hex) in KIND_TONE.items():
        tinted = mix(window, QColor(dark_hex if dark else light_hex), 0.12)
        yield f"banner text on the {kind} banner", pal.color(R.WindowText), tinted
    for tone, color in _tones(dark).items():
        yield f"{tone} outcome title on its banner", color, mix(window, color, 0.12)
        yield f"outcome text on the {tone} banner", pal.color(R.WindowText), mix(window, color, 0.12)
        yield f"text on a {tone} conflict cell", pal.color(R.Text), mix(base, color, 0.08)


def fixed_pairs() -> Iterator[Pair]:
    """Colours set in style sheets whatever the scheme."""
    yield "sandbox badge", QColor("white"), QColor("#805300")


def _failures(pairs: Iterator[Pair]) -> list[str]:
    return [f"{what}: {fg.name()} on {bg.name()} is {contrast_ratio(fg, bg):.2f}:1"
            for what, fg, bg in pairs if contrast_ratio(fg, bg) < AA_TEXT]


def test_contrast_formula() -> None:
    """The WCAG formula: black on white is 21:1, a colour on itself 1:1, #767676 on white just passes."""
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_palette_text_roles(qapp, dark: bool) -> None:
    """Every text role of the theme's palette on the backgrounds it is drawn on."""
    assert _failures(palette_pairs(dark)) == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_chips_and_rows(qapp, dark: bool) -> None:
    """Status words, text and secondary text on calendar chips, list rows and review rows, plain and selected."""
    assert _failures(surface_pairs(dark)) == []


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_tinted_notices(qapp, dark: bool) -> None:
    """The text of tinted notices and conflict cells."""
    assert _failures(notice_pairs(dark)) == []


def test_fixed_colours(qapp) -> None:
    """Style-sheet colours that do not follow the scheme."""
    assert _failures(fixed_pairs()) == []
