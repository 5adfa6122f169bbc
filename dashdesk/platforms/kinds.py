"""Small enumerations shared by the rules table, the validator and the payload builder."""

from __future__ import annotations

from enum import StrEnum


class MediaKind(StrEnum):
    """What a Library media item is, as the API's ``media_type`` / ``type`` says it."""

    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class PublishMode(StrEnum):
    """The three publishing behaviours of the guide's "Publishing Modes" table, plus DashDesk's
    queue (``QUEUE``: scheduled at each platform's next free posting time; Dash only ever receives
    ``SCHEDULED`` with a concrete time)."""

    NOW = "now"
    SCHEDULE = "schedule"
    DRAFT = "draft"
    QUEUE = "queue"

    @property
    def status(self) -> str:
        """The ``status`` value the API receives for this mode."""
        return _MODE_STATUS[self]

    @classmethod
    def from_status(cls, status: str | None) -> PublishMode:
        """The mode a post in ``status`` is edited in (server-set statuses edit as scheduled)."""
        if status == "AUTOPUBLISHING":
            return cls.NOW
        if status == "DRAFT":
            return cls.DRAFT
        return cls.SCHEDULE


_MODE_STATUS = {
    PublishMode.NOW: "AUTOPUBLISHING",
    PublishMode.SCHEDULE: "SCHEDULED",
    PublishMode.DRAFT: "DRAFT",
    PublishMode.QUEUE: "SCHEDULED",
}

#: Statuses a client may send; the others are set by Dash.
WRITABLE_STATUSES = frozenset(_MODE_STATUS.values())
#: Statuses that mean the post is meant to go out (as opposed to a draft).
PUBLISHING_STATUSES = frozenset({"AUTOPUBLISHING", "SCHEDULED"})
