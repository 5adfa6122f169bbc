"""Render the fix dialog offscreen: ``python tests/media/make_fix_screenshots.py [OUTDIR]``.

Writes ``docs/media-fix-<scene>-<W>x<H>-<light|dark>.png`` for three scenes at 1024x700, 1280x800
and 1920x1080: ``reel`` (a WebM for an Instagram Reel and TikTok, crop box moved left), ``trim`` (a
70 s AVI for Snapchat Spotlight: trimmed to 60 s on the timeline) and ``picture`` (an AVIF for the
Instagram feed with a blurred background).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dashdesk.media import samples
from dashdesk.media.probe import probe_file
from dashdesk.ui.media.fixing import FixDialog, FixRunner
from dashdesk.ui.theme import build_palette

DOCS = Path(__file__).resolve().parents[2] / "docs"
SIZES = ((1024, 700), (1280, 800), (1920, 1080))


def wait(app: QApplication, runner: FixRunner, dialog: FixDialog) -> None:
    """Let the worker deliver the still, the timeline and the preview."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        app.processEvents()
        ready = not dialog.crop._image.isNull() and dialog.after.pixmap() is not None \
            and not dialog.after.pixmap().isNull() and (dialog.trim.isHidden() or dialog.trim._frames)
        if ready and runner.idle() and not dialog._preview_timer.isActive():
            app.processEvents()
            return
        time.sleep(0.02)
    raise RuntimeError("the dialog did not get its pictures")


def main(out: Path = DOCS) -> None:
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        os.environ["DASHDESK_DATA_DIR"] = str(work / "data")
        webm = samples.make_video(work / "launch-teaser.webm", 6.0, 960, 540, 24, codec="libvpx-vp9",
                                  container="webm", seed=3)
        avi = samples.make_video(work / "studio-tour.avi", 70.0, 640, 360, 12, codec="mpeg4", container="avi",
                                 seed=5)
        avif = work / "linen-capsule.avif"
        samples.make_image(work / "src.png", 1000, 1600, seed=2)
        from PIL import Image

        with Image.open(work / "src.png") as img:
            img.save(avif, format="AVIF")
        scenes = {
            "reel": (webm, [("instagram", "REEL"), ("tiktok", None)], {"fit": 1, "position": 0.3}),
            "trim": (avi, [("snapchat", "SPOTLIGHT")], {}),
            "picture": (avif, [("instagram", "FEED")], {"fit": 2}),
        }
        for dark in (False, True):
            app.setPalette(build_palette(dark))
            for scene, (path, targets, setup) in scenes.items():
                facts = probe_file(path)
                for w, h in SIZES:
                    runner = FixRunner()
                    dialog = FixDialog(facts, targets, runner=runner)
                    if "fit" in setup:
                        dialog.fit.setCurrentIndex(setup["fit"])
                    if "position" in setup:
                        dialog.crop.set_position(setup["position"])
                    dialog.resize(w, h)
                    dialog.show()
                    wait(app, runner, dialog)
                    name = out / f"media-fix-{scene}-{w}x{h}-{'dark' if dark else 'light'}.png"
                    dialog.grab().save(str(name))
                    print(name)
                    dialog.close()
                    runner.shutdown(wait=True)
                    dialog.deleteLater()
                    runner.deleteLater()
                    app.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
