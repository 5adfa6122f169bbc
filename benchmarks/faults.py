"""Nothing lost, nothing doubled: creates, a bulk import and uploads through the fault proxy.

A loopback sandbox (its own fault flags off) behind ``dashdesk.sandbox.faultproxy`` losing 20% of the
answers after the request was handled, answering bursts of 429 and 503, resetting upload bodies and
adding latency (seeded). Drives, as the app does:

- 200 creates through the composer's save (``ComposeService``); a platform left unknown or failed is
  saved again, as the person would press Save again (at most ``--presses`` times);
- a 300-row import (``ImportRun``, rows with and without media); rows left unknown are imported again,
  as the command tells the person to (at most ``--imports`` runs);
- 20 uploads of distinct files (``DashClient.upload_file``).

Prints, per part, what was intended, what is on the server, duplicates, lost (intended but neither on
the server nor reported as failed, or reported done but missing) and the failures reported. Targets:
0 duplicates, 0 lost, every failure reported.

    python benchmarks/faults.py [--seed 15] [--lost 0.2] [--bursts 0.03]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashdesk.api import DashClient, Hosts
from dashdesk.api import errors as api_errors
from dashdesk.bulk import DashClientBackend, ImportRun, Journal, RateLimiter, check_sheet, make_client, read_sheet
from dashdesk.media import samples
from dashdesk.platforms import Draft, PublishMode, draft_from_post
from dashdesk.sandbox.faultproxy import BURST_429, BURST_503, LOST, RESET, FaultPlan, FaultProxy
from dashdesk.sandbox.server import SandboxServer
from dashdesk.services.compose import ComposeService, Outcome, post_json

START = datetime(2032, 3, 1, tzinfo=UTC)
CREATE_PLATFORMS = ("twitter", "linkedin", "threads", "bluesky")
IMPORT_PLATFORMS = ("x", "linkedin", "instagram", "threads", "pinterest")


def line(label: str, value: object) -> None:
    """One figure, aligned."""
    print(f"  {label:<34} {value}")


async def server_texts(sandbox: SandboxServer, platforms: tuple[str, ...], prefix: str) -> Counter[str]:
    """How many posts carry each text starting with ``prefix`` (read directly, not through the proxy)."""
    client = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url))
    try:
        ids = [p if p != "x" else "twitter" for p in platforms]
        result = await client.fetch_range(sandbox.brand_id, START - timedelta(days=2), START + timedelta(days=60), ids)
        assert not result.errors, result.errors
        texts = [draft_from_post(p.platform, post_json(p)).text for p in result.posts]
        return Counter(t for t in texts if t.startswith(prefix))
    finally:
        await client.aclose()


def report(intended: list[str], on_server: Counter[str], done: set[str], failed: dict[str, str]) -> dict[str, int]:
    """Print and return the figures of one part."""
    present = {t for t in intended if on_server[t]}
    figures = {
        "intended": len(intended),
        "on the server": len(present),
        "duplicates": sum(n - 1 for t, n in on_server.items() if n > 1),
        "lost": len([t for t in intended if t not in present and t not in failed]) + len(done - present),
        "failures reported": len(failed),
    }
    for key, value in figures.items():
        line(key, value)
    for text, why in list(failed.items())[:5]:
        line("  reported", f"{text}: {why[:110]}")
    return figures


async def creates(sandbox: SandboxServer, url: str, count: int, presses: int) -> dict[str, int]:
    """``count`` single-platform saves through the composer's service."""
    client = DashClient(sandbox.api_key, hosts=Hosts.single(url))
    service = ComposeService(client, sandbox.brand_id)
    intended, done, failed, extra_presses = [], set(), {}, 0

    async def save(i: int) -> None:
        nonlocal extra_presses
        platform = CREATE_PLATFORMS[i % len(CREATE_PLATFORMS)]
        text = f"create {i}"
        intended.append(text)
        draft = Draft(platform=platform, mode=PublishMode.SCHEDULE, text=text, timestamp=START + timedelta(minutes=i))
        results: dict = {}
        for press in range(presses):
            results = await service.create_all({platform: draft}, results)
            extra_presses += press > 0
            if results[platform].outcome is Outcome.SAVED:
                done.add(text)
                return
        failed[text] = results[platform].message

    gate = asyncio.Semaphore(8)

    async def bounded(i: int) -> None:
        async with gate:
            await save(i)

    try:
        await asyncio.gather(*(bounded(i) for i in range(count)))
    finally:
        await client.aclose()
    print(f"\n{count} creates through the composer's save")
    figures = report(intended, await server_texts(sandbox, CREATE_PLATFORMS, "create "), done, failed)
    line("saves pressed again", extra_presses)
    return figures


