"""Render Help > Keyboard shortcuts over the main window to PNGs (light and dark, three sizes).

    QT_QPA_PLATFORM=offscreen python3 docs/render_shortcuts.py OUT_DIR

Writes ``shortcuts-<W>x<H>-<light|dark>.png`` (the whole screen: window with the shortcut window on
top) into OUT_DIR. No network: the window is built with a client that is never used.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from dashdesk.services.session import LazyClient, Session
from dashdesk.settings import Settings
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.theme import build_palette

SIZES = ((1024, 700), (1280, 800), (1920, 1080))


def render(out: Path) -> list[Path]:
    """Render every size in light and dark; returns the files written."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    tmp = Path(tempfile.mkdtemp())
    settings = Settings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    settings.time_zone = "Europe/Berlin"
    written = []
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        for w, h in SIZES:
            win = MainWindow(Session(LazyClient(None), 1, "Brand"), settings)
            win.resize(w, h)
            win.show()
            dlg = win.show_shortcuts()
            app.processEvents()
            shot = QPixmap(win.grab())
            painter = QPainter(shot)
            painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))  # (the window behind a dialog, as a WM dims it)
            x, y = (w - dlg.width()) // 2, (h - dlg.height()) // 2
            painter.drawPixmap(x, y, dlg.grab())
            painter.setPen(dlg.palette().color(QPalette.ColorRole.Mid))
            painter.drawRect(x - 1, y - 1, dlg.width() + 1, dlg.height() + 1)
            painter.end()
            path = out / f"shortcuts-{w}x{h}-{'dark' if dark else 'light'}.png"
            shot.save(str(path))
            written.append(path)
            dlg.close()
            win.close()
            win.deleteLater()
    return written


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    for p in render(target):
        print(p)
