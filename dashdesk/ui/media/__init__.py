"""Media widgets: the composer's media strip, the upload queue view, the Library browser, the Media panel.

All share one :class:`MediaHub` (the upload queue, the Dash client, the brand, background workers).
Everything slow (inspection, thumbnails, uploads, Library pages) runs off the UI thread.
"""

from ._pyside_fix import protect_singletons
from .hub import BackgroundWork, MediaHub, QtUploadQueue
from .library import LibraryBrowser, LibraryDialog
from .panel import MediaPanel
from .queue_view import UploadQueueView
from .strip import AttachedMedia, ItemState, MediaStrip, StripItem

__all__ = [
    "AttachedMedia",
    "BackgroundWork",
    "ItemState",
    "LibraryBrowser",
    "LibraryDialog",
    "MediaHub",
    "MediaPanel",
    "MediaStrip",
    "QtUploadQueue",
    "StripItem",
    "UploadQueueView",
]

protect_singletons()  # PySide6 6.12 on CPython 3.11 drains True and None (see the module)
