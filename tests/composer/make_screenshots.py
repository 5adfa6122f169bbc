"""Render the composer offscreen to PNG for the docs (not a test): ``python tests/composer/make_screenshots.py docs``.

Sample media are generated locally; the Pinterest boards come from a stand-in loader shaped like the
boards endpoint. Each shot is a real ``ComposerDialog`` filled in through its widgets.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DASHDESK_DATA_DIR", tempfile.mkdtemp(prefix="dashdesk-shots-"))

import PySide6  # noqa: F401  (before qasync)
import qasync
from PySide6.QtWidgets import QApplication

from dashdesk.media.inspect import make_thumbnail
from dashdesk.platforms import MediaKind, PublishMode
from dashdesk.sandbox.samples import make_image, make_video
from dashdesk.store.autosave import AutosaveWriter
from dashdesk.ui.composer import ComposerDialog, MediaItem
from dashdesk.ui.composer.widgets import em
from dashdesk.ui.theme import install_theme

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
WHEN = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
BOARDS = [
    {"description": "", "id": "123456789012345678", "name": "Spring Style Inspiration",
     "preview_url": "https://example.com/board-preview.jpg", "protected": False},
    {"description": "", "id": "223456789012345678", "name": "Linen Looks", "preview_url": "", "protected": False},
]


class ShotClient:
    """Just enough of DashClient for the shots: the boards call."""

    async def list_boards(self, brand_id: int) -> list[dict]:
        return BOARDS

    async def upload_file(self, brand_id: int, path: Path, **kw: object) -> None:
        raise RuntimeError("the screenshots attach Library media; nothing is uploaded")


def media(folder: Path, kind: MediaKind, n: int) -> MediaItem:
    """A local sample file as an attached Library item (video thumbnails are the first frame)."""
    if kind is MediaKind.VIDEO:
        path = folder / f"clip{n}.mp4"
        path.write_bytes(make_video(540, 960, seconds=1.0, variant=n))
        thumb = folder / f"clip{n}.png"
        thumb.write_bytes(make_thumbnail(path))
        return MediaItem(900 + n, kind, path.name, str(thumb))
    path = folder / f"photo{n}.jpg"
    path.write_bytes(make_image(640, 640, label=f"Spring {n + 1}", variant=n))
    return MediaItem(800 + n, kind, path.name, str(path))


async def shots(out: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dashdesk-media-"))
    writer = AutosaveWriter(folder / "autosave")

    def dialog(platforms: list[str]) -> ComposerDialog:
        d = ComposerDialog(ShotClient(), 144, "Europe/Berlin", platforms=platforms, when=WHEN, autosave=writer,
                           clock=lambda: NOW)
        d.mode_buttons[PublishMode.SCHEDULE].click()
        return d

    async def save(d: ComposerDialog, name: str) -> None:
        d.resize(em(d, 78), em(d, 46))  # its size on a real screen (the offscreen one is 800x600)
        d.show()
        for _ in range(10):
            await asyncio.sleep(0.05)
        d.update_preview()
        await asyncio.sleep(0.05)
        d.grab().save(str(out / name))
        d._discard_and_close()

    d = dialog(["instagram"])
    d.editor.insertPlainText("Spring is here!\n\nThree new colours, the same comfort you love.\n"
                             "Tap the link in bio to shop.\n\n#spring #newcollection")
    d.media.add_items([media(folder, MediaKind.IMAGE, i) for i in range(3)])
    d.tab("instagram").fields["first_comment"].editor.setPlainText("Which colour is your favourite?")
    await save(d, "composer-instagram.png")

    d = dialog(["youtube"])
    d.media.add_items([media(folder, MediaKind.VIDEO, 0)])
    d.tab("youtube").fields["title"].editor.setText("Spring collection: behind the scenes")
    d.editor.insertPlainText("How we made the spring collection.\nFilmed in our Lisbon studio.")
    await save(d, "composer-youtube.png")

    d = dialog(["pinterest"])
    tab = d.tab("pinterest")
    await tab.board.task
    tab.board.select_id("123456789012345678")
    d.media.add_items([media(folder, MediaKind.IMAGE, 1)])
    tab.fields["title"].editor.setText("Oversized Linen Blazer Outfit Ideas")
    tab.fields["link"].editor.setText("https://example.com/products/linen-oversized-blazer")
    d.editor.insertPlainText("Lightweight linen blazer styled three ways for spring. "
                             "Perfect layering piece for everyday outfits.")
    await save(d, "composer-pinterest.png")

    d = dialog(["instagram", "twitter", "bluesky"])
    d.editor.insertPlainText(("Our spring collection is here: three new colours, softer fabrics and the same "
                              "fit you love. Read the story behind it on our blog. ") * 3)
    d.media.add_items([media(folder, MediaKind.VIDEO, 1)])
    d.tabs.setCurrentWidget(d.tab("bluesky"))
    await save(d, "composer-multi-problems.png")

    # Six files, one of them damaged, at every size in light and dark (issue 20.4: names, states and
    # the strip's status line readable; each problem said once).
    from dashdesk.ui.theme import build_palette

    damaged = folder / "damaged.jpg"
    damaged.write_bytes(b"\xff\xd8\xff\xe0 not really a picture")
    app = QApplication.instance()
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        for w, h in ((1024, 700), (1280, 800), (1920, 1080)):
            d = dialog(["instagram", "linkedin"])
            d.editor.insertPlainText("Six looks from the spring shoot. Which one is your favourite?")
            d.media.add_items([media(folder, MediaKind.IMAGE, i) for i in range(4)]
                              + [media(folder, MediaKind.VIDEO, 2)])
            strip = getattr(d.media, "strip", None) or next(iter(getattr(d, "strips", {}).values()), None)
            if strip is not None and hasattr(strip, "add_paths"):
                strip.add_paths([damaged])
            d.resize(w * 3 // 4, h * 5 // 6)
            d.show()
            for _ in range(20):
                await asyncio.sleep(0.05)
            d.grab().save(str(out / f"composer-six-files-{w}x{h}-{'dark' if dark else 'light'}.png"))
            d._discard_and_close()
    writer.close()


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # closing one shot's dialog must not end the loop
    install_theme(app)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    loop.run_until_complete(shots(out))


if __name__ == "__main__":
    main()
