"""ConflictDialog: a post changed in Dash meets the person's change; both versions side by side.

Opened with ``open()`` (never ``exec()``); :func:`ask_conflict` wraps it in a future so a coroutine
can await the person's choice. What each choice does lives in the services
(``PostService.resolve_conflict``, ``ReviewActions.resolve``): the dialog only asks.
"""

from __future__ import annotations

import asyncio
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.platforms import rules_for
from dashdesk.services.conflicts import ConflictChoice, EditConflict, FieldDifference
from dashdesk.ui import icons
from dashdesk.ui.calendar.chips import mix
from dashdesk.ui.status import TONE_COLORS
from dashdesk.ui.theme import is_dark

#: Long texts are shown whole but scroll inside the dialog beyond this many lines of the window.
_MAX_TEXT_CHARS = 4000


class _WrapLabel(QLabel):
    """A word-wrapped label as tall as its text at the width it has (not at Qt's guessed width)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.wordWrap() and self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.wordWrap() and event.size().width() != event.oldSize().width():
            self.updateGeometry()


def _label(text: str, *, bold: bool = False, wrap: bool = True, muted: bool = False) -> QLabel:
    label = _WrapLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    if muted:
        pal = label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText))
        label.setPalette(pal)
    return label


class _Cell(QFrame):
    """One version of one field: a framed, selectable text on a tinted background."""

    def __init__(self, text: str, tone: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictCell")
        light, dark = TONE_COLORS[tone]
        base = self.palette().color(QPalette.ColorRole.Base)
        from PySide6.QtGui import QColor

        accent = QColor(dark if is_dark(self.palette()) else light)
        self.setStyleSheet(
            f"#conflictCell {{ background: {mix(base, accent, 0.08).name()};"
            f" border: 1px solid {mix(base, accent, 0.45).name()}; border-radius: 4px; }}"
        )
        lay = QVBoxLayout(self)
        pad = self.fontMetrics().height() // 3
        lay.setContentsMargins(pad * 2, pad, pad * 2, pad)
        shown = text if len(text) <= _MAX_TEXT_CHARS else text[:_MAX_TEXT_CHARS] + "…"
        self.text = _label(shown)
        self.text.setAccessibleName(accessible)
        lay.addWidget(self.text)
        lay.addStretch(1)


class ConflictDialog(QDialog):
    """Your version and Dash's, field by field, and three choices.

    ``chosen(ConflictChoice)`` is emitted when the dialog closes (closing it is ``CANCEL``).
    """

    chosen = Signal(object)

    def __init__(self, conflict: EditConflict, tz: ZoneInfo, parent: QWidget | None = None, *,
                 action: str = "change") -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.choice = ConflictChoice.CANCEL
        name = rules_for(conflict.platform).name
        self.setWindowTitle(tr("Changed in Dash"))
        self.setAccessibleName(tr("Post changed in Dash"))
        self.setModal(True)
        line = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(line, line, line, line)
        layout.setSpacing(round(line * 0.6))

        self.differences = conflict.differences(tz)
        # Everything but the buttons sits in one grid inside the scroll area: wrapped labels get
        # the height of their text there (in a plain box layout they keep a guessed, taller one).
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(line)
        grid.setVerticalSpacing(round(line * 0.5))
        grid.addWidget(_label(tr("Someone changed this {platform} post in Dash after DashDesk loaded it.",
                                 platform=name), bold=True), 0, 0, 1, 3)
        intros = {
            "approval": tr("Your approval was not sent, so nothing has been overwritten. Compare the two versions "
                           "and choose which one to keep."),
            "move": tr("Your move was not sent, so nothing has been overwritten. Compare the two versions and "
                       "choose which one to keep."),
            "edit": tr("Your edit was not sent, so nothing has been overwritten. Compare the two versions and "
                       "choose which one to keep."),
        }
        intro = intros.get(action) or tr("Your change was not sent, so nothing has been overwritten. Compare the "
                                         "two versions and choose which one to keep.")
        grid.addWidget(_label(intro), 1, 0, 1, 3)
        grid.setRowMinimumHeight(2, line // 2)
        first = 3
        grid.addWidget(_label(tr("Your version"), bold=True), first, 1)
        grid.addWidget(_label(tr("In Dash now"), bold=True), first, 2)
        for row, diff in enumerate(self.differences, start=first + 1):
            self._add_row(grid, row, diff)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        end = first + len(self.differences) + 1
        if not self.differences:
            grid.addWidget(_label(tr("The two versions look the same; keeping yours sends your change.")), end, 1, 1, 2)
            end += 1
        grid.addWidget(_label(tr("Only the fields that differ are shown; everything else is the same in both."),
                              muted=True), end, 0, 1, 3)
        grid.setRowStretch(end + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        scroll.setAccessibleName(tr("The fields that differ in the two versions"))
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.scroll = scroll
        layout.addWidget(scroll, 1)

        buttons = QDialogButtonBox(self)
        self.keep_mine = QPushButton(icons.icon("arrow-up-circle"), tr("Keep mine"))
        self.keep_mine.setToolTip(tr("Send your version to Dash, replacing the other change"))
        self.keep_mine.setAccessibleName(tr("Keep mine: send your version"))
        self.keep_mine.setAutoDefault(False)
        self.take_theirs = QPushButton(icons.icon("arrow-down-circle"), tr("Take theirs"))
        self.take_theirs.setToolTip(tr("Keep the version that is in Dash now; yours is dropped"))
        self.take_theirs.setAccessibleName(tr("Take theirs: keep the version in Dash"))
        self.take_theirs.setDefault(True)
        self.cancel = QPushButton(tr("Cancel"))
        self.cancel.setToolTip(tr("Send nothing and go back"))
        buttons.addButton(self.keep_mine, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.take_theirs, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_mine.clicked.connect(lambda: self._choose(ConflictChoice.KEEP_MINE))
        self.take_theirs.clicked.connect(lambda: self._choose(ConflictChoice.TAKE_THEIRS))
        self.cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.finished.connect(lambda _result: self.chosen.emit(self.choice))
        self.grid_host = grid_host
        self.resize(max(self.sizeHint().width(), line * 46), self.sizeHint().height())
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        """Once shown (widths known), take the height the versions need, up to most of the screen."""
        super().showEvent(event)
        if self._fitted:
            return
        self._fitted = True
        self.grid_host.layout().activate()
        need = self.grid_host.layout().totalHeightForWidth(self.scroll.viewport().width())
        screen = self.screen().availableGeometry().height() if self.screen() else need
        extra = self.height() - self.scroll.height()
        self.resize(self.width(), max(self.minimumSizeHint().height(), min(need + extra + 2, int(screen * 0.85))))

    def _add_row(self, grid: QGridLayout, row: int, diff: FieldDifference) -> None:
        label = _label(diff.label, bold=True, wrap=False)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_Cell(diff.mine, "info", tr("{field}, your version: {value}",
                                                   field=diff.label, value=diff.mine)), row, 1)
        grid.addWidget(_Cell(diff.theirs, "waiting", tr("{field}, in Dash now: {value}",
                                                        field=diff.label, value=diff.theirs)), row, 2)

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:
        """Closing or Cancel: nothing is sent."""
        self.choice = ConflictChoice.CANCEL
        super().reject()


def ask_conflict(conflict: EditConflict, tz: ZoneInfo, parent: QWidget | None = None, *,
                 action: str = "change") -> tuple[ConflictDialog, asyncio.Future[ConflictChoice]]:
    """Open the dialog (``open()``, not ``exec()``) and return it with a future of the person's choice."""
    future: asyncio.Future[ConflictChoice] = asyncio.get_event_loop().create_future()
    dialog = ConflictDialog(conflict, tz, parent, action=action)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(choice: ConflictChoice) -> None:
        if not future.done():
            future.set_result(choice)

    dialog.chosen.connect(done)
    dialog.open()
    return dialog, future


async def settle_review_conflicts(parent: QWidget | None, result: Any, actions: Any, tz: ZoneInfo) -> None:
    """Ask about each post of an approval batch that changed in Dash, one at a time, and do what is chosen.

    ``result`` (a ``BatchResult``) is updated in place: posts sent as the person saw them join
    ``done``; posts kept as they are in Dash are listed as not approved, with the reason.
    """
    from dashdesk.services.conflicts import ConflictChoice

    while result.conflicts:
        key, conflict = next(iter(result.conflicts.items()))
        del result.conflicts[key]
        _dialog, future = ask_conflict(conflict, tz, parent, action="approval")
        choice = await future
        if choice is not ConflictChoice.KEEP_MINE:
            result.blocked[key] = tr("Kept as it is in Dash (it was changed there); not approved.")
            continue
        settled = await actions.resolve(conflict, choice)
        result.done.extend(settled.done)
        result.failed.update(settled.failed)
        result.blocked.update(settled.blocked)
        result.conflicts.update(settled.conflicts)  # changed yet again meanwhile: ask again
