"""Render the media strip with cleaned uploads offscreen (not a test).

``python tests/media/make_clean_screenshots.py OUT``: a phone photo and a phone video (both with a
location) and a plain picture, uploaded to a local sandbox; the strip at the widths of 1024x700,
1280x800 and 1920x1080 windows, light and dark.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DASHDESK_DATA_DIR", tempfile.mkdtemp(prefix="dashdesk-shots-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import PySide6  # noqa: F401  (before qasync)
import qasync
from PIL import Image
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from dashdesk.api import DashClient
from dashdesk.media import samples
from dashdesk.media.queue import UploadQueue
from dashdesk.sandbox.server import SandboxServer
from dashdesk.ui.media import MediaHub, MediaStrip
from dashdesk.ui.theme import build_palette, install_theme
from media.conftest import until
from media.test_clean import make_video, phone_exif

SIZES = ((1024, 700), (1280, 800), (1920, 1080))


async def scenario(app: QApplication, out: Path, work: Path) -> None:
    server = SandboxServer()
    url = server.start()
    client = DashClient(server.api_key, api_url=url)
    try:
        photo = samples.make_image(work / "studio-shoot.jpg", 1080, 1350, seed=1)
        with Image.open(photo) as im:
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=90, exif=phone_exif(orientation=1).tobytes())
        photo.write_bytes(buf.getvalue())
        clip = work / "backstage.mov"
        clip.write_bytes(make_video("mov"))
        plain = samples.make_image(work / "store-banner.png", 1600, 400, seed=3)
        hub = MediaHub(UploadQueue(client), client=client, brand_id=server.brand_id, keep_metadata=lambda: False)
        for dark in (False, True):
            app.setPalette(build_palette(dark))
            for w, _h in SIZES:
                host = QWidget()
                layout = QVBoxLayout(host)
                strip = MediaStrip(hub, host)
                layout.addWidget(strip)
                host.resize(w, strip.sizeHint().height() + host.fontMetrics().height() * 3)
                host.show()
                strip.add_paths([photo, clip, plain])
                await until(lambda strip=strip: not strip.is_busy() and all(i.thumb is not None for i in strip.items()))
                await asyncio.sleep(0.1)
                name = out / f"media-strip-clean-{w}x{_h}-{'dark' if dark else 'light'}.png"
                host.grab().save(str(name))
                print(name, [i.status_text() for i in strip.items()])
                host.close()
        await hub.aclose()
    finally:
        await client.aclose()
        server.stop()


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication([])
    install_theme(app)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="dashdesk-clean-shots-"))
    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(scenario(app, out, work))


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
