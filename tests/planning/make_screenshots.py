"""Render the queue's windows offscreen to PNG (not a test): ``python tests/planning/make_screenshots.py OUT``.

Writes, for 1024x700, 1280x800 and 1920x1080 in light and dark: the Posting schedule dialog and the
composer with "Add to queue" chosen (a stand-in client lists one post made elsewhere). The docs keep
``posting-schedule.png``, ``posting-schedule-dark.png``, ``composer-queue.png`` and
``composer-queue-dark.png``, ``composer-repeat.png``, ``composer-repeat-dark.png``, ``repeating-posts.png``,
``repeating-posts-dark.png`` (1280x800);
pass ``--all`` to write every size.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DASHDESK_DATA_DIR", tempfile.mkdtemp(prefix="dashdesk-shots-"))

import PySide6  # noqa: F401  (before qasync)
import qasync
from PySide6.QtWidgets import QApplication

from dashdesk.planning.schedule import PostingSchedule, make_entry
from dashdesk.platforms import PublishMode
from dashdesk.store.autosave import AutosaveWriter
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.planning.schedule_dialog import PostingScheduleDialog
from dashdesk.ui.planning.series_dialog import SeriesDialog
from dashdesk.ui.theme import build_palette, install_theme

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Paris")
SIZES = ((1024, 700), (1280, 800), (1920, 1080))


class ShotClient:
    """Lists one X post made elsewhere on Monday 09:00 Paris time; nothing else."""

    async def list_posts(self, platform: str, brand_id: int, start: object, end: object) -> list:
        if platform == "twitter":
            return [SimpleNamespace(timestamp=datetime(2026, 3, 2, 8, 0, tzinfo=UTC))]
        return []

    async def list_boards(self, brand_id: int) -> list:
        return []


def schedule() -> PostingSchedule:
    s = PostingSchedule()
    s.set(None, "instagram", make_entry("mon-fri 09:00,17:00; sat 11:00"))
    s.set(None, "twitter", make_entry("mon-fri 08:00,10:00,12:30,17:00"))
    s.set(None, "linkedin", make_entry("tue,thu 08:30", "Europe/London"))
    s.set(None, "tiktok", make_entry("daily 19:00", "America/New_York"))
    s.set(None, "bluesky", make_entry("weekdays 11:00"))
    return s


def remember_series() -> None:
    """Three repeating posts: weekly, monthly (five made, three to come) and one that ended."""
    from datetime import date, timedelta

    from dashdesk.planning.series import CREATED, RepeatRule, SeriesStore, new_series

    store = SeriesStore()
    rows = [("instagram", RepeatRule(1, "week", NOW + timedelta(days=1, hours=1), "Europe/Paris", count=12),
             {"caption": "Tip of the week: plan once, post all month."}, 8),
            ("linkedin", RepeatRule(1, "month", NOW - timedelta(days=60), "Europe/Paris", until=date(2026, 12, 31)),
             {"text": "Monthly product update from the Northwind team, with what we shipped and what comes next."},
             3),
            ("bluesky", RepeatRule(2, "day", NOW - timedelta(days=20), "Europe/Paris", count=5),
             {"text": "Countdown to the spring sale"}, 5)]
    for platform, rule, body, made in rows:
        series = new_series(144, platform, rule, body)
        store.add(series)
        for n in range(made):
            store.mark(series.id, n, rule.occurrence(n), CREATED, 1000 + n)
    store.close()


async def shots(out: Path, every_size: bool) -> list[Path]:
    app = QApplication.instance()
    written: list[Path] = []
    schedule().save()
    remember_series()
    writer = AutosaveWriter(Path(os.environ["DASHDESK_DATA_DIR"]) / "autosave")
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        for w, h in SIZES:
            keep = (w, h) == (1280, 800)
            if not (keep or every_size):
                continue
            suffix = "-dark" if dark else ""
            size = "" if keep else f"-{w}x{h}"
            d = PostingScheduleDialog(144, ZONE, brand_name="Northwind Outfitters", now=NOW)
            d.rows["linkedin"].times.setText("tue,thu 08:30; fri 25:00")  # a mistake, to show its message
            d.resize(min(w, 1280) * 3 // 4, h * 5 // 6)
            d.show()
            app.processEvents()
            path = out / f"posting-schedule{suffix}{size}.png"
            d.grab().save(str(path))
            written.append(path)
            d.close()
            d.deleteLater()

            c = ComposerDialog(ShotClient(), 144, ZONE, platforms=["twitter", "linkedin", "bluesky"],
                               autosave=writer, clock=lambda: NOW)
            c.editor.insertPlainText("Our spring collection is here: three new colours, softer fabrics and the "
                                     "same fit you love.")
            c.mode_buttons[PublishMode.QUEUE].click()
            await c.queue.task
            c.resize(w * 3 // 4, h * 5 // 6)
            c.show()
            app.processEvents()
            path = out / f"composer-queue{suffix}{size}.png"
            c.grab().save(str(path))
            written.append(path)
            c.keeper.forget()
            c.done(0)
            c.deleteLater()

            r = ComposerDialog(ShotClient(), 144, ZONE, platforms=["linkedin", "bluesky"], autosave=writer,
                               clock=lambda: NOW, when=datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
            r.editor.insertPlainText("Tip of the week: plan once, post all month.")
            r.repeat_picker.enabled.setChecked(True)
            r.repeat_picker.count.setValue(6)
            r.resize(w * 3 // 4, h * 5 // 6)
            r.show()
            app.processEvents()
            path = out / f"composer-repeat{suffix}{size}.png"
            r.grab().save(str(path))
            written.append(path)
            r.keeper.forget()
            r.done(0)
            r.deleteLater()

            sd = SeriesDialog(SimpleNamespace(client=None, brand_id=144, clock=lambda: NOW), ZONE)
            await sd.reload()
            sd.resize(min(w, 1280) * 3 // 4, h * 2 // 3)
            sd.show()
            app.processEvents()
            path = out / f"repeating-posts{suffix}{size}.png"
            sd.grab().save(str(path))
            written.append(path)
            sd.close()
            sd.deleteLater()
    writer.close()
    return written


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    out = Path(args[0] if args else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    install_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    for path in loop.run_until_complete(shots(out, "--all" in sys.argv)):
        print(path)


if __name__ == "__main__":
    main()
