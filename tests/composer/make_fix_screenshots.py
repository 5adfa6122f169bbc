"""Render the composer's media strip with files that need a fix: ``python tests/composer/make_fix_screenshots.py docs``.

Writes ``docs/media-fix-strip-<W>x<H>-<light|dark>.png``: an Instagram feed post with a
WebM, an AVIF and a good JPEG dropped on it, against a local sandbox: the two that need a fix show
"Needs a fix", the composer lists what is wrong for which platform, and the Fix button is offered.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DASHDESK_DATA_DIR", tempfile.mkdtemp(prefix="dashdesk-shots-"))

import PySide6  # noqa: F401  (before qasync)
import qasync
from PIL import Image
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dashdesk.api import DashClient
from dashdesk.media import samples
from dashdesk.platforms import PublishMode
from dashdesk.sandbox.server import SandboxServer
from dashdesk.store.autosave import AutosaveWriter
from dashdesk.ui.composer import ComposerDialog
from dashdesk.ui.media import ItemState
from dashdesk.ui.theme import build_palette

SIZES = ((1024, 700), (1280, 800), (1920, 1080))
WHEN = (datetime.now(UTC) + timedelta(days=3)).replace(hour=15, minute=0, second=0, microsecond=0)


async def shots(out: Path, sandbox: SandboxServer, app: QApplication) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dashdesk-media-"))
    webm = samples.make_video(folder / "launch-teaser.webm", 4.0, 960, 540, 24, codec="libvpx-vp9",
                              container="webm", seed=3)
    samples.make_image(folder / "src.png", 1200, 1500, seed=2)
    avif = folder / "linen-capsule.avif"
    with Image.open(folder / "src.png") as img:
        img.save(avif, format="AVIF")
    jpeg = samples.make_image(folder / "studio.jpg", 1080, 1350, seed=6)
    writer = AutosaveWriter(folder / "autosave")
    client = DashClient(sandbox.api_key, api_url=sandbox.url, pace=False)
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        for w, h in SIZES:
            d = ComposerDialog(client, sandbox.brand_id, "UTC", platforms=["instagram"], when=WHEN,
                               autosave=writer)
            d.mode_buttons[PublishMode.SCHEDULE].click()
            d.editor.insertPlainText("The linen capsule lands Friday.\nSwipe for the teaser.")
            strip = d.media.strip
            strip.add_paths([webm, avif, jpeg])
            d.resize(w, h)
            d.show()
            for _ in range(600):
                await asyncio.sleep(0.02)
                items = strip.items()
                settled = all(i.state in (ItemState.READY, ItemState.REFUSED) for i in items)
                needs = [i for i in items if i.code == "needs_fix"]
                if settled and len(needs) == 2 and all(i.thumb is not None for i in items):
                    break
            await asyncio.sleep(0.2)
            name = out / f"media-fix-strip-{w}x{h}-{'dark' if dark else 'light'}.png"
            d.grab().save(str(name))
            print(name)
            d._discard_and_close()
            await asyncio.sleep(0.05)
    writer.close()
    await client.aclose()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with SandboxServer() as sandbox:
        loop.run_until_complete(shots(out, sandbox, app))


if __name__ == "__main__":
    main()
