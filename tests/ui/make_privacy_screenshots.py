"""Render the settings dialog's privacy parts offscreen (not a test).

``python tests/ui/make_privacy_screenshots.py OUT``

The dialog is shown over a main-window-sized backdrop at 1024x700, 1280x800 and 1920x1080, light and dark,
with "remove local data" ticked (the state that changes the button).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DASHDESK_DATA_DIR", tempfile.mkdtemp(prefix="dashdesk-shots-"))

from PySide6.QtCore import QSettings
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.ui.settings_dialog import SettingsDialog
from dashdesk.ui.theme import build_palette, install_theme

SIZES = ((1024, 700), (1280, 800), (1920, 1080))


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication([])
    install_theme(app)
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings(QSettings(str(Path(os.environ["DASHDESK_DATA_DIR"]) / "s.ini"), QSettings.Format.IniFormat))
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        for w, h in SIZES:
            backdrop = QWidget()
            backdrop.resize(w, h)
            dlg = SettingsDialog(backdrop, settings, Session(None, 144, "Acme Outdoor"))
            dlg.forget.setChecked(True)
            dlg.adjustSize()
            dlg.show()
            app.processEvents()
            shot = QPixmap(w, h)
            shot.fill(app.palette().window().color().darker(130))
            painter = QPainter(shot)
            dialog = dlg.grab()
            painter.drawPixmap((w - dialog.width()) // 2, (h - dialog.height()) // 2, dialog)
            painter.end()
            name = f"settings-privacy-{w}x{h}-{'dark' if dark else 'light'}.png"
            shot.save(str(out / name))
            print(out / name, dialog.width(), dialog.height())
            dlg.close()
            backdrop.deleteLater()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
