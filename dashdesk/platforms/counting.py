"""How each platform counts text: characters, X's weighted count, graphemes or UTF-8 bytes."""

from __future__ import annotations

from enum import StrEnum

import regex
from twitter_text import parse_tweet

_GRAPHEME = regex.compile(r"\X")


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
        return parse_tweet(text).weightedLength
    if method is Counting.GRAPHEMES:
        if text.isascii():  # fast path: every ASCII code point except CRLF pairs is one grapheme
            return len(text) - text.count("\r\n")
        return sum(1 for _ in _GRAPHEME.finditer(text))
    if method is Counting.BYTES:
        return len(text.encode("utf-8"))
    return len(text)


UNIT_WORDS = {
    Counting.CHARS: "characters",
    Counting.WEIGHTED: "characters (X counting: links count 23, emoji and CJK count 2)",
    Counting.GRAPHEMES: "characters",
    Counting.BYTES: "bytes",
}
