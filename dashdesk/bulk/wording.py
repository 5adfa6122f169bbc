"""What an import says when Dash refuses or cannot be reached: the API layer's sentences, with the
advice rewritten for someone importing a file (there is no form to fix and no calendar to refresh)."""

from __future__ import annotations

from dashdesk.api import errors as api_errors
from dashdesk.i18n import tr


def import_message(exc: api_errors.DashError) -> str:
    """One or two sentences about ``exc`` for the row it happened to."""
    if isinstance(exc, api_errors.ValidationError):
        fields = "; ".join(" ".join(msgs) for msgs in exc.errors.values() if msgs)
        reason = exc.message.rstrip(".")
        if fields and fields.rstrip(".") != reason:
            return tr("Dash refused the post: {reason} ({details}). Correct this row and import the file again.",
                      reason=reason, details=fields)
        return tr("Dash refused the post: {reason}. Correct this row and import the file again.", reason=reason)
    if isinstance(exc, api_errors.OutcomeUnknown):
        return tr("DashDesk sent the post but the answer was lost, and Dash could not be asked whether it arrived. "
                  "Import the file again later: DashDesk looks for the post on Dash before sending it again.")
    if isinstance(exc, api_errors.ConnectionFailed):
        return tr("DashDesk could not reach Dash. Check your internet connection and import the file again.")
    if isinstance(exc, api_errors.AuthenticationError):
        return tr("Dash did not accept the API key. Sign in again in the app (or pass the right key) and import "
                  "the file again.")
    return exc.user_message()
