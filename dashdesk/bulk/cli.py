"""Headless bulk commands: ``dashdesk import FILE`` and ``dashdesk export --start --end FILE``.

The app's ``__main__`` hands ``argv`` (starting with ``import`` or ``export``) to :func:`main`;
``python -m dashdesk.bulk`` does the same. Exit codes: 0 every row done, 1 some row failed (or a
platform could not be exported), 2 the command could not run (usage, unreadable file, no key).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from dashdesk.i18n import N_, ntr, ptr, tr
from dashdesk.secure_transport import origin_problem

from .check import ImportPlan, RowPlan, check_sheet
from .columns import platform_id, rows_need_boards
from .journal import Journal
from .limiter import RateLimiter
from .reader import FormatError, read_sheet
from .values import CellError, parse_zone

EXIT_OK, EXIT_ROWS_FAILED, EXIT_USAGE = 0, 1, 2
#: Exit code when Dash refuses the API key (or the brand): the same as for bad arguments.
EXIT_AUTH = EXIT_USAGE


class CommandError(Exception):
    """The command cannot run; the message says why and what to do."""


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--api-url", default=default, help=tr("address of the Dash API to use instead of the real one "
                        "(for testing); env DASHDESK_API_URL"))
    parser.add_argument("--api-key", default=default, help=tr("Dash API key; env DASHDESK_API_KEY, else the saved key"))
    parser.add_argument("--brand", type=int, default=default, help=tr("brand id (default: the saved or only brand)"))
    parser.add_argument("--timezone", default=default,
                        help=tr("zone for times without an offset (default: this computer's zone)"))


def build_parser() -> argparse.ArgumentParser:
    """The ``dashdesk import|export`` argument parser."""
    parser = argparse.ArgumentParser(prog="dashdesk", description=tr("Bulk import and export of Dash posts (CSV)."))
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help=tr("check a CSV file and create its posts"),
                         description=tr("Check every row, then create the posts that passed. Rows created by an "
                         "earlier import of the same content are not created again."))
    imp.add_argument("file", type=Path, help=tr("the CSV file to import ('dashdesk export --template FILE' writes an "
                     "example with every column)"))
    imp.add_argument("--dry-run", action="store_true", help=tr("only check; send nothing (works offline)"))
    imp.add_argument("--results", type=Path, help=tr("also save the per-row results as CSV here"))
    imp.add_argument("--concurrency", type=int, default=8, help=tr("requests in flight at once (default 8)"))
    imp.add_argument("--quiet", action="store_true", help=tr("print only rows with problems and the summary"))
    _global_options(imp, suppress=True)
    exp = sub.add_parser("export", help=tr("write the posts of a date range as CSV"),
                         description=tr("Write every post of a date range in the import format."))
    exp.add_argument("file", type=Path, help=tr("where to write the CSV (the template with --template)"))
    exp.add_argument("--start", help=tr("first day (YYYY-MM-DD) or ISO 8601 time"))
    exp.add_argument("--end", help=tr("last day, included (YYYY-MM-DD) or ISO 8601 time"))
    exp.add_argument("--platform", action="append", dest="platforms", help=tr("only this platform (repeatable)"))
    exp.add_argument("--template", action="store_true", help=tr("write the empty template with examples instead"))
    _global_options(exp, suppress=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dashdesk import ...`` or ``dashdesk export ...``; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    try:
        zone = _zone(args.timezone)
        if args.command == "import":
            return _import(args, zone, sys.stdout)
        return _export(args, zone, sys.stdout)
    except (CommandError, FormatError) as exc:
        print(f"dashdesk {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(tr("Interrupted. DashDesk remembers the rows already created; import the file again to finish."),
              file=sys.stderr)
        return EXIT_ROWS_FAILED
    except Exception as exc:  # a Dash error outside a run (brand look-up, export listing)
        from dashdesk.api import errors as api_errors

        if not isinstance(exc, api_errors.DashError):
            raise
        from .run import STOPPING_ERRORS
        from .wording import import_message

        print(f"dashdesk {args.command}: {import_message(exc)}", file=sys.stderr)
        return EXIT_AUTH if isinstance(exc, STOPPING_ERRORS) else EXIT_ROWS_FAILED


def _zone(value: str | None) -> tzinfo:
    try:
        zone = parse_zone(value or "")
    except CellError as exc:
        raise CommandError(str(exc)) from None
    return zone or datetime.now().astimezone().tzinfo or UTC


# --- import ------------------------------------------------------------------------------------------

def _import(args: argparse.Namespace, zone: tzinfo, out: TextIO) -> int:
    sheet = read_sheet(args.file)
    if args.dry_run:
        plan = check_sheet(sheet, display_tz=zone)
        _queue_dry_run(plan, args, zone)
        print_plan(plan, out, quiet=args.quiet)
        print(tr("Dry run: nothing was sent. {summary}.", summary=plan.summary()), file=out)
        return EXIT_OK if not plan.failed else EXIT_ROWS_FAILED
    return asyncio.run(_import_online(args, sheet, zone, out))


async def _import_online(args: argparse.Namespace, sheet: Any, zone: tzinfo, out: TextIO) -> int:
    from .backend import DashClientBackend, make_client
    from .run import ImportRun, Progress

    key, api_url, saved_brand = await resolve_credentials(args)
    limiter = RateLimiter()
    client = make_client(key, api_url, limiter)
    try:
        brand_id = args.brand or _env_int("DASHDESK_BRAND") or saved_brand or await _only_brand(client)
        backend = DashClientBackend(client, limiter, keep_metadata=_saved_keep_metadata())
        boards = None
        if rows_need_boards(sheet.rows):
            from dashdesk.api import errors as api_errors

            try:
                boards = await backend.list_boards(brand_id)
            except api_errors.DashError as exc:
                print(tr("Could not list Pinterest boards ({reason}); boards are checked when sending.",
                         reason=exc.user_message()), file=sys.stderr)
        plan = await asyncio.to_thread(check_sheet, sheet, display_tz=zone, boards=boards)
        print(ntr("Checked {n} row: {summary}.", "Checked {n} rows: {summary}.", len(plan.rows),
                  summary=plan.summary()), file=out)
        tty = sys.stderr.isatty()

        def progress(p: Progress) -> None:
            if tty:
                line = (tr("{done}/{total} sent, about {duration} left", done=p.done, total=p.total,
                           duration=_duration(p.seconds_left)) if p.seconds_left
                        else tr("{done}/{total} sent", done=p.done, total=p.total))
                print(f"\r{line}   ", end="", file=sys.stderr, flush=True)

        from dashdesk.services.planning import Planner, open_store

        planner = Planner(open_store(), brand_id)  # the labels column goes to this computer's labels
        with Journal() as journal:
            if journal.notice:
                print(tr("note: {message}", message=journal.notice), file=out)
            await _queue_times(plan, backend, brand_id, _schedule_zone(args, zone), journal)
            run = ImportRun(plan, backend, brand_id=brand_id, journal=journal, limiter=limiter,
                            concurrency=args.concurrency, on_progress=progress, labeller=planner.set_label_names)
            results = await run.run()
        if tty:
            print(file=sys.stderr)
    finally:
        await client.aclose()
    if run.stopped_by is not None:
        from .wording import import_message

        print("dashdesk import: " + tr("stopped, nothing more was sent. {reason}",
                                       reason=import_message(run.stopped_by)), file=sys.stderr)
        return EXIT_AUTH
    by_row = {r.row: r for r in results}
    failed = 0
    for row in plan.rows:
        result = by_row[row.number]
        failed += not result.ok
        if args.quiet and result.ok and not row.warnings:
            continue
        print_row(row, out, result=result)
    if args.results:
        from .results import write_results

        write_results(results, args.results)
        print(tr("Results saved to {path}.", path=args.results), file=out)
    created = sum(1 for r in results if r.outcome == "created")
    already = sum(1 for r in results if r.outcome == "already created")
    unchecked = sum(1 for r in results if r.outcome == "not checked")
    failed -= unchecked
    figures = {"already": already, "failed": failed, "brand": brand_id, "seconds": f"{run.stats.seconds:.1f}"}
    if unchecked:
        print(ntr("Created {n} post, {already} already on Dash, {failed} failed, {unchecked} recorded earlier but "
                  "not checked (brand {brand}, {seconds} s).",
                  "Created {n} posts, {already} already on Dash, {failed} failed, {unchecked} recorded earlier but "
                  "not checked (brand {brand}, {seconds} s).", created, unchecked=unchecked, **figures), file=out)
    else:
        print(ntr("Created {n} post, {already} already on Dash, {failed} failed (brand {brand}, {seconds} s).",
                  "Created {n} posts, {already} already on Dash, {failed} failed (brand {brand}, {seconds} s).",
                  created, **figures), file=out)
    failed += unchecked
    return EXIT_OK if not failed else EXIT_ROWS_FAILED


def _schedule_zone(args: argparse.Namespace, zone: tzinfo) -> Any:
    """The zone queued rows' times are shown in (and slots without a zone are read in): ``--timezone``
    when given, else the app's display zone (an IANA zone, so daylight saving is followed)."""
    if getattr(args, "timezone", None):
        return ZoneInfo("UTC") if zone is UTC else zone
    from dashdesk.planning.cli import display_zone

    return display_zone(None)


