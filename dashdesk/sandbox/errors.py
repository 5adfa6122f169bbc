"""The documented error body ``{code, errors, message, status}`` and the exception that carries it."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from starlette.responses import JSONResponse

# Wording of the guide's "Common Errors" table; the sandbox answers with exactly these messages.
INVALID_MEDIA_ID = "Invalid media_id"
MISSING_TIMESTAMP = "Missing timestamp"
UNSUPPORTED_MEDIA_TYPE = "Unsupported media type"
INVALID_PLATFORM_FIELD = "Invalid platform field"


class ApiError(Exception):
    """An error answer: HTTP status, top-level message and per-field messages."""

    def __init__(
        self,
        code: int,
        message: str,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.errors = errors or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The documented error body."""
        return error_body(self.code, self.message, self.errors)

    def response(self) -> JSONResponse:
        """This error as a Starlette response."""
        return JSONResponse(self.body(), status_code=self.code, headers=self.headers)


def error_body(code: int, message: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Build ``{"code", "errors", "message", "status"}`` (status is the HTTP reason, e.g. BAD_REQUEST)."""
    try:
        status = HTTPStatus(code).name
    except ValueError:
        status = "ERROR"
    return {"code": code, "errors": errors or {}, "message": message, "status": status}


def bad_request(message: str, path: str | None = None) -> ApiError:
    """A 400 naming one offending field."""
    return ApiError(400, message, {path: [message]} if path else {})


def not_found(what: str = "Resource") -> ApiError:
    """A 404 with the error body."""
    return ApiError(404, f"{what} not found")


def forbidden(message: str = "You do not have access to this brand", path: str = "brand_id") -> ApiError:
    """A 403 for a brand the key does not belong to."""
    return ApiError(403, message, {path: [message]})
