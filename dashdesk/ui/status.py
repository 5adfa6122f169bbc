"""How each post status is shown: always a colour, an icon and a word."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor


@dataclass(frozen=True, slots=True)
class StatusLook:
    """Presentation of one status: word, Bootstrap icon name and text colours for both schemes."""

    word: str
    icon: str
    light: str
    dark: str
    description: str

    def color(self, dark: bool) -> QColor:
        """Return the text/icon colour for the scheme (contrast >= 4.5:1 on the base colours)."""
        return QColor(self.dark if dark else self.light)


STATUS_LOOKS: dict[str, StatusLook] = {
    "DRAFT": StatusLook("Draft", "pencil-square", "#5b616a", "#b9bec6", "Saved as a draft; will not publish"),
    "SCHEDULED": StatusLook("Scheduled", "clock", "#1c5cb5", "#8ab8ff", "Publishes at its time"),
    "AUTOPUBLISHING": StatusLook("Publishing", "send-fill", "#0b6e64", "#6fd8ca", "Publishing now"),
    "POSTED": StatusLook("Posted", "check-circle-fill", "#1c7430", "#7bd88c", "Published"),
    "FAILED": StatusLook("Failed", "x-circle-fill", "#b3261e", "#ff8e86", "Publishing failed"),
    "PARTIALLY_FAILED": StatusLook(
        "Partly failed", "exclamation-triangle-fill", "#a33a00", "#ffab70", "Some parts failed to publish"
    ),
    "MISSING_APPROVALS": StatusLook(
        "Needs approval", "person-check-fill", "#805300", "#ffcb5c", "Waiting for approval"
    ),
    "USERS_NOTIFIED": StatusLook(
        "Notified", "send-check-fill", "#6237a0", "#cbaaff", "Reminder sent to publish from the mobile app"
    ),
    "EXPIRED": StatusLook("Expired", "hourglass-split", "#7a4e2d", "#e0b08a", "Its time passed without publishing"),
    "SKIPPED": StatusLook("Skipped", "skip-forward-fill", "#5b616a", "#b9bec6", "Skipped"),
    "IMPORTED": StatusLook("Imported", "arrow-down-circle-fill", "#5b616a", "#b9bec6", "Imported from the platform"),
}

_UNKNOWN = StatusLook("Unknown", "exclamation-circle-fill", "#5b616a", "#b9bec6", "Unknown status")

#: The statuses offered by the status filter, in a reading order.
FILTER_ORDER = (
    "DRAFT",
    "MISSING_APPROVALS",
    "SCHEDULED",
    "AUTOPUBLISHING",
    "USERS_NOTIFIED",
    "POSTED",
    "FAILED",
    "PARTIALLY_FAILED",
    "EXPIRED",
    "SKIPPED",
    "IMPORTED",
)


def status_look(status: str | None) -> StatusLook:
    """Return the presentation of ``status`` (a neutral one for unknown values)."""
    if not status:
        return _UNKNOWN
    look = STATUS_LOOKS.get(status.upper())
    if look is None:
        word = status.replace("_", " ").capitalize()
        look = StatusLook(word, _UNKNOWN.icon, _UNKNOWN.light, _UNKNOWN.dark, _UNKNOWN.description)
    return look