def _queue_dry_run(plan: ImportPlan, args: argparse.Namespace, zone: tzinfo) -> None:
    """Give queued rows the times they would take, from the posts DashDesk saw last (no network)."""
    from dashdesk.planning.schedule import ScheduleFileError

    from .queueing import preview_queue_times, queued_rows

    if not queued_rows(plan):
        return
    brand = getattr(args, "brand", None) or _env_int("DASHDESK_BRAND")
    try:
        preview_queue_times(plan, brand, _schedule_zone(args, zone))
    except ScheduleFileError as exc:
        raise CommandError(tr("the posting schedule can't be read: {reason}", reason=exc)) from None


async def _queue_times(plan: ImportPlan, backend: Any, brand_id: int, zone: Any, journal: Any) -> None:
    """Give queued rows their times against the brand's posts on Dash, just before sending."""
    from .queueing import give_queue_times

    await give_queue_times(plan, backend, brand_id, zone, journal)


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() else None


async def resolve_credentials(args: argparse.Namespace) -> tuple[str, str | None, int | None]:
    """The API key, API URL and saved brand: options, then environment, then the saved account."""
    key = getattr(args, "api_key", None) or os.environ.get("DASHDESK_API_KEY")
    api_url = getattr(args, "api_url", None) or os.environ.get("DASHDESK_API_URL") or None
    problem = origin_problem(api_url)  # refused before the keyring is read or a connection opened
    if problem:
        raise CommandError(problem)
    brand = None
    if not key:
        try:
            from dashdesk.credentials import CredentialStore

            account = os.environ.get("DASHDESK_ACCOUNT") or _saved_account() or "default"
            saved = await CredentialStore().load(account)
        except Exception:  # no keyring, no Qt settings: fall through to the message below
            saved = None
        if saved is not None:
            key, brand = saved.api_key, saved.brand_id
    if not key:
        raise CommandError(tr("no API key: pass --api-key, set DASHDESK_API_KEY, or sign in once in the app "
                              "(or use --dry-run to only check the file)."))
    return key, api_url, brand


