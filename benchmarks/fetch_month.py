"""Benchmark: fetch a month of posts across all ten platforms from a sandbox with 100 ms latency.

Prints the concurrent fetch time as a ratio to one request's measured latency (one platform's list
call, target <= 1.3), to the sequential baseline (one platform after another) measured in the same
process, and to the injected latency alone.

    python3 benchmarks/fetch_month.py [--latency-ms 100] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashdesk.api import DashClient, Hosts
from dashdesk.platforms import PLATFORM_IDS
from dashdesk.sandbox.server import SandboxServer


async def timed(coro_factory, runs: int) -> list[float]:
    """Wall times of ``runs`` sequential awaits of ``coro_factory()``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await coro_factory()
        times.append(time.perf_counter() - started)
    return times


async def measure(server: SandboxServer, latency_ms: float, runs: int) -> dict[str, float]:
    """Median times of one request, the concurrent range fetch and the sequential baseline."""
    now = datetime.now(UTC)
    start, end = now - timedelta(days=15), now + timedelta(days=15)
    brand = server.brand_id
    async with DashClient(server.api_key, hosts=Hosts.single(server.url)) as client:
        # warm the connection pool (ten connections) without latency, and count what is there
        warm = await client.fetch_range(brand, start, end)
        assert warm.ok, warm.errors
        server.faults.latency_ms = latency_ms
        single = await timed(lambda: client.list_posts("instagram", brand, start, end), runs)
        concurrent = await timed(lambda: client.fetch_range(brand, start, end), runs)

        async def sequential_fetch() -> None:
            for platform in PLATFORM_IDS:
                await client.list_posts(platform, brand, start, end)

        sequential = await timed(sequential_fetch, max(1, runs // 2))
        server.faults.latency_ms = 0
    return {
        "posts": len(warm.posts),
        "platforms_with_posts": len({p.platform for p in warm.posts}),
        "single": statistics.median(single),
        "concurrent": statistics.median(concurrent),
        "sequential": statistics.median(sequential),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; exit status 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    server = SandboxServer(seed_demo=True)
    server.start()
    try:
        server.seed_demo()
        result = asyncio.run(measure(server, args.latency_ms, args.runs))
    finally:
        server.stop()
    ratio_single = result["concurrent"] / result["single"]
    ratio_sequential = result["concurrent"] / result["sequential"]
    print(f"sandbox latency            {args.latency_ms:.0f} ms per request, median of {args.runs} runs")
    print(f"month fetched              {result['posts']} posts on {result['platforms_with_posts']} platforms")
    print(f"one request                {result['single'] * 1000:7.1f} ms")
    print(f"ten platforms, concurrent  {result['concurrent'] * 1000:7.1f} ms")
    print(f"ten platforms, sequential  {result['sequential'] * 1000:7.1f} ms")
    print(f"concurrent / one request   {ratio_single:7.2f}  (target <= 1.3)")
    print(f"concurrent / sequential    {ratio_sequential:7.2f}")
    print(f"concurrent / set latency   {result['concurrent'] * 1000 / args.latency_ms:7.2f}")
    return 0 if ratio_single <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
