"""Playing a previewed video: in DashDesk's own player window (Qt Multimedia), or the system's player.

Qt Multimedia comes with the optional ``video`` extra (PySide6-Addons; on Linux it also needs
PulseAudio's client library, which desktops have). Its FFmpeg libraries must not share a process
with PyAV's (which DashDesk uses to read videos): both in one process corrupt each other's memory.
So the player window runs in a child process (``python -m dashdesk.ui.previews.player_window``),
started when a person presses play; start-up never pays for it. Without Qt Multimedia (or when the
child can't load it) the video opens in the player the system associates with the file, and the
play button's tooltip says which will happen.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from functools import cache

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from dashdesk.i18n import tr

log = logging.getLogger(__name__)

#: The player child's exit code when Qt Multimedia can't be loaded there (the system player takes over).
NO_MULTIMEDIA = 3


@cache
def multimedia_available() -> bool:
    """Whether Qt Multimedia is installed (checked without loading it into this process)."""
    if getattr(sys, "frozen", False):  # a bundled app has no ``python -m`` to start the player with
        return False
    return importlib.util.find_spec("PySide6.QtMultimedia") is not None


def play_tip() -> str:
    """The play button's tooltip: where the video will play."""
    return tr("Play the video") if multimedia_available() else tr("Play the video (opens in your video player)")


def url_of(ref: str) -> QUrl:
    """A local path or a web address as a URL."""
    return QUrl(ref) if ref.startswith(("http://", "https://")) else QUrl.fromLocalFile(ref)


def open_in_system_player(ref: str) -> bool:
    """Open ``ref`` with the system's player; False when nothing opened it."""
    opened = QDesktopServices.openUrl(url_of(ref))
    if not opened:
        log.info("no application opened the video")
    return opened


def play_video(ref: str, parent: QWidget | None = None) -> QProcess | None:
    """Play the video at ``ref``: DashDesk's player window in a child process (returned), or the
    system's player (None)."""
    if not multimedia_available():
        open_in_system_player(ref)
        return None
    process = QProcess(parent)
    process.setProgram(sys.executable)
    process.setArguments(["-m", "dashdesk.ui.previews.player_window", url_of(ref).toString()])

    def finished(code: int, _status: QProcess.ExitStatus) -> None:
        if code == NO_MULTIMEDIA:
            open_in_system_player(ref)

    def failed(error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            open_in_system_player(ref)

    process.finished.connect(finished)
    process.errorOccurred.connect(failed)
    process.start()
    return process
