"""The platform rules table: every fact of the guide about each platform, in one declarative place.

The composer builds its fields from it, the validator reads it, the sandbox enforces it and the CSV
importer checks rows with it. Sources: ``dash-scheduler-guide.txt`` ("guide") and
``dash-api-facts.md`` ("facts"); choices the documents leave open are listed in ``assumptions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dashdesk.i18n import N_, tr

from .counting import Counting
from .kinds import MediaKind

IMAGE, VIDEO = MediaKind.IMAGE, MediaKind.VIDEO


class Requirement(StrEnum):
    """When a post must carry media."""

    ALWAYS = "always"
    PUBLISHING = "publishing"  # required unless the post is a draft
    NEVER = "never"


class AutoPublish(StrEnum):
    """What a platform accepts for ``auto_publish``."""

    OPTIONAL = "optional"  # true or false
    REQUIRED = "required"  # false is refused
    FORCED = "forced"  # false is accepted and ignored: always answered true


class FieldKind(StrEnum):
    """How a field is edited and checked."""

    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # multi-line
    BOOL = "bool"
    URL = "url"
    BOARD = "board"  # a whole Pinterest board object
    LOCALE = "locale"  # e.g. en_US


@dataclass(frozen=True)
class TextLimit:
    """A length limit, how it is counted, and where the figure comes from."""

    limit: int
    counting: Counting
    source: str


@dataclass(frozen=True)
class MediaRules:
    """Media kinds, counts and mixing for one post type."""

    kinds: frozenset[MediaKind]
    max_images: int
    max_videos: int
    mixed: bool
    required: Requirement
    #: Items allowed in a draft when it differs from a publishing post (Instagram Story).
    draft_max_items: int | None = None
    note: str = ""

    @property
    def max_items(self) -> int:
        """Most items one publishing post can carry."""
        return max(self.max_images, self.max_videos)


@dataclass(frozen=True)
class FieldSpec:
    """One field a platform's body can carry, keyed both neutrally (drafts, CSV) and by body path."""

    key: str
    path: str
    label: str
    kind: FieldKind
    required: bool = False
    #: Post types the field applies to; ``None`` means all of them.
    post_types: tuple[str, ...] | None = None
    limits: tuple[TextLimit, ...] = ()
    forbidden_chars: str = ""
    max_hashtags: int | None = None
    #: Only meaningful when the post auto-publishes (``first_comment``).
    needs_auto_publish: bool = False
    #: Value a new draft starts with; ``None`` means "no default, the person must choose".
    default: Any = None
    help: str = ""

    def applies_to(self, post_type: str | None) -> bool:
        """Whether this field exists for ``post_type``."""
        return self.post_types is None or post_type in self.post_types


@dataclass(frozen=True)
class PostType:
    """One post type of a platform (``name`` is ``None`` where the platform has no ``post_type``)."""

    name: str | None
    label: str
    media: MediaRules
    #: How messages name several of them ("Instagram Stories").
    plural: str = "posts"


@dataclass(frozen=True)
class PlatformRules:
    """Everything DashDesk knows about one platform."""

    id: str
    name: str
    accent: str
    icon: str
    post_types: tuple[PostType, ...]
    #: The caption field(s) and platform fields, caption first; ``key == "text"`` is the main text.
    fields: tuple[FieldSpec, ...]
    auto_publish: AutoPublish = AutoPublish.OPTIONAL
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_post_type(self) -> bool:
        """Whether the body carries a ``post_type``."""
        return self.post_types[0].name is not None

    def post_type(self, name: str | None) -> PostType | None:
        """The post type called ``name`` (``None`` for platforms without post types)."""
        for pt in self.post_types:
            if pt.name == name:
                return pt
        return None

    def describe(self, post_type: PostType) -> str:
        """How messages name posts of ``post_type``: "TikTok posts", "Instagram Stories"."""
        return tr("{platform} {posts}", platform=self.name, posts=tr(post_type.plural))

    @property
    def default_post_type(self) -> str | None:
        """The post type a new draft starts with."""
        return self.post_types[0].name

    def fields_for(self, post_type: str | None) -> tuple[FieldSpec, ...]:
        """The fields that exist for ``post_type``."""
        return tuple(f for f in self.fields if f.applies_to(post_type))

    def field(self, key: str) -> FieldSpec | None:
        """The field with neutral ``key``."""
        for f in self.fields:
            if f.key == key:
                return f
        return None

    @property
    def uses_boards(self) -> bool:
        """Whether posts name a board from the boards endpoint (Pinterest)."""
        return any(f.kind is FieldKind.BOARD for f in self.fields)

    @property
    def text_field(self) -> FieldSpec:
        """The main text field (caption, tweet_status, message, text, description or note)."""
        return next(f for f in self.fields if f.key == "text")

    @property
    def body_paths(self) -> frozenset[str]:
        """Every top-level body key of this platform's own fields."""
        return frozenset(f.path.split(".")[0] for f in self.fields) | ({"post_type"} if self.has_post_type else set())


