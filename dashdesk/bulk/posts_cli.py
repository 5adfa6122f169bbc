"""``dashdesk posts``: list a brand's posts and what happened to them, as a table or JSON.

Lists the posts of a date range, plus the posts no range holds: drafts without a date and posts
sent to publish at once (placed at the moment they were sent). Exit codes: 0 listed, 1 Dash
refused a platform (the others are still listed), 2 bad arguments or no valid key.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any, TextIO

from dashdesk.i18n import ntr, ptr, tr
from dashdesk.platforms import PLATFORM_IDS, STATUSES, rules_for, status_info

from .cli import (
    EXIT_OK,
    EXIT_ROWS_FAILED,
    EXIT_USAGE,
    CommandError,
    _env_int,
    _global_options,
    _only_brand,
    _zone,
    parse_range_arg,
    resolve_credentials,
)
from .columns import platform_id
from .limiter import RateLimiter

#: The range listed when none is given: the past week and the next four.
DEFAULT_BACK, DEFAULT_AHEAD = timedelta(days=7), timedelta(days=28)
SNIPPET = 60


def build_parser() -> argparse.ArgumentParser:
    """The ``dashdesk posts`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="dashdesk posts",
        description=tr(
                "List the brand's posts with their status: when each is (or was) due, whether it went out (with its "
                "link) or failed (with the reason). Drafts without a date and posts sent to publish at once are "
                "included."
            ),
        epilog=tr("Exit codes: 0 listed, 1 Dash refused some platform (the rest is listed), 2 bad arguments or the "
                  "key was not accepted."),
    )
    parser.add_argument("--start", help=tr("first day (YYYY-MM-DD) or ISO 8601 time (default: a week ago)"))
    parser.add_argument("--end", help=tr("last day, included (YYYY-MM-DD) or ISO 8601 time (default: four weeks on)"))
    parser.add_argument("--status", help=tr("only these statuses, comma-separated (e.g. FAILED,POSTED)"))
    parser.add_argument("--platform", help=tr("only this platform (e.g. instagram, X, LinkedIn)"))
    parser.add_argument("--format", choices=("table", "json"), default="table", help=tr(
            "output format (default table)"
        ))
    _global_options(parser, suppress=False)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run ``dashdesk posts ...`` (``argv`` without the word ``posts``); return the exit code."""
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    try:
        zone = _zone(args.timezone)
        start, end = _range(args.start, args.end, zone)
        statuses = _statuses(args.status)
        platforms = _platforms(args.platform)
        return asyncio.run(_list(args, start, end, statuses, platforms, zone, out))
    except CommandError as exc:
        print(f"dashdesk posts: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _range(start: str | None, end: str | None, zone: tzinfo) -> tuple[datetime, datetime]:
    if start and end:
        first, last = parse_range_arg(start, zone, end=False), parse_range_arg(end, zone, end=True)
    elif start or end:
        raise CommandError(tr("give both --start and --end, or neither (a week ago to four weeks on)."))
    else:
        today = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        first, last = today - DEFAULT_BACK, today + DEFAULT_AHEAD
    if last < first:
        raise CommandError(tr("--end is before --start."))
    return first, last


def _statuses(value: str | None) -> frozenset[str] | None:
    if not value:
        return None
    chosen = {s.strip().upper().replace(" ", "_").replace("-", "_") for s in value.split(",") if s.strip()}
    unknown = sorted(chosen - set(STATUSES))
    if unknown:
        raise CommandError(tr("unknown status {statuses}; use any of {known}.", statuses=", ".join(unknown),
                              known=", ".join(sorted(STATUSES))))
    return frozenset(chosen)


def _platforms(value: str | None) -> tuple[str, ...]:
    if not value:
        return PLATFORM_IDS
    pid = platform_id(value)
    if pid is None:
        names = ", ".join(rules_for(p).name for p in PLATFORM_IDS)
        raise CommandError(tr("unknown platform {value}; use one of {names}.", value=repr(value), names=names))
    return (pid,)


async def _list(args: argparse.Namespace, start: datetime, end: datetime, statuses: frozenset[str] | None,
                platforms: tuple[str, ...], zone: tzinfo, out: TextIO) -> int:
    from dashdesk.api.errors import AuthenticationError, PermissionDeniedError
    from dashdesk.services.post import Post

    from .backend import make_client

    key, api_url, saved_brand = await resolve_credentials(args)
    client = make_client(key, api_url, RateLimiter())
    try:
        brand_id = args.brand or _env_int("DASHDESK_BRAND") or saved_brand or await _only_brand(client)
        dated, undated = await asyncio.gather(
            client.fetch_range(brand_id, start, end, platforms=platforms),
            client.fetch_undated(brand_id, platforms=platforms),
        )
    except (AuthenticationError, PermissionDeniedError) as exc:
        raise CommandError(exc.user_message()) from None
    finally:
        await client.aclose()
    errors = {**undated.errors, **dated.errors}
    refused = [e for e in errors.values() if isinstance(e, AuthenticationError | PermissionDeniedError)]
    if refused and len(errors) == len(platforms):
        raise CommandError(refused[0].user_message())
    posts = {}
    for item in [*dated.posts, *undated.posts]:
        post = Post.from_api(item)
        posts[post.key] = post
    chosen = select(posts.values(), start, end, statuses)
    if args.format == "json":
        json.dump([as_json(p) for p in chosen], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        print_table(chosen, out, zone)
    for platform, exc in sorted(errors.items()):
        message = exc.user_message() if hasattr(exc, "user_message") else str(exc)
        print(tr("error: {name}: {message}", name=rules_for(platform).name, message=message), file=sys.stderr)
    return EXIT_OK if not errors else EXIT_ROWS_FAILED


def select(posts: Iterable[Any], start: datetime, end: datetime, statuses: frozenset[str] | None) -> list[Any]:
    """The posts to list: placed in [start, end] or without a date, of ``statuses``; dated first, by time."""
    chosen = []
    for post in posts:
        when = post.when
        if when is not None and not (start <= when <= end):
            continue
        if statuses is not None and post.status not in statuses:
            continue
        chosen.append(post)
    far = datetime.max.replace(tzinfo=start.tzinfo)
    return sorted(chosen, key=lambda p: (p.when is None, p.when or far, p.platform, p.id))


def as_json(post: Any) -> dict[str, Any]:
    """One post of ``--format json``."""
    return {
        "id": post.id,
        "platform": post.platform,
        "status": post.status,
        "time": _iso(post.timestamp),
        "sent_at": _iso(post.created_at) if post.is_publish_now else None,
        "publish_now": post.is_publish_now,
        "no_date": post.is_undated,
        "text": snippet(post.text),
        "auto_publish_error": post.auto_publish_error,
        "live_post_url": post.live_post_url,
    }


def print_table(posts: Sequence[Any], out: TextIO, zone: tzinfo) -> None:
    """The posts as a table, with the failure reason or the live link on the line below."""
    if not posts:
        print(tr("No posts in this range."), file=out)
        return
    print(f"{ptr('column', 'When'):<22} {ptr('column', 'Platform'):<10} {ptr('column', 'Status'):<15} "
          f"{ptr('column', 'ID'):<9} {ptr('column', 'Post')}", file=out)
    for post in posts:
        if post.timestamp is not None:
            when = post.timestamp.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
        elif post.is_publish_now and post.created_at is not None:
            when = "sent " + post.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        else:
            when = "no date"
        print(f"{when:<22} {rules_for(post.platform).name:<10} {status_info(post.status).label:<15} {post.id:<9} "
              f"{snippet(post.text)}", file=out)
        if post.auto_publish_error:
            print(" " * 23 + tr("why it failed: {reason}", reason=post.auto_publish_error), file=out)
        if post.live_post_url:
            print(" " * 23 + tr("live at: {address}", address=post.live_post_url), file=out)
    print(ntr("{n} post.", "{n} posts.", len(posts)), file=out)


def snippet(text: str, limit: int = SNIPPET) -> str:
    """The first ``limit`` characters of ``text`` on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None
