"""Start-up: a signed-in user sees the cached calendar before the rest of the app is loaded.

``run`` creates the QApplication and, when the settings name a signed-in account and brand with a
posts cache, paints that calendar first:

1. the main window is built, with a session whose API key is not read yet;
2. it shows while a worker thread opens the SQLite cache and decodes the posts of the shown range,
   and a local Qt event loop runs until the calendar has painted them (user input waits for the
   real loop, so no click reaches a slot before asyncio runs);
3. only then does ``dashdesk.app`` import asyncio and qasync, start the event loop, read the API key
   from the keyring (which may block on D-Bus or an unlock prompt, in a worker thread) and
   refresh from the API.

Nothing here imports asyncio, qasync, keyring or the API layer (about 200 ms together).
Every other start (first run, ``--demo``, ``--api-key``, ``--screenshot``) goes straight to step 3.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The Qt-free layers the first paint needs come before PySide6: once PySide6 is imported, its import
# hook reads the source of every further module (looking for ``from __feature__ import``).
from dashdesk.paths import data_dir, resources_dir
from dashdesk.secure_transport import origin_problem
from dashdesk.services.posts import read_cached
from dashdesk.services.session import CACHE_NAME, LazyClient, Session
from dashdesk.store import PostsCache
from dashdesk.ui.calendar import layout

# isort: split
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from dashdesk.settings import APPLICATION, ORGANIZATION, Settings
from dashdesk.ui.theme import FUSION_ARGS, install_theme

if TYPE_CHECKING:
    from dashdesk.services.post import Post
    from dashdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)

PROBE_ENV = "DASHDESK_PROBE_FIRST_PAINT"
"""Set (to anything) to print ``PAINTED <posts shown>`` on the calendar's first paint and exit: the
start-up benchmark times the real start path with it."""

FIRST_PAINT_WAIT_MS = 3000
"""The local loop gives up waiting for the first paint after this long and lets the app start."""


def report_first_paint(window: Any) -> None:
    """The probe: print what the first paint showed and end the process (nothing to save)."""
    print("PAINTED", window.current_view.visible_posts_count(), flush=True)
    os._exit(0)


class CachedRangeReader(QObject):
    """Opens the posts cache and decodes one brand's posts in a range, in a worker thread.

    ``finished`` is delivered on the thread that created the reader (the UI thread), after
    ``posts``, ``synced`` and ``cache`` are set; ``error`` holds what went wrong, if anything.
    """

    finished = Signal()

    def __init__(self, path: Path, brand_id: int, start: datetime, end: datetime) -> None:
        super().__init__()
        self.path, self.brand_id, self.range = path, brand_id, (start, end)
        self.posts: list[Post] = []
        self.synced: datetime | None = None
        self.cache: PostsCache | None = None
        self.error: BaseException | None = None
        self.done = False
        self._thread = threading.Thread(target=self._read, name="dashdesk-cache-read", daemon=True)

    def start(self) -> None:
        """Start reading."""
        self._thread.start()

    def _read(self) -> None:
        try:
            cache = PostsCache(self.path)
            self.cache = cache
            self.posts = read_cached(cache, self.brand_id, *self.range)
            self.synced = cache.last_sync(self.brand_id)
        except Exception as exc:  # a damaged cache: start empty, the refresh rewrites it
            self.error = exc
            log.warning("couldn't read the posts cache %s: %s", self.path, exc)
        self.done = True
        self.finished.emit()


def cache_reader(args: argparse.Namespace, settings: Settings) -> CachedRangeReader | None:
    """A reader (not started) of the cached posts a signed-in user's window will show, or ``None``.

    (First run, ``--demo``, ``--api-key`` and ``--screenshot`` have nothing cached to paint first.)
    """
    if args.demo or args.api_key or args.screenshot or not settings.account:
        return None
    if origin_problem(args.api_url or settings.api_url):
        return None  # the app refuses the address (on the sign-in screen) before anything is shown
    brand = args.brand or settings.brand_id
    if brand is None:
        return None
    path = data_dir() / CACHE_NAME  # a signed-in (not sandbox) session's cache
    if not path.exists():
        return None
    if args.view:
        settings.last_view = args.view
    tz = settings.zone
    anchor = args.date or datetime.now(tz).date()
    first, last = layout.shown_days(settings.last_view, anchor, settings.first_weekday)
    return CachedRangeReader(path, int(brand), *layout.range_with_margin(first, last, tz))


def _run_until(signal: Any, limit_ms: int) -> None:
    """Run a local Qt event loop until ``signal`` fires or ``limit_ms`` pass; user input waits."""
    loop = QEventLoop()
    signal.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(limit_ms, loop.quit)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    signal.disconnect(loop.quit)


def paint_cached_calendar(args: argparse.Namespace, settings: Settings, reader: CachedRangeReader) -> MainWindow:
    """Show the main window holding the posts ``reader`` reads and return once it painted them.

    The window's session has no API key yet: the controller reads it from the keyring and calls
    ``go_live``.
    """
    from dashdesk.ui.main_window import MainWindow

    api_url = args.api_url or settings.api_url or None
    session = Session(
        LazyClient(None, api_url=api_url),
        reader.brand_id,
        settings.brand_name,
        account=settings.account,
        api_url=api_url,
    )
    window = MainWindow(session, settings)
    prepare_window(window, args, settings)
    filled = False

    def fill() -> None:
        nonlocal filled
        if reader.done and not filled:
            filled = True
            window.show_cached(reader.posts, reader.synced, reader.cache, reader.range)

    reader.finished.connect(fill, Qt.ConnectionType.QueuedConnection)
    # Read while the window paints (measured faster than reading before showing, or while Qt
    # starts: the worker then competes for the interpreter with the imports and the build).
    reader.start()
    window.show()
    _run_until(window.firstPainted, FIRST_PAINT_WAIT_MS)
    window.startup_reader = reader  # kept until it finished (a read slower than the waits fills later)
    return window


def prepare_window(window: MainWindow, args: argparse.Namespace, settings: Settings) -> None:
    """Before a main window shows: the day asked for, its size, and the first-paint probe."""
    if args.date:
        window.set_anchor(args.date)
    if args.screenshot:
        window.resize(*args.size)
    elif settings.geometry:
        window.restoreGeometry(settings.geometry)
    else:
        window.resize(1280, 800)
    if os.environ.get(PROBE_ENV):
        window.firstPaintDone.connect(lambda: report_first_paint(window))


def app_icon() -> QIcon:
    """DashDesk's icon from ``resources/`` (PNG renditions and the SVG)."""
    icon = QIcon()
    folder = resources_dir()
    for candidate in sorted(folder.glob("**/dashdesk*.png")) + sorted(folder.glob("**/dashdesk*.svg")):
        icon.addFile(str(candidate))
    return icon


def run(args: argparse.Namespace) -> int:
    """Create the QApplication, paint the cached calendar if there is one, then run the app."""
    logging.basicConfig(level=logging.WARNING)
    settings = Settings.default()
    reader = cache_reader(args, settings)
    existing = QApplication.instance()
    app = existing or QApplication([*sys.argv[:1], *FUSION_ARGS])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("DashDesk")
    app.setDesktopFileName("dashdesk")
    install_theme(app, set_style=existing is not None)  # type: ignore[arg-type]
    from dashdesk.ui.locale_setup import apply_to_qt

    apply_to_qt(app)  # type: ignore[arg-type]
    window = paint_cached_calendar(args, settings, reader) if reader is not None else None
    app.setWindowIcon(app_icon())
    from dashdesk.app import run_app

    return run_app(app, args, settings, window)  # type: ignore[arg-type]


__all__ = ["CachedRangeReader", "cache_reader", "paint_cached_calendar", "prepare_window", "run"]
