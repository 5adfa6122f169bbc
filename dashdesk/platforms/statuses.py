"""Every post status the API documents, with the word and icon the app shows for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusInfo:
    """How one status is presented: a word, an icon name (Bootstrap Icons) and a tone."""

    status: str
    label: str
    icon: str
    tone: str  # "neutral" | "info" | "progress" | "success" | "danger" | "warning"
    editable: bool
    movable: bool


#: DashDesk's own status of a post kept in the outbox until Dash can take it (never sent to Dash).
WAITING_TO_SEND = "WAITING_TO_SEND"

STATUSES: dict[str, StatusInfo] = {
    s.status: s
    for s in (
        StatusInfo("DRAFT", "Draft", "pencil", "neutral", True, True),
        StatusInfo("SCHEDULED", "Scheduled", "clock", "info", True, True),
        StatusInfo("MISSING_APPROVALS", "Needs approval", "person-check", "warning", True, True),
        StatusInfo("AUTOPUBLISHING", "Publishing", "send", "progress", False, False),
        StatusInfo("POSTED", "Posted", "check-circle-fill", "success", False, False),
        StatusInfo("FAILED", "Failed", "exclamation-octagon-fill", "danger", True, True),
        StatusInfo("PARTIALLY_FAILED", "Partly failed", "exclamation-triangle-fill", "danger", True, False),
        StatusInfo("EXPIRED", "Expired", "hourglass-bottom", "warning", True, True),
        # auto_publish off: Dash reminded the team; a person publishes it from the Dash mobile app.
        StatusInfo("USERS_NOTIFIED", "Publish by hand", "phone-vibrate", "warning", True, False),
        StatusInfo("IMPORTED", "Imported", "box-arrow-in-down", "neutral", False, False),
        StatusInfo("SKIPPED", "Skipped", "skip-forward", "neutral", False, False),
        # Not a Dash status: a post kept in DashDesk's outbox until Dash can take it (never sent as is).
        StatusInfo(WAITING_TO_SEND, "Waiting to send", "cloud-arrow-up", "waiting", False, False),
    )
}


#: How a post sent to publish at once (no time of its own) is marked beside its sent time.
PUBLISH_NOW_LABEL, PUBLISH_NOW_ICON = "Sent at once", "lightning-charge-fill"


def status_info(status: str | None) -> StatusInfo:
    """Presentation of ``status``; an undocumented status is shown by its own name."""
    if status in STATUSES:
        return STATUSES[status]
    name = (status or "Unknown").replace("_", " ").capitalize()
    return StatusInfo(status or "UNKNOWN", name, "question-circle", "neutral", False, False)
