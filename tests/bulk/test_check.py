"""The check step: rows become drafts, checked with the rules table; problems sit on their cells."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from dashdesk.bulk.check import check_sheet
from dashdesk.bulk.reader import read_sheet, read_text
from dashdesk.platforms import MediaKind, PublishMode

NOW = datetime(2030, 1, 1, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def check(text: str, **kw: object):
    return check_sheet(read_text(text), now=NOW, display_tz=PARIS, **kw)


def problems(row) -> set[tuple[str | None, str, str]]:
    return {(p.column, p.code, p.severity) for p in row.problems}


def test_display_names_times_and_zones() -> None:
    plan = check("platform,time,timezone,text\n"
                 "X,2030-03-10 15:00,,a\n"
                 "Twitter,2030-03-10 15:00,America/New_York,b\n"
                 "linkedin,2030-03-10T15:00:00Z,,c\n"
                 "Bluesky,2030-03-10 15:00,+02:00,d\n")
    assert [r.platform for r in plan.rows] == ["twitter", "twitter", "linkedin", "bluesky"]
    assert all(r.ok for r in plan.rows), [r.problems for r in plan.rows]
    stamps = [r.draft.timestamp.astimezone(UTC).hour for r in plan.rows]
    assert stamps == [14, 19, 15, 13]  # New York is on EDT from 10 March 2030
    assert all(r.draft.mode is PublishMode.SCHEDULE for r in plan.rows)


def test_bad_dates_unknown_platforms_and_zones_are_row_level_errors() -> None:
    plan = check("platform,mode,time,timezone,text\n"
                 "x,schedule,10/03/2030 15:00,,a\n"
                 "Myspace,,,,b\n"
                 "x,schedule,2030-02-30 10:00,,c\n"
                 "x,schedule,2030-03-10 10:00,Mars/Olympus,d\n"
                 "x,later-ish,,,e\n"
                 "x,schedule,2020-03-10 10:00,,f\n"
                 "x,schedule,,,g\n")
    rows = {r.number: r for r in plan.rows}
    assert ("time", "invalid_time", "error") in problems(rows[2])
    assert ("platform", "unknown_platform", "error") in problems(rows[3])
    assert ("time", "invalid_time", "error") in problems(rows[4])
    assert ("timezone", "invalid_timezone", "error") in problems(rows[5])
    assert ("mode", "invalid_mode", "error") in problems(rows[6])
    assert ("time", "past_time", "error") in problems(rows[7])
    assert ("time", "missing_timestamp", "error") in problems(rows[8])
    assert not plan.ready
    assert "Mars/Olympus" in rows[5].problems[0].message


def test_rules_table_problems_land_on_their_columns(media_files: dict[str, Path]) -> None:
    folder = media_files["image"].parent
    (folder / "p.csv").write_text(
        "platform,post_type,mode,time,text,media,title,first_comment,made_for_kids,board\n"
        "tiktok,,schedule,2030-03-10 10:00,t,photo.jpg,,,,\n"           # image on TikTok
        "youtube,,schedule,2030-03-10 10:00,d,clip.mp4,,,maybe,\n"      # no title, bad bool
        "x,,draft,," + "y" * 300 + ",,,,,\n"                            # too long
        "instagram,story,draft,,,,,,,\n"                                 # story has caption? fine; no media ok
        "x,,draft,,hi,,,Nice,,\n"                                        # X has no first comment
        "pinterest,,draft,,note,,Title,,,\n"                             # missing board
        "instagram,carousel,draft,,a,,,,,\n",                            # unknown post type
        encoding="utf-8",
    )
    plan = check_sheet(read_sheet(folder / "p.csv"), now=NOW, display_tz=PARIS)
    rows = {r.number: r for r in plan.rows}
    assert ("media", "unsupported_media_type", "error") in problems(rows[2])
    assert {("title", "missing_field", "error"), ("made_for_kids", "invalid_value", "error")} <= problems(rows[3])
    assert ("text", "text_limit", "error") in problems(rows[4])
    assert rows[5].ok
    assert ("first_comment", "field_not_supported", "error") in problems(rows[6])
    assert ("board", "missing_field", "error") in problems(rows[7])
    assert ("post_type", "invalid_post_type", "error") in problems(rows[8])


def test_missing_corrupt_and_good_media(media_files: dict[str, Path]) -> None:
    folder = media_files["image"].parent
    (folder / "m.csv").write_text(
        "platform,mode,time,text,media\n"
        "instagram,schedule,2030-03-10 10:00,a,photo.jpg|photo2.png|clip.mp4\n"
        "instagram,schedule,2030-03-10 10:00,b,nowhere.jpg\n"
        "x,schedule,2030-03-10 10:00,c,broken.jpg\n"
        "bluesky,schedule,2030-03-10 10:00,d,https://cdn.example.com/a/b.jpg\n",
        encoding="utf-8",
    )
    plan = check_sheet(read_sheet(folder / "m.csv"), now=NOW, display_tz=PARIS)
    rows = {r.number: r for r in plan.rows}
    assert rows[2].ok
    assert rows[2].draft.media_kinds == [MediaKind.IMAGE, MediaKind.IMAGE, MediaKind.VIDEO]
    assert rows[2].media_keys[0].startswith("sha256:")
    assert ("media", "not_found", "error") in problems(rows[3])
    assert "nowhere.jpg" in rows[3].problems_in("media")[0].message
    assert ("media", "corrupt", "error") in problems(rows[4])
    assert rows[5].ok and rows[5].media[0].url == "https://cdn.example.com/a/b.jpg"


def test_boards_by_name_or_id_and_unresolved_offline() -> None:
    boards = [{"id": "144000000000001", "name": "Spring Style Inspiration"}]
    text = ("platform,mode,text,title,board\n"
            "pinterest,draft,n,T,spring style inspiration\n"
            "pinterest,draft,n,T,144000000000001\n"
            "pinterest,draft,n,T,Nope\n")
    online = check(text, boards=boards)
    assert [r.ok for r in online.rows] == [True, True, False]
    assert online.rows[0].draft.extras["board"]["id"] == "144000000000001"
    assert ("board", "unknown_board", "error") in problems(online.rows[2])
    offline = check(text)
    assert all(r.ok for r in offline.rows)
    assert all(("board", "board_unresolved", "note") in problems(r) for r in offline.rows)


def test_dst_gap_is_a_warning_and_duplicates_are_noticed() -> None:
    plan = check("platform,time,text\nx,2030-03-31 02:30,a\nx,2030-04-02 10:00,b\nx,2030-04-02 10:00,b\n")
    assert ("time", "dst_gap", "warning") in problems(plan.rows[0]) and plan.rows[0].ok
    assert ("time", "dst_gap", "warning") not in problems(plan.rows[1])
    assert ("row", "duplicate_row", "warning") not in problems(plan.rows[2])
    assert (None, "duplicate_row", "warning") in problems(plan.rows[2])
    assert plan.rows[1].key != plan.rows[2].key and plan.rows[1].key[:-2] == plan.rows[2].key[:-2]


def test_description_column_is_the_text_where_the_platform_calls_it_so() -> None:
    plan = check("platform,text,description,title,made_for_kids\n"
                 "pinterest,,A pin note,T,\n"
                 "linkedin,hi,A description,,\n"
                 "pinterest,one,two,T,\n")
    assert plan.rows[0].draft.text == "A pin note"
    assert ("description", "field_not_supported", "error") in problems(plan.rows[1])
    assert ("description", "duplicate_text", "error") in problems(plan.rows[2])


def test_ten_thousand_rows_each_with_its_own_verdict(write_csv: Callable[..., Path]) -> None:
    rows = []
    for i in range(10_000):
        bad = i % 1000 == 7
        rows.append({"platform": "Myspace" if bad else ("x", "linkedin", "threads")[i % 3],
                     "time": f"2030-05-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}",
                     "text": f"Post {i}"})
    plan = check_sheet(read_sheet(write_csv(rows)), now=NOW, display_tz=PARIS)
    assert len(plan.rows) == 10_000
    failed = [r.number for r in plan.failed]
    assert failed == [i + 2 for i in range(10_000) if i % 1000 == 7]
    assert plan.summary().startswith("9990 of 10000 rows ready")
