"""What blocks saving, under the composer's parts: in the danger colour, or a quiet note when nothing does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from dashdesk.i18n import ntr, tr

from .widgets import hold_wrapped_height, tone_color

MAX_BLOCKERS = 6


def uploads_note(pending: int) -> str:
    """What saving a draft does with ``pending`` items still uploading."""
    if pending == 1:
        return tr("Saves the draft now with the ready media; the item still uploading is added to it when its "
                  "upload finishes.")
    return (tr("Saves the draft now with the ready media; the {pending} items still uploading are added to it when "
               "their uploads finish.",
               pending=pending))


class ProblemsPanel(QLabel):
    """"Can't save yet:" and the first few problems that block saving, or a note (secondary colour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(tr("What blocks saving"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the wrapped lines' height (see :func:`hold_wrapped_height`)."""
        super().resizeEvent(event)
        hold_wrapped_height(self)

    def setText(self, text: str) -> None:
        """Set the text and claim the height its wrapped lines take."""
        super().setText(text)
        hold_wrapped_height(self)

    def show_blockers(self, blockers: list[str], note: str = "", marked: int = 0) -> str:
        """Show ``blockers`` (or ``note`` when there are none); returns the text shown, for the Save
        button's tooltip. ``marked`` problems are already printed beside the text, media or time:
        they are counted, not printed a second time."""
        if marked:
            listed = "\n".join(f"• {b}" for b in blockers[:MAX_BLOCKERS])
            if blockers:
                text = ntr("Can't save yet: fix the problem marked above, and:\n{listed}",
                           "Can't save yet: fix the {n} problems marked above, and:\n{listed}", marked, listed=listed)
            else:
                text = ntr("Can't save yet: fix the problem marked above.",
                           "Can't save yet: fix the {n} problems marked above.", marked)
            if len(blockers) > MAX_BLOCKERS:
                text += "\n• " + tr("and {n} more (see the platform tabs)", n=len(blockers) - MAX_BLOCKERS)
            return self._danger(text)
        if not blockers:
            if self.text() != note:  # a note, not a blocker: in the secondary text colour
                self.setText(note)
                pal = self.palette()
                pal.setColor(self.foregroundRole(), self.window().palette().color(QPalette.ColorRole.PlaceholderText))
                self.setPalette(pal)
            self.setVisible(bool(note))
            return note
        shown = blockers[:MAX_BLOCKERS]
        more = len(blockers) - len(shown)
        text = tr("Can't save yet:") + "\n" + "\n".join(f"• {b}" for b in shown)
        if more:
            text += "\n• " + tr("and {n} more (see the platform tabs)", n=more)
        return self._danger(text)

    def _danger(self, text: str) -> str:
        if self.text() != text:
            self.setText(text)
            pal = self.palette()
            pal.setColor(self.foregroundRole(), tone_color("danger"))
            self.setPalette(pal)
        self.show()
        return text
