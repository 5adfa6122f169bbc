"""The scheduler emulation: create, read, update, delete and list posts, and simulated publishing."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from dashdesk.platforms import (
    PLATFORM_IDS,
    WRITABLE_STATUSES,
    AutoPublish,
    get_path,
    parse_timestamp,
    rules_for,
    status_info,
)
from dashdesk.platforms.rules import READ_ONLY_KEYS
from dashdesk.sandbox import validation
from dashdesk.sandbox.boards import Boards
from dashdesk.sandbox.clock import Clock
from dashdesk.sandbox.errors import INVALID_MEDIA_ID, ApiError, bad_request, forbidden, not_found
from dashdesk.sandbox.faults import Faults
from dashdesk.sandbox.library import ORIGIN, Library, iso
from dashdesk.sandbox.store import Store

#: Statuses whose post still waits for its moment (``due``).
WAITING = frozenset({"AUTOPUBLISHING", "SCHEDULED", "MISSING_APPROVALS"})


def check_platform(platform: str) -> None:
    """404 for a path segment that is not one of the ten platforms."""
    if platform not in PLATFORM_IDS:
        raise not_found(f"Platform {platform!r}")


def wire_time(value: Any) -> str | None:
    """A body timestamp as the API answers it (``+00:00``), or ``None``."""
    when = parse_timestamp(value) if value not in (None, "") else None
    return iso(when) if when else None


class Scheduler:
    """Posts of every platform and brand, validated with the shared rules table."""

    def __init__(self, store: Store, library: Library, clock: Clock, faults: Faults, boards: Boards,
                 publish_delay_s: float = 5.0) -> None:
        self.store = store
        self.library = library
        self.clock = clock
        self.faults = faults
        self.boards = boards
        self.publish_delay_s = publish_delay_s

    # -- helpers -------------------------------------------------------------------------------
    def _media_kinds(self, body: Mapping[str, Any]) -> list[str]:
        """Kinds of ``media_ids`` in order; unknown or other-brand ids are "Invalid media_id"."""
        ids = body.get("media_ids")
        if not isinstance(ids, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in ids):
            return []  # the validator explains the malformed list
        docs = self.store.media_many(ids)
        brand = body.get("brand_id")
        bad = [i for i in ids if i not in docs or docs[i]["brand_id"] != brand]
        if bad:
            listed = ", ".join(str(i) for i in bad)
            raise ApiError(400, INVALID_MEDIA_ID,
                           {"media_ids": [f"{INVALID_MEDIA_ID}: {listed} is not in this brand's Library."]})
        return [docs[i]["media_type"] for i in ids]

    def _check_board(self, platform: str, body: Mapping[str, Any]) -> None:
        if platform != "pinterest":
            return
        board = get_path(body, "meta.pinterestBoard")
        if isinstance(board, Mapping) and board.get("id"):
            known = {b["id"] for b in self.boards.for_brand(int(body["brand_id"]))}
            if str(board["id"]) not in known:
                message = "Invalid Pinterest board: use a board from GET /v5/brands/{brand_id}/boards."
                raise ApiError(400, message, {"meta.pinterestBoard": [message]})

    @staticmethod
    def _clean(body: Mapping[str, Any]) -> dict[str, Any]:
        """The writable part of a body (read-only keys sent back are ignored)."""
        return {k: v for k, v in body.items() if k not in READ_ONLY_KEYS}

    def _due(self, status: str, timestamp: str | None, now: datetime) -> float | None:
        if status == "AUTOPUBLISHING":
            return (now + timedelta(seconds=self.publish_delay_s)).timestamp()
        if status in WAITING and timestamp:
            return datetime.fromisoformat(timestamp).timestamp()
        return None

    @staticmethod
    def _cols(platform: str, post: Mapping[str, Any], due: float | None) -> dict[str, Any]:
        ts = post["timestamp"]
        return {
            "platform": platform, "brand_id": post["brand_id"], "status": post["status"],
            "ts": datetime.fromisoformat(ts).timestamp() if ts else None,
            "created": datetime.fromisoformat(post["created_at"]).timestamp(),
            "updated": datetime.fromisoformat(post["updated_at"]).timestamp(), "due": due,
        }

    def render(self, platform: str, doc: Mapping[str, Any],
               media: Mapping[int, dict[str, Any]] | None = None) -> dict[str, Any]:
        """The answer for one post: documented core fields, expanded media, the platform's fields.

        ``media`` may carry the Library documents already fetched (lists fetch them in one query).
        """
        post = dict(doc["post"])
        body = doc["body"]
        rules = rules_for(platform)
        for key in rules.body_paths:
            if key in body:
                post[key] = body[key]
        if media is None:
            media = self.store.media_many(post["media_ids"])
        post["media"] = [self.library.post_media(media[i]) for i in post["media_ids"] if i in media]
        return post

    def _get_doc(self, platform: str, post_id: int, brands: Sequence[int]) -> dict[str, Any]:
        found = self.store.get_post(post_id)
        if found is None or found[0] != platform or found[1]["post"]["brand_id"] not in brands:
            raise not_found("Scheduled post")
        return found[1]

    # -- the endpoints -------------------------------------------------------------------------
    def create(self, platform: str, body: Any, brands: Sequence[int]) -> dict[str, Any]:
        """``POST /{platform}/scheduled_posts``."""
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object.")
        brand = body.get("brand_id")
        if not isinstance(brand, int) or isinstance(brand, bool):
            # Without a brand the media cannot be looked up: report the envelope first.
            validation.check(platform, {k: v for k, v in body.items() if k != "media_ids"}, [])
        if brand not in brands:
            raise forbidden()
        kinds = self._media_kinds(body)
        validation.check(platform, body, kinds)
        self._check_board(platform, body)
        now = self.clock.now()
        stored = self._clean(body)
        post = self._server_fields(platform, stored, now)
        doc = {"post": post, "body": stored}
        due = self._due(post["status"], post["timestamp"], now)

        def build(post_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
            post["id"] = post_id
            return doc, self._cols(platform, post, due)

        self.store.insert_post(build)
        return self.render(platform, doc)

    def _server_fields(self, platform: str, body: Mapping[str, Any], now: datetime,
                       previous: Mapping[str, Any] | None = None) -> dict[str, Any]:
        rules = rules_for(platform)
        auto = body.get("auto_publish")
        auto = True if rules.auto_publish is AutoPublish.FORCED or auto is None else bool(auto)
        timestamp = wire_time(body.get("timestamp"))
        prev = previous or {}
        return {
            "id": prev.get("id"),
            "brand_id": body["brand_id"],
            "status": body["status"],
            "auto_publish": auto,
            "timestamp": timestamp,
            "has_scheduled_time": timestamp is not None,
            "media_ids": list(body.get("media_ids") or []),
            "created_at": prev.get("created_at", iso(now)),
            "updated_at": iso(now),
            "approval_policy": prev.get("approval_policy", "APPROVAL_NOT_REQUIRED"),
            "approval_status": prev.get("approval_status", "UNASSIGNED"),
            "approval_requests": prev.get("approval_requests", []),
            "num_of_approvals_required": prev.get("num_of_approvals_required", 0),
            "auto_publish_error": None,
            "live_post_url": None,
            "post_group_id": prev.get("post_group_id", str(uuid.uuid4())),
        }

    def get(self, platform: str, post_id: int, brands: Sequence[int]) -> dict[str, Any]:
        """``GET /{platform}/scheduled_posts/{id}``."""
        return self.render(platform, self._get_doc(platform, post_id, brands))

    def update(self, platform: str, post_id: int, changes: Any, brands: Sequence[int]) -> dict[str, Any]:
        """``PATCH``: only the sent fields change; the merged post must still pass the rules."""
        if not isinstance(changes, dict):
            raise bad_request("The request body must be a JSON object.")
        doc = self._get_doc(platform, post_id, brands)
        post = doc["post"]
        if not status_info(post["status"]).editable:
            message = f"A post that is {post['status']} can no longer be edited."
            raise ApiError(400, message, {"status": [message]})
        changes = self._clean(changes)
        if "brand_id" in changes and changes["brand_id"] != post["brand_id"]:
            raise bad_request("A post cannot move to another brand.", "brand_id")
        merged = {**doc["body"], **changes}
        new_status = changes.get("status", post["status"])
        checked = dict(merged)
        if "status" not in changes:
            # A server-set status (FAILED, EXPIRED, ...) is checked as the scheduled post it was.
            checked["status"] = post["status"] if post["status"] in WRITABLE_STATUSES else "SCHEDULED"
        kinds = self._media_kinds(checked)
        validation.check(platform, checked, kinds)
        self._check_board(platform, checked)
        merged["status"] = new_status
        now = self.clock.now()
        new_post = self._server_fields(platform, merged, now, post)
        if new_status == post["status"] and new_status not in WRITABLE_STATUSES:
            new_post["auto_publish_error"] = post.get("auto_publish_error")
        doc = {"post": new_post, "body": merged}
        due = self._due(new_status, new_post["timestamp"], now)
        self.store.update_post(post_id, doc, self._cols(platform, new_post, due))
        return self.render(platform, doc)

    def delete(self, platform: str, post_id: int, brands: Sequence[int]) -> None:
        """``DELETE``: the post is gone; a second delete is a 404."""
        self._get_doc(platform, post_id, brands)
        self.store.delete_post(post_id)

    def list(self, platform: str, brand_ids: Sequence[int], start: datetime | None, end: datetime | None,
             sort: str, descending: bool, limit: int | None, offset: int) -> tuple[list[dict[str, Any]], int]:
        """``GET /{platform}/scheduled_posts``: posts of the brands with timestamps in [start, end]."""
        docs, total = self.store.list_posts(
            platform, brand_ids, start.timestamp() if start else None, end.timestamp() if end else None,
            sort, descending, limit, offset,
        )
        media = self.store.media_many(m for d in docs for m in d["post"]["media_ids"])
        return [self.render(platform, d, media) for d in docs], total

    # -- simulated publishing ------------------------------------------------------------------
    def settle(self) -> int:
        """Move every post whose moment has come to its outcome; returns how many changed."""
        now = self.clock.now()
        changed = 0
        for platform, doc in self.store.due_posts(now.timestamp()):
            post = doc["post"]
            status = post["status"]
            if status == "MISSING_APPROVALS":
                post["status"] = "EXPIRED"
            elif status == "SCHEDULED" and not post["auto_publish"]:
                post["status"] = "USERS_NOTIFIED"
            else:
                error = self._publish_error(platform, doc)
                if error:
                    post["status"], post["auto_publish_error"] = "FAILED", error
                else:
                    post["status"] = "POSTED"
                    post["live_post_url"] = f"{ORIGIN}/_live/{platform}/{post['id']}"
            post["updated_at"] = iso(now)
            self.store.update_post(post["id"], doc, self._cols(platform, post, None))
            changed += 1
        return changed

    def _publish_error(self, platform: str, doc: Mapping[str, Any]) -> str | None:
        """Why this post could not have been published, or ``None``."""
        name = rules_for(platform).name
        if platform in self.faults.publish_fail_platforms:
            return f"{name} refused the post (sandbox fault injection)."
        if doc.get("fail_reason"):
            return str(doc["fail_reason"])
        ids = doc["post"]["media_ids"]
        media = self.store.media_many(ids)
        if any(i not in media for i in ids):
            return "An attached media item no longer exists in the Library."
        kinds = [media[i]["media_type"] for i in ids]
        problems = validation.publish_problems(platform, doc["body"], kinds)
        if problems:
            return f"{name} could not publish this post: {problems[0].message}"
        return None
