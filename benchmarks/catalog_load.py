"""Language benchmark: how long installing a language's message catalog takes (target < 10 ms).

Prints, for every shipped language and the pseudo-locale,
  1. the median and worst of ``--runs`` installs in this process (every run opens and reads the ``.mo``
     file),
  2. one cold start in a fresh interpreter: importing :mod:`dashdesk.i18n` and installing the catalog,
     timed inside that process (the interpreter's own start-up is not counted),
and the catalog's size in messages.

Run: ``python benchmarks/catalog_load.py [--runs 50]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashdesk.i18n import catalog  # noqa: E402
from dashdesk.i18n.language import SUPPORTED  # noqa: E402

COLD = """
import sys, time
sys.path.insert(0, {root!r})
start = time.perf_counter()
from dashdesk.i18n import install, tr
install({language!r})
tr("Dry run: nothing was sent. {{summary}}.", summary="")
print((time.perf_counter() - start) * 1000)
"""


def warm_ms(language: str, runs: int) -> list[float]:
    """Milliseconds of ``runs`` installs of ``language`` (each opens and reads the ``.mo`` file)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        catalog.install(language)
        times.append((time.perf_counter() - start) * 1000)
    return times


def cold_ms(language: str) -> float:
    """Milliseconds to import the catalog module and install ``language`` in a fresh interpreter."""
    code = COLD.format(root=str(ROOT), language=language)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"{'language':<9} {'messages':>8} {'median ms':>10} {'worst ms':>9} {'cold ms':>8}")
    worst = 0.0
    for language in [code for code in SUPPORTED if code != "en"]:
        times = warm_ms(language, args.runs)
        cold = cold_ms(language)
        size = len(catalog._translations) if hasattr(catalog._translations, "__len__") else 0
        worst = max(worst, cold, statistics.median(times))
        print(f"{language:<9} {size:>8} {statistics.median(times):>10.3f} {max(times):>9.3f} {cold:>8.2f}")
    catalog.install("en")
    print(f"slowest (median or cold): {worst:.2f} ms (target < 10 ms)")


if __name__ == "__main__":
    main()
