"""Render every main screen at 1024x700, 1280x800 and 1920x1080, light and dark, into a folder.

    QT_QPA_PLATFORM=offscreen python3 docs/render_screens.py OUT_DIR [SCREEN...] [--language de]

Screens: the calendar (month, week, list), the composer, the review queue, the Media panel
(Library and Uploads), the import wizard, Settings and Keyboard shortcuts. Each is written as
``<screen>-<W>x<H>-<light|dark>.png``; dialogs are drawn over their (dimmed) window, as a window
manager shows them. With ``--language`` the app speaks that language (Arabic mirrors the layout)
and the files are named ``<language>-<screen>-...``. The data is the embedded sandbox's demo data,
in a temporary data folder (no network beyond loopback; the real keyring is never touched).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

SIZES = ((1024, 700), (1280, 800), (1920, 1080))


def _over(window: Any, dialog: Any, w: int, h: int) -> Any:
    """``window`` dimmed, with ``dialog`` drawn centred on it (no window manager offscreen)."""
    from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
    from PySide6.QtWidgets import QApplication

    shot = QPixmap(window.grab())
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    dw, dh = min(dialog.width(), w - 16), min(dialog.height(), h - 16)
    dialog.resize(dw, dh)
    QApplication.processEvents()  # lay the dialog out at its new size before the picture
    x, y = (w - dw) // 2, (h - dh) // 2
    painter.drawPixmap(x, y, dialog.grab())
    painter.setPen(dialog.palette().color(QPalette.ColorRole.Mid))
    painter.drawRect(x - 1, y - 1, dw + 1, dh + 1)
    painter.end()
    return shot


async def _settle(seconds: float = 0.3) -> None:
    await asyncio.sleep(seconds)


async def render(out: Path, only: set[str] | None = None, prefix: str = "") -> list[Path]:
    """Render every screen (or those named in ``only``); returns the files written."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from dashdesk.services.session import open_sandbox
    from dashdesk.settings import Settings
    from dashdesk.ui.main_window import MainWindow
    from dashdesk.ui.theme import FusionStyle, build_palette

    app = QApplication.instance()
    app.setStyle(FusionStyle("Fusion"))
    tmp = Path(tempfile.mkdtemp(prefix="dashdesk-screens-"))
    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.time_zone = "Europe/Berlin"
    session = await open_sandbox(tmp / "sandbox")
    written: list[Path] = []

    def save(pixmap: Any, name: str, w: int, h: int, dark: bool) -> None:
        path = out / f"{prefix}{name}-{w}x{h}-{'dark' if dark else 'light'}.png"
        pixmap.save(str(path))
        written.append(path)

    def wanted(name: str) -> bool:
        return only is None or name in only

    try:
        for dark in (False, True):
            app.setPalette(build_palette(dark))
            for w, h in SIZES:
                win = MainWindow(session, settings)
                win.resize(w, h)
                await win.open()
                for _ in range(100):
                    if win.load_task is not None and win.load_task.done() and win.panels.installed:
                        break
                    await _settle(0.05)
                await _settle()
                for view in ("month", "week", "list"):
                    if wanted(view):
                        win.set_view(view)
                        await _settle()
                        save(win.grab(), f"calendar-{view}", w, h, dark)
                win.set_view("month")
                if wanted("review"):
                    win.panels.toggle("review")
                    await _settle(0.6)
                    save(win.grab(), "review", w, h, dark)
                    win.panels.toggle("review")
                if wanted("media"):
                    win.panels.toggle("media")
                    await _settle(0.6)
                    save(win.grab(), "media-library", w, h, dark)
                    panel = win.panels.docks["media"].widget()
                    panel.tabs.setCurrentIndex(1)
                    await _settle()
                    save(win.grab(), "media-uploads", w, h, dark)
                    win.panels.toggle("media")
                    await _settle()
                dialogs: list[tuple[str, Callable[[], Any]]] = [
                    ("composer", lambda win=win: win.open_composer()),
                    ("import", lambda win=win: _bulk("open_import")(win)),
                    ("export", lambda win=win: _bulk("open_export")(win)),
                    ("settings", lambda win=win: (win.open_settings(), win.session_ctl.dialog)[1]),
                    ("shortcuts", lambda win=win: win.show_shortcuts()),
                ]
                for name, opener in dialogs:
                    if not wanted(name):
                        continue
                    dialog = opener()
                    await _settle(0.5)
                    if dialog is not None:
                        save(_over(win, dialog, w, h), name, w, h, dark)
                        _close(dialog)
                        await _settle(0.1)
                win.close()
                await win.aclose()
                win.deleteLater()
    finally:
        await session.aclose()
    return written


def _bulk(name: str) -> Callable[[Any], Any]:
    from dashdesk.ui import bulk

    return getattr(bulk, name)


def _close(dialog: Any) -> None:
    discard = getattr(dialog, "_discard_and_close", None)  # a composer would ask about unsaved work
    if callable(discard):
        discard()
    else:
        dialog.close()


def main() -> None:
    """Render into ``argv[1]`` (default ``screens/``); ``argv[2:]`` names only some screens."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("DASHDESK_DATA_DIR", tempfile.mkdtemp(prefix="dashdesk-data-"))
    import qasync
    from PySide6.QtWidgets import QApplication

    args = sys.argv[1:]
    language = ""
    if "--language" in args:
        at = args.index("--language")
        language = args[at + 1]
        del args[at:at + 2]
    out = Path(args[0] if args else "screens")
    out.mkdir(parents=True, exist_ok=True)
    only = set(args[1:]) or None
    app = QApplication(sys.argv[:1])
    if language:
        from dashdesk.i18n import install
        from dashdesk.ui.locale_setup import apply_to_qt

        install(language)
        apply_to_qt(app, language)
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        for path in loop.run_until_complete(render(out, only, f"{language}-" if language else "")):
            print(path)


if __name__ == "__main__":
    main()
