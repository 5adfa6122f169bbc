"""The review queue without Qt: which posts wait for review, by day, and what approving them sends.

A post waits for review when it is a ``DRAFT`` or ``MISSING_APPROVALS``. Approving schedules it
(``SCHEDULED`` with a time and an ``auto_publish`` the platform accepts); publishing now sends it as
``AUTOPUBLISHING``. Before either, the post is checked *as it would be once sent*, with the shared
rules table, so a draft the API or the platform would refuse cannot be approved, and the reason
names the field to fix. :class:`ReviewActions` runs the changes through :class:`PostService`
(optimistic, rolled back on refusal) and publishes one undo record per batch: undo returns every
post to ``DRAFT`` with its old time and ``auto_publish``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dashdesk.i18n import N_, current_language, ntr, tr
from dashdesk.i18n.formats import date_text
from dashdesk.platforms import (
    PLATFORM_IDS,
    AutoPublish,
    MediaKind,
    Problem,
    PublishMode,
    build_body,
    draft_from_post,
    format_timestamp,
    parse_timestamp,
    rules_for,
    validate_body,
)
from dashdesk.services.conflicts import ConflictChoice, EditConflict
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import PostService, UndoRecord, user_message

#: Statuses of posts that wait for someone to review them.
REVIEW_STATUSES = frozenset({"DRAFT", "MISSING_APPROVALS"})
#: Problem codes that do not block approval: the time is picked when approving.
_TIME_CODES = frozenset({"past_time", "missing_timestamp"})
#: Where the field to fix lives when a problem names a body path, in reading order of the composer.
_FIELD_ORDER = ("post_type", "media_ids", "meta.pinterestBoard", "meta.title", "title")


# --- which posts -------------------------------------------------------------------------------


def in_review(post: Post, start: datetime | None = None, end: datetime | None = None) -> bool:
    """Whether ``post`` waits for review and falls in [start, end) (untimed drafts always do)."""
    if post.status not in REVIEW_STATUSES:
        return False
    if post.timestamp is None:
        return True
    if start is not None and post.timestamp < start:
        return False
    return not (end is not None and post.timestamp >= end)


def review_posts(posts: Iterable[Post], start: datetime | None = None, end: datetime | None = None) -> list[Post]:
    """The posts waiting for review in [start, end), by time (untimed last), then platform and id."""
    far = datetime.max.replace(tzinfo=UTC)
    chosen = [p for p in posts if in_review(p, start, end)]
    return sorted(chosen, key=lambda p: (p.timestamp or far, p.platform, p.id))


def day_of(post: Post, tz: ZoneInfo) -> date | None:
    """The day of ``post`` in the display zone (``None`` without a time)."""
    return post.timestamp.astimezone(tz).date() if post.timestamp else None


@dataclass(frozen=True)
class DayGroup:
    """The posts of one day (``day`` is ``None`` for posts without a time)."""

    day: date | None
    posts: tuple[Post, ...]


def group_by_day(posts: Iterable[Post], tz: ZoneInfo) -> list[DayGroup]:
    """Posts grouped by day in ``tz``, days in order, untimed posts last; order inside kept."""
    groups: dict[date | None, list[Post]] = {}
    for post in posts:
        groups.setdefault(day_of(post, tz), []).append(post)
    days = sorted(d for d in groups if d is not None)
    result = [DayGroup(d, tuple(groups[d])) for d in days]
    if None in groups:
        result.append(DayGroup(None, tuple(groups[None])))
    return result


def day_heading(day: date | None, today: date) -> str:
    """A day header: "Today · Tue 10 Mar", "Tomorrow · ...", "Wednesday 11 March", "No date"."""
    if day is None:
        return tr("No date")
    text = date_text(day, "full") if current_language() != "en" else f"{day:%A} {day.day} {day:%B}"
    if day.year != today.year:
        text += f" {day.year}"
    if day == today:
        return tr("Today · {day}", day=text)
    if day == today + timedelta(days=1):
        return tr("Tomorrow · {day}", day=text)
    if day == today - timedelta(days=1):
        return tr("Yesterday · {day}", day=text)
    return text


def count_waiting(posts: Iterable[Post], start: datetime | None = None,
                  end: datetime | None = None) -> dict[str, int]:
    """How many posts wait for review per platform (platforms with none are left out), table order."""
    counts = dict.fromkeys(PLATFORM_IDS, 0)
    for post in posts:
        if in_review(post, start, end):
            counts[post.platform] = counts.get(post.platform, 0) + 1
    return {p: n for p, n in counts.items() if n}


# --- approval fields ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalInfo:
    """The approval fields the API gives on a post, as words (empty when the API gave none)."""

    policy: str | None
    status: str | None
    requests: tuple[Mapping[str, Any], ...]
    required: int | None

    @property
    def needs_approval(self) -> bool:
        """Whether the post's policy asks for approval."""
        return self.policy == "APPROVAL_REQUIRED"

    def summary(self) -> str:
        """One line for the list: "Needs 1 approval · Pending · 1 request", or ""."""
        parts: list[str] = []
        if self.needs_approval:
            parts.append(ntr("Needs {n} approval", "Needs {n} approvals", self.required or 1))
        elif self.policy == "APPROVAL_NOT_REQUIRED":
            parts.append(tr("No approval required"))
        if self.status and self.status != "UNASSIGNED":
            parts.append(_words(self.status))
        elif self.status == "UNASSIGNED" and self.needs_approval:
            parts.append(tr("No reviewer assigned"))
        if self.requests:
            parts.append(ntr("{n} request", "{n} requests", len(self.requests)))
        return " · ".join(parts)

    def rows(self) -> list[tuple[str, str]]:
        """Label/value pairs for the preview."""
        rows: list[tuple[str, str]] = []
        if self.policy:
            rows.append((tr("Approval policy"), _words(self.policy)))
        if self.status:
            rows.append((tr("Approval status"), _words(self.status)))
        if self.required is not None:
            rows.append((tr("Approvals required"), str(self.required)))
        for i, req in enumerate(self.requests, 1):
            who = req.get("requested_by_user_id", "?")
            reviewer = req.get("review_user_id", "?")
            rows.append((tr("Request {i}", i=i), tr("user {who} asked user {reviewer} to review", who=who,
                                                     reviewer=reviewer)))
        return rows


