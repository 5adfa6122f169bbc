"""Cleaned copies for upload: made before a file is hashed and sent, kept until it is uploaded.

The upload's prepare step calls :func:`prepare_for_upload`; the copy (without location and device
details, see :mod:`dashdesk.media.clean`) lives in ``<data dir>/cleaned`` as a ``0600`` file, so an
upload that survives a restart still finds it, and the content hash (the dedupe key) is the hash of
the bytes actually uploaded: the same photo cleans to the same bytes and is uploaded once.
:func:`discard` removes a copy once its upload is done; signing out with "remove local data" removes
any left over. Qt-free; blocking (run it in a worker thread).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from pathlib import Path

from dashdesk.media.clean import CleanResult, clean_copy
from dashdesk.paths import data_dir

log = logging.getLogger(__name__)

CLEANED_DIR = "cleaned"
"""The folder of cleaned copies in the data folder."""


def cleaned_dir() -> Path:
    """Where cleaned copies wait for upload."""
    return data_dir() / CLEANED_DIR


def _copy_name(source: Path) -> str:
    """A name unique to this file and version (two ``IMG_0001.JPG`` from different cards don't collide)."""
    st = source.stat()
    key = f"{source.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode()
    return f"{hashlib.sha256(key).hexdigest()[:16]}-{source.name}"


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
        return clean_copy(source, cleaned_dir(), _copy_name(source))
    except ValueError as exc:  # a damaged file of a known format: nothing we can safely cut
        log.info("not cleaned, uploaded as it is: %s (%s)", source.name, exc)
        return CleanResult(source)


def is_cleaned_copy(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is one of the cleaned copies (not a person's own file)."""
    try:
        return Path(path).resolve().parent == cleaned_dir().resolve()
    except OSError:
        return False


def discard(path: str | os.PathLike[str]) -> None:
    """Remove a cleaned copy after its upload; anything else (the person's files) is left alone."""
    if is_cleaned_copy(path):
        with contextlib.suppress(OSError):
            Path(path).unlink()


__all__ = ["CLEANED_DIR", "cleaned_dir", "discard", "is_cleaned_copy", "prepare_for_upload"]
