"""The CSV columns of the bulk format, their aliases, and how they map onto the neutral draft.

Platform facts are never restated here: which platform columns exist for a post type, and what
they are called in a body, comes from :mod:`dashdesk.platforms`. This module only knows the CSV
side: column names, accepted spellings, and the neutral key each platform column stands for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dashdesk.platforms import PLATFORM_IDS, rules_for

#: Columns every file must have.
REQUIRED_COLUMNS: tuple[str, ...] = ("platform",)
#: The core columns, in template order.
CORE_COLUMNS: tuple[str, ...] = ("platform", "post_type", "mode", "time", "timezone", "text", "media")
#: Platform columns, each named by its neutral draft key (``Draft.extras``), in template order.
PLATFORM_COLUMNS: tuple[str, ...] = (
    "first_comment",
    "link",
    "title",
    "description",
    "board",
    "made_for_kids",
    "save_to_profile",
    "locale",
    "disable_comment",
    "disable_duet",
    "disable_stitch",
)
#: Optional columns beyond the documented set (``auto_publish``: true/false, blank = platform default;
#: ``labels``: DashDesk's own labels, kept on this computer, ``|`` or ``,`` between them).
OPTIONAL_COLUMNS: tuple[str, ...] = ("auto_publish", "labels")
ALL_COLUMNS: tuple[str, ...] = CORE_COLUMNS + PLATFORM_COLUMNS + OPTIONAL_COLUMNS

#: Other spellings people use in spreadsheets (compared after :func:`normalise_header`).
COLUMN_ALIASES: dict[str, str] = {
    "network": "platform",
    "channel": "platform",
    "type": "post_type",
    "posttype": "post_type",
    "status": "mode",
    "publish_mode": "mode",
    "date": "time",
    "datetime": "time",
    "date_time": "time",
    "scheduled_time": "time",
    "timestamp": "time",
    "time_zone": "timezone",
    "tz": "timezone",
    "caption": "text",
    "message": "text",
    "tweet_status": "text",
    "note": "text",
    "media_files": "media",
    "media_urls": "media",
    "images": "media",
    "comment": "first_comment",
    "url": "link",
    "pinterest_board": "board",
    "declared_made_for_kids": "made_for_kids",
    "for_kids": "made_for_kids",
    "label": "labels",
    "category": "labels",
    "categories": "labels",
}

#: Body paths that are not platform fields, and the column that holds each.
_COMMON_PATH_COLUMNS: dict[str, str] = {
    "status": "mode",
    "timestamp": "time",
    "media_ids": "media",
    "post_type": "post_type",
    "auto_publish": "auto_publish",
    "brand_id": "platform",
}

#: Platform spellings besides the API ids and display names of the rules table.
_PLATFORM_ALIASES: dict[str, str] = {
    "x": "twitter",
    "twitter/x": "twitter",
    "x/twitter": "twitter",
    "twitter-x": "twitter",
    "x (twitter)": "twitter",
    "tweet": "twitter",
    "ig": "instagram",
    "insta": "instagram",
    "fb": "facebook",
    "meta": "facebook",
    "tt": "tiktok",
    "tik tok": "tiktok",
    "yt": "youtube",
    "you tube": "youtube",
    "li": "linkedin",
    "linked in": "linkedin",
    "snap": "snapchat",
    "pin": "pinterest",
    "bsky": "bluesky",
    "blue sky": "bluesky",
}


def normalise_header(name: str) -> str:
    """A header cell as a column key: trimmed, lower case, spaces and dashes as underscores."""
    key = name.strip().strip("\ufeff").lower()
    for ch in " -.":
        key = key.replace(ch, "_")
    while "__" in key:
        key = key.replace("__", "_")
    key = key.strip("_")
    return COLUMN_ALIASES.get(key, key)


def platform_id(name: str) -> str | None:
    """The API id of a platform written as an id, a display name or a common alias; ``None`` if unknown."""
    key = " ".join(name.strip().lower().split())
    if key in PLATFORM_IDS:
        return key
    for pid in PLATFORM_IDS:
        if rules_for(pid).name.lower() == key:
            return pid
    return _PLATFORM_ALIASES.get(key) or _PLATFORM_ALIASES.get(key.replace(" ", ""))


def rows_need_boards(rows: Iterable[Mapping[str, str]]) -> bool:
    """Whether any row is for a platform whose posts name a board (so the boards list is worth loading)."""
    for row in rows:
        pid = platform_id(row.get("platform") or "")
        if pid is not None and rules_for(pid).uses_boards:
            return True
    return False


def platform_spellings() -> str:
    """The accepted platform names, for messages ("instagram (Instagram), twitter (X), ...")."""
    return ", ".join(rules_for(p).name for p in PLATFORM_IDS)


def column_of_key(platform: str, key: str) -> str:
    """The CSV column that holds the neutral draft key ``key`` of ``platform``.

    The main text is ``text`` everywhere; every other neutral key is its own column.
    """
    del platform  # the mapping is the same on every platform; kept for symmetry with path lookups
    return "text" if key == "text" else key


def column_of_path(platform: str, path: str) -> str:
    """The CSV column to mark for a problem at body ``path`` (``meta.title`` -> ``title``)."""
    base = path.split("[", 1)[0]
    if base in _COMMON_PATH_COLUMNS:
        return _COMMON_PATH_COLUMNS[base]
    for spec in rules_for(platform).fields:
        if spec.path == base:
            return column_of_key(platform, spec.key)
    return "text" if base in ("caption", "tweet_status", "message", "note") else base


def text_column_aliases(platform: str) -> tuple[str, ...]:
    """Columns that may hold the platform's main text: ``text``, and ``description`` where the
    platform calls its main text a description (YouTube, Snapchat, Pinterest)."""
    spec = rules_for(platform).text_field
    if spec.label.lower() == "description" or spec.path.endswith("description"):
        return ("text", "description")
    return ("text",)
