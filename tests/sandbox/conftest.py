"""Helpers for the sandbox contract suite: an authenticated httpx client and the three-step upload."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from dashdesk.sandbox.samples import make_image, make_video

Upload = Callable[..., dict[str, Any]]


def other_key(sandbox) -> tuple[str, int]:
    """The sandbox's second key and its brand (another brand than ``sandbox.brand_id``)."""
    key, brands = next((k, b) for k, b in sandbox.config.api_keys.items() if k != sandbox.api_key)
    return key, brands[0]


@pytest.fixture
def other_api(sandbox) -> Iterator[httpx.Client]:
    """An httpx client with the other brand's key."""
    key, _ = other_key(sandbox)
    with httpx.Client(base_url=sandbox.url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as client:
        yield client


#: The contract suite runs at a fixed sandbox time, so its December 2026 timestamps stay in the future.
FROZEN_NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_sandbox_clock(sandbox) -> None:
    """Stop the sandbox clock at :data:`FROZEN_NOW` (tests move it with ``sandbox.clock.advance``)."""
    sandbox.clock.freeze(FROZEN_NOW)


@pytest.fixture
def api(sandbox) -> Iterator[httpx.Client]:
    """An httpx client on the sandbox with the brand's Bearer key."""
    with httpx.Client(base_url=sandbox.url, headers=sandbox.headers(), timeout=30) as client:
        yield client


def upload_bytes(client: httpx.Client, brand_id: int, data: bytes, filename: str, content_type: str
                 ) -> dict[str, Any]:
    """The documented three steps: ask for an upload URL, PUT the bytes, create media from the stripped URL."""
    answer = client.post("/media_upload_url", json={"filename": filename, "content_type": content_type})
    assert answer.status_code == 200, answer.text
    url = answer.json()["url"]
    put = httpx.put(url, content=data, headers={"Content-Type": content_type})
    assert put.status_code == 200, put.text
    body = {
        "source": "UPLOAD", "source_id": "contract-suite", "type": "UPLOADED", "url": url.split("?", 1)[0],
        "meta": json.dumps({"filename": filename}), "source_created_at": "2026-03-06T12:00:00Z",
    }
    created = client.post(f"/brands/{brand_id}/media", json=body)
    assert created.status_code == 200, created.text
    return created.json()


@pytest.fixture
def upload(api: httpx.Client, sandbox) -> Upload:
    """``upload(kind="IMAGE"|"VIDEO", brand_id=None)``: a fresh Library item, returned as the API answers."""

    def make(kind: str = "IMAGE", brand_id: int | None = None, client: httpx.Client | None = None
             ) -> dict[str, Any]:
        if kind == "VIDEO":
            return upload_bytes(client or api, brand_id or sandbox.brand_id, _video(), "clip.mp4", "video/mp4")
        return upload_bytes(client or api, brand_id or sandbox.brand_id, _image(), "photo.jpg", "image/jpeg")

    return make


_CACHE: dict[str, bytes] = {}


def _image() -> bytes:
    if "image" not in _CACHE:
        _CACHE["image"] = make_image(320, 240, "contract")
    return _CACHE["image"]


def _video() -> bytes:
    if "video" not in _CACHE:
        _CACHE["video"] = make_video(160, 284, seconds=1.0, fps=10)
    return _CACHE["video"]


ERROR_KEYS = {"code", "errors", "message", "status"}


def assert_error(response: httpx.Response, status: int, message: str | None = None,
                 fields: set[str] | None = None) -> dict[str, Any]:
    """The response is the documented error body with this status (and message / offending fields)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["code"] == status and isinstance(body["errors"], dict) and isinstance(body["status"], str)
    if message is not None:
        assert body["message"] == message, body
    if fields is not None:
        assert fields <= set(body["errors"]), body
    return body
