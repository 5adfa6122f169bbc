"""Queue management: "Fill gaps" and "Shuffle" one platform's queue, as one undoable step.

Qt-free. A platform's *queue* is its future, movable posts that sit on one of its posting slots
(posts at other times are appointments and stay where they are). Fill gaps moves the queue, in
time order, onto the earliest slots not taken by other posts; Shuffle deals the queue's posts
randomly over the times they already hold. Every move goes through the :class:`PostService`
(shown at once, PATCHed, rolled back if refused) and the whole operation is one undo record.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dashdesk.i18n import tr
from dashdesk.planning.queue import LEAD
from dashdesk.planning.schedule import PostingSchedule
from dashdesk.planning.slots import TAKEN_WITHIN, Occupancy, PlatformSlots, next_free
from dashdesk.platforms import rules_for

from .planning import no_posting_days
from .post import Post, PostKey
from .posts import PostService, UndoRecord


@dataclass(frozen=True)
class Move:
    """One post's move of a queue operation."""

    key: PostKey
    old: datetime
    new: datetime


class QueueOpError(Exception):
    """The operation could not finish; ``str()`` says what happened (moves made were put back)."""


def _on_slot(slots: PlatformSlots, when: datetime) -> bool:
    for slot in slots.times(when - TAKEN_WITHIN - timedelta(seconds=1), when + TAKEN_WITHIN):
        if abs((slot - when).total_seconds()) <= TAKEN_WITHIN.total_seconds():
            return True
    return False


def queued_posts(service: PostService, platform: str, slots: PlatformSlots, now: datetime) -> list[Post]:
    """The platform's queue: future, movable posts on one of its slots, in time order."""
    posts = [p for p in service.posts.values()
             if p.platform == platform and p.timestamp is not None and p.timestamp > now + LEAD
             and service.why_not_movable(p) is None and p.status == "SCHEDULED" and _on_slot(slots, p.timestamp)]
    return sorted(posts, key=lambda p: (p.timestamp, p.id))


def plan_fill_gaps(service: PostService, platform: str, slots: PlatformSlots, now: datetime,
                   no_posting: Iterable[date] = ()) -> list[Move]:
    """Moves that put the queue onto the earliest slots not taken by other posts (in time order),
    skipping the "no posting" days (local days in the slots' display zone)."""
    queue = queued_posts(service, platform, slots, now)
    if not queue:
        return []
    queued_keys = {p.key for p in queue}
    others = Occupancy((p.platform, p.timestamp) for p in service.posts.values()
                       if p.platform == platform and p.key not in queued_keys)
    others.block_days(no_posting, slots.zone)
    targets = next_free(slots, others, platform, now + LEAD, len(queue))
    moves = []
    for post, target in zip(queue, targets, strict=False):
        assert post.timestamp is not None
        if abs((post.timestamp - target).total_seconds()) > 30:
            moves.append(Move(post.key, post.timestamp, target))
    return moves


def plan_shuffle(service: PostService, platform: str, slots: PlatformSlots, now: datetime,
                 rng: random.Random | None = None) -> list[Move]:
    """Moves that deal the queue's posts randomly over the times they hold (at least two posts)."""
    queue = queued_posts(service, platform, slots, now)
    if len(queue) < 2:
        return []
    times = [p.timestamp for p in queue]
    rng = rng or random.Random()  # noqa: S311 (shuffles post times; nothing secret)
    order = list(range(len(queue)))
    for _ in range(8):  # a shuffle that changes nothing is no shuffle
        rng.shuffle(order)
        if order != sorted(order):
            break
    return [Move(p.key, p.timestamp, times[i]) for p, i in zip(queue, order, strict=True)  # type: ignore[misc]
            if times[i] != p.timestamp]


async def _apply(service: PostService, moves: list[Move], forward: bool) -> None:
    """Move each post (``forward``: to ``new``; else back to ``old``); on a failure, put the ones
    already moved back and raise :class:`QueueOpError`."""
    done: list[Move] = []
    for move in moves:
        try:
            await service.move(move.key, move.new if forward else move.old, record=False)
        except Exception as exc:
            for back in reversed(done):
                try:
                    await service.move(back.key, back.old if forward else back.new, record=False)
                except Exception:  # noqa: S112 (best effort: the calendar shows where each post is)
                    continue
            from .posts import user_message

            raise QueueOpError(tr("Stopped after {done} of {moves} posts: {exc} The posts moved so far were put back.",
                                  done=len(done), moves=len(moves), exc=user_message(exc))) from exc
        done.append(move)


async def run_queue_op(service: PostService, moves: list[Move], text: str) -> int:
    """Carry ``moves`` out and record them as one undo step named ``text``; return how many moved."""
    if not moves:
        return 0
    await _apply(service, moves, True)
    service.push_record(UndoRecord(
        text,
        undo=lambda: _apply(service, list(reversed(moves)), False),
        redo=lambda: _apply(service, moves, True),
        kind="queue",
        keys=[m.key for m in moves],
    ))
    return len(moves)


async def fill_gaps(service: PostService, schedule: PostingSchedule, platform: str, zone: ZoneInfo) -> int:
    """Fill the gaps of ``platform``'s queue (one undo step); return how many posts moved."""
    slots = schedule.slots_for(service.brand_id, platform, zone)
    now = service.clock()
    first = now.astimezone(zone).date()
    try:
        days = await asyncio.to_thread(no_posting_days, first, first + timedelta(days=400), service.brand_id)
    except Exception:  # a damaged planning store must not stop the operation
        days = set()
    moves = plan_fill_gaps(service, platform, slots, now, days)
    return await run_queue_op(service, moves, tr("Fill gaps in the {platform} queue",
                                                 platform=rules_for(platform).name))


async def shuffle(service: PostService, schedule: PostingSchedule, platform: str, zone: ZoneInfo,
                  rng: random.Random | None = None) -> int:
    """Shuffle ``platform``'s queue (one undo step); return how many posts moved."""
    slots = schedule.slots_for(service.brand_id, platform, zone)
    moves = plan_shuffle(service, platform, slots, service.clock(), rng)
    return await run_queue_op(service, moves, tr("Shuffle the {platform} queue", platform=rules_for(platform).name))
