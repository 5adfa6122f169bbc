"""``python -m dashdesk.sandbox``: serve the sandbox from a shell."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from dashdesk.sandbox.config import DEFAULT_API_KEY, DEFAULT_BRAND_ID, SandboxConfig
from dashdesk.sandbox.faults import Faults

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _key_spec(text: str) -> tuple[str, tuple[int, ...]]:
    key, _, brands = text.partition(":")
    if not key or not brands:
        raise argparse.ArgumentTypeError("use KEY:BRAND[,BRAND...]")
    try:
        return key, tuple(int(b) for b in brands.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError("brand ids must be whole numbers") from None


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("a rate is between 0 and 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line, with every option documented for ``--help``."""
    parser = argparse.ArgumentParser(
        prog="python -m dashdesk.sandbox",
        description="Serve a local Dash-compatible API (scheduler, library, auth and Pinterest paths on one "
                    "origin). Point DashDesk at it with --api-url http://HOST:PORT.",
    )
    net = parser.add_argument_group("network")
    net.add_argument("--host", default="127.0.0.1",
                     help="address to bind (default 127.0.0.1). Anything but loopback also needs --allow-remote.")
    net.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765; 0 picks a free one)")
    net.add_argument("--allow-remote", action="store_true",
                     help="allow binding a non-loopback address (the sandbox has no real security)")
    acc = parser.add_argument_group("keys and brands")
    acc.add_argument("--api-key", default=DEFAULT_API_KEY, help=f"accepted Bearer key (default {DEFAULT_API_KEY})")
    acc.add_argument("--brand", type=int, action="append", dest="brands", metavar="ID",
                     help=f"brand id of --api-key; repeat for several (default {DEFAULT_BRAND_ID})")
    acc.add_argument("--extra-key", type=_key_spec, action="append", default=[], metavar="KEY:BRAND[,BRAND]",
                     help="another accepted key and its brands; repeatable (e.g. other-key:145)")
    data = parser.add_argument_group("data")
    data.add_argument("--db", type=Path, help="SQLite file to persist to (media beside it); default: in memory")
    data.add_argument("--seed-demo", action="store_true",
                      help="fill a month of demo posts and media around now (only when the database is empty)")
    data.add_argument("--page-size", type=int,
                      help="page scheduler lists at N posts when the request sends no limit (default: one page)")
    data.add_argument("--publish-delay", type=float, default=5.0,
                      help="seconds an AUTOPUBLISHING post takes to become POSTED/FAILED (default 5)")
    lim = parser.add_argument_group("limits and faults")
    lim.add_argument("--rate-limit", type=int,
                     help="requests per minute per key; past it 429 until x-ratelimit-reset (default: report "
                          "1000, never refuse)")
    lim.add_argument("--latency-ms", type=float, default=0.0, help="delay added to every answer, in ms")
    lim.add_argument("--error-rate", type=_rate, default=0.0, help="share of requests answered 503 (0..1)")
    lim.add_argument("--drop-rate", type=_rate, default=0.0,
                     help="share of requests handled but whose connection is closed without an answer (0..1)")
    lim.add_argument("--malformed-rate", type=_rate, default=0.0,
                     help="share of successful JSON answers replaced by a truncated body (0..1)")
    lim.add_argument("--slow-upload-bps", type=int, help="cap upload PUTs at this many bytes per second")
    lim.add_argument("--fail-platform", action="append", default=[], metavar="PLATFORM",
                     help="scheduler requests for PLATFORM answer 503; repeatable")
    lim.add_argument("--publish-fail-platform", action="append", default=[], metavar="PLATFORM",
                     help="simulated publishing on PLATFORM ends FAILED; repeatable")
    lim.add_argument("--fault-seed", type=int, help="seed the fault dice for reproducible runs")
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                        help="uvicorn log level (default info)")
    return parser


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options and serve until interrupted."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not _is_loopback(args.host) and not args.allow_remote:
        parser.error(f"refusing to bind {args.host}: the sandbox binds loopback unless --allow-remote is given")
    keys = {args.api_key: tuple(args.brands or [DEFAULT_BRAND_ID]), **dict(args.extra_key)}
    config = SandboxConfig(api_keys=keys, rate_limit=args.rate_limit, db_path=args.db, seed_demo=args.seed_demo,
                           page_size=args.page_size, publish_delay_s=args.publish_delay)
    faults = Faults(latency_ms=args.latency_ms, error_rate=args.error_rate, drop_rate=args.drop_rate,
                    malformed_rate=args.malformed_rate, slow_upload_bps=args.slow_upload_bps,
                    fail_platforms=set(args.fail_platform), publish_fail_platforms=set(args.publish_fail_platform),
                    seed=args.fault_seed)
    import uvicorn

    from dashdesk.sandbox.app import create_app

    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    app = create_app(config, faults=faults)
    sandbox = app.sandbox
    print(f"DashDesk sandbox on http://{args.host}:{args.port}  key={args.api_key}  brands={keys[args.api_key]}"
          f"  posts={sandbox.store.count_posts()}  db={args.db or 'memory'}", file=sys.stderr)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, lifespan="off")
    finally:
        sandbox.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
