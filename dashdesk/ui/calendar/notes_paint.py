"""Painting of calendar notes (holidays, launches, "no posting" days) in month cells and week headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette

from dashdesk.i18n import tr
from dashdesk.ui.calendar.chips import mix
from dashdesk.ui.status import TONE_COLORS

NOTE_DEFAULT = "#6b7a90"
_LEFT_VCENTER = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def note_words(notes: Sequence[Any]) -> str:
    """The words a day's notes show: a "no posting" note first, then the others, joined."""
    ordered = sorted(notes, key=lambda n: not n.no_posting)
    parts = [tr("No posting: {note}", note=n.text) if n.no_posting else n.text for n in ordered]
    return " · ".join(parts)


def _danger(pal: QPalette) -> QColor:
    light, dark = TONE_COLORS["danger"]
    return QColor(dark if pal.color(QPalette.ColorRole.Window).lightness() < 128 else light)


def _color(notes: Sequence[Any], pal: QPalette) -> QColor:
    if any(n.no_posting for n in notes):
        return _danger(pal)
    first = next((n.color for n in notes if n.color), NOTE_DEFAULT)
    return QColor(first)


def paint_cell_tint(p: QPainter, rect: QRect, notes: Sequence[Any], pal: QPalette) -> None:
    """A faint wash over a "no posting" day."""
    if any(n.no_posting for n in notes):
        color = _danger(pal)
        color.setAlphaF(0.07)
        p.fillRect(rect, color)


def paint_notes(p: QPainter, rect: QRect, notes: Sequence[Any], pal: QPalette) -> None:
    """One pill in ``rect``: the note colour's tint, a coloured edge, the words elided to fit."""
    if rect.width() < 16 or not notes:
        return
    color = _color(notes, pal)
    base = pal.color(QPalette.ColorRole.Base)
    text = pal.color(QPalette.ColorRole.Text)
    dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
    fm = QFontMetrics(p.font())
    words = note_words(notes)
    width = min(rect.width(), fm.horizontalAdvance(words) + 12)
    pill = QRectF(rect.left(), rect.top(), width, rect.height())
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(mix(base, color, 0.30 if dark else 0.16))
    p.drawRoundedRect(pill, 3, 3)
    p.setBrush(color)
    p.drawRoundedRect(QRectF(pill.left(), pill.top(), 3, pill.height()), 1.5, 1.5)
    p.setPen(mix(text, color, 0.35))
    inner = pill.adjusted(7, 0, -3, 0)
    p.drawText(inner, _LEFT_VCENTER, fm.elidedText(words, Qt.TextElideMode.ElideRight, int(inner.width())))
    p.restore()
