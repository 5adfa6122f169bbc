"""Media widgets: the composer's media strip, the upload queue view, the Library browser, the Media panel.

All share one :class:`MediaHub` (the upload queue, the Dash client, the brand, background workers).
Everything slow (inspection, thumbnails, uploads, Library pages) runs off the UI thread.
"""

from typing import Any

from PySide6.QtWidgets import QDockWidget

from dashdesk.i18n import tr

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
    "create_dock",
    "hub_for",
    "install",
]


def hub_for(window: Any) -> MediaHub:
    """The main window's shared media hub (made on first use, uploads restored from the last run).

    Composers opened from ``window`` can use ``window.media_hub`` so their uploads show in the Media
    panel's queue and dedupe spans both.
    """
    hub = getattr(window, "media_hub", None)
    if isinstance(hub, MediaHub):
        return hub
    from dashdesk.media.queue import UploadQueue

    session = getattr(window, "session", None)
    client = getattr(session, "client", None)
    brand_id = getattr(session, "brand_id", None)
    settings = getattr(window, "settings", None)
    keep = settings.reader("keep_media_metadata") if hasattr(settings, "reader") else None
    hub = MediaHub(UploadQueue(client), client=client, brand_id=brand_id, parent=window, keep_metadata=keep)
    if brand_id is not None:
        hub.queue.restore(brand_id=int(brand_id))
    window.media_hub = hub
    return hub


def install(window: Any) -> None:
    """Called by the main window after its first paint: sets ``window.media_hub`` (see :func:`hub_for`).

    From then on every composer the window opens uploads through the queue the Media panel shows,
    and uploads left unfinished by the last run resume without opening the panel.
    """
    hub_for(window)


def create_dock(window: Any) -> QDockWidget:
    """The Media panel as a dock for the main window (View > Media library)."""
    hub = hub_for(window)
    dock = QDockWidget("Media", window)
    panel = MediaPanel(hub, dock)
    dock.setWidget(panel)

    def attach(media: list[Any]) -> None:
        composer = getattr(window, "_composer", None)
        target = getattr(composer, "attach_media", None)
        if callable(target) and composer.isVisible():
            target(media)
        elif hasattr(window, "show_hint"):
            window.show_hint(tr("Open a post (N) to attach Library media to it."))

    panel.attachRequested.connect(attach)
    return dock

