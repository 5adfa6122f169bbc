"""Removing this account's local data: caches, journal, drafts, thumbnails go; the person's own files stay."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from dashdesk.services.local_data import inventory, remove_local_data


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(path))
    return path


@pytest.fixture
def own_files(tmp_path: Path) -> dict[Path, str]:
    """The person's photos and videos, outside the data folder."""
    shoot = tmp_path / "Pictures" / "shoot"
    shoot.mkdir(parents=True)
    files = {}
    for name in ("IMG_0001.JPG", "clip.mov"):
        path = shoot / name
        path.write_bytes(name.encode() * 100)
        files[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def fill(folder: Path, own: dict[Path, str]) -> None:
    """What a signed-in day leaves behind."""
    from dashdesk.bulk.journal import Journal
    from dashdesk.media.store import MediaStore
    from dashdesk.store import PostsCache
    from dashdesk.store.autosave import session_path, write_atomic

    cache = PostsCache(folder / "posts.db")
    media = MediaStore()
    journal = Journal()
    photo = next(iter(own))
    media.save_upload("u1", seq=1, brand_id=1, path=str(photo), filename=photo.name, state="queued",
                      created_at="2026-01-01", updated_at="2026-01-01")
    journal.scope("https://dash.test", 1).mark("row", "x", "pending")
    for db in (cache, media, journal):
        db.close()
    sqlite3.connect(folder / "posts.db").close()
    for i in range(3):
        write_atomic(session_path(f"s{i}"), {"caption": f"draft {i}"})
    (folder / "thumbnails").mkdir()
    for i in range(2):
        (folder / "thumbnails" / f"media-{i}.png").write_bytes(b"png")
    (folder / "thumbnails" / "link-to-own.jpg").symlink_to(photo)  # a link: removed as a link only
    (folder / "cleaned").mkdir()
    (folder / "cleaned" / "IMG_0001.JPG").write_bytes(b"cleaned copy")
    (folder / "fixed" / "ab").mkdir(parents=True)
    (folder / "fixed" / "ab" / "IMG_0001-fixed.jpg").write_bytes(b"fixed copy")
    (folder / "settings.ini").write_text("[account]\nname=default\n")
    (folder / "posts-sandbox.db").write_bytes(b"")


def test_sign_out_removal_deletes_caches_journal_drafts_thumbnails_and_says_what(
        folder: Path, own_files: dict[Path, str]) -> None:
    fill(folder, own_files)
    before = inventory()
    assert before.anything and "3 unsaved drafts" in before.phrases()

    removed = remove_local_data()
    summary = removed.summary()
    for phrase in ("the cached calendar", "the media index and upload list", "the import journal",
                   "3 unsaved drafts", "3 thumbnails", "1 cleaned copy waiting for upload",
                   "fixed copies of media"):
        assert phrase in summary, summary
    assert summary.startswith("Removed from this computer:") and not removed.failed
    left = {p.relative_to(folder).as_posix() for p in folder.rglob("*")}
    assert left == {"settings.ini", "posts-sandbox.db"}  # settings stay; the sandbox's data is not this account's
    for path, digest in own_files.items():  # the person's own files: untouched
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not inventory().anything
    assert remove_local_data().summary() == "There was no local data of this account on this computer."


def test_the_sandbox_removal_takes_its_demo_data(folder: Path, own_files: dict[Path, str]) -> None:
    fill(folder, own_files)
    (folder / "sandbox" / "sandbox-media" / "uploads").mkdir(parents=True)
    (folder / "sandbox" / "sandbox.db").write_bytes(b"")
    (folder / "sandbox" / "sandbox-media" / "uploads" / "tok").write_bytes(b"bytes")
    summary = remove_local_data(sandbox=True).summary()
    assert "the sandbox's demo posts and media" in summary and "cached calendar" not in summary
    assert not (folder / "sandbox").exists() and not (folder / "posts-sandbox.db").exists()
    assert (folder / "posts.db").exists()  # the signed-in account's cache is not the sandbox's
