"""What the composer holds, without Qt: shared text and media, one part per platform, publishing mode.

The state turns into one :class:`~dashdesk.platforms.Draft` per chosen platform (what the API
receives comes from ``build_body``), and into plain JSON for the autosave and back.
"""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dashdesk.media.attached import AttachedMedia
from dashdesk.platforms import (
    AutoPublish,
    Draft,
    MediaKind,
    MediaRef,
    PublishMode,
    format_timestamp,
    new_draft,
    parse_timestamp,
    rules_for,
)
from dashdesk.services.save_flow import EditTarget

STATE_VERSION = 1


#: The composer's media items are the strip's attached media (one type, Qt-free).
MediaItem = AttachedMedia


@dataclass
class PlatformPart:
    """One platform's own choices: post type, overrides of the shared text and media, its fields."""

    platform: str
    post_type: str | None = None
    own_text: str | None = None  # None: the shared text applies
    own_media: list[MediaItem] | None = None  # None: the shared media apply
    extras: dict[str, Any] = field(default_factory=dict)
    auto_publish: bool = True

    @classmethod
    def new(cls, platform: str) -> PlatformPart:
        """A part with the rules table's defaults (first post type, TikTok toggles off, locale...)."""
        draft = new_draft(platform)
        return cls(platform, post_type=rules_for(platform).default_post_type, extras=dict(draft.extras))

    def to_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {
            "platform": self.platform,
            "post_type": self.post_type,
            "own_text": self.own_text,
            "own_media": None if self.own_media is None else [m.to_json() for m in self.own_media],
            "extras": copy.deepcopy(self.extras),
            "auto_publish": self.auto_publish,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlatformPart:
        """Read back :meth:`to_json`."""
        own_media = data.get("own_media")
        return cls(
            platform=str(data["platform"]),
            post_type=data.get("post_type"),
            own_text=data.get("own_text"),
            own_media=None if own_media is None else [MediaItem.from_json(m) for m in own_media],
            extras=dict(data.get("extras") or {}),
            auto_publish=bool(data.get("auto_publish", True)),
        )


@dataclass
class ComposerState:
    """Everything the composer holds; JSON round-trips through :meth:`to_json`/:meth:`from_json`."""

    platforms: list[str] = field(default_factory=list)
    text: str = ""
    media: list[MediaItem] = field(default_factory=list)
    mode: PublishMode = PublishMode.SCHEDULE
    when: datetime | None = None
    #: Whether a draft carries the chosen time (a scheduled post always does; "publish now" never).
    timed_draft: bool = True
    parts: dict[str, PlatformPart] = field(default_factory=dict)
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    edit: EditTarget | None = None
    #: Platforms already saved by an earlier attempt of this composer, with their post ids.
    saved: dict[str, int] = field(default_factory=dict)
    #: "Add to queue": the time each platform's post would take (looked up again, not kept).
    queue_times: dict[str, datetime] = field(default_factory=dict)

    # --- platforms -------------------------------------------------------------------------

    def part(self, platform: str) -> PlatformPart:
        """The part of ``platform`` (created with defaults on first use, kept when unchosen)."""
        if platform not in self.parts:
            self.parts[platform] = PlatformPart.new(platform)
        return self.parts[platform]

    def set_platforms(self, platforms: list[str]) -> None:
        """Choose ``platforms`` (order kept as given); parts of unchosen platforms are kept for undo."""
        self.platforms = list(dict.fromkeys(platforms))
        for p in self.platforms:
            self.part(p)

    # --- effective values ------------------------------------------------------------------

    def text_for(self, platform: str) -> str:
        """The main text ``platform`` will carry."""
        own = self.part(platform).own_text
        return self.text if own is None else own

    def media_for(self, platform: str) -> list[MediaItem]:
        """The media ``platform`` will carry."""
        own = self.part(platform).own_media
        return list(self.media if own is None else own)

    def auto_publish_for(self, platform: str) -> bool:
        """The auto_publish value sent: always true where the platform requires or forces it."""
        if rules_for(platform).auto_publish is not AutoPublish.OPTIONAL:
            return True
        return self.part(platform).auto_publish

    def timestamp(self) -> datetime | None:
        """The time the posts carry: the chosen one, except for "publish now" and untimed drafts."""
        if self.mode is PublishMode.NOW or (self.mode is PublishMode.DRAFT and not self.timed_draft):
            return None
        return self.when

    def draft_for(self, platform: str) -> Draft:
        """The neutral draft of ``platform``."""
        part = self.part(platform)
        return Draft(
            platform=platform,
            mode=self.mode,
            text=self.text_for(platform),
            media=[m.ref() for m in self.media_for(platform)],
            timestamp=self.queue_times.get(platform) if self.mode is PublishMode.QUEUE else self.timestamp(),
            post_type=part.post_type,
            auto_publish=self.auto_publish_for(platform),
            extras=copy.deepcopy(part.extras),
        )

    def drafts(self) -> dict[str, Draft]:
        """One draft per chosen platform."""
        return {p: self.draft_for(p) for p in self.platforms}

    # --- summaries -------------------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether nothing worth keeping was written or attached."""
        if self.text.strip() or self.media:
            return False
        for p in self.platforms:
            part = self.parts.get(p)
            if part and ((part.own_text or "").strip() or part.own_media):
                return False
        return True

    def summary(self, length: int = 80) -> str:
        """A one-line description for the restore offer."""
        names = ", ".join(rules_for(p).name for p in self.platforms) or "no platform"
        text = " ".join((self.text or next((self.text_for(p) for p in self.platforms), "")).split())
        if len(text) > length:
            text = text[: length - 1] + "…"
        media = len(self.media)
        extra = f", {media} media" if media else ""
        return f"{names}{extra}: {text or '(no text)'}"

    # --- JSON ------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (for the autosave)."""
        edit = None
        if self.edit is not None:
            edit = {"platform": self.edit.platform, "post_id": self.edit.post_id,
                    "original": draft_to_json(self.edit.original)}
        return {
            "version": STATE_VERSION,
            "session_id": self.session_id,
            "platforms": list(self.platforms),
            "text": self.text,
            "media": [m.to_json() for m in self.media],
            "mode": str(self.mode),
            "when": format_timestamp(self.when) if self.when else None,
            "timed_draft": self.timed_draft,
            "parts": {p: part.to_json() for p, part in self.parts.items()},
            "edit": edit,
            "saved": dict(self.saved),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ComposerState:
        """Read back :meth:`to_json`."""
        edit = data.get("edit")
        state = cls(
            platforms=[str(p) for p in data.get("platforms") or []],
            text=str(data.get("text") or ""),
            media=[MediaItem.from_json(m) for m in data.get("media") or []],
            mode=PublishMode(data.get("mode") or PublishMode.SCHEDULE),
            when=parse_timestamp(data.get("when")),
            timed_draft=bool(data.get("timed_draft", True)),
            parts={p: PlatformPart.from_json(v) for p, v in (data.get("parts") or {}).items()},
            session_id=str(data.get("session_id") or uuid.uuid4().hex),
            edit=None if not edit else EditTarget(edit["platform"], int(edit["post_id"]),
                                                  draft_from_json(edit["original"])),
            saved={str(k): int(v) for k, v in (data.get("saved") or {}).items()},
        )
        for p in state.platforms:
            state.part(p)
        return state


def draft_to_json(draft: Draft) -> dict[str, Any]:
    """A neutral draft as plain JSON."""
    return {
        "platform": draft.platform,
        "mode": str(draft.mode),
        "text": draft.text,
        "media": [{"media_id": m.media_id, "kind": str(m.kind)} for m in draft.media],
        "timestamp": format_timestamp(draft.timestamp) if draft.timestamp else None,
        "post_type": draft.post_type,
        "auto_publish": draft.auto_publish,
        "extras": copy.deepcopy(draft.extras),
    }


def draft_from_json(data: dict[str, Any]) -> Draft:
    """Read back :func:`draft_to_json`."""
    return Draft(
        platform=data["platform"],
        mode=PublishMode(data.get("mode") or PublishMode.DRAFT),
        text=data.get("text") or "",
        media=[MediaRef(int(m["media_id"]), MediaKind(m["kind"])) for m in data.get("media") or []],
        timestamp=parse_timestamp(data.get("timestamp")),
        post_type=data.get("post_type"),
        auto_publish=data.get("auto_publish"),
        extras=dict(data.get("extras") or {}),
    )


def state_for_post(platform: str, post_id: int, draft: Draft, media: list[MediaItem]) -> ComposerState:
    """A composer state editing an existing post (its platform fixed) opened as ``draft``."""
    part = PlatformPart(
        platform,
        post_type=draft.effective_post_type,
        extras=copy.deepcopy(draft.extras),
        auto_publish=draft.auto_publish if draft.auto_publish is not None else True,
    )
    state = ComposerState(
        platforms=[platform],
        text=draft.text,
        media=media,
        mode=draft.mode,
        when=draft.timestamp,
        timed_draft=draft.timestamp is not None,
        parts={platform: part},
    )
    # The baseline is the post as the composer shows it, so opening and saving unchanged sends nothing.
    state.edit = EditTarget(platform, post_id, state.draft_for(platform))
    return state
