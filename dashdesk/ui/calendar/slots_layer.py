"""The week view's empty posting slots: faint placeholders under the chips.

The view is fed free slots (platform, time) by ``slot_source(first_day, last_day)`` (the main window
computes them from the posting schedule and the posts known); platforms sharing a time share one
placeholder. Double-clicking a placeholder asks for a new post at that time; a post dragged onto a
placeholder of its platform snaps to the slot's time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

from dashdesk.i18n import tr
from dashdesk.ui.calendar import layout
from dashdesk.ui.calendar.chips import mix
from dashdesk.ui.icons import platform_name

SlotSource = Callable[[date, date], list[tuple[str, datetime]]]


@dataclass(frozen=True)
class PlacedSlot:
    """A free slot's placeholder in grid coordinates (before scrolling)."""

    when: datetime
    platforms: tuple[str, ...]
    rect: QRect

    @property
    def label(self) -> str:
        """``Free: Instagram · X``."""
        return tr("Free: {platforms}", platforms=" · ".join(platform_name(p) for p in self.platforms))


def place_slots(view: Any) -> list[PlacedSlot]:
    """Placeholders of the view's shown week (empty without a ``slot_source``)."""
    source: SlotSource | None = getattr(view, "slot_source", None)
    days = view.days()
    if source is None:
        return []
    try:
        free = source(days[0], days[-1])
    except Exception:  # a damaged schedule must not break the calendar: show no placeholders
        return []
    grouped: dict[datetime, list[str]] = {}
    for platform, when in free:
        grouped.setdefault(when, []).append(platform)
    hour = view.hour_height()
    span = max(20, view.chip_min_minutes() - 10)
    out = []
    for when, platforms in sorted(grouped.items()):
        day = when.astimezone(view.tz).date()
        if day not in days:
            continue
        col = view.column_rect(days.index(day))
        start = min(layout.wall_minutes(when, view.tz), 24 * 60 - span)
        y0 = layout.y_for_minutes(start, hour)
        y1 = layout.y_for_minutes(start + span, hour)
        out.append(PlacedSlot(when, tuple(platforms), QRect(col.left() + 3, round(y0) + 1, col.width() - 6,
                                                             max(8, round(y1 - y0) - 2))))
    return out


def paint_slots(p: QPainter, view: Any, slots: list[PlacedSlot], visible: QRect) -> None:
    """Draw the placeholders: a dashed outline and the platforms' names, faint."""
    pal = view.palette()
    base = pal.color(QPalette.ColorRole.Base)
    text = pal.color(QPalette.ColorRole.Text)
    accent = pal.color(QPalette.ColorRole.Highlight)
    outline = mix(accent, base, 0.55)
    fill = QColor(accent)
    fill.setAlpha(18)
    words = mix(text, base, 0.5)
    pen = QPen(outline, 1, Qt.PenStyle.DashLine)
    fm = view.fontMetrics()
    for slot in slots:
        if not slot.rect.intersects(visible):
            continue
        p.setPen(pen)
        p.setBrush(fill)
        p.drawRoundedRect(slot.rect, 4, 4)
        p.setPen(words)
        inner = slot.rect.adjusted(5, 1, -4, -1)
        time_text = f"{slot.when.astimezone(view.tz):%H:%M}"
        label = fm.elidedText(f"{time_text} {slot.label}", Qt.TextElideMode.ElideRight, inner.width())
        p.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, label)
    p.setBrush(Qt.BrushStyle.NoBrush)


def slot_at(view: Any, grid_point: QPoint, platform: str | None = None) -> PlacedSlot | None:
    """The placeholder under ``grid_point`` (of ``platform``, when given)."""
    for slot in view.placed_slots():
        if slot.rect.contains(grid_point) and (platform is None or platform in slot.platforms):
            return slot
    return None


def snap(view: Any, key: Any, grid_point: QPoint, target: datetime | None) -> datetime | None:
    """A dragged post over a placeholder of its platform lands on the slot's time."""
    post = view.find_post(key) if key is not None else None
    if post is None:
        return target
    found = slot_at(view, grid_point, post.platform)
    if found is None and target is not None:  # the chip's top near a slot (within 15 min) snaps too
        for slot in view.placed_slots():
            if post.platform in slot.platforms and abs(slot.when - target) <= timedelta(minutes=15):
                return slot.when
    return found.when if found is not None else target
