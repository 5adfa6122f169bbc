"""Helpers of the preview tests: the test colours and a pixel check."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage

COLOURS = {"red": (220, 30, 30), "green": (30, 170, 60), "blue": (30, 60, 220), "yellow": (240, 200, 20),
           "orange": (250, 120, 10), "purple": (120, 40, 170)}


def share_of(image: QImage, rect: QRect, colour: str, tolerance: int = 40) -> float:
    """The share of pixels inside ``rect`` (sampled every 3 px) within ``tolerance`` of ``colour``."""
    want = COLOURS[colour]
    hits = total = 0
    rect = rect.intersected(image.rect())
    for y in range(rect.top(), rect.bottom(), 3):
        for x in range(rect.left(), rect.right(), 3):
            c = image.pixelColor(x, y)
            total += 1
            if abs(c.red() - want[0]) + abs(c.green() - want[1]) + abs(c.blue() - want[2]) <= tolerance:
                hits += 1
    return hits / max(1, total)
