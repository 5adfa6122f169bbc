"""What the composer opens: an API post as a composer state, media from a post, the Library or a fresh upload."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from dashdesk.i18n import tr
from dashdesk.platforms import PLATFORM_IDS, MediaKind, draft_from_post, media_kind_of, status_info
from dashdesk.services.compose import post_json

from .state import ComposerState, MediaItem, state_for_post

log = logging.getLogger(__name__)


def media_items_of(post: Mapping[str, Any]) -> list[MediaItem]:
    """The media of an API post, in ``media_ids`` order, with kinds, names and thumbnail URLs."""
    by_id: dict[int, Mapping[str, Any]] = {}
    for m in post.get("media") or []:
        mid = m.get("id", m.get("media_id"))
        if mid is not None:
            by_id[int(mid)] = m
    items = []
    for mid in post.get("media_ids") or []:
        m = by_id.get(int(mid), {})
        meta = m.get("meta") if isinstance(m.get("meta"), Mapping) else {}
        sizes = m.get("image_sizes") if isinstance(m.get("image_sizes"), Mapping) else {}
        thumb = next((s.get("url") for s in sizes.values() if isinstance(s, Mapping) and s.get("url")), None)
        items.append(MediaItem(int(mid), media_kind_of(m) or MediaKind.IMAGE, str(meta.get("filename") or ""),
                               thumb))
    return items


def library_item(media: Any) -> MediaItem:
    """A Library ``Media`` (``attach_id``, ``kind``, ``filename``, ``thumbnail_url``) or a ``MediaItem``-like
    object as the composer's :class:`MediaItem`."""
    if isinstance(media, MediaItem):
        return media
    media_id = getattr(media, "attach_id", None) or getattr(media, "media_id", None)
    kind = str(getattr(media, "kind", None) or "IMAGE")
    return MediaItem(int(media_id), MediaKind(kind) if kind in ("IMAGE", "VIDEO") else MediaKind.IMAGE,
                     str(getattr(media, "filename", None) or getattr(media, "name", None) or ""),
                     getattr(media, "thumbnail_url", None) or getattr(media, "thumbnail", None))


async def upload_item(client: Any, brand_id: int, path: Path) -> MediaItem:
    """Upload ``path`` through ``client`` and describe it for the strip (a video gets a first-frame thumbnail)."""
    media = await client.upload_file(brand_id, path)
    kind = getattr(media, "kind", None)
    if kind not in ("IMAGE", "VIDEO"):
        from dashdesk.media.inspect import inspect_file

        info = await asyncio.get_running_loop().run_in_executor(None, inspect_file, path)
        kind = info.kind
    attach = int(getattr(media, "attach_id", None) or media.id)
    thumb: str | None = str(path)
    if MediaKind(kind) is MediaKind.VIDEO:
        thumb = await asyncio.get_running_loop().run_in_executor(None, video_thumbnail, path, attach)
    return MediaItem(attach, MediaKind(kind), path.name, thumb)


def video_thumbnail(path: Path, media_id: int) -> str | None:
    """A PNG of a video's first frame in the data folder (for the strip and preview), if it can be made."""
    from dashdesk.media.inspect import make_thumbnail
    from dashdesk.paths import data_dir

    try:
        png = make_thumbnail(path)
    except Exception as exc:  # an unreadable video keeps the film glyph
        log.info("no thumbnail for %s: %s", path.name, exc)
        return None
    from dashdesk.private_files import write_private

    return str(write_private(data_dir() / "thumbnails" / f"media-{media_id}.png", png))  # 0600 in a 0700 folder


def state_of_post(post: Any) -> tuple[ComposerState, str]:
    """The composer state that edits ``post`` (an API or app post), and why it can't change ("" if it can)."""
    data = post_json(post)
    platform = str(getattr(post, "platform", None) or data.get("platform") or "")
    if platform not in PLATFORM_IDS:
        raise ValueError(f"the post's platform is unknown: {platform!r}")
    draft = draft_from_post(platform, data)
    info = status_info(data.get("status"))
    locked = "" if info.editable else tr("This post is {lower}: it can't be changed any more.",
                                         lower=info.label.lower())
    return state_for_post(platform, int(data["id"]), draft, media_items_of(data)), locked


def make_hub(client: Any, brand_id: int, parent: QObject) -> Any:
    """A media hub for ``client`` (uploads through the shared queue), or ``None`` without one."""
    if client is None or not hasattr(client, "upload_file"):
        return None
    try:
        from dashdesk.ui.media.hub import MediaHub
    except ImportError:  # the shared media widgets are not in this build
        return None
    return MediaHub(client=client, brand_id=brand_id, parent=parent)


def attach_library_media(strip: Any, media: list[Any]) -> int:
    """Add Library ``media`` to ``strip`` without uploading again; returns how many joined (repeats
    are skipped)."""
    from .media import HubMediaStrip

    before = len(strip.items())
    if isinstance(strip, HubMediaStrip):
        strip.add_library_media(media)
    else:
        strip.add_items([library_item(m) for m in media])
    return len(strip.items()) - before
