"""Bulk import benchmark: 1,000 rows into a sandbox limited to 1,000 requests a minute.

Prints the throughput as a share of the rate limit (target >= 0.9), the rows lost to 429 answers
(target 0) and the dry-run (read + check) time of 10,000 rows (target < 2 s).

    python benchmarks/bulk_import.py [--rows 1000] [--rate-limit 1000] [--dry-rows 10000]

The run takes about a minute: the limiter spreads 1,000 requests over the minute they are allowed in.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashdesk.bulk import DashClientBackend, ImportRun, Journal, RateLimiter, check_sheet, make_client, read_sheet

PLATFORMS = ("x", "linkedin", "threads", "bluesky", "facebook")


def write_rows(path: Path, count: int) -> Path:
    """``count`` text-only posts spread over the coming weeks, on platforms that take text alone."""
    start = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(days=2)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["platform", "post_type", "mode", "time", "text"])
        for i in range(count):
            platform = PLATFORMS[i % len(PLATFORMS)]
            when = start + timedelta(minutes=17 * i)
            writer.writerow([platform, "POST" if platform == "facebook" else "", "schedule",
                             when.strftime("%Y-%m-%dT%H:%M:%SZ"), f"Benchmark post {i}: spring campaign #{i % 7}"])
    return path


async def import_rows(url: str, api_key: str, brand_id: int, csv_path: Path, journal_path: Path) -> dict[str, float]:
    """Import the file; return counts and timings."""
    plan = check_sheet(read_sheet(csv_path))
    limiter = RateLimiter()
    client = make_client(api_key, url, limiter)
    try:
        with Journal(journal_path) as journal:
            run = ImportRun(plan, DashClientBackend(client, limiter), brand_id=brand_id, journal=journal,
                            limiter=limiter)
            started = time.monotonic()
            results = await run.run()
            seconds = time.monotonic() - started
    finally:
        await client.aclose()
    lost = sum(1 for r in results if not r.ok and ("limit" in r.message.lower() or "429" in r.message))
    return {
        "rows": len(results),
        "created": sum(1 for r in results if r.ok),
        "failed": sum(1 for r in results if not r.ok),
        "lost_to_429": lost,
        "answers_429": run.stats.rate_limited,
        "seconds": seconds,
        "requests": limiter.granted,
    }


def dry_run_seconds(folder: Path, rows: int) -> tuple[float, int]:
    """Read and check ``rows`` rows as ``dashdesk import --dry-run`` does (modules already imported and
    warmed up on one row: the figure is the engine's, not Python's start-up)."""
    check_sheet(read_sheet(write_rows(folder / "warm.csv", 1)))
    path = write_rows(folder / "dry.csv", rows)
    started = time.perf_counter()
    plan = check_sheet(read_sheet(path))
    return time.perf_counter() - started, len(plan.ready)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rate-limit", type=int, default=1000)
    parser.add_argument("--dry-rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    from dashdesk.sandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["DASHDESK_DATA_DIR"] = str(folder / "data")
        dry, ready = dry_run_seconds(folder, args.dry_rows)
        print(f"dry run: {args.dry_rows:,} rows read and checked in {dry:.2f} s ({ready:,} ready)   "
              f"[target < 2 s: {'ok' if dry < 2 else 'MISSED'}]")
        server = SandboxServer(rate_limit=args.rate_limit)
        url = server.start()
        try:
            csv_path = write_rows(folder / "posts.csv", args.rows)
            stats = asyncio.run(import_rows(url, server.api_key, server.brand_id, csv_path, folder / "journal.db"))
            stored = server.state.store.count_posts()
        finally:
            server.stop()
    per_minute = stats["created"] / stats["seconds"] * 60
    share = per_minute / args.rate_limit
    print(f"import: {stats['created']:.0f} of {stats['rows']:.0f} rows created in {stats['seconds']:.1f} s "
          f"({stats['requests']:.0f} requests; {stored} posts on the server)")
    print(f"throughput: {per_minute:.0f} rows/min = {share:.2f} of the {args.rate_limit}/min limit   "
          f"[target >= 0.9: {'ok' if share >= 0.9 else 'MISSED'}]")
    print(f"429 answers: {stats['answers_429']:.0f}; rows lost to 429s: {stats['lost_to_429']:.0f}   "
          f"[target 0: {'ok' if stats['lost_to_429'] == 0 else 'MISSED'}]")
    return 0 if stats["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
