"""What happened to a post, in plain words, and what can be done about it (Qt-free).

- :func:`explain`: the banner a post opens with (posted, failed and why, publish by hand, expired,
  waiting for approval), with the actions it offers;
- :func:`needs_attention`: failed, expired and unapproved-but-due posts;
- :func:`failing_field`: the body path a failure reason names, so the composer can focus it;
- :func:`reschedule_changes`, :func:`retry_body`, :func:`duplicate_draft`: the bodies of
  "Fix and reschedule" (a PATCH of only what changed), "Retry now" and "Duplicate".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dashdesk.i18n import ntr, tr
from dashdesk.i18n.formats import day_text, time_text
from dashdesk.platforms import PublishMode, build_body, draft_from_post, rules_for, status_info
from dashdesk.platforms.draft import Draft, body_changes
from dashdesk.services.post import Post

#: Unapproved posts due within this long count as needing attention.
APPROVAL_SOON = timedelta(hours=24)
#: Statuses that always need someone to act.
ATTENTION_STATUSES = frozenset({"FAILED", "PARTIALLY_FAILED", "EXPIRED"})

FIX_AND_RESCHEDULE, RETRY_NOW, OPEN_LIVE, DUPLICATE, EDIT = "fix", "retry", "open_live", "duplicate", "edit"


def needs_attention(post: Post, now: datetime, soon: timedelta = APPROVAL_SOON) -> bool:
    """Whether ``post`` failed, expired, or still waits for approval close to (or past) its time."""
    if post.status in ATTENTION_STATUSES:
        return True
    return post.status == "MISSING_APPROVALS" and post.timestamp is not None and post.timestamp <= now + soon


@dataclass(frozen=True)
class Explanation:
    """The banner of an opened post: a title, plain sentences, a tone and the actions offered."""

    title: str
    body: str
    tone: str  # as in dashdesk.platforms.statuses: "success", "danger", "warning", "info", "progress"
    actions: tuple[str, ...] = ()
    read_only: bool = False
    link: str | None = None


def _when(ts: datetime | None, tz: ZoneInfo) -> str:
    if ts is None:
        return "an unknown time"
    local = ts.astimezone(tz)
    return f"{day_text(local, year=True)}, {time_text(local)} {local.tzname() or ''}".rstrip()


def explain(post: Post, now: datetime, tz: ZoneInfo) -> Explanation | None:
    """The banner for ``post``, or ``None`` for posts whose form says it all (drafts, scheduled)."""
    status, name = post.status, rules_for(post.platform).name
    if status == "POSTED":
        link = post.live_post_url
        if post.timestamp is not None:
            said = tr("It went out on {time}.", time=_when(post.timestamp, tz))
        else:
            said = tr("It was sent to publish at once on {time}, and it is live.", time=_when(post.created_at, tz))
        if not link:
            said += " " + tr("Dash has not given its address yet.")
        return Explanation(tr("Posted on {name}", name=name), said, "success",
                           (OPEN_LIVE, DUPLICATE) if link else (DUPLICATE,), read_only=True, link=link)
    if status in ("FAILED", "PARTIALLY_FAILED"):
        title = (tr("{name} didn't publish this post", name=name) if status == "FAILED"
                 else tr("Part of this post failed on {name}", name=name))
        reason = plain_reason(post)
        body = (tr("{reason} Fix it and pick a new time, or try again now as it is.", reason=reason)
                if reason else tr("Dash gave no reason. Check the post, then pick a new time or try again now."))
        return Explanation(title, body, "danger", (FIX_AND_RESCHEDULE, RETRY_NOW, DUPLICATE))
    if status == "USERS_NOTIFIED":
        return Explanation(
            tr("Waiting for someone to publish it"),
            tr(
                    "Automatic publishing is off for this post, so at {timestamp} Dash sent the team a reminder "
                    "instead. Someone must publish it on {name} from the Dash mobile app.",
                    timestamp=_when(post.timestamp, tz),
                    name=name,
                ),
            "warning", (DUPLICATE,))
    if status == "EXPIRED":
        return Explanation(
            tr("Expired before it was approved"),
            tr(
                    "This post needed approval and wasn't approved before {timestamp}, so it was not published. Pick "
                    "a new time and ask for approval again.",
                    timestamp=_when(post.timestamp, tz),
                ),
            "warning", (FIX_AND_RESCHEDULE, DUPLICATE))
    if status == "MISSING_APPROVALS":
        needed = int(post.data.get("num_of_approvals_required") or 0)
        count = ntr("{n} approval", "{n} approvals", needed) if needed else tr("approval")
        due = post.timestamp
        if due is not None and due <= now:
            body = tr("It still needs {approvals} and its time ({time}) has passed. Dash won't publish it.",
                      approvals=count, time=_when(due, tz))
        else:
            body = tr("It still needs {approvals} before {time}. If nobody approves it by then, it won't be published.",
                      approvals=count, time=_when(due, tz))
        body += " " + tr("Ask a reviewer to approve it in Dash, or change its time.")
        return Explanation(tr("Waiting for approval"), body, "warning", (EDIT, DUPLICATE))
    if status == "AUTOPUBLISHING":
        return Explanation(tr("Publishing on {name}", name=name),
                           tr("Dash is publishing this post now. DashDesk checks and shows the outcome here."),
                           "progress", (DUPLICATE,), read_only=True)
    if not status_info(status).editable:
        return Explanation(status_info(status).label, tr("This post can't be edited any more."), "info",
                           (DUPLICATE,), read_only=True)
    return None


# --- the failing field ---------------------------------------------------------------------------

#: Words of a failure reason that point at a part of the post other than a named field.
_REASON_HINTS: tuple[tuple[str, str], ...] = (
    (r"\b(media|image|images|photo|video|videos|picture|attachment)\b", "media_ids"),
    (r"\bboard\b", "meta.pinterestBoard"),
    (r"\b(time|timestamp|schedule[d]?)\b", "timestamp"),
    (r"\b(characters?|text|caption|too long|hashtags?|graphemes?|bytes)\b", "text"),
)


#: API words a reason may carry, in the words people read.
_API_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bauto_publish(?: is|:)? false\b", "automatic publishing is off"),
    (r"\bauto_publish(?: is|:)? true\b", "automatic publishing is on"),
    (r"\bauto_publish\b", "automatic publishing"),
    (r"\bmedia_ids?\b", "media"),
    (r"\bpost_type\b", "post type"),
    (r"\btimestamp\b", "time"),
)


def failing_field(post: Post) -> str | None:
    """The body path Dash's failure reason names (a field's own name or label first), if any."""
    reason = post.auto_publish_error
    if not reason:
        return None
    rules = rules_for(post.platform)
    low = reason.lower()
    for spec in rules.fields:
        if spec.key == "text":
            continue
        if re.search(rf"\b{re.escape(spec.path.lower())}\b", low) or spec.label.lower() in low:
            return spec.path
    if re.search(rf"\b{re.escape(rules.text_field.path.lower())}\b", low):
        return rules.text_field.path
    for pattern, path in _REASON_HINTS:
        if re.search(pattern, low):
            return rules.text_field.path if path == "text" else path
    return None


def plain_reason(post: Post) -> str:
    """Dash's failure reason with field names replaced by the words the composer shows."""
    reason = (post.auto_publish_error or "").strip()
    if not reason:
        return ""
    rules = rules_for(post.platform)
    for spec in sorted(rules.fields, key=lambda f: -len(f.path)):
        reason = re.sub(rf"\b{re.escape(spec.path)}\b", spec.label.lower(), reason)
    for pattern, words in _API_WORDS:
        reason = re.sub(pattern, words, reason)
    reason = reason[0].upper() + reason[1:]
    return reason if reason.endswith((".", "!", "?")) else reason + "."


