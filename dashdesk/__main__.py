"""``dashdesk`` command line: start the app, or hand ``import``/``export`` to the bulk tool."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dashdesk import __version__
from dashdesk.i18n import tr

VIEWS = ("month", "week", "list")


def build_parser() -> argparse.ArgumentParser:
    """The app's options (``dashdesk import|export ...`` are parsed by ``dashdesk.bulk.cli``)."""
    p = argparse.ArgumentParser(
        prog="dashdesk",
        description=tr("Plan and schedule social posts with the Dash Social API. Subcommands `dashdesk import ...` "
                       "and `dashdesk export ...` work with CSV files; `dashdesk queue show|set` with posting times; "
                       "`dashdesk posts` lists posts and what happened to them; `dashdesk media check|fix` checks "
                       "and fixes media files."),
    )
    p.add_argument("--version", action="version", version=f"DashDesk {__version__}")
    p.add_argument(
        "--api-url",
        default=os.environ.get("DASHDESK_API_URL"),
        help=tr("serve every Dash host from this origin (env DASHDESK_API_URL)"),
    )
    p.add_argument(
        "--api-key",
        default=os.environ.get("DASHDESK_API_KEY"),
        help=tr("API key for this run only, not saved (env DASHDESK_API_KEY)"),
    )
    p.add_argument("--brand", type=int, help=tr("brand id to show"))
    p.add_argument(
        "--demo", action="store_true", help=tr("use the embedded sandbox with demo data (kept in the user data folder)")
    )
    p.add_argument("--screenshot", metavar="FILE", help=tr("render the window once data is loaded, save a PNG, exit"))
    p.add_argument("--view", choices=VIEWS, help=tr("view to show (with --screenshot, default month)"))
    p.add_argument("--date", help=tr("day to show, YYYY-MM-DD (default today)"))
    p.add_argument("--size", default="1280x800", help=tr("window size WxH for --screenshot (default 1280x800)"))
    return p


SUBCOMMANDS = ("import", "export", "media", "queue", "posts")
_VALUE_OPTIONS = ("--api-url", "--api-key", "--brand", "--timezone", "--screenshot", "--view", "--date", "--size")


def find_subcommand(args: Sequence[str]) -> int | None:
    """Index of ``import``/``export`` among ``args``, skipping values of options such as ``--api-url X``."""
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif arg in SUBCOMMANDS:
            return index
        elif not arg.startswith("-"):
            return None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dashdesk`` command."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    from dashdesk.language_setup import install_language

    install_language()  # the app and the headless commands speak the same language
    sub = find_subcommand(args_list)
    if sub is not None and args_list[sub] == "media":
        from dashdesk.media.cli import main as media_main

        return media_main(args_list[sub + 1 :])
    if sub is not None and args_list[sub] == "queue":
        from dashdesk.planning.cli import main as queue_main

        return int(queue_main([*args_list[:sub], *args_list[sub + 1 :]]) or 0)
    if sub is not None and args_list[sub] == "posts":
        from dashdesk.bulk.posts_cli import main as posts_main

        return int(posts_main([*args_list[:sub], *args_list[sub + 1 :]]) or 0)
    if sub is not None:
        from dashdesk.bulk.cli import main as bulk_main

        # The bulk tool takes the global options anywhere after its subcommand.
        return int(bulk_main([args_list[sub], *args_list[:sub], *args_list[sub + 1 :]]) or 0)
    args = build_parser().parse_args(args_list)
    if args.size:
        try:
            w, h = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            build_parser().error(tr("--size must look like 1280x800"))
        args.size = (w, h)
    if args.date:
        from datetime import date

        try:
            args.date = date.fromisoformat(args.date)
        except ValueError:
            build_parser().error(tr("--date must look like 2026-03-12"))
    from dashdesk.startup import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
