"""Calendar paint benchmark: a month holding 3,000 posts.

Prints
  1. model fill + first paint of the month view (target < 100 ms),
  2. the median repaint of the month view (target < 16 ms),
  3. cold start of ``python -m dashdesk`` (signed in, posts cached) to its calendar painted from the
     SQLite cache, as a ratio to a bare PySide6 window's start to first paint, both measured here in
     the same run as fresh processes (target <= 2). Both children read compiled bytecode from a
     private cache, as an installed app does (``--compile-each-start`` measures without it when
     PYTHONDONTWRITEBYTECODE is set).

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/calendar_paint.py [--posts 3000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTH = date(2026, 3, 1)
CAPTIONS = [
    "Spring launch teaser: three new colours, one great jacket",
    "Behind the scenes of our studio shoot",
    "Doors open at 9 — see you there!",
    "Customer story: how Ana plans a week of posts in ten minutes",
    "New blog post: five ways to reuse your best photos",
]
TEXT_FIELD = {"instagram": "caption", "facebook": "message", "twitter": "tweet_status", "pinterest": "note",
              "youtube": "title", "snapchat": "description"}
STATUSES = ["SCHEDULED"] * 6 + ["DRAFT"] * 2 + ["POSTED", "FAILED", "MISSING_APPROVALS", "AUTOPUBLISHING"]


def make_posts(n: int, seed: int = 3) -> list[tuple[str, dict]]:
    """``n`` realistic post JSON objects spread over March 2026, on all ten platforms."""
    from dashdesk.platforms import PLATFORM_IDS

    rnd = random.Random(seed)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        platform = PLATFORM_IDS[i % len(PLATFORM_IDS)]
        ts = start + timedelta(minutes=rnd.randrange(0, 31 * 24 * 60, 15))
        data = {"id": 10_000 + i, "brand_id": 144, "status": rnd.choice(STATUSES), "auto_publish": True,
                "timestamp": ts.strftime("%Y-%m-%dT%H:%M:%SZ"), "media_ids": [],
                TEXT_FIELD.get(platform, "text"): rnd.choice(CAPTIONS)}
        out.append((platform, data))
    return out


def _label_the(view, posts) -> None:  # type: ignore[no-untyped-def]
    """Give two posts in three one or two label colours, and five days a note (one "no posting")."""
    from types import SimpleNamespace

    colours = ("#e0484e", "#3aa655", "#3d6fd9", "#f28c28")
    marks = {p.key: colours[i % 4:i % 4 + 1 + i % 2] for i, p in enumerate(posts) if i % 3}
    view.label_colors = lambda key: marks.get(key, ())
    notes = {MONTH + timedelta(days=d): [SimpleNamespace(text=f"Note {d}", color="#3d6fd9", no_posting=d == 20)]
             for d in (3, 8, 9, 15, 20)}
    view.notes_for = lambda first, last: notes


def bench_paint(n: int, runs: int, labels: bool = False) -> tuple[float, float, int]:
    """Return (fill + first paint ms, median repaint ms, posts in the shown month).

    ``labels``: chips carry label dots and five days carry notes (the planner's helpers installed).
    """
    from zoneinfo import ZoneInfo

    from PySide6.QtWidgets import QApplication

    from dashdesk.services.post import Post
    from dashdesk.ui.calendar.month_view import MonthView
    from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel
    from dashdesk.ui.theme import install_theme

    app = QApplication.instance() or QApplication([])
    install_theme(app)  # type: ignore[arg-type]
    raw = make_posts(n)
    fills = []
    for _ in range(runs):
        posts = [Post.from_json(p, d) for p, d in raw]
        model = PostsModel(tz=ZoneInfo("Europe/Berlin"))
        proxy = PostsFilterProxy(model)
        view = MonthView(proxy)
        view.clock = lambda: datetime(2026, 3, 12, 10, tzinfo=UTC)
        view.anchor = view.selected_day = MONTH
        view.resize(1280, 700)
        if labels:
            _label_the(view, posts)
        view.show()
        app.processEvents()
        t0 = time.perf_counter()
        model.set_posts(posts)
        view.rebuild()
        view.repaint()
        fills.append((time.perf_counter() - t0) * 1000)
        shown = view.visible_posts_count()
    repaints = []
    for _ in range(60):
        t0 = time.perf_counter()
        view.repaint()
        repaints.append((time.perf_counter() - t0) * 1000)
    return statistics.median(fills), statistics.median(repaints), shown


BARE = r"""
import sys, time
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
class W(QWidget):
    def paintEvent(self, e):
        super().paintEvent(e)
        print("PAINTED", flush=True)
        QTimer.singleShot(0, app.quit)
app = QApplication([])
w = W(); w.resize(1280, 800); w.show()
app.exec()
"""

# A keyring backend holding one saved key, as a signed-in user's OS keyring does (the child imports it
# through PYTHON_KEYRING_BACKEND; the real app reads the key with keyring exactly as it always does).
KEYRING_BACKEND = r"""
import json
from keyring.backend import KeyringBackend

class SavedKey(KeyringBackend):
    priority = 1

    def get_password(self, service, username):
        return json.dumps({"api_key": "bench-key", "brand_id": 144}) if username == "default" else None

    def set_password(self, service, username, password):
        pass

    def delete_password(self, service, username):
        pass
"""

DASHDESK_ARGS = ("-m", "dashdesk", "--date", "2026-03-12")
"""The real start path: ``python -m dashdesk`` for a signed-in user with posts cached; the app's
first-paint probe (``DASHDESK_PROBE_FIRST_PAINT``) prints PAINTED once the calendar holding the
cached posts has painted. The API origin is a closed local port, so the refresh that follows fails
as it would offline: nothing waits on a network."""


def prepare_profile(folder: Path, n: int) -> dict[str, str]:
    """A signed-in user's data folder (settings, posts cache) and the child's environment."""
    from PySide6.QtCore import QSettings

    from dashdesk.store import PostsCache

    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    for key, value in {"display/timeZone": "Europe/Berlin", "display/lastView": "month",
                       "display/firstWeekday": 0, "account/name": "default", "account/brandId": 144,
                       "account/brandName": "Bench", "account/apiUrl": "http://127.0.0.1:9"}.items():
        settings.setValue(key, value)
    settings.sync()
    cache = PostsCache(folder / "posts.db")
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
    cache.replace_range(144, start, end, sorted({p for p, _ in make_posts(10)}), make_posts(n),
                        synced_at=datetime.now(UTC))
    cache.close()
    (folder / "bench_keyring.py").write_text(KEYRING_BACKEND, encoding="utf-8")
    return {"DASHDESK_DATA_DIR": str(folder), "DASHDESK_PROBE_FIRST_PAINT": "1",
            "PYTHON_KEYRING_BACKEND": "bench_keyring.SavedKey",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(folder)])}


PYCACHE: str | None = None


def time_process(args: tuple[str, ...], extra_env: dict[str, str] | None = None) -> tuple[float, int | None]:
    """Seconds from spawning ``python *args`` to its PAINTED line, and the posts that paint showed."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": str(ROOT), **(extra_env or {})}
    if PYCACHE is not None:
        # As an installed app starts (pip and PyInstaller ship compiled bytecode): both children
        # read bytecode from a private cache that the warm-up runs fill, instead of compiling
        # DashDesk's sources on every start when the environment sets PYTHONDONTWRITEBYTECODE.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("PAINTED"):
            elapsed = time.perf_counter() - t0
            proc.communicate(timeout=30)
            parts = line.split()
            return elapsed, int(parts[1]) if len(parts) > 1 else None
    proc.wait()
    err = proc.stderr.read() if proc.stderr else ""
    raise RuntimeError(f"child exited with {proc.returncode} before painting:\n{err[-2000:]}")


