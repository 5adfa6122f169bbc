"""The real pictures behind a preview: images, a video's first frame and its duration.

Local files are decoded with the media strip's own thumbnail maker (``dashdesk.media.inspect``:
images upright, a video's first frame through PyAV); Library and existing posts' media are fetched
from their thumbnail URL. All of it runs in worker threads; the UI thread only receives finished
``QImage`` objects (``loaded``) and scales them once per drawn size (kept in a small cache), so a
preview repaint never reads a file or waits on the network.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

log = logging.getLogger(__name__)

#: Longer side of a decoded preview picture (the largest preview frame is ~420 px wide at 2x).
DECODE_PX = 900


@dataclass(frozen=True, slots=True)
class Picture:
    """A decoded picture and, for a video, its duration in seconds."""

    image: QImage
    duration: float | None = None


def _is_url(ref: str) -> bool:
    return ref.startswith(("http://", "https://"))


def decode_ref(ref: str, is_video: bool, max_px: int = DECODE_PX) -> Picture | None:
    """Decode ``ref`` (a path or URL) in a worker thread; ``None`` when it can't be read."""
    duration: float | None = None
    if _is_url(ref):
        import httpx

        response = httpx.get(ref, timeout=15.0, follow_redirects=True)
        response.raise_for_status()
        data = response.content
    else:
        from dashdesk.media.inspect import inspect_file, make_thumbnail

        path = Path(ref)
        data = make_thumbnail(path, max_px)
        if is_video:
            try:
                info = inspect_file(path)
                duration = info.duration if info.kind == "VIDEO" else None
            except Exception as exc:  # the frame is still worth showing
                log.info("no duration for %s: %s", path.name, exc)
    image = QImage.fromData(data)
    if image.isNull():
        return None
    if max(image.width(), image.height()) > max_px:
        image = image.scaled(max_px, max_px, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return Picture(image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied), duration)


class PreviewMedia(QObject):
    """Decoded media by reference (path or URL), loaded in the background.

    ``picture(ref, is_video)`` returns what is ready and starts loading the rest; ``loaded(ref)``
    fires when one arrives. ``cover(ref, size)`` gives a pixmap filling ``size`` (centre-cropped,
    as feeds crop), cached per size.
    """

    loaded = Signal(str)

    def __init__(self, parent: QObject | None = None, workers: int = 2) -> None:
        super().__init__(parent)
        self._pictures: dict[str, Picture] = {}
        self._failed: set[str] = set()
        self._running: dict[str, Future[Any]] = {}
        self._covers: dict[tuple[str, int, int, bool], QPixmap] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="preview-media")
        self._done.connect(self._arrived, Qt.ConnectionType.QueuedConnection)

    _done = Signal(str, object)  # from a worker thread: (ref, Picture | None)

    def picture(self, ref: str | None, is_video: bool = False) -> Picture | None:
        """The decoded picture of ``ref`` if ready; otherwise start decoding it."""
        if not ref:
            return None
        found = self._pictures.get(ref)
        if found is not None or ref in self._failed or ref in self._running:
            return found
        self._running[ref] = self._pool.submit(self._work, ref, is_video)
        return None

    def failed(self, ref: str | None) -> bool:
        """Whether ``ref`` could not be read (the preview then shows a neutral placeholder)."""
        return bool(ref) and ref in self._failed

    def pending(self) -> int:
        """How many pictures are still loading."""
        return len(self._running)

    def put(self, ref: str, picture: Picture) -> None:
        """Hold an already decoded picture (benchmarks, tests, or one decoded elsewhere)."""
        self._pictures[ref] = picture
        self._drop_covers(ref)

    def _work(self, ref: str, is_video: bool) -> None:
        try:
            picture = decode_ref(ref, is_video)
        except Exception as exc:  # a preview picture is decoration: never an error dialog
            log.info("preview media %s failed: %s", ref if not _is_url(ref) else "(url)", exc)
            picture = None
        self._done.emit(ref, picture)

    def _arrived(self, ref: str, picture: Picture | None) -> None:
        self._running.pop(ref, None)
        if picture is None:
            self._failed.add(ref)
        else:
            self._pictures[ref] = picture
            self._drop_covers(ref)
        self.loaded.emit(ref)

    def _drop_covers(self, ref: str) -> None:
        for key in [k for k in self._covers if k[0] == ref]:
            del self._covers[key]

    def cover(self, ref: str | None, size: QSize, dpr: float = 1.0, *, fit: bool = False) -> QPixmap | None:
        """``ref``'s picture filling ``size`` (cropped to the centre), or fitted inside it when ``fit``."""
        picture = self._pictures.get(ref or "")
        if picture is None or size.isEmpty():
            return None
        w, h = round(size.width() * dpr), round(size.height() * dpr)
        key = (ref or "", w, h, fit)
        pm = self._covers.get(key)
        if pm is None:
            mode = Qt.AspectRatioMode.KeepAspectRatio if fit else Qt.AspectRatioMode.KeepAspectRatioByExpanding
            img = picture.image.scaled(w, h, mode, Qt.TransformationMode.SmoothTransformation)
            if not fit:
                img = img.copy((img.width() - w) // 2, (img.height() - h) // 2, w, h)
            pm = QPixmap.fromImage(img)
            pm.setDevicePixelRatio(dpr)
            if len(self._covers) > 256:
                self._covers.clear()
            self._covers[key] = pm
        return pm

    def close(self) -> None:
        """Stop the workers (pending decodes are dropped)."""
        self._pool.shutdown(wait=False, cancel_futures=True)


_shared: PreviewMedia | None = None


def shared_media() -> PreviewMedia:
    """The process's one preview media loader (previews of every tab and window share decoded media)."""
    global _shared
    if _shared is None:
        _shared = PreviewMedia()
    return _shared
