"""Upload a generated 1 GB video through DashDesk's upload queue to a local sandbox.

    python benchmarks/upload_1gb.py [--size-mb 1024] [--rounds 3]

Prints the client's peak memory growth during the queue upload (target < 64 MB) and its throughput
as a ratio to a raw httpx streaming PUT of the same file to the same sandbox upload URL, in the same
run (target >= 0.8). The sandbox runs in a child process, so the memory measured here is the
client's only; RSS is sampled from ``/proc/self/status`` every few milliseconds.

The queue's time runs from ``add`` to a media id: inspection, the three-step Library upload (ask for
a URL, PUT, create the media; the sandbox probes the file at step three). Files over 64 MiB are
hashed for dedupe *after* their upload, outside the timed part. The raw PUT is only step two.
Rounds alternate raw/queue; the best of each is compared. The file is a real MP4 (a one-second
clip padded with an ISO BMFF ``free`` box), so inspection and the sandbox's own probing treat it as
a video.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

MB = 1024 * 1024


def rss_bytes() -> int:
    """Resident set size of this process, from /proc (Linux), else ``resource``'s peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class PeakRss:
    """Samples RSS in a thread while in use; ``growth`` is the peak minus the RSS at entry."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.base = 0
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self.base = self.peak = rss_bytes()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def growth(self) -> int:
        """Peak RSS above the starting RSS, in bytes."""
        return self.peak - self.base


def _serve(conn: object, data_dir: str) -> None:
    """Child process: run a sandbox and report its URL, key and brand; stop when told."""
    os.environ["DASHDESK_DATA_DIR"] = data_dir
    from dashdesk.sandbox.server import SandboxServer

    server = SandboxServer()
    url = server.start()
    conn.send((url, server.api_key, server.brand_id))  # type: ignore[attr-defined]
    conn.recv()  # type: ignore[attr-defined]
    server.stop()


async def _file_chunks(path: Path, chunk: int) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    with path.open("rb") as fh:
        while data := await loop.run_in_executor(None, fh.read, chunk):
            yield data


async def raw_put(url: str, key: str, path: Path, size: int) -> float:
    """Seconds for a plain httpx streaming PUT of ``path`` to a fresh sandbox upload URL."""
    import httpx

    from dashdesk.api.client import DashClient

    async with DashClient(key, api_url=url) as client:
        target = await client.request_upload_url(path.name, "video/mp4")
    async with httpx.AsyncClient(timeout=None) as http:
        start = time.perf_counter()
        response = await http.put(
            target.upload_url,
            content=_file_chunks(path, 1 << 20),
            headers={"Content-Type": "video/mp4", "Content-Length": str(size)},
        )
        elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed


async def queue_upload(url: str, key: str, brand: int, path: Path, work: Path, n: int) -> tuple[float, int]:
    """Seconds and peak RSS growth for the upload queue to take ``path`` to a Library media id."""
    from dashdesk.api.client import DashClient
    from dashdesk.media.queue import UploadQueue, UploadState
    from dashdesk.media.store import MediaStore

    async with DashClient(key, api_url=url) as client:
        queue = UploadQueue(client, store=MediaStore(work / f"media-{n}.sqlite3"))
        with PeakRss() as mem:
            start = time.perf_counter()
            item = await queue.upload(path, brand)
            elapsed = time.perf_counter() - start
        await queue.aclose()
        queue.store.close()
    if item.state is not UploadState.DONE or item.deduplicated:
        raise SystemExit(f"upload did not run: {item.state} {item.error or 'deduplicated'}")
    return elapsed, mem.growth


async def run(size: int, rounds: int) -> int:
    """Generate the file, start the sandbox, measure, print; returns the exit status."""
    from dashdesk.media import samples

    with tempfile.TemporaryDirectory(prefix="dashdesk-bench-") as tmp:
        work = Path(tmp)
        os.environ["DASHDESK_DATA_DIR"] = str(work / "client")
        path = work / "big-upload.mp4"
        start = time.perf_counter()
        size = samples.make_large_video(path, size).stat().st_size
        print(f"generated {size / MB:.0f} MiB in {time.perf_counter() - start:.1f} s")
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, str(work / "sandbox")), daemon=True)
        proc.start()
        url, key, brand = parent.recv()
        try:
            # warm up imports, connections and the page cache with a small upload
            warm = samples.make_image(work / "warm.jpg", 64, 64)
            await queue_upload(url, key, brand, warm, work, 0)
            raw_times: list[float] = []
            queue_times: list[float] = []
            growths: list[int] = []
            for n in range(1, rounds + 1):
                raw_times.append(await raw_put(url, key, path, size))
                elapsed, growth = await queue_upload(url, key, brand, path, work, n)
                queue_times.append(elapsed)
                growths.append(growth)
                print(
                    f"round {n}: raw PUT {raw_times[-1]:.2f} s, queue {elapsed:.2f} s, "
                    f"peak RSS growth {growth / MB:.1f} MiB"
                )
        finally:
            parent.send("stop")
            proc.join(10)
    mib = size / MB
    raw_best, queue_best = min(raw_times), min(queue_times)
    ratio = raw_best / queue_best
    peak = max(growths) / MB
    print(f"raw httpx PUT : {mib / raw_best:7.1f} MiB/s (best of {rounds})")
    print(f"upload queue  : {mib / queue_best:7.1f} MiB/s (best of {rounds}; inspect + 3 steps)")
    print(f"throughput ratio queue/raw: {ratio:.2f} (target >= 0.8)")
    print(f"peak memory growth during queue upload: {peak:.1f} MiB (target < 64 MiB)")
    ok = ratio >= 0.8 and peak < 64
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="file size in MiB (default 1024)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating raw/queue rounds (best of each)")
    args = parser.parse_args(argv)
    return asyncio.run(run(args.size_mb * MB, args.rounds))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
