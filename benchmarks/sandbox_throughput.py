"""Sandbox throughput over loopback: requests per second for creates and for a month list.

Usage::

    python benchmarks/sandbox_throughput.py [--creates 2000] [--concurrency 16] [--lists 200]
                                            [--posts-per-month 300] [--upload-mb 0]

Starts an in-memory sandbox (``python -m dashdesk.sandbox`` in a subprocess, so client and server do not
share one interpreter lock; ``--in-process`` uses :class:`~dashdesk.sandbox.server.SandboxServer`), then
1. creates ``--creates`` Instagram FEED posts (one image each) at ``--concurrency``;
2. lists one month of ``--posts-per-month`` posts ``--lists`` times at the same concurrency;
3. optionally PUTs an ``--upload-mb`` file to a presigned upload URL (streamed from disk).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashdesk.sandbox.samples import make_image
from dashdesk.sandbox.server import SandboxServer


async def _run(count: int, concurrency: int, job: Callable[[int], Awaitable[None]]) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> None:
        async with gate:
            await job(index)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(count)))
    return time.perf_counter() - started


async def _upload_image(client: httpx.AsyncClient, brand_id: int) -> int:
    answer = (await client.post("/media_upload_url", json={"filename": "b.jpg", "content_type": "image/jpeg"})).json()
    async with httpx.AsyncClient() as s3:  # the presigned URL authenticates itself: no Bearer key
        await s3.put(answer["url"], content=make_image(320, 240), headers={"Content-Type": "image/jpeg"})
    created = await client.post(f"/brands/{brand_id}/media", json={"url": answer["url"].split("?")[0]})
    return created.json()["media_id"]


async def _file_chunks(path: Path, chunk: int = 1 << 20) -> AsyncIterator[bytes]:
    with path.open("rb") as handle:
        while data := handle.read(chunk):
            yield data


class _Subprocess:
    """``python -m dashdesk.sandbox`` on a free loopback port, with the same face as SandboxServer."""

    api_key, brand_id = "bench-key", 144

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dashdesk.sandbox", "--port", str(self.port), "--api-key", self.api_key,
             "--brand", str(self.brand_id), "--log-level", "warning"],
            cwd=Path(__file__).resolve().parents[1], stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(self.url + "/api/self", headers=self.headers()).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the sandbox subprocess did not start") from None
                time.sleep(0.05)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}

    def reset(self) -> None:
        httpx.post(self.url + "/_sandbox/reset", headers=self.headers()).raise_for_status()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


async def bench(args: argparse.Namespace) -> None:
    server: SandboxServer | _Subprocess
    if args.in_process:
        server = SandboxServer()
        server.start()
    else:
        server = _Subprocess()
    url = server.url
    print(f"sandbox {'in-process thread' if args.in_process else 'subprocess'} at {url}")
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
    try:
        async with httpx.AsyncClient(base_url=url, headers=server.headers(), limits=limits, timeout=120) as client:
            media_id = await _upload_image(client, server.brand_id)

            async def create(index: int) -> None:
                body = {"brand_id": server.brand_id, "status": "SCHEDULED", "post_type": "FEED",
                        "caption": f"Benchmark post {index}", "media_ids": [media_id],
                        "timestamp": f"2027-{1 + index % 12:02d}-{1 + index % 28:02d}T{index % 24:02d}:00:00Z"}
                response = await client.post("/instagram/scheduled_posts", json=body)
                assert response.status_code == 200, response.text

            seconds = await _run(args.creates, args.concurrency, create)
            print(f"create: {args.creates} posts at concurrency {args.concurrency}: "
                  f"{args.creates / seconds:,.0f} requests/s ({seconds:.2f} s)")

            server.reset()
            media_id = await _upload_image(client, server.brand_id)

            async def seed(index: int) -> None:
                body = {"brand_id": server.brand_id, "status": "SCHEDULED", "tweet_status": f"March post {index}",
                        "timestamp": f"2027-03-{1 + index % 31:02d}T{index % 24:02d}:{index % 60:02d}:00Z"}
                assert (await client.post("/twitter/scheduled_posts", json=body)).status_code == 200

            await _run(args.posts_per_month, args.concurrency, seed)
            params = {"brand_ids": server.brand_id, "start": "2027-03-01T00:00:00Z", "end": "2027-03-31T23:59:59Z",
                      "sort": "TIMESTAMP", "media_v2": "true"}

            async def month(_: int) -> None:
                response = await client.get("/twitter/scheduled_posts", params=params)
                assert len(response.json()["data"]) == args.posts_per_month

            seconds = await _run(args.lists, args.concurrency, month)
            print(f"month list: {args.lists} lists of {args.posts_per_month} posts at concurrency "
                  f"{args.concurrency}: {args.lists / seconds:,.0f} requests/s ({seconds:.2f} s)")

            if args.upload_mb:
                await _bench_upload(client, args.upload_mb)
    finally:
        server.stop()


async def _bench_upload(client: httpx.AsyncClient, megabytes: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.mp4"
        size = megabytes << 20
        with path.open("wb") as handle:
            handle.write(b"\x00\x00\x00\x18ftypmp42")
            handle.truncate(size)
        answer = (await client.post("/media_upload_url",
                                    json={"filename": "big.mp4", "content_type": "video/mp4"})).json()
        started = time.perf_counter()
        async with httpx.AsyncClient(timeout=600) as s3:
            response = await s3.put(answer["url"], content=_file_chunks(path),
                                    headers={"Content-Type": "video/mp4", "Content-Length": str(size)})
        seconds = time.perf_counter() - started
        assert response.status_code == 200, response.text
        print(f"upload: {megabytes} MB PUT in {seconds:.2f} s ({megabytes / seconds:,.0f} MB/s)")


def main() -> None:
    """Parse options and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--creates", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--lists", type=int, default=200)
    parser.add_argument("--posts-per-month", type=int, default=300)
    parser.add_argument("--upload-mb", type=int, default=0, help="also time one upload of this many MB")
    parser.add_argument("--in-process", action="store_true", help="run the server in a thread of this process")
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
