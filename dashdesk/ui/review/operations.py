"""The review queue's batch operations: approve and schedule, publish now, delete.

Each one confirms without blocking (a dialog opened with ``open()``), then runs through
``ReviewActions`` (and so ``PostService``) as a task on the app's loop, and ends with one line of
text in the panel's message line. The panel owns one ``ReviewOperations`` and forwards its verbs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QMessageBox, QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.platforms import rules_for
from dashdesk.services.post import Post, PostKey
from dashdesk.services.posts import user_message
from dashdesk.services.review import BatchResult
from dashdesk.ui.review.delegate import tone_color
from dashdesk.ui.review.dialogs import ApproveDialog
from dashdesk.ui.review.preview import set_text_color

if TYPE_CHECKING:
    from dashdesk.ui.review.panel import ReviewPanel


class ReviewOperations:
    """Runs the panel's batch operations and shows their outcome in its message line.

    ``pending`` is the last task started, ``last_result`` the last batch's result, ``dialog`` the
    confirmation or time dialog open now (while one is open, no second operation starts).
    """

    def __init__(self, panel: ReviewPanel) -> None:
        self.panel = panel
        self.pending: asyncio.Future[Any] | None = None
        self.last_result: BatchResult | None = None
        self.dialog: QWidget | None = None

    def approve_selected(self) -> ApproveDialog | None:
        """Ask for the time (dialog opened with ``open()``), then schedule the selected posts."""
        panel = self.panel
        posts = panel.selected_posts()
        if not posts or self.busy():
            return None
        dialog = ApproveDialog(posts, panel.check, panel.tz(), panel.now(), panel)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._approve(dialog.times(), dialog.blocked))
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _approve(self, times: dict[PostKey, datetime], blocked: list[tuple[Post, str]]) -> None:
        if not times:
            self.show(tr("Nothing approved: {value}",
                         value=blocked[0][1]) if blocked else tr("Nothing approved."), error=True)
            return
        n = len(times)
        self.spawn(self._run(self.panel.actions.approve(list(times), times), "Scheduled", blocked),
                   ntr("Scheduling {n} post…", "Scheduling {n} posts…", n))

    def publish_selected(self) -> QMessageBox | None:
        """Confirm, then publish the selected posts now."""
        posts = self.panel.selected_posts()
        if not posts or self.busy():
            return None
        keys = [p.key for p in posts]
        return self._confirm(tr("Publish now"), self._question(posts, "publish"),
                             tr("They go out within moments and can't be taken back from here."), tr("Publish now"),
                             lambda: self.spawn(self._run(self.panel.actions.publish_now(keys), "Sent", []),
                                                "Publishing…"))

    def delete_selected(self) -> QMessageBox | None:
        """Confirm, then delete the selected posts."""
        posts = self.panel.selected_posts()
        if not posts or self.busy():
            return None
        keys = [p.key for p in posts]
        return self._confirm(tr("Delete"), self._question(posts, "delete"), tr("You can undo this with Edit > Undo."),
                             tr("Delete"), lambda: self.spawn(self._run(self.panel.actions.delete(keys), "Deleted", []),
                                                              tr("Deleting…")))

    @staticmethod
    def _question(posts: list[Post], what: str) -> str:
        n = len(posts)
        name = rules_for(posts[0].platform).name
        if what == "publish":
            return ntr("Publish this {name} post now?", "Publish {n} posts now?", n, name=name)
        return ntr("Delete this {name} post?", "Delete {n} posts?", n, name=name)

    def _confirm(self, title: str, text: str, info: str, yes: str, then: Callable[[], Any]) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, self.panel)
        box.setInformativeText(info)
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda b: then() if b is ok else None)
        box.finished.connect(self._dialog_closed)
        self.dialog = box
        box.open()
        return box

    def _dialog_closed(self, *_: object) -> None:
        self.dialog = None
        panel = self.panel
        if shiboken6.isValid(panel) and panel.isVisible():
            panel.window().activateWindow()  # back to the queue for the next key
            panel.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def busy(self) -> bool:
        """Whether a dialog of an operation is open."""
        return self.dialog is not None

    async def _run(self, work: Coroutine[Any, Any, BatchResult], verb: str,
                   blocked: list[tuple[Post, str]]) -> tuple[str, bool]:
        result = await work
        if result.conflicts:  # changed in Dash since loaded: the person chooses, post by post
            from dashdesk.ui.conflict_dialog import settle_review_conflicts

            await settle_review_conflicts(self.panel, result, self.panel.actions, self.panel.tz())
        self.panel.marking = False
        for post, reason in blocked:
            result.blocked[post.key] = reason
        self.last_result = result
        text = result.summary(verb)
        if result.done and verb == "Scheduled":
            text += " " + tr("Undo with Ctrl+Z.")
        return text, not result.ok

    def spawn(self, coro: Coroutine[Any, Any, tuple[str, bool]], busy: str) -> asyncio.Task[tuple[str, bool]]:
        """Run ``coro`` on the app's event loop; its text ends up in the message line."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = asyncio.get_event_loop()
        task = loop.create_task(coro)
        self.pending = task
        self.show(busy)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[tuple[str, bool]]) -> None:
        if task.cancelled() or not shiboken6.isValid(self.panel.message):
            return
        exc = task.exception()
        text, error = (user_message(exc), True) if exc is not None else task.result()
        self.show(text, error=error)
        self.panel.operationFinished.emit(text)

    def show(self, text: str, *, error: bool = False) -> None:
        """Put ``text`` in the panel's message line (in the danger colour for an error)."""
        message = self.panel.message
        message.setText(text)
        message.setVisible(bool(text))
        palette = self.panel.palette()
        color = tone_color("danger", palette) if error else palette.color(QPalette.ColorRole.WindowText)
        set_text_color(message, color)
