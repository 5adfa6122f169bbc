"""The composer dialog: write one post for one or more platforms, see every rule while typing, save.

The dialog lays out its parts and wires their signals; each part is its own widget:
:class:`PlatformPicker` (platform choice), :class:`TextPart` (the shared text and a counter per
platform), the media strip, :class:`PlatformTabs` (a tab per platform: post type, its own fields,
overrides, auto-publish, problems in words, preview), :class:`WhenPicker` (publishing mode and time in
the display zone), :class:`ProblemsPanel` (what blocks saving), then results, Cancel and Save.
Saving is a :class:`dashdesk.services.save_flow.SaveFlow` run by a :class:`SaveRunner`; the dialog
only shows its progress. :class:`WorkKeeper` autosaves.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QMessageBox, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.platforms import Problem, PublishMode, rules_for
from dashdesk.services.compose import ComposeService, PlatformResult
from dashdesk.services.save_flow import SaveFlow
from dashdesk.store.autosave import AutosaveWriter, shared_writer

from . import saving
from .boards import BoardLoader
from .checks import Checker, Placed, counts_for, while_uploading
from .focus import focus_field
from .helpers_part import attach_helpers
from .keeping import WorkKeeper
from .layout_part import build_split, set_tab_order
from .media import HubMediaStrip, MediaStripLike, MediaStripView, Strips, Uploader
from .media_items import attach_library_media, make_hub, media_items_of, state_of_post, upload_item
from .planning_parts import install_planning
from .platform_picker import PlatformPicker
from .platform_tab import PlatformTab
from .problems_panel import ProblemsPanel, uploads_note
from .repeat_part import OccurrenceBar, RepeatPicker
from .save_bar import SaveBar
from .saving import SaveProgress, SaveRunner
from .state import ComposerState
from .when_part import WhenPicker, default_time, zone_of, zone_text
from .widgets import CounterLabel, ProblemLabel, em, fit_to_screen

log = logging.getLogger(__name__)

PREVIEW_MS = 120
CLOCK_MS = 30_000

__all__ = ["ComposerDialog", "default_time", "media_items_of", "zone_of", "zone_text"]  # known from here


class ComposerDialog(QDialog):
    """Write or edit a post.

    Signals: ``saved(list[PlatformResult])`` once every platform is saved (then the dialog accepts);
    ``resultsChanged(dict)`` after each save attempt with the per-platform results.
    """

    saved = Signal(list)
    resultsChanged = Signal(dict)

    def __init__(
        self,
        client: Any,
        brand_id: int,
        tz: ZoneInfo | str,
        *,
        post: Any = None,
        when: datetime | None = None,
        platforms: list[str] | None = None,
        service: Any = None,
        media_hub: Any = None,
        state: ComposerState | None = None,
        autosave: AutosaveWriter | None = None,
        uploader: Uploader | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        planner: Any = None,
        parent: QWidget | None = None,
        outbox: Any = None,
    ) -> None:
        """``client``: a ``DashClient`` (boards, uploads, lookups); ``tz``: the display time zone;
        ``service``: the app's ``PostService`` (creates and edits then show in the calendar and can be
        undone; without it they go straight to ``client``);
        ``post``: an existing post to edit in place (its platform fixed); ``when``: the initial time;
        ``media_hub``: the app's ``MediaHub`` (the shared media strip and upload queue; one is made
        for ``client`` when not given); ``state``: a restored composer state; ``autosave``: where to
        autosave (the process's shared writer by default); ``outbox``: the app's ``OutboxService`` (a new
        post Dash can't take now is kept there and sent later, instead of failing); ``planner``: snippets,
        labels and day notes."""
        super().__init__(parent)
        self.client = client
        self.brand_id = int(brand_id)
        self.zone = zone_of(tz)
        self.clock = clock
        self.autosave = autosave or shared_writer()
        self.compose = ComposeService(client, self.brand_id, posts=service, clock=clock)
        self.checker = Checker(self.brand_id, clock)
        self._later_checker = Checker(self.brand_id, clock)  # with the media still uploading counted
        self.problems: dict[str, list[Problem]] = {}
        self.blocking: list[str] = []
        self.locked = ""  # why an opened post can't be changed (e.g. it was posted)
        self._closing_ok = False
        self._delete_when_done = False
        self._targets: list[tuple[str, str | None]] | None = None
        self.before_save: list[Callable[[], None]] = []  # run just before each save (link tracking)
        self.uploader = uploader or (functools.partial(upload_item, client, self.brand_id) if client is not None
                                     else None)
        self.media_hub = media_hub if media_hub is not None else make_hub(client, self.brand_id, self)
        self.board_loader: BoardLoader | None = (
            (lambda: client.list_boards(self.brand_id)) if client is not None and hasattr(client, "list_boards")
            else None)

        if state is not None:
            self.state = state
        elif post is not None:
            self.state, self.locked = state_of_post(post)
        else:
            self.state = ComposerState(when=when or default_time(clock()), platforms=list(platforms or []))
            self.state.set_platforms(self.state.platforms)
        if self.state.when is None:
            self.state.when = when or default_time(clock())
        self.editing = self.state.edit is not None
        sender: Any = self.compose
        if outbox is not None and self.state.edit is None:
            from dashdesk.services.outbox import OutboxSender

            sender = OutboxSender(self.compose, outbox)
        self.flow = SaveFlow(sender, saved=self.state.saved, edit=self.state.edit)
        self.runner = SaveRunner(self.flow, self)
        self.keeper = WorkKeeper(self.autosave, self.state, self.brand_id, self)

        self.setObjectName("composer")
        self.setWindowTitle(tr("Edit {name} post", name=rules_for(self.state.edit.platform).name) if self.state.edit
                            else tr("New post"))
        self.setAccessibleName(tr("Composer"))
        self.setSizeGripEnabled(True)
        self._build()
        self.queue, self.repeat = install_planning(self, client, service, clock)  # Add to queue, Repeat
        self._wire()
        self.picker.show_chosen(self.state.platforms, self.state.saved, editing=self.editing)
        self._platforms_shown()
        self.text_part.set_text(self.state.text)
        self.media.set_items(self.state.media)
        self.when_part.load(self.state.mode, self.state.timed_draft, self.state.when)
        for tab in self.tabs_by_platform.values():
            tab.load_from_state()
        self.bar.set_save_text(saving.save_label(self.flow, self.state.mode))
        for p in self.state.saved:  # a restored composer whose earlier save reached some platforms
            if p in self.tabs_by_platform:
                self.tabs_by_platform[p].mark_saved()
        fit_to_screen(self, 78, 46)

        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_MS, timeout=self.update_preview)
        self._clock_timer = QTimer(self, interval=CLOCK_MS, timeout=self.revalidate)
        self._clock_timer.start()
        QShortcut(QKeySequence("Ctrl+Return"), self, self.queue.add_to_queue)
        self.helpers = attach_helpers(self, planner) if planner is not None else None
        self.revalidate()
        self.update_preview()
        if state is not None:
            self.keeper.restored()  # a restored composer holds unsaved work

    # --- construction ----------------------------------------------------------------------

    def _make_strip(self, name: str, parent: QWidget) -> MediaStripLike:
        """The shared media strip when there is a hub, else the composer's own small one."""
        strip: MediaStripLike
        if self.media_hub is not None:
            strip = HubMediaStrip(name, self.media_hub, parent)
        else:
            strip = MediaStripView(name, self.uploader, parent)
        strip.busyChanged.connect(lambda _busy: self.revalidate())
        if isinstance(strip, HubMediaStrip):
            strip.problemsChanged.connect(self.revalidate)
        return strip

    def _make_tab(self, platform: str) -> PlatformTab:
        tab = PlatformTab(platform, self.state, board_loader=self.board_loader, make_strip=self._make_strip,
                          parent=self)
        tab.edited.connect(lambda: self._changed())
        tab.mediaEdited.connect(lambda: self._changed(urgent=True))
        if tab.board is not None:
            tab.board.start()
        return tab

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        gap = em(self, 0.6)
        outer.setSpacing(gap)
        self.picker = PlatformPicker(gap, self)
        outer.addWidget(self.picker)

        split = build_split(self)
        outer.addWidget(split, 1)

        self.when_part = WhenPicker(self.zone, gap, self)
        outer.addWidget(self.when_part)
        self.repeat_picker, self.occurrence_bar = RepeatPicker(self), OccurrenceBar(self)
        outer.addWidget(self.repeat_picker)
        outer.addWidget(self.occurrence_bar)
        self.blockers = ProblemsPanel(self)
        outer.addWidget(self.blockers)
        self.bar = SaveBar(gap, self)
        outer.addWidget(self.bar)

        # The parts' widgets under the names the app and its tests know.
        self.platform_buttons, self.platform_problem = self.picker.buttons, self.picker.problem
        self.platforms_label = self.picker.label
        self.text_label, self.editor = self.text_part.label, self.text_part.editor
        self.counters, self.text_problem = self.text_part.counters, self.text_part.problem
        self.tabs_by_platform = self.tabs.by_platform
        self.mode_group, self.mode_buttons = self.when_part.mode_group, self.when_part.mode_buttons
        self.timed, self.time_edit = self.when_part.timed, self.when_part.time_edit
        self.zone_label, self.time_problem = self.when_part.zone_label, self.when_part.problem
        self.results_label, self.force_button = self.bar.results_label, self.bar.force_button
        self.cancel_button, self.save_button = self.bar.cancel_button, self.bar.save_button
        self.strips = Strips(self.media, self.state, self.tabs_by_platform)
        self.progress = SaveProgress(self.runner, SimpleNamespace(
            state=self.state, keeper=self.keeper, strips=self.strips, bar=self.bar, tabs=self.tabs,
            picker=self.picker, when_part=self.when_part, editor=self.editor), self)
        # Forwarded to the parts (the app and its tests call them on the dialog).
        self.set_platforms = self.picker.set_chosen
        self.autosave_now = self.keeper.write_now

        set_tab_order(self)

    def _wire(self) -> None:
        """Connect the parts: each says what the person did; the state changes in ``_changed``."""
        self.picker.toggled.connect(self._platform_toggled)
        self.text_part.textEdited.connect(lambda text: self._changed(text=text))
        self.media.changed.connect(lambda items: self._changed(urgent=True, media=list(items)))
        self.tabs.currentChanged.connect(lambda _i: self.update_preview())
        self.when_part.modeChanged.connect(lambda mode: self._changed(mode=mode))
        self.when_part.timedChanged.connect(lambda on: self._changed(timed_draft=on))
        self.when_part.timeChanged.connect(lambda when: self._changed(when=when))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.force_button.clicked.connect(self.ask_force)
        self.progress.resultsChanged.connect(self.resultsChanged)
        self.progress.allSaved.connect(self._all_saved)
        self.progress.recheck.connect(self.revalidate)
        self.progress.saveAgain.connect(self.save)
        self.progress.closeWithoutSaving.connect(self._discard_and_close)

    # --- platforms and tabs ----------------------------------------------------------------

    def _platform_toggled(self, platform: str, on: bool) -> None:
        self.state.set_platforms(self.picker.chosen())
        self._platforms_shown()
        if on:
            self.tabs.setCurrentWidget(self.tabs_by_platform[platform])
        self._changed(urgent=True)

    def tab(self, platform: str) -> PlatformTab:
        """The tab of a chosen platform."""
        return self.tabs_by_platform[platform]

    def _platforms_shown(self) -> None:
        platforms = self.state.platforms
        self.tabs.show_platforms(platforms, self._make_tab)
        self.tabs.setVisible(bool(platforms))
        self.no_platform.setVisible(not platforms)
        self.text_part.set_platforms(platforms)
        self.media_label.setText(tr("Media for all platforms") if len(platforms) > 1 else tr("Media"))

    def current_platform(self) -> str | None:
        """The platform of the tab shown now."""
        return self.tabs.current_platform() if hasattr(self, "tabs") else None

    def attach_media(self, media: list[Any]) -> int:
        """Attach media already in the Library (``dashdesk.api.Media`` objects, as the Media panel and
        the Library browser send them; objects with ``media_id`` work too) without uploading again.

        They join the strip of the tab shown now when that platform has its own media, else the
        shared strip, after what is there. Returns how many were attached (repeats are skipped).
        """
        if self.locked:  # a posted post can't change
            return 0
        platform = self.current_platform()
        strip: MediaStripLike = self.media
        if platform is not None and len(self.state.platforms) > 1 and self.state.part(platform).own_media is not None:
            strip = self.tabs_by_platform[platform].media
        return attach_library_media(strip, media)

    def focus_field(self, path: str, platform: str | None = None) -> QWidget | None:
        """Show and focus the editor of body ``path`` ("media_ids", "meta.title", "title",
        "declared_made_for_kids", "timestamp", a caption path...) on its platform's tab.

        Which widget edits a path comes from the rules table (the tab's field editors are keyed by
        body path); ``platform`` picks the tab when several platforms have the path. Returns the
        focused widget, or ``None`` when the composer has no editor for the path.
        """
        return focus_field(self, path, platform)

    # --- edits -----------------------------------------------------------------------------

    def set_time(self, when: datetime) -> None:
        """Pick ``when`` in the picker (as the person would)."""
        self.state.when = when.astimezone(UTC)
        self.when_part.show_time(self.state.when, emit=True)

    def _changed(self, *, urgent: bool = False, **changes: Any) -> None:
        """One edit from a part (``changes`` of the state's fields, if any): keep it, check everything."""
        for name, value in changes.items():
            setattr(self.state, name, value)
        if "mode" in changes or "timed_draft" in changes:
            self.when_part.show_mode(self.state.mode, self.state.timed_draft)
            self.bar.set_save_text(saving.save_label(self.flow, self.state.mode))
        self.keeper.changed()
        self.revalidate()
        self._preview_timer.start()
        if urgent:
            self.keeper.write_now()

    # --- validation ------------------------------------------------------------------------

    def revalidate(self) -> None:
        """Check every chosen platform and show each problem beside what it concerns."""
        state = self.state
        multi = len(state.platforms) > 1
        placed = Placed()
        self.problems = {}
        for p in state.platforms:
            part = state.part(p)
            own = part.own_media is not None and p in self.tabs_by_platform
            strip = self.tabs_by_platform[p].media if own else self.media
            problems = [] if p in state.saved else self.checker.problems(state.draft_for(p))
            if p not in state.saved and strip.is_busy():  # count the media still uploading
                problems = while_uploading(state.draft_for(p), problems, strip.pending_kinds(), self._later_checker)
            self.problems[p] = problems
            tab = self.tabs_by_platform[p]
            tab.show_problems(problems)
            tab.update_counts()
            placed.add(p, problems, shared_text=part.own_text is None, shared_media=part.own_media is None,
                       multi=multi)
            rules = rules_for(p)
            shared = part.own_text is None and rules.text_field.applies_to(part.post_type)
            self.text_part.show_count(p, shared and bool(rules.text_field.limits))
            if self.text_part.is_counting(p):
                self.text_part.show_count(p, True, counts_for(p, part.post_type, rules.text_field.path, state.text),
                                          f"{rules.name}" if multi else "")
            self.tabs.mark(p, "saved" if p in state.saved else
                           "error" if any(x.blocking for x in problems) else "ok")
        self.text_problem.set_messages(placed.text)
        self.media.set_problems(placed.media)
        shared_targets = [(p, state.part(p).post_type) for p in state.platforms if state.part(p).own_media is None]
        if shared_targets != self._targets:
            self._targets = shared_targets
            self.media.set_targets(shared_targets)
        self.queue.refresh()
        self.repeat.show_for(state.mode)
        blockers = placed.blockers + self.queue.blockers() + self.repeat.blockers()
        uploads_block = state.mode is not PublishMode.DRAFT  # a draft saves now and gets them later
        for p, strip in self.strips.all():
            prefix = f"{rules_for(p).name}: " if p else ""
            blockers += [prefix + b for b in strip.blockers(uploads_block=uploads_block)]
        self.time_problem.set_messages(placed.time)
        if not state.platforms:
            blockers.insert(0, tr("Choose at least one platform."))
            placed.beside.add(tr("Choose at least one platform."))  # said under the platform buttons
        if self.locked:
            blockers.insert(0, self.locked)
        self.platform_problem.set_messages([] if state.platforms else [tr("Choose at least one platform.")])
        self.blocking = blockers
        waiting = bool(self.flow.awaiting) and self.flow.is_done(state.platforms)
        self.save_button.setEnabled(not blockers and not self.runner.saving and not waiting)
        pending = 0 if blockers or waiting or state.mode is not PublishMode.DRAFT else self.strips.pending()
        listed = [b for b in blockers if b not in placed.beside]
        self.save_button.setToolTip(self.blockers.show_blockers(listed, uploads_note(pending) if pending else "",
                                                                marked=len(blockers) - len(listed)))

    def update_preview(self) -> None:
        """Show the current tab's platform as it will look."""
        platform = self.current_platform()
        if platform is not None:
            self.tab(platform).show_preview()

    # --- saving: the flow runs in the service; the dialog shows its progress -------------------

    @property
    def results(self) -> dict[str, PlatformResult]:
        """The latest result per platform."""
        return self.flow.results

    @property
    def save_task(self) -> asyncio.Task[None] | None:
        """The save on its way (or the last one)."""
        return self.runner.save_task

    @property
    def follow_task(self) -> asyncio.Task[None] | None:
        """The wait for uploads still running when a draft was saved, and the update that follows."""
        return self.runner.follow_task

    def save(self, *, force: bool = False) -> None:
        """Save (or retry the platforms that failed) in the background; see ``save_task``.

        ``force`` sends platforms whose outcome is unknown again without looking them up.
        """
        for hook in self.before_save:
            hook()
        if self.before_save:
            self.revalidate()
        if not self.blocking:
            self.runner.save(self.state.drafts, self.strips.busy, force=force)

    def ask_force(self) -> QMessageBox:
        """Ask before sending posts of unknown outcome again (they may then exist twice)."""
        self.force_box = saving.ask_force(self, self.flow.unknown_platforms(), lambda: self.save(force=True))
        return self.force_box

    def _all_saved(self, results: list[PlatformResult], later: bool) -> None:
        """Every platform is saved and has its media: say so and close (``later``: after the media
        follow-up, which may end after the window was closed)."""
        if later and not self.isVisible():
            self.saved.emit(results)
            if self._delete_when_done:
                self.deleteLater()
            return
        self.keeper.forget()
        self.saved.emit(results)
        self._closing_ok = True
        self.accept()

    # --- autosave and closing --------------------------------------------------------------

    def keep_for_restore(self) -> bool:
        """The app is quitting with this composer open: write its unsaved work now (the next start
        offers it). Returns whether anything was written."""
        if self._closing_ok or not self.dirty:
            return False
        self.keeper.write_now()
        return True

    @property
    def dirty(self) -> bool:
        """Whether there is unsaved work."""
        return self.keeper.dirty

    def reject(self) -> None:
        """Close; with unsaved work, ask first (without blocking: the question box is opened)."""
        if self.runner.saving:
            return  # never close while a save is on its way
        if self._closing_ok or not self.dirty:
            self._discard_and_close()
            return
        self.ask_discard()

    def ask_discard(self) -> QMessageBox:
        """Open the "discard this post?" question; Discard closes, Keep editing stays."""
        self.discard_box = saving.ask_discard(self, self._discard_and_close)
        return self.discard_box

    def _discard_and_close(self) -> None:
        if self.runner.following:
            # the dialog (and its strips) must outlive closing until the saved draft has its media
            self._delete_when_done = self.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._closing_ok = True
        self.autosave.discard(self.state.session_id)
        super().reject()

    def changeEvent(self, event: QEvent) -> None:
        """Follow a change of the colour scheme: counters, problems and tab marks take its colours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and hasattr(self, "tabs"):
            for counter in self.findChildren(CounterLabel):
                counter.forget()
            for label in self.findChildren(ProblemLabel):
                label.retint()
            self.tabs.forget_marks()
            self.blockers.clear()
            self.revalidate()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button asks like Cancel does."""
        if self._closing_ok:
            event.accept()
            return
        event.ignore()
        self.reject()

    def done(self, result: int) -> None:
        """Stop the timers when the dialog closes."""
        self.keeper.stop()
        self.queue.stop()
        self._clock_timer.stop()
        self._preview_timer.stop()
        super().done(result)

