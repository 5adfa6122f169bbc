"""Calendar paint benchmark: a month holding 3,000 posts.

Prints
  1. model fill + first paint of the month view (target < 100 ms),
  2. the median repaint of the month view (target < 16 ms),
  3. cold start to a painted main window from the SQLite cache, as a ratio to a bare PySide6
     window's start to first paint, both measured here in the same run as fresh processes
     (target <= 2). Both children read compiled bytecode from a private cache, as an installed app
     does (``--compile-each-start`` measures without it when PYTHONDONTWRITEBYTECODE is set).

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


def bench_paint(n: int, runs: int) -> tuple[float, float, int]:
    """Return (fill + first paint ms, median repaint ms, posts in the shown month)."""
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

DASHDESK = r"""
import time
T0 = time.perf_counter()
import asyncio, os, sys
from datetime import date
os.environ.setdefault("QT_API", "pyside6")
T1 = time.perf_counter()
import dashdesk.platforms
T_PLATFORMS = time.perf_counter() - T1
from PySide6.QtCore import QObject, QEvent, QSettings
from PySide6.QtWidgets import QApplication
import qasync
from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.store import PostsCache
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.theme import install_theme

class NeverAnswers:
    async def fetch_range(self, *a, **k):
        await asyncio.Event().wait()
    async def aclose(self):
        pass

class PaintWatch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj.posts_by_day:
            # Report once the paint holding the posts is done (as the bare window reports after its
            # paintEvent): let the view paint now, then swallow the event so it isn't painted twice.
            obj.removeEventFilter(self)
            obj.event(event)
            print("PAINTED", obj.visible_posts_count(), round(T_PLATFORMS, 4), flush=True)
            done.set()
            return True
        return False

app = QApplication([])
install_theme(app)
folder = sys.argv[1]
settings = Settings(QSettings(os.path.join(folder, "settings.ini"), QSettings.Format.IniFormat))
settings.time_zone = "Europe/Berlin"; settings.last_view = "month"
done = asyncio.Event()

async def main():
    cache = await asyncio.to_thread(PostsCache, os.path.join(folder, "posts.db"))
    win = MainWindow(Session(NeverAnswers(), 144, "Bench"), settings, cache=cache)
    win.anchor = date(2026, 3, 12)
    win.month_view.set_anchor(win.anchor)
    watch = PaintWatch(); win.month_view.installEventFilter(watch)
    win.resize(1280, 800)
    await win.open()  # what the app does: show the window holding the cached posts, then refresh
    await done.wait()

with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as r:
    r.run(asyncio.wait_for(main(), 60))
"""


PYCACHE: str | None = None


def time_process(code: str, *args: str) -> tuple[float, float]:
    """Seconds from spawning ``python -c code`` to its PAINTED line, and the child's platforms import."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": str(ROOT)}
    if PYCACHE is not None:
        # As an installed app starts (pip and PyInstaller ship compiled bytecode): both children
        # read bytecode from a private cache that the warm-up runs fill, instead of compiling
        # DashDesk's sources on every start when the environment sets PYTHONDONTWRITEBYTECODE.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYCACHE
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("PAINTED"):
            elapsed = time.perf_counter() - t0
            parts = line.split()
            proc.communicate(timeout=30)
            return elapsed, float(parts[2]) if len(parts) > 2 else 0.0
    proc.wait()
    err = proc.stderr.read() if proc.stderr else ""
    raise RuntimeError(f"child exited with {proc.returncode} before painting:\n{err[-2000:]}")


def bench_cold_start(n: int, runs: int, bytecode: bool = True) -> tuple[float, float, float]:
    """Median seconds: bare PySide6 window, DashDesk from cache, DashDesk's import of dashdesk.platforms."""
    from dashdesk.store import PostsCache

    global PYCACHE
    folder = tempfile.mkdtemp(prefix="dashdesk-bench-")
    if bytecode:
        PYCACHE = str(Path(folder) / "pycache")
    cache = PostsCache(Path(folder) / "posts.db")
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
    cache.replace_range(144, start, end, sorted({p for p, _ in make_posts(10)}), make_posts(n),
                        synced_at=datetime.now(UTC))
    cache.close()
    time_process(BARE)  # warm the OS file cache for both
    time_process(DASHDESK, folder)
    bare, dd, plat = [], [], []
    for _ in range(runs):
        bare.append(time_process(BARE)[0])
        total, platforms = time_process(DASHDESK, folder)
        dd.append(total)
        plat.append(platforms)
    return statistics.median(bare), statistics.median(dd), statistics.median(plat)


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
    bare, dd, plat = bench_cold_start(args.posts, args.runs, bytecode=not args.compile_each_start)
    cached = "compiled bytecode cached, as installed" if not args.compile_each_start else (
        "sources compiled on each start" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "bytecode as usual")
    print(f"cold start to painted window, median of {args.runs} fresh processes ({cached}):")
    print(f"  bare PySide6 window:      {bare * 1000:7.0f} ms")
    print(f"  DashDesk from cache:      {dd * 1000:7.0f} ms")
    print(f"  ratio:                    {dd / bare:7.2f}     (target <= 2)")
    print(f"  of which `import dashdesk.platforms` alone: {plat * 1000:.0f} ms;"
          f" ratio without it: {(dd - plat) / bare:.2f}")


if __name__ == "__main__":
    main()
