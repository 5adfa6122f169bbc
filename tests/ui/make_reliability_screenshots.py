"""Render the conflict dialog (and, with the app wired, the rate-limit banner and an outbox post) offscreen.

``python tests/ui/make_reliability_screenshots.py [OUTDIR]`` writes PNGs at 1024x700, 1280x800 and
1920x1080, light and dark, into OUTDIR (default ``/tmp/dashdesk-shots``); ``--docs`` also copies one
of each into ``docs/``.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtWidgets import QApplication

from dashdesk.services.conflicts import EditConflict
from dashdesk.services.post import Post
from dashdesk.ui.conflict_dialog import ConflictDialog
from dashdesk.ui.theme import build_palette

SIZES = ((1024, 700), (1280, 800), (1920, 1080))
DOCS = Path(__file__).resolve().parents[2] / "docs"


def sample_conflict() -> EditConflict:
    """A moved Instagram post whose caption and first comment a colleague changed meanwhile."""
    loaded = Post.from_json("instagram", {
        "id": 4121, "status": "SCHEDULED", "post_type": "FEED", "auto_publish": True, "media_ids": [88120],
        "caption": "Spring collection drops Friday. Tap the link in bio for early access.",
        "first_comment": "#spring #newin", "timestamp": "2026-03-13T08:00:00Z",
    })
    theirs = loaded.with_changes({
        "caption": "Spring collection drops Friday. Early access for newsletter readers from 8am: link in bio.",
        "first_comment": "#spring #newin #earlyaccess",
    })
    changes = {"timestamp": "2026-03-13T16:30:00Z"}
    return EditConflict(loaded.key, loaded, loaded.with_changes(changes), theirs, changes)


def conflict_shots(app: QApplication, out: Path) -> list[Path]:
    """The dialog at a size fitting each screen, light and dark."""
    paths = []
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        for width, height in SIZES:
            dialog = ConflictDialog(sample_conflict(), ZoneInfo("Europe/London"), action="move")
            dialog.resize(min(max(dialog.width(), int(width * 0.5)), width - 80), dialog.height())
            dialog.show()
            app.processEvents()
            path = out / f"conflict-{width}x{height}-{'dark' if dark else 'light'}.png"
            dialog.grab().save(str(path))
            paths.append(path)
            dialog.close()
            dialog.deleteLater()
            app.processEvents()
    return paths


def window_shots(app: QApplication, out: Path) -> list[Path]:
    """The main window on a seeded sandbox: a post waiting to send in the month, and Dash pacing loads."""
    import asyncio
    import tempfile
    from datetime import UTC, datetime, timedelta

    import qasync
    from PySide6.QtCore import QSettings

    from dashdesk.api import NO_RETRY, DashClient
    from dashdesk.platforms import PublishMode, build_body, new_draft
    from dashdesk.sandbox.server import SandboxServer
    from dashdesk.services.session import Session
    from dashdesk.settings import Settings
    from dashdesk.ui.main_window import MainWindow

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    paths: list[Path] = []
    with SandboxServer(seed_demo=True) as sandbox, tempfile.TemporaryDirectory() as tmp:
        os.environ["DASHDESK_DATA_DIR"] = tmp
        settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        settings.time_zone = "Europe/London"
        when = (datetime.now(UTC) + timedelta(days=2)).replace(hour=15, minute=30, second=0, microsecond=0)
        for dark in (False, True):
            app.setPalette(build_palette(dark))
            for width, height in SIZES:
                client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY, pace=False)
                session = Session(client, sandbox.brand_id, "Linen & Co")
                win = MainWindow(session, settings)
                win.resize(width, height)

                async def scene(win: MainWindow = win) -> None:
                    await win.open()
                    await win.load_task
                    for _ in range(500):
                        if "outbox" in win.post_actions.composer_args:
                            break
                        await asyncio.sleep(0.02)
                    outbox = win.post_actions.composer_args["outbox"]
                    win.outbox_ctl.task.cancel()  # keep it waiting for the picture (Dash is reachable here)
                    body = build_body(new_draft("linkedin", text="Spring hiring: we're looking for a content "
                                                "designer in Lisbon.", timestamp=when, mode=PublishMode.SCHEDULE),
                                      sandbox.brand_id)
                    if not outbox.entries:
                        outbox.store.add(outbox.origin, sandbox.brand_id, "linkedin", body)
                    await outbox.refresh()
                    sandbox.faults.next_statuses = [429] * 3  # Dash paces the next load
                    await win.reload()
                    for _ in range(20):
                        await asyncio.sleep(0.02)

                loop.run_until_complete(scene())
                app.processEvents()
                path = out / f"window-{width}x{height}-{'dark' if dark else 'light'}.png"
                win.grab().save(str(path))
                paths.append(path)
                win.close()
                loop.run_until_complete(win.aclose())
                loop.run_until_complete(session.aclose())
    loop.close()
    return paths


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0]) if args else Path("/tmp/dashdesk-shots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["-style", "fusion"])
    app.setStyle("Fusion")
    paths = conflict_shots(app, out)
    if "--no-window" not in sys.argv:
        paths += window_shots(app, out)
    for path in paths:
        print(path)
    if "--docs" in sys.argv:
        shutil.copy(out / "conflict-1280x800-light.png", DOCS / "conflict-dialog.png")
        shutil.copy(out / "conflict-1280x800-dark.png", DOCS / "conflict-dialog-dark.png")
        shutil.copy(out / "window-1280x800-light.png", DOCS / "calendar-waiting-to-send-and-pacing.png")
        shutil.copy(out / "window-1280x800-dark.png", DOCS / "calendar-waiting-to-send-and-pacing-dark.png")


if __name__ == "__main__":
    main()
