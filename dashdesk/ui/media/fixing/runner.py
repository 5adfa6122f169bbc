"""Fixes, previews and timelines in a worker thread; results come back as signals on the UI thread."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from dashdesk.i18n import tr
from dashdesk.media.fix import FixCancelled, FixFailed, FixPlan, run_fix
from dashdesk.media.fix.preview import preview_image, still_of, timeline
from dashdesk.media.probe import MediaFacts, probe_file

log = logging.getLogger(__name__)

__all__ = ["FixRunner", "to_qimage"]


def to_qimage(img: Image.Image) -> QImage:
    """A Pillow RGB picture as a :class:`QImage` (safe to make off the UI thread)."""
    rgb = img.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()


class FixRunner(QObject):
    """Runs one fix at a time (with progress and cancel), plus previews and timelines, off the UI thread.

    Signals carry a ``token`` (what :meth:`start` returned) so a late answer from an older request is
    told apart from the current one.
    """

    #: token, fraction done (0..1)
    progress = Signal(int, float)
    #: token, FixResult
    finished = Signal(int, object)
    #: token, plain message
    failed = Signal(int, str)
    #: token
    cancelled = Signal(int)
    #: token, MediaFacts
    probed = Signal(int, object)
    #: token, QImage
    stillReady = Signal(int, QImage)
    #: token, QImage
    previewReady = Signal(int, QImage)
    #: token, list of (seconds, QImage)
    timelineReady = Signal(int, list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fix_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dashdesk-fix")
        self._view_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dashdesk-fix-view")
        self._stop = threading.Event()
        self._token = 0
        self._running: Future[Any] | None = None
        self._pending: set[Future[Any]] = set()
        self._closed = False

    def _next(self) -> int:
        self._token += 1
        return self._token

    def _emit(self, signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the receiver was deleted meanwhile
            signal.emit(*args)

    def _submit(self, pool: ThreadPoolExecutor, fn: Callable[[], None]) -> Future[Any] | None:
        if self._closed:  # asked after shutdown (a late timer): nothing to do
            return None
        future = pool.submit(fn)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    def is_running(self) -> bool:
        """Whether a fix is being made."""
        return self._running is not None and not self._running.done()

    def probe(self, path: Any) -> int:
        """Probe a file; emits ``probed``."""
        token = self._next()
        self._submit(self._view_pool, lambda: self._emit(self.probed, token, probe_file(path)))
        return token

    def start(self, facts: MediaFacts, plan: FixPlan) -> int:
        """Make the fix; emits ``progress`` then ``finished``, ``failed`` or ``cancelled``."""
        token = self._next()
        self._stop = stop = threading.Event()

        def work() -> None:
            try:
                result = run_fix(facts, plan, progress=lambda done: self._emit(self.progress, token, done),
                                 should_stop=stop.is_set)
            except FixCancelled:
                self._emit(self.cancelled, token)
            except FixFailed as exc:
                self._emit(self.failed, token, exc.message)
            except Exception as exc:  # never let a worker die silently
                log.exception("fixing %s failed", facts.path)
                self._emit(self.failed, token, tr("{file}: could not be fixed ({reason}).",
                                                  file=facts.name, reason=exc))
            else:
                self._emit(self.finished, token, result)

        self._running = self._submit(self._fix_pool, work)
        return token

    def cancel(self) -> None:
        """Stop the running fix (it ends with ``cancelled``; nothing is left behind)."""
        self._stop.set()

    def _view(self, signal: Any, make: Callable[[], Any]) -> int:
        token = self._next()

        def work() -> None:
            try:
                value = make()
            except (FixFailed, FixCancelled) as exc:
                log.info("no picture: %s", exc)
                return
            except Exception:  # decoration only
                log.exception("preview failed")
                return
            self._emit(signal, token, value)

        self._submit(self._view_pool, work)
        return token

    def still(self, facts: MediaFacts, max_px: int, at: float = 0.0) -> int:
        """One upright still of the file; emits ``stillReady``."""
        return self._view(self.stillReady, lambda: to_qimage(still_of(facts, max_px, at)))

    def preview(self, facts: MediaFacts, plan: FixPlan, max_px: int) -> int:
        """The result of ``plan`` on one still; emits ``previewReady``."""
        return self._view(self.previewReady, lambda: to_qimage(preview_image(facts, plan, max_px)))

    def timeline(self, facts: MediaFacts, count: int, height: int) -> int:
        """``count`` frame thumbnails over the video; emits ``timelineReady``."""
        return self._view(
            self.timelineReady, lambda: [(t, to_qimage(img)) for t, img in timeline(facts, count, height)]
        )

    def idle(self) -> bool:
        """Whether nothing is pending."""
        return not self._pending

    def shutdown(self, *, wait: bool = False) -> None:
        """Cancel the running fix and stop the worker threads."""
        self._closed = True
        self._stop.set()
        self._fix_pool.shutdown(wait=wait, cancel_futures=True)
        self._view_pool.shutdown(wait=wait, cancel_futures=True)