#: Dash's approval policy and status values, in words (other values are shown as Dash spells them).
_APPROVAL_WORDS = {
    "APPROVAL_REQUIRED": N_("Approval required"),
    "APPROVAL_NOT_REQUIRED": N_("Approval not required"),
    "UNASSIGNED": N_("Unassigned"),
    "PENDING": N_("Pending"),
    "APPROVED": N_("Approved"),
    "REJECTED": N_("Rejected"),
}


def _words(value: str) -> str:
    known = _APPROVAL_WORDS.get(value)
    return tr(known) if known else value.replace("_", " ").capitalize()


def approval_info(post: Post) -> ApprovalInfo:
    """The approval fields of ``post``."""
    data = post.data
    requests = data.get("approval_requests") or []
    required = data.get("num_of_approvals_required")
    return ApprovalInfo(
        policy=data.get("approval_policy") or None,
        status=data.get("approval_status") or None,
        requests=tuple(r for r in requests if isinstance(r, Mapping)),
        required=int(required) if isinstance(required, int | float) and not isinstance(required, bool) else None,
    )


# --- can it be approved? -----------------------------------------------------------------------


def auto_publish_for(post: Post) -> bool:
    """The ``auto_publish`` to send when scheduling ``post``: what the platform accepts.

    Platforms that require or force auto-publishing get ``True``; elsewhere the post keeps its own
    choice (``True`` when it has none).
    """
    rules = rules_for(post.platform)
    if rules.auto_publish is not AutoPublish.OPTIONAL:
        return True
    value = post.data.get("auto_publish")
    return value if isinstance(value, bool) else True


def media_kinds_of(post: Post) -> list[MediaKind]:
    """Kinds of the post's media, in ``media_ids`` order (from its expanded ``media``)."""
    return draft_from_post(post.platform, post.data).media_kinds


@dataclass(frozen=True)
class ApprovalCheck:
    """Whether a post can be sent as scheduled (or published now), and if not, why."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether nothing blocks it."""
        return not self.problems

    @property
    def reason(self) -> str:
        """The first blocking problem in plain words ("" when it can go)."""
        return self.problems[0].message if self.problems else ""

    @property
    def field(self) -> str | None:
        """The body path of the field to fix first (``"media_ids"``, ``"meta.title"``...)."""
        if not self.problems:
            return None
        paths = [p.path for p in self.problems]
        for path in _FIELD_ORDER:
            if path in paths:
                return path
        return paths[0]


def _placeholder_time(now: datetime) -> datetime:
    return now + timedelta(days=1)


def sent_body(post: Post, mode: PublishMode, when: datetime | None, brand_id: int | None = None) -> dict[str, Any]:
    """The body of ``post`` as it would be sent in ``mode`` (at ``when``, with a valid auto_publish)."""
    draft = draft_from_post(post.platform, post.data)
    draft.mode = mode
    draft.timestamp = when if mode is PublishMode.SCHEDULE else draft.timestamp
    draft.auto_publish = True if mode is PublishMode.NOW else auto_publish_for(post)
    return build_body(draft, brand_id if brand_id is not None else (post.brand_id or 1))


