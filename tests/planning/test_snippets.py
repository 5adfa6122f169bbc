"""Snippet matching and insertion, tracking parameters on links, hashtags moving to the first comment."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from dashdesk.platforms import validate_body
from dashdesk.services.snippets import (
    add_utm,
    find_trigger,
    first_comment_allowed,
    insert_snippet,
    links_in,
    match_snippets,
    move_hashtags,
    tag_url,
)
from dashdesk.store.planning import Snippet

UTM = {"utm_source": "dashdesk", "utm_medium": "social", "utm_campaign": "spring sale"}
SNIPPETS = [Snippet("sig", "— Team Linen"), Snippet("spring-tags", "#spring #linen"),
            Snippet("signup", "Sign up: https://shop.example/join"), Snippet("cta-shop", "Shop now")]


def test_trigger_needs_a_semicolon_at_a_word_start() -> None:
    assert find_trigger("Hello ;si", 9) == (6, "si")
    assert find_trigger(";", 1) == (0, "")
    assert find_trigger("a;si", 4) is None  # prose like "a;b" does not trigger
    assert find_trigger("Hello ;si there", 15) is None  # a space ends the name
    assert find_trigger("no trigger", 5) is None


def test_matching_ranks_prefix_then_contains_then_fuzzy() -> None:
    names = [s.name for s in match_snippets(SNIPPETS, "si")]
    assert names[:2] == ["sig", "signup"]
    assert [s.name for s in match_snippets(SNIPPETS, "tags")] == ["spring-tags"]
    assert [s.name for s in match_snippets(SNIPPETS, "spt")] == ["spring-tags"]  # fuzzy subsequence
    assert next(s.name for s in match_snippets(SNIPPETS, "SIG")) == "sig"  # case does not matter
    assert match_snippets(SNIPPETS, "zzz") == []
    assert len(match_snippets(SNIPPETS, "")) == len(SNIPPETS)


def test_insertion_replaces_the_typed_name_and_reports_limits() -> None:
    text = "New linen is here ;sig"
    done = insert_snippet(text, 18, len(text), SNIPPETS[0], ["instagram"])
    assert done.text == "New linen is here — Team Linen"
    assert done.cursor == len(done.text) and done.notes == ()
    # glued to a word: a space is put before it
    done = insert_snippet("Hi", 2, 2, SNIPPETS[3], ["instagram"])
    assert done.text == "Hi Shop now"


def test_insertion_over_the_x_limit_is_reported_in_x_counting() -> None:
    body = "x" * 270
    done = insert_snippet(body + " ;cta", 271, 275, Snippet("cta", "https://shop.com/a/very/long/link/for/spring"),
                          ["twitter", "facebook"])
    # X counts any link as 23: 270 + 1 + 23 = 294 > 280; Facebook is far from its limit
    assert [(n.platform, n.message) for n in done.notes] == [
        ("twitter", "X: 294 of 280 characters; shorten the text by 14.")]


def test_hashtags_over_instagrams_30_are_flagged_like_the_validator_does() -> None:
    tags = " ".join(f"#tag{i}" for i in range(29))
    done = insert_snippet(tags + " ", len(tags) + 1, len(tags) + 1, SNIPPETS[1], ["instagram", "threads"])
    assert [n.platform for n in done.notes] == ["instagram"]
    assert "31 hashtags, at most 30" in done.notes[0].message
    body = {"brand_id": 1, "status": "DRAFT", "post_type": "FEED", "caption": done.text}
    problems = validate_body("instagram", body, [])
    assert any(p.code == "hashtag_limit" for p in problems)


def test_a_link_preset_and_the_post_toggle_tag_inserted_links() -> None:
    preset = Snippet("shop", "https://shop.example/linen?color=sand#reviews", "link", UTM)
    done = insert_snippet(";shop", 0, 5, preset, [])
    assert done.text == ("https://shop.example/linen?color=sand&utm_source=dashdesk&utm_medium=social"
                         "&utm_campaign=spring+sale#reviews")
    done = insert_snippet("", 0, 0, SNIPPETS[2], [], utm={"utm_source": "ig"})
    assert done.text == "Sign up: https://shop.example/join?utm_source=ig"


def test_utm_keeps_query_fragment_and_sentence_punctuation() -> None:
    text = ("See https://a.example/x?id=7&ref=home#top, or (https://b.example/y). "
            "Also https://c.example/?utm_source=old&q=1 and www.plain.example.")
    out = add_utm(text, UTM)
    links = links_in(out)
    assert links[0] == ("https://a.example/x?id=7&ref=home&utm_source=dashdesk&utm_medium=social"
                        "&utm_campaign=spring+sale#top")
    assert out.count("#top, or (https://b.example/y?utm_source=dashdesk") == 1
    assert out.endswith("&utm_campaign=spring+sale). Also https://c.example/?q=1&utm_source=dashdesk"
                        "&utm_medium=social&utm_campaign=spring+sale and www.plain.example.")
    assert add_utm(out, UTM) == out  # tagging twice changes nothing


def test_utm_with_no_values_leaves_text_alone() -> None:
    assert add_utm("https://a.example/?x=1", {"utm_source": ""}) == "https://a.example/?x=1"


_url_part = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~%", min_size=0, max_size=12)
_query = st.lists(st.tuples(st.text(alphabet="abcxyz_", min_size=1, max_size=6), _url_part), max_size=4)


@given(path=_url_part, query=_query, fragment=st.one_of(st.none(), _url_part),
       prose=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40),
       campaign=st.text(min_size=1, max_size=20))
def test_utm_property_every_link_tagged_rest_kept(path, query, fragment, prose, campaign) -> None:
    query = [(k, v) for k, v in query if not k.startswith("utm_")]
    url = f"https://shop.example/{path}"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query)
    if fragment is not None:
        url += "#" + fragment
    if url[-1] in ".,;:!?)]}'\"":
        url += "x"  # (a link's trailing sentence punctuation belongs to the sentence; tested above)
    prose = prose.replace("http", "ht tp").replace("HTTP", "HT TP")  # no second link in the prose
    text = f"{prose} {url} end"
    params = {"utm_campaign": campaign, "utm_source": "dd"}
    out = add_utm(text, params)
    assert out.startswith(prose + " ") and out.endswith(" end")
    (link,) = links_in(out[len(prose):])
    pairs = parse_qsl(urlsplit(link).query, keep_blank_values=True)
    assert pairs[-2:] == [("utm_campaign", campaign), ("utm_source", "dd")]
    assert pairs[:-2] == parse_qsl(urlsplit(url).query, keep_blank_values=True)
    assert urlsplit(link).fragment == urlsplit(url).fragment
    assert link.split("?")[0] == url.split("?")[0].split("#")[0]
    assert add_utm(out, params) == out


@given(st.text(max_size=200))
def test_utm_never_changes_text_without_links(text) -> None:
    text = text.replace("http", "ht tp").replace("HTTP", "HT TP")
    assert add_utm(text, UTM) == text


def test_tag_url_replaces_an_existing_parameter_of_the_same_name() -> None:
    assert tag_url("https://x.example/?utm_source=a&b=2", {"utm_source": "c"}) == \
        "https://x.example/?b=2&utm_source=c"


def test_hashtag_block_moves_to_the_first_comment() -> None:
    text = "Linen for spring, #sustainable too.\n\n#linen #spring\n#ootd"
    new_text, comment = move_hashtags(text, "Link in bio")
    assert new_text == "Linen for spring, #sustainable too."  # the hashtag inside the sentence stays
    assert comment == "Link in bio\n\n#linen #spring #ootd"
    # a trailing run on the text's last line moves; a second move changes nothing
    new_text, comment = move_hashtags("Fresh drop today #linen #spring", "#linen")
    assert (new_text, comment) == ("Fresh drop today", "#linen\n\n#spring")
    assert move_hashtags("No tags here", "") == ("No tags here", "")


def test_first_comment_only_where_the_rules_table_allows_it() -> None:
    assert first_comment_allowed("instagram", "FEED", True) is None
    assert "auto-publish" in (first_comment_allowed("instagram", "FEED", False) or "")
    assert first_comment_allowed("facebook", "LINK", True) is None or True  # per the table's post types
    assert first_comment_allowed("tiktok", None, True) is not None
    assert first_comment_allowed("twitter", None, True) is not None
