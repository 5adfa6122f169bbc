"""The composer's saving, as the window shows it: a Qt face on :class:`dashdesk.services.save_flow.SaveFlow`.

:class:`SaveRunner` runs the flow's steps as asyncio tasks and reports by signals, so the dialog
only shows progress and results; the functions below put results into the words the dialog shows,
and the two questions (send again anyway, discard) are built here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dashdesk.i18n import N_, ntr, tr
from dashdesk.platforms import Draft, PublishMode, rules_for
from dashdesk.services.compose import Outcome, PlatformResult
from dashdesk.services.save_flow import SaveFlow

log = logging.getLogger(__name__)

#: The Save button's words per publishing mode.
SAVE_LABELS = {PublishMode.NOW: N_("Publish now"), PublishMode.SCHEDULE: N_("Schedule"),
               PublishMode.DRAFT: N_("Save draft"), PublishMode.QUEUE: N_("Add to queue")}
OUTCOME_WORDS = {Outcome.SAVED: N_("saved"), Outcome.FAILED: N_("failed"), Outcome.UNKNOWN: N_("outcome unknown"),
                 Outcome.KEPT: N_("waiting to send")}


class SaveRunner(QObject):
    """Runs a :class:`SaveFlow` in the background and says how it goes.

    Signals: ``started()``; ``resultReady(PlatformResult)`` as each platform ends; ``finished(dict)``
    with the attempt's results; ``failed(str)`` when saving stopped on an unexpected error;
    ``followedUp(dict)`` with the results of the media follow-up after uploads ended.
    """

    started = Signal()
    resultReady = Signal(object)
    finished = Signal(dict)
    failed = Signal(str)
    followedUp = Signal(dict)

    def __init__(self, flow: SaveFlow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.flow = flow
        self.save_task: asyncio.Task[None] | None = None
        self.follow_task: asyncio.Task[None] | None = None
        self.saving = False

    def save(self, drafts: Callable[[], Mapping[str, Draft]], uploads_running: Callable[[], bool], *,
             force: bool = False) -> bool:
        """Start saving (``drafts`` and ``uploads_running`` are asked when it starts); ``False`` when a
        save is already on its way."""
        if self.save_task is not None and not self.save_task.done():
            return False
        self.save_task = asyncio.ensure_future(self._save(drafts, uploads_running, force))
        self.save_task.add_done_callback(self._save_ended)
        return True

    async def _save(self, drafts: Callable[[], Mapping[str, Draft]], uploads_running: Callable[[], bool],
                    force: bool) -> None:
        self.saving = True
        self.started.emit()
        try:
            busy = uploads_running()
            results = await self.flow.save(drafts(), uploads_running=busy, force=force,
                                           on_result=self.resultReady.emit)
        finally:
            self.saving = False
        self.finished.emit(results)

    def _save_ended(self, task: asyncio.Task[None]) -> None:
        """Say so when saving stopped on an unexpected error (the work stays, autosaved)."""
        if task.cancelled() or task.exception() is None:
            return
        exc = task.exception()
        from dashdesk.services.queue import QueueError

        if isinstance(exc, QueueError):  # said in plain words already (e.g. no free posting time)
            self.failed.emit(tr("{reason} Your post is kept.", reason=exc))
            return
        log.error("saving failed unexpectedly", exc_info=exc)
        self.failed.emit(tr("Saving stopped on an unexpected error ({exc}). Your post is kept; try again.", exc=exc))

    def follow_up(self, wait_for_uploads: Callable[[], Awaitable[None]], draft_for: Callable[[str], Draft]) -> None:
        """Once the uploads end, give the posts saved meanwhile their media (unless already following)."""
        if self.follow_task is None or self.follow_task.done():
            self.follow_task = asyncio.ensure_future(self._follow_up(wait_for_uploads, draft_for))

    async def _follow_up(self, wait_for_uploads: Callable[[], Awaitable[None]],
                         draft_for: Callable[[str], Draft]) -> None:
        self.followedUp.emit(await self.flow.follow_up(wait_for_uploads, draft_for))

    @property
    def following(self) -> bool:
        """Whether a follow-up is still waiting for uploads or sending."""
        return self.follow_task is not None and not self.follow_task.done()


def save_label(flow: SaveFlow, mode: PublishMode) -> str:
    """The Save button's words: save changes, retry what failed, or the publishing mode's verb."""
    failed = flow.failed_platforms()
    if flow.editing:
        return tr("Save changes")
    if failed:
        return (ntr("Retry {n} platform", "Retry {n} platforms", len(failed)) if len(failed) > 1
                else tr("Retry {name}", name=rules_for(failed[0]).name))
    return tr(SAVE_LABELS[mode])


def result_lines(results: Mapping[str, PlatformResult]) -> list[str]:
    """One line per platform: saved, failed or outcome unknown, with the reason where there is one."""
    lines = []
    for p, r in results.items():
        if r.ok and r.found_by_lookup:  # the message repeats the platform's name: say it once, plainly
            detail = " — " + tr("the answer was lost, but the post was found on Dash.")
        else:
            detail = "" if r.ok else " — " + r.message
        lines.append(f"{rules_for(p).name}: {tr(OUTCOME_WORDS[r.outcome])}{detail}")
    return lines


def uploads_line(pending: int, done: bool) -> str:
    """The draft is saved and ``pending`` uploads are still running."""
    if done:
        return ntr("{n} upload still running: the draft gets it when it finishes (you can close this window).",
                   "{n} uploads still running: the draft gets them when they finish (you can close this window).",
                   pending)
    return ntr("{n} upload still running: the draft gets it when it finishes.",
               "{n} uploads still running: the draft gets them when they finish.", pending)


def follow_up_lines(results: Mapping[str, PlatformResult], media_count: Callable[[str], int]) -> list[str]:
    """What the media follow-up did, one line per platform."""
    lines = []
    for platform, result in results.items():
        name = rules_for(platform).name
        if not result.ok:
            lines.append(tr("{platform}: the uploaded media could not be added to the draft — {reason}",
                            platform=name, reason=result.message))
        elif result.sent:
            lines.append(tr("{platform}: the draft now has its {n} media.", platform=name, n=media_count(platform)))
        else:
            lines.append(tr("{platform}: no media to add (uploads cancelled or failed).", platform=name))
    return lines


def ask(parent: QWidget, kind: QMessageBox.Icon, name: str, title: str, text: str, info: str,
        yes: str, no: QMessageBox.StandardButton | str, on_yes: Callable[[], None]) -> QMessageBox:
    """Open a question without blocking; ``on_yes`` runs when ``yes`` is clicked. Returns the box."""
    box = QMessageBox(kind, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    box.setInformativeText(info)
    accept = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    cancel = (box.addButton(no, QMessageBox.ButtonRole.RejectRole) if isinstance(no, str) else box.addButton(no))
    box.setDefaultButton(cancel)

    def done(_result: int) -> None:
        if box.clickedButton() is accept:
            on_yes()
        box.deleteLater()

    box.finished.connect(done)
    box.open()
    return box


def ask_force(parent: QWidget, platforms: list[str], on_yes: Callable[[], None]) -> QMessageBox:
    """Ask before sending posts of unknown outcome again (they may then exist twice)."""
    names = ", ".join(rules_for(p).name for p in platforms)
    return ask(parent, QMessageBox.Icon.Warning, "forceBox", tr("Send again anyway?"),
               tr("DashDesk can't tell whether the {platforms} post was created.", platforms=names),
               tr("Check the calendar in Dash first: if the post is there, sending again creates it twice."),
               tr("Send again"), QMessageBox.StandardButton.Cancel, on_yes)


def ask_discard(parent: QWidget, on_yes: Callable[[], None]) -> QMessageBox:
    """Ask "discard this post?"; Discard runs ``on_yes``, Keep editing stays."""
    return ask(parent, QMessageBox.Icon.Question, "discardBox", tr("Discard this post?"),
               tr("This post has not been saved. Discard it?"), tr("Discarded text and media can't be brought back."),
               tr("Discard"), tr("Keep editing"), on_yes)


class SaveProgress(QObject):
    """Shows a :class:`SaveRunner`'s progress in the composer's parts (results, tabs, locks, Save's words).

    Signals upward: ``resultsChanged(dict)`` after each attempt and follow-up; ``allSaved(list, bool)``
    once every platform is saved and has its media (``True`` when that came with the media follow-up,
    possibly after the window was closed); ``recheck()`` when the composer should check itself again.
    """

    resultsChanged = Signal(dict)
    allSaved = Signal(list, bool)
    recheck = Signal()
    #: The edited post changed in Dash meanwhile: "Keep mine" saves again (against Dash's version),
    #: "Take theirs" closes without saving (the calendar shows Dash's version).
    saveAgain = Signal()
    closeWithoutSaving = Signal()

    def __init__(self, runner: SaveRunner, parts: Any, parent: QObject | None = None) -> None:
        """``parts``: what the composer shows (``state``, ``keeper``, ``strips``, ``bar``, ``tabs``,
        ``picker``, ``when_part``, ``editor``) by those names."""
        super().__init__(parent)
        self.runner = runner
        self.flow = runner.flow
        self.parts = parts
        self.conflict_dialog: Any = None
        runner.started.connect(parts.bar.show_saving)
        runner.resultReady.connect(parts.tabs.show_result)
        runner.finished.connect(self._finished)
        runner.failed.connect(parts.bar.show_failed)
        runner.failed.connect(lambda _message: self.recheck.emit())
        runner.followedUp.connect(self._followed_up)

    def _finished(self, _attempt: dict[str, PlatformResult]) -> None:
        """A save attempt ended: show each platform's result; all saved ends the composer."""
        parts, flow = self.parts, self.flow
        parts.bar.cancel_button.setEnabled(True)
        results = flow.results
        for r in results.values():
            parts.tabs.show_result(r)
        self.resultsChanged.emit(dict(results))
        lines = result_lines(results)
        done = flow.is_done(parts.state.platforms)
        if flow.awaiting:
            lines.append(uploads_line(parts.strips.pending(), done))
            self.runner.follow_up(parts.strips.wait_ready, parts.state.draft_for)
        parts.bar.results_label.setText("\n".join(lines))
        if done and not flow.awaiting:
            self.allSaved.emit(list(results.values()), False)
            return
        if done:  # saved: only the media of running uploads are still to come
            parts.keeper.forget()
            parts.bar.cancel_button.setText(tr("Close"))
            for tab in parts.tabs.by_platform.values():
                tab.mark_saved()
            # Only the media strip still counts (what is ready when the uploads end is sent): the rest
            # is locked, so nothing looks editable that would not be sent.
            parts.editor.setReadOnly(True)
            parts.picker.set_locked()
            parts.when_part.set_locked()
            self.recheck.emit()
            return
        conflict = next((r.conflict for r in results.values() if r.conflict is not None), None)
        if conflict is not None and flow.edit is not None:
            self.ask_conflict(conflict)
        parts.bar.force_button.setVisible(bool(flow.unknown_platforms()))
        for p in parts.state.saved:
            if p in parts.tabs.by_platform:
                parts.tabs.by_platform[p].mark_saved()
        parts.picker.show_chosen(parts.state.platforms, parts.state.saved, editing=flow.editing)
        parts.bar.set_save_text(save_label(flow, parts.state.mode))
        self.recheck.emit()
        parts.keeper.write_now()

    def ask_conflict(self, conflict: Any) -> Any:
        """Show your edit and Dash's newer version side by side; do what the person chooses."""
        from dashdesk.platforms import draft_from_post
        from dashdesk.services.conflicts import ConflictChoice
        from dashdesk.ui.conflict_dialog import ConflictDialog

        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        zone = getattr(parent, "zone", None) or ZoneInfo("UTC")
        dialog = ConflictDialog(conflict, zone, parent, action="edit")
        edit = self.flow.edit

        def chosen(choice: ConflictChoice) -> None:
            if choice is ConflictChoice.KEEP_MINE and edit is not None:
                # your version goes out as an edit of theirs: every field you see differently is sent
                edit.original = draft_from_post(conflict.platform, conflict.theirs.data)
                self.saveAgain.emit()
            elif choice is ConflictChoice.TAKE_THEIRS:
                self.closeWithoutSaving.emit()

        dialog.chosen.connect(chosen)
        dialog.open()
        self.conflict_dialog = dialog
        return dialog

    def _followed_up(self, results: dict[str, PlatformResult]) -> None:
        """The uploads ended and the saved drafts got their media (or could not)."""
        state = self.parts.state
        self.parts.bar.results_label.setText("\n".join(follow_up_lines(results, lambda p: len(state.media_for(p)))))
        self.resultsChanged.emit(dict(results))
        if self.flow.is_complete(state.platforms):
            self.allSaved.emit(list(results.values()), True)
        else:
            self.recheck.emit()
