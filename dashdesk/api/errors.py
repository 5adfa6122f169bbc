"""Typed errors of the Dash API client, each able to tell a person what happened and what to do.

No error ever holds the API key: messages are built from status codes and the API's own
``message``/``errors``, and the request is described by method and URL only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dashdesk.i18n import N_, tr


class DashError(Exception):
    """Base of every client error.

    ``message`` is the technical summary (often the API's own message); :meth:`user_message`
    says what happened and what the person can do about it.
    """

    what_to_do = N_("Try again in a moment. If it keeps happening, check the Dash status page.")
    #: What happened, in words; ``{detail}`` stands for ``message``. Empty: ``message`` itself.
    summary = ""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: int | None = None,
        method: str | None = None,
        url: str | None = None,
        platform: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.method = method
        self.url = url
        self.platform = platform
        self.attempts = attempts

    def user_message(self) -> str:
        """A sentence or two for the person: what happened, then what to do."""
        detail = plain_words(self.message).rstrip(".")
        head = tr(self.summary, detail=detail) if self.summary else detail
        return tr("{what_happened}. {what_to_do}", what_happened=head, what_to_do=tr(self.what_to_do))

    def __str__(self) -> str:
        where = f" ({self.method} {self.url})" if self.method and self.url else ""
        status = f"HTTP {self.status}: " if self.status else ""
        return f"{status}{self.message}{where}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class AuthenticationError(DashError):
    """401: the API key is missing, wrong or revoked."""

    what_to_do = N_("Check the API key in Settings (Dash > Developer) and enter it again.")
    summary = N_("Dash did not accept the API key")


class PermissionDeniedError(DashError):
    """403: the key is valid but may not act on this brand or resource."""

    what_to_do = N_("Pick a brand this key has access to, or ask a Dash admin for access.")
    summary = N_("This API key is not allowed to do that ({detail})")


class NotFoundError(DashError):
    """404: the post, media or brand does not exist (or was deleted elsewhere)."""

    what_to_do = N_("It may have been deleted in Dash; refresh the calendar.")
    summary = N_("Dash could not find it ({detail})")


class ValidationError(DashError):
    """400/422: the API refused the request body; ``errors`` maps field paths to messages."""

    what_to_do = N_("Fix the fields marked in the form and try again.")

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.errors: dict[str, list[str]] = errors or {}

    def user_message(self) -> str:
        # The API names fields by body path and answers in its own short words ("Invalid media_id"):
        # both are translated, so a person reads labels and sentences, never raw field names.
        details = "; ".join(f"{field_label(field)}: {' '.join(plain_words(m) for m in msgs)}"
                            for field, msgs in self.errors.items())
        reason = plain_words(self.message).rstrip(".")
        if details:
            return tr("Dash refused the post: {reason} ({details}). {what_to_do}", reason=reason, details=details,
                      what_to_do=tr(self.what_to_do))
        return tr("Dash refused the post: {reason}. {what_to_do}", reason=reason, what_to_do=tr(self.what_to_do))


class RateLimitedError(DashError):
    """429: too many requests; ``reset_at`` (aware UTC) says when requests are accepted again."""

    def __init__(self, message: str, *, reset_at: datetime | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.reset_at = reset_at

    def user_message(self) -> str:
        if self.reset_at:
            return tr("Dash is limiting how fast DashDesk may send requests. Try again after {time}.",
                      time=self.reset_at.astimezone().strftime("%H:%M:%S"))
        return tr("Dash is limiting how fast DashDesk may send requests. Try again in a minute.")


class ServerError(DashError):
    """5xx: Dash had a problem on its side."""

    what_to_do = N_("Nothing was wrong with your request; try again in a few minutes.")
    summary = N_("Dash had a problem on its side ({detail})")


class ConnectionFailed(DashError):
    """The server could not be reached (DNS, refused, TLS, dropped connection)."""

    what_to_do = N_("Check your internet connection and try again.")
    summary = N_("DashDesk could not reach Dash")


class RequestTimeout(DashError):
    """The server did not answer in time."""

    what_to_do = N_("Dash may be slow right now; try again in a moment.")
    summary = N_("Dash took too long to answer")


class OutcomeUnknown(DashError):
    """A create was sent but its answer was lost: the post (or media) may or may not exist.

    Never retried automatically; look the item up (e.g. refresh the range) before trying again.
    """

    what_to_do = N_("Refresh the calendar to see whether it was created before trying again.")

    def user_message(self) -> str:
        return tr("DashDesk sent the request but the answer was lost, so it may or may not have been created. "
                  "{what_to_do}", what_to_do=tr(self.what_to_do))


class MalformedResponse(DashError):
    """The API answered with something DashDesk cannot read (bad JSON, unexpected shape)."""

    what_to_do = N_("Try again; if it persists, DashDesk may need an update for a change in the Dash API.")
    summary = N_("Dash sent an answer DashDesk could not understand")


class UploadCancelled(DashError):
    """An upload was cancelled by the person before it finished."""

    what_to_do = N_("Nothing was added to the Library.")
    summary = N_("Upload cancelled")


#: The API's documented short messages (Common Errors table), as a person would say them.
API_WORDS = {
    "Invalid media_id": N_("one of the attached files is not in this brand's Library"),
    "Missing timestamp": N_("a scheduled post needs a date and time"),
    "Unsupported media type": N_("this platform does not take this kind of file"),
    "Invalid platform field": N_("the post has a setting this platform does not take"),
}

#: Body paths the API names in ``errors``, and what the person sees them called.
FIELD_LABELS = {
    "brand_id": N_("Brand"),
    "status": N_("Status"),
    "auto_publish": N_("Auto-publish"),
    "timestamp": N_("Date and time"),
    "media_ids": N_("Media"),
    "post_type": N_("Post type"),
    "caption": N_("Caption"),
    "first_comment": N_("First comment"),
    "message": N_("Message"),
    "link": N_("Link"),
    "text": N_("Text"),
    "disable_comment": N_("Turn off comments"),
    "disable_duet": N_("Turn off duets"),
    "disable_stitch": N_("Turn off stitches"),
    "title": N_("Title"),
    "description": N_("Description"),
    "declared_made_for_kids": N_("Made for kids"),
    "tweet_status": N_("Post"),
    "save_to_profile": N_("Save to profile"),
    "locale": N_("Locale"),
    "note": N_("Description"),
    "meta": N_("Pin details"),
    "meta.title": N_("Title"),
    "meta.pinterestBoard": N_("Board"),
    "url": N_("File"),
    "file": N_("File"),
}


def field_label(path: str) -> str:
    """How the person knows the field at body ``path`` (``media_ids[2]`` is "Media")."""
    base = path.split("[", 1)[0]
    label = FIELD_LABELS.get(base) or FIELD_LABELS.get(base.split(".", 1)[0])
    return tr(label) if label else tr("A setting")


def plain_words(message: str) -> str:
    """The API's short message in a person's words (an unknown message is kept as it is)."""
    text = str(message).strip()
    for api, words in API_WORDS.items():
        if text.rstrip(".").lower() == api.lower():
            words = tr(words)
            return words[0].upper() + words[1:]
    return text


__all__ = [
    "AuthenticationError",
    "ConnectionFailed",
    "DashError",
    "MalformedResponse",
    "NotFoundError",
    "OutcomeUnknown",
    "PermissionDeniedError",
    "RateLimitedError",
    "RequestTimeout",
    "ServerError",
    "UploadCancelled",
    "ValidationError",
]
