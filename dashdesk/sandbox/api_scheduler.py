"""Routes of the scheduler host: ``/{platform}/scheduled_posts[/{id}]``."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashdesk.platforms import parse_timestamp
from dashdesk.sandbox.errors import ApiError, forbidden
from dashdesk.sandbox.responses import (
    int_param,
    json_body,
    json_response,
    key_brands,
    paging,
    state_of,
)
from dashdesk.sandbox.scheduler import check_platform
from dashdesk.sandbox.store import SORT_COLUMNS

MAX_LIMIT = 1000


def _time_param(request: Request, name: str) -> datetime | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    # A "+" offset sent unencoded arrives as a space; read it as the "+" it was.
    when = parse_timestamp(raw.strip().replace(" ", "+"))
    if when is None:
        message = f"{name} must be an ISO 8601 date-time, e.g. 2026-03-22T00:00:00-04:00"
        raise ApiError(400, message, {name: [message]})
    return when


def _brand_ids(request: Request) -> list[int]:
    values = [v for raw in request.query_params.getlist("brand_ids") for v in raw.split(",") if v.strip()]
    if not values:
        raise ApiError(400, "brand_ids is required", {"brand_ids": ["brand_ids is required"]})
    try:
        ids = [int(v) for v in values]
    except ValueError:
        raise ApiError(400, "brand_ids must be whole numbers",
                       {"brand_ids": ["brand_ids must be whole numbers"]}) from None
    allowed = key_brands(request)
    if any(i not in allowed for i in ids):
        raise forbidden(path="brand_ids")
    return ids


async def posts_collection(request: Request) -> Response:
    """POST creates a post; GET lists posts of a time window."""
    platform = request.path_params["platform"]
    check_platform(platform)
    sandbox = state_of(request)
    sandbox.scheduler.settle()
    if request.method == "POST":
        body = await json_body(request)
        return json_response(request, sandbox.scheduler.create(platform, body, key_brands(request)), 200)
    brand_ids = _brand_ids(request)
    start, end = _time_param(request, "start"), _time_param(request, "end")
    sort = request.query_params.get("sort") or "TIMESTAMP"
    descending = sort.startswith("-")
    if sort.lstrip("-") not in SORT_COLUMNS:
        message = "sort must be TIMESTAMP or UPDATED_AT, with - for descending"
        raise ApiError(400, message, {"sort": [message]})
    limit = int_param(request, "limit", sandbox.config.page_size, minimum=1, maximum=MAX_LIMIT)
    offset = int_param(request, "offset", 0) or 0
    posts, total = sandbox.scheduler.list(platform, brand_ids, start, end, sort.lstrip("-"), descending,
                                          limit, offset)
    return json_response(request, {"data": posts, "paging": paging(request, total, limit, offset)})


async def post_item(request: Request) -> Response:
    """GET, PATCH or DELETE one post."""
    platform = request.path_params["platform"]
    check_platform(platform)
    post_id = request.path_params["post_id"]
    sandbox = state_of(request)
    sandbox.scheduler.settle()
    brands = key_brands(request)
    if request.method == "GET":
        return json_response(request, sandbox.scheduler.get(platform, post_id, brands))
    if request.method == "PATCH":
        changes = await json_body(request)
        return json_response(request, sandbox.scheduler.update(platform, post_id, changes, brands))
    sandbox.scheduler.delete(platform, post_id, brands)
    return Response(status_code=204)


ROUTES = [
    Route("/{platform}/scheduled_posts", posts_collection, methods=["GET", "POST"]),
    Route("/{platform}/scheduled_posts/{post_id:int}", post_item, methods=["GET", "PATCH", "DELETE"]),
]
