"""Text contrast meets WCAG 2.x AA (4.5:1 for normal text) in the light and dark palettes, computed from
the theme's own colours; status colours are checked in ``tests/ui/test_status_icons.py``."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from dashdesk.ui.theme import build_palette

Role = QPalette.ColorRole

#: (text, background) pairs a person reads in the app's widgets.
PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.WindowText, Role.Base),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.Window),
    (Role.Link, Role.Base),
    (Role.Link, Role.Window),
]


def relative_luminance(color: QColor) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.red()) + 0.7152 * channel(color.green()) + 0.0722 * channel(color.blue())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_formula_matches_known_ratios() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_text_in_every_palette_role_meets_aa(qapp, dark: bool) -> None:
    palette = build_palette(dark)
    group = QPalette.ColorGroup.Active
    failing = []
    for text, background in PAIRS:
        ratio = contrast(palette.color(group, text), palette.color(group, background))
        if ratio < 4.5:
            failing.append(f"{text.name} on {background.name}: {ratio:.2f}")
    assert failing == []
