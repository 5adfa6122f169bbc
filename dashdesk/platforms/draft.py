"""The platform-neutral draft, and the payload builder between it and each platform's body."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .assumptions import coerce_made_for_kids, format_timestamp, parse_timestamp
from .kinds import MediaKind, PublishMode
from .problems import Problem
from .rules import FieldKind, rules_for
from .validate import get_path, is_blank, validate_body


@dataclass(frozen=True)
class MediaRef:
    """One Library media item attached to a draft."""

    media_id: int
    kind: MediaKind


@dataclass
class Draft:
    """A post for one platform, in words every platform shares.

    ``text`` is the platform's main text (caption, tweet_status, message, text, description or
    note); ``extras`` holds the platform's other fields by neutral key (``first_comment``, ``link``,
    ``title``, ``made_for_kids``, ``board``, ``disable_comment``, ``save_to_profile``, ``locale``...).
    ``auto_publish=None`` leaves the field out of the body (the API's default, true, applies).
    """

    platform: str
    mode: PublishMode = PublishMode.DRAFT
    text: str = ""
    media: list[MediaRef] = field(default_factory=list)
    timestamp: datetime | None = None
    post_type: str | None = None
    auto_publish: bool | None = True
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def media_kinds(self) -> list[MediaKind]:
        """Kinds of the attached media, in order."""
        return [m.kind for m in self.media]

    @property
    def effective_post_type(self) -> str | None:
        """The post type the body will carry (the platform's first one when none was chosen)."""
        rules = rules_for(self.platform)
        if not rules.has_post_type:
            return None
        return self.post_type or rules.default_post_type


def new_draft(platform: str, **values: Any) -> Draft:
    """A draft for ``platform`` with the table's defaults filled in (TikTok toggles off, and so on)."""
    rules = rules_for(platform)
    extras = {f.key: f.default for f in rules.fields if f.key != "text" and f.default is not None}
    extras.update(values.pop("extras", {}))
    return Draft(platform=platform, extras=extras, **values)


def _set_path(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = body
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def build_body(draft: Draft, brand_id: int) -> dict[str, Any]:
    """The JSON body ``draft`` is sent as to its platform's ``scheduled_posts`` endpoint."""
    rules = rules_for(draft.platform)
    body: dict[str, Any] = {"brand_id": brand_id, "status": draft.mode.status}
    if draft.auto_publish is not None:
        body["auto_publish"] = draft.auto_publish
    post_type = draft.effective_post_type
    if rules.has_post_type:
        body["post_type"] = post_type
    if draft.timestamp is not None and draft.mode is not PublishMode.NOW:
        body["timestamp"] = format_timestamp(draft.timestamp)
    if draft.media:
        body["media_ids"] = [m.media_id for m in draft.media]
    for spec in rules.fields_for(post_type):
        value = draft.text if spec.key == "text" else draft.extras.get(spec.key)
        if spec.kind is FieldKind.BOOL:
            if value is None:
                continue
            if spec.key == "made_for_kids":
                value = coerce_made_for_kids(value)
        elif is_blank(value):
            continue
        _set_path(body, spec.path, copy.deepcopy(value))
    return body


def media_kind_of(media: Mapping[str, Any]) -> MediaKind | None:
    """The kind of an expanded media object (``media_type`` or ``type``), if it says."""
    for key in ("media_type", "type"):
        value = str(media.get(key) or "").upper()
        if value in MediaKind.__members__:
            return MediaKind(value)
    return None


def draft_from_post(platform: str, post: Mapping[str, Any]) -> Draft:
    """The neutral draft of a post as the API returns it (or of a request body)."""
    rules = rules_for(platform)
    kinds: dict[int, MediaKind] = {}
    for item in post.get("media") or []:
        kind = media_kind_of(item)
        item_id = item.get("id", item.get("media_id"))
        if kind is not None and item_id is not None:
            kinds[int(item_id)] = kind
    media = [MediaRef(int(i), kinds.get(int(i), MediaKind.IMAGE)) for i in post.get("media_ids") or []]
    text_value = get_path(post, rules.text_field.path)
    extras: dict[str, Any] = {}
    for spec in rules.fields:
        if spec.key == "text":
            continue
        value = get_path(post, spec.path)
        if is_blank(value):
            continue
        extras[spec.key] = coerce_made_for_kids(value) if spec.key == "made_for_kids" else copy.deepcopy(value)
    return Draft(
        platform=platform,
        mode=PublishMode.from_status(post.get("status")),
        text=text_value if isinstance(text_value, str) else "",
        media=media,
        timestamp=parse_timestamp(post.get("timestamp")),
        post_type=post.get("post_type") if rules.has_post_type else None,
        auto_publish=post.get("auto_publish") if isinstance(post.get("auto_publish"), bool) else None,
        extras=extras,
    )


def validate_draft(draft: Draft, *, brand_id: int = 1, now: datetime | None = None,
                   x_premium: bool = False) -> list[Problem]:
    """Every problem with ``draft`` as its platform would see it (and, with ``now``, a past time)."""
    return validate_body(draft.platform, build_body(draft, brand_id), draft.media_kinds, now=now,
                         x_premium=x_premium)


def body_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The PATCH body turning ``before`` into ``after``: changed keys, and removed ones as ``None``."""
    changes = {k: copy.deepcopy(v) for k, v in after.items() if k not in before or before[k] != v}
    changes.update({k: None for k in before if k not in after and before[k] is not None})
    return changes
