"""Render the planner's helpers to PNGs (light and dark, three sizes): no network, a throw-away store.

    QT_QPA_PLATFORM=offscreen python3 docs/render_helpers.py OUT_DIR

Writes into OUT_DIR, for each size and scheme:

* ``helpers-month-<W>x<H>-<scheme>.png``: a month with notes, a "no posting" range and public holidays;
* ``helpers-labels-<W>x<H>-<scheme>.png``: labelled chips (dots), the label filter open, the label mix;
* ``helpers-snippets-<W>x<H>-<scheme>.png``: the composer with the snippet popup after ``;sp``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtGui import QColor, QPainter, QPalette, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from dashdesk.platforms import rules_for
from dashdesk.services.planning import Planner, import_holidays
from dashdesk.services.post import Post
from dashdesk.services.session import LazyClient, Session
from dashdesk.settings import Settings
from dashdesk.store.autosave import AutosaveWriter
from dashdesk.store.planning import PlanningStore, Snippet
from dashdesk.ui import planning
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.theme import build_palette

SIZES = ((1024, 700), (1280, 800), (1920, 1080))
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
POSTS = (  # (day of December, hour UTC, platform, text, labels)
    (1, 8, "instagram", "Advent calendar day 1: our linen throw", ("Advent",)),
    (2, 15, "facebook", "Gift guide: ten ideas under 50", ("Gift guide",)),
    (3, 10, "twitter", "Doors open at 10 today", ()),
    (4, 9, "instagram", "Advent day 4: the wool blanket", ("Advent",)),
    (4, 17, "linkedin", "We are hiring a store manager", ("Hiring",)),
    (7, 8, "tiktok", "Wrapping hacks in 30 seconds", ("Gift guide",)),
    (8, 9, "instagram", "Launch day: the winter collection", ("Launch", "Advent")),
    (8, 12, "facebook", "Winter collection is here", ("Launch",)),
    (8, 16, "bluesky", "It's live: winter collection", ("Launch",)),
    (9, 10, "threads", "Behind the scenes of the shoot", ("Launch",)),
    (10, 11, "pinterest", "Cosy corner ideas", ("Gift guide",)),
    (11, 9, "instagram", "Advent day 11: candles", ("Advent",)),
    (14, 14, "youtube", "How our blankets are made", ()),
    (15, 10, "facebook", "Last order dates for Christmas", ("Gift guide",)),
    (16, 8, "instagram", "Advent day 16: slippers", ("Advent",)),
    (17, 13, "twitter", "Free delivery this weekend", ("Gift guide",)),
    (18, 9, "linkedin", "Our year in numbers", ()),
    (21, 10, "instagram", "Advent day 21: the last gifts", ("Advent",)),
    (22, 15, "tiktok", "Team Christmas jumper day", ()),
)
LABELS = {"Advent": "#e0484e", "Gift guide": "#3aa655", "Launch": "#3d6fd9", "Hiring": "#f28c28"}


def _posts() -> list[Post]:
    out = []
    for n, (day, hour, platform, text, _labels) in enumerate(POSTS):
        rules = rules_for(platform)
        data: dict[str, object] = {"id": 9000 + n, "brand_id": 1, "status": "SCHEDULED",
                                   "timestamp": f"2026-12-{day:02d}T{hour:02d}:00:00Z"}
        data[rules.text_field.path.split(".")[0]] = text
        if rules.has_post_type:
            data["post_type"] = rules.default_post_type
        out.append(Post.from_json(platform, data))
    return out


def _planner(folder: Path) -> Planner:
    store = PlanningStore(folder / "planning.sqlite3")
    planner = Planner(store, 1)
    ids = {name: planner.add_label(name, color).id for name, color in LABELS.items()}
    for n, (*_rest, labels) in enumerate(POSTS):
        if labels:
            planner.set_labels((POSTS[n][2], 9000 + n), [ids[name] for name in labels])
    import_holidays(store, "DE", [2026, 2027])
    planner.add_note(date(2026, 12, 8), date(2026, 12, 10), "Winter launch", color="#3d6fd9")
    planner.add_note(date(2026, 12, 28), date(2026, 12, 31), "Year-end freeze", no_posting=True)
    planner.add_note(date(2026, 12, 15), date(2026, 12, 15), "Last order day", color="#f28c28")
    for name, body in (("sig", "— The Linen & Co. team"), ("spring-tags", "#linen #spring #slowliving #homedecor"),
                       ("shop", "Shop the collection: https://shop.example/winter?ref=social#new"),
                       ("sale-cta", "Sale ends Sunday: tap the link in our bio."),
                       ("spotlight", "Meet the maker behind this piece:")):
        store.save_snippet(Snippet(name, body, "link" if name == "shop" else "text",
                                   {"utm_source": "dashdesk", "utm_medium": "social"} if name == "shop" else {}))
    planner.reload()
    return planner


def _window(settings: Settings, planner: Planner, w: int, h: int) -> MainWindow:
    win = MainWindow(Session(LazyClient(None), 1, "Linen & Co."), settings, clock=lambda: NOW)
    win.resize(w, h)
    win.service.set_posts(_posts())
    planning.install(win, planner)
    win.navigate(date(2026, 12, 1))
    win.show()
    for _ in range(3):
        QApplication.processEvents()
    return win


def _overlay(shot: QPixmap, widget: QWidget, at: QPoint) -> None:
    painter = QPainter(shot)
    painter.drawPixmap(at, widget.grab())
    painter.setPen(widget.palette().color(QPalette.ColorRole.Mid))
    painter.drawRect(at.x() - 1, at.y() - 1, widget.width() + 1, widget.height() + 1)
    painter.end()


def render(out: Path) -> list[Path]:
    """Render every picture at every size, light and dark; returns the files written."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    tmp = Path(tempfile.mkdtemp())
    os.environ["DASHDESK_DATA_DIR"] = str(tmp / "data")
    settings = Settings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat))
    settings.time_zone = "Europe/Berlin"
    settings.last_view = "month"
    planner = _planner(tmp)
    written = []
    for dark in (False, True):
        app.setPalette(build_palette(dark))
        scheme = "dark" if dark else "light"
        for w, h in SIZES:
            win = _window(settings, planner, w, h)
            path = out / f"helpers-month-{w}x{h}-{scheme}.png"
            win.grab().save(str(path))
            written.append(path)
            # labels: the filter's menu open under its button
            helpers = win.planning
            helpers._fill_filter()
            menu = helpers.filter_menu
            menu.adjustSize()
            shot = QPixmap(win.grab())
            button = helpers.filter_button
            _overlay(shot, menu, button.mapTo(win, QPoint(0, button.height())))
            path = out / f"helpers-labels-{w}x{h}-{scheme}.png"
            shot.save(str(path))
            written.append(path)
            written.append(_composer(win, planner, tmp, out, w, h, scheme))
            win.close()
            win.deleteLater()
    return written


def _composer(win: MainWindow, planner: Planner, tmp: Path, out: Path, w: int, h: int, scheme: str) -> Path:
    from dashdesk.ui.composer import ComposerDialog

    writer = AutosaveWriter(tmp / f"autosave-{w}-{scheme}")
    dlg = ComposerDialog(None, 1, "Europe/Berlin", platforms=["instagram", "facebook"], autosave=writer,
                         clock=lambda: NOW, planner=planner, when=NOW + timedelta(days=5))
    dlg.resize(min(w - 40, 1400), min(h - 40, 900))
    dlg.show()
    QApplication.processEvents()
    editor = dlg.editor
    editor.setFocus()
    QTest.keyClicks(editor, "Cosy evenings start here. ;s")
    QApplication.processEvents()
    shot = QPixmap(win.grab())
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
    painter.end()
    _overlay(shot, dlg, QPoint((w - dlg.width()) // 2, (h - dlg.height()) // 2))
    path = out / f"helpers-snippets-{w}x{h}-{scheme}.png"
    shot.save(str(path))
    dlg.keeper.forget()
    dlg._closing_ok = True
    dlg.close()
    writer.close()
    return path


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    target.mkdir(parents=True, exist_ok=True)
    for p in render(target):
        print(p)
