"""Bundle size (target < 250 MB unpacked) and frozen start-to-painted-window time vs ``python -m dashdesk``.

"Start to painted window" is the wall time of ``dashdesk --demo --screenshot FILE`` on the offscreen
platform: start the process, start the embedded sandbox, open and paint the main window, save it as
a PNG, exit. The frozen bundle and ``python -m dashdesk`` run the same command alternately in the same
run (after one untimed warm-up each, each run with a fresh data folder); the figure is the ratio of
medians, frozen / source.

Run: python3 benchmarks/bundle_size_start.py                  # builds into build/bench/ first
     python3 benchmarks/bundle_size_start.py --bundle dist/dashdesk --runs 5
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
import bundle_config as cfg  # noqa: E402  (packaging/ is a folder of scripts, not a package)


def load_build_module() -> ModuleType:
    """Import ``packaging/build.py`` by path (its name would clash with PyPA's ``build``)."""
    spec = importlib.util.spec_from_file_location("dashdesk_packaging_build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


def timed_screenshot(command: list[str], workdir: Path) -> float:
    """Run ``command --demo --screenshot`` once with a fresh data folder; return seconds (fails loudly)."""
    data = Path(tempfile.mkdtemp(prefix="data-", dir=workdir))
    shot = data / "shot.png"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASHDESK_")}
    env.update(QT_QPA_PLATFORM="offscreen", DASHDESK_DATA_DIR=str(data))
    start = time.perf_counter()
    result = subprocess.run(
        [*command, "--demo", "--screenshot", str(shot)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or not shot.is_file() or shot.stat().st_size == 0:
        raise RuntimeError(f"{command[0]} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    """Print the bundle size and the start-time ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, help="an existing one-folder bundle (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per variant (default 3)")
    args = parser.parse_args()

    if args.bundle is None:
        build = load_build_module()
        print("building the bundle into build/bench/ ...", flush=True)
        result = build.build(ROOT / "build" / "bench" / "dist", ROOT / "build" / "bench" / "work", archive=False)
        bundle = result.bundle_dir
        print(f"build took {result.seconds:.0f} s")
    else:
        bundle = args.bundle.resolve()
    executable = cfg.bundle_executable(bundle)

    size = cfg.tree_size(bundle)
    verdict = "OK" if size / 1e6 < cfg.MAX_BUNDLE_MB else "OVER"
    print(
        f"bundle size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) unpacked "
        f"(target < {cfg.MAX_BUNDLE_MB} MB) {verdict}  [{bundle}]"
    )

    variants = {"frozen": [str(executable)], "source": [sys.executable, "-m", "dashdesk"]}
    times: dict[str, list[float]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="dashdesk-bench-") as tmp:
        workdir = Path(tmp)
        for command in variants.values():  # warm-up: page cache, .pyc files, font cache
            timed_screenshot(command, workdir)
        for _ in range(args.runs):
            for name, command in variants.items():  # alternate, so drift hits both alike
                times[name].append(timed_screenshot(command, workdir))
    frozen = statistics.median(times["frozen"])
    source = statistics.median(times["source"])
    for name, samples in times.items():
        print(f"start to painted window, {name}: median {statistics.median(samples):.2f} s "
              f"({', '.join(f'{s:.2f}' for s in samples)})")  # fmt: skip
    print(f"frozen / source start ratio: {frozen / source:.2f} (median of {args.runs} runs each)")


if __name__ == "__main__":
    main()
