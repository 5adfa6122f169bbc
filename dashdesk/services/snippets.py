"""Snippet matching and insertion, tracking parameters on links, hashtags to the first comment (no Qt).

Everything here is a pure function of text, so the composer, the tests and any headless tool share it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote_plus

from dashdesk.i18n import tr
from dashdesk.i18n.formats import number_text
from dashdesk.platforms import count_text, rules_for
from dashdesk.platforms.rules import AutoPublish
from dashdesk.platforms.validate import count_hashtags
from dashdesk.store.planning import Snippet

TRIGGER = ";"
_NAME_CHARS = re.compile(r"[\w\-]*")
# A link: a web address up to whitespace or a quote/bracket; trailing sentence punctuation is not part of it.
_URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""
UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
_HASHTAG_TOKEN = re.compile(r"^#\w+$")


# --- matching ----------------------------------------------------------------------------------


def find_trigger(text: str, cursor: int) -> tuple[int, str] | None:
    """The ``;name`` being typed just before ``cursor``: (position of ``;``, the name so far), or None.

    The ``;`` must start the text or follow whitespace or an opening bracket, so "a;b" in prose and
    URLs with ``;`` do not pop the list up.
    """
    start = text.rfind(TRIGGER, 0, cursor)
    if start < 0:
        return None
    query = text[start + 1:cursor]
    if _NAME_CHARS.fullmatch(query) is None:
        return None
    if start > 0 and not (text[start - 1].isspace() or text[start - 1] in "([{"):
        return None
    return start, query


def _fuzzy_score(name: str, query: str) -> int | None:
    """Subsequence score: lower is better; None when ``query``'s letters are not all in ``name`` in order."""
    pos, gaps = -1, 0
    for ch in query:
        nxt = name.find(ch, pos + 1)
        if nxt < 0:
            return None
        gaps += nxt - pos - 1
        pos = nxt
    return gaps


def match_snippets(snippets: Iterable[Snippet], query: str, limit: int = 12) -> list[Snippet]:
    """Snippets whose name fits ``query``: prefix matches first, then containing, then fuzzy (in order)."""
    q = query.casefold()
    ranked: list[tuple[int, int, str, Snippet]] = []
    for snip in snippets:
        name = snip.name.casefold()
        if not q or name.startswith(q):
            ranked.append((0, len(name), name, snip))
        elif q in name:
            ranked.append((1, name.index(q), name, snip))
        else:
            score = _fuzzy_score(name, q)
            if score is not None:
                ranked.append((2, score, name, snip))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked[:limit]]


# --- limits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LimitNote:
    """A platform limit the text breaks after an insertion, in plain words."""

    platform: str
    message: str


def limit_notes(text: str, platforms: Sequence[str]) -> list[LimitNote]:
    """What ``text`` breaks as each platform's main text: length (as the platform counts) and hashtags."""
    notes: list[LimitNote] = []
    for platform in platforms:
        rules = rules_for(platform)
        spec = rules.text_field
        for limit in spec.limits:
            used = count_text(limit.counting, text)
            if used > limit.limit:
                values = {"platform": rules.name, "used": number_text(used), "most": number_text(limit.limit),
                          "over": number_text(used - limit.limit)}
                notes.append(LimitNote(platform, tr("{platform}: {used} of {most} bytes; shorten the text by "
                                                    "{over}.", **values) if limit.counting == "bytes" else
                                       tr("{platform}: {used} of {most} characters; shorten the text by {over}.",
                                          **values)))
        if spec.max_hashtags is not None:
            tags = count_hashtags(text)
            if tags > spec.max_hashtags:
                notes.append(LimitNote(platform, tr("{platform}: {n} hashtags, at most {most}; remove {over}.",
                                                    platform=rules.name, n=tags, most=spec.max_hashtags,
                                                    over=tags - spec.max_hashtags)))
    return notes


@dataclass(frozen=True)
class Insertion:
    """The text after inserting a snippet, where the cursor goes, and the limits it now breaks."""

    text: str
    cursor: int
    notes: tuple[LimitNote, ...]


