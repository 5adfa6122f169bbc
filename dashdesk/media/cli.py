"""Headless media commands: ``dashdesk media check FILE...`` and ``dashdesk media fix FILE``.

Exit codes: 0 nothing would be refused (check) or the fixed file was written (fix); 1 some file would
be refused (check) or cannot be fixed (fix); 2 the command could not run (usage, missing file, unknown
platform or post type, output already there).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from dashdesk.bulk.columns import platform_id
from dashdesk.i18n import N_, ntr, tr
from dashdesk.platforms import PLATFORM_IDS, rules_for

from .fix import FixCancelled, FixFailed, parse_aspect, plan_fix, run_fix
from .inspect import format_bytes, format_duration
from .preflight import Finding, FixKind, Verdict, preflight, preflight_set
from .probe import MediaFacts, probe_file

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2

_MARK = {
    Verdict.UNUSABLE: N_("refused"),
    Verdict.DASH_REFUSES: N_("refused"),
    Verdict.PLATFORM_REFUSES: N_("refused"),
    Verdict.PLATFORM_MAY_REFUSE: N_("warning"),
    Verdict.PLATFORM_ADJUSTS: N_("note"),
}
#: How the one-click fixes are named in the command's output.
_FIX_WORDS = {
    FixKind.CONVERT_VIDEO: N_("convert the video"),
    FixKind.TO_VIDEO: N_("turn into a video"),
    FixKind.CONVERT_IMAGE: N_("convert the picture"),
    FixKind.SHRINK: N_("make it smaller"),
    FixKind.FIT: N_("fit the shape"),
    FixKind.TRIM: N_("trim"),
}


class UsageError(Exception):
    """The command cannot run; the message says why and what to do."""


def _platform_help() -> str:
    parts = []
    for pid in PLATFORM_IDS:
        rules = rules_for(pid)
        types = "/".join(pt.name for pt in rules.post_types if pt.name)
        parts.append(f"{pid} ({types})" if types else pid)
    return ", ".join(parts)


def build_parser() -> argparse.ArgumentParser:
    """The ``dashdesk media`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="dashdesk media",
        description=tr(
                "Check media files against what a platform takes, and write fixed copies. The original files are "
                "never changed."
            ),
        epilog=tr("Platforms and post types: {list}.", list=_platform_help()),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    epilog = parser.epilog
    check = sub.add_parser(
        "check", epilog=epilog, help=tr("say what a platform will make of each file"),
        description=tr(
                "Print what is wrong with each file for the platform and post type, and whether Dash or the platform "
                "will refuse it. Exit 1 when any file would be refused, 0 otherwise."
            ))
    check.add_argument("files", nargs="+", type=Path, metavar="FILE", help=tr("pictures or videos (one post's media)"))
    fix = sub.add_parser(
        "fix", epilog=epilog, help=tr("write a copy of a file that the platform takes"),
        description=tr(
                "Convert, fit, shrink and trim a copy of FILE so the platform takes it. Exit 1 when the file cannot "
                "be fixed for that platform."
            ))
    fix.add_argument("file", type=Path, metavar="FILE", help=tr("the picture or video to fix"))
    fix.add_argument("-o", "--output", type=Path, metavar="OUT",
                     help=tr("where to write the fixed copy (default: beside FILE, named after the platform)"))
    fix.add_argument("--fit", choices=("crop", "pad"),
                     help=tr("also bring the shape to what the platform shows best: crop it, or pad it"))
    fix.add_argument("--aspect", metavar="W:H", help=tr("shape to fit to instead of the platform's, e.g. 9:16"))
    fix.add_argument("--pad", default="blur", metavar="blur|#RRGGBB",
                     help=tr("background when padding: a blurred copy (default) or a colour"))
    fix.add_argument("--position", type=float, default=0.5, metavar="0..1",
                     help=tr("where the crop box sits along the long side: 0 start, 0.5 centre (default), 1 end"))
    fix.add_argument("--start", type=float, default=0.0, metavar="SECONDS", help=tr("keep the video from here"))
    fix.add_argument("--end", type=float, metavar="SECONDS", help=tr("keep the video up to here"))
    for p in (check, fix):
        p.add_argument("--platform", required=True, metavar="P", help=tr("platform, e.g. instagram, tiktok, x"))
        p.add_argument("--type", dest="post_type", metavar="T", help=tr(
                "post type, e.g. REEL (default: the first one)"
            ))
    return parser


def _target(platform: str, post_type: str | None) -> tuple[str, str | None]:
    pid = platform_id(platform)
    if pid is None:
        raise UsageError(tr(
                "Unknown platform {platform}. Use one of: {names}.",
                platform=repr(platform),
                names=', '.join(PLATFORM_IDS),
            ))
    rules = rules_for(pid)
    if post_type is None:
        return pid, rules.default_post_type
    names = {pt.name.lower(): pt.name for pt in rules.post_types if pt.name}
    if not names:
        raise UsageError(tr("{name} has no post types; leave out --type.", name=rules.name))
    found = names.get(post_type.strip().lower())
    if found is None:
        raise UsageError(tr(
                "{name} has no post type {post_type}. Use one of: {names}.",
                name=rules.name,
                post_type=repr(post_type),
                names=', '.join(names.values()),
            ))
    return pid, found


def _label(pid: str, post_type: str | None) -> str:
    rules = rules_for(pid)
    pt = rules.post_type(post_type)
    return f"{rules.name} {pt.label.lower()}" if pt is not None and rules.has_post_type else rules.name


def _summary(facts: MediaFacts) -> str:
    if facts.problem is not None:
        return tr("cannot be read")
    parts = [facts.describe(), f"{facts.width}×{facts.height}"]
    if facts.duration is not None:
        parts.append(format_duration(facts.duration))
    parts.append(format_bytes(facts.size))
    return ", ".join(parts)


def _print_findings(findings: Sequence[Finding], out: TextIO) -> None:
    for f in findings:
        message = f.message if f.fix is None else tr("{message} (fixable: {fix})", message=f.message,
                                                      fix=tr(_FIX_WORDS[f.fix]))
        out.write(f"  {tr(_MARK[f.verdict]):8} {message}\n")


def _check(args: argparse.Namespace, out: TextIO) -> int:
    pid, post_type = _target(args.platform, args.post_type)
    for path in args.files:
        if not path.exists():
            raise UsageError(tr("{path}: there is no such file.", path=path))
    label = _label(pid, post_type)
    refused = 0
    kinds = []
    for index, path in enumerate(args.files):
        facts = probe_file(path)
        findings = preflight(facts, pid, post_type, index=index if len(args.files) > 1 else None)
        if facts.kind is not None and facts.problem is None:
            kinds.append(facts.kind)
        out.write(f"{path.name}: {_summary(facts)}\n")
        if findings:
            _print_findings(findings, out)
        else:
            out.write(f"  {tr('ok'):8} " + tr("{platform} takes it as it is.", platform=label) + "\n")
        refused += any(f.refused for f in findings)
    together = preflight_set(kinds, pid, post_type) if len(args.files) > 1 else []
    if together:
        out.write(tr("All files together:") + "\n")
        _print_findings(together, out)
    if refused or together:
        what = (ntr("{n} of {total} file", "{n} of {total} files", len(args.files), n=refused,
                    total=len(args.files)) if refused else tr("these files together"))
        out.write("\n" + tr("{platform}: {what} would be refused. `dashdesk media fix FILE --platform ...` writes "
                            "a copy that is taken, where that can be fixed.", platform=label, what=what) + "\n")
        return EXIT_REFUSED
    return EXIT_OK


def _default_output(path: Path, pid: str, post_type: str | None, suffix: str) -> Path:
    tag = pid + (f"-{post_type.lower()}" if post_type else "")
    return path.with_name(f"{path.stem}-{tag}{suffix}")


def _fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    pid, post_type = _target(args.platform, args.post_type)
    if not args.file.exists():
        raise UsageError(tr("{file}: there is no such file.", file=args.file))
    if not 0 <= args.position <= 1:
        raise UsageError(tr("--position must be between 0 and 1."))
    if args.start < 0 or (args.end is not None and args.end <= args.start):
        raise UsageError(tr("--end must come after --start, and --start cannot be negative."))
    try:
        aspect = parse_aspect(args.aspect) if args.aspect else None
    except ValueError as exc:
        raise UsageError(tr("--aspect: {reason}.", reason=exc)) from None
    if args.pad != "blur" and not (args.pad.startswith("#") and len(args.pad) in (4, 7)):
        raise UsageError(tr("--pad must be blur or a colour such as #000000."))
    facts = probe_file(args.file)
    findings = preflight(facts, pid, post_type)
    label = _label(pid, post_type)
    reshape = args.fit is not None or aspect is not None
    trim = args.start > 0 or args.end is not None
    plan = plan_fix(facts, pid, post_type, fit=args.fit or "crop", findings=findings, reshape=reshape,
                    force=trim or reshape)
    if plan is None:
        unfixable = [f for f in findings if f.refused]
        if unfixable:
            out.write(tr("{file}: cannot be fixed for {platform}.", file=args.file.name, platform=label) + "\n")
            _print_findings(unfixable, out)
            return EXIT_REFUSED
        out.write(tr("{file}: nothing to fix; {platform} takes it as it is.", file=args.file.name,
                     platform=label) + "\n")
        return EXIT_OK
    from dataclasses import replace

    horizontal = facts.aspect > (aspect or plan.aspect or facts.aspect)
    plan = replace(
        plan,
        aspect=aspect or plan.aspect,
        pad=args.pad,
        crop_x=args.position if horizontal else 0.5,
        crop_y=0.5 if horizontal else args.position,
        start=args.start if plan.is_video else 0.0,
        end=args.end if (plan.is_video and args.end is not None) else plan.end,
    )
    suffix = {"mp4": ".mp4", "jpeg": ".jpg", "png": ".png"}[plan.output]
    dest = args.output or _default_output(args.file, pid, post_type, suffix)
    if args.output is None and dest.exists():
        raise UsageError(tr("{dest} already exists; choose another name with -o.", dest=dest))
    if dest.resolve() == args.file.resolve():
        raise UsageError(tr("The fixed copy cannot replace the original; choose another name with -o."))
    out.write(tr("{file} for {platform}:", file=args.file.name, platform=label) + "\n")
    for step in plan.steps(facts):
        out.write(f"  - {step}\n")
    show = err.isatty()

    def progress(done: float) -> None:
        if show:
            err.write("\r  " + tr("{percent} done", percent=f"{done:4.0%}"))
            err.flush()

    try:
        result = run_fix(facts, plan, progress=progress)
    except FixFailed as exc:
        out.write(tr("Could not fix it: {reason}", reason=exc.message) + "\n")
        return EXIT_REFUSED
    except (FixCancelled, KeyboardInterrupt):
        out.write(tr("Stopped; nothing was written.") + "\n")
        return EXIT_REFUSED
    finally:
        if show:
            err.write("\n")
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(result.path, dest)
    out.write(tr("Wrote {file} ({summary}).", file=dest, summary=_summary(result.facts)) + "\n")
    left = [f for f in preflight(result.facts, pid, post_type) if f.refused]
    if left:
        _print_findings(left, out)
        return EXIT_REFUSED
    return EXIT_OK


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``dashdesk media ...`` (``argv`` without the leading ``media``) and return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse prints its own message; keep its code (0 for --help, 2 otherwise)
        return int(exc.code or 0)
    try:
        if args.command == "check":
            return _check(args, out)
        return _fix(args, out, err)
    except UsageError as exc:
        err.write(f"dashdesk media: {exc}\n")
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
