"""Which way a piece of content reads: a post written in English stays left to right inside an Arabic
window, and an Arabic post right to left inside an English one (the first strong letter decides, as in
Unicode's paragraph rule)."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Qt


def content_direction(text: str, default: Qt.LayoutDirection) -> Qt.LayoutDirection:
    """The direction of ``text`` by its first letter with a direction; ``default`` when it has none."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return default
