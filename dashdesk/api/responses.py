"""Turning HTTP answers into data or typed errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pydantic

from dashdesk.api import errors as e
from dashdesk.api.pacing import RateLimitInfo

M = TypeVar("M", bound=pydantic.BaseModel)


def describe_url(url: httpx.URL | str) -> str:
    """The URL without its query string (presigned signatures and filters stay out of messages)."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    return str(parsed.copy_with(query=None, fragment=None))


def decode_json(response: httpx.Response) -> Any:
    """The JSON of a successful answer, or :class:`MalformedResponse`. An empty body is ``None``."""
    if not response.content.strip():
        return None
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise e.MalformedResponse(
            f"the answer was not valid JSON ({type(exc).__name__})",
            status=response.status_code,
            method=response.request.method,
            url=describe_url(response.request.url),
        ) from None


def parse_model(model: type[M], data: Any, *, what: str, response: httpx.Response | None = None) -> M:
    """Validate ``data`` as ``model``; a wrong shape becomes :class:`MalformedResponse`."""
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "answer"
        raise e.MalformedResponse(
            f"the {what} in the answer had an unexpected shape ({where}: {first.get('msg', 'invalid')})",
            status=response.status_code if response is not None else None,
            method=response.request.method if response is not None else None,
            url=describe_url(response.request.url) if response is not None else None,
        ) from None


def extract_list(data: Any, *, what: str, response: httpx.Response, keys: tuple[str, ...] = ("data",)) -> list[Any]:
    """The list of items of a list answer (``{"data": [...]}`` or a bare list)."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in keys:
            if isinstance(data.get(key), list):
                return data[key]
    raise e.MalformedResponse(
        f"expected a list of {what}, got {type(data).__name__}",
        status=response.status_code,
        method=response.request.method,
        url=describe_url(response.request.url),
    )


def normalise_errors(raw: Any) -> dict[str, list[str]]:
    """The API's ``errors`` as ``{field: [messages]}``, whatever shape it came in."""
    if isinstance(raw, dict):
        out: dict[str, list[str]] = {}
        for field, msgs in raw.items():
            if isinstance(msgs, list):
                out[str(field)] = [m if isinstance(m, str) else json.dumps(m) for m in msgs]
            elif isinstance(msgs, dict):
                for sub, sub_msgs in normalise_errors(msgs).items():
                    out[f"{field}.{sub}"] = sub_msgs
            elif msgs is not None:
                out[str(field)] = [str(msgs)]
        return out
    if isinstance(raw, list):
        return {"": [m if isinstance(m, str) else json.dumps(m) for m in raw]} if raw else {}
    if isinstance(raw, str) and raw:
        return {"": [raw]}
    return {}


def error_from_response(
    response: httpx.Response,
    *,
    platform: str | None,
    attempts: int,
    redact: Callable[[str], str] = lambda text: text,
) -> e.DashError:
    """The typed error for a non-2xx answer, carrying the API's ``message``/``errors``.

    ``redact`` scrubs secrets from the API's own words before they enter the error.
    """
    status = response.status_code
    body: Any = None
    try:
        body = json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        body = None
    message = ""
    code: int | None = None
    errors: dict[str, list[str]] = {}
    if isinstance(body, dict):
        raw_message = body.get("message") or body.get("error") or body.get("detail")
        message = raw_message if isinstance(raw_message, str) else ""
        code = body.get("code") if isinstance(body.get("code"), int) else None
        errors = normalise_errors(body.get("errors"))
    message = redact(message) if message else f"{status} {response.reason_phrase}".strip()
    errors = {field: [redact(m) for m in msgs] for field, msgs in errors.items()}
    kw: dict[str, Any] = {
        "status": status,
        "code": code,
        "method": response.request.method,
        "url": describe_url(response.request.url),
        "platform": platform,
        "attempts": attempts,
    }
    if status == 401:
        return e.AuthenticationError(message, **kw)
    if status == 403:
        return e.PermissionDeniedError(message, **kw)
    if status == 404:
        return e.NotFoundError(message, **kw)
    if status == 429:
        return e.RateLimitedError(message, reset_at=RateLimitInfo.from_headers(response.headers).reset_at(), **kw)
    if status in (400, 409, 422):
        return e.ValidationError(message, errors=errors, **kw)
    if status >= 500:
        return e.ServerError(message, **kw)
    return e.DashError(message, **kw)
