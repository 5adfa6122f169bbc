"""Damaged local state (autosaves, the posts cache, the settings file): read as "nothing there" or the
defaults, never a traceback (issue 15)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings

from dashdesk.settings import Settings
from dashdesk.store import PostsCache
from dashdesk.store.autosave import envelope, pending_restores, write_atomic

HOSTILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
START = datetime(2030, 1, 1, tzinfo=UTC)
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                   max_size=3), max_leaves=8)


@HOSTILE
@given(data=st.binary(max_size=600) | JSONISH.map(lambda v: json.dumps(v).encode()))
def test_damaged_autosaves_are_skipped(tmp_path: Path, data: bytes) -> None:
    folder = tmp_path / "autosave"
    folder.mkdir(exist_ok=True)
    write_atomic(folder / "composer-good.json", {**envelope("good", {"platform": "x"}, "kept"), "pid": -1})
    (folder / "composer-bad.json").write_bytes(data)
    entries = pending_restores(folder)
    assert [e.session_id for e in entries if e.session_id == "good"] == ["good"]
    for entry in entries:
        assert isinstance(entry.state, dict)


def _cache_with_posts(path: Path) -> PostsCache:
    cache = PostsCache(path)
    posts = [("twitter", {"id": i, "timestamp": (START + timedelta(hours=i)).isoformat(), "status": "SCHEDULED"})
             for i in range(1, 4)]
    cache.replace_range(1, START, START + timedelta(days=1), ["twitter"], posts, synced_at=START)
    return cache


@HOSTILE
@given(data=st.binary(min_size=1, max_size=3000))
def test_a_cache_file_of_random_bytes_starts_again_empty(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "posts.db"
    for leftover in tmp_path.glob("posts.db*"):
        leftover.unlink()
    path.write_bytes(data)
    cache = PostsCache(path)
    try:
        assert cache.load(1, START, START + timedelta(days=1)) == []
        assert cache.load_rows(1, START, START + timedelta(days=1)) == []
        assert cache.last_sync(1) is None
    finally:
        cache.close()


@HOSTILE
@given(cut=st.floats(0.05, 0.95))
def test_a_truncated_cache_file_reads_as_empty_or_what_survived(tmp_path: Path, cut: float) -> None:
    path = tmp_path / "posts.db"
    for leftover in tmp_path.glob("posts.db*"):
        leftover.unlink()
    cache = _cache_with_posts(path)
    cache._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.close()
    data = path.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * cut))])
    cache = PostsCache(path)
    try:
        loaded = cache.load(1, START, START + timedelta(days=1))
        assert all(isinstance(post, dict) for _, post in loaded)
        cache.load_rows(1, START, START + timedelta(days=1))
        cache.last_sync(1)
    finally:
        cache.close()


def test_a_row_of_bad_json_is_skipped_and_the_others_kept(tmp_path: Path) -> None:
    cache = _cache_with_posts(tmp_path / "posts.db")
    try:
        with sqlite3.connect(tmp_path / "posts.db") as other:
            other.execute("UPDATE posts SET json='{broken' WHERE id=2")
            other.execute("UPDATE sync SET synced_at='yesterday'")
        end = START + timedelta(days=1)
        assert [post["id"] for _, post in cache.load(1, START, end)] == [1, 3]
        assert [row[1] for row in cache.load_rows(1, START, end)] == [1, 3]
        assert cache.last_sync(1) is None
    finally:
        cache.close()


@HOSTILE
@given(data=st.binary(max_size=800) | st.lists(st.sampled_from(
    ["[display]", "[account]", "[window]", "timeZone=Mars/Base", "firstWeekday=9", "lastView=@Invalid()",
     "brandId=abc", "geometry=@ByteArray(\\x1)", "geometry=12", "hiddenPlatforms=@Variant(\\0\\0)", "\x00",
     "apiUrl=", "name=\\xff"]), max_size=12).map(lambda lines: "\n".join(lines).encode()))
def test_a_damaged_settings_file_gives_the_defaults(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "settings.ini"
    path.write_bytes(data)
    options = Settings(QSettings(str(path), QSettings.Format.IniFormat))
    for name in Settings.options():
        getattr(options, name)  # each option reads as a value or its default
    assert 0 <= options.first_weekday <= 6
    assert options.last_view in ("month", "week", "list")
