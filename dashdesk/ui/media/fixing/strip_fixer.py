"""Pre-flight fixes in the media strip: which items a fix would cure, one-click fixes, the editors.

A :class:`StripFixer` watches one strip. For a file that cannot be sent as it is (a WebM, an AVIF) or
that a target platform may refuse (too large, too long, the wrong shape) it probes the file, keeps
the findings on the item and offers a fix. :meth:`StripFixer.fix` makes the fixed copy in the
background (the tile shows "Fixing 40%"; cancel stops it) and hands it to the strip's tracker, which
puts it in the original's place and uploads it through the normal queue. :meth:`StripFixer.open_editor`
opens the fix dialog (preview, crop box, trim timeline) instead.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from dashdesk.i18n import tr
from dashdesk.media.fix import FixPlan, FixResult
from dashdesk.media.fix.plan import plan_for_targets
from dashdesk.media.preflight import Finding
from dashdesk.media.probe import MediaFacts

from ..strip.item import ItemState, StripItem
from .dialog import FixDialog, findings_for
from .runner import FixRunner

log = logging.getLogger(__name__)

__all__ = ["NEEDS_FIX", "StripFixer"]

#: The code a refused item gets when a fix can make it usable.
NEEDS_FIX = "needs_fix"
#: Problem codes a fix can cure on a file that was otherwise accepted.
_FIXABLE_CODES = frozenset({"media_format", "media_colour", "media_size", "media_duration", "media_aspect",
                            "media_resolution", "media_frame_rate", "needs_video"})


class StripFixer(QObject):
    """Finds fixable items in ``strip`` and fixes them (see the module docstring).

    ``fixableChanged()`` tells the strip to update its Fix button.
    """

    fixableChanged = Signal()

    def __init__(self, strip: Any, runner: FixRunner | None = None) -> None:
        super().__init__(strip)
        self.strip = strip
        self.runner = runner or FixRunner(self)
        self._facts: dict[str, MediaFacts] = {}
        self._probing: dict[int, str] = {}
        self._asked: dict[str, Any] = {}  # key -> path already sent to probe
        self._fixing: dict[int, str] = {}  # fix token -> key
        self._key_token: dict[str, int] = {}
        self.runner.probed.connect(self._on_probed)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        strip.model.dataChanged.connect(self.scan)
        strip.model.rowsInserted.connect(self.scan)
        strip.problemsChanged.connect(self.scan)

    # -- what can be fixed ----------------------------------------------------------------------------

    @property
    def targets(self) -> list[tuple[str, str | None]]:
        """The strip's (platform, post type) pairs."""
        return list(self.strip.tracker.targets)

    def _wants_probe(self, item: StripItem) -> bool:
        if item.path is None or item.key in self._key_token:
            return False
        if item.state is ItemState.REFUSED:
            return item.code in ("unsupported", NEEDS_FIX)
        return any(p.code in _FIXABLE_CODES for p in item.problems)

    def scan(self, *_: Any) -> None:
        """Probe every item that a fix might help (once per file); forget removed items."""
        keys = {i.key for i in self.strip.model.items}
        for known in (self._facts, self._asked):
            for key in [k for k in known if k not in keys]:
                del known[key]
        for item in self.strip.model.items:
            facts = self.facts(item)
            if facts is not None and item.key not in self._key_token:
                self._apply(item, facts)  # the targets may have changed
            if not self._wants_probe(item) or self._asked.get(item.key) == item.path:
                continue
            self._asked[item.key] = item.path
            self._probing[self.runner.probe(item.path)] = item.key

    def facts(self, item: StripItem) -> MediaFacts | None:
        """What the item's file is (once probed)."""
        facts = self._facts.get(item.key)
        return facts if facts is not None and facts.path == item.path else None

    def findings(self, item: StripItem) -> list[Finding]:
        """Everything wrong with the item for the strip's targets (once probed)."""
        facts = self.facts(item)
        return findings_for(facts, self.targets) if facts is not None else []

    def plan_for(self, item: StripItem) -> FixPlan | None:
        """The one-click fix for the item (``None`` when nothing a fix can cure is wrong)."""
        facts = self.facts(item)
        if facts is None or not self.targets or item.key in self._key_token:
            return None
        return plan_for_targets(facts, self.targets)

    def can_fix(self, item: StripItem) -> bool:
        """Whether a one-click fix is on offer for the item."""
        return self.plan_for(item) is not None

    def fixable(self) -> list[StripItem]:
        """The items a one-click fix is on offer for, in strip order."""
        return [i for i in self.strip.model.items if self.can_fix(i)]

    def is_fixing(self, item: StripItem) -> bool:
        """Whether the item's fix is running."""
        return item.key in self._key_token

    # -- acting -------------------------------------------------------------------------------------------

    def fix(self, item: StripItem) -> bool:
        """Make the fixed copy of ``item`` in the background; ``False`` when there is nothing to fix."""
        plan = self.plan_for(item)
        facts = self.facts(item)
        if plan is None or facts is None:
            return False
        self._run(item, facts, plan)
        return True

    def _run(self, item: StripItem, facts: MediaFacts, plan: FixPlan) -> None:
        token = self.runner.start(facts, plan)
        self._fixing[token] = item.key
        self._key_token[item.key] = token
        item.fraction = 0.0
        self.strip.tracker.set(item, ItemState.FIXING, message=tr("Making a copy the platforms take; the original "
                                                                           "file stays as it is."))
        self.fixableChanged.emit()

    def open_editor(self, item: StripItem) -> FixDialog | None:
        """The fix dialog for ``item`` (preview, crop, trim); its result replaces the item."""
        facts = self.facts(item)
        if facts is None:
            return None
        dialog = FixDialog(facts, self.targets, runner=FixRunner(), parent=self.strip.window())
        dialog.runner.setParent(dialog)
        dialog.fixed.connect(lambda result, key=item.key: self._use(key, result))
        dialog.finished.connect(lambda *_: dialog.runner.shutdown())
        dialog.setModal(True)
        dialog.open()
        return dialog

    def cancel(self, item: StripItem) -> None:
        """Stop the item's running fix (the item goes back to what it was)."""
        if item.key in self._key_token:
            self.runner.cancel()

    # -- worker answers -----------------------------------------------------------------------------------

    def _on_probed(self, token: int, facts: MediaFacts) -> None:
        key = self._probing.pop(token, None)
        item = self.strip.model.item(key) if key else None
        if item is None or item.path != facts.path:
            return
        self._facts[item.key] = facts
        self._apply(item, facts)
        self.fixableChanged.emit()

    def _apply(self, item: StripItem, facts: MediaFacts) -> None:
        """Show a refused but fixable file's findings on its tile (only when they change)."""
        if item.state is not ItemState.REFUSED or facts.problem is not None:
            return
        found = findings_for(facts, self.targets)
        refusing = [f for f in found if f.refused] or found
        if not refusing or plan_for_targets(facts, self.targets) is None:
            return
        message = tr("{file}: {reason} Press Fix to do it here; the original stays as it is.", file=item.name,
                     reason=refusing[0].message)
        problems = [f.as_problem() for f in found if f is not refusing[0]]
        if (item.message, item.code, item.problems, item.kind) == (message, NEEDS_FIX, problems, facts.kind):
            return
        item.kind = facts.kind
        item.problems = problems
        if item.thumb is None:  # the first look refused the file before making its thumbnail
            self.strip.tracker.load_thumb(item, str(facts.path), self.strip.tracker.thumb_px())
        self.strip.tracker.set(item, ItemState.REFUSED, message=message, code=NEEDS_FIX)
        self.strip.tracker.problemsChanged.emit()

    def _item_for(self, token: int) -> StripItem | None:
        key = self._fixing.get(token)
        return self.strip.model.item(key) if key else None

    def _on_progress(self, token: int, done: float) -> None:
        item = self._item_for(token)
        if item is not None:
            item.fraction = done
            self.strip.model.changed(item.key)

    def _finish(self, token: int) -> StripItem | None:
        key = self._fixing.pop(token, None)
        if key is not None:
            self._key_token.pop(key, None)
        self.fixableChanged.emit()
        return self.strip.model.item(key) if key else None

    def _on_finished(self, token: int, result: FixResult) -> None:
        item = self._finish(token)
        if item is not None:
            self._replace(item, result)

    def _use(self, key: str, result: FixResult) -> None:
        item = self.strip.model.item(key)
        if item is not None:
            self._replace(item, result)

    def _replace(self, item: StripItem, result: FixResult) -> None:
        self._facts.pop(item.key, None)
        self._asked.pop(item.key, None)
        self.strip.tracker.replace_file(item, result.path)
        self.fixableChanged.emit()

    def _back(self, item: StripItem, note: str) -> None:
        facts = self.facts(item)
        refused = facts is not None and facts.info is None
        message = next((f.message for f in self.findings(item) if f.refused), None) if refused else None
        state = ItemState.REFUSED if refused else (ItemState.READY if item.media_id else ItemState.WAITING)
        self.strip.tracker.set(item, state, message=message or note, code=NEEDS_FIX if refused else None)
        self.strip.tracker.problemsChanged.emit()

    def _on_failed(self, token: int, message: str) -> None:
        item = self._finish(token)
        if item is not None:
            self._back(item, message)
            self.strip.tracker.noted.emit(tr("Could not fix {name}.", name=item.name))

    def _on_cancelled(self, token: int) -> None:
        item = self._finish(token)
        if item is not None:
            self._back(item, tr("Fix stopped."))

    def shutdown(self) -> None:
        """Stop a running fix and the worker threads."""
        self.runner.shutdown()
