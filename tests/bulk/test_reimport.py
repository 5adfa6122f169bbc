"""Re-importing what is already on Dash creates nothing; the journal is a record checked on Dash, never
proof; a refused key stops the run (issue 15)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dashdesk.bulk import (
    DashClientBackend,
    ImportRun,
    Journal,
    RateLimiter,
    check_sheet,
    fetch_posts,
    make_client,
    read_sheet,
    write_export,
)
from dashdesk.bulk.cli import EXIT_AUTH, EXIT_OK, EXIT_ROWS_FAILED, main
from dashdesk.media import samples
from dashdesk.platforms import Draft, MediaKind, MediaRef, PublishMode, build_body

START = datetime(2031, 3, 1, tzinfo=UTC)


def plan_of(path: Path):
    return check_sheet(read_sheet(path), now=START - timedelta(days=1), display_tz=UTC)


async def _import(sandbox, path: Path, journal_path: Path, *, url: str | None = None):
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, url or sandbox.url, limiter)
    try:
        with Journal(journal_path) as journal:
            run = ImportRun(plan_of(path), DashClientBackend(client, limiter), brand_id=sandbox.brand_id,
                            journal=journal, limiter=limiter)
            return await run.run(), run
    finally:
        await client.aclose()


async def _seed_and_export(sandbox, folder: Path) -> tuple[dict[int, str], Path]:
    """Posts with and without media on four platforms, made as the app would; exported to CSV."""
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    brand = sandbox.brand_id
    try:
        image = await client.upload_file(brand, samples.make_image(folder / "a.jpg", 64, 64, seed=4))
        video = await client.upload_file(brand, samples.make_video(folder / "v.mp4", duration=3.5, width=96,
                                                                   height=160, fps=8, seed=4))
        boards = [b.to_dict() for b in await client.list_boards(brand)]
        drafts = [
            Draft(platform="instagram", mode=PublishMode.SCHEDULE, text="launch day", post_type="FEED",
                  media=[MediaRef(image.attach_id, MediaKind.IMAGE)], timestamp=START + timedelta(hours=9)),
            Draft(platform="twitter", mode=PublishMode.SCHEDULE, text="launch day",
                  media=[MediaRef(image.attach_id, MediaKind.IMAGE)], timestamp=START + timedelta(hours=9)),
            Draft(platform="tiktok", mode=PublishMode.SCHEDULE, text="behind the scenes",
                  media=[MediaRef(video.attach_id, MediaKind.VIDEO)], timestamp=START + timedelta(days=1)),
            Draft(platform="pinterest", mode=PublishMode.SCHEDULE, text="pin it", extras={"title": "Pin",
                  "board": boards[0]}, media=[MediaRef(image.attach_id, MediaKind.IMAGE)],
                  timestamp=START + timedelta(days=2)),
            Draft(platform="linkedin", mode=PublishMode.SCHEDULE, text="no media here",
                  timestamp=START + timedelta(days=3)),
        ]
        ids = {}
        for draft in drafts:
            post = await client.create_post(draft.platform, build_body(draft, brand))
            ids[int(post.id)] = draft.platform
        posts, errors = await fetch_posts(DashClientBackend(client, limiter), brand, START, START + timedelta(days=5))
        assert not errors and len(posts) == len(drafts)
        exported = folder / "export.csv"
        write_export(posts, exported)
        return ids, exported
    finally:
        await client.aclose()


@pytest.mark.asyncio
async def test_reimporting_an_export_creates_nothing_and_names_each_matched_post(sandbox, tmp_path: Path) -> None:
    ids, exported = await _seed_and_export(sandbox, tmp_path)
    results, run = await _import(sandbox, exported, tmp_path / "journal.sqlite3")
    assert sandbox.state.store.count_posts() == len(ids)
    assert [r.outcome for r in results] == ["already created"] * len(ids)
    assert {r.post_id: r.platform for r in results} == ids
    for r in results:
        assert f"post {r.post_id}" in r.message and "not created again" in r.message
    assert run.stats.creates == 0 and run.stats.uploads == 0

    # and a second time, now through the journal: still nothing new
    again, _ = await _import(sandbox, exported, tmp_path / "journal.sqlite3")
    assert [r.outcome for r in again] == ["already created"] * len(ids)
    assert sandbox.state.store.count_posts() == len(ids)


@pytest.mark.asyncio
async def test_a_local_file_matches_the_same_picture_already_on_dash(sandbox, tmp_path: Path,
                                                                     write_csv: Callable[..., Path]) -> None:
    """The post was made in the app from photo.jpg; a sheet naming photo.jpg finds it by content hash."""
    photo = samples.make_image(tmp_path / "photo.jpg", 80, 80, seed=7)
    other = samples.make_image(tmp_path / "other.jpg", 80, 80, seed=8)
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    try:
        media = await client.upload_file(sandbox.brand_id, photo)
        draft = Draft(platform="twitter", mode=PublishMode.SCHEDULE, text="same", timestamp=START,
                      media=[MediaRef(media.attach_id, MediaKind.IMAGE)])
        existing = await client.create_post("twitter", build_body(draft, sandbox.brand_id))
    finally:
        await client.aclose()
    when = START.strftime("%Y-%m-%d %H:%M")
    path = write_csv([{"platform": "x", "time": when, "timezone": "UTC", "text": "same", "media": "photo.jpg"},
                      {"platform": "x", "time": when, "timezone": "UTC", "text": "same", "media": "other.jpg"}])
    results, _ = await _import(sandbox, path, tmp_path / "j.sqlite3")
    assert (results[0].outcome, results[0].post_id) == ("already created", int(existing.id))
    assert results[1].outcome == "created" and results[1].post_id != int(existing.id)  # other picture: new post
    assert other.exists() and sandbox.state.store.count_posts() == 2


@pytest.mark.asyncio
async def test_the_journal_of_one_dash_means_nothing_to_another(sandbox, tmp_path: Path,
                                                                write_csv: Callable[..., Path],
                                                                media_files: dict[str, Path]) -> None:
    """Same brand id, fresh server: journalled posts and Library ids are not trusted; rows are created
    again and the media uploaded again (checked before use)."""
    path = write_csv([{"platform": "x", "time": "2031-03-01 10:00", "timezone": "UTC", "text": "a",
                       "media": "photo.jpg"}])
    journal = tmp_path / "j.sqlite3"
    first, _ = await _import(sandbox, path, journal)
    assert first[0].outcome == "created"
    sandbox.reset()  # a fresh Dash with the same brand id: no posts, no Library
    again, run = await _import(sandbox, path, journal)
    assert again[0].outcome == "created", again[0]
    assert run.stats.uploads == 1  # the remembered media id was checked, found gone, and uploaded again
    assert sandbox.state.store.count_posts() == 1

    scope_a = Journal(journal).scope("http://127.0.0.1:1", sandbox.brand_id)
    assert scope_a.entries([r.key for r in plan_of(path).rows]) == {}


def _online(sandbox, key: str | None = None, url: str | None = None) -> list[str]:
    return ["--api-url", url or sandbox.url, "--api-key", key or sandbox.api_key, "--brand", str(sandbox.brand_id),
            "--timezone", "UTC"]


ROWS = [{"platform": "x", "time": "2031-03-01 10:00", "text": "one"},
        {"platform": "linkedin", "time": "2031-03-01 11:00", "text": "two"}]


def test_a_wrong_key_stops_at_once_with_exit_2_and_one_message(sandbox, write_csv: Callable[..., Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(ROWS)
    assert main(["import", str(path), *_online(sandbox)]) == EXIT_OK
    capsys.readouterr()
    assert main(["import", str(path), *_online(sandbox, key="sk_wrong_key_123")]) == EXIT_AUTH
    captured = capsys.readouterr()
    assert "already" not in captured.out and "post " not in captured.out
    assert captured.err.count("\n") == 1 and "did not accept the API key" in captured.err
    assert "sk_wrong_key_123" not in captured.out + captured.err
    assert sandbox.state.store.count_posts() == 2


def test_unreachable_dash_says_recorded_not_checked(sandbox, write_csv: Callable[..., Path],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(ROWS)
    assert main(["import", str(path), *_online(sandbox)]) == EXIT_OK
    capsys.readouterr()
    # Dash answers 503 to every listing now (the journal is per origin, so the address stays the same)
    sandbox.faults.fail_platforms = {"twitter", "linkedin"}
    assert main(["import", str(path), *_online(sandbox)]) == EXIT_ROWS_FAILED
    out = capsys.readouterr().out
    assert out.count("not checked") >= 2 and "Recorded as created on" in out
    assert "already on Dash as post" not in out.lower()
    assert "2 recorded earlier but not checked" in out
    assert sandbox.state.store.count_posts() == 2


def test_cli_words_say_what_to_do_with_the_file(sandbox, write_csv: Callable[..., Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from dashdesk.api import errors as api_errors
    from dashdesk.bulk.wording import import_message

    refused = api_errors.ValidationError("Invalid media_id", errors={"media_ids": ["Invalid media_id"]})
    words = import_message(refused)
    assert "form" not in words and "media_ids" not in words and "import the file again" in words
    assert "sandbox" not in import_message(api_errors.ConnectionFailed("refused"))
    path = write_csv(ROWS)
    assert main(["import", str(path), *_online(sandbox)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Fix the fields marked in the form" not in out and "journal" not in out.lower()


def test_import_help_names_no_project_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--help"]) == EXIT_OK
    text = capsys.readouterr().out
    assert ".md" not in text and "sandbox" not in text


def test_a_damaged_journal_is_set_aside_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with Journal(path) as journal:
        assert "could not be read" in journal.notice
        scope = journal.scope("https://x.test", 1)
        scope.mark("k", "twitter", "created", post_id=5)
        assert scope.entry("k").post_id == 5
    assert (tmp_path / "journal.sqlite3.damaged").exists()
