"""``dashdesk queue show|set``: the posting schedule from the command line.

Exit codes: 0 done, 1 Dash refused (the posts could not be listed), 2 bad arguments, an unreadable
schedule file, or no key.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dashdesk.i18n import tr

from .queue import QueuePlanner
from .schedule import ANY_BRAND, PostingSchedule, ScheduleFileError, make_entry
from .slots import Occupancy, SlotError, format_slots

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
FREE_SHOWN = 10


class QueueCommandError(Exception):
    """The command cannot run; the message says why and what to do."""


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--api-url", default=default, help=tr("API origin (sandbox or proxy); env DASHDESK_API_URL"))
    parser.add_argument("--api-key", default=default, help=tr("Dash API key; env DASHDESK_API_KEY, else the saved key"))
    parser.add_argument("--brand", type=int, default=default,
                        help=tr("brand id (show: default the saved or only brand; set: default every brand)"))
    parser.add_argument("--timezone", default=default,
                        help=tr("display zone for times and for slots without their own zone (default: the app's)"))


def build_parser() -> argparse.ArgumentParser:
    """The ``dashdesk queue`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="dashdesk queue",
        description=tr("Posting times per platform: a queued post takes its platform's next free time."))
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="action", required=True)
    show = sub.add_parser(
        "show", help=tr("print the posting times and the next free ones"),
        description=tr(
                "Print each platform's weekly posting times and its next 10 free ones (a time is free when no post of"
                " that platform is there on Dash, wherever it was made)."
            ))
    show.add_argument("--platform", help=tr("only this platform"))
    show.add_argument("--offline", action="store_true",
                      help=tr("do not ask Dash for the posts already there (free times may then be taken)"))
    _global_options(show, suppress=True)
    put = sub.add_parser(
        "set", help=tr("set a platform's posting times"),
        description=tr(
                "Set a platform's weekly posting times, e.g. \"mon-fri 09:00,17:00; sat 11:00\". Days: mon..sun, ranges"
                " (mon-fri), lists (sat,sun), weekdays, weekends, daily; 24-hour times. An empty string removes the "
                "platform's times. Without --brand the times apply to every brand without its own."
            ),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    put.add_argument("platform", help=tr("instagram, facebook, tiktok, youtube, x, threads, linkedin, ..."))
    put.add_argument("slots", help=tr("days and times, e.g. \"mon-fri 09:00,17:00; sat 11:00\""))
    put.add_argument("--zone", help=tr("time zone of these times, e.g. Europe/Paris (default: the display zone)"))
    _global_options(put, suppress=True)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run ``dashdesk queue ...`` (``argv`` starts after ``queue``); return the exit code."""
    out = out or sys.stdout
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    try:
        zone = display_zone(args.timezone)
        if args.action == "set":
            return _set(args, zone, out)
        return _show(args, zone, out)
    except (QueueCommandError, ScheduleFileError, SlotError) as exc:
        print(f"dashdesk queue {args.action}: {exc}", file=sys.stderr)
        return EXIT_USAGE


def display_zone(name: str | None) -> ZoneInfo:
    """``name``, else the app's display zone, else this computer's."""
    if name:
        try:
            return ZoneInfo(name.strip())
        except (ZoneInfoNotFoundError, ValueError):
            raise QueueCommandError(tr("“{name}” is not a time zone: use a name like Europe/Paris or UTC.",
                                       name=name)) from None
    try:
        from dashdesk.settings import Settings

        return Settings.default().zone
    except Exception:  # no Qt settings readable: the computer's zone
        from dashdesk.settings import system_zone_name

        return ZoneInfo(system_zone_name())


def platform_arg(value: str) -> str:
    """A platform id from its id or display name (``X``, ``LinkedIn``...)."""
    from dashdesk.bulk.columns import platform_id

    pid = platform_id(value)
    if pid is None:
        raise QueueCommandError(tr("unknown platform “{value}”: write instagram, facebook, tiktok, youtube, x, "
                                   "threads, linkedin, snapchat, pinterest or bluesky.",
                                   value=value))
    return pid


def _set(args: argparse.Namespace, zone: ZoneInfo, out: TextIO) -> int:
    platform = platform_arg(args.platform)
    schedule = PostingSchedule.load()
    entry = make_entry(args.slots, args.zone or "")
    brand = getattr(args, "brand", None) or None
    schedule.set(brand, platform, entry)
    path = schedule.save()
    who = tr("brand {brand}", brand=brand) if brand else tr("every brand")
    if entry.slots.slots:
        shown_zone = args.zone or tr("{key} (the display zone)", key=zone.key)
        print(tr(
                "{platform} posting times for {who}: {slots} in {shown_zone}.",
                platform=_name(platform),
                who=who,
                slots=format_slots(entry.slots.slots),
                shown_zone=shown_zone,
            ),
              file=out)
    else:
        print(tr("{platform} has no posting times for {who} now.", platform=_name(platform), who=who), file=out)
    print(tr("Saved to {path}.", path=path), file=out)
    return EXIT_OK


def _name(platform: str) -> str:
    from dashdesk.platforms import rules_for

    return rules_for(platform).name


def _show(args: argparse.Namespace, zone: ZoneInfo, out: TextIO) -> int:
    schedule = PostingSchedule.load()
    brand = getattr(args, "brand", None)
    platforms = [platform_arg(args.platform)] if args.platform else None
    now = datetime.now(UTC)
    occupancy = Occupancy()
    if not args.offline:
        try:
            brand, occupancy = asyncio.run(_dash_posts(args, schedule, platforms, now))
        except QueueCommandError:
            raise
        except Exception as exc:  # Dash refused or could not be reached
            message = exc.user_message() if hasattr(exc, "user_message") else str(exc)
            print(tr(
                    "dashdesk queue show: could not list the posts on Dash: {message}",
                    message=message,
                ), file=sys.stderr)
            return EXIT_REFUSED
    shown = platforms or schedule.platforms(brand)
    if not shown:
        print(tr("No posting times yet. Set some, e.g.: dashdesk queue set instagram \"mon-fri 09:00,17:00\""),
              file=out)
        return EXIT_OK
    planner = QueuePlanner(schedule, brand, zone, now=now, occupancy=occupancy)
    if brand and args.offline:
        heading = tr("Times in {zone}, brand {brand}; posts on Dash not checked (--offline).", zone=zone.key,
                     brand=brand)
    elif brand:
        heading = tr("Times in {zone}, brand {brand}.", zone=zone.key, brand=brand)
    elif args.offline:
        heading = tr("Times in {zone}; posts on Dash not checked (--offline).", zone=zone.key)
    else:
        heading = tr("Times in {zone}.", zone=zone.key)
    print(heading, file=out)
    for platform in shown:
        found = schedule.entry(brand, platform)
        if found is None:
            print(tr("\n{platform}: no posting times.", platform=_name(platform)), file=out)
            continue
        key, entry = found
        slots = entry.resolved(zone)
        where = entry.zone or tr("{zone}, the display zone", zone=zone.key)
        scope = "" if key != ANY_BRAND or brand is None else " " + tr("(every brand)")
        print(f"\n{_name(platform)}{scope}: {format_slots(slots.slots)} ({where})",
              file=out)
        free = planner.peek(platform, FREE_SHOWN)
        if not free:
            print(tr("  no free time in the next year"), file=out)
        for when in free:
            local = when.astimezone(zone)
            print(f"  {local:%a} {local.day:>2} {local:%b %Y  %H:%M %Z}", file=out)
    return EXIT_OK


async def _dash_posts(args: argparse.Namespace, schedule: PostingSchedule, platforms: list[str] | None,
                      now: datetime) -> tuple[int, Occupancy]:
    from dashdesk.bulk.backend import DashClientBackend, make_client
    from dashdesk.bulk.cli import CommandError, _env_int, _only_brand, resolve_credentials
    from dashdesk.bulk.limiter import RateLimiter
    from dashdesk.bulk.queueing import occupancy_from_dash

    try:
        key, api_url, saved_brand = await resolve_credentials(args)
    except CommandError as exc:
        raise QueueCommandError(str(exc).replace(" (or use --dry-run to only check the file)", "")
                                + " " + tr("Or add --offline to leave out the posts already on Dash.")) from None
    limiter = RateLimiter()
    client = make_client(key, api_url, limiter)
    try:
        brand = getattr(args, "brand", None) or _env_int("DASHDESK_BRAND") or saved_brand
        if brand is None:
            try:
                brand = await _only_brand(client)
            except CommandError as exc:
                raise QueueCommandError(str(exc)) from None
        wanted = platforms or schedule.platforms(brand)
        occupancy = await occupancy_from_dash(DashClientBackend(client, limiter), brand, wanted, now)
    finally:
        await client.aclose()
    return brand, occupancy

