"""DashDesk's files are private to the person's own account on a shared computer.

The data folder is created ``0700`` and every file in it ``0600``: cached posts (unpublished captions,
drafts under review), autosaves, the media index, journals, settings and thumbnails are nobody
else's business. How each kind of file gets there:

* folders: :func:`private_dir` creates them ``0700``;
* SQLite databases: :func:`private_file` creates the (empty) file ``0600`` before SQLite opens it.
  SQLite creates its ``-wal``, ``-shm`` and ``-journal`` files with the database file's mode, so they
  are ``0600`` too, whatever the process umask;
* QSettings' INI file: created ``0600`` the same way; Qt's atomic save keeps an existing file's mode;
* whole files (thumbnails, autosaves, pasted pictures): :func:`write_private` writes a ``0600`` temporary
  file and renames it into place.

A process-wide ``umask(0o077)`` would also catch writers nobody listed, but it is global state: it would
make the person's own exported CSV files and screenshots unreadable to their colleagues too, and it would
leak into tests and into libraries that expect the usual umask. Per-file modes plus a ``0700`` folder
(which nobody else can even list or enter) are used instead.

An older version left the folder readable by everyone: :func:`secure_data_dir` closes it (the folder
and everything in it) on the next start, and logs one line saying so. Modes are only ever narrowed.

On Windows and macOS the user profile already keeps these folders private, so every function here
only creates folders and files there (``ENFORCED`` is false).
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger("dashdesk.privacy")

ENFORCED = os.name == "posix" and sys.platform != "darwin"
"""Whether modes are set here (Linux and other Unix desktops; not Windows or macOS)."""

DIR_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = 0o077  # group and other permission bits

_secured: set[str] = set()


def _narrow(path: Path, st: os.stat_result) -> bool:
    """Remove group/other bits from ``path`` (never adds any); True when its mode changed."""
    mode = stat.S_IMODE(st.st_mode)
    if not mode & _OTHERS:
        return False
    os.chmod(path, mode & ~_OTHERS, follow_symlinks=False)
    return True


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` (and missing parents) as ``0700`` and narrow it if it exists loose; return it.

    Parents that already exist are left alone (``~/.local/share`` is not ours).
    """
    folder = Path(path)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if ENFORCED:
        with contextlib.suppress(OSError):  # a folder we don't own: nothing we may change
            _narrow(folder, folder.lstat())
    return folder


def private_file(path: str | os.PathLike[str]) -> Path:
    """Make sure ``path`` exists as a ``0600`` file (its content untouched) before a library opens it.

    SQLite and QSettings then write into it and keep its mode (SQLite gives its ``-wal``/``-shm``/
    ``-journal`` files the database file's mode).
    """
    target = Path(path)
    private_dir(target.parent)
    if not ENFORCED:
        return target
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags, FILE_MODE)
    except OSError:  # a symlink or a file we may not write: let the library report what is wrong
        return target
    try:
        st = os.fstat(fd)
        if stat.S_IMODE(st.st_mode) & _OTHERS:
            os.fchmod(fd, stat.S_IMODE(st.st_mode) & ~_OTHERS)
    finally:
        os.close(fd)
    return target


def write_private(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically as a ``0600`` file (``mkstemp`` creates it ``0600``)."""
    target = Path(path)
    private_dir(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def open_private(path: str | os.PathLike[str]) -> BinaryIO:
    """Open ``path`` for writing from the start (truncated), creating it ``0600``; narrows an existing file."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, FILE_MODE)
    if ENFORCED:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if mode & _OTHERS:
            os.fchmod(fd, mode & ~_OTHERS)
    return os.fdopen(fd, "wb")


def tighten_tree(root: str | os.PathLike[str]) -> int:
    """Narrow ``root`` and every folder and file under it to owner-only; return how many changed.

    Symbolic links are neither followed nor changed (whatever they point at is not DashDesk's).
    """
    if not ENFORCED:
        return 0
    changed = 0
    top = Path(root)
    with contextlib.suppress(OSError):
        changed += _narrow(top, top.lstat())
    for folder, dirs, files in os.walk(top, followlinks=False):
        for name in (*dirs, *files):
            entry = Path(folder) / name
            try:
                st = entry.lstat()
                if stat.S_ISLNK(st.st_mode):
                    continue
                changed += _narrow(entry, st)
            except OSError:  # vanished or not ours: nothing to do
                continue
    return changed


def secure_data_dir(path: str | os.PathLike[str]) -> Path:
    """Create the data folder ``0700``; if an older version left it open, close it and say so once.

    Cheap after the first call per folder and process (one ``stat`` the first time, then nothing).
    """
    folder = Path(path)
    key = str(folder)
    if key in _secured:
        return folder
    existed = folder.exists()
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if ENFORCED and existed:
        try:
            loose = bool(stat.S_IMODE(folder.lstat().st_mode) & _OTHERS)
        except OSError:
            loose = False
        if loose:
            count = tighten_tree(folder)
            log.warning("DashDesk's data folder %s was readable by other accounts on this computer; "
                        "made it and its %d entries private to you.", folder, max(0, count - 1))
    _secured.add(key)
    return folder


def is_private(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` has no group or other permission bits (always true where not ``ENFORCED``)."""
    if not ENFORCED:
        return True
    return not stat.S_IMODE(Path(path).lstat().st_mode) & _OTHERS


__all__ = [
    "DIR_MODE",
    "ENFORCED",
    "FILE_MODE",
    "is_private",
    "open_private",
    "private_dir",
    "private_file",
    "secure_data_dir",
    "tighten_tree",
    "write_private",
]
