"""Export: the posts of a range written in the bulk format, so importing the file reproduces them."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from dashdesk.platforms import MediaKind, PublishMode, draft_from_post, rules_for

from .backend import media_url_of
from .columns import ALL_COLUMNS, PLATFORM_COLUMNS
from .media import guess_url_kind

#: Columns an export adds for reference; an import ignores them.
REFERENCE_COLUMNS: tuple[str, ...] = ("post_id", "dash_status")
EXPORT_COLUMNS: tuple[str, ...] = ALL_COLUMNS + REFERENCE_COLUMNS


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def media_cell(post: Mapping[str, Any]) -> str:
    """The ``media`` cell of a post: each item's Library URL (with a ``#video`` hint when the address
    does not tell), or ``library:<id>`` when no URL is known."""
    expanded: dict[int, Mapping[str, Any]] = {}
    for item in post.get("media") or []:
        if isinstance(item, Mapping):
            for key in ("id", "media_id"):
                if item.get(key) is not None:
                    expanded[int(item[key])] = item
    parts = []
    for media_id in post.get("media_ids") or []:
        item = expanded.get(int(media_id))
        url = media_url_of(item) if item else None
        if not url:
            parts.append(f"library:{int(media_id)}")
            continue
        kind = str((item or {}).get("media_type") or (item or {}).get("type") or "").upper()
        if kind in MediaKind.__members__ and guess_url_kind(url) != MediaKind(kind):
            url = f"{url.split('#', 1)[0]}#{kind.lower()}"
        parts.append(url)
    return "|".join(parts)


LabelsOf = Callable[[str, int], Sequence[str]]


def post_to_row(platform: str, post: Mapping[str, Any], zone: tzinfo | None = None,
                labels: LabelsOf | None = None) -> dict[str, str]:
    """One export row for ``post`` (times written with their offset in ``zone``, default UTC; ``labels``
    gives the names of a post's DashDesk labels)."""
    rules = rules_for(platform)
    draft = draft_from_post(platform, post)
    row = dict.fromkeys(EXPORT_COLUMNS, "")
    row["platform"] = platform
    row["post_type"] = _cell(draft.post_type)
    row["mode"] = draft.mode.value
    if draft.timestamp is not None and draft.mode is not PublishMode.NOW:
        when = draft.timestamp.astimezone(zone) if zone else draft.timestamp
        row["time"] = when.isoformat(timespec="seconds")
    row["text"] = draft.text
    row["media"] = media_cell(post)
    for column in PLATFORM_COLUMNS:
        spec = rules.field(column)
        if spec is None or column not in draft.extras:
            continue
        value = draft.extras[column]
        if column == "board" and isinstance(value, Mapping):
            value = value.get("id") or value.get("name")
        row[column] = _cell(value)
    if draft.auto_publish is False:
        row["auto_publish"] = "false"
    if labels is not None and post.get("id") is not None:
        row["labels"] = " | ".join(labels(platform, int(post["id"])))
    row["post_id"] = _cell(post.get("id"))
    row["dash_status"] = _cell(post.get("status"))
    return row


def _sort_key(item: tuple[str, Mapping[str, Any]]) -> tuple[str, str, int]:
    platform, post = item
    when = post.get("timestamp")
    stamp = when.isoformat() if isinstance(when, datetime) else str(when or "")
    return (stamp, platform, int(post.get("id") or 0))


def write_export(posts: Iterable[tuple[str, Mapping[str, Any]]], target: str | os.PathLike[str] | io.TextIOBase,
                 *, zone: tzinfo | None = None, labels: LabelsOf | None = None) -> int:
    """Write ``(platform, post)`` pairs as a bulk CSV (UTF-8 with BOM, so spreadsheets read accents);
    returns the number of rows written."""
    items = sorted(posts, key=_sort_key)
    if isinstance(target, io.TextIOBase):
        return _write(items, target, zone, labels)
    with Path(target).open("w", encoding="utf-8-sig", newline="") as fh:
        return _write(items, fh, zone, labels)


def _write(items: Sequence[tuple[str, Mapping[str, Any]]], fh: Any, zone: tzinfo | None,
           labels: LabelsOf | None = None) -> int:
    writer = csv.DictWriter(fh, fieldnames=list(EXPORT_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for platform, post in items:
        writer.writerow(post_to_row(platform, post, zone, labels))
    return len(items)


async def fetch_posts(backend: Any, brand_id: int, start: datetime, end: datetime,
                      platforms: Sequence[str] | None = None) -> tuple[list[tuple[str, dict[str, Any]]],
                                                                        dict[str, str]]:
    """Every post of ``brand_id`` in ``[start, end]`` over ``backend`` (a :class:`BulkBackend`);
    returns the posts and, per platform that failed, its error message."""
    import asyncio

    from dashdesk.api import errors as api_errors
    from dashdesk.platforms import PLATFORM_IDS

    wanted = tuple(platforms or PLATFORM_IDS)
    results = await asyncio.gather(*(backend.list_posts(p, brand_id, start, end) for p in wanted),
                                   return_exceptions=True)
    posts: list[tuple[str, dict[str, Any]]] = []
    errors: dict[str, str] = {}
    for platform, result in zip(wanted, results, strict=True):
        if isinstance(result, api_errors.DashError):
            errors[platform] = result.user_message()
        elif isinstance(result, BaseException):
            raise result
        else:
            posts += [(platform, post) for post in result]
    return posts, errors
