"""Cleaned copies for upload: made before a file is hashed and sent, kept until it is uploaded.

The upload's prepare step (:class:`CleanBeforeUpload`, the queue's hook) calls
:func:`prepare_for_upload`; the copy (without location and device details, see
:mod:`dashdesk.media.clean`) is a ``0600`` file in ``<data dir>/cleaned/<key>/`` with the original's
name (the name the Library shows), ``<key>`` coming from the original's path, size and time. The
content hash (the dedupe key) is the hash of the bytes actually uploaded: the same photo cleans to
the same bytes and is uploaded once. A copy is reused while it exists (so a large video's
fingerprint stays known), :func:`sweep` removes copies older than a day, and signing out with
"remove local data" removes any left. Qt-free; blocking (run it in a worker thread).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashdesk.media.clean import CleanResult, clean_copy, removed_from
from dashdesk.paths import data_dir

log = logging.getLogger(__name__)

CLEANED_DIR = "cleaned"
"""The folder of cleaned copies in the data folder."""


def cleaned_dir() -> Path:
    """Where cleaned copies wait for upload."""
    return data_dir() / CLEANED_DIR


def _copy_folder(source: Path) -> Path:
    """A folder unique to this file and version (two ``IMG_0001.JPG`` from different cards don't
    collide); the copy keeps the original's name, which is the name the Library shows."""
    st = source.stat()
    key = f"{source.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode()
    return cleaned_dir() / hashlib.sha256(key).hexdigest()[:16]


def _reusable(source: Path, copy: Path) -> bool:
    """An earlier copy of this very file version (kept: its fingerprint lets a large file dedupe)."""
    try:
        return copy.stat().st_mtime_ns >= source.stat().st_mtime_ns and copy.stat().st_size > 0
    except OSError:
        return False


def prepare_for_upload(path: str | os.PathLike[str], *, keep_metadata: bool = False) -> CleanResult:
    """The file to upload for ``path``: a cleaned copy, or ``path`` itself when nothing had to go.

    ``keep_metadata`` (the person's setting) uploads the original as it is. A file that cannot be
    parsed is uploaded as it is too (the upload's own checks report an unreadable file); the
    original is never modified.
    """
    source = Path(path)
    if keep_metadata:
        return CleanResult(source)
    try:
        folder = _copy_folder(source)
        copy = folder / source.name
        if _reusable(source, copy):  # what cleaning this very version wrote earlier
            removed = removed_from(source)
            if removed:
                return CleanResult(copy, removed)
        return clean_copy(source, folder)
    except ValueError as exc:  # a damaged file of a known format: nothing we can safely cut
        log.info("not cleaned, uploaded as it is: %s (%s)", source.name, exc)
        return CleanResult(source)


class CleanBeforeUpload:
    """The upload queue's prepare hook: send a cleaned copy unless the person keeps metadata.

    ``keep_metadata`` is asked at each upload (the setting can change while the app runs). The hook
    notes what it removed on the item (``metadata_removed``: the strip says "location removed").
    """

    def __init__(self, keep_metadata: Callable[[], bool] = lambda: False) -> None:
        self.keep_metadata = keep_metadata

    def __call__(self, item: Any) -> Path | None:
        """Runs in a worker thread: the file to hash and send instead of ``item.path``, or ``None``."""
        try:
            keep = bool(self.keep_metadata())
        except Exception:  # an unreadable setting: the private default
            keep = False
        result = prepare_for_upload(item.path, keep_metadata=keep)
        item.metadata_removed = result.removed
        return result.path if result.cleaned else None


def sweep(max_age: float = 24 * 3600, *, now: float | None = None) -> int:
    """Remove cleaned copies older than ``max_age`` seconds (uploads long done); returns how many.

    A copy still needed is made again by the prepare step (a restored upload is prepared anew).
    """
    folder = cleaned_dir()
    if not folder.is_dir():
        return 0
    limit = (time.time() if now is None else now) - max_age
    removed = 0
    for sub in folder.iterdir():
        if not sub.is_dir() or sub.is_symlink():
            continue
        for entry in sub.iterdir():
            with contextlib.suppress(OSError):
                if entry.is_file() and not entry.is_symlink() and entry.stat().st_mtime < limit:
                    entry.unlink()
                    removed += 1
        with contextlib.suppress(OSError):
            sub.rmdir()  # only when empty
    return removed


def is_cleaned_copy(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is one of the cleaned copies (not a person's own file)."""
    try:
        return Path(path).resolve().parent.parent == cleaned_dir().resolve()
    except OSError:
        return False


def discard(path: str | os.PathLike[str]) -> None:
    """Remove a cleaned copy after its upload; anything else (the person's files) is left alone."""
    if is_cleaned_copy(path):
        with contextlib.suppress(OSError):
            Path(path).unlink()
            Path(path).parent.rmdir()


__all__ = ["CLEANED_DIR", "CleanBeforeUpload", "cleaned_dir", "discard", "is_cleaned_copy", "prepare_for_upload",
           "sweep"]
