"""Dark mode: an unselected radio button (and an unticked check box) has a rim one can see."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QRadioButton, QStyle, QStyleOptionButton, QWidget

from dashdesk.ui.theme import FusionStyle, build_palette


def rim_contrast(widget: QWidget, element: QStyle.SubElement) -> int:
    """Largest lightness difference between the indicator's pixels and the field colour."""
    option = QStyleOptionButton()
    widget.initStyleOption(option)  # type: ignore[attr-defined]
    rect = widget.style().subElementRect(element, option, widget)
    image = widget.grab().toImage()
    base = QColor(widget.palette().color(QPalette.ColorRole.Base)).lightness()
    return max(abs(image.pixelColor(x, y).lightness() - base)
               for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1))


@pytest.mark.parametrize("kind", [QRadioButton, QCheckBox])
def test_unselected_indicator_is_visible_in_dark(qtbot, kind) -> None:
    style = FusionStyle("Fusion")
    widget = kind("Option")
    qtbot.addWidget(widget)
    widget.setStyle(style)
    widget.setPalette(build_palette(dark=True))
    widget.resize(160, 30)
    element = (QStyle.SubElement.SE_RadioButtonIndicator if kind is QRadioButton
               else QStyle.SubElement.SE_CheckBoxIndicator)
    assert not widget.isChecked()
    assert rim_contrast(widget, element) >= 50
