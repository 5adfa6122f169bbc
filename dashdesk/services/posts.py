"""PostService: the one place that changes posts (Qt-free).

Every change is applied optimistically (listeners see it at once), sent to the API, and rolled
back if the API refuses, with the error re-raised for the caller to show. Each successful change
produces an :class:`UndoRecord`; the UI wraps those in ``QUndoCommand`` objects
(``dashdesk.ui.undo.UndoAdaptor``) so Edit > Undo / Redo replay them through this service.

The module does not import asyncio itself: the app paints its cached calendar before asyncio is
imported (see ``dashdesk.startup``), and the main window builds this service for that paint.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from dashdesk.i18n import tr
from dashdesk.platforms import (
    build_body,
    draft_from_post,
    format_timestamp,
    rules_for,
    status_info,
)
from dashdesk.services.conflicts import ConflictChoice, EditConflict, check_unchanged
from dashdesk.services.errors_words import is_connection_error, user_message
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts_loading import LoadResult, PostLoading, in_thread, read_cached
from dashdesk.store import PostsCache

log = logging.getLogger(__name__)

__all__ = ["Change", "LoadResult", "MoveRefused", "PostService", "UndoRecord", "is_connection_error",
           "read_cached", "user_message"]

#: Statuses Dash set that a new time turns back into SCHEDULED ("Fix and reschedule", a drag).
RESCHEDULED_FROM = frozenset({"FAILED", "EXPIRED"})


class PostsClient(Protocol):
    """The part of ``dashdesk.api.DashClient`` the service uses."""

    async def fetch_range(
        self, brand_id: int, start: datetime, end: datetime, platforms: Sequence[str] = ...
    ) -> Any: ...
    async def fetch_undated(self, brand_id: int, platforms: Sequence[str] = ...) -> Any: ...
    async def list_posts(
        self, platform: str, brand_id: int, start: datetime | None, end: datetime | None, sort: str = ...,
        *, limit: int | None = ..., max_pages: int = ...,
    ) -> Any: ...
    async def get_post(self, platform: str, post_id: int) -> Any: ...
    async def create_post(self, platform: str, body: dict[str, Any]) -> Any: ...
    async def update_post(self, platform: str, post_id: int, changes: dict[str, Any]) -> Any: ...
    async def delete_post(self, platform: str, post_id: int) -> Any: ...


class MoveRefused(Exception):
    """A reschedule DashDesk refuses before asking the API; ``str(exc)`` says why, in plain words."""


@dataclass(frozen=True, slots=True)
class Change:
    """What changed in the service's posts, for listeners (the Qt model)."""

    kind: Literal["reset", "upsert", "remove"]
    post: Post | None = None
    key: PostKey | None = None
    posts: tuple[Post, ...] = ()


@dataclass
class UndoRecord:
    """One undoable change: a description and the coroutines that undo and redo it."""

    text: str
    undo: Callable[[], Awaitable[Any]]
    redo: Callable[[], Awaitable[Any]]
    kind: str = "edit"
    keys: list[PostKey] = field(default_factory=list)


