"""What the bulk engine needs from Dash, as a small protocol, and its adapter over ``DashClient``.

The engine never calls ``DashClient`` directly: it calls a :class:`BulkBackend`, so it is tested
against the sandbox and fakes alike, and every request is paced by the run's :class:`RateLimiter`.
Errors are the API layer's typed errors (:mod:`dashdesk.api.errors`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import httpx

from dashdesk.platforms import MediaKind, media_kind_of
from dashdesk.secure_transport import client_options

from .limiter import RateLimiter

#: Requests one local upload costs: upload URL, the bytes, the Library item.
UPLOAD_COST = 3


@dataclass(frozen=True)
class UploadedMedia:
    """A Library item: the id posts attach, its kind and, when known, a public URL."""

    media_id: int
    kind: MediaKind | None
    url: str | None = None


class BulkBackend(Protocol):
    """The calls a bulk run makes (all async; errors are ``dashdesk.api.errors`` types)."""

    async def list_boards(self, brand_id: int) -> list[dict[str, Any]]:
        """The brand's Pinterest boards as the boards endpoint returns them."""
        ...

    async def upload_file(self, brand_id: int, path: Path) -> UploadedMedia:
        """Upload a local file to the brand's Library."""
        ...

    async def media_from_url(self, brand_id: int, url: str) -> UploadedMedia:
        """Add a public URL to the brand's Library."""
        ...

    async def get_media(self, brand_id: int, media_id: int) -> UploadedMedia:
        """An existing Library item."""
        ...

    async def create_post(self, platform: str, body: dict[str, Any]) -> dict[str, Any]:
        """Create a post; returns the post as the API answers (with ``id``)."""
        ...

    async def list_posts(self, platform: str, brand_id: int, start: datetime | None,
                         end: datetime | None) -> list[dict[str, Any]]:
        """Posts of ``platform`` with timestamps in ``[start, end]`` (``None``: unbounded)."""
        ...


def _as_dict(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Mapping):
        return dict(obj)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="python")
    raise TypeError(f"cannot read {type(obj).__name__} as a mapping")


def media_url_of(media: Mapping[str, Any]) -> str | None:
    """A public URL of a Library media object (``urls.original``, ``image_sizes.original.url``, ``url``...)."""
    urls = media.get("urls")
    if isinstance(urls, Mapping):
        for key in ("original", "full"):
            if isinstance(urls.get(key), str) and urls[key]:
                return urls[key]
    sizes = media.get("image_sizes")
    if isinstance(sizes, Mapping):
        original = sizes.get("original")
        if isinstance(original, Mapping) and isinstance(original.get("url"), str):
            return original["url"]
    for key in ("url", "original_url", "source_url", "video_url", "image_url"):
        value = media.get(key)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value
    return None


def uploaded_from(media: Any) -> UploadedMedia:
    """An :class:`UploadedMedia` from whatever the client returned for a Library item."""
    data = _as_dict(media)
    media_id = data.get("media_id") or data.get("id")
    if media_id is None and hasattr(media, "attach_id"):
        media_id = media.attach_id
    kind = media_kind_of(data)
    if kind is None and isinstance(data.get("kind"), str) and data["kind"].upper() in MediaKind.__members__:
        kind = MediaKind(data["kind"].upper())
    return UploadedMedia(int(media_id), kind, media_url_of(data))


def origin_of(backend: Any) -> str:
    """The Dash a backend talks to (its scheduler's base URL), ``""`` when it cannot say (a fake)."""
    origin = getattr(backend, "origin", None)
    return origin if isinstance(origin, str) else ""


#: Media larger than this are not downloaded to compare their content (a re-import then cannot tell
#: whether a post with such media is the same, and says so).
MAX_COMPARE_BYTES = 512 * 1024 * 1024


