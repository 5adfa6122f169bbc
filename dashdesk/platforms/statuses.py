"""Every post status the API documents, with the word and icon the app shows for it."""

from __future__ import annotations

from dataclasses import dataclass

from dashdesk.i18n import N_, tr


@dataclass(frozen=True)
class StatusInfo:
    """How one status is presented: a word, an icon name (Bootstrap Icons) and a tone."""

    status: str
    word: str  # English; shown through the catalog as ``label``
    icon: str
    tone: str  # "neutral" | "info" | "progress" | "success" | "danger" | "warning"
    editable: bool
    movable: bool

    @property
    def label(self) -> str:
        """The status word in the person's language."""
        return tr(self.word)


#: DashDesk's own status of a post kept in the outbox until Dash can take it (never sent to Dash).
WAITING_TO_SEND = "WAITING_TO_SEND"

STATUSES: dict[str, StatusInfo] = {
    s.status: s
    for s in (
        StatusInfo("DRAFT", N_("Draft"), "pencil", "neutral", True, True),
        StatusInfo("SCHEDULED", N_("Scheduled"), "clock", "info", True, True),
        StatusInfo("MISSING_APPROVALS", N_("Needs approval"), "person-check", "warning", True, True),
        StatusInfo("AUTOPUBLISHING", N_("Publishing"), "send", "progress", False, False),
        StatusInfo("POSTED", N_("Posted"), "check-circle-fill", "success", False, False),
        StatusInfo("FAILED", N_("Failed"), "exclamation-octagon-fill", "danger", True, True),
        StatusInfo("PARTIALLY_FAILED", N_("Partly failed"), "exclamation-triangle-fill", "danger", True, False),
        StatusInfo("EXPIRED", N_("Expired"), "hourglass-bottom", "warning", True, True),
        # auto_publish off: Dash reminded the team; a person publishes it from the Dash mobile app.
        StatusInfo("USERS_NOTIFIED", N_("Publish by hand"), "phone-vibrate", "warning", True, False),
        StatusInfo("IMPORTED", N_("Imported"), "box-arrow-in-down", "neutral", False, False),
        StatusInfo("SKIPPED", N_("Skipped"), "skip-forward", "neutral", False, False),
        # Not a Dash status: a post kept in DashDesk's outbox until Dash can take it (never sent as is).
        StatusInfo(WAITING_TO_SEND, N_("Waiting to send"), "cloud-arrow-up", "waiting", False, False),
    )
}


#: How a post sent to publish at once (no time of its own) is marked beside its sent time.
PUBLISH_NOW_LABEL, PUBLISH_NOW_ICON = N_("Sent at once"), "lightning-charge-fill"


def status_info(status: str | None) -> StatusInfo:
    """Presentation of ``status``; an undocumented status is shown by its own name."""
    if status in STATUSES:
        return STATUSES[status]
    name = (status or "Unknown").replace("_", " ").capitalize()
    return StatusInfo(status or "UNKNOWN", name, "question-circle", "neutral", False, False)
