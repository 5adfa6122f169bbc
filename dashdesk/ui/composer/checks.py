"""What the composer shows while the person types, without Qt: problems and counters per platform.

Problems come from ``validate_draft`` (the rules table's validator), remembered per platform for
the last body so that an unchanged platform costs one dictionary lookup. Counters use the field's own
counting method (characters, X's weighted count, Bluesky graphemes, YouTube bytes).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from dashdesk.i18n import tr
from dashdesk.i18n.formats import number_text
from dashdesk.platforms import (
    Draft,
    FieldKind,
    MediaKind,
    MediaRef,
    Problem,
    build_body,
    count_text,
    rules_for,
    validate_draft,
)
from dashdesk.platforms.counting import UNIT_WORDS
from dashdesk.platforms.premium import allowed, has_x_premium

#: Problem paths shown on the media strip, and beside the time picker.
MEDIA_PATH = "media_ids"
TIME_PATH = "timestamp"

#: Media problems that media still uploading can cause once they are attached.
LATER_MEDIA_CODES = frozenset({"unsupported_media_type", "mixed_media", "media_count"})


@dataclass(frozen=True)
class Count:
    """One counter: how much of a limit a text field uses."""

    path: str
    used: int
    limit: int
    unit: str

    @property
    def over(self) -> bool:
        """Whether the text is past the limit."""
        return self.used > self.limit

    def text(self) -> str:
        """``"1,234 / 2,200"`` (with the unit when it is not characters)."""
        used, limit = number_text(self.used), number_text(self.limit)
        if self.unit == "bytes":
            return tr("{used} / {limit} bytes", used=used, limit=limit)
        return f"{used} / {limit}"


def counts_for(platform: str, post_type: str | None, path: str, text: str) -> list[Count]:
    """Counters of the field at ``path`` for ``text`` (one per limit; Bluesky has two)."""
    spec = next((f for f in rules_for(platform).fields_for(post_type) if f.path == path), None)
    if spec is None:
        return []
    rules = rules_for(platform)
    return [Count(path, count_text(lim.counting, text), allowed(rules, lim), UNIT_WORDS[lim.counting].split(" ")[0])
            for lim in spec.limits]


def limit_tooltip(platform: str, path: str) -> str:
    """How a field is counted and where its limit comes from, in words."""
    rules = rules_for(platform)
    spec = next((f for f in rules.fields if f.path == path), None)
    if spec is None or not spec.limits:
        return ""
    parts = [f"{allowed(rules, lim):,} {UNIT_WORDS[lim.counting]}" for lim in spec.limits]  # never the source
    return f"{rules.name} allows " + " and ".join(parts) + "."


def text_paths(platform: str, post_type: str | None) -> list[str]:
    """Body paths of the text-like fields of a post type, main text first."""
    return [f.path for f in rules_for(platform).fields_for(post_type)
            if f.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.URL, FieldKind.LOCALE)]


class Checker:
    """Validates drafts, remembering the last answer per platform (keyed by body and minute)."""

    def __init__(self, brand_id: int = 1, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.brand_id = brand_id
        self.clock = clock
        self._last: dict[str, tuple[str, list[Problem]]] = {}

    def problems(self, draft: Draft) -> list[Problem]:
        """Every problem of ``draft`` now (time in the past included)."""
        now = self.clock()
        body = build_body(draft, self.brand_id)
        premium = has_x_premium(self.brand_id)
        key = json.dumps([body, [str(k) for k in draft.media_kinds], now.strftime("%Y%m%d%H%M"), premium],
                         sort_keys=True, ensure_ascii=False)
        cached = self._last.get(draft.platform)
        if cached is not None and cached[0] == key:
            return cached[1]
        found = validate_draft(draft, brand_id=self.brand_id, now=now, x_premium=premium)
        self._last[draft.platform] = (key, found)
        return found

    def forget(self) -> None:
        """Drop remembered answers (after the clock or the rules changed)."""
        self._last.clear()


def while_uploading(draft: Draft, problems: list[Problem], pending: list[MediaKind], checker: Checker) -> list[Problem]:
    """``draft``'s problems as they stand with media of ``pending`` kinds still uploading.

    Where a platform needs media that are still uploading (it can't keep a post without them, not
    even as a draft) the problem says to wait; media the post will get when the uploads finish
    are counted now (kind, count, mixing; checked by ``checker``), so a draft is never saved that
    its final media would make the API refuse.
    """
    name = rules_for(draft.platform).name
    found = [dataclasses.replace(p, message=tr("{message} Wait for the upload to finish: {platform} can't keep a "
                                               "post without its media, not even as a draft.", message=p.message,
                                               platform=name))
             if p.code == "missing_media" else p for p in problems]
    if pending:
        coming = [MediaRef(-n, kind) for n, kind in enumerate(pending, 1)]
        later = dataclasses.replace(draft, media=draft.media + coming)
        known = {(p.path, p.code) for p in problems}
        found += [dataclasses.replace(p, message=tr("{message} (counting the media still uploading)",
                                                        message=p.message))
                  for p in checker.problems(later)
                  if p.path == MEDIA_PATH and p.code in LATER_MEDIA_CODES and (p.path, p.code) not in known]
    return found


@dataclass
class Placed:
    """Problem messages sorted by where the composer shows them (text, media strip, time, blockers)."""

    text: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    time: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    #: The blockers already printed beside the shared text, media or time: "Can't save yet" counts them
    #: instead of printing them again (each problem is read once).
    beside: set[str] = field(default_factory=set)

    def add(self, platform: str, problems: list[Problem], *, shared_text: bool, shared_media: bool,
            multi: bool) -> None:
        """Place ``platform``'s problems: beside the shared text or media when it uses them, beside the
        time (each message once), and every blocking one in the list of what blocks saving."""
        name = rules_for(platform).name
        text_path = rules_for(platform).text_field.path
        for prob in problems:
            # "LinkedIn: LinkedIn posts take up to…" says the name twice: a message naming its
            # platform first needs no prefix
            named = prob.message.startswith(name + " ")
            prefix = f"{name}: " if multi and not named else ""
            shown = True
            if prob.path == text_path and shared_text:
                self.text.append(prefix + prob.message)
            elif prob.path == MEDIA_PATH and shared_media:
                self.media.append(prefix + prob.message)
            elif prob.path == TIME_PATH:
                if prob.message not in self.time:
                    self.time.append(prob.message)
            else:
                shown = False
            if prob.blocking:
                line = prob.message if named else f"{name}: {prob.message}"
                self.blockers.append(line)
                if shown:
                    self.beside.add(line)
