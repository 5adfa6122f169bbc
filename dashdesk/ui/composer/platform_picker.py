"""The composer's platform choice: one toggle button per platform, wrapping like words."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.platforms import PLATFORM_IDS, rules_for
from dashdesk.ui.flow import FlowLayout
from dashdesk.ui.icons import platform_icon

from .widgets import ProblemLabel, em, heading, hold_wrapped_height


class PlatformPicker(QWidget):
    """"Post to" and a button per platform, with the problem of the choice beneath.

    Signal: ``toggled(platform, on)`` when the person (or :meth:`set_chosen`) changes the choice;
    never while :meth:`show_chosen` shows the composer's state.
    """

    toggled = Signal(str, bool)

    def __init__(self, spacing: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(spacing)
        row = QHBoxLayout()
        self.label = heading(tr("Post to"), self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label)
        flow_host = QWidget(self)
        flow = FlowLayout(flow_host, spacing=em(self, 0.4))
        flow.setContentsMargins(0, 0, 0, 0)
        row.addWidget(flow_host, 1)
        self.buttons: dict[str, QToolButton] = {}
        self._updating = False
        for p in PLATFORM_IDS:
            rules = rules_for(p)
            button = QToolButton(self)
            button.setCheckable(True)
            button.setIcon(platform_icon(p))
            button.setText(rules.name)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIconSize(QSize(em(self, 0.95), em(self, 0.95)))
            button.setAccessibleName(tr("Post to {name}", name=rules.name))
            button.setToolTip(tr("Post to {name}", name=rules.name))
            button.setAutoRaise(False)
            button.toggled.connect(lambda on, b=button: self._mark_chosen(b, on))
            button.toggled.connect(lambda on, p=p: self._toggled(p, on))
            self.buttons[p] = button
            flow.addWidget(button)
        outer.addLayout(row)
        self.problem = ProblemLabel(self)
        outer.addWidget(self.problem)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Claim the height the buttons take at this width (two rows in a narrow window): the dialog's
        layout does not count wrapped rows in its minimum, and would squeeze the media strip instead."""
        super().resizeEvent(event)
        hold_wrapped_height(self)

    def chosen(self) -> list[str]:
        """The chosen platforms, in the app's order."""
        return [p for p in PLATFORM_IDS if self.buttons[p].isChecked()]

    def set_chosen(self, platforms: Collection[str]) -> None:
        """Choose ``platforms`` as the person would (by their buttons; ``toggled`` is emitted)."""
        for p, button in self.buttons.items():
            if button.isChecked() != (p in platforms):
                button.setChecked(p in platforms)

    def show_chosen(self, chosen: Collection[str], saved: Collection[str], *, editing: bool) -> None:
        """Show the composer's choice without emitting: an edited post's platform is fixed, and a
        platform already saved can't be taken back."""
        self._updating = True
        try:
            for p, button in self.buttons.items():
                button.setChecked(p in chosen)
                if editing:
                    button.setVisible(p in chosen)
                    button.setEnabled(False)
                    button.setToolTip(tr("The platform of an existing post can't change."))
                elif p in saved:
                    button.setEnabled(False)
                    button.setToolTip(tr("Already saved to {name}.", name=rules_for(p).name))
        finally:
            self._updating = False

    def set_locked(self) -> None:
        """Nothing can be chosen any more (the post is saved)."""
        for button in self.buttons.values():
            button.setEnabled(False)

    @staticmethod
    def _mark_chosen(button: QToolButton, on: bool) -> None:
        font = button.font()
        font.setBold(on)
        button.setFont(font)
        name = button.text()
        button.setAccessibleName(tr("Post to {name} (chosen)", name=name) if on else tr("Post to {name}", name=name))

    def _toggled(self, platform: str, on: bool) -> None:
        if not self._updating:
            self.toggled.emit(platform, on)
