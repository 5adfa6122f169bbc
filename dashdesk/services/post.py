"""The app's view of one scheduled post: the API's JSON plus the few fields the calendar reads."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dashdesk.platforms import format_timestamp, get_path, parse_timestamp, rules_for

PostKey = tuple[str, int]
"""A post is identified by its platform and its scheduler id."""

#: Statuses a post without a time can only have reached by being sent to publish at once.
SENT_STATUSES = frozenset({"AUTOPUBLISHING", "POSTED", "FAILED", "PARTIALLY_FAILED"})

_THUMB_SIZES = ("small_square", "medium_square", "small", "thumbnail", "original_converted", "original")


@dataclass(frozen=True, slots=True)
class Post:
    """An immutable snapshot of a scheduled post as the API returned it (``data``)."""

    platform: str
    id: int
    data: Mapping[str, Any] = field(repr=False, compare=False)
    status: str = ""
    timestamp: datetime | None = None

    @classmethod
    def from_json(cls, platform: str, data: Mapping[str, Any]) -> Post:
        """Build a post from the API's JSON object of ``platform``."""
        clean = dict(data)
        clean.setdefault("platform", platform)
        if cls is not Post:
            return cls(
                platform=platform,
                id=int(clean["id"]),
                data=clean,
                status=str(clean.get("status") or ""),
                timestamp=parse_timestamp(clean.get("timestamp")),
            )
        # What the generated __init__ does, through the slots directly: the cache decodes thousands
        # of posts at start-up, and the frozen __init__'s per-field object.__setattr__ costs ~40%.
        post = _new(Post)
        _set_platform(post, platform)
        _set_id(post, int(clean["id"]))
        _set_data(post, clean)
        _set_status(post, str(clean.get("status") or ""))
        _set_timestamp(post, parse_timestamp(clean.get("timestamp")))
        return post

    @classmethod
    def from_api(cls, obj: Any, platform: str | None = None) -> Post:
        """Build a post from a ``ScheduledPost`` (pydantic) or a plain mapping."""
        if isinstance(obj, Post):
            return obj
        data = obj.model_dump(mode="json") if hasattr(obj, "model_dump") else dict(obj)
        plat = platform or data.get("platform") or getattr(obj, "platform", None)
        if not plat:
            raise ValueError("the post's platform is unknown")
        return cls.from_json(str(plat), data)

    @property
    def key(self) -> PostKey:
        """(platform, id)."""
        return (self.platform, self.id)

    @property
    def is_publish_now(self) -> bool:
        """A post sent to publish at once (no scheduled time, not a draft): it is placed at ``created_at``."""
        return self.timestamp is None and self.status in SENT_STATUSES

    @property
    def is_undated(self) -> bool:
        """A post without a time that was never sent (a draft): listed under "No date"."""
        return self.timestamp is None and self.status not in SENT_STATUSES

    @property
    def created_at(self) -> datetime | None:
        """When Dash created the post (the moment a publish-now post was sent)."""
        return parse_timestamp(self.data.get("created_at"))

    @property
    def when(self) -> datetime | None:
        """Where the post sits on the calendar: its time, or when a publish-now post was sent."""
        if self.timestamp is not None:
            return self.timestamp
        return self.created_at if self.is_publish_now else None

    @property
    def auto_publish_error(self) -> str | None:
        """Dash's reason a post failed, if it gave one."""
        value = self.data.get("auto_publish_error")
        return str(value) if value else None

    @property
    def live_post_url(self) -> str | None:
        """The published post's address, once it is live."""
        value = self.data.get("live_post_url")
        return str(value) if value else None

    @property
    def brand_id(self) -> int | None:
        """The brand the post belongs to."""
        value = self.data.get("brand_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        """The post's main text (caption, tweet, message, note, title, ...), or ""."""
        try:
            value = get_path(self.data, rules_for(self.platform).text_field.path)
        except Exception:
            value = None
        if isinstance(value, str) and value.strip():
            return value
        for path in ("caption", "text", "message", "tweet_status", "note", "description", "title", "meta.title"):
            value = get_path(self.data, path)
            if isinstance(value, str) and value.strip():
                return value
        return ""

    @property
    def post_type(self) -> str | None:
        """The platform post type (FEED, REEL, STORY, ...), when the platform has one."""
        value = self.data.get("post_type")
        return str(value) if value else None

    @property
    def media(self) -> list[Mapping[str, Any]]:
        """The expanded media objects."""
        items = self.data.get("media") or []
        return [m for m in items if isinstance(m, Mapping)]

    @property
    def media_count(self) -> int:
        """How many media items are attached."""
        return max(len(self.data.get("media_ids") or []), len(self.media))

    @property
    def first_media_kind(self) -> str | None:
        """"IMAGE" or "VIDEO" for the first media item, when known."""
        for m in self.media[:1]:
            for key in ("media_type", "type"):
                value = str(m.get(key) or "").upper()
                if value in ("IMAGE", "VIDEO"):
                    return value
        return None

    @property
    def thumbnail_url(self) -> str | None:
        """A small image URL of the first media item, if the API gave one."""
        for m in self.media[:1]:
            sizes = m.get("image_sizes") or {}
            for name in _THUMB_SIZES:
                entry = sizes.get(name) if isinstance(sizes, Mapping) else None
                if isinstance(entry, Mapping) and entry.get("url"):
                    return str(entry["url"])
            urls = m.get("urls") or {}
            if isinstance(urls, Mapping):
                for name in ("thumbs", "640", "ratio", "full", "original"):
                    if urls.get(name):
                        return str(urls[name])
            for name in ("thumbnail_url", "preview_url", "url"):
                if m.get(name):
                    return str(m[name])
        return None

    @classmethod
    def from_cache_row(cls, platform: str, post_id: int, status: str, epoch: float | None, text: str) -> Post:
        """A post from a cache row; its JSON (``text``) is decoded when ``data`` is first read."""
        post = _new(Post)
        _set_platform(post, platform)
        _set_id(post, post_id)
        _set_data(post, JsonObject(text, platform))
        _set_status(post, str(status or ""))
        _set_timestamp(post, _from_epoch(epoch, UTC) if epoch is not None else None)
        return post

    def with_changes(self, changes: Mapping[str, Any]) -> Post:
        """Return a copy with top-level ``changes`` applied (a ``None`` value removes nothing)."""
        data = copy.deepcopy(dict(self.data))
        for key, value in changes.items():
            data[key] = format_timestamp(value) if isinstance(value, datetime) else copy.deepcopy(value)
        return Post.from_json(self.platform, data)

    def to_json(self) -> dict[str, Any]:
        """A plain copy of the API JSON (with ``platform``)."""
        return copy.deepcopy(dict(self.data))


class JsonObject(Mapping[str, Any]):
    """A read-only mapping over a JSON object's text, decoded on first access.

    A month of cached posts starts as text: the calendar paints from the columns the cache keeps
    beside it, and only the posts something reads (a chip's caption, an edit) are decoded.
    """

    __slots__ = ("_platform", "_text", "_value")

    def __init__(self, text: str, platform: str) -> None:
        self._text, self._platform = text, platform
        self._value: dict[str, Any] | None = None

    def _decoded(self) -> dict[str, Any]:
        value = self._value
        if value is None:
            value = json.loads(self._text)
            if not isinstance(value, dict):
                value = {}
            value.setdefault("platform", self._platform)
            self._value = value
        return value

    def __getitem__(self, key: str) -> Any:
        return self._decoded()[key]

    def get(self, key: str, default: Any = None) -> Any:
        """``dict.get`` on the decoded object."""
        return self._decoded().get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __len__(self) -> int:
        return len(self._decoded())

    def __contains__(self, key: object) -> bool:
        return key in self._decoded()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, JsonObject):
            other = other._decoded()
        return self._decoded() == other if isinstance(other, Mapping) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  (mutable-looking, like dict)

    def __repr__(self) -> str:
        return f"JsonObject({self._decoded()!r})"


_from_epoch = datetime.fromtimestamp
_new = object.__new__
_set_platform = Post.platform.__set__  # type: ignore[attr-defined]
_set_id = Post.id.__set__  # type: ignore[attr-defined]
_set_data = Post.data.__set__  # type: ignore[attr-defined]
_set_status = Post.status.__set__  # type: ignore[attr-defined]
_set_timestamp = Post.timestamp.__set__  # type: ignore[attr-defined]
