"""The async Dash API client: one ``httpx.AsyncClient``, typed results, typed errors."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from dashdesk import __version__
from dashdesk.api import assumptions
from dashdesk.api.errors import DashError, MalformedResponse, NotFoundError, OutcomeUnknown
from dashdesk.api.hosts import Hosts
from dashdesk.api.models import (
    POST_SERVER_FIELDS,
    Board,
    Identity,
    Media,
    MediaPage,
    ScheduledPost,
    UploadTarget,
    format_datetime,
    parse_datetime,
)
from dashdesk.api.pacing import Clock, PacingState, RateLimitPacer, Sleep
from dashdesk.api.ranges import RangeResult, fetch_all_platforms
from dashdesk.api.requester import Requester
from dashdesk.api.responses import describe_url, extract_list, parse_model
from dashdesk.api.retry import RetryPolicy
from dashdesk.api.secret import REDACTED, ApiKey, DashBearerAuth
from dashdesk.api.uploads import FileStream, Progress, guess_content_type, strip_query
from dashdesk.platforms import PLATFORM_IDS
from dashdesk.secure_transport import client_options

log = logging.getLogger("dashdesk.api")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0, write=60.0, pool=60.0)


class DashClient:
    """Async client for the Dash scheduler, library, auth and Pinterest hosts.

    Use as ``async with DashClient(key) as client: ...`` or call :meth:`aclose`. Every method
    raises a :class:`~dashdesk.api.errors.DashError` subclass on failure. Reads, PATCH and DELETE
    retry on 429/5xx/connection errors; creates are never retried once they may have arrived.
    ``sleep`` and ``clock`` are injectable so tests run without waiting; ``on_response`` sees every
    answer (the bulk run's rate limiter reads its headers). Without ``transport``, the proxy variables
    and the OS trust store apply (:mod:`dashdesk.secure_transport`).
    """

    def __init__(
        self,
        api_key: str | ApiKey,
        *,
        hosts: Hosts | None = None,
        api_url: str | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
        on_response: Callable[[httpx.Response], None] | None = None,
        retry: RetryPolicy | None = None,
        pace: bool = True,
        max_concurrency: int = 10,
        upload_chunk_size: int = assumptions.UPLOAD_CHUNK_SIZE,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.time,
    ) -> None:
        if hosts is not None and api_url:
            raise ValueError("give hosts or api_url, not both")
        self._key = api_key if isinstance(api_key, ApiKey) else ApiKey(api_key)
        self.hosts = Hosts.single(api_url) if api_url else (hosts or Hosts())
        self.max_concurrency = max(1, max_concurrency)
        self.upload_chunk_size = max(1, upload_chunk_size)
        #: Whether Dash is pacing requests and until when (the app's rate-limit banner listens).
        self.pacing = PacingState(clock)
        self.pacer = RateLimitPacer(sleep=sleep, clock=clock, state=self.pacing) if pace else None
        hooks: dict[str, list[Any]] = {}
        if on_response is not None:
            async def observe(response: httpx.Response) -> None:
                on_response(response)

            hooks["response"] = [observe]
        # Verified TLS with the OS trust store, the proxy variables, loopback direct (secure_transport).
        self._http = httpx.AsyncClient(**client_options(
            auth=DashBearerAuth(self._key, self.hosts),
            timeout=timeout,
            transport=transport,
            limits=httpx.Limits(max_connections=self.max_concurrency + 10, max_keepalive_connections=20),
            headers={"Accept": "application/json", "User-Agent": f"DashDesk/{__version__}"},
            follow_redirects=False,
            event_hooks=hooks,
        ))
        self._requester = Requester(
            self._http,
            hosts=self.hosts,
            key=self._key,
            retry=retry or RetryPolicy(),
            pacer=self.pacer,
            sleep=sleep,
            clock=clock,
            pacing=self.pacing,
        )

    def twin(self, *, max_concurrency: int = 4) -> DashClient:
        """A new client with the same key and hosts, for another thread's event loop (background reads)."""
        return DashClient(self._key, hosts=self.hosts, max_concurrency=max_concurrency,
                          upload_chunk_size=self.upload_chunk_size)

    def __repr__(self) -> str:
        return f"DashClient(hosts={self.hosts!r}, api_key={REDACTED})"

    async def __aenter__(self) -> DashClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    @property
    def closed(self) -> bool:
        """True once :meth:`aclose` has run."""
        return self._http.is_closed

    # --- identity and boards ---------------------------------------------------------------

    async def whoami(self) -> Identity:
        """``GET auth/api/self``: who the key belongs to and the brands it reaches."""
        data, response = await self._requester.request_json("GET", f"{self.hosts.auth}/api/self")
        return parse_model(Identity, data, what="identity", response=response)

    async def list_boards(self, brand_id: int) -> list[Board]:
        """``GET pinterest/v5/brands/{id}/boards``: the brand's Pinterest boards."""
        data, response = await self._requester.request_json(
            "GET", f"{self.hosts.pinterest}/v5/brands/{int(brand_id)}/boards", platform="pinterest"
        )
        items = extract_list(data, what="boards", response=response, keys=("data", "boards", "items"))
        return [parse_model(Board, item, what="board", response=response) for item in items]

    # --- scheduled posts -------------------------------------------------------------------

    def _posts_url(self, platform: str, post_id: int | str | None = None) -> str:
        if platform not in PLATFORM_IDS:
            raise ValueError(f"unknown platform {platform!r}; expected one of {', '.join(PLATFORM_IDS)}")
        base = f"{self.hosts.scheduler}/{platform}/scheduled_posts"
        return base if post_id is None else f"{base}/{int(post_id)}"

    def _post_from(self, platform: str, data: Any, response: httpx.Response) -> ScheduledPost:
        if isinstance(data, dict) and isinstance(data.get("data"), dict) and "id" not in data:
            data = data["data"]  # tolerate an enveloped single object
        if isinstance(data, dict):
            data = {**data, "platform": platform}
        return parse_model(ScheduledPost, data, what="scheduled post", response=response)

    async def create_post(self, platform: str, body: Mapping[str, Any]) -> ScheduledPost:
        """``POST /{platform}/scheduled_posts?media_v2=true``. Never retried once it may have arrived:
        a lost answer raises :class:`OutcomeUnknown`."""
        data, response = await self._requester.request_json(
            "POST",
            self._posts_url(platform),
            params=assumptions.MEDIA_V2_PARAMS,
            json_body=dict(body),
            idempotent=False,
            platform=platform,
        )
        return self._post_from(platform, data, response)

    async def get_post(self, platform: str, post_id: int | str) -> ScheduledPost:
        """``GET /{platform}/scheduled_posts/{id}``."""
        data, response = await self._requester.request_json(
            "GET", self._posts_url(platform, post_id), params=assumptions.MEDIA_V2_PARAMS, platform=platform
        )
        return self._post_from(platform, data, response)

    async def list_posts(
        self,
        platform: str,
        brand_id: int,
        start: datetime | None,
        end: datetime | None,
        sort: str = "TIMESTAMP",
        *,
        limit: int | None = None,
        max_pages: int = assumptions.MAX_PAGES,
    ) -> list[ScheduledPost]:
        """All posts of a brand with timestamps in ``[start, end]``, following ``paging.next``.

        ``None`` for ``start``/``end`` leaves that bound out (the guide warns this can be slow).
        ``limit`` asks for pages of that size and ``max_pages`` stops after that many requests
        (``limit=20, max_pages=1``: the 20 first posts in ``sort`` order, one request).
        """
        url = httpx.URL(self._posts_url(platform))
        params: dict[str, Any] | None = {"brand_ids": int(brand_id), "sort": sort, **assumptions.MEDIA_V2_PARAMS}
        if start is not None:
            params["start"] = format_datetime(start)
        if end is not None:
            params["end"] = format_datetime(end)
        if limit is not None:
            params["limit"] = int(limit)
        posts: list[ScheduledPost] = []
        seen_ids: set[int] = set()
        seen_links: set[str] = set()
        for _ in range(max(1, min(max_pages, assumptions.MAX_PAGES))):
            data, response = await self._requester.request_json("GET", url, params=params, platform=platform)
            for item in extract_list(data, what="scheduled posts", response=response):
                post = self._tolerant_post(platform, item, response)
                if post is not None and post.id not in seen_ids:
                    seen_ids.add(post.id)
                    posts.append(post)
            next_link = _next_link(data)
            if not next_link or next_link in seen_links:
                break
            seen_links.add(next_link)
            url, params = self._follow(response.request.url, next_link), None
        return posts

    def _tolerant_post(self, platform: str, item: Any, response: httpx.Response) -> ScheduledPost | None:
        """One unreadable post in a list is logged and skipped; the rest still load."""
        try:
            return self._post_from(platform, item, response)
        except DashError as exc:
            log.warning("skipping an unreadable %s post: %s", platform, exc.message)
            return None

    def _follow(self, current: httpx.URL, link: str) -> httpx.URL:
        """The next page's URL on *our* host (a link elsewhere never receives the key)."""
        nxt = current.join(link)
        if (nxt.scheme, nxt.host, nxt.port) != (current.scheme, current.host, current.port):
            nxt = current.copy_with(path=nxt.path, query=nxt.query or None)
        if "media_v2" not in nxt.params:
            nxt = nxt.copy_merge_params(assumptions.MEDIA_V2_PARAMS)
        return nxt

    async def find_matching_posts(
        self,
        platform: str,
        body: Mapping[str, Any],
        *,
        window: timedelta = timedelta(minutes=1),
    ) -> list[ScheduledPost]:
        """Posts that look like the one ``body`` creates: how to settle an :class:`OutcomeUnknown`.

        Lists the brand's posts around ``body["timestamp"]`` (all of them when it has none) and
        keeps those whose content fields and media equal the body's.
        """
        when = parse_datetime(body.get("timestamp"))
        start, end = (when - window, when + window) if when else (None, None)
        candidates = await self.list_posts(platform, int(body["brand_id"]), start, end, sort="-UPDATED_AT")
        return [post for post in candidates if _looks_like(post, body)]

    async def update_post(self, platform: str, post_id: int | str, changes: Mapping[str, Any]) -> ScheduledPost:
        """``PATCH`` only the given fields; returns the updated post."""
        if not changes:
            return await self.get_post(platform, post_id)
        data, response = await self._requester.request_json(
            "PATCH",
            self._posts_url(platform, post_id),
            params=assumptions.MEDIA_V2_PARAMS,
            json_body=dict(changes),
            platform=platform,
        )
        if data is None:  # an empty 200/204: read the post back
            return await self.get_post(platform, post_id)
        return self._post_from(platform, data, response)

    async def delete_post(self, platform: str, post_id: int | str) -> None:
        """``DELETE`` a post. A 404 on a retry means the earlier, unanswered try did delete it."""
        try:
            await self._requester.request(
                "DELETE", self._posts_url(platform, post_id), params=assumptions.MEDIA_V2_PARAMS, platform=platform
            )
        except NotFoundError as exc:
            if exc.attempts <= 1:
                raise

    async def fetch_range(
        self,
        brand_id: int,
        start: datetime,
        end: datetime,
        platforms: Iterable[str] = PLATFORM_IDS,
    ) -> RangeResult:
        """Posts of every platform in ``[start, end]``, fetched concurrently (bounded).

        A platform that fails is reported in ``errors`` and never hides the others.
        """
        chosen = tuple(platforms)
        for platform in chosen:
            self._posts_url(platform)  # unknown platforms are a programming error: fail before starting
        return await fetch_all_platforms(
            lambda platform: self.list_posts(platform, brand_id, start, end),
            chosen,
            max_concurrency=self.max_concurrency,
        )

    async def fetch_undated(self, brand_id: int, platforms: Iterable[str] = PLATFORM_IDS) -> RangeResult:
        """Posts of every platform that have no time (drafts without a date, publish-now posts).

        The list endpoint leaves them out of every time range, so this lists without one (the
        whole history: call it once per session, not per view change) and keeps the undated.
        """
        chosen = tuple(platforms)

        async def undated(platform: str) -> list[ScheduledPost]:
            posts = await self.list_posts(platform, brand_id, None, None, sort="-UPDATED_AT")
            return [p for p in posts if p.timestamp is None]

        return await fetch_all_platforms(undated, chosen, max_concurrency=self.max_concurrency)

    # --- library media ---------------------------------------------------------------------

    async def request_upload_url(self, filename: str, content_type: str) -> UploadTarget:
        """Step 1: ``POST library/media_upload_url``, the place to PUT the bytes."""
        data, response = await self._requester.request_json(
            "POST",
            f"{self.hosts.library}/media_upload_url",
            json_body={"filename": filename, "content_type": content_type},
            idempotent=True,
        )
        raw = _find_upload_url(data)
        if raw is None:
            raise MalformedResponse(
                "the answer held no upload URL",
                status=response.status_code,
                method="POST",
                url=describe_url(response.request.url),
            )
        upload_url = str(httpx.URL(self.hosts.library).join(raw))
        return UploadTarget(upload_url=upload_url, public_url=strip_query(upload_url))

    async def upload_file(
        self,
        brand_id: int,
        path: str | Path,
        *,
        content_type: str | None = None,
        progress: Progress | None = None,
        cancel: asyncio.Event | None = None,
    ) -> Media:
        """Upload a local file to the Library in three steps; returns the new media.

        The file is streamed from disk in chunks (memory does not grow with its size);
        ``progress(sent, total)`` reports bytes sent; setting ``cancel`` (or cancelling the task)
        stops the upload with :class:`UploadCancelled` and nothing is added to the Library.
        """
        path = Path(path)
        content_type = content_type or guess_content_type(path)
        stream = FileStream(path, progress=progress, cancel=cancel, chunk_size=self.upload_chunk_size)
        stream.check_cancelled()
        target = await self.request_upload_url(path.name, content_type)
        stream.check_cancelled()
        await self._requester.request(
            assumptions.UPLOAD_METHOD,
            target.upload_url,
            content=stream,
            headers={"Content-Type": content_type, "Content-Length": str(stream.size)},
            send_key=assumptions.UPLOAD_SENDS_API_KEY,
        )
        stream.check_cancelled()
        return await self.create_media_from_url(brand_id, target.public_url, filename=path.name)

    async def create_media_from_url(self, brand_id: int, url: str, *, filename: str | None = None) -> Media:
        """Step 3 (or on its own for public URLs): ``POST library/brands/{id}/media``.

        Not retried once it may have arrived: a lost answer raises :class:`OutcomeUnknown`.
        """
        name = filename or Path(httpx.URL(url).path).name or "media"
        body = {
            "source": assumptions.MEDIA_SOURCE,
            "source_id": str(uuid.uuid4()),
            "type": assumptions.MEDIA_TYPE,
            "url": url,
            "meta": json.dumps({"filename": name}),
            "source_created_at": format_datetime(datetime.now(UTC)),
        }
        try:
            data, response = await self._requester.request_json(
                "POST", f"{self.hosts.library}/brands/{int(brand_id)}/media", json_body=body, idempotent=False
            )
        except OutcomeUnknown:
            # the answer was lost: look for the item by the source id this request gave it (never send again)
            found = await self._media_by_source_id(brand_id, body["source_id"])
            if found is None:
                raise
            return found
        return parse_model(Media, data, what="media", response=response)

    async def _media_by_source_id(self, brand_id: int, source_id: str) -> Media | None:
        """The newest Library items' one with ``source_id`` (a create whose answer was lost), if any."""
        try:
            page = await self.list_media(brand_id, limit=50)
        except DashError:
            return None
        return next((m for m in page.items if m.source_id == source_id), None)

    async def get_media(self, brand_id: int, media_id: int) -> Media:
        """``GET library/brands/{id}/media/v2/{media_id}``."""
        data, response = await self._requester.request_json(
            "GET", f"{self.hosts.library}/brands/{int(brand_id)}/media/v2/{int(media_id)}"
        )
        if isinstance(data, dict) and isinstance(data.get("data"), dict) and "id" not in data:
            data = data["data"]
        return parse_model(Media, data, what="media", response=response)

    async def list_media(
        self,
        brand_id: int,
        *,
        limit: int = 50,
        offset: int = 0,
        media_types: Iterable[str] = assumptions.DEFAULT_LIBRARY_MEDIA_TYPES,
    ) -> MediaPage:
        """``PUT library/brands/{id}/media/v2``: one page of Library media, newest first."""
        body = {"filters": {"brand_media_types": list(media_types)}, "limit": int(limit), "offset": int(offset)}
        data, response = await self._requester.request_json(
            "PUT", f"{self.hosts.library}/brands/{int(brand_id)}/media/v2", json_body=body
        )
        if isinstance(data, list):
            data = {"data": data}
        if isinstance(data, dict):
            data = {"limit": limit, "offset": offset, **data}
        return parse_model(MediaPage, data, what="media list", response=response)


def _looks_like(post: ScheduledPost, body: Mapping[str, Any]) -> bool:
    """True when every content field (and the media) of ``body`` matches ``post``."""
    fields = post.body_fields()
    for key, value in body.items():
        if key == "media_ids":
            if list(post.media_ids) != [int(v) for v in value or []]:
                return False
        elif key not in POST_SERVER_FIELDS and value is not None and fields.get(key) != value:
            return False
    return True


def _next_link(data: Any) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("paging"), dict):
        link = data["paging"].get("next")
        return link if isinstance(link, str) and link else None
    return None


def _find_upload_url(data: Any) -> str | None:
    """The upload URL in step 1's answer (field name undocumented: see ``assumptions``)."""
    if isinstance(data, str) and data:
        return data
    if isinstance(data, dict):
        for key in assumptions.UPLOAD_URL_FIELDS:
            if isinstance(data.get(key), str) and data[key]:
                return data[key]
        if isinstance(data.get("data"), dict | str):
            return _find_upload_url(data["data"])
    return None
