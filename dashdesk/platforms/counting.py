"""How each platform counts text: characters, X's weighted count, graphemes or UTF-8 bytes."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

_WHITESPACE_RUNS = re.compile(r"(\s+)")
_LINE_ENDINGS = re.compile(r"\r\n|\r")


@lru_cache(maxsize=1)
def _grapheme_pattern() -> regex.Pattern[str]:
    """``\\X`` (one grapheme); ``regex`` is imported on the first non-ASCII grapheme count (~10 ms)."""
    import regex

    return regex.compile(r"\X")


class Counting(StrEnum):
    """A text-counting method named in the rules table."""

    CHARS = "chars"
    WEIGHTED = "weighted"  # X: twitter-text weighting, every URL counts 23
    GRAPHEMES = "graphemes"  # Bluesky: user-perceived characters
    BYTES = "bytes"  # YouTube description: UTF-8 bytes


def count_text(counting: Counting | str, text: str) -> int:
    """Length of ``text`` as the platform counts it."""
    if not text:
        return 0
    method = Counting(counting)
    if method is Counting.WEIGHTED:
        return weighted_length(text)
    if method is Counting.GRAPHEMES:
        if text.isascii():  # fast path: every ASCII code point except CRLF pairs is one grapheme
            return len(text) - text.count("\r\n")
        return sum(1 for _ in _grapheme_pattern().finditer(text))
    if method is Counting.BYTES:
        return len(text.encode("utf-8"))
    return len(text)


UNIT_WORDS = {
    Counting.CHARS: "characters",
    Counting.WEIGHTED: "characters (X counting: links count 23, emoji and CJK count 2)",
    Counting.GRAPHEMES: "characters",
    Counting.BYTES: "bytes",
}


@lru_cache(maxsize=8192)
def _weighted_token(token: str, after_space: bool) -> int:
    from twitter_text import parse_tweet  # imported on first use: it costs ~250 ms at start-up

    # URL detection looks at the character before a URL, so a token is weighed in the context it has.
    if after_space:
        return parse_tweet(" " + token).weightedLength - 1
    return parse_tweet(token).weightedLength


def weighted_length(text: str) -> int:
    """X's weighted length, from the twitter-text library, computed per whitespace-separated token.

    twitter-text scans the whole text for emoji on every call (about 10 ms for 2,000 characters), too
    slow for a counter updated on every keystroke. URLs and emoji never span whitespace and every weight
    is a whole multiple of the scale, so the sum over tokens equals the whole count; tokens are cached,
    and a plain ASCII token without a dot (which cannot hold a URL) weighs one per character.
    """
    total = 0
    for index, token in enumerate(_WHITESPACE_RUNS.split(_LINE_ENDINGS.sub("\n", text))):
        if not token:
            continue
        if token.isascii() and "." not in token:
            total += len(token)
        else:
            total += _weighted_token(token, index > 0)
    return total
