"""Run a fix into the cache folder: results named by their content hash, reused when asked again.

The original file is only read. A fix is written to a temporary file in the cache folder, hashed, and
moved to ``<cache>/<sha256 of the result>/<original name>-fixed.<ext>``; a small index entry maps
``(sha256 of the original, plan)`` to that result, so asking for the same fix of the same bytes again
returns at once, and two fixes giving the same bytes share one file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dashdesk.i18n import tr
from dashdesk.paths import data_dir
from dashdesk.private_files import private_dir, write_private

from ..probe import MediaFacts, probe_file
from ..store import hash_file
from .errors import FixCancelled, FixFailed, Progress, ShouldStop
from .image import convert_image
from .plan import FixPlan
from .video import convert_video

__all__ = ["FixResult", "fix_cache_dir", "run_fix"]

_SUFFIX = {"mp4": ".mp4", "jpeg": ".jpg", "png": ".png"}


def fix_cache_dir() -> Path:
    """The folder fixed files live in (inside the user data folder)."""
    return private_dir(data_dir() / "fixed")  # 0700; fixes are written 0600 (mkstemp, then renamed)


@dataclass(frozen=True)
class FixResult:
    """A fixed file: where it is, what it now is, the plan that made it, and whether it was reused."""

    path: Path
    facts: MediaFacts
    plan: FixPlan
    source_sha256: str
    sha256: str
    reused: bool = False


def _index_path(folder: Path, source_sha: str, plan: FixPlan) -> Path:
    key = hashlib.sha256(f"{source_sha}:{plan.key()}".encode()).hexdigest()
    return folder / "index" / key


def _lookup(folder: Path, index: Path) -> Path | None:
    try:
        rel = index.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    found = folder / rel
    return found if rel and found.is_file() else None


def _remember(folder: Path, index: Path, result: Path) -> None:
    write_private(index, str(result.relative_to(folder)).encode("utf-8"))


def run_fix(
    facts: MediaFacts | str | os.PathLike[str],
    plan: FixPlan,
    *,
    folder: Path | None = None,
    progress: Progress | None = None,
    should_stop: ShouldStop | None = None,
) -> FixResult:
    """Apply ``plan`` to a file and return the fixed copy (reused from the cache when it exists).

    Raises :class:`FixCancelled` (nothing is left behind) or :class:`FixFailed` (with a plain message).
    Runs for seconds to minutes on a video: call it from a worker thread.
    """
    if not isinstance(facts, MediaFacts):
        facts = probe_file(facts)
    if facts.problem is not None:
        raise FixFailed(facts.problem.message)
    folder = folder or fix_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        source_sha = hash_file(facts.path, cancelled=should_stop)
    except InterruptedError:
        raise FixCancelled() from None
    except OSError as exc:
        raise FixFailed(tr("{file}: cannot be read ({reason}).", file=facts.name, reason=exc.strerror or exc)) from None
    index = _index_path(folder, source_sha, plan)
    known = _lookup(folder, index)
    if known is not None:
        if progress is not None:
            progress(1.0)
        return FixResult(known, probe_file(known), plan, source_sha, known.parent.name, reused=True)
    suffix = _SUFFIX[plan.output]
    fd, tmp_name = tempfile.mkstemp(prefix=".fixing-", suffix=suffix, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        run = convert_video if plan.is_video else convert_image
        run(facts, tmp, plan, progress=progress, should_stop=should_stop)
        sha = hash_file(tmp)
        final = folder / sha / f"{facts.path.stem}-fixed{suffix}"
        private_dir(final.parent)
        if final.is_file():
            tmp.unlink()
        else:
            os.replace(tmp, final)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _remember(folder, index, final)
    fixed = probe_file(final)
    if fixed.problem is not None:  # never hand on a file DashDesk itself cannot read back
        raise FixFailed(tr("{file}: the converted file could not be read back ({message}).",
                           file=facts.name, message=fixed.problem.message))
    return FixResult(final, fixed, plan, source_sha, sha)