def check_approvable(post: Post, when: datetime | None = None, *, now: datetime | None = None,
                     mode: PublishMode = PublishMode.SCHEDULE, x_premium: bool = False) -> ApprovalCheck:
    """Check ``post`` as it would be once scheduled at ``when`` (or published now).

    Errors of every stage block it (the API would refuse it, or the platform would fail it at
    publishing); a time in the past or no time does not, since the reviewer picks the time.
    """
    now = now or datetime.now(UTC)
    if mode is PublishMode.SCHEDULE:
        ts = when or (post.timestamp if post.timestamp and post.timestamp > now else None)
        when = ts or _placeholder_time(now)
    body = sent_body(post, mode, when)
    try:
        problems = validate_body(post.platform, body, media_kinds_of(post), x_premium=x_premium)
    except ValueError as exc:  # media_ids and media disagree: let the API decide
        return ApprovalCheck(warnings=(Problem("media_ids", str(exc), "media_unknown", "warning"),))
    blocking = tuple(p for p in problems if p.blocking and p.code not in _TIME_CODES)
    warnings = tuple(p for p in problems if not p.blocking)
    return ApprovalCheck(blocking, warnings)


def default_approve_time(post: Post, now: datetime) -> datetime:
    """The time offered when approving: the post's own time if still ahead, else the next full hour."""
    if post.timestamp is not None and post.timestamp > now + timedelta(minutes=1):
        return post.timestamp
    nxt = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return nxt.astimezone(UTC)


# --- change sets -------------------------------------------------------------------------------


def approve_changes(post: Post, when: datetime) -> dict[str, Any]:
    """The PATCH that approves ``post``: SCHEDULED at ``when`` with a valid ``auto_publish``."""
    if when.tzinfo is None:
        raise ValueError("the approval time must be timezone-aware")
    return {"status": "SCHEDULED", "timestamp": format_timestamp(when), "auto_publish": auto_publish_for(post)}


def publish_now_changes(post: Post) -> dict[str, Any]:
    """The PATCH that publishes ``post`` now (``AUTOPUBLISHING`` always auto-publishes)."""
    return {"status": "AUTOPUBLISHING", "auto_publish": True}


def revert_changes(post: Post) -> dict[str, Any]:
    """The PATCH returning an approved ``post`` (the snapshot before approval) to a draft."""
    return {
        "status": "DRAFT",
        "timestamp": post.data.get("timestamp"),
        "auto_publish": post.data.get("auto_publish") if isinstance(post.data.get("auto_publish"), bool) else None,
    }


# --- running them ------------------------------------------------------------------------------


