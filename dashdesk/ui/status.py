"""How each post status is shown: always a colour, an icon and a word.

The word, the icon and whether a post may move come from ``dashdesk.platforms.status_info``; this
module adds the colours, one pair (light scheme, dark scheme) per tone, each with a contrast of at
least 4.5:1 on the palette's base and window colours and on selected chips and rows
(tests/accessibility/test_contrast.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from dashdesk.platforms import STATUSES, status_info

#: Text/icon colour per tone: (light scheme, dark scheme).
TONE_COLORS: dict[str, tuple[str, str]] = {
    "neutral": ("#5b616a", "#b9bec6"),
    "info": ("#1c5cb5", "#8ab8ff"),
    "progress": ("#0b6e64", "#6fd8ca"),
    "success": ("#1b702e", "#7bd88c"),
    "danger": ("#b3261e", "#ff8e86"),
    "warning": ("#805300", "#ffcb5c"),
    "waiting": ("#6b3fa0", "#c9a8ff"),  # kept in the outbox until Dash can take it
}


@dataclass(frozen=True, slots=True)
class StatusLook:
    """Presentation of one status: word, Bootstrap icon name, tone and whether it can be moved."""

    status: str
    word: str
    icon: str
    tone: str
    movable: bool

    def color(self, dark: bool) -> QColor:
        """Return the text/icon colour for the scheme."""
        light, dark_hex = TONE_COLORS.get(self.tone, TONE_COLORS["neutral"])
        return QColor(dark_hex if dark else light)


def status_look(status: str | None) -> StatusLook:
    """Return the presentation of ``status`` (a neutral one for undocumented values)."""
    info = status_info(status)
    return StatusLook(info.status, info.label, info.icon, info.tone, info.movable)


#: The statuses offered by the status filter, in reading order.
FILTER_ORDER: tuple[str, ...] = tuple(STATUSES)
