"""The Media panel of the main window: the brand's Library and the upload queue, and a drop target."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.ui import icons

from .hub import MediaHub
from .library import LibraryBrowser
from .queue_view import UploadQueueView
from .strip import FILE_FILTER

__all__ = ["MediaPanel"]


class MediaPanel(QWidget):
    """Library browser and upload queue in tabs; files dropped on it upload to the brand's Library.

    ``attachRequested(list[Media])`` fires when the person attaches Library media (the main window
    passes it to an open composer).
    """

    attachRequested = Signal(list)

    def __init__(self, hub: MediaHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.setAcceptDrops(True)
        self.setAccessibleName(tr("Media"))
        self.library = LibraryBrowser(hub, self)
        self.library.chosen.connect(self.attachRequested)
        self.queue_view = UploadQueueView(hub, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.library, icons.icon("image"), tr("Library"))
        self.tabs.addTab(self.queue_view, icons.icon("arrow-down-circle-fill"), tr("Uploads"))
        self.tabs.tabBar().setAccessibleName(tr("Library or uploads"))
        self.upload_button = QPushButton(icons.icon("plus-lg"), tr("Upload files…"), self)
        self.upload_button.setAccessibleName(tr("Upload files"))
        self.upload_button.clicked.connect(self.open_file_dialog)
        self.hint = QLabel(tr("Drop photos or videos anywhere here to add them to the Library."), self)
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.hint, 1)
        top.addWidget(self.upload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        # Tab in reading order: Upload files (top right), the tabs, then the library's grid and buttons
        chain = [self.upload_button, self.tabs.tabBar(), self.library.view, self.library.prev_button,
                 self.library.next_button, self.library.refresh_button, self.library.attach_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        hub.uploads.progressChanged.connect(self._update_tab)
        hub.uploads.itemChanged.connect(self._maybe_refresh_library)
        self._update_tab()

    def upload_paths(self, paths: list[str]) -> int:
        """Queue files for the Library; returns how many were queued.

        The queue inspects each file off the UI thread first: a damaged, empty or unsupported file
        ends as a failed row with its message, and nothing of it is sent.
        """
        if self.hub.brand_id is None:
            self.hint.setText(tr("Choose a brand before uploading."))
            return 0
        for path in paths:
            self.hub.uploads.add(path, self.hub.brand_id, tag="library")
        self.tabs.setCurrentWidget(self.queue_view)
        return len(paths)

    def open_file_dialog(self) -> None:
        """Choose files to upload (non-blocking dialog)."""
        dialog = QFileDialog(self, tr("Upload photos or videos to the Library"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(tr(FILE_FILTER))
        dialog.filesSelected.connect(self.upload_paths)
        dialog.open()
        self._dialog = dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Take file drops."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Upload dropped files."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.upload_paths(paths)
            event.acceptProposedAction()

    def _update_tab(self) -> None:
        p = self.hub.queue.progress()
        label = tr("Uploads ({n})", n=p.active + p.queued) if p.busy else tr("Uploads")
        self.tabs.setTabText(self.tabs.indexOf(self.queue_view), label)

    def _maybe_refresh_library(self, item_id: str) -> None:
        item = self.hub.uploads.get(item_id)
        if item is not None and item.tag == "library" and item.state.finished and not self.hub.queue.busy:
            self.library.load(self.library.offset)