def _saved_account() -> str | None:
    try:
        from dashdesk.settings import Settings

        return Settings().account or None
    except Exception:
        return None


def _saved_keep_metadata() -> bool:
    """The app's "keep location and camera details in uploads" setting (off when it can't be read)."""
    try:
        from dashdesk.settings import Settings

        return bool(Settings.default().keep_media_metadata)
    except Exception:
        return False


async def _only_brand(client: Any) -> int:
    me = await client.whoami()
    if len(me.brands) == 1:
        return int(me.brands[0].id)
    names = ", ".join(f"{b.id} ({b.name})" for b in me.brands) or ptr("no brands", "none")
    raise CommandError(tr("say which brand with --brand (this key reaches: {brands}).", brands=names))


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds + 0.5)
    if seconds >= 60:
        return tr("{minutes} min {seconds} s", minutes=seconds // 60, seconds=f"{seconds % 60:02d}")
    return tr("{seconds} s", seconds=seconds)


def print_plan(plan: ImportPlan, out: TextIO, *, quiet: bool = False) -> None:
    """The check report: every row (or only rows with problems) with each problem on its own line."""
    for note in plan.notes:
        print(tr("note: {message}", message=note), file=out)
    for row in plan.rows:
        if quiet and not row.problems:
            continue
        print_row(row, out)


def print_row(row: RowPlan, out: TextIO, *, result: Any = None) -> None:
    """One row of the report: ``row 3  Instagram  <result>``, then its problems."""
    from dashdesk.platforms import rules_for

    name = rules_for(row.platform).name if row.platform else (row.raw.get("platform") or "?")
    errors = ntr("{n} error", "{n} errors", len(row.errors))
    if result is not None:
        outcome = result.outcome
        post = tr("post {id}", id=result.post_id)
        detail = result.message or post
        if outcome == "created" and result.post_id and result.message:
            detail = tr("{post}: {message}", post=post, message=result.message)
        elif outcome == "created" and result.post_id:
            detail = post
        if outcome == "not sent":
            detail = errors
        outcome = tr(_OUTCOMES[outcome]) if outcome in _OUTCOMES else outcome
    else:
        outcome = ptr("check outcome", "ok") if row.ok else tr(_SEVERITIES["error"])
        detail = ptr("row", "ready") if row.ok else errors
    label = tr("row {number}", number=f"{row.number:<5}")
    print(f"{label} {name:<10} {outcome:<15} {detail}", file=out)
    problems = list(row.problems)
    if result is not None and result.problems and result.outcome != "not sent":
        problems += result.problems
    for p in problems:
        where = f"[{p.column}] " if p.column else ""  # CSV column names stay as the file writes them
        severity = tr(_SEVERITIES.get(p.severity, p.severity))
        print(f"          {severity}: {where}{p.message}", file=out)


# What each outcome and severity is called in the report (the results CSV keeps the English values).
_OUTCOMES = {"created": N_("created"), "already created": N_("already created"), "not sent": N_("not sent"),
             "failed": N_("failed"), "not checked": N_("not checked"), "unknown": N_("unknown")}
_SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "note": N_("note")}


