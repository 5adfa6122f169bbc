"""Run as a child process by test_restore: open a composer, write and attach, then wait to be killed."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from dashdesk.platforms import MediaKind
from dashdesk.ui.composer import ComposerDialog, MediaItem

TEXT = "First line of the launch post\nSecond line 🚀 with émoji"
MEDIA = [MediaItem(501, MediaKind.IMAGE, "hero.jpg"), MediaItem(502, MediaKind.VIDEO, "teaser.mp4")]


def main() -> None:
    app = QApplication(sys.argv[:1])
    dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram", "twitter"])
    dialog.editor.insertPlainText(TEXT)
    dialog.media.add_items(MEDIA)  # a media change autosaves at once
    tab = dialog.tab("twitter")
    tab.own_text.click()
    tab.text_field.editor.setPlainText("Short one for X")
    dialog.autosave_now()
    dialog.autosave.flush()
    print("ready", flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    main()