def insert_snippet(
    text: str,
    start: int,
    end: int,
    snippet: Snippet,
    platforms: Sequence[str],
    *,
    utm: Mapping[str, str] | None = None,
) -> Insertion:
    """Replace ``text[start:end]`` (the ``;name`` typed) with the snippet's body.

    A tracking preset inserts its body with its own parameters on its links; ``utm`` (the post's
    tracking toggle) adds those parameters to the inserted links too. The insertion never cuts text:
    it reports the limits broken so the counters and problems can show them.
    """
    body = snippet.body
    if snippet.utm:
        body = add_utm(body, snippet.utm)
    if utm:
        body = add_utm(body, utm)
    before, after = text[:start], text[end:]
    if before and not before[-1].isspace() and body and not body[0].isspace():
        body = " " + body
    new_text = before + body + after
    return Insertion(new_text, len(before) + len(body), tuple(limit_notes(new_text, platforms)))


# --- tracking parameters -----------------------------------------------------------------------


def _split_url(url: str) -> tuple[str, str]:
    """(the link, trailing punctuation that belongs to the sentence)."""
    core = url
    while core and core[-1] in _TRAILING:
        if core[-1] == ")" and core.count("(") >= core.count(")"):
            break  # a link like https://en.wikipedia.org/wiki/Foo_(bar)
        core = core[:-1]
    return core, url[len(core):]


def tag_url(url: str, params: Mapping[str, str]) -> str:
    """``url`` with ``params`` in its query: other query parts and the fragment kept as they were.

    An existing parameter named in ``params`` is replaced, so tagging twice changes nothing.
    """
    params = {k: v for k, v in params.items() if k and v}
    if not params:
        return url
    rest, hash_, fragment = url.partition("#")
    base, q, query = rest.partition("?")
    kept = [part for part in query.split("&") if part and part.split("=", 1)[0] not in params]
    added = [f"{quote_plus(k)}={quote_plus(v)}" for k, v in params.items()]
    return base + "?" + "&".join(kept + added) + hash_ + fragment if q or added else url


def add_utm(text: str, params: Mapping[str, str]) -> str:
    """``text`` with ``params`` (``utm_*``) added to every web link in it."""
    if not any(params.values()):
        return text

    def swap(m: re.Match[str]) -> str:
        core, tail = _split_url(m.group(0))
        if "://" not in core or len(core.split("://", 1)[1]) == 0:
            return m.group(0)
        return tag_url(core, params) + tail

    return _URL.sub(swap, text)


def links_in(text: str) -> list[str]:
    """The web links in ``text`` (without trailing punctuation)."""
    return [_split_url(m.group(0))[0] for m in _URL.finditer(text)]


# --- hashtags to the first comment ---------------------------------------------------------------


def first_comment_allowed(platform: str, post_type: str | None, auto_publish: bool) -> str | None:
    """None when the post may carry a first comment; otherwise why not, in plain words."""
    rules = rules_for(platform)
    spec = rules.field("first_comment")
    if spec is None or not spec.applies_to(post_type):
        kind = rules.post_type(post_type)
        if kind:
            return tr("{post_type} have no first comment.", post_type=rules.describe(kind))
        return tr("{platform} posts have no first comment.", platform=rules.name)
    if spec.needs_auto_publish and not auto_publish and rules.auto_publish is not AutoPublish.FORCED:
        return tr("A first comment needs auto-publish: turn it on to move hashtags there.")
    return None


def move_hashtags(text: str, comment: str = "") -> tuple[str, str]:
    """Move the hashtag block(s) of ``text`` to the end of ``comment``: (new text, new comment).

    Lines made only of hashtags and a run of hashtags ending the text move; hashtags inside a sentence
    ("love #coffee today") stay, as removing them would break the sentence. Tags already in the
    comment are not repeated.
    """
    lines = text.split("\n")
    moved: list[str] = []
    kept: list[str] = []
    for line in lines:
        words = line.split()
        if words and all(_HASHTAG_TOKEN.match(w) for w in words):
            moved.extend(words)
        else:
            kept.append(line)
    if kept:  # a trailing run of hashtags on the last text line
        words = kept[-1].split(" ")
        cut = len(words)
        while cut > 0 and (_HASHTAG_TOKEN.match(words[cut - 1]) or not words[cut - 1]):
            cut -= 1
        if cut < len(words) and cut > 0:
            moved = [w for w in words[cut:] if w] + moved
            kept[-1] = " ".join(words[:cut])
    if not moved:
        return text, comment
    new_text = "\n".join(kept).rstrip()
    have = {w.casefold() for w in comment.split()}
    extra = [t for t in dict.fromkeys(moved) if t.casefold() not in have]
    if not extra:
        return new_text, comment
    joined = " ".join(extra)
    new_comment = f"{comment.rstrip()}\n\n{joined}" if comment.strip() else joined
    return new_text, new_comment
