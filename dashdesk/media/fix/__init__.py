"""One-click media fixes, done locally with PyAV (FFmpeg) and Pillow; the original is never touched.

* :mod:`.plan`: :class:`FixPlan` (convert, fit by crop or pad, shrink, trim) and :func:`plan_fix`,
  which derives the plan that cures a file's pre-flight findings for a platform;
* :mod:`.geometry`: the crop box and output size of a plan;
* :mod:`.video` / :mod:`.image`: the converters (H.264/AAC MP4; JPEG/PNG);
* :mod:`.cache`: :func:`run_fix`, which writes results into the cache folder by content hash.

Typical use (in a worker thread)::

    facts = probe_file(path)
    plan = plan_fix(facts, "instagram", "REEL")
    if plan is not None:
        result = run_fix(facts, plan, progress=print, should_stop=stop_event.is_set)
"""

from __future__ import annotations

from .cache import FixResult, fix_cache_dir, run_fix
from .errors import FixCancelled, FixFailed
from .plan import FixPlan, parse_aspect, plan_fix

__all__ = ["FixCancelled", "FixFailed", "FixPlan", "FixResult", "fix_cache_dir", "parse_aspect", "plan_fix", "run_fix"]
