"""Render the review queue offscreen with realistic sandbox drafts: ``python tests/review/make_screenshot.py``.

Writes ``docs/review-queue.png`` (light; a ready Pinterest draft selected, blocked drafts in the
list), ``docs/review-queue-dark.png``, ``docs/review-blocked.png`` (the blocked Instagram draft
selected, with its reason and "Edit to fix") and ``docs/review-counter.png``: the sandbox's demo
month plus a few drafts of our own.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import httpx
import qasync
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashdesk.api import DashClient
from dashdesk.sandbox.server import SandboxServer
from dashdesk.ui.review import ReviewCounter, ReviewPanel
from dashdesk.ui.theme import build_palette
from review.conftest import App, SandboxPosts, days_ahead

DOCS = Path(__file__).resolve().parents[2] / "docs"


def thumbnails(base: str) -> dict[str, QPixmap]:
    """Fetch thumbnail images from the sandbox (what the app's thumbnail cache would hold)."""
    cache: dict[str, QPixmap] = {}

    def lookup(url: str) -> QPixmap | None:
        if url not in cache:
            pm = QPixmap()
            try:
                pm.loadFromData(httpx.get(url, timeout=10).content)
            except httpx.HTTPError:
                return None
            cache[url] = pm
        return cache[url]

    return lookup  # type: ignore[return-value]


def main(size: tuple[int, int] = (1280, 800)) -> None:
    app = QApplication.instance() or QApplication([])
    app.setStyle("Fusion")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with SandboxServer(seed_demo=True) as sandbox:
        helper = SandboxPosts(sandbox)
        blocked = helper.create("instagram", "DRAFT", days_ahead(1, 9, 30), post_type="FEED",
                                caption="Sneak peek of the linen capsule ✨\n\nPhotos coming from the studio "
                                        "this afternoon.\nTag a friend who needs a new blazer!",
                                first_comment="#linen #capsule #spring")
        helper.raw("youtube", "DRAFT", days_ahead(2, 17), description="Our spring lookbook, in motion.",
                   media_ids=[helper.media("video")], declared_made_for_kids=False)
        selected = helper.draft("pinterest", days_ahead(1, 12, 15), n=1)
        helper.draft("tiktok", days_ahead(1, 18), n=2)
        helper.raw("linkedin", "MISSING_APPROVALS", days_ahead(1, 8, 45),
                   text="We're hiring a content designer in Lisbon.\nApply by Friday: link in comments.")
        for dark in (False, True):
            app.setPalette(build_palette(dark))
            client = DashClient(sandbox.api_key, api_url=sandbox.url, pace=False)
            shell = App(client, sandbox.brand_id)
            shell.model.thumbnail_lookup = thumbnails(sandbox.url)
            panel = ReviewPanel(shell.service, shell.model)
            panel.resize(*size)
            loop.run_until_complete(panel.reload())
            panel.show()
            panel.focus_queue()
            row = panel.proxy.row_of(("pinterest", selected["id"]))
            panel.select_row(row)
            blocked_row = panel.proxy.row_of(("instagram", blocked["id"]))
            panel.list.selectionModel().select(panel.proxy.index(blocked_row, 0),
                                               QItemSelectionModel.SelectionFlag.Deselect)
            app.processEvents()
            name = "review-queue-dark.png" if dark else "review-queue.png"
            panel.grab().save(str(DOCS / name))
            counter = ReviewCounter(shell.model)
            counter.show()
            app.processEvents()
            if not dark:
                counter.grab().save(str(DOCS / "review-counter.png"))
            blocked_panel_row = panel.proxy.row_of(("instagram", blocked["id"]))
            panel.select_row(blocked_panel_row)
            app.processEvents()
            if not dark:
                panel.grab().save(str(DOCS / "review-blocked.png"))
            panel.close()
            counter.close()
            loop.run_until_complete(client.aclose())
    loop.close()


if __name__ == "__main__":
    main()
