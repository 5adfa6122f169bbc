"""The sandbox ASGI application: every Dash host's paths on one origin."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from dashdesk.sandbox import api_library, api_misc, api_scheduler
from dashdesk.sandbox.config import SandboxConfig
from dashdesk.sandbox.errors import ApiError, error_body
from dashdesk.sandbox.faults import Faults
from dashdesk.sandbox.middleware import SandboxMiddleware
from dashdesk.sandbox.state import SandboxState

log = logging.getLogger(__name__)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse(error_body(exc.status_code, str(exc.detail)), status_code=exc.status_code,
                        headers=exc.headers)


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("sandbox error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(error_body(500, "Internal server error"), status_code=500)


def create_app(config: SandboxConfig | None = None, *, state: SandboxState | None = None,
               faults: Faults | None = None) -> SandboxMiddleware:
    """Build the sandbox app (an ASGI callable) over a new or given :class:`SandboxState`.

    The returned object's ``.sandbox`` is the state (store, faults, clock, limiter).
    """
    sandbox = state or SandboxState(config, faults)
    routes = [*api_scheduler.ROUTES, *api_library.ROUTES, *api_misc.ROUTES]
    starlette = Starlette(routes=routes, exception_handlers={
        ApiError: _api_error, HTTPException: _http_error, Exception: _crash,
    })
    starlette.state.sandbox = sandbox
    return SandboxMiddleware(starlette, sandbox)
