"""Render the post lifecycle offscreen against the sandbox: ``python tests/ui/make_lifecycle_screenshots.py``.

Writes, light and dark (``-dark``), at 1280x800 into ``docs/``: ``post-failed.png`` (a failed post
opened: Dash's reason at the top, Fix and reschedule / Retry now), ``post-posted.png`` (a posted post
opened, read-only, with its link), ``needs-attention.png`` (the list filtered to the posts that
need attention, the count in the status bar) and ``no-date.png`` (the list's "No date" section and
the No date panel). ``--sizes`` also renders 1024x700 and 1920x1080 into ``--out`` for checking.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dashdesk.api import DashClient  # noqa: E402
from dashdesk.sandbox.server import SandboxServer  # noqa: E402
from dashdesk.services.session import Session  # noqa: E402
from dashdesk.settings import Settings  # noqa: E402
from dashdesk.store import PostsCache  # noqa: E402
from dashdesk.ui.lifecycle import install  # noqa: E402
from dashdesk.ui.main_window import MainWindow  # noqa: E402
from dashdesk.ui.theme import build_palette  # noqa: E402

DOCS = ROOT / "docs"


def fill(sandbox: SandboxServer) -> dict[str, int]:
    """A few posts of each fate beside the demo month; returns the ids worth opening."""
    sched = sandbox.state.scheduler
    brands = [sandbox.brand_id]
    brand = sandbox.brand_id
    now = sandbox.clock.now()

    def make(platform: str, body: dict) -> int:
        return int(sched.create(platform, {"brand_id": brand, **body}, brands)["id"])

    ids = {
        "failed": make("threads", {"status": "AUTOPUBLISHING", "text": (
            "Our spring lookbook is live! Ten looks, three colours, one jacket that goes with everything. "
            "Swipe through the whole collection, tell us your favourite, and tag a friend who needs it.")}),
        "posted": make("twitter", {"status": "AUTOPUBLISHING",
                                   "tweet_status": "Doors open at 9 tomorrow: see you at the studio sale!"}),
        "live2": make("bluesky", {"status": "AUTOPUBLISHING", "text": "Thank you for 10k followers 💙"}),
        "expiring": make("linkedin", {"status": "SCHEDULED", "timestamp": (now + timedelta(minutes=1)).isoformat(),
                                      "text": "Quarterly update for partners"}),
    }
    # The reason Dash gives when publishing fails (the sandbox's hook for a chosen reason).
    doc = sandbox.state.store.get_post(ids["failed"])[1]
    doc["fail_reason"] = "Threads rejected the post: the link preview could not be loaded from the URL in the text."
    sandbox.state.store.update_post(ids["failed"], doc, sched._cols("threads", doc["post"],
                                                                    (now + timedelta(seconds=5)).timestamp()))
    doc = sandbox.state.store.get_post(ids["expiring"])[1]
    doc["post"]["status"] = "MISSING_APPROVALS"
    sandbox.state.store.update_post(ids["expiring"], doc, {**sched._cols("linkedin", doc["post"], None),
                                                            "due": (now + timedelta(minutes=1)).timestamp()})
    ids["approval"] = make("linkedin", {"status": "SCHEDULED", "text": "We're hiring a content designer in Lisbon.",
                                        "timestamp": (now + timedelta(hours=5)).isoformat()})
    doc = sandbox.state.store.get_post(ids["approval"])[1]
    doc["post"]["status"] = "MISSING_APPROVALS"
    doc["post"]["num_of_approvals_required"] = 1
    sandbox.state.store.update_post(ids["approval"], doc, sched._cols("linkedin", doc["post"], None))
    for text in ("Idea: a poll about next season's colour", "Behind the scenes: packing day (needs photos)"):
        make("bluesky", {"status": "DRAFT", "text": text})
    make("instagram", {"status": "DRAFT", "post_type": "FEED", "caption": "Carousel idea: five ways to wear linen"})
    sandbox.clock.advance(120)  # the publish-now posts settle; the unapproved one expires
    return ids


async def shoot(app: QApplication, sandbox: SandboxServer, ids: dict[str, int], out: Path,
                sizes: list[tuple[int, int]], data: Path) -> None:
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        settings = Settings(QSettings(str(data / f"settings-{dark}.ini"), QSettings.Format.IniFormat))
        settings.time_zone = "Europe/Berlin"
        settings.last_view = "list"
        client = DashClient(sandbox.api_key, api_url=sandbox.url)
        session = Session(client, sandbox.brand_id, "Northwind Studio")
        win = MainWindow(session, settings, cache=PostsCache(data / f"posts-{dark}.db"))
        win.show()
        await win.open()
        await win.load_task
        controller = install(win)
        await asyncio.sleep(0.5)
        for _ in range(50):
            if controller.no_date.list.listed_keys():
                break
            await asyncio.sleep(0.1)
        await controller.tracker.poll(force=True)
        suffix = "-dark" if dark else ""
        for w, h in sizes:
            tag = "" if (w, h) == (1280, 800) else f"-{w}x{h}"
            target = DOCS if not tag else out
            win.resize(w, h)
            await asyncio.sleep(0.05)
            # The No date section: the end of the list, and the panel.
            win.set_view("list", reload=False)
            await asyncio.sleep(0.05)
            win.current_view.scrollToBottom()
            controller.dock.show()
            await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)
            win.grab().save(str(target / f"no-date{tag}{suffix}.png"))
            # Needs attention: the list filtered, the count in the status bar.
            controller.dock.hide()
            controller.attention.setChecked(True)
            await asyncio.sleep(0.05)
            win.current_view.scrollToTop()
            await asyncio.sleep(0.2)
            win.grab().save(str(target / f"needs-attention{tag}{suffix}.png"))
            controller.attention.setChecked(False)
            # The failed and the posted post, opened.
            for name, platform in (("failed", "threads"), ("posted", "twitter")):
                post = win.service.get((platform, ids[name]))
                assert post is not None and controller.open_post(post), name
                dialog = controller.details
                dialog.resize(max(640, w // 2), max(420, h // 2))
                await asyncio.sleep(0.05)
                await asyncio.sleep(0.1)
                dialog.grab().save(str(target / f"post-{name}{tag}{suffix}.png"))
                dialog.close()
                await asyncio.sleep(0.05)
        await win.aclose()
        win.close()
        await session.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", action="store_true", help="also 1024x700 and 1920x1080, into --out")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "dashdesk-lifecycle-shots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = [(1280, 800)] + ([(1024, 700), (1920, 1080)] if args.sizes else [])
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    app.setQuitOnLastWindowClosed(False)  # the light window closes before the dark one opens
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as tmp, SandboxServer(seed_demo=True) as sandbox:
        os.environ["DASHDESK_DATA_DIR"] = tmp
        ids = fill(sandbox)
        loop.run_until_complete(shoot(app, sandbox, ids, args.out, sizes, Path(tmp)))
    loop.close()
    print(f"written to {DOCS} (and {args.out})")


if __name__ == "__main__":
    _ = datetime.now(UTC)
    main()
