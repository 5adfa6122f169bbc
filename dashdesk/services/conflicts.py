"""Edit conflicts: a post changed on Dash since DashDesk loaded it is never overwritten silently (Qt-free).

Before every PATCH (a drag to a new time, an edit, an approval) the post is read again from Dash and
compared, by what a person can see and change (text and other fields, media, post type, time,
status, auto-publish), with the version the change was made from. If they differ,
:class:`EditConflict` carries both versions; the person chooses (:class:`ConflictChoice`) and
:meth:`PostService.resolve_conflict` does what they chose. Server bookkeeping (``updated_at``,
expanded media objects, approval requests) is not compared: it changes without anyone editing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from dashdesk.i18n import N_, ntr, tr
from dashdesk.i18n.formats import day_text, time_text
from dashdesk.platforms import build_body, draft_from_post, parse_timestamp, rules_for, status_info
from dashdesk.services.post import Post, PostKey

#: Compared besides the platform's own fields, in this order, with the words shown for them.
_GENERAL = (("status", N_("Status")), ("timestamp", N_("Time")), ("post_type", N_("Post type")),
            ("media_ids", N_("Media")), ("auto_publish", N_("Publishing")))


class ConflictChoice(StrEnum):
    """What the person chose when their change met a newer version on Dash."""

    KEEP_MINE = "keep_mine"  # Dash gets their version of every field that differs
    TAKE_THEIRS = "take_theirs"  # nothing is sent; DashDesk shows Dash's version
    CANCEL = "cancel"  # nothing is sent; the person goes back to what they were doing


class ReadsPosts(Protocol):
    """The part of ``DashClient`` the check needs."""

    async def get_post(self, platform: str, post_id: int) -> Any: ...


def content_of(platform: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """What a person sees of a post, normalised: its body as DashDesk would send it, plus its status."""
    body = build_body(draft_from_post(platform, data), 0)
    body.pop("brand_id", None)
    body["status"] = str(data.get("status") or "")
    return body


def changed_fields(platform: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Body paths whose visible value differs between two versions of a post (general ones first)."""
    a, b = content_of(platform, before), content_of(platform, after)
    keys = [k for k, _ in _GENERAL] + [s.path.split(".")[0] for s in rules_for(platform).fields]
    keys += [k for k in {**a, **b} if k not in keys]
    seen: list[str] = []
    for key in keys:
        if key == "status" and not (a["status"] and b["status"]):
            continue  # a version made from a draft does not know the server's status: not compared
        if key not in seen and a.get(key) != b.get(key):
            seen.append(key)
    return seen


@dataclass(frozen=True)
class FieldDifference:
    """One field that differs: its label and both values in words."""

    path: str
    label: str
    mine: str
    theirs: str


def _words(platform: str, path: str, value: Any, tz: ZoneInfo | None) -> str:
    if value is None or value == "" or value == []:
        return "(none)"
    if path == "status":
        return status_info(str(value)).label
    if path == "timestamp":
        when = parse_timestamp(value)
        if when is None:
            return str(value)
        local = when.astimezone(tz) if tz else when
        return f"{day_text(local, year=True)}, {time_text(local)}"
    if path == "media_ids":
        n = len(value)
        return ntr("{n} item ({list})", "{n} items ({list})", n, list=", ".join(str(v) for v in value))
    if path == "auto_publish":
        return tr("Publishes by itself") if value else tr("Sends a reminder")
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _label(platform: str, path: str) -> str:
    for key, label in _GENERAL:
        if key == path:
            return tr(label)
    nested = [tr(s.label) for s in rules_for(platform).fields if s.path.startswith(f"{path}.")]
    if nested:
        return ", ".join(nested)
    for spec in rules_for(platform).fields:
        if spec.path == path:
            return tr(spec.label)
    return path.replace("_", " ").capitalize()


@dataclass
class EditConflict(Exception):
    """A change met a newer version of the post on Dash; nothing was sent.

    ``loaded`` is the version the change was made from, ``mine`` that version with the change
    applied, ``theirs`` the version on Dash now, ``changes`` the PATCH that was about to go out.
    """

    key: PostKey
    loaded: Post
    mine: Post
    theirs: Post
    changes: dict[str, Any]

    def __post_init__(self) -> None:
        super().__init__(self.user_message())

    def __hash__(self) -> int:
        return id(self)

    def __str__(self) -> str:
        return self.user_message()

    @property
    def platform(self) -> str:
        """The post's platform id."""
        return self.key[0]

    def user_message(self) -> str:
        """What happened and what to do, in words."""
        name = rules_for(self.platform).name
        return (tr("This {name} post was changed in Dash after DashDesk loaded it. Nothing was sent: compare the two "
                   "versions and choose which one to keep.",
                   name=name))

    def differences(self, tz: ZoneInfo | None = None) -> list[FieldDifference]:
        """Every field where your version and Dash's differ, labelled and in words (times in ``tz``)."""
        mine = content_of(self.platform, self.mine.data)
        theirs = content_of(self.platform, self.theirs.data)
        return [
            FieldDifference(path, _label(self.platform, path), _words(self.platform, path, mine.get(path), tz),
                            _words(self.platform, path, theirs.get(path), tz))
            for path in changed_fields(self.platform, self.mine.data, self.theirs.data)
        ]

    def keep_mine_changes(self) -> dict[str, Any]:
        """The PATCH that makes Dash show your version: your change plus every field you see differently.

        The status goes only if your change set it (an approval): Dash may have moved it on since.
        """
        mine = content_of(self.platform, self.mine.data)
        patch = dict(self.changes)
        for path in changed_fields(self.platform, self.mine.data, self.theirs.data):
            if path == "status" or path in patch:
                continue
            patch[path] = mine.get(path)  # None removes a field you do not have
        return patch


async def read_current(client: ReadsPosts, platform: str, post_id: int) -> Post:
    """The post as it is on Dash now."""
    return Post.from_api(await client.get_post(platform, post_id), platform)


async def check_unchanged(client: ReadsPosts, key: PostKey, loaded: Post, changes: Mapping[str, Any]) -> Post:
    """Read the post again; raise :class:`EditConflict` if it differs from ``loaded``, else return it.

    A post already carrying every change (someone made the same edit) is not a conflict.
    """
    current = await read_current(client, key[0], key[1])
    mine = loaded.with_changes(changes)
    if changed_fields(key[0], loaded.data, current.data) and changed_fields(key[0], mine.data, current.data):
        raise EditConflict(key, loaded, mine, current, dict(changes))
    return current
