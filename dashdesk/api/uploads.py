"""Streaming a local file to an upload URL in fixed-size chunks, with progress and cancellation."""

from __future__ import annotations

import asyncio
import mimetypes
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx

from dashdesk.api import assumptions
from dashdesk.api.errors import UploadCancelled

#: ``progress(bytes_sent, total_bytes)``, called on the event loop's thread.
Progress = Callable[[int, int], None]


def guess_content_type(path: Path) -> str:
    """The MIME type from the file name, ``application/octet-stream`` when unknown."""
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def strip_query(url: str) -> str:
    """The URL with its query string and fragment removed (the guide's "S3 link without query")."""
    return str(httpx.URL(url).copy_with(query=None, fragment=None))


class FileStream:
    """Makes, per attempt, an async iterator over a file's bytes, read off the event loop.

    Memory stays at one chunk whatever the file size. ``cancel`` (an :class:`asyncio.Event`) is
    checked before each chunk; when set, the iterator raises :class:`UploadCancelled`. Cancelling
    the awaiting task works too.
    """

    def __init__(
        self,
        path: Path,
        *,
        progress: Progress | None = None,
        cancel: asyncio.Event | None = None,
        chunk_size: int = assumptions.UPLOAD_CHUNK_SIZE,
    ) -> None:
        self.path = path
        self.size = path.stat().st_size
        self._progress = progress
        self._cancel = cancel
        self._chunk_size = chunk_size

    def check_cancelled(self) -> None:
        """Raise :class:`UploadCancelled` if the cancel event is set."""
        if self._cancel is not None and self._cancel.is_set():
            raise UploadCancelled("the upload was cancelled")

    def __call__(self) -> AsyncIterator[bytes]:
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        sent = 0
        self._report(0)
        with self.path.open("rb") as handle:
            while True:
                self.check_cancelled()
                chunk = await loop.run_in_executor(None, handle.read, self._chunk_size)
                if not chunk:
                    break
                yield chunk
                sent += len(chunk)
                self._report(sent)

    def _report(self, sent: int) -> None:
        if self._progress is not None:
            self._progress(sent, self.size)