@dataclass
class BatchResult:
    """Outcome of one action over several posts: which succeeded, which failed and why."""

    done: list[Post] = field(default_factory=list)
    failed: dict[PostKey, str] = field(default_factory=dict)
    blocked: dict[PostKey, str] = field(default_factory=dict)
    #: Posts changed on Dash since they were loaded: nothing was sent; the person chooses.
    conflicts: dict[PostKey, EditConflict] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether every post went through."""
        return not self.failed and not self.blocked and not self.conflicts

    def summary(self, verb: str) -> str:
        """"Scheduled 3 posts." / "Scheduled 2 posts; 1 refused: <reason>"."""
        n = len(self.done)
        if verb == "Scheduled":
            text = ntr("Scheduled {n} post", "Scheduled {n} posts", n)
        elif verb == "Sent":
            text = ntr("Sent {n} post", "Sent {n} posts", n)
        elif verb == "Deleted":
            text = ntr("Deleted {n} post", "Deleted {n} posts", n)
        else:
            text = f"{verb} {n}"
        problems = {**self.blocked, **self.failed, **{k: c.user_message() for k, c in self.conflicts.items()}}
        if problems:
            text = tr("{done}; {n} not: {reason}", done=text, n=len(problems), reason=next(iter(problems.values())))
        return text + ("" if text.endswith(".") else ".")


class ReviewActions:
    """Approve, publish now and delete posts of the queue through :class:`PostService`."""

    def __init__(self, service: PostService, *, x_premium: Callable[[], bool] = lambda: False) -> None:
        self.service = service
        self.x_premium = x_premium

    def check(self, post: Post, when: datetime | None = None,
              mode: PublishMode = PublishMode.SCHEDULE) -> ApprovalCheck:
        """:func:`check_approvable` with the service's clock."""
        return check_approvable(post, when, now=self.service.clock(), mode=mode, x_premium=self.x_premium())

    async def approve(self, keys: Sequence[PostKey], when: Mapping[PostKey, datetime] | datetime) -> BatchResult:
        """Schedule every post of ``keys`` (each at ``when[key]`` or all at ``when``) as one undo step.

        Posts that cannot be approved are skipped (``blocked``); posts the API refuses are rolled
        back by the service (``failed``, with the API's message). Undo returns the approved ones
        to DRAFT with their old time and auto_publish; redo approves them again.
        """
        result = BatchResult()
        before: dict[PostKey, Post] = {}
        applied: dict[PostKey, dict[str, Any]] = {}
        now = self.service.clock()

        async def one(key: PostKey) -> None:
            post = self.service.get(key)
            if post is None:
                result.failed[key] = tr("This post is no longer there.")
                return
            at = when.get(key) if isinstance(when, Mapping) else when
            at = at or default_approve_time(post, now)
            if at < now:
                result.blocked[key] = "That time is in the past. Pick a time from now on."
                return
            check = self.check(post, at)
            if not check.ok:
                result.blocked[key] = check.reason
                return
            changes = approve_changes(post, at)
            try:
                updated = await self.service.update(key, changes, text=tr("Approve post"), record=False)
            except EditConflict as conflict:
                result.conflicts[key] = conflict
                return
            except Exception as exc:
                result.failed[key] = user_message(exc)
                return
            before[key], applied[key] = post, changes
            result.done.append(updated)

        await asyncio.gather(*(one(self.service.resolve(k)) for k in keys))
        if before:
            self._record(_approve_text(len(before)), before, applied)
        return result

    async def resolve(self, conflict: EditConflict, choice: ConflictChoice) -> BatchResult:
        """Do what the person chose for an approval's conflict (keeping theirs or cancelling sends nothing).

        Keeping mine approves the post as the person saw it, as one undo step (back to Dash's
        version); the approval is checked again first (the version sent must still be approvable).
        """
        result = BatchResult()
        if choice is not ConflictChoice.KEEP_MINE:
            return result
        now_mode = conflict.changes.get("status") == "AUTOPUBLISHING"
        when = None if now_mode else parse_timestamp(conflict.changes.get("timestamp"))
        check = self.check(conflict.mine, when, mode=PublishMode.NOW if now_mode else PublishMode.SCHEDULE)
        if not check.ok:
            result.blocked[conflict.key] = check.reason
            return result
        try:
            updated = await self.service.resolve_conflict(conflict, choice, text=tr("Approve post"))
        except EditConflict as again:
            result.conflicts[again.key] = again
            return result
        except Exception as exc:
            result.failed[conflict.key] = user_message(exc)
            return result
        if updated is not None:  # its undo (back to Dash's version) was recorded by the service
            result.done.append(updated)
        return result

    def _record(self, text: str, before: Mapping[PostKey, Post], applied: Mapping[PostKey, dict[str, Any]]) -> None:
        snapshot = dict(before)
        changes = dict(applied)

        async def undo() -> None:
            await self._apply_all({k: revert_changes(p) for k, p in snapshot.items()}, tr("Return to draft"))

        async def redo() -> None:
            await self._apply_all(changes, text)

        self.service.push_record(UndoRecord(text, undo, redo, kind="approve", keys=list(snapshot)))

    async def _apply_all(self, changes: Mapping[PostKey, dict[str, Any]], text: str) -> None:
        outcomes = await asyncio.gather(
            *(self.service.update(k, c, text=text, record=False) for k, c in changes.items()),
            return_exceptions=True,
        )
        errors = [o for o in outcomes if isinstance(o, BaseException)]
        if errors:
            raise errors[0]

    async def publish_now(self, keys: Sequence[PostKey]) -> BatchResult:
        """Send every post of ``keys`` as AUTOPUBLISHING (not undoable: it goes out at once)."""
        result = BatchResult()

        async def one(key: PostKey) -> None:
            post = self.service.get(key)
            if post is None:
                result.failed[key] = tr("This post is no longer there.")
                return
            check = self.check(post, mode=PublishMode.NOW)
            if not check.ok:
                result.blocked[key] = check.reason
                return
            try:
                updated = await self.service.update(key, publish_now_changes(post), text=tr("Publish now"),
                                                    record=False)
            except EditConflict as conflict:
                result.conflicts[key] = conflict
                return
            except Exception as exc:
                result.failed[key] = user_message(exc)
                return
            result.done.append(updated)

        await asyncio.gather(*(one(self.service.resolve(k)) for k in keys))
        return result

    async def delete(self, keys: Sequence[PostKey]) -> BatchResult:
        """Delete every post of ``keys`` (each undoable through the service's own records)."""
        result = BatchResult()

        async def one(key: PostKey) -> None:
            post = self.service.get(key)
            if post is None:
                return
            try:
                await self.service.delete(key)
            except Exception as exc:
                result.failed[key] = user_message(exc)
                return
            result.done.append(post)

        await asyncio.gather(*(one(self.service.resolve(k)) for k in keys))
        return result


def _approve_text(n: int) -> str:
    return ntr("Approve post", "Approve {n} posts", n)
