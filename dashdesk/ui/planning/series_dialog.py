"""The "Repeating posts" window: every series of the brand, its rule in words, what it made, what comes next;
open the next post, or stop repeating (keeping or deleting the posts still to come).

The list is read off the UI thread; stopping goes through :class:`dashdesk.services.series.SeriesService`
and deletes upcoming posts through the post service, so the calendar follows at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, ntr, tr
from dashdesk.i18n.formats import moment_text
from dashdesk.platforms import rules_for
from dashdesk.services.post import Post
from dashdesk.ui.icons import platform_icon

if TYPE_CHECKING:
    from dashdesk.services.posts import PostService
    from dashdesk.services.series import SeriesSummary

log = logging.getLogger(__name__)
EMPTY = N_("No repeating posts yet. In the composer, choose Repeat under the time to make one.")


def _when_text(when: datetime | None, zone: ZoneInfo) -> str:
    if when is None:
        return "Ended"
    local = when.astimezone(zone)
    return moment_text(local, year=True)


class SeriesDialog(QDialog):
    """Lists the brand's repeating posts (see the module docstring). ``openRequested(PostKey)`` asks the
    window to open a post in the composer."""

    openRequested = Signal(object)
    changed = Signal()

    def __init__(self, service: PostService, zone: ZoneInfo, *, store_factory: Callable[[], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.zone = zone
        self.store_factory = store_factory
        self.summaries: list[SeriesSummary] = []
        self.task: asyncio.Future[Any] | None = None
        self.setWindowTitle(tr("Repeating posts"))
        self.setMinimumSize(560, 320)
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(tr(
                "Posts that repeat are created up to eight weeks ahead and topped up whenever DashDesk runs. Stopping"
                " a repeat never touches posts already published."
            ), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(tr("Repeating posts"))
        self.tree.setHeaderLabels([tr("Platform"), tr("Post"), tr("Repeats"), tr("Next post"), tr("Planned posts")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_next())
        layout.addWidget(self.tree, 1)
        self.status = QLabel(tr("Reading the repeating posts…"), self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton(tr("Open next post"), self)
        self.stop_button = QPushButton(tr("Stop repeating…"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_next)
        self.stop_button.clicked.connect(self.ask_stop)
        layout.addWidget(buttons)
        self._update_buttons()

    # --- data ----------------------------------------------------------------------------------

    def _series_service(self) -> Any:
        from dashdesk.planning.series import SeriesStore
        from dashdesk.services.series import SeriesService

        store = self.store_factory() if self.store_factory else SeriesStore()
        return SeriesService(self.service.client, self.service.brand_id, store, clock=self.service.clock)

    def reload(self) -> asyncio.Future[Any]:
        """Read the series again (in a worker thread) and show them."""
        self.task = asyncio.ensure_future(self._reload())
        return self.task

    async def _reload(self, note: str = "") -> None:
        def read() -> list[SeriesSummary]:
            series = self._series_service()
            try:
                return series.overview()
            finally:
                series.store.close()

        try:
            found = await asyncio.to_thread(read)
            # the ones still running first, soonest next post first; ended repeats last
            self.summaries = sorted(found, key=lambda s: (s.ended, s.next_time or datetime.max.replace(tzinfo=UTC)))
        except Exception as exc:  # a damaged file: say so, keep the window usable
            log.warning("reading the repeating posts failed: %s", exc)
            self.summaries = []
            self.status.setText(str(exc) if exc.__class__.__name__ == "SeriesError" else
                                tr("The repeating posts can't be read just now. Close this window and try again."))
            self._fill()
            return
        self._fill()
        text = note or (tr(EMPTY) if not self.summaries else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _fill(self) -> None:
        self.tree.clear()
        for summary in self.summaries:
            series = summary.series
            name = rules_for(series.platform).name
            post = Post.from_json(series.platform, {"id": 0, **series.body})
            text = post.text.replace("\n", " ").strip() or "(no text)"
            rule = series.rule.describe()
            item = QTreeWidgetItem([name, text, rule[:1].upper() + rule[1:],
                                    _when_text(summary.next_time, self.zone), str(summary.upcoming)])
            item.setIcon(0, platform_icon(series.platform))
            item.setToolTip(1, text)
            item.setData(0, Qt.ItemDataRole.UserRole, series.id)
            item.setData(4, Qt.ItemDataRole.AccessibleTextRole, ntr("{n} planned post", "{n} planned posts",
                                                                         summary.upcoming))
            self.tree.addTopLevelItem(item)
        if self.summaries:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update_buttons()

    def current(self) -> SeriesSummary | None:
        """The selected series."""
        item = self.tree.currentItem()
        if item is None:
            return None
        series_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((s for s in self.summaries if s.series.id == series_id), None)

    def _update_buttons(self) -> None:
        summary = self.current()
        self.open_button.setEnabled(summary is not None and summary.next_post_id is not None)
        self.stop_button.setEnabled(summary is not None and not summary.ended)

    # --- commands ------------------------------------------------------------------------------

    def open_next(self) -> None:
        """Open the selected series' next post in the composer."""
        summary = self.current()
        if summary is not None and summary.next_post_id is not None:
            self.accept()  # the composer opens over the calendar, not behind this window
            self.openRequested.emit((summary.series.platform, summary.next_post_id))

    def ask_stop(self) -> QMessageBox | None:
        """Ask how to stop the selected series (non-blocking)."""
        summary = self.current()
        if summary is None:
            return None
        name = rules_for(summary.series.platform).name
        box = QMessageBox(QMessageBox.Icon.Question, tr("Stop repeating"),
                          tr("Stop repeating this {name} post? No new posts will be created for it.", name=name),
                          parent=self)
        keep = box.addButton(tr("Stop, keep planned posts"), QMessageBox.ButtonRole.AcceptRole)
        delete = None
        if summary.upcoming:
            words = ntr("Stop and delete {n} planned post", "Stop and delete {n} planned posts", summary.upcoming)
            delete = box.addButton(words, QMessageBox.ButtonRole.DestructiveRole)
            box.setInformativeText(tr("Planned posts are the ones not published yet. Published posts always stay."))
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)

        def answered(button: Any) -> None:
            if button is keep:
                self.stop(summary.series.id, delete_upcoming=False)
            elif delete is not None and button is delete:
                self.stop(summary.series.id, delete_upcoming=True)

        box.buttonClicked.connect(answered)
        box.open()
        self._box = box
        return box

    def stop(self, series_id: str, *, delete_upcoming: bool) -> asyncio.Future[Any]:
        """Stop a series (see :meth:`SeriesService.stop`); the list and the calendar follow."""
        self.task = asyncio.ensure_future(self._stop(series_id, delete_upcoming))
        return self.task

    async def _stop(self, series_id: str, delete_upcoming: bool) -> None:
        from dashdesk.services.posts import user_message

        async def delete(platform: str, post_id: int) -> None:
            key = (platform, post_id)
            if self.service.get(key) is not None:
                await self.service.delete(key, record=False)
            else:
                await self.service.client.delete_post(platform, post_id)

        self.stop_button.setEnabled(False)
        series = self._series_service()
        try:
            deleted = await series.stop(series_id, delete_upcoming=delete_upcoming, delete=delete)
        except Exception as exc:
            self.status.setText(tr(
                    "The repeat could not be stopped: {exc} Nothing else changed; try again.",
                    exc=user_message(exc),
                ))
            self.status.setVisible(True)
            self._update_buttons()
            return
        finally:
            series.store.close()
        self.changed.emit()
        await self._reload(ntr("Stopped. {n} planned post deleted.", "Stopped. {n} planned posts deleted.", deleted)
                           if deleted else tr("Stopped. Its planned posts stay in the calendar."))