def bench_cold_start(n: int, runs: int, bytecode: bool = True) -> tuple[float, float]:
    """Median seconds to a painted window: a bare PySide6 window, and DashDesk from its cache."""
    global PYCACHE
    folder = Path(tempfile.mkdtemp(prefix="dashdesk-bench-"))
    if bytecode:
        PYCACHE = str(folder / "pycache")
    env = prepare_profile(folder, n)
    time_process(("-c", BARE))  # warm the OS file cache (and the bytecode cache) for both
    time_process(DASHDESK_ARGS, env)
    bare, dd = [], []
    for _ in range(runs):
        bare.append(time_process(("-c", BARE))[0])
        elapsed, shown = time_process(DASHDESK_ARGS, env)
        if shown != n:  # a paint without the cached posts would be a false (too early) figure
            raise RuntimeError(f"the first paint showed {shown} posts, not the {n} cached")
        dd.append(elapsed)
    return statistics.median(bare), statistics.median(dd)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--compile-each-start", action="store_true",
                    help="cold starts without a bytecode cache when PYTHONDONTWRITEBYTECODE is set "
                         "(both processes then compile their pure-Python sources on every start)")
    args = ap.parse_args()
    fill, repaint, shown = bench_paint(args.posts, args.runs)
    print(f"month with {args.posts} posts ({shown} in the shown grid), 1280x700 month view, offscreen")
    print(f"  model fill + first paint: {fill:7.1f} ms  (target < 100 ms)  median of {args.runs}")
    print(f"  repaint:                  {repaint:7.2f} ms  (target < 16 ms)   median of 60")
    fill, repaint, shown = bench_paint(args.posts, args.runs, labels=True)
    print("the same month with label dots on two chips in three and notes on five days:")
    print(f"  model fill + first paint: {fill:7.1f} ms  (target < 100 ms)  median of {args.runs}")
    print(f"  repaint:                  {repaint:7.2f} ms  (target < 16 ms)   median of 60")
    bare, dd = bench_cold_start(args.posts, args.runs, bytecode=not args.compile_each_start)
    cached = "compiled bytecode cached, as installed" if not args.compile_each_start else (
        "sources compiled on each start" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "bytecode as usual")
    print(f"cold start to painted window, median of {args.runs} fresh processes ({cached}):")
    print(f"  bare PySide6 window:      {bare * 1000:7.0f} ms")
    print(f"  DashDesk from cache:      {dd * 1000:7.0f} ms  (python -m dashdesk, signed in, {args.posts} cached)")
    print(f"  ratio:                    {dd / bare:7.2f}     (target <= 2)")


if __name__ == "__main__":
    main()