class PostService(PostLoading):
    """Holds the known posts of one brand and performs every change to them."""

    def __init__(
        self,
        client: PostsClient | None,
        brand_id: int,
        cache: PostsCache | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client = client
        self.brand_id = brand_id
        self.cache = cache
        self.clock = clock
        #: Read each post again before a PATCH and refuse to overwrite a newer version (EditConflict).
        self.check_conflicts = True
        self.posts: dict[PostKey, Post] = {}
        self._pending: dict[PostKey, int] = {}
        self._alias: dict[PostKey, PostKey] = {}
        self.listeners: list[Callable[[Change], None]] = []
        self.record_listeners: list[Callable[[UndoRecord], None]] = []
        self.deleted_listeners: list[Callable[[PostKey], None]] = []
        self.recreated_listeners: list[Callable[[PostKey, PostKey], None]] = []

    # --- listeners -------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """Call ``listener`` with every :class:`Change`."""
        self.listeners.append(listener)

    def on_record(self, listener: Callable[[UndoRecord], None]) -> None:
        """Call ``listener`` with every new :class:`UndoRecord`."""
        self.record_listeners.append(listener)

    def on_deleted(self, listener: Callable[[PostKey], None]) -> None:
        """Call ``listener`` with the key of every post whose deletion Dash confirmed."""
        self.deleted_listeners.append(listener)

    def on_recreated(self, listener: Callable[[PostKey, PostKey], None]) -> None:
        """Call ``listener(old_key, new_key)`` when a deleted post is created again (undo)."""
        self.recreated_listeners.append(listener)

    def _emit(self, change: Change) -> None:
        for listener in list(self.listeners):
            listener(change)

    def push_record(self, record: UndoRecord) -> None:
        """Publish an undo record (also for other modules' own undoable operations)."""
        for listener in list(self.record_listeners):
            listener(record)

    # --- reading ---------------------------------------------------------------------------

    def resolve(self, key: PostKey) -> PostKey:
        """Follow re-creations: the current key of a post that was deleted and restored."""
        seen = set()
        while key in self._alias and key not in seen:
            seen.add(key)
            key = self._alias[key]
        return key

    def get(self, key: PostKey) -> Post | None:
        """The post with ``key`` (following re-creations), if known."""
        return self.posts.get(self.resolve(key))

    def set_posts(self, posts: Iterable[Post]) -> None:
        """Replace every known post (e.g. from the cache)."""
        self.posts = {p.key: p for p in posts}
        self._emit(Change("reset", posts=tuple(self.posts.values())))

    def _apply(self, post: Post) -> None:
        self.posts[post.key] = post
        self._emit(Change("upsert", post=post, key=post.key))

    def show_local(self, posts: Iterable[Post]) -> None:
        """Replace the posts that exist only on this computer (the outbox's; negative ids)."""
        local = {p.key: p for p in posts}
        for key in [k for k in self.posts if k[1] < 0 and k not in local]:
            self._remove(key)
        for post in local.values():
            known = self.posts.get(post.key)
            if known is None or known.data != post.data:
                self._apply(post)

    async def remember(self, post: Post) -> None:
        """Show a post created elsewhere (the outbox sent it) and keep it in the cache."""
        self._apply(post)
        await self._store(post)

    def _remove(self, key: PostKey) -> None:
        if self.posts.pop(key, None) is not None:
            self._emit(Change("remove", key=key))

    # --- checks ----------------------------------------------------------------------------

    def why_not_movable(self, post: Post) -> str | None:
        """Why ``post`` cannot be rescheduled by dragging, or ``None`` if it can."""
        info = status_info(post.status)
        if post.status in ("POSTED", "AUTOPUBLISHING"):
            return tr("{label} posts can't be rescheduled.", label=info.label)
        if not info.movable:
            return tr("{label} posts can't be rescheduled.", label=info.label)
        if post.timestamp is not None and post.timestamp < self.clock() and post.status not in RESCHEDULED_FROM:
            return tr("This post's time has passed, so it can't be moved.")
        return None

    def check_move(self, post: Post, when: datetime) -> None:
        """Raise :class:`MoveRefused` if ``post`` may not move to ``when``."""
        reason = self.why_not_movable(post)
        if reason:
            raise MoveRefused(reason)
        if when.tzinfo is None:
            raise MoveRefused(tr("The new time has no time zone."))
        if when < self.clock():
            raise MoveRefused(tr("That time is in the past. Pick a time from now on."))

    # --- changes ---------------------------------------------------------------------------

    def _begin(self, key: PostKey) -> None:
        self._pending[key] = self._pending.get(key, 0) + 1

    def _end(self, key: PostKey) -> None:
        n = self._pending.get(key, 0) - 1
        if n <= 0:
            self._pending.pop(key, None)
        else:
            self._pending[key] = n

    def _client(self) -> PostsClient:
        if self.client is None:
            raise RuntimeError("no API client")
        return self.client

    async def _store(self, post: Post) -> None:
        if self.cache is not None:
            await in_thread(self.cache.upsert, self.brand_id, post.platform, post.to_json())

    async def _unstore(self, key: PostKey) -> None:
        if self.cache is not None:
            await in_thread(self.cache.delete, self.brand_id, key[0], key[1])

    async def move(self, key: PostKey, when: datetime, *, record: bool = True) -> Post:
        """Reschedule a post to ``when`` (aware): shown at once, PATCHed, rolled back if refused.

        Raises :class:`MoveRefused` for moves DashDesk does not allow, or the API's error after
        rolling back.
        """
        key = self.resolve(key)
        post = self.posts.get(key)
        if post is None:
            raise KeyError(key)
        self.check_move(post, when)
        old_when = post.timestamp
        post_after = await self._update(key, {"timestamp": format_timestamp(when)})
        if record and old_when is not None:
            local = rules_for(post.platform).name
            self.push_record(
                UndoRecord(
                    tr("Move {local} post", local=local),
                    undo=lambda: self.move(key, old_when, record=False),
                    redo=lambda: self.move(key, when, record=False),
                    kind="move",
                    keys=[key],
                )
            )
        return post_after

    async def _update(self, key: PostKey, changes: dict[str, Any], base: Post | None = None) -> Post:
        """PATCH optimistically after reading the post again: a version changed on Dash since ``base``
        (default: the one shown) raises :class:`EditConflict` and the calendar shows Dash's version."""
        post = self.posts[key]
        if "timestamp" in changes and "status" not in changes and post.status in RESCHEDULED_FROM:
            # A failed or expired post given a new time is scheduled again (Dash keeps the status it
            # set otherwise): the PATCH carries the new status with the time.
            changes = {**changes, "status": "SCHEDULED"}
        self._apply(post.with_changes(changes))
        self._begin(key)
        try:
            client = self._client()
            if self.check_conflicts and hasattr(client, "get_post"):
                await check_unchanged(client, key, base or post, changes)
            answer = await client.update_post(post.platform, post.id, changes)
        except EditConflict as conflict:
            self._apply(conflict.theirs)
            await self._store(conflict.theirs)
            raise
        except BaseException:
            self._apply(post)
            raise
        finally:
            self._end(key)
        updated = Post.from_api(answer, post.platform) if answer is not None else self.posts[key]
        self._apply(updated)
        await self._store(updated)
        return updated

    async def update(
        self, key: PostKey, changes: Mapping[str, Any], *, text: str | None = None, record: bool = True,
        base: Mapping[str, Any] | Post | None = None,
    ) -> Post:
        """PATCH ``changes`` (top-level body fields) onto a post, optimistically, with undo.

        ``base`` is the version the change was made from (the composer's, when it opened) if not the
        one shown; a post changed on Dash since then raises :class:`EditConflict`.
        """
        key = self.resolve(key)
        post = self.posts.get(key)
        if post is None:
            raise KeyError(key)
        before = {k: post.data.get(k) for k in changes}
        after = dict(changes)
        if base is not None and not isinstance(base, Post):
            base = Post.from_json(post.platform, {**base, "id": post.id})
        updated = await self._update(key, dict(changes), base)
        if record:
            text = text or tr("Edit post")
            self.push_record(
                UndoRecord(
                    text,
                    undo=lambda: self.update(key, before, text=text, record=False),
                    redo=lambda: self.update(key, after, text=text, record=False),
                    kind="update",
                    keys=[key],
                )
            )
        return updated

    async def resolve_conflict(self, conflict: EditConflict, choice: ConflictChoice, *,
                               text: str | None = None) -> Post | None:
        """Do what the person chose for ``conflict``: send their version, or keep Dash's.

        Keeping theirs or cancelling sends nothing (the calendar already shows Dash's version) and
        returns ``None``. Keeping mine PATCHes every field they see differently, checked against
        Dash's version of the conflict (a third edit meanwhile raises a new conflict).
        """
        if choice is not ConflictChoice.KEEP_MINE:
            return None
        key = self.resolve(conflict.key)
        if key not in self.posts:
            self._apply(conflict.theirs)
        return await self.update(key, conflict.keep_mine_changes(), text=text, base=conflict.theirs)

    async def approve(self, key: PostKey, changes: Mapping[str, Any], *, text: str | None = None) -> Post:
        """Hook for the review queue: apply the approval's field ``changes`` as one undoable step."""
        return await self.update(key, changes, text=text or tr("Approve post"))

    async def create(self, platform: str, body: dict[str, Any], *, record: bool = True) -> Post:
        """Create a post (never retried blindly by the client); the new post shows when it exists."""
        answer = await self._client().create_post(platform, body)
        post = Post.from_api(answer, platform)
        self._apply(post)
        await self._store(post)
        if record:
            holder = {"key": post.key}

            async def undo() -> None:
                await self.delete(holder["key"], record=False)

            async def redo() -> None:
                again = await self.create(platform, body, record=False)
                if again.key != holder["key"]:
                    self._alias[holder["key"]] = again.key
                holder["key"] = again.key

            self.push_record(
                UndoRecord(tr("Create {name} post", name=rules_for(platform).name), undo, redo, "create", [post.key])
            )
        return post

    async def delete(self, key: PostKey, *, record: bool = True) -> None:
        """Delete a post: hidden at once, DELETEd, restored if the API refuses."""
        key = self.resolve(key)
        post = self.posts.get(key)
        if post is None:
            raise KeyError(key)
        self._remove(key)
        self._begin(key)
        try:
            await self._client().delete_post(post.platform, post.id)
        except BaseException as exc:
            if _is_not_found(exc):
                log.info("post %s was already gone", key)
            else:
                self._apply(post)
                raise
        finally:
            self._end(key)
        await self._unstore(key)
        for listener in list(self.deleted_listeners):
            listener(key)
        if record:
            holder = {"key": key}

            async def undo() -> None:
                again = await self.recreate(post)
                if again.key != holder["key"]:
                    self._alias[holder["key"]] = again.key
                holder["key"] = again.key

            async def redo() -> None:
                await self.delete(holder["key"], record=False)

            self.push_record(
                UndoRecord(tr("Delete {name} post", name=rules_for(post.platform).name), undo, redo, "delete", [key])
            )

    async def recreate(self, post: Post) -> Post:
        """Create a deleted post again from its snapshot (it gets a new id)."""
        draft = draft_from_post(post.platform, post.data)
        if draft.timestamp is not None and draft.timestamp < self.clock() and post.status == "SCHEDULED":
            raise MoveRefused(tr("The deleted post's time has passed; it can't be restored as scheduled."))
        body = build_body(draft, self.brand_id)
        answer = await self._client().create_post(post.platform, body)
        again = Post.from_api(answer, post.platform)
        if again.key != post.key:
            self._alias[post.key] = again.key
        self._apply(again)
        await self._store(again)
        for listener in list(self.recreated_listeners):
            listener(post.key, again.key)
        return again


def _is_not_found(exc: BaseException) -> bool:
    try:
        from dashdesk.api.errors import NotFoundError

        return isinstance(exc, NotFoundError)
    except ImportError:  # pragma: no cover
        return False
