"""Loading posts into the post service: the cache first, then Dash's answer for a range (Qt-free).

Mixed into :class:`~dashdesk.services.posts.PostService`: it reads and replaces the service's known
posts (``posts``), keeping every post with a change in flight (``_pending``) as it is locally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dashdesk.platforms import PLATFORM_IDS
from dashdesk.services.errors_words import is_connection_error
from dashdesk.services.post import Post, PostKey
from dashdesk.store import PostsCache


def read_cached(cache: PostsCache, brand_id: int, start: datetime, end: datetime) -> list[Post]:
    """The brand's cached posts in [start, end) and those without a time (blocking: call it in a worker thread)."""
    rows = cache.load_rows(brand_id, start, end)
    rows.extend(cache.load_undated_rows(brand_id))
    return [Post.from_cache_row(*row) for row in rows]


async def in_thread(fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """``asyncio.to_thread``, imported when first needed (by then the event loop runs)."""
    import asyncio

    return await asyncio.to_thread(fn, *args, **kwargs)


@dataclass(frozen=True)
class LoadResult:
    """Outcome of loading a range: per-platform errors; ``offline`` when no platform answered."""

    errors: dict[str, Exception]
    offline: bool
    loaded_platforms: tuple[str, ...]
    synced_at: datetime | None

    @property
    def rate_limited_until(self) -> datetime | None:
        """When Dash accepts requests again, if some platform failed because Dash paced requests.

        The app loads those platforms again at that time by itself.
        """
        from dashdesk.api.errors import RateLimitedError  # the api layer is loaded by the time loads fail

        resets = [e.reset_at for e in self.errors.values() if isinstance(e, RateLimitedError) and e.reset_at]
        return max(resets) if resets else None


def _read_result(
    result: Any, platforms: Sequence[str]
) -> tuple[dict[str, Exception], tuple[str, ...], list[Post], bool]:
    """(errors per platform, platforms that answered, their posts, offline) of a range result."""
    errors: dict[str, Exception] = dict(getattr(result, "errors", {}) or {})
    ok = tuple(p for p in platforms if p not in errors)
    fresh = [Post.from_api(p) for p in getattr(result, "posts", [])]
    offline = bool(errors) and not ok and all(is_connection_error(e) for e in errors.values())
    return errors, ok, fresh, offline



class PostLoading:
    """Fill and refresh the known posts from the cache and from Dash."""

    async def load_cached(self, start: datetime, end: datetime) -> int:
        """Show the cached posts of [start, end) at once; returns how many."""
        if self.cache is None:
            return 0
        # Read and decode in the worker thread: the UI thread stays free to paint meanwhile.
        posts = await in_thread(read_cached, self.cache, self.brand_id, start, end)
        if not self.posts:
            self.set_posts(posts)
        else:
            for post in posts:
                if post.key not in self.posts:
                    self._apply(post)
        return len(posts)

    async def last_sync(self) -> datetime | None:
        """When this brand was last synced (from the cache), if ever."""
        if self.cache is None:
            return None
        return await in_thread(self.cache.last_sync, self.brand_id)

    async def load(
        self, start: datetime, end: datetime, platforms: Sequence[str] = PLATFORM_IDS
    ) -> LoadResult:
        """Load [start, end) from the API for ``platforms`` at once, replacing what is known there.

        Platforms that failed keep their previous posts; posts with a change in flight keep their
        local version. Cancelling the task leaves the known posts untouched.
        """
        if self.client is None:
            raise RuntimeError("no API client")
        result = await self.client.fetch_range(self.brand_id, start, end, platforms=tuple(platforms))
        errors, ok, fresh, offline = _read_result(result, platforms)
        ok_set = set(ok)
        self._replace_where(
            # the outbox's posts (negative ids) are not on Dash yet: a load never drops them
            lambda p: p.platform in ok_set and p.id >= 0 and p.timestamp is not None and start <= p.timestamp < end,
            fresh,
        )
        synced = self.clock() if ok else None
        if self.cache is not None and ok:
            await in_thread(
                self.cache.replace_range,
                self.brand_id,
                start,
                end,
                ok,
                [(p.platform, p.to_json()) for p in fresh if p.platform in ok_set],
                synced_at=synced if not errors else None,
            )
        return LoadResult(errors=errors, offline=offline, loaded_platforms=ok, synced_at=synced)

    async def load_undated(self, platforms: Sequence[str] = PLATFORM_IDS) -> LoadResult:
        """Load the posts without a time (undated drafts, publish-now posts), replacing those known.

        The list endpoint only returns them unfiltered, so this reads each platform's whole list:
        once per session, in the background.
        """
        result = await self._client().fetch_undated(self.brand_id, platforms=tuple(platforms))
        errors, ok, fresh, offline = _read_result(result, platforms)
        ok_set = set(ok)
        fresh = [p for p in fresh if p.timestamp is None]
        self._replace_where(lambda p: p.platform in ok_set and p.id >= 0 and p.timestamp is None, fresh)
        if self.cache is not None and ok:
            await in_thread(self.cache.replace_undated, self.brand_id, ok,
                             [(p.platform, p.to_json()) for p in fresh if p.platform in ok_set])
        return LoadResult(errors=errors, offline=offline, loaded_platforms=ok,
                          synced_at=self.clock() if ok else None)

    def _replace_where(self, drop: Callable[[Post], bool], fresh: Iterable[Post]) -> None:
        """Replace the known posts ``drop`` selects by ``fresh`` (posts with a change in flight stay)."""
        new_posts = {k: p for k, p in self.posts.items() if k in self._pending or not drop(p)}
        for post in fresh:
            if post.key not in self._pending:
                new_posts[post.key] = post
        changed = new_posts.keys() != self.posts.keys() or any(
            new_posts[k].data != self.posts[k].data for k in new_posts
        )
        if changed:
            self.set_posts(new_posts.values())

    def refresh(self, fresh: Iterable[Post]) -> list[Post]:
        """Take newer copies of posts read from Dash; returns those that changed (updated in place).

        Posts with a change of ours in flight keep their local version. The caller stores the
        returned posts in the cache (:meth:`store_many`) off the UI thread.
        """
        changed = []
        for post in fresh:
            known = self.posts.get(post.key)
            if post.key in self._pending or (known is not None and known.data == post.data):
                continue
            self._apply(post)
            changed.append(post)
        return changed

    def forget(self, key: PostKey) -> None:
        """Drop a post Dash no longer has (deleted elsewhere)."""
        self._remove(key)

    async def store_many(self, posts: Sequence[Post]) -> None:
        """Write ``posts`` to the cache in a worker thread."""
        if self.cache is None or not posts:
            return
        cache, brand = self.cache, self.brand_id

        def write() -> None:
            for post in posts:
                cache.upsert(brand, post.platform, post.to_json())

        await in_thread(write)

