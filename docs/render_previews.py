"""Render the platform previews (one montage) and the Instagram grid planner to PNGs, light and dark.

    QT_QPA_PLATFORM=offscreen python3 docs/render_previews.py OUT_DIR

Writes ``previews-<light|dark>.png`` and ``grid-planner-<W>x<H>-<light|dark>.png``. Media are made-up
solid-colour pictures and a short clip generated on the spot; nothing is fetched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QApplication

from dashdesk.media.samples import make_image, make_video
from dashdesk.services.post import Post
from dashdesk.services.posts import PostService
from dashdesk.ui.previews import PreviewItem, PreviewPost
from dashdesk.ui.previews.grid_planner import GridPlanner
from dashdesk.ui.previews.montage import PreviewMontage
from dashdesk.ui.theme import build_palette

SIZES = ((1024, 700), (1280, 800), (1920, 1080))
TEXT = ("Spring collection drops Friday! We spent months on these pieces and can't wait for you to see them. "
        "Tap the link in bio for early access, and tell us which colour is your favourite. #spring #newin")


def sample_posts(folder: Path) -> list[PreviewPost]:
    pics = [folder / f"p{n}.jpg" for n in range(4)]
    for n, p in enumerate(pics):
        make_image(p, 800, 1000, seed=n)
    clip = make_video(folder / "clip.mp4", duration=4.0, width=360, height=640)
    img = [PreviewItem(str(p)) for p in pics]
    vid = (PreviewItem(str(clip), True),)
    b = "Northwind Studio"
    return [
        PreviewPost("instagram", "FEED", b, TEXT, media=tuple(img[:3]), first_comment="#fashion #style"),
        PreviewPost("instagram", "REEL", b, TEXT, media=vid),
        PreviewPost("instagram", "STORY", b, "", media=(img[1], img[2])),
        PreviewPost("facebook", "POST", b, TEXT, media=tuple(img[:3])),
        PreviewPost("facebook", "REEL", b, TEXT, media=vid),
        PreviewPost("tiktok", None, b, TEXT, media=vid),
        PreviewPost("youtube", None, b, TEXT + "\n\nChapters:\n0:00 Intro", title="Spring collection: behind the "
                    "scenes", media=vid),
        PreviewPost("twitter", None, b, "Spring collection drops Friday. Early access: https://northwind.example/spring",
                    media=tuple(img[:3])),
        PreviewPost("threads", None, b, TEXT, media=(img[3], img[0])),
        PreviewPost("linkedin", None, b, TEXT, media=(img[2],)),
        PreviewPost("snapchat", "STORY", b, None, media=(img[3],)),
        PreviewPost("snapchat", "SPOTLIGHT", b, TEXT, media=vid),
        PreviewPost("pinterest", None, b, TEXT, title="Spring capsule wardrobe ideas", media=(img[1],),
                    link="https://northwind.example/spring", board="Spring looks"),
        PreviewPost("bluesky", None, b, "Spring collection drops Friday!", media=tuple(img)),
    ]


class Tiles(QObject):
    """Stands in for the thumbnail loader: made-up square pictures by URL."""

    loaded = Signal(str)
    pending = 0

    def get(self, url: str) -> QPixmap | None:
        n = int(url.rsplit("/", 1)[-1])
        pm = QPixmap(320, 320)
        pm.fill(QColor.fromHsv((n * 47) % 360, 120, 210))
        return pm

    def parent(self) -> None:  # type: ignore[override]
        return None


def grid_service() -> PostService:
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    posts = []
    for n in range(15):
        upcoming = n < 7
        when = now + timedelta(days=n + 1, hours=n % 3) if upcoming else now - timedelta(days=(n - 6) * 2)
        posts.append(Post.from_json("instagram", {
            "id": 1000 + n, "status": "SCHEDULED" if upcoming else "POSTED",
            "post_type": "REEL" if n % 5 == 2 else "FEED", "timestamp": when.isoformat().replace("+00:00", "Z"),
            "media_ids": [n], "media": [{"id": n, "image_sizes": {"original": {"url": f"https://cdn.example/{n}"}}}]}))
    service = PostService(None, 1)
    service.set_posts(posts)
    return service


def settle(app: QApplication, seconds: float = 2.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def render(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    folder = Path(tempfile.mkdtemp())
    posts = sample_posts(folder)
    written = []
    for dark in (False, True):
        tone = "dark" if dark else "light"
        app.setPalette(build_palette(dark))
        montage = PreviewMontage(columns=7)
        montage.setAutoFillBackground(True)
        montage.show_posts(posts)
        montage.show()
        settle(app, 3.0)
        montage.adjustSize()
        app.processEvents()
        path = out / f"previews-{tone}.png"
        montage.grab().save(str(path))
        written.append(path)
        montage.close()
        for w, h in SIZES:
            planner = GridPlanner(grid_service(), UTC, thumbnails=Tiles())  # type: ignore[arg-type]
            planner.setAutoFillBackground(True)
            planner.resize(w, h)
            planner.show()
            planner.status.setText("Swapped: one post now goes out Fri 6 Mar 14:00, the other Sun 8 Mar 10:00. "
                                   "Ctrl+Z undoes it.")
            settle(app, 0.3)
            path = out / f"grid-planner-{w}x{h}-{tone}.png"
            planner.grab().save(str(path))
            written.append(path)
            planner.close()
    return written


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    for p in render(target):
        print(p)