class DashClientBackend:
    """:class:`BulkBackend` over a ``dashdesk.api`` ``DashClient``; each call is paced by ``limiter``.

    Local files are uploaded as a copy without location and device details (as the app does, see
    :mod:`dashdesk.media.cleaned`) unless ``keep_metadata`` is set.
    """

    def __init__(self, client: Any, limiter: RateLimiter | None = None, *, keep_metadata: bool = False) -> None:
        self.client = client
        self.limiter = limiter or RateLimiter()
        self.keep_metadata = keep_metadata

    @property
    def origin(self) -> str:
        """The scheduler's base URL (what the import journal is scoped by)."""
        hosts = getattr(self.client, "hosts", None)
        return str(getattr(hosts, "scheduler", "") or "")

    async def media_sha256(self, url: str) -> str:
        """The SHA-256 of the media file at ``url`` (a Library URL), downloaded in pieces.

        Library URLs are public (often a CDN); they are fetched with a client of their own that
        never carries the API key. Errors are ``dashdesk.api.errors`` types.
        """
        import hashlib

        from dashdesk.api import errors as api_errors

        digest = hashlib.sha256()
        size = 0
        try:
            # verified TLS with the OS trust store and the proxy variables, like every client
            options = client_options(timeout=httpx.Timeout(30.0), follow_redirects=True)
            async with httpx.AsyncClient(**options) as downloads, \
                    downloads.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise api_errors.NotFoundError(f"the media file answered HTTP {response.status_code}",
                                                   status=response.status_code)
                async for chunk in response.aiter_bytes(1 << 20):
                    size += len(chunk)
                    if size > MAX_COMPARE_BYTES:
                        raise api_errors.MalformedResponse("the media file is too large to compare")
                    digest.update(chunk)
        except httpx.TimeoutException as exc:
            raise api_errors.RequestTimeout("the media file took too long to download") from exc
        except httpx.HTTPError as exc:
            raise api_errors.ConnectionFailed("the media file could not be downloaded") from exc
        return digest.hexdigest()

    async def list_boards(self, brand_id: int) -> list[dict[str, Any]]:
        """See :class:`BulkBackend`."""
        await self.limiter.acquire()
        return [_as_dict(b) for b in await self.client.list_boards(brand_id)]

    async def upload_file(self, brand_id: int, path: Path) -> UploadedMedia:
        """See :class:`BulkBackend`."""
        await self.limiter.acquire(UPLOAD_COST)
        from dashdesk.media.cleaned import prepare_for_upload

        prepared = await asyncio.to_thread(prepare_for_upload, path, keep_metadata=self.keep_metadata)
        return uploaded_from(await self.client.upload_file(brand_id, prepared.path))

    async def media_from_url(self, brand_id: int, url: str) -> UploadedMedia:
        """See :class:`BulkBackend`."""
        await self.limiter.acquire()
        return uploaded_from(await self.client.create_media_from_url(brand_id, url))

    async def get_media(self, brand_id: int, media_id: int) -> UploadedMedia:
        """See :class:`BulkBackend`."""
        await self.limiter.acquire()
        return uploaded_from(await self.client.get_media(brand_id, media_id))

    async def create_post(self, platform: str, body: dict[str, Any]) -> dict[str, Any]:
        """See :class:`BulkBackend`."""
        await self.limiter.acquire()
        post = _as_dict(await self.client.create_post(platform, body))
        post.setdefault("platform", platform)
        return post

    async def list_posts(self, platform: str, brand_id: int, start: datetime | None,
                         end: datetime | None) -> list[dict[str, Any]]:
        """See :class:`BulkBackend`."""
        await self.limiter.acquire()
        posts = await self.client.list_posts(platform, brand_id, start, end)
        out = []
        for post in posts:
            data = _as_dict(post)
            data.setdefault("platform", platform)
            out.append(data)
        return out


def make_client(api_key: str, api_url: str | None, limiter: RateLimiter) -> Any:
    """A ``DashClient`` whose answers feed ``limiter`` (``api_url``: one origin for every host).

    The client's own pacer is switched off: ``limiter`` reads the same headers and paces the run
    (two pacers would each wait for the same reset).
    """
    from dashdesk.api import DashClient  # imported late: the api layer is not needed for dry runs

    def observe(response: httpx.Response) -> None:
        if "x-ratelimit-remaining" in response.headers:
            limiter.observe(response.headers)

    # No transport of its own: the client's default one honours the proxy variables and the OS
    # trust store like the app's (an own transport here once bypassed HTTPS_PROXY).
    return DashClient(api_key, api_url=api_url or None, on_response=observe, pace=False)


ProgressFn = Callable[[int, int], None]
