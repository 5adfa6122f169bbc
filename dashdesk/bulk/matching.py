"""Finding a row's post already on Dash by what it is, so importing an export (or the same file on
another computer, or after the journal was lost) creates nothing twice.

A row and a post are the same when they have the same platform, brand (the listing is the brand's),
time, text, and media with the same content, in the same order. Media are compared by Library id
when the row names one, by Library URL when the row's URL is the post's, and otherwise by the
SHA-256 of the bytes (a local file's hash from the check step against the post's media downloaded
from its Library URL). Downloads happen only for posts that already match on platform, time, text
and media count, once per URL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashdesk.api import errors as api_errors
from dashdesk.platforms import draft_from_post

from .backend import media_url_of
from .check import RowPlan
from .media import url_without_hint


@dataclass(frozen=True)
class Match:
    """A post on Dash that a row is (``post_id``), or a candidate whose media could not be compared."""

    post_id: int
    #: Empty when the post is the row; otherwise why it could not be told (the row is not sent).
    undecided: str = ""


def _text(value: str) -> str:
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))


class PostMatcher:
    """Compares rows with the posts of a listing; caches media hashes and Library URLs per run."""

    def __init__(self, backend: Any, brand_id: int) -> None:
        self.backend = backend
        self.brand_id = brand_id
        self._hashes: dict[str, asyncio.Future[str]] = {}
        self._urls: dict[int, str | None] = {}
        #: Per listing (by identity): its posts by (time, text), so each row looks at its few candidates.
        self._indexes: dict[int, tuple[Sequence[Mapping[str, Any]], dict[tuple[Any, str], list[Any]]]] = {}

    def _candidates(self, platform: str, posts: Sequence[Mapping[str, Any]], key: tuple[Any, str]) -> list[Any]:
        found = self._indexes.get(id(posts))
        if found is None or found[0] is not posts:
            index: dict[tuple[Any, str], list[Any]] = {}
            for post in posts:
                if post.get("id") is None:
                    continue
                theirs = draft_from_post(platform, post)
                index.setdefault((theirs.timestamp, _text(theirs.text)), []).append((post, theirs))
            found = (posts, index)
            self._indexes[id(posts)] = found
        return found[1].get(key, [])

    async def find(self, row: RowPlan, posts: Sequence[Mapping[str, Any]],
                   claimed: set[tuple[str, int]]) -> Match | None:
        """The first unclaimed post of ``posts`` that is ``row``; ``None`` when there is none."""
        draft = row.draft
        if draft is None or row.platform is None:
            return None
        undecided: Match | None = None
        for post, theirs in self._candidates(row.platform, posts, (draft.timestamp, _text(draft.text))):
            post_id = post.get("id")
            if (row.platform, int(post_id)) in claimed or len(theirs.media) != len(row.media):
                continue
            try:
                same = await self._same_media(row, post, [m.media_id for m in theirs.media])
            except api_errors.AuthenticationError:
                raise
            except api_errors.DashError as exc:
                undecided = undecided or Match(int(post_id), exc.message.rstrip("."))
                continue
            if same:
                return Match(int(post_id))
        return undecided

    async def _same_media(self, row: RowPlan, post: Mapping[str, Any], ids: list[int]) -> bool:
        expanded = {int(m.get("id", m.get("media_id"))): m for m in post.get("media") or []
                    if isinstance(m, Mapping) and m.get("id", m.get("media_id")) is not None}
        for item, key, media_id in zip(row.media, row.media_keys, ids, strict=True):
            if item.library_id is not None:
                if item.library_id != media_id:
                    return False
                continue
            url = await self._url_of(media_id, expanded.get(media_id))
            if item.url is not None and url is not None and url_without_hint(item.url) == url:
                continue
            if url is None:
                raise api_errors.NotFoundError("the post's media has no address to compare it by")
            theirs = await self._sha256(url)
            if key.startswith("sha256:"):
                ours = key.removeprefix("sha256:")
            elif item.url is not None:
                ours = await self._sha256(url_without_hint(item.url))
            else:
                return False
            if ours != theirs and not await self._cleaned_copy_matches(item, theirs):
                return False
        return True

    @staticmethod
    async def _cleaned_copy_matches(item: Any, theirs: str) -> bool:
        """Uploads send a copy without location and device details: compare that copy's bytes too."""
        path = getattr(item, "path", None)
        if path is None:
            return False

        def digest() -> str | None:
            from dashdesk.media.cleaned import prepare_for_upload
            from dashdesk.media.store import hash_file

            try:
                result = prepare_for_upload(path)
                return hash_file(result.path) if result.cleaned else None
            except OSError:
                return None

        return await asyncio.to_thread(digest) == theirs

    async def _url_of(self, media_id: int, item: Mapping[str, Any] | None) -> str | None:
        if media_id not in self._urls:
            url = media_url_of(item) if item else None
            if url is None:
                url = (await self.backend.get_media(self.brand_id, media_id)).url
            self._urls[media_id] = url
        return self._urls[media_id]

    async def _sha256(self, url: str) -> str:
        hasher = getattr(self.backend, "media_sha256", None)
        if hasher is None:
            raise api_errors.MalformedResponse("media content cannot be compared here")
        future = self._hashes.get(url)
        if future is None:
            future = asyncio.ensure_future(hasher(url))
            self._hashes[url] = future
        try:
            return await asyncio.shield(future)
        except api_errors.DashError:
            self._hashes.pop(url, None)
            raise
