"""The auth host's ``/api/self``, the Pinterest boards, live-post pages and the sandbox's control routes."""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from dashdesk.platforms import PLATFORM_IDS, rules_for
from dashdesk.sandbox.errors import bad_request, not_found
from dashdesk.sandbox.responses import json_body, json_response, key_brands, require_brand, state_of

SANDBOX_USER_ID = 77315


async def api_self(request: Request) -> Response:
    """``GET /api/self``: accessible_brands, brands keyed by slug, organization_id."""
    sandbox = state_of(request)
    brands = [sandbox.config.brands[b] for b in key_brands(request)]
    organization = brands[0].organization_id if brands else None
    return json_response(request, {
        "id": SANDBOX_USER_ID,
        "email": "sandbox@dashdesk.invalid",
        "first_name": "Sandbox",
        "last_name": "User",
        "accessible_brands": [b.id for b in brands],
        "brands": {
            b.slug: {
                "id": b.id, "name": b.name, "label": b.slug, "organization_id": b.organization_id,
                "organization": {"id": b.organization_id, "name": b.organization_name},
            }
            for b in brands
        },
        "organization_id": organization,
        "sandbox": True,
    })


async def boards(request: Request) -> Response:
    """``GET /v5/brands/{brand_id}/boards``: a bare list of board objects."""
    brand_id = request.path_params["brand_id"]
    require_brand(request, brand_id)
    return json_response(request, state_of(request).boards.for_brand(brand_id))


async def board_preview(request: Request) -> Response:
    """A small generated picture for a board's ``preview_url``."""
    from dashdesk.sandbox.samples import make_image

    variant = sum(map(ord, request.path_params["board_id"]))
    return Response(make_image(200, 200, "", variant), media_type="image/jpeg")


async def live_post(request: Request) -> HTMLResponse:
    """What a ``live_post_url`` opens: a plain page standing in for the published post."""
    platform, post_id = request.path_params["platform"], request.path_params["post_id"]
    found = state_of(request).store.get_post(post_id) if platform in PLATFORM_IDS else None
    if found is None or found[0] != platform or found[1]["post"]["status"] != "POSTED":
        raise not_found("Live post")
    rules = rules_for(platform)
    body = found[1]["body"]
    texts = [str(body.get(f.path.split(".")[0])) for f in rules.fields if f.path in body and f.kind != "bool"]
    page = (f"<!doctype html><title>{html.escape(rules.name)} post {post_id} (sandbox)</title>"
            f"<h1>{html.escape(rules.name)} post {post_id}</h1><p>Published by the DashDesk sandbox: "
            f"nothing was sent to {html.escape(rules.name)}.</p>"
            + "".join(f"<p>{html.escape(t)}</p>" for t in texts))
    return HTMLResponse(page)


async def control_faults(request: Request) -> Response:
    """``GET``/``PATCH /_sandbox/faults``: read or change fault injection at run time."""
    faults = state_of(request).faults
    if request.method == "PATCH":
        body = await json_body(request)
        if not isinstance(body, dict):
            raise bad_request("Send a JSON object of fault settings.")
        try:
            faults.update(body)
        except KeyError as exc:
            raise bad_request(f"Unknown fault setting {exc.args[0]!r}", str(exc.args[0])) from None
    return json_response(request, faults.to_json())


async def control_action(request: Request) -> Response:
    """``POST /_sandbox/reset``, ``/_sandbox/seed``, ``/_sandbox/clock`` (body ``{"advance": seconds}``)."""
    sandbox = state_of(request)
    action = request.path_params["action"]
    if action == "reset":
        sandbox.reset()
    elif action == "seed":
        sandbox.seed_demo()
    elif action == "clock":
        body = await json_body(request)
        seconds = body.get("advance") if isinstance(body, dict) else None
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise bad_request("Send {\"advance\": seconds}.", "advance")
        sandbox.clock.advance(float(seconds))
    else:
        raise not_found("Control action")
    return json_response(request, {"ok": True, "now": sandbox.clock.now().isoformat(),
                                   "posts": sandbox.store.count_posts()})


ROUTES = [
    Route("/api/self", api_self, methods=["GET"]),
    Route("/v5/brands/{brand_id:int}/boards", boards, methods=["GET"]),
    Route("/_boards/{board_id}.jpg", board_preview, methods=["GET"]),
    Route("/_live/{platform}/{post_id:int}", live_post, methods=["GET"]),
    Route("/_sandbox/faults", control_faults, methods=["GET", "PATCH"]),
    Route("/_sandbox/{action}", control_action, methods=["POST"]),
]
