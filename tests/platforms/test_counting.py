"""Text counting methods."""

from __future__ import annotations

from dashdesk.platforms import Counting, count_text


def test_weighted_counts_urls_as_23() -> None:
    assert count_text(Counting.WEIGHTED, "see https://example.com/a/very/long/path/indeed") == 4 + 23


def test_weighted_counts_emoji_and_cjk_as_2() -> None:
    assert count_text(Counting.WEIGHTED, "🚀") == 2
    assert count_text(Counting.WEIGHTED, "日本") == 4


def test_graphemes_count_user_perceived_characters() -> None:
    assert count_text(Counting.GRAPHEMES, "👨‍👩‍👧e\u0301") == 2
    assert count_text(Counting.GRAPHEMES, "a\r\nb") == 3


def test_bytes_and_chars() -> None:
    assert count_text(Counting.BYTES, "é") == 2
    assert count_text(Counting.CHARS, "é") == 1
    assert count_text(Counting.CHARS, "") == 0


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from twitter_text import parse_tweet  # noqa: E402

_PIECES = st.sampled_from([
    "hello", " ", "\n", "\r\n", "\t", "https://example.com/path", "example.org", "🚀", "👨‍👩‍👧", "日本語", "é",
    "e\u0301", "#tag", "@user", ".", "www.dash.social", "a.b", "\u3000", "Ünïcödé", "🏳️‍🌈", "x" * 30,
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_token_weighted_count_equals_twitter_text(text: str) -> None:
    assert count_text(Counting.WEIGHTED, text) == parse_tweet(text).weightedLength
