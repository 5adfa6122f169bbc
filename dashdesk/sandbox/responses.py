"""Answer helpers shared by the route modules: JSON with the origin filled in, brands, paging."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from dashdesk.sandbox.errors import ApiError, forbidden
from dashdesk.sandbox.library import ORIGIN

if TYPE_CHECKING:
    from dashdesk.sandbox.state import SandboxState


def state_of(request: Request) -> SandboxState:
    """The sandbox behind this request."""
    return request.app.state.sandbox


def origin_of(request: Request) -> str:
    """``scheme://host[:port]`` as the client reached us (URLs in answers use it)."""
    return str(request.base_url).rstrip("/")


def json_response(request: Request, data: Any, status: int = 200, headers: dict[str, str] | None = None
                  ) -> Response:
    """Serialize ``data``, turning stored origin placeholders into this server's address."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace(ORIGIN, origin_of(request))
    return Response(text.encode(), status_code=status, headers=headers, media_type="application/json")


def key_brands(request: Request) -> tuple[int, ...]:
    """Brand ids the request's key may act for (set by the auth middleware)."""
    return tuple(request.scope.get("state", {}).get("brands", ()))


def require_brand(request: Request, brand_id: int) -> None:
    """403 unless the key belongs to ``brand_id``."""
    if brand_id not in key_brands(request):
        raise forbidden()


def int_param(request: Request, name: str, default: int | None, *, minimum: int = 0,
              maximum: int | None = None) -> int | None:
    """An integer query parameter, 400 when it is not a whole number in range."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be a whole number", {name: [f"{name} must be a whole number"]}) from None
    if value < minimum or (maximum is not None and value > maximum):
        message = f"{name} must be between {minimum} and {maximum}" if maximum else f"{name} must be >= {minimum}"
        raise ApiError(400, message, {name: [message]})
    return value


def paging(request: Request, total: int, limit: int | None, offset: int) -> dict[str, Any]:
    """``{"count", "previous", "next"}`` with full URLs carrying ``limit`` and ``offset``."""
    if limit is None:
        return {"count": total, "previous": None, "next": None}

    def link(new_offset: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
        params += [("limit", str(limit)), ("offset", str(new_offset))]
        return f"{origin_of(request)}{request.url.path}?{urlencode(params)}"

    next_url = link(offset + limit) if offset + limit < total else None
    previous = link(max(0, offset - limit)) if offset > 0 else None
    return {"count": total, "previous": previous, "next": next_url}


async def json_body(request: Request) -> Any:
    """The request's JSON body, 400 with the error body when it is not JSON."""
    raw = await request.body()
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.") from None
