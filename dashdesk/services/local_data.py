"""This computer's copy of an account's data, and removing it when the person signs out.

"Sign out and remove this account's local data" deletes what DashDesk itself wrote for the account in
its data folder: the cached calendar, the media index (content hashes and the upload queue), the
import journal, autosaved drafts, thumbnails, pictures pasted from the clipboard and cleaned upload
copies. The person's own media files elsewhere on disk are never touched: only entries inside the
data folder are removed, and symbolic links are removed as links, never followed.

Qt-free; call it in a worker thread (it touches the disk) after the session's files are closed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from dashdesk.i18n import ntr, tr
from dashdesk.media.cleaned import CLEANED_DIR
from dashdesk.paths import data_dir
from dashdesk.services.session import CACHE_NAME, SANDBOX_CACHE_NAME

SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal", ".damaged", ".damaged-wal", ".damaged-shm")


@dataclass(frozen=True)
class Part:
    """One kind of local data: its words, its files (databases with their side files) or folders."""

    label: str  # "the cached calendar", "unsaved drafts", ...
    databases: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()
    countable: bool = False  # say how many files ("3 unsaved drafts") rather than just the label


ACCOUNT_PARTS = (
    Part("the cached calendar", databases=(CACHE_NAME,)),
    Part("the media index and upload list", databases=("media.sqlite3",)),
    Part("the import journal", databases=("bulk-journal.sqlite3",)),
    Part("posts waiting to send", databases=("outbox.sqlite3",)),
    Part("repeating posts", databases=("series.sqlite3",)),
    Part("the posting schedule", databases=("posting-schedule.json",)),
    Part("unsaved drafts", folders=("autosave",), countable=True),
    Part("thumbnails", folders=("thumbnails",), countable=True),
    Part("pictures pasted from the clipboard", folders=("pasted",), countable=True),
    Part("cleaned copies waiting for upload", folders=(CLEANED_DIR,), countable=True),
    Part("fixed copies of media", folders=("fixed",)),
)
SANDBOX_PARTS = (
    Part("the sandbox's demo posts and media", databases=(SANDBOX_CACHE_NAME,), folders=("sandbox",)),
    *ACCOUNT_PARTS[1:],
)


@dataclass
class Removal:
    """What was removed (or would be): per part, how many files; and what could not be removed."""

    counts: dict[str, int] = field(default_factory=dict)
    countable: set[str] = field(default_factory=set)
    failed: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        """Whether any file was (or would be) removed."""
        return any(self.counts.values())

    def phrases(self) -> list[str]:
        """``["the cached calendar", "3 unsaved drafts", ...]`` for the parts with files."""
        out = []
        for label, count in self.counts.items():
            if not count:
                continue
            if label in self.countable:
                word = label if count != 1 else _singular(label)
                out.append(f"{count} {word}")
            else:
                out.append(label)
        return out

    def summary(self) -> str:
        """One sentence for the person: what was removed, and what could not be."""
        phrases = self.phrases()
        if not phrases:
            text = tr("There was no local data of this account on this computer.")
        else:
            text = tr("Removed from this computer: {phrases}.", phrases=_join(phrases))
        if self.failed:
            text += " " + ntr("{n} file could not be removed (in use or protected); close other DashDesk windows "
                              "and sign out again to remove it.",
                              "{n} files could not be removed (in use or protected); close other DashDesk windows "
                              "and sign out again to remove them.", len(self.failed))
        return text


def _singular(label: str) -> str:
    words = {"unsaved drafts": "unsaved draft", "thumbnails": "thumbnail",
             "pictures pasted from the clipboard": "picture pasted from the clipboard",
             "cleaned copies waiting for upload": "cleaned copy waiting for upload"}
    return words.get(label, label)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir() or folder.is_symlink():
        return []
    return [Path(root) / name for root, _dirs, names in os.walk(folder, followlinks=False) for name in names]


def _entries(root: Path, part: Part) -> list[Path]:
    found = []
    for name in part.databases:
        found += [p for suffix in SQLITE_SUFFIXES if (p := root / f"{name}{suffix}").exists() or p.is_symlink()]
    for name in part.folders:
        found += _files(root / name)
    return found


def inventory(*, sandbox: bool = False, folder: Path | None = None) -> Removal:
    """What :func:`remove_local_data` would remove now (for the dialog's description)."""
    root = folder or data_dir()
    parts = SANDBOX_PARTS if sandbox else ACCOUNT_PARTS
    out = Removal()
    for part in parts:
        files = _entries(root, part)
        out.counts[part.label] = len(files) if part.countable else int(bool(files))
        if part.countable:
            out.countable.add(part.label)
    return out


def remove_local_data(*, sandbox: bool = False, folder: Path | None = None) -> Removal:
    """Delete the account's local data (the sandbox's with ``sandbox``) and say what went.

    Only entries inside the data folder are removed; a symlink is unlinked, never followed.
    """
    root = folder or data_dir()
    parts = SANDBOX_PARTS if sandbox else ACCOUNT_PARTS
    out = Removal()
    for part in parts:
        files = _entries(root, part)
        removed = 0
        for path in files:
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                continue
            except OSError:
                out.failed.append(path.name)
        for name in part.folders:
            target = root / name
            if target.is_symlink():
                with contextlib.suppress(OSError):
                    target.unlink()
            elif target.is_dir():
                shutil.rmtree(target, ignore_errors=True)  # the now empty folders
        out.counts[part.label] = removed if part.countable else int(bool(removed))
        if part.countable:
            out.countable.add(part.label)
    return out


__all__ = ["ACCOUNT_PARTS", "SANDBOX_PARTS", "Removal", "inventory", "remove_local_data"]
