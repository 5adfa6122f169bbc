"""The Dash API client (no Qt): typed models, typed errors, retries and pacing.

async with DashClient(api_key) as client:
    me = await client.whoami()
    result = await client.fetch_range(me.brands[0].id, start, end)
"""

from dashdesk.api.client import DEFAULT_TIMEOUT, DashClient
from dashdesk.api.errors import (
    AuthenticationError,
    ConnectionFailed,
    DashError,
    MalformedResponse,
    NotFoundError,
    OutcomeUnknown,
    PermissionDeniedError,
    RateLimitedError,
    RequestTimeout,
    ServerError,
    UploadCancelled,
    ValidationError,
)
from dashdesk.api.hosts import Hosts
from dashdesk.api.models import (
    Board,
    Brand,
    Identity,
    Media,
    MediaPage,
    Paging,
    ScheduledPost,
    UploadTarget,
    format_datetime,
    parse_datetime,
)
from dashdesk.api.pacing import PacingEvent, PacingState
from dashdesk.api.ranges import RangeResult
from dashdesk.api.retry import NO_RETRY, RetryPolicy
from dashdesk.api.secret import ApiKey

__all__ = [
    "DEFAULT_TIMEOUT",
    "NO_RETRY",
    "ApiKey",
    "AuthenticationError",
    "Board",
    "Brand",
    "ConnectionFailed",
    "DashClient",
    "DashError",
    "Hosts",
    "Identity",
    "MalformedResponse",
    "Media",
    "MediaPage",
    "NotFoundError",
    "OutcomeUnknown",
    "PacingEvent",
    "PacingState",
    "Paging",
    "PermissionDeniedError",
    "RangeResult",
    "RateLimitedError",
    "RequestTimeout",
    "RetryPolicy",
    "ScheduledPost",
    "ServerError",
    "UploadCancelled",
    "UploadTarget",
    "ValidationError",
    "format_datetime",
    "parse_datetime",
]
