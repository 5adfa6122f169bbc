"""Thumbnails of posts' first media, fetched in the background and kept in memory."""

from __future__ import annotations

import contextlib
import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

if TYPE_CHECKING:
    import asyncio  # imported when a fetch starts: the start-up paints before asyncio is imported

log = logging.getLogger(__name__)


def _decode(data: bytes, size: int) -> QImage | None:
    """Decode and crop-scale an image to ``size``x``size`` (runs in a worker thread)."""
    img = QImage.fromData(data)
    if img.isNull():
        return None
    img = img.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatioByExpanding, Qt.TransformationMode.SmoothTransformation
    )
    x = max(0, (img.width() - size) // 2)
    y = max(0, (img.height() - size) // 2)
    return img.copy(x, y, size, size)


class ThumbnailCache(QObject):
    """Square thumbnails by URL; ``get`` returns ``None`` and starts a fetch when one is missing.

    ``loaded(url)`` fires when a thumbnail arrives so models can repaint the posts using it.
    """

    loaded = Signal(str)

    def __init__(self, size_px: int = 96, parent: QObject | None = None, max_concurrency: int = 6) -> None:
        super().__init__(parent)
        self.size_px = size_px
        self._pixmaps: dict[str, QPixmap] = {}
        self._failed: set[str] = set()
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._max_concurrency = max_concurrency
        self._gate: asyncio.Semaphore | None = None
        self._client: Any = None  # httpx.AsyncClient, imported on first use

    def get(self, url: str) -> QPixmap | None:
        """The thumbnail of ``url`` if loaded; otherwise start loading it (when a loop runs)."""
        pm = self._pixmaps.get(url)
        if pm is not None or url in self._failed or url in self._tasks:
            return pm
        asyncio = sys.modules.get("asyncio")  # not imported yet: no loop can be running
        if asyncio is None:
            return None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        self._tasks[url] = loop.create_task(self._fetch(url))
        return None

    @property
    def pending(self) -> int:
        """How many thumbnails are still loading."""
        return len(self._tasks)

    async def _fetch(self, url: str) -> None:
        import asyncio

        if self._gate is None:
            self._gate = asyncio.Semaphore(self._max_concurrency)
        try:
            async with self._gate:
                if self._client is None:
                    import httpx

                    from dashdesk.secure_transport import client_options

                    # verified TLS with the OS trust store, the proxy variables (the media CDN)
                    self._client = httpx.AsyncClient(**client_options(timeout=15.0, follow_redirects=True))
                response = await self._client.get(url)
                response.raise_for_status()
                image = await asyncio.to_thread(_decode, response.content, self.size_px)
            if image is None:
                self._failed.add(url)
                return
            self._pixmaps[url] = QPixmap.fromImage(image)
            self.loaded.emit(url)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a thumbnail is decoration: never an error dialog
            log.info("thumbnail %s failed: %s", url, exc)
            self._failed.add(url)
        finally:
            self._tasks.pop(url, None)

    async def aclose(self) -> None:
        """Cancel loads and close the HTTP client."""
        for task in list(self._tasks.values()):
            task.cancel()
        for task in list(self._tasks.values()):
            with contextlib.suppress(BaseException):
                await task
        if self._client is not None:
            await self._client.aclose()
            self._client = None
