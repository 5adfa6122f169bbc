"""Saving what the composer wrote: one post per platform, concurrently, never created twice (Qt-free).

Each platform's draft becomes its body (``build_body``) and is created on its own; one platform's
failure does not stop the others. A create whose answer was lost (``OutcomeUnknown``) may have
created the post, so it is looked up (``list_posts`` over a window around its time, matched by
text, media and post type) before anything is sent again; when the lookup cannot tell, the result
stays *unknown* and says so. Editing an existing post PATCHes only the fields that changed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from dashdesk.i18n import tr
from dashdesk.platforms import (
    Draft,
    body_changes,
    build_body,
    coerce_made_for_kids,
    get_path,
    parse_timestamp,
    rules_for,
)
from dashdesk.services.conflicts import EditConflict, check_unchanged
from dashdesk.services.posts import user_message

log = logging.getLogger(__name__)

#: Body keys that do not identify a post when looking for one whose create answer was lost.
_NOT_IDENTIFYING = frozenset({"brand_id", "status", "auto_publish", "timestamp"})


class ComposeClient(Protocol):
    """The part of ``DashClient`` the composer uses."""

    async def create_post(self, platform: str, body: Mapping[str, Any]) -> Any: ...
    async def update_post(self, platform: str, post_id: int, changes: Mapping[str, Any]) -> Any: ...
    async def list_posts(self, platform: str, brand_id: int, start: datetime, end: datetime,
                         sort: str = "TIMESTAMP") -> list[Any]: ...


class Outcome(StrEnum):
    """How saving one platform ended."""

    SAVED = "saved"  # created or updated (or found after a lost answer)
    FAILED = "failed"  # refused or not sent; safe to send again
    UNKNOWN = "unknown"  # sent, answer lost, and the lookup could not find it (or could not run)
    KEPT = "kept"  # Dash could not take it: kept in the outbox, sent by itself later (never twice)


@dataclass
class PlatformResult:
    """The result of saving one platform."""

    platform: str
    outcome: Outcome
    post: dict[str, Any] | None = None
    message: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    sent_at: datetime | None = None
    found_by_lookup: bool = False
    sent: dict[str, Any] | None = None  # what was PATCHed when editing
    #: FAILED because Dash could not be reached, was down or paced requests: nothing was stored,
    #: and the same post can be sent later unchanged (the outbox keeps it).
    transient: bool = False
    #: UNKNOWN and Dash cannot be searched for it (no time): only the person can settle it.
    lookup_impossible: bool = False
    #: FAILED because the post changed on Dash since the edit began (an ``EditConflict``): nothing
    #: was sent; the person chooses between both versions.
    conflict: Any = None

    @property
    def post_id(self) -> int | None:
        """The scheduler id of the saved post."""
        if self.post and self.post.get("id") is not None:
            return int(self.post["id"])
        return None

    @property
    def ok(self) -> bool:
        """Whether this platform is saved."""
        return self.outcome is Outcome.SAVED


def post_json(obj: Any) -> dict[str, Any]:
    """A post answer (``ScheduledPost``, app ``Post`` or mapping) as plain JSON."""
    if obj is None:
        return {}
    data = getattr(obj, "data", None)
    if isinstance(data, Mapping) and hasattr(obj, "platform"):
        return dict(data)
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    return dict(obj)


def is_outcome_unknown(exc: BaseException) -> bool:
    """Whether ``exc`` says a create may or may not have happened."""
    try:
        from dashdesk.api.errors import OutcomeUnknown
    except ImportError:  # pragma: no cover - the api layer is a sibling package
        return type(exc).__name__ == "OutcomeUnknown"
    return isinstance(exc, OutcomeUnknown)


def is_transient(exc: BaseException) -> bool:
    """Whether a refused create failed for a passing reason (offline, 5xx, paced) with nothing stored."""
    try:
        from dashdesk.api import errors as api_errors
    except ImportError:  # pragma: no cover - the api layer is a sibling package
        return False
    passing = (api_errors.ConnectionFailed, api_errors.RequestTimeout, api_errors.ServerError,
               api_errors.RateLimitedError)
    return isinstance(exc, passing)


def _same(value: Any, stored: Any, path: str) -> bool:
    if path == "declared_made_for_kids":
        return coerce_made_for_kids(value) == coerce_made_for_kids(stored)
    if isinstance(value, Mapping) and isinstance(stored, Mapping):
        return all(_same(v, stored.get(k), k) for k, v in value.items())
    return value == stored


def matches(post: Mapping[str, Any], body: Mapping[str, Any]) -> bool:
    """Whether ``post`` (as Dash answers) is the post ``body`` would create: text, media, type, time."""
    for key, value in body.items():
        if key in _NOT_IDENTIFYING:
            continue
        stored = get_path(post, key)
        if key == "media_ids":
            stored = [int(i) for i in post.get("media_ids") or []]
        if not _same(value, stored, key):
            return False
    if "timestamp" in body:
        return parse_timestamp(post.get("timestamp")) == parse_timestamp(body["timestamp"])
    return True


class ComposeService:
    """Creates and updates the composer's posts through the API (or the app's ``PostService``).

    ``client`` is a ``DashClient`` (creates, updates and the lookup's ``list_posts``); ``posts``,
    when given, is the app's ``PostService``: creates and updates then go through it so the calendar
    shows them at once and they can be undone.
    """

    def __init__(
        self,
        client: ComposeClient,
        brand_id: int,
        *,
        posts: Any = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        lookup_margin: timedelta = timedelta(hours=1),
    ) -> None:
        self.client = client
        self.brand_id = int(brand_id)
        self.posts = posts
        self.clock = clock
        self.lookup_margin = lookup_margin

    # --- creating --------------------------------------------------------------------------

    async def create_all(
        self,
        drafts: Mapping[str, Draft],
        previous: Mapping[str, PlatformResult] | None = None,
        *,
        on_result: Callable[[PlatformResult], None] | None = None,
        force: Collection[str] = (),
    ) -> dict[str, PlatformResult]:
        """Create one post per draft concurrently; platforms already saved are never sent again.

        ``previous`` holds the results of an earlier attempt: saved platforms are kept as they are,
        unknown ones are looked up before being sent again, failed ones are sent again. Platforms in
        ``force`` whose outcome is unknown are sent again without a lookup (the person said so).
        """
        previous = previous or {}

        async def one(platform: str, draft: Draft) -> PlatformResult:
            result = await self.create_one(draft, previous.get(platform), force=platform in force)
            if on_result is not None:
                on_result(result)
            return result

        results = await asyncio.gather(*(one(p, d) for p, d in drafts.items()))
        return {r.platform: r for r in results}

    async def create_one(self, draft: Draft, previous: PlatformResult | None = None, *,
                         force: bool = False) -> PlatformResult:
        """Create ``draft``'s post unless ``previous`` says it exists (or may exist and is found);
        ``force`` sends a post of unknown outcome again without looking it up first."""
        if previous is not None and previous.outcome is Outcome.SAVED:
            return previous
        return await self.create_body(draft.platform, build_body(draft, self.brand_id), previous, force=force)

    async def create_body(self, platform: str, body: dict[str, Any], previous: PlatformResult | None = None, *,
                          force: bool = False) -> PlatformResult:
        """:meth:`create_one` for a body already built (the outbox keeps bodies, not drafts)."""
        if previous is not None and previous.outcome is Outcome.SAVED:
            return previous
        if previous is not None and previous.outcome is Outcome.UNKNOWN and not force:
            checked = await self._look_up(platform, previous.body or body, previous.sent_at)
            if checked is not None:
                return checked
        sent_at = self.clock()
        try:
            answer = await self._create(platform, body)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if is_outcome_unknown(exc):
                log.info("%s create answer lost; looking it up", platform)
                found = await self._look_up(platform, body, sent_at)
                return found or self._unknown_after_lookup(platform, body, sent_at)
            return PlatformResult(platform, Outcome.FAILED, message=user_message(exc),
                                  errors=dict(getattr(exc, "errors", {}) or {}), body=body, sent_at=sent_at,
                                  transient=is_transient(exc))
        return PlatformResult(platform, Outcome.SAVED, post=post_json(answer), body=body, sent_at=sent_at,
                              message="Saved.")

    async def _create(self, platform: str, body: dict[str, Any]) -> Any:
        if self.posts is not None:
            return await self.posts.create(platform, body)
        return await self.client.create_post(platform, body)

    async def _look_up(self, platform: str, body: dict[str, Any], sent_at: datetime | None) -> PlatformResult | None:
        """A result for a post whose create answer was lost: SAVED if found, UNKNOWN if the lookup
        failed or cannot search; ``None`` when it was searched for and is not there (safe to send)."""
        name = rules_for(platform).name
        try:
            found = await self.find_created(platform, body, sent_at)
        except LookupImpossible as exc:
            return PlatformResult(platform, Outcome.UNKNOWN, body=body, sent_at=sent_at, lookup_impossible=True,
                                  message=tr("{name}: the answer was lost and {reason} Check Dash before saving this "
                                             "platform again.",
                                             name=name, reason=exc))
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            return PlatformResult(platform, Outcome.UNKNOWN, body=body, sent_at=sent_at, message=(
                tr("{name}: the answer was lost and looking the post up failed too ({reason}). Nothing was sent "
                   "again; try again to look once more.",
                   name=name, reason=user_message(exc))))
        if found is None:
            return None
        self._show_in_calendar(platform, found)
        return PlatformResult(platform, Outcome.SAVED, post=found, body=body, sent_at=sent_at, found_by_lookup=True,
                              message=tr("{name}: the answer was lost, but the post was found in Dash: it was created.",
                                         name=name))

    def _show_in_calendar(self, platform: str, data: dict[str, Any]) -> None:
        """Tell the app's PostService about a post found by a lookup (it never saw the create answer)."""
        if self.posts is None or not hasattr(self.posts, "set_posts"):
            return
        from dashdesk.services.post import Post

        post = Post.from_json(platform, data)
        self.posts.set_posts([*(p for k, p in self.posts.posts.items() if k != post.key), post])

    def _unknown_after_lookup(self, platform: str, body: dict[str, Any], sent_at: datetime) -> PlatformResult:
        name = rules_for(platform).name
        return PlatformResult(platform, Outcome.UNKNOWN, body=body, sent_at=sent_at, message=(
            tr("{name}: the answer was lost and the post is not in Dash yet, so it may or may not have been created. "
               "Saving again looks for it first and only sends it if it is still missing.",
               name=name)))

    async def find_created(self, platform: str, body: Mapping[str, Any],
                           sent_at: datetime | None) -> dict[str, Any] | None:
        """The post ``body`` created, searched over a window around its time; ``None`` if absent.

        Raises :class:`LookupImpossible` when the post cannot be searched for: the list endpoint only
        returns posts by timestamp, and drafts without a time and "publish now" posts have none.
        """
        when = parse_timestamp(body.get("timestamp"))
        if when is None:  # drafts without a time, and "publish now" posts (Dash gives them no timestamp)
            raise LookupImpossible(tr("Dash can only be searched for posts with a time, and this post has none."))
        margin = self.lookup_margin
        candidates = await self.client.list_posts(platform, self.brand_id, when - margin, when + margin)
        since = (sent_at - timedelta(minutes=10)) if sent_at else None
        for candidate in candidates:
            data = post_json(candidate)
            created = parse_timestamp(data.get("created_at"))
            if since is not None and created is not None and created < since:
                continue
            if matches(data, body):
                return data
        return None

    # --- editing ---------------------------------------------------------------------------

    def changes(self, before: Draft, after: Draft) -> dict[str, Any]:
        """The PATCH body from ``before`` to ``after`` (only what changed)."""
        # ``meta`` (Pinterest title and board) is compared and sent as a whole object.
        return body_changes(build_body(before, self.brand_id), build_body(after, self.brand_id))

    async def update(self, platform: str, post_id: int, before: Draft, after: Draft) -> PlatformResult:
        """PATCH the fields that changed from ``before`` to ``after``; nothing is sent if none did."""
        changes = self.changes(before, after)
        if not changes:
            return PlatformResult(platform, Outcome.SAVED, post={"id": post_id}, sent={},
                                  message=tr("Nothing changed."))
        try:
            # the base is what the composer opened; its status is left out (a draft's mode cannot
            # tell "needs approval" from "scheduled"), so only what the person sees is compared
            base = {k: v for k, v in build_body(before, self.brand_id).items() if k != "status"}
            answer = await self._update(platform, post_id, changes, base)
        except asyncio.CancelledError:
            raise
        except EditConflict as conflict:
            return PlatformResult(platform, Outcome.FAILED, post={"id": post_id}, message=conflict.user_message(),
                                  sent=changes, conflict=conflict)
        except Exception as exc:
            return PlatformResult(platform, Outcome.FAILED, post={"id": post_id}, message=user_message(exc),
                                  errors=dict(getattr(exc, "errors", {}) or {}), sent=changes)
        data = post_json(answer) or {"id": post_id}
        return PlatformResult(platform, Outcome.SAVED, post=data, sent=changes, message="Saved.")

    async def _update(self, platform: str, post_id: int, changes: dict[str, Any], base: dict[str, Any]) -> Any:
        """PATCH ``changes`` made from ``base`` (the body when editing began), after checking that the post
        has not changed on Dash since (``EditConflict``)."""
        if self.posts is not None:
            try:
                return await self.posts.update((platform, post_id), changes, base=base)
            except KeyError:  # not loaded in the calendar: go to the API directly
                pass
        if hasattr(self.client, "get_post"):
            from dashdesk.services.post import Post

            loaded = Post.from_json(platform, {**base, "id": post_id})
            await check_unchanged(self.client, (platform, post_id), loaded, changes)
        return await self.client.update_post(platform, post_id, changes)


class LookupImpossible(Exception):
    """The post cannot be searched for; the message says why, in words."""
