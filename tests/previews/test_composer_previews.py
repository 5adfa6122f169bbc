"""The composer's tabs show the platform's preview with the attached media; the side-by-side window."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from preview_helpers import share_of

from dashdesk.platforms import MediaKind
from dashdesk.ui.composer import ComposerDialog, MediaItem
from dashdesk.ui.previews.side_by_side import SideBySideDialog

NOW = datetime(2026, 3, 5, 12, tzinfo=UTC)

# the offscreen platform notes size-hint changes of shown top-level windows; harmless
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_tab_preview_follows_typing_and_shows_attached_media(qtbot, writer, image_file) -> None:
    dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram", "linkedin"], autosave=writer,
                            clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 800)
    dialog.show()
    red = str(image_file("red"))
    dialog.media.add_items([MediaItem(1, MediaKind.IMAGE, "red.png", red)])
    dialog.editor.setPlainText("Hello from the composer")
    tab = dialog.tab("instagram")
    dialog.tabs.setCurrentWidget(tab)
    preview = tab.preview
    qtbot.waitUntil(lambda: preview.post is not None and preview.post.text == "Hello from the composer",
                    timeout=5000)  # debounced: arrives after typing pauses
    qtbot.waitUntil(lambda: preview.media.picture(red) is not None, timeout=20000)
    tab.ensureWidgetVisible(preview)
    image = preview.grab().toImage()
    assert share_of(image, preview.frame_rect(), "red") > 0.3

    tab.all_previews.click()
    side = dialog._side_by_side
    assert isinstance(side, SideBySideDialog)
    qtbot.addWidget(side)
    assert [p.post.platform for p in side.montage.previews] == ["instagram", "linkedin"]
    dialog.editor.setPlainText("Changed words")
    qtbot.waitUntil(lambda: all(p.post.text == "Changed words" for p in side.montage.previews), timeout=5000)
    side.close()
