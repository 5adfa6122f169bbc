"""Keeps the status bar's words whole in a narrow window or a long language.

Qt squeezes a crowded status bar's permanent widgets below their size hints: labels clip and buttons elide
("18…en"). Instead, the parts that matter least make way, in order (the review counter's "by platform:"
label, then the display zone, then the last-sync time), and come back when there is room again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QSizeGrip, QStatusBar, QWidget


@dataclass
class Droppable:
    """One part that can make way: how wide it is, and how to hide or show it."""

    width: Callable[[], int]
    show: Callable[[bool], None]
    shown: bool = True


class StatusBarFit(QObject):
    """Watches ``bar`` and drops or restores the parts ``parts()`` lists, least important first."""

    def __init__(self, bar: QStatusBar, parts: Callable[[], Sequence[Droppable]]) -> None:
        super().__init__(bar)
        self.bar = bar
        self.parts = parts
        self._pending = False
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit again (once, after the event loop settles) when the bar is resized or re-laid out."""
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest) and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self.fit)
        return False

    def needed(self) -> int:
        """The width the bar's visible permanent widgets ask for."""
        spacing = max(self.bar.layout().spacing(), 0) if self.bar.layout() else 6
        return sum(w.sizeHint().width() + spacing for w in self.bar.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisibleTo(self.bar) and not isinstance(w, QSizeGrip))

    def fit(self) -> None:
        """Drop parts (in order) until the rest fits; restore dropped ones (in reverse) that fit again."""
        self._pending = False
        room = self.bar.width() - self.bar.fontMetrics().height() * 2  # the size grip and the margins
        parts = list(self.parts())
        need = self.needed()
        for part in parts:
            if need <= room:
                break
            if part.shown:
                need -= part.width()
                part.shown = False
                part.show(False)
        for part in reversed(parts):
            if not part.shown and need + part.width() <= room:
                need += part.width()
                part.shown = True
                part.show(True)
            elif not part.shown:
                break  # keep the order: a less important part never returns before a more important one


def install(window: object) -> StatusBarFit:
    """Fit ``window``'s status bar: the review counter's label, then the zone, then the sync time make way."""
    made: dict[str, Droppable] = {}

    def widget_part(key: str, widget: QWidget) -> Droppable:
        if key not in made:
            bar = widget.parentWidget()
            spacing = bar.layout().spacing() if bar is not None and bar.layout() else 6
            made[key] = Droppable(lambda: widget.sizeHint().width() + spacing, widget.setVisible)
        return made[key]

    def parts() -> list[Droppable]:
        out = []
        counter = getattr(window, "review_counter", None)
        if counter is not None:
            if "counter" not in made:
                made["counter"] = Droppable(
                    lambda: counter.by_platform.sizeHint().width() + counter.layout().spacing(), counter.allow_label)
            out.append(made["counter"])
        sync = getattr(window, "sync", None)
        if sync is not None:
            out += [widget_part("zone", sync.zone_label), widget_part("synced", sync.sync_label)]
        return out

    return StatusBarFit(window.statusBar(), parts)  # type: ignore[attr-defined]