# --- export ------------------------------------------------------------------------------------------

def parse_range_arg(value: str | None, zone: tzinfo, *, end: bool) -> datetime:
    """A ``--start``/``--end`` value: a day (the whole day, in ``zone``) or an ISO 8601 time."""
    if not value:
        raise CommandError(tr("export needs --start and --end (YYYY-MM-DD)."))
    text = value.strip()
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d")
            when = datetime.combine(day.date(), time.min, zone)
            return when + timedelta(days=1) - timedelta(seconds=1) if end else when
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        message = tr("can't read the date {value}: write YYYY-MM-DD or ISO 8601.", value=repr(value))
        raise CommandError(message) from None
    return when if when.tzinfo else when.replace(tzinfo=zone)


def _export(args: argparse.Namespace, zone: tzinfo, out: TextIO) -> int:
    if args.template:
        from .template import save_template

        save_template(args.file)
        print(tr("Template saved to {path}.", path=args.file), file=out)
        return EXIT_OK
    start = parse_range_arg(args.start, zone, end=False)
    end = parse_range_arg(args.end, zone, end=True)
    if end < start:
        raise CommandError(tr("--end is before --start."))
    if args.platforms:
        ids = [platform_id(p) for p in args.platforms]
        if None in ids:
            raise CommandError(tr("unknown platform in {platforms}.", platforms=", ".join(args.platforms)))
        args.platforms = ids
    return asyncio.run(_export_online(args, start, end, zone, out))


async def _export_online(args: argparse.Namespace, start: datetime, end: datetime, zone: tzinfo,
                         out: TextIO) -> int:
    from .backend import DashClientBackend, make_client
    from .export import fetch_posts, write_export

    key, api_url, saved_brand = await resolve_credentials(args)
    limiter = RateLimiter()
    client = make_client(key, api_url, limiter)
    try:
        brand_id = args.brand or _env_int("DASHDESK_BRAND") or saved_brand or await _only_brand(client)
        posts, errors = await fetch_posts(DashClientBackend(client, limiter), brand_id, start, end, args.platforms)
    finally:
        await client.aclose()
    from dashdesk.services.planning import label_names_of, open_store

    count = write_export(posts, args.file, zone=zone, labels=label_names_of(open_store(), brand_id))
    print(ntr("Wrote {n} post ({start} to {end}, brand {brand}) to {path}.",
              "Wrote {n} posts ({start} to {end}, brand {brand}) to {path}.", count, start=f"{start:%Y-%m-%d}",
              end=f"{end:%Y-%m-%d}", brand=brand_id, path=args.file), file=out)
    for platform, message in errors.items():
        print(f"error: {platform}: {message}", file=sys.stderr)
    return EXIT_OK if not errors else EXIT_ROWS_FAILED