# --- the bodies of the actions ---------------------------------------------------------------------


def reschedule_changes(post: Post, edited: Draft, brand_id: int) -> dict[str, Any]:
    """The PATCH of "Fix and reschedule": only the fields the person changed, plus the new status and time.

    The post is compared as it is (its failed or expired status included), so the PATCH always
    carries ``status`` and ``timestamp`` and nothing that stayed the same.
    """
    before = build_body(draft_from_post(post.platform, post.data), brand_id)
    before["status"] = post.status
    if post.data.get("timestamp") is None:
        before.pop("timestamp", None)
    after = build_body(replace(edited, mode=PublishMode.SCHEDULE), brand_id)
    changes = body_changes(before, after)
    changes.pop("brand_id", None)
    return changes


def retry_body(post: Post, brand_id: int) -> dict[str, Any]:
    """The body of "Retry now": the same post, sent to publish at once as a new post."""
    draft = replace(draft_from_post(post.platform, post.data), mode=PublishMode.NOW, timestamp=None)
    return build_body(draft, brand_id)


def duplicate_draft(post: Post, platform: str | None = None) -> Draft:
    """A new draft with ``post``'s content (on ``platform`` when given), without time or status."""
    draft = draft_from_post(post.platform, post.data)
    if platform and platform != post.platform:
        return replace(draft_from_post(platform, {"media_ids": post.data.get("media_ids") or [],
                                                  "media": post.data.get("media") or []}),
                       platform=platform, text=draft.text, mode=PublishMode.DRAFT, timestamp=None)
    return replace(draft, mode=PublishMode.DRAFT, timestamp=None)


def body_for_post(post: Post, brand_id: int) -> Mapping[str, Any]:
    """The body ``post`` would be sent as (for comparisons)."""
    return build_body(draft_from_post(post.platform, post.data), brand_id)
