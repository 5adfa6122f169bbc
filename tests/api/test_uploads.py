"""The three-step upload: upload URL, streamed PUT of the file, then the Library media object."""

from __future__ import annotations

import asyncio
import json
import tracemalloc
from pathlib import Path

import httpx
import pytest

from dashdesk.api import DashClient, Hosts, MalformedResponse, UploadCancelled
from dashdesk.api.uploads import strip_query

from .conftest import API_KEY, MakeClient

S3 = "https://bucket.s3.amazonaws.com/media/clip.mp4?X-Amz-Signature=abc&X-Amz-Expires=900"


def library_route(upload_field: str = "url", seen_bytes: list[bytes] | None = None):
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/media_upload_url":
            return httpx.Response(200, json={upload_field: S3})
        if request.url.host == "bucket.s3.amazonaws.com":
            if seen_bytes is not None:
                seen_bytes.append(request.content)
            return httpx.Response(200, headers={"ETag": '"x"'})
        body = json.loads(request.content)
        return httpx.Response(200, json={"id": 1, "media_id": 2, "url": body["url"], "media_type": "VIDEO"})

    return route


CLIP_BYTES = bytes(range(256)) * 1000  # 256,000 bytes


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(CLIP_BYTES)
    return path


@pytest.mark.asyncio
@pytest.mark.parametrize("field", ["url", "upload_url", "signed_url"])
async def test_upload_three_steps(make_client: MakeClient, clip: Path, field: str) -> None:
    requests: list[httpx.Request] = []
    bodies: list[bytes] = []
    route = library_route(field, bodies)

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return route(request)

    progress: list[tuple[int, int]] = []
    media = await make_client(handler, upload_chunk_size=64 * 1024).upload_file(
        144, clip, progress=lambda s, t: progress.append((s, t))
    )
    step1, step2, step3 = requests
    assert (step1.method, step1.url.path) == ("POST", "/media_upload_url")
    assert json.loads(step1.content) == {"filename": "clip.mp4", "content_type": "video/mp4"}
    assert step2.method == "PUT" and str(step2.url) == S3
    assert step2.headers["Content-Type"] == "video/mp4"
    assert step2.headers["Content-Length"] == str(len(CLIP_BYTES))
    assert "Authorization" not in step2.headers  # the presigned URL is its own authorisation
    assert "transfer-encoding" not in step2.headers
    assert bodies == [CLIP_BYTES]
    assert (step3.method, step3.url.path) == ("POST", "/brands/144/media")
    assert step3.headers["Authorization"] == f"Bearer {API_KEY}"
    assert json.loads(step3.content)["url"] == "https://bucket.s3.amazonaws.com/media/clip.mp4"
    assert media.attach_id == 2
    assert [sent for sent, _ in progress] == [0, 65536, 131072, 196608, 256000]
    assert {total for _, total in progress} == {256_000}


def test_strip_query() -> None:
    assert strip_query(S3) == "https://bucket.s3.amazonaws.com/media/clip.mp4"


@pytest.mark.asyncio
async def test_missing_upload_url_is_malformed(make_client: MakeClient, clip: Path) -> None:
    client = make_client(lambda r: httpx.Response(200, json={"something": "else"}))
    with pytest.raises(MalformedResponse):
        await client.upload_file(144, clip)


@pytest.mark.asyncio
async def test_cancel_event_stops_the_upload_and_creates_nothing(clip: Path, make_client: MakeClient) -> None:
    requests: list[httpx.Request] = []
    route = library_route()

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return route(request)

    cancel = asyncio.Event()

    def progress(sent: int, total: int) -> None:
        if sent > 0:
            cancel.set()

    client = make_client(handler, upload_chunk_size=16 * 1024)
    with pytest.raises(UploadCancelled) as info:
        await client.upload_file(144, clip, progress=progress, cancel=cancel)
    assert "cancelled" in info.value.user_message().lower()
    assert [r.url.path for r in requests if r.url.path == "/brands/144/media"] == []


@pytest.mark.asyncio
async def test_cancel_before_start_sends_nothing(clip: Path, make_client: MakeClient) -> None:
    requests: list[httpx.Request] = []
    cancel = asyncio.Event()
    cancel.set()
    client = make_client(lambda r: requests.append(r) or httpx.Response(200))
    with pytest.raises(UploadCancelled):
        await client.upload_file(144, clip, cancel=cancel)
    assert requests == []


class DiscardingTransport(httpx.AsyncBaseTransport):
    """Consumes request bodies chunk by chunk without keeping them; can pause mid-upload."""

    def __init__(self, pause_after: int | None = None) -> None:
        self.received = 0
        self.largest_chunk = 0
        self.pause_after = pause_after
        self.paused = asyncio.Event()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/media_upload_url":
            return httpx.Response(200, json={"url": "https://dash.test/upload/big.bin?sig=1"})
        if request.method == "PUT":
            async for chunk in request.stream:  # type: ignore[union-attr]
                self.received += len(chunk)
                self.largest_chunk = max(self.largest_chunk, len(chunk))
                if self.pause_after is not None and self.received >= self.pause_after:
                    self.paused.set()
                    await asyncio.Event().wait()  # hang until cancelled
            return httpx.Response(200)
        return httpx.Response(200, json={"id": 3})


@pytest.mark.asyncio
async def test_memory_stays_flat_while_streaming_a_large_file(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    size = 64 * 1024 * 1024
    with big.open("wb") as handle:
        handle.truncate(size)  # sparse: no disk cost
    transport = DiscardingTransport()
    async with DashClient("k", hosts=Hosts.single("https://dash.test"), transport=transport) as client:
        tracemalloc.start()
        try:
            await client.upload_file(1, big, content_type="application/octet-stream")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert transport.received == size
    assert transport.largest_chunk <= 1024 * 1024
    assert peak < 8 * 1024 * 1024  # a few chunks at most, never the file


@pytest.mark.asyncio
async def test_cancelling_the_task_stops_the_upload(clip: Path) -> None:
    transport = DiscardingTransport(pause_after=1)
    hosts = Hosts.single("https://dash.test")
    async with DashClient("k", hosts=hosts, transport=transport, upload_chunk_size=16 * 1024) as client:
        task = asyncio.create_task(client.upload_file(1, clip))
        paused = asyncio.create_task(transport.paused.wait())
        await asyncio.wait({task, paused}, return_when=asyncio.FIRST_COMPLETED)
        assert not task.done(), "the upload ended before it could be cancelled"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert 0 < transport.received < len(CLIP_BYTES)
