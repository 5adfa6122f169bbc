"""The platform rules table and what stands on it: validation, counting and the payload builder.

Pure Python: no Qt and no network, so the app, the sandbox and the importer share one truth.
"""

from .assumptions import ASSUMPTIONS, coerce_made_for_kids, format_timestamp, parse_timestamp
from .counting import Counting, count_text
from .draft import (
    Draft,
    MediaRef,
    body_changes,
    build_body,
    draft_from_post,
    media_kind_of,
    new_draft,
    validate_draft,
)
from .kinds import PUBLISHING_STATUSES, WRITABLE_STATUSES, MediaKind, PublishMode
from .problems import Problem, errors_only
from .rules import (
    PLATFORM_IDS,
    RULES,
    AutoPublish,
    FieldKind,
    FieldSpec,
    MediaRules,
    PlatformRules,
    PostType,
    Requirement,
    TextLimit,
    rules_for,
)
from .statuses import STATUSES, StatusInfo, status_info
from .validate import get_path, validate_body

__all__ = [
    "ASSUMPTIONS", "PLATFORM_IDS", "PUBLISHING_STATUSES", "RULES", "STATUSES", "WRITABLE_STATUSES",
    "AutoPublish", "Counting", "Draft", "FieldKind", "FieldSpec", "MediaKind", "MediaRef", "MediaRules",
    "PlatformRules", "PostType", "Problem", "PublishMode", "Requirement", "StatusInfo", "TextLimit",
    "body_changes", "build_body", "coerce_made_for_kids", "count_text", "draft_from_post", "errors_only",
    "format_timestamp", "get_path", "media_kind_of", "new_draft", "parse_timestamp", "rules_for",
    "status_info", "validate_body", "validate_draft",
]
