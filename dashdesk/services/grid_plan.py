"""The brand's Instagram grid as it will look, and swapping two posts' times (no Qt).

Instagram's profile grid shows feed posts and Reels newest first, three to a row; Stories never
appear in it. So the planned grid is: the upcoming scheduled posts, latest time first (the top-left
tile is what followers will see on top), followed by the posts already published, newest first.

Swapping two tiles swaps their publishing times through the :class:`PostService`: two moves that
PATCH only ``timestamp``, applied at once and undone together as one step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from dashdesk.i18n import tr

from .post import Post, PostKey
from .posts import MoveRefused, PostService, UndoRecord

#: Statuses of posts that are already on the grid.
PUBLISHED = frozenset({"POSTED"})
#: Statuses that never reach the grid (or left it).
OFF_GRID = frozenset({"FAILED", "DELETED", "EXPIRED", "DRAFT", "REJECTED"})


def on_grid(post: Post) -> bool:
    """Whether ``post`` is (or will be) a tile of the Instagram grid: a feed post or Reel with a time."""
    if post.platform != "instagram" or post.timestamp is None:
        return False
    if str(post.data.get("post_type") or "FEED").upper() == "STORY":
        return False
    return post.status not in OFF_GRID


def grid_order(posts: Iterable[Post]) -> list[Post]:
    """The grid's tiles in reading order: upcoming (latest first), then published (newest first)."""
    tiles = [p for p in posts if on_grid(p)]
    published = [p for p in tiles if p.status in PUBLISHED]
    upcoming = [p for p in tiles if p.status not in PUBLISHED]

    def newest_first(p: Post) -> tuple[datetime, int]:
        return (p.timestamp, p.id)  # type: ignore[return-value]

    return sorted(upcoming, key=newest_first, reverse=True) + sorted(published, key=newest_first, reverse=True)


def first_media_url(post: Post) -> str | None:
    """The URL of the post's first media picture (the grid shows it cropped square), if it has one."""
    data: Mapping[str, Any] = post.data
    media = {int(m.get("id", m.get("media_id", -1))): m for m in data.get("media") or [] if isinstance(m, Mapping)}
    order = [int(i) for i in data.get("media_ids") or []] or list(media)
    for mid in order:
        m = media.get(mid)
        if not m:
            continue
        sizes = m.get("image_sizes")
        if isinstance(sizes, Mapping):
            for size in sizes.values():
                if isinstance(size, Mapping) and size.get("url"):
                    return str(size["url"])
        for key in ("thumbnail_url", "url"):
            if m.get(key):
                return str(m[key])
    return None


def is_video_post(post: Post) -> bool:
    """Whether the post is a Reel or its first media a video (the tile then carries a video mark)."""
    if str(post.data.get("post_type") or "").upper() == "REEL":
        return True
    media = post.data.get("media") or []
    first = media[0] if media and isinstance(media[0], Mapping) else {}
    return str(first.get("type") or first.get("media_type") or "").upper() == "VIDEO"


def why_not_swappable(service: PostService, a: Post, b: Post) -> str | None:
    """Why the two posts' times can't be swapped, in plain words, or ``None``."""
    if (a.platform, a.id) == (b.platform, b.id):
        return tr("Drop the post on another post to swap their times.")
    for post in (a, b):
        reason = service.why_not_movable(post)
        if reason:
            return tr("Can't swap: {reason}", reason=reason[0].lower() + reason[1:])
    return None


async def swap_times(service: PostService, a_key: PostKey, b_key: PostKey, *, record: bool = True) -> None:
    """Give post ``a`` the time of post ``b`` and the other way round, as one undoable step.

    Raises :class:`MoveRefused` (nothing sent) when either post can't move; if Dash refuses the
    second move, the first is moved back before the error is raised.
    """
    a, b = service.get(a_key), service.get(b_key)
    if a is None or b is None:
        raise MoveRefused(tr("That post is no longer in the calendar. Refresh and try again."))
    reason = why_not_swappable(service, a, b)
    if reason:
        raise MoveRefused(reason)
    a_when, b_when = a.timestamp, b.timestamp
    assert a_when is not None and b_when is not None  # movable posts have times
    await service.move(a_key, b_when, record=False)
    try:
        await service.move(b_key, a_when, record=False)
    except BaseException:
        await service.move(a_key, a_when, record=False)
        raise
    if record:
        service.push_record(UndoRecord(
            tr("Swap two Instagram posts' times"),
            undo=lambda: swap_times(service, a_key, b_key, record=False),
            redo=lambda: swap_times(service, a_key, b_key, record=False),
            kind="move",
            keys=[a_key, b_key],
        ))
