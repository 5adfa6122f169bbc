"""Render the import wizard offscreen to PNG (docs/bulk-*.png), with a sample file full of problems.

    QT_QPA_PLATFORM=offscreen python -m dashdesk.ui.bulk.screenshot docs/bulk-check.png [--step check|send]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

SAMPLE = """platform,post_type,mode,time,timezone,text,media,title,board,made_for_kids,first_comment
Instagram,FEED,schedule,2030-03-10 09:00,,"Spring drop is here: link in bio",spring.jpg,,,,Your favourite?
X,,schedule,2030-03-10 09:05,,Spring drop is here: https://example.com/spring,spring.jpg,,,,
Instagram,REEL,schedule,2030-03-10 12:00,,Behind the scenes of the shoot,spring.jpg,,,,
TikTok,,schedule,2030-03/11 18:00,,How we packed 1000 orders,packing.mp4,,,,
YouTube,,schedule,2030-03-12 17:00,America/New_York,Full lookbook,lookbook.mp4,,,,
Pinterest,,schedule,2030-03-12 20:45,,Linen blazer three ways,spring.jpg,Blazer ideas,Spring Style Inspiration,,
LinkedIn,,draft,,,We're hiring a content lead in Lisbon,,,,,
Bluesky,,now,,,A few recent favourites,spring.jpg|detail.png,,,,
Myspace,,schedule,2030-03-13 10:00,,Throwback,,,,,
Facebook,POST,schedule,2030-03-31 02:30,Europe/Paris,Night owls: 20% off until sunrise,,,,,Tell a friend
X,,schedule,2030-03-14 09:00,,"{long}",,,,,
Threads,,schedule,2030-03-15 09:00,,Coffee or tea?,,,,,
"""


def make_sample(folder: Path) -> Path:
    """A CSV with good rows, errors and warnings, and the media it names."""
    from dashdesk.media import samples

    samples.make_image(folder / "spring.jpg", 1080, 1350)
    samples.make_image(folder / "detail.png", 800, 800, seed=4)
    samples.make_video(folder / "packing.mp4", duration=4.0, width=180, height=320, fps=12)
    long = "Our biggest sale of the year starts now, with new colours, restocked favourites and free shipping " * 3
    path = folder / "spring-campaign.csv"
    path.write_text(SAMPLE.replace("{long}", long.strip()), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Render the wizard at the check step (or the send step against a sandbox) to a PNG."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--step", choices=("check", "send"), default="check")
    parser.add_argument("--size", default="1280x760")
    parser.add_argument("--dark", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    if args.dark:
        os.environ["DASHDESK_COLOR_SCHEME"] = "dark"
    import PySide6  # noqa: F401  (before qasync)
    import qasync
    from PySide6.QtWidgets import QApplication

    from dashdesk.ui.theme import install_theme

    from .wizard import BulkImportWizard

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_theme(app)  # type: ignore[arg-type]
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = make_sample(folder)
        server = None
        kwargs: dict[str, object] = {}
        if args.step in ("check", "send"):
            from dashdesk.bulk.backend import DashClientBackend, make_client
            from dashdesk.bulk.limiter import RateLimiter
            from dashdesk.sandbox.server import SandboxServer

            server = SandboxServer()
            server.start()
            limiter = RateLimiter()
            kwargs = {"backend": DashClientBackend(make_client(server.api_key, server.url, limiter), limiter),
                      "brand_id": server.brand_id, "brand_name": "Sandbox Brand 144",
                      "journal_path": folder / "journal.sqlite3"}
        wizard = BulkImportWizard(display_tz=ZoneInfo("Europe/London"), path=csv_path,
                                  now=datetime(2030, 1, 1, tzinfo=UTC), **kwargs)  # type: ignore[arg-type]
        wizard.resize(width, height)
        wizard.show()
        loop.run_until_complete(wizard.load(csv_path))
        if args.step == "send":
            wizard._fill_confirm()
            wizard._go(3)
            loop.run_until_complete(wizard.send())
        else:
            bad = next(i for i, r in enumerate(wizard.plan.rows) if r.errors and r.platform == "youtube")
            wizard.show_row_details(bad)
        app.processEvents()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        wizard.grab().save(str(args.out))
        wizard.close()
        if server is not None:
            server.stop()
    loop.close()
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
