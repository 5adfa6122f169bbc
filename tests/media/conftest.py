"""Fixtures for the media tests: a private data folder, sample files and a fake Library client."""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import PySide6  # noqa: F401  (import PySide6 before qasync)
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from dashdesk.api.errors import NotFoundError, ServerError, UploadCancelled
from dashdesk.api.models import Media
from dashdesk.media import samples
from dashdesk.media.queue import UploadQueue
from dashdesk.ui.media import MediaHub

BRAND = 144


@pytest.fixture(autouse=True)
def media_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every media test gets its own app data folder (so the SQLite file is fresh)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One of every sample kind (made once per session; treat as read-only)."""
    return samples.make_sample_set(tmp_path_factory.mktemp("samples"))


def _size(path: Path) -> int:
    return os.path.getsize(path)


def _chunks(path: Path, size: int = 4096) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while chunk := fh.read(size):
            yield chunk


class FakeLibrary:
    """A stand-in for DashClient's upload side, with scripted failures and a gate to pause uploads.

    ``fail_next`` holds exceptions raised by the next upload attempts, in order. When ``gate`` is
    set to an unset :class:`asyncio.Event`, uploads wait on it after the first chunk.
    """

    def __init__(self) -> None:
        self.uploads: list[Path] = []
        self.attempts = 0
        self.fail_next: list[BaseException] = []
        self.media: dict[int, Media] = {}
        self.gate: asyncio.Event | None = None
        self.started = asyncio.Event()
        self._next_id = 1000
        self.on_chunk: Callable[[int], None] | None = None

    async def upload_file(
        self,
        brand_id: int,
        path: Path,
        *,
        content_type: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: asyncio.Event | None = None,
    ) -> Media:
        self.attempts += 1
        if self.fail_next:
            raise self.fail_next.pop(0)
        size = _size(path)
        sent = 0
        for chunk in _chunks(path):
            if cancel is not None and cancel.is_set():
                raise UploadCancelled("cancelled")
            sent += len(chunk)
            if progress:
                progress(sent, size)
            self.started.set()
            if self.gate is not None:
                await self.gate.wait()
            await asyncio.sleep(0)
        self._next_id += 1
        media = Media(
            id=self._next_id,
            media_id=self._next_id + 50000,
            brand_id=brand_id,
            type="UPLOADED",
            meta={"filename": Path(path).name},
            media_type="IMAGE",
        )
        self.media[media.attach_id] = media
        self.uploads.append(Path(path))
        return media

    async def get_media(self, brand_id: int, media_id: int) -> Media:
        if media_id not in self.media:
            raise NotFoundError("media not found", status=404)
        return self.media[media_id]


@pytest.fixture
def fake_library() -> FakeLibrary:
    """A fresh fake Library."""
    return FakeLibrary()


def server_error() -> ServerError:
    """A transient failure as the client raises it."""
    return ServerError("Internal server error", status=500)


async def no_sleep(_: float) -> None:
    """Backoff sleep that returns at once (tests never wait for timing)."""
    await asyncio.sleep(0)


_hubs: list[MediaHub] = []


def make_hub(lib: Any, brand: int | None = BRAND) -> MediaHub:
    """A hub whose queue retries at once, released after the test."""
    queue = UploadQueue(lib, sleep=no_sleep, backoff=0.01)
    hub = MediaHub(queue, client=lib, brand_id=brand)
    _hubs.append(hub)
    return hub


@pytest.fixture(autouse=True)
def release_hubs() -> Iterator[None]:
    """Stop each hub's workers and free it on the UI thread (never from a worker's garbage collection)."""
    yield
    while _hubs:
        hub = _hubs.pop()
        hub.uploads.close()
        hub.work.shutdown(wait=True)
        hub.deleteLater()
    gc.collect()


def send_drop(target: Any, mime: QMimeData, at: QPointF, action: Qt.DropAction) -> QDropEvent:
    """Deliver a drag-enter then a drop of ``mime`` at ``at`` to ``target``; returns the drop event."""
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(at.toPoint(), action, mime, buttons, mods)  # QPoint: the signature Qt 6 has
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    event = QDropEvent(at, action, mime, buttons, mods)
    QApplication.sendEvent(target, event)
    return event


def drop_files(target: Any, paths: list[Path], pos: QPoint | None = None) -> bool:
    """Drop ``paths`` on ``target`` the way a file manager does (mime URLs); returns whether it was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return send_drop(target, mime, QPointF(pos or QPoint(5, 5)), Qt.DropAction.CopyAction).isAccepted()


async def until(predicate: Callable[[], bool]) -> None:
    """Let Qt and asyncio run until ``predicate()`` holds."""
    for _ in range(3000):
        if predicate():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition not reached")
