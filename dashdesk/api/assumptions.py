"""Every undocumented choice the API client makes, in one place (see dash-api-facts.md).

Each constant is marked with what the public documentation does or does not say, so that a
correction from Dash is a one-line change here.
"""

from __future__ import annotations

# --- Upload (three steps) -------------------------------------------------------------------
#: documented: POST /media_upload_url returns "an empty S3 object URL"; the field is NOT documented.
#: We accept the first of these names that holds a string (or a bare JSON string response).
UPLOAD_URL_FIELDS: tuple[str, ...] = ("url", "upload_url", "signed_url", "presigned_url", "s3_url")
#: assumed: the bytes go up with an HTTP PUT and the same Content-Type, as S3 presigned PUT URLs work.
UPLOAD_METHOD = "PUT"
#: assumed: size of the pieces a local file is read and sent in (memory stays flat).
UPLOAD_CHUNK_SIZE = 1024 * 1024
#: documented (guide example): the body of POST /brands/{id}/media.
MEDIA_SOURCE = "UPLOAD"
MEDIA_TYPE = "UPLOADED"

# --- Library listing --------------------------------------------------------------------------
#: documented: PUT /brands/{id}/media/v2 lists media with filters.brand_media_types.
DEFAULT_LIBRARY_MEDIA_TYPES: tuple[str, ...] = ("UPLOADED",)

# --- Scheduler --------------------------------------------------------------------------------
#: documented: every scheduler call in the guide carries ?media_v2=true (get/delete examples omit
#: it; sending it everywhere is harmless and keeps media in one format).
MEDIA_V2_PARAMS: dict[str, str] = {"media_v2": "true"}
#: assumed: list ranges are sent as UTC with a "Z" suffix (offsets are accepted, "+" needs escaping).
#: safety limit on pages followed through paging.next for one list.
MAX_PAGES = 1000

# --- Rate limits and retries ------------------------------------------------------------------
#: assumed: over the limit the API answers 429; Retry-After may be absent.
RATE_LIMIT_STATUS = 429
#: documented header names.
HEADER_LIMIT = "x-ratelimit-limit"
HEADER_REMAINING = "x-ratelimit-remaining"
HEADER_RESET = "x-ratelimit-reset"  # UNIX seconds
#: assumed: a create answered by one of these may still have been stored by the server
#: (gateway timeouts, internal errors part-way), so its outcome is reported as unknown.
#: A 503 (service unavailable) is taken to mean "not processed".
CREATE_UNKNOWN_STATUSES: frozenset[int] = frozenset({500, 502, 504})
#: statuses on which idempotent calls (GET, PUT, PATCH, DELETE) are retried.
RETRYABLE_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})

# --- Where the key goes -----------------------------------------------------------------------
#: assumed: the presigned upload URL carries its own authorisation (S3 signature); the Dash API
#: key is never sent with the PUT, nor to any host outside the configured Dash hosts.
UPLOAD_SENDS_API_KEY = False
