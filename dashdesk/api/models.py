"""pydantic models of Dash API responses: tolerant (unknown fields kept, odd values coerced)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from dashdesk.i18n import tr

log = logging.getLogger(__name__)


def parse_datetime(value: Any) -> datetime | None:
    """Parse an API time into an aware UTC datetime; naive times are taken as UTC.

    Accepts ISO 8601 strings (``Z`` or offsets, with or without fractions), UNIX seconds and
    datetimes. Empty or unreadable values become ``None`` (logged) rather than failing the object.
    """
    if value is None or value == "":
        return None
    try:
        if isinstance(value, datetime):
            parsed = value
        elif isinstance(value, int | float) and not isinstance(value, bool):
            parsed = datetime.fromtimestamp(float(value), UTC)
        elif isinstance(value, str):
            parsed = datetime.fromisoformat(value.strip().replace("z", "Z"))
        else:
            raise TypeError(type(value).__name__)
    except (ValueError, TypeError, OverflowError, OSError):
        log.warning("ignoring unreadable time value %r", value)
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_datetime(value: datetime) -> str:
    """Format a datetime for the API: UTC with a ``Z`` suffix (naive values are taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    text = value.isoformat(timespec="milliseconds" if value.microsecond else "seconds")
    return text.replace("+00:00", "Z")


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def _none_to_dict(value: Any) -> Any:
    return {} if value is None else value


def _json_object(value: Any) -> Any:
    """``meta`` is sent as a JSON string; accept a string holding an object too."""
    if value is None:
        return {}
    if isinstance(value, str):
        try:
            decoded = json.loads(value) if value.strip() else {}
        except ValueError:
            return {"raw": value}
        return decoded if isinstance(decoded, dict) else {"raw": decoded}
    return value


ApiTime = Annotated[datetime | None, BeforeValidator(parse_datetime)]
IdList = Annotated[list[int], BeforeValidator(_none_to_list)]
AnyList = Annotated[list[Any], BeforeValidator(_none_to_list)]
AnyDict = Annotated[dict[str, Any], BeforeValidator(_none_to_dict)]


class DashModel(BaseModel):
    """Base: unknown fields are kept (``model_extra``), never fatal."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_dict(self) -> dict[str, Any]:
        """The object as JSON-ready data, unknown fields included."""
        return self.model_dump(mode="json")


class Media(DashModel):
    """A Library media item (also the expanded ``media`` entries of a post)."""

    id: int
    media_id: int | None = None
    brand_id: int | None = None
    type: str | None = None
    media_type: str | None = None
    source: str | None = None
    source_id: str | None = None
    meta: Annotated[dict[str, Any], BeforeValidator(_json_object)] = Field(default_factory=dict)
    brand_media_status: str | None = None
    duration: float | None = None
    image_sizes: AnyDict = Field(default_factory=dict)
    video_sizes: AnyDict = Field(default_factory=dict)
    urls: AnyDict = Field(default_factory=dict)
    created_at: ApiTime = None
    updated_at: ApiTime = None
    source_created_at: ApiTime = None

    @field_validator("source_id", mode="before")
    @classmethod
    def _source_id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @property
    def attach_id(self) -> int:
        """The id that goes into a post's ``media_ids`` (``media_id`` when given, else ``id``)."""
        return self.media_id if self.media_id is not None else self.id

    @property
    def kind(self) -> str | None:
        """``"IMAGE"`` or ``"VIDEO"`` when the API says so, else ``None``."""
        for candidate in (self.media_type, self.type):
            if candidate and candidate.upper() in ("IMAGE", "VIDEO"):
                return candidate.upper()
        return "VIDEO" if self.video_sizes or self.duration else None

    @property
    def filename(self) -> str | None:
        """The original file name, when the API kept one in ``meta``."""
        name = self.meta.get("filename")
        return name if isinstance(name, str) else None

    @property
    def thumbnail_url(self) -> str | None:
        """A small preview URL, if any."""
        for size in ("small_square", "medium_square", "small", "original_converted", "original"):
            entry = self.image_sizes.get(size)
            if isinstance(entry, dict) and isinstance(entry.get("url"), str):
                return entry["url"]
        for key in ("thumbs", "640", "full", "original"):
            if isinstance(self.urls.get(key), str):
                return self.urls[key]
        return None


#: Response fields that describe the post rather than carrying its platform content.
POST_SERVER_FIELDS: frozenset[str] = frozenset(
    {
        "id", "platform", "brand_id", "status", "auto_publish", "timestamp", "media_ids", "media",
        "created_at", "updated_at", "approval_policy", "approval_status", "approval_requests",
        "auto_publish_error", "live_post_url", "has_scheduled_time", "post_group_id",
        "num_of_approvals_required",
    }
)  # fmt: skip


class ScheduledPost(DashModel):
    """A scheduled post as the scheduler returns it; ``platform`` is set by the client."""

    id: int
    platform: str | None = None
    brand_id: int | None = None
    status: str | None = None
    auto_publish: bool | None = None
    timestamp: ApiTime = None
    media_ids: IdList = Field(default_factory=list)
    media: Annotated[list[Media], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    created_at: ApiTime = None
    updated_at: ApiTime = None
    approval_policy: str | None = None
    approval_status: str | None = None
    approval_requests: AnyList = Field(default_factory=list)
    auto_publish_error: Any = None
    live_post_url: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _drop_bad_media(cls, data: Any) -> Any:
        """One unreadable expanded media entry should not lose the whole post."""
        if isinstance(data, dict) and isinstance(data.get("media"), list):
            good = [m for m in data["media"] if isinstance(m, dict) and _is_int_like(m.get("id"))]
            if len(good) != len(data["media"]):
                data = {**data, "media": good}
        return data

    def body_fields(self) -> dict[str, Any]:
        """The platform content fields (``caption``, ``tweet_status``, ``meta``, ``post_type``...)."""
        return {k: v for k, v in (self.model_extra or {}).items() if k not in POST_SERVER_FIELDS}


def _is_int_like(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.strip().isdigit()


class Board(DashModel):
    """A Pinterest board; send the whole object (:meth:`to_dict`) as ``meta.pinterestBoard``."""

    id: str
    name: str = ""
    description: str | None = ""
    preview_url: str | None = None
    protected: bool = False

    @field_validator("id", mode="before")
    @classmethod
    def _id_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Brand(DashModel):
    """A brand the key can act for."""

    id: int
    name: str = ""
    slug: str | None = None
    organization_id: int | None = None
    organization: Any = None

    @property
    def label(self) -> str:
        """A name to show, never empty."""
        return self.name or self.slug or f"Brand {self.id}"


class Identity(DashModel):
    """The answer of ``/api/self``: who the key belongs to and which brands it reaches."""

    id: int | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    organization_id: int | None = None
    accessible_brands: IdList = Field(default_factory=list)
    brands: list[Brand] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _brands_from_mapping(cls, data: Any) -> Any:
        """``brands`` is documented as an object keyed by slug; accept a list too."""
        if not isinstance(data, dict):
            return data
        raw = data.get("brands")
        brands: list[dict[str, Any]] = []
        if isinstance(raw, dict):
            for slug, entry in raw.items():
                if isinstance(entry, dict):
                    brands.append({"slug": slug, **entry})
        elif isinstance(raw, list):
            brands = [b for b in raw if isinstance(b, dict)]
        known = {b.get("id") for b in brands}
        for brand_id in data.get("accessible_brands") or []:
            if brand_id not in known and _is_int_like(brand_id):
                brands.append({"id": brand_id})
        return {**data, "brands": brands}

    def brand(self, brand_id: int) -> Brand | None:
        """The brand with this id, if the key reaches it."""
        return next((b for b in self.brands if b.id == brand_id), None)

    @property
    def display_name(self) -> str:
        """The person's name or e-mail, for the status bar."""
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.email or tr("Dash user")


class Paging(DashModel):
    """The ``paging`` object of list answers."""

    count: int | None = None
    previous: str | None = None
    next: str | None = None


class MediaPage(DashModel):
    """One page of Library media."""

    data: Annotated[list[Media], BeforeValidator(_none_to_list)] = Field(default_factory=list)
    paging: Paging = Field(default_factory=Paging)
    limit: int | None = None
    offset: int | None = None

    @property
    def items(self) -> list[Media]:
        """The media on this page."""
        return self.data

    @property
    def has_more(self) -> bool:
        """True when the API says another page follows."""
        if self.paging.next:
            return True
        if self.paging.count is not None:
            return (self.offset or 0) + len(self.data) < self.paging.count
        return False


class UploadTarget(DashModel):
    """Where to PUT a file's bytes, and the URL (query stripped) that names it afterwards."""

    upload_url: str
    public_url: str


__all__ = [
    "Board",
    "Brand",
    "Identity",
    "Media",
    "MediaPage",
    "Paging",
    "ScheduledPost",
    "UploadTarget",
    "format_datetime",
    "parse_datetime",
]
