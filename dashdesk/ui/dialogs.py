"""Small dialogs that never block a coroutine: they open() and resolve a future."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from dashdesk.i18n import tr


def ask(parent: QWidget, title: str, text: str, yes: str, *, informative: str = "") -> asyncio.Future[bool]:
    """Open a question box (window-modal, not exec()); the future resolves True for ``yes``."""
    loop = asyncio.get_event_loop()
    future: asyncio.Future[bool] = loop.create_future()
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("confirmBox")
    if informative:
        box.setInformativeText(informative)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def done(_result: int) -> None:
        if not future.done():
            future.set_result(box.clickedButton() is yes_button)
        box.deleteLater()

    box.finished.connect(done)
    box.open()
    return future


class MissingComposerDialog(QDialog):
    """Stands in for the composer until ``dashdesk.ui.composer.ComposerDialog`` exists."""

    def __init__(self, parent: QWidget | None, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Composer not available"))
        self.setObjectName("missingComposer")
        lay = QVBoxLayout(self)
        label = QLabel(
            tr(
                    "<b>The post composer is missing from this build.</b><br><br>DashDesk wanted to {what}, but "
                    "<code>dashdesk.ui.composer.ComposerDialog</code> could not be loaded, so posts cannot be written"
                    " or edited here yet.",
                    what=what,
                ),
            self,
        )
        label.setWordWrap(True)
        lay.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
