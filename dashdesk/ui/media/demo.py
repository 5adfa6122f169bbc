"""Render the media widgets against a local sandbox and save screenshots.

    QT_QPA_PLATFORM=offscreen python -m dashdesk.ui.media.demo --out docs [--dark]

Writes ``media-strip.png`` (mixed items: images, a video, one with a platform warning, a damaged
file, one uploading) and ``upload-queue.png`` (uploads mid-way, throttled by the sandbox); with
``--library`` also ``media-library.png`` (the Media panel's Library tab).
Sample media is generated locally; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from dashdesk.i18n import tr

os.environ.setdefault("QT_API", "pyside6")

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget


async def _until(predicate: Callable[[], bool], limit: float = 30.0, what: Callable[[], object] = str) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + limit
    while not predicate():
        if loop.time() > end:
            raise RuntimeError(f"the demo did not reach the expected state: {what()}")
        await asyncio.sleep(0.02)


async def _scenario(out: Path, work: Path, library_shot: bool = False) -> None:
    from dashdesk.api.client import DashClient
    from dashdesk.media import samples
    from dashdesk.media.queue import UploadQueue, UploadState
    from dashdesk.media.store import MediaStore
    from dashdesk.sandbox.server import SandboxServer

    from .hub import MediaHub
    from .panel import MediaPanel
    from .queue_view import UploadQueueView
    from .strip import ItemState, MediaStrip

    server = SandboxServer()
    url = server.start()
    client = DashClient(server.api_key, api_url=url)
    try:
        queue = UploadQueue(client, store=MediaStore(work / "media.sqlite3"), concurrency=2)
        hub = MediaHub(queue, client=client, brand_id=server.brand_id)

        # -- the strip: mixed items and a failing one ------------------------------------------------
        files = [
            samples.make_image(work / "launch-hero.jpg", 1080, 1350, seed=1),
            samples.make_video(work / "behind-the-scenes.mp4", 12.0, 360, 640, 12, seed=2),
            samples.make_image(work / "store-banner.png", 1600, 400, seed=3),
            samples.make_corrupt(work / "IMG_0042.jpg"),
            samples.make_image(work / "team-photo.png", 2400, 1600, seed=4, grain=0.3),
        ]
        host = QWidget()
        host.setWindowTitle(tr("Media strip"))
        layout = QVBoxLayout(host)
        strip = MediaStrip(hub, host)
        strip.set_targets([("instagram", "FEED"), ("linkedin", None)])
        layout.addWidget(strip)
        fm = host.fontMetrics()
        host.resize(fm.height() * 46, strip.sizeHint().height() + fm.height() * 3)
        host.show()
        strip.add_paths(files[:4])
        await _until(lambda: not strip.is_busy())
        server.faults.slow_upload_bps = 2_000_000
        strip.add_paths(files[4:])
        await _until(
            lambda: any(i.state is ItemState.UPLOADING and i.fraction > 0.3 for i in strip.items()),
            what=lambda: [(i.name, i.state, i.fraction, i.message) for i in strip.items()],
        )
        await _until(lambda: all(i.thumb is not None for i in strip.items() if i.state is not ItemState.REFUSED))
        strip.view.setCurrentIndex(strip.model.index(2))
        await asyncio.sleep(0.1)
        strip.grab().save(str(out / "media-strip.png"))
        await _until(lambda: not strip.is_busy())

        # -- the queue view, mid-way ------------------------------------------------------------------
        hub.uploads.clear_finished()
        videos = [
            samples.make_image(work / "campaign-keyart.png", 4000, 4000, seed=5, grain=0.3),
            samples.make_image(work / "product-closeup.png", 4200, 3600, seed=6, grain=0.3),
            samples.make_image(work / "press-kit-cover.png", 2000, 2400, seed=7, grain=0.3),
            samples.make_image(work / "event-recap.png", 1800, 1800, seed=8, grain=0.3),
        ]
        done = samples.make_image(work / "logo-square.png", 800, 800, seed=9)
        server.faults.slow_upload_bps = None
        await queue.upload(done, server.brand_id)
        failed = queue.add(samples.make_empty(work / "export-final.mov"), server.brand_id)
        await queue.wait(failed.id)
        server.faults.slow_upload_bps = 2_500_000
        view_host = QWidget()
        view_host.setWindowTitle(tr("Uploads"))
        v_layout = QVBoxLayout(view_host)
        view = UploadQueueView(hub, view_host)
        v_layout.addWidget(view)
        view_host.resize(fm.height() * 52, fm.height() * 16)
        view_host.show()
        items = [queue.add(p, server.brand_id) for p in videos]
        await _until(lambda: items[0].state is UploadState.UPLOADING)
        await asyncio.sleep(2.5)  # let the speed estimate settle past the first socket-buffer burst
        view.table.selectionModel().clearSelection()
        await asyncio.sleep(0.15)
        view_host.grab().save(str(out / "upload-queue.png"))
        for item in items:
            queue.cancel(item.id)
        server.faults.slow_upload_bps = None

        # -- the Media panel's Library tab (what is in the sandbox Library now) -----------------------
        panel_host = QWidget()
        p_layout = QVBoxLayout(panel_host)
        panel = MediaPanel(hub, panel_host)
        panel.library.page_size = 8
        p_layout.addWidget(panel)
        panel_host.resize(fm.height() * 52, fm.height() * 34)
        panel_host.show()
        loaded = asyncio.Event()
        panel.library.loaded.connect(loaded.set)
        panel.library.load(0)
        await loaded.wait()
        await _until(lambda: len(panel.library.model.thumbs) >= len(panel.library.model.media) - 1)
        panel.library.view.setCurrentIndex(panel.library.model.index(1))
        await asyncio.sleep(0.1)
        if library_shot:
            panel_host.grab().save(str(out / "media-library.png"))
        await hub.aclose()
        for widget in (host, view_host, panel_host):
            widget.close()
            widget.deleteLater()
        hub.deleteLater()
        await asyncio.sleep(0.05)
    finally:
        await client.aclose()
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """Render the screenshots; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--dark", action="store_true", help="use the dark colour scheme")
    parser.add_argument("--library", action="store_true", help="also write media-library.png (the Media panel)")
    args = parser.parse_args(argv)
    if args.dark:
        os.environ["DASHDESK_COLOR_SCHEME"] = "dark"
    import qasync

    from dashdesk.ui.theme import install_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_theme(app)  # type: ignore[arg-type]
    app.setQuitOnLastWindowClosed(False)
    args.out.mkdir(parents=True, exist_ok=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DASHDESK_DATA_DIR", tmp)
        try:
            loop.run_until_complete(_scenario(args.out, Path(tmp), args.library))
        finally:
            loop.close()
    print(f"wrote {args.out / 'media-strip.png'} and {args.out / 'upload-queue.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