FACTS = "dash-api-facts.md, platform text limits"
GUIDE = "Dash scheduler guide"


def _media(
    kinds: set[MediaKind],
    images: int,
    videos: int,
    mixed: bool,
    required: Requirement,
    note: str,
    draft_max_items: int | None = None,
) -> MediaRules:
    return MediaRules(frozenset(kinds), images, videos, mixed, required, draft_max_items, note)


def _text(
    path: str,
    label: str,
    limit: int | None,
    counting: Counting,
    source: str,
    *,
    kind: FieldKind = FieldKind.LONG_TEXT,
    key: str = "text",
    **kw: Any,
) -> FieldSpec:
    limits = (TextLimit(limit, counting, source),) if limit else ()
    return FieldSpec(key=key, path=path, label=label, kind=kind, limits=limits, **kw)


def _first_comment(post_types: tuple[str, ...] | None = None) -> FieldSpec:
    return FieldSpec(
        "first_comment",
        "first_comment",
        N_("First comment"),
        FieldKind.LONG_TEXT,
        limits=(TextLimit(2200, Counting.CHARS, FACTS + " (Instagram comment)"),),
        needs_auto_publish=True,
        post_types=post_types,
        help=N_("Posted as the first comment; needs auto-publish."),
    )


_PLATFORMS: tuple[PlatformRules, ...] = (
    PlatformRules(
        id="instagram",
        name="Instagram",
        accent="#FF0069",
        icon="instagram",
        post_types=(
            PostType(
                "FEED",
                "Feed post",
                plural=N_("feed posts"),
                media=_media(
                    {IMAGE, VIDEO},
                    10,
                    10,
                    True,
                    Requirement.PUBLISHING,
                    N_("Feed posts take up to 10 images or videos, mixed."),
                ),
            ),
            PostType(
                "REEL",
                "Reel",
                plural=N_("Reels"),
                media=_media({VIDEO}, 0, 1, False, Requirement.PUBLISHING, N_("Reels take a single video.")),
            ),
            PostType(
                "STORY",
                "Story",
                plural=N_("Stories"),
                media=_media(
                    {IMAGE, VIDEO},
                    1,
                    1,
                    True,
                    Requirement.PUBLISHING,
                    N_("Stories take one item when published; drafts may hold several."),
                    draft_max_items=10,
                ),
            ),
        ),
        fields=(
            _text("caption", N_("Caption"), 2200, Counting.CHARS, FACTS, max_hashtags=30),
            _first_comment(),
        ),
    ),
    PlatformRules(
        id="facebook",
        name="Facebook",
        accent="#0866FF",
        icon="facebook",
        post_types=(
            PostType(
                "POST",
                "Post",
                plural=N_("posts"),
                media=_media(
                    {IMAGE, VIDEO},
                    10,
                    1,
                    False,
                    Requirement.NEVER,
                    N_("Facebook posts take up to 10 images or 1 video, not mixed."),
                ),
            ),
            PostType(
                "REEL",
                "Reel",
                plural=N_("Reels"),
                media=_media({VIDEO}, 0, 1, False, Requirement.ALWAYS, N_("Facebook Reels need a single video.")),
            ),
        ),
        fields=(
            _text("message", N_("Message"), 63206, Counting.CHARS, FACTS),
            _first_comment(),
            FieldSpec("link", "link", N_("Link"), FieldKind.URL, help=N_("Shown as a link preview.")),
        ),
    ),
    PlatformRules(
        id="tiktok",
        name="TikTok",
        accent="#000000",
        icon="tiktok",
        post_types=(
            PostType(
                None,
                "Video",
                media=_media({VIDEO}, 0, 1, False, Requirement.PUBLISHING, N_("TikTok posts need exactly one video.")),
            ),
        ),
        fields=(
            _text("text", N_("Caption"), 2200, Counting.CHARS, FACTS),
            FieldSpec("disable_comment", "disable_comment", N_("Turn off comments"), FieldKind.BOOL, default=False),
            FieldSpec("disable_duet", "disable_duet", N_("Turn off duets"), FieldKind.BOOL, default=False),
            FieldSpec("disable_stitch", "disable_stitch", N_("Turn off stitches"), FieldKind.BOOL, default=False),
        ),
    ),
    PlatformRules(
        id="youtube",
        name="YouTube",
        accent="#FF0000",
        icon="youtube",
        post_types=(
            PostType(
                None,
                "Video",
                media=_media({VIDEO}, 0, 1, False, Requirement.ALWAYS, N_("YouTube posts need exactly one video.")),
            ),
        ),
        fields=(
            _text(
                "title",
                N_("Title"),
                100,
                Counting.CHARS,
                FACTS,
                key="title",
                kind=FieldKind.TEXT,
                required=True,
                forbidden_chars="<>",
            ),
            _text("description", N_("Description"), 5000, Counting.BYTES, FACTS, forbidden_chars="<>"),
            FieldSpec(
                "made_for_kids",
                "declared_made_for_kids",
                N_("Made for kids"),
                FieldKind.BOOL,
                required=True,
                help=N_("Required by COPPA: say whether this video is made for kids."),
            ),
        ),
        auto_publish=AutoPublish.REQUIRED,
    ),
    PlatformRules(
        id="twitter",
        name="X",
        accent="#000000",
        icon="twitter-x",
        post_types=(
            PostType(
                None,
                "Post",
                media=_media(
                    {IMAGE, VIDEO},
                    4,
                    1,
                    False,
                    Requirement.NEVER,
                    N_("X posts take up to 4 images or 1 video, not mixed."),
                ),
            ),
        ),
        fields=(
            _text(
                "tweet_status", N_("Post"), 280, Counting.WEIGHTED, "guide (standard X posts; 25,000 with X Premium)"
            ),
        ),
        extra={"premium_limit": 25000},
    ),
    PlatformRules(
        id="threads",
        name="Threads",
        accent="#000000",
        icon="threads",
        post_types=(
            PostType(
                None,
                "Post",
                media=_media({IMAGE}, 20, 0, False, Requirement.NEVER, N_("Threads posts take up to 20 images.")),
            ),
        ),
        fields=(_text("text", N_("Text"), 500, Counting.CHARS, FACTS),),
        auto_publish=AutoPublish.FORCED,
    ),
    PlatformRules(
        id="linkedin",
        name="LinkedIn",
        accent="#0A66C2",
        icon="linkedin",
        post_types=(
            PostType(
                None,
                "Post",
                media=_media(
                    {IMAGE, VIDEO},
                    20,
                    1,
                    False,
                    Requirement.NEVER,
                    N_("LinkedIn posts take up to 20 images or 1 video, not mixed."),
                ),
            ),
        ),
        fields=(_text("text", N_("Text"), 3000, Counting.CHARS, FACTS),),
        auto_publish=AutoPublish.REQUIRED,
    ),
    PlatformRules(
        id="snapchat",
        name="Snapchat",
        accent="#FFFC00",
        icon="snapchat",
        post_types=(
            PostType(
                "STORY",
                "Story",
                plural=N_("Stories"),
                media=_media(
                    {IMAGE, VIDEO}, 1, 1, False, Requirement.ALWAYS, N_("Snapchat Stories need one image or one video.")
                ),
            ),
            PostType(
                "SPOTLIGHT",
                "Spotlight",
                plural=N_("Spotlight posts"),
                media=_media({VIDEO}, 0, 1, False, Requirement.ALWAYS, N_("Snapchat Spotlight needs a single video.")),
            ),
        ),
        fields=(
            _text(
                "description", N_("Description"), None, Counting.CHARS, "no published limit", post_types=("SPOTLIGHT",)
            ),
            FieldSpec(
                "save_to_profile",
                "save_to_profile",
                N_("Save to profile"),
                FieldKind.BOOL,
                required=True,
                post_types=("SPOTLIGHT",),
            ),
            FieldSpec(
                "locale",
                "locale",
                N_("Locale"),
                FieldKind.LOCALE,
                required=True,
                post_types=("SPOTLIGHT",),
                default="en_US",
                help=N_("For example en_US."),
            ),
        ),
        auto_publish=AutoPublish.REQUIRED,
    ),
    PlatformRules(
        id="pinterest",
        name="Pinterest",
        accent="#BD081C",
        icon="pinterest",
        post_types=(
            PostType(
                None,
                "Pin",
                media=_media(
                    {IMAGE, VIDEO},
                    1,
                    1,
                    False,
                    Requirement.PUBLISHING,
                    N_("Pins take a single image or a single video."),
                ),
            ),
        ),
        fields=(
            _text("note", N_("Description"), 500, Counting.CHARS, FACTS),
            _text(
                "meta.title", N_("Title"), 100, Counting.CHARS, FACTS, key="title", kind=FieldKind.TEXT, required=True
            ),
            FieldSpec("board", "meta.pinterestBoard", N_("Board"), FieldKind.BOARD, required=True),
            FieldSpec(
                "link",
                "link",
                N_("Link"),
                FieldKind.URL,
                limits=(TextLimit(2048, Counting.CHARS, FACTS),),
                help=N_("Link straight to the page: Pinterest may reject redirects and shorteners."),
            ),
        ),
    ),
    PlatformRules(
        id="bluesky",
        name="Bluesky",
        accent="#1185FE",
        icon="bluesky",
        post_types=(
            PostType(
                None,
                "Post",
                media=_media(
                    {IMAGE},
                    4,
                    0,
                    False,
                    Requirement.NEVER,
                    N_("Bluesky posts take up to 4 images; video is not supported."),
                ),
            ),
        ),
        fields=(
            FieldSpec(
                "text",
                "text",
                N_("Text"),
                FieldKind.LONG_TEXT,
                limits=(
                    TextLimit(300, Counting.GRAPHEMES, FACTS),
                    TextLimit(3000, Counting.BYTES, FACTS),
                ),
            ),
        ),
        auto_publish=AutoPublish.FORCED,
    ),
)

RULES: dict[str, PlatformRules] = {p.id: p for p in _PLATFORMS}
PLATFORM_IDS: tuple[str, ...] = tuple(RULES)

#: Keys every platform's body may carry.
COMMON_KEYS = frozenset({"brand_id", "status", "auto_publish", "timestamp", "media_ids"})
#: Keys Dash sets and answers with; sent back unchanged they are ignored, never refused.
READ_ONLY_KEYS = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "media",
        "approval_policy",
        "approval_status",
        "approval_requests",
        "num_of_approvals_required",
        "auto_publish_error",
        "live_post_url",
        "has_scheduled_time",
        "post_group_id",
        "platform",
    }
)


def rules_for(platform: str) -> PlatformRules:
    """The rules of ``platform`` (an API path segment such as ``"twitter"``)."""
    try:
        return RULES[platform]
    except KeyError:
        raise KeyError(f"Unknown platform {platform!r}; expected one of {', '.join(PLATFORM_IDS)}") from None


def platform_of_field(path: str) -> list[str]:
    """Platforms whose bodies carry the top-level key ``path``."""
    return [p.id for p in _PLATFORMS if path in p.body_paths]
