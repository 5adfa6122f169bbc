"""The data folder is private: 0700 folders, 0600 files, a loose folder closed once, never widened."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dashdesk import private_files

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="modes are set on Linux only")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def all_entries(root: Path) -> list[Path]:
    return [root, *sorted(root.rglob("*"))]


def assert_private(root: Path) -> None:
    """Every folder under ``root`` is 0700 and every file 0600 (or narrower)."""
    for entry in all_entries(root):
        if entry.is_symlink():
            continue
        want = private_files.DIR_MODE if entry.is_dir() else private_files.FILE_MODE
        assert mode(entry) & ~want == 0, f"{entry.relative_to(root.parent)} is {oct(mode(entry))}"


@pytest.fixture(autouse=True)
def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test is a new start: the folder has not been checked in this process yet."""
    monkeypatch.setattr(private_files, "_secured", set())
    yield


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The most permissive umask: modes must not depend on the person's umask."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where DASHDESK_DATA_DIR points (not created yet)."""
    path = tmp_path / "home" / "DashDesk"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(path))
    return path


def write_everything() -> None:
    """Use every writer of the data folder once: caches with WAL, journal, autosave, settings, sandbox."""
    from dashdesk.bulk.journal import Journal
    from dashdesk.media.store import MediaStore
    from dashdesk.paths import data_dir
    from dashdesk.sandbox.store import Store
    from dashdesk.settings import Settings
    from dashdesk.store import PostsCache
    from dashdesk.store.autosave import session_path, write_atomic

    root = data_dir()
    cache = PostsCache(root / "posts.db")
    now = datetime.now(UTC)
    cache.replace_range(1, now - timedelta(days=1), now + timedelta(days=1), ["instagram"],
                        [("instagram", {"id": 5, "caption": "launch"})], synced_at=now)
    media = MediaStore()
    media.remember(1, "ab" * 32, 7, kind="IMAGE", size=3, filename="a.jpg")
    journal = Journal()
    journal.scope("https://dash.test", 1).mark("row-1", "instagram", "pending")
    write_atomic(session_path("s1"), {"caption": "launch day"})
    settings = Settings.default()
    settings.brand_name = "Acme"
    settings.sync()
    sandbox = Store(root / "sandbox" / "sandbox.db")
    from dashdesk.private_files import write_private

    write_private(root / "thumbnails" / "media-1.png", b"\x89PNG")
    from dashdesk.media.fix.cache import _remember, fix_cache_dir

    fixed = fix_cache_dir()
    write_private(fixed / "ab" / "clip-fixed.mp4", b"mp4")
    _remember(fixed, fixed / "index" / "k", fixed / "ab" / "clip-fixed.mp4")
    # the -wal/-shm files exist while the connections are open
    assert (root / "posts.db-wal").exists() and (root / "media.sqlite3-wal").exists()
    assert_private(root)
    for db in (cache, media, journal, sandbox):
        db.close()


def test_a_fresh_start_creates_a_private_folder_and_private_files(folder: Path, loose_umask: None) -> None:
    write_everything()
    assert mode(folder) == 0o700
    names = {p.name for p in folder.rglob("*")}
    assert {"posts.db", "media.sqlite3", "bulk-journal.sqlite3", "settings.ini", "sandbox.db",
            "composer-s1.json", "media-1.png"} <= names
    assert_private(folder)


def test_files_created_later_are_private_too(folder: Path, loose_umask: None) -> None:
    from dashdesk.paths import data_dir
    from dashdesk.store import PostsCache

    root = data_dir()
    cache = PostsCache(root / "posts-sandbox.db")
    now = datetime.now(UTC)
    cache.replace_range(3, now, now + timedelta(hours=1), ["x"], [("x", {"id": 1})], synced_at=now)
    for suffix in ("", "-wal", "-shm"):
        assert mode(root / f"posts-sandbox.db{suffix}") == 0o600
    cache.close()


def test_a_loose_folder_is_made_private_once_with_one_line(folder: Path, caplog: pytest.LogCaptureFixture,
                                                           loose_umask: None) -> None:
    # What an older version left: 0755 folders, 0644 files.
    (folder / "thumbnails").mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    for name in ("posts.db", "posts.db-wal", "thumbnails/media-3.png"):
        (folder / name).write_bytes(b"x")
        (folder / name).chmod(0o644)
    (folder / "read-only.json").write_bytes(b"{}")
    (folder / "read-only.json").chmod(0o444)
    outside = folder.parent / "not-ours.txt"
    outside.write_text("the person's own file")
    outside.chmod(0o644)
    (folder / "link").symlink_to(outside)

    caplog.set_level(logging.INFO, logger="dashdesk.privacy")
    from dashdesk.paths import data_dir

    assert data_dir() == folder
    assert_private(folder)
    assert mode(folder / "read-only.json") == 0o400  # narrowed, never widened to 0600
    assert mode(outside) == 0o644  # a link's target is not DashDesk's
    lines = [r for r in caplog.records if r.name == "dashdesk.privacy"]
    assert len(lines) == 1 and "private" in lines[0].getMessage()

    caplog.clear()
    data_dir()  # later calls in the same process: nothing to say
    private_files._secured.clear()
    data_dir()  # the next start: the folder is private already, nothing to say
    assert not [r for r in caplog.records if r.name == "dashdesk.privacy"]


def test_modes_are_never_widened(tmp_path: Path) -> None:
    strict = tmp_path / "strict"
    strict.mkdir(mode=0o500)
    private_files.private_dir(strict)
    assert mode(strict) == 0o500
    f = tmp_path / "f"
    f.write_bytes(b"x")
    f.chmod(0o444)
    private_files.private_file(f)
    assert mode(f) == 0o400  # read-only stays read-only: narrowed, not set to 0600
    assert f.read_bytes() == b"x"  # content untouched
    strict.chmod(0o700)


def test_settings_in_the_native_location_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     loose_umask: None) -> None:
    from PySide6.QtCore import QSettings

    from dashdesk.settings import Settings

    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(home))
    try:
        s = Settings(QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "DashDeskTest", "DashDesk"))
        s.brand_name = "Acme"
        s.sync()
        conf = Path(s.qsettings.fileName())
        assert conf.is_file() and conf.is_relative_to(home)
        assert mode(conf) == 0o600 and mode(conf.parent) == 0o700
    finally:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                          os.path.expanduser("~/.config"))


def test_nothing_changes_where_the_profile_protects_it(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(private_files, "ENFORCED", False)
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    (folder / "a.db").write_bytes(b"")
    (folder / "a.db").chmod(0o644)
    from dashdesk.paths import data_dir

    data_dir()
    private_files.private_file(folder / "a.db")
    assert private_files.tighten_tree(folder) == 0
    assert mode(folder) == 0o755 and mode(folder / "a.db") == 0o644
