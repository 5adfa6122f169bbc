"""The composer's saving, as the window shows it: a Qt face on :class:`dashdesk.services.save_flow.SaveFlow`.

:class:`SaveRunner` runs the flow's steps as asyncio tasks and reports by signals, so the dialog
only shows progress and results; the functions below put results into the words the dialog shows,
and the two questions (send again anyway, discard) are built here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from dashdesk.platforms import Draft, PublishMode, rules_for
from dashdesk.services.compose import Outcome, PlatformResult
from dashdesk.services.save_flow import SaveFlow

log = logging.getLogger(__name__)

#: The Save button's words per publishing mode.
SAVE_LABELS = {PublishMode.NOW: "Publish now", PublishMode.SCHEDULE: "Schedule", PublishMode.DRAFT: "Save draft"}
OUTCOME_WORDS = {Outcome.SAVED: "saved", Outcome.FAILED: "failed", Outcome.UNKNOWN: "outcome unknown"}


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
        log.error("saving failed unexpectedly", exc_info=exc)
        self.failed.emit(f"Saving stopped on an unexpected error ({exc}). Your post is kept; try again.")

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
        return "Save changes"
    if failed:
        return f"Retry {len(failed)} platforms" if len(failed) > 1 else f"Retry {rules_for(failed[0]).name}"
    return SAVE_LABELS[mode]


def result_lines(results: Mapping[str, PlatformResult]) -> list[str]:
    """One line per platform: saved, failed or outcome unknown, with the reason where there is one."""
    lines = []
    for p, r in results.items():
        detail = "" if r.ok and not r.found_by_lookup else f" — {r.message}"
        lines.append(f"{rules_for(p).name}: {OUTCOME_WORDS[r.outcome]}{detail}")
    return lines


def uploads_line(pending: int, done: bool) -> str:
    """The draft is saved and ``pending`` uploads are still running."""
    return (f"{pending} upload{'s' if pending != 1 else ''} still running: the draft gets "
            f"{'them' if pending != 1 else 'it'} when {'they finish' if pending != 1 else 'it finishes'}"
            + (" (you can close this window)." if done else "."))


def follow_up_lines(results: Mapping[str, PlatformResult], media_count: Callable[[str], int]) -> list[str]:
    """What the media follow-up did, one line per platform."""
    lines = []
    for platform, result in results.items():
        name = rules_for(platform).name
        if not result.ok:
            lines.append(f"{name}: the uploaded media could not be added to the draft — {result.message}")
        elif result.sent:
            lines.append(f"{name}: the draft now has its {media_count(platform)} media.")
        else:
            lines.append(f"{name}: no media to add (uploads cancelled or failed).")
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
    return ask(parent, QMessageBox.Icon.Warning, "forceBox", "Send again anyway?",
               f"DashDesk can't tell whether the {names} post was created.",
               "Check the calendar in Dash first: if the post is there, sending again creates it twice.",
               "Send again", QMessageBox.StandardButton.Cancel, on_yes)


def ask_discard(parent: QWidget, on_yes: Callable[[], None]) -> QMessageBox:
    """Ask "discard this post?"; Discard runs ``on_yes``, Keep editing stays."""
    return ask(parent, QMessageBox.Icon.Question, "discardBox", "Discard this post?",
               "This post has not been saved. Discard it?", "Discarded text and media can't be brought back.",
               "Discard", "Keep editing", on_yes)