async def bulk(sandbox: SandboxServer, url: str, rows: int, folder: Path, imports: int) -> dict[str, int]:
    """A ``rows``-row import, imported again while rows are left unknown."""
    for i in range(4):
        samples.make_image(folder / f"b{i}.jpg", 200, 200, seed=40 + i)
    path = folder / "import.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["platform", "time", "timezone", "text", "media", "title", "board"])
        for i in range(rows):
            platform = IMPORT_PLATFORMS[i % len(IMPORT_PLATFORMS)]
            media = f"b{i % 4}.jpg" if platform in ("instagram", "pinterest") or i % 6 == 0 else ""
            writer.writerow([platform, (START + timedelta(days=1, minutes=11 * i)).strftime("%Y-%m-%d %H:%M"), "UTC",
                             f"import {i}", media, "Pin" if platform == "pinterest" else "",
                             "Product Launches" if platform == "pinterest" else ""])
    plan = check_sheet(read_sheet(path), now=START - timedelta(days=1), display_tz=UTC)
    assert not plan.failed, [(r.number, r.problems) for r in plan.failed][:3]
    runs = 0
    results = []
    left: list[str] = []
    while runs < imports:
        runs += 1
        limiter = RateLimiter()
        client = make_client(sandbox.api_key, url, limiter)
        try:
            with Journal(folder / "journal.sqlite3") as journal:
                results = await ImportRun(plan, DashClientBackend(client, limiter), brand_id=sandbox.brand_id,
                                          journal=journal, limiter=limiter).run()
        finally:
            await client.aclose()
        left.append(", ".join(f"{n} {o}" for o, n in Counter(r.outcome for r in results if not r.ok).items()) or "none")
        if all(r.ok for r in results):
            break
    texts = {r.number: r.raw.get("text") for r in plan.rows}
    done = {texts[r.row] for r in results if r.ok}
    failed = {texts[r.row]: f"{r.outcome}: {r.message}" for r in results if not r.ok}
    print(f"\n{rows}-row import")
    figures = report(list(texts.values()), await server_texts(sandbox, IMPORT_PLATFORMS, "import "), done, failed)
    line("imports run", runs)
    for i, what in enumerate(left, start=1):
        line(f"  rows left after import {i}", what)
    return figures


async def uploads(sandbox: SandboxServer, url: str, count: int, folder: Path) -> dict[str, int]:
    """``count`` uploads of distinct files."""
    files = [samples.make_image(folder / f"u{i}.jpg", 480, 480, seed=60 + i) for i in range(count)]
    before = sandbox.state.store.list_media(sandbox.brand_id, None, None, None, None, 1, 0)[1]
    client = DashClient(sandbox.api_key, hosts=Hosts.single(url))
    completed: list[int] = []
    failed: list[str] = []
    unknown = 0
    try:
        for f in files:
            try:
                completed.append(int((await client.upload_file(sandbox.brand_id, f)).attach_id))
            except api_errors.DashError as exc:
                failed.append(f"{f.name}: {exc.user_message()}")
                unknown += isinstance(exc, api_errors.OutcomeUnknown)
    finally:
        await client.aclose()
    items = sandbox.state.store.list_media(sandbox.brand_id, None, None, None, None, 1, 0)[1] - before
    print(f"\n{count} uploads")
    line("completed", len(completed))
    line("failed (reported)", len(failed))
    line("Library items made", items)
    line("items beyond the completed", f"{items - len(completed)} (answer lost, reported as unknown: {unknown})")
    for message in failed[:5]:
        line("  reported", message[:120])
    return {"completed": len(completed), "failed": len(failed), "unreported items": max(0, items - len(completed)
                                                                                          - unknown)}


async def main_async(args: argparse.Namespace) -> int:
    folder = Path(tempfile.mkdtemp(prefix="dashdesk-faults-"))
    os.environ.setdefault("DASHDESK_DATA_DIR", str(folder / "data"))
    sandbox = SandboxServer()
    sandbox.start()
    plan = FaultPlan(seed=args.seed, lost_answer_rate=args.lost, burst_rate=args.bursts, burst_length=(2, 5),
                     rate_limit_reset=0.5, latency_ms=(0, 4), reset_upload_rate=0.2, reset_min_body=8 * 1024)
    started = time.monotonic()
    try:
        with FaultProxy.running(sandbox.url, plan) as proxy:
            print(f"Fault proxy: {args.lost:.0%} answers lost after handling, bursts of 429/503 at {args.bursts:.0%} "
                  f"of requests, upload bodies reset at 20%, 0-4 ms latency, seed {args.seed}")
            made = await creates(sandbox, proxy.url, args.creates, args.presses)
            imported = await bulk(sandbox, proxy.url, args.rows, folder, args.imports)
            sent = await uploads(sandbox, proxy.url, args.uploads, folder)
        faults = proxy.counts
    finally:
        sandbox.stop()
    print("\nFaults injected")
    for key in (LOST, BURST_429, BURST_503, RESET):
        line(key, faults[key])
    line("requests forwarded", faults["forwarded"])
    duplicates = made["duplicates"] + imported["duplicates"]
    lost = made["lost"] + imported["lost"] + sent["unreported items"]
    print(f"\nTOTAL  duplicates {duplicates}  lost {lost}  (target 0 and 0; every failure reported)  "
          f"{time.monotonic() - started:.0f} s")
    return 0 if duplicates == 0 and lost == 0 else 1


def main() -> int:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--lost", type=float, default=0.2, help="share of answers lost after handling")
    parser.add_argument("--bursts", type=float, default=0.03, help="chance a request starts a 429/503 burst")
    parser.add_argument("--creates", type=int, default=200)
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--presses", type=int, default=6, help="times a person presses Save at most")
    parser.add_argument("--imports", type=int, default=3, help="times the file is imported at most")
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
