"""Media of a bulk file: inspect each local file once, hash its content, guess URL kinds."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dashdesk.i18n import tr
from dashdesk.media.inspect import MediaInfo, MediaProblem, inspect_file
from dashdesk.platforms import MediaKind

_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".jfif"})
_VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm"})


@dataclass(frozen=True)
class LocalMedia:
    """What one local file turned out to be: its info and content hash, or the problem with it."""

    path: Path
    info: MediaInfo | None
    sha256: str | None
    problem: MediaProblem | None

    @property
    def kind(self) -> MediaKind | None:
        """Image or video, when the file could be read."""
        return self.info.kind if self.info else None


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in 1 MB pieces."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class MediaCache:
    """Inspects and hashes each local file once per import, however many rows name it (thread-safe)."""

    def __init__(self) -> None:
        self._items: dict[Path, LocalMedia] = {}
        self._lock = threading.Lock()

    def get(self, path: Path) -> LocalMedia:
        """The inspection of ``path`` (done now if it was not yet)."""
        with self._lock:
            found = self._items.get(path)
        if found is not None:
            return found
        try:
            info = inspect_file(path)
            item = LocalMedia(path, info, file_sha256(path), None)
        except MediaProblem as problem:
            if problem.code == "not_found":
                problem = MediaProblem(path, "not_found", tr("{name}: no such file (looked in {folder}).",
                                                             name=path.name, folder=path.parent))
            item = LocalMedia(path, None, None, problem)
        except OSError as exc:
            problem = MediaProblem(path, "unreadable", tr("{name}: cannot be read ({reason}).", name=path.name,
                                                          reason=exc))
            item = LocalMedia(path, None, None, problem)
        with self._lock:
            self._items[path] = item
        return item

    def __len__(self) -> int:
        return len(self._items)


def guess_url_kind(url: str) -> MediaKind | None:
    """Image or video from a URL's file suffix, or from a ``#video``/``#image`` hint; ``None`` if unknown."""
    parts = urlsplit(url)
    hint = parts.fragment.lower()
    if hint in ("video", "kind=video"):
        return MediaKind.VIDEO
    if hint in ("image", "kind=image"):
        return MediaKind.IMAGE
    suffix = Path(parts.path).suffix.lower()
    if suffix in _IMAGE_SUFFIXES:
        return MediaKind.IMAGE
    if suffix in _VIDEO_SUFFIXES:
        return MediaKind.VIDEO
    return None


def url_without_hint(url: str) -> str:
    """``url`` without the ``#video``/``#image`` kind hint (fragments never reach a server anyway)."""
    return url.split("#", 1)[0]
