"""Routes of the library host, the S3-style upload target and the media file server."""

from __future__ import annotations

import asyncio
import io
import os
import time
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from dashdesk.private_files import open_private
from dashdesk.sandbox.errors import ApiError, bad_request, not_found
from dashdesk.sandbox.library import MEDIA_PREFIX
from dashdesk.sandbox.responses import (
    int_param,
    json_body,
    json_response,
    paging,
    require_brand,
    state_of,
)

MAX_MEDIA_PAGE = 500
WRITE_CHUNK = 1 << 20


async def media_upload_url(request: Request) -> Response:
    """``POST /media_upload_url`` with ``{filename, content_type}``: a presigned PUT URL."""
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    errors = {}
    for field in ("filename", "content_type"):
        if not isinstance(body.get(field), str) or not body[field].strip():
            errors[field] = [f"{field} is required"]
    if errors:
        raise ApiError(400, next(iter(errors.values()))[0], errors)
    answer = state_of(request).library.new_upload(body["filename"].strip(), body["content_type"].strip())
    return json_response(request, answer)


async def upload_object(request: Request) -> Response:
    """PUT streams the raw bytes to disk (like S3); GET reads them back."""
    token = request.path_params["token"]
    sandbox = state_of(request)
    if request.method == "GET":
        upload = sandbox.store.get_upload(token)
        if upload is None or not upload["complete"]:
            raise not_found("Upload")
        return FileResponse(upload["path"], media_type=upload["content_type"])
    if "authorization" in request.headers:
        # S3 refuses a second authentication mechanism; a client must not send its Dash key to S3.
        raise ApiError(400, "InvalidArgument: Only one auth mechanism allowed; the presigned URL already "
                       "authenticates this upload (do not send an Authorization header).")
    upload = sandbox.library.upload_target(token, request.query_params.get("X-Amz-Signature"))
    path = Path(upload["path"])
    size = await _receive_to_file(request, path, sandbox.faults.slow_upload_bps)
    content_type = request.headers.get("content-type") or upload["content_type"]
    sandbox.library.finish_upload(token, size, content_type)
    return Response(status_code=200, headers={"ETag": f'"{token}"'})


async def _receive_to_file(request: Request, path: Path, slow_bps: int | None) -> int:
    """Stream the request body to ``path`` in 1 MiB writes off the event loop; returns the size.

    Bytes land in a ``.part`` file that replaces ``path`` only once complete, so an interrupted PUT
    never shows, and media already made from an earlier PUT keep their bytes.
    """
    size = 0
    started = time.monotonic()
    buffer = bytearray()
    part = path.with_name(path.name + ".part")
    handle = await asyncio.to_thread(open_private, part)
    try:
        async for chunk in request.stream():
            buffer += chunk
            size += len(chunk)
            if len(buffer) >= WRITE_CHUNK:
                await asyncio.to_thread(handle.write, bytes(buffer))
                buffer.clear()
            if slow_bps:
                ahead = size / slow_bps - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
        if buffer:
            await asyncio.to_thread(handle.write, bytes(buffer))
    finally:
        await asyncio.to_thread(handle.close)
    await asyncio.to_thread(os.replace, part, path)
    return size


async def create_media(request: Request) -> Response:
    """``POST /brands/{brand_id}/media``: a Library item from a URL."""
    brand_id = request.path_params["brand_id"]
    require_brand(request, brand_id)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return json_response(request, state_of(request).library.create_media(brand_id, body))


async def get_media(request: Request) -> Response:
    """``GET /brands/{brand_id}/media/v2/{media_id}``."""
    brand_id = request.path_params["brand_id"]
    require_brand(request, brand_id)
    return json_response(request, state_of(request).library.get(brand_id, request.path_params["media_id"]))


async def list_media(request: Request) -> Response:
    """``PUT /brands/{brand_id}/media/v2``: the Library, newest first, filtered and paged."""
    brand_id = request.path_params["brand_id"]
    require_brand(request, brand_id)
    body = await json_body(request)
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    limit = int_param(request, "limit", None, minimum=1, maximum=MAX_MEDIA_PAGE)
    offset = int_param(request, "offset", None)
    if limit is None:
        limit = _body_int(body, "limit", 50, 1, MAX_MEDIA_PAGE)
    if offset is None:
        offset = _body_int(body, "offset", 0, 0, None)
    items, total = state_of(request).library.list(brand_id, body, limit, offset)
    return json_response(request, {"data": items, "paging": paging(request, total, limit, offset)})


def _body_int(body: dict, name: str, default: int, minimum: int, maximum: int | None) -> int:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (maximum and value > maximum):
        raise bad_request(f"{name} must be a whole number from {minimum}" + (f" to {maximum}" if maximum else ""),
                          name)
    return value


async def media_file(request: Request) -> Response:
    """The CDN stand-in: a media item's bytes, its video poster, or an image resized by ``w``/``h``."""
    sandbox = state_of(request)
    media_id = request.path_params["media_id"]
    path = sandbox.store.media_path(media_id)
    doc = sandbox.store.get_media(media_id)
    if path is None or doc is None or not path.exists():
        raise not_found("Media file")
    if request.path_params["name"] == "poster.jpg":
        path = path.with_name(f"{path.name}.{media_id}.poster.jpg")
        if not path.exists():
            raise not_found("Poster")
        mime = "image/jpeg"
    else:
        mime = doc.get("mime_type") or "application/octet-stream"
    width = int_param(request, "w", None, minimum=1, maximum=4096)
    height = int_param(request, "h", None, minimum=1, maximum=4096)
    if (width or height) and mime.startswith("image/"):
        return Response(_resized(path, width, height, request.query_params.get("fit") == "cover"),
                        media_type="image/jpeg")
    return FileResponse(path, media_type=mime)


def _resized(path: Path, width: int | None, height: int | None, cover: bool) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(path) as image:
        image = image.convert("RGB")
        w = width or round(image.width * (height or image.height) / image.height)
        h = height or round(image.height * w / image.width)
        image = ImageOps.fit(image, (w, h)) if cover else ImageOps.contain(image, (w, h))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
    return out.getvalue()


ROUTES = [
    Route("/media_upload_url", media_upload_url, methods=["POST"]),
    Route("/_uploads/{token}/{name:path}", upload_object, methods=["PUT", "GET"]),
    Route("/brands/{brand_id:int}/media", create_media, methods=["POST"]),
    Route("/brands/{brand_id:int}/media/v2/{media_id:int}", get_media, methods=["GET"]),
    Route("/brands/{brand_id:int}/media/v2", list_media, methods=["PUT"]),
    Route(MEDIA_PREFIX + "{media_id:int}/{name:path}", media_file, methods=["GET"]),
]
