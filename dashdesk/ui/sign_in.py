"""First-run screen: paste an API key, test it, pick a brand; or try the sandbox."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from dashdesk.i18n import ntr, tr
from dashdesk.secure_transport import origin_problem
from dashdesk.services.posts import user_message
from dashdesk.services.session import Session, open_api


class SignInScreen(QWidget):
    """Emits ``signedIn(Session)`` after a successful test + Continue, or ``sandboxRequested``."""

    signedIn = Signal(object)
    sandboxRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, api_url: str | None = None,
                 notice: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("DashDesk — Sign in"))
        self.setObjectName("signIn")
        self.session: Session | None = None
        self.test_task: asyncio.Task[Any] | None = None
        outer = QVBoxLayout(self)
        fm = self.fontMetrics()
        outer.setContentsMargins(fm.height() * 3, fm.height() * 2, fm.height() * 3, fm.height() * 2)
        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(card)
        lay.setSpacing(fm.height() // 2)
        title = QLabel(tr("Welcome to DashDesk"), card)
        f = QFont(self.font())
        f.setPointSizeF(f.pointSizeF() * 1.6)
        f.setWeight(QFont.Weight.DemiBold)
        title.setFont(f)
        lay.addWidget(title)
        intro = QLabel(
            tr(
                    "Paste your Dash Social API key (Developer section of Dash). DashDesk checks it, lists your "
                    "brands, and keeps the key in this computer's keyring — never in a settings file."
                ), card)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.key = QLineEdit(card)
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(tr("API key"))
        self.key.setAccessibleName(tr("API key"))
        self.key.returnPressed.connect(self.test)
        self.test_button = QPushButton(tr("&Test"), card)
        self.test_button.setAccessibleName(tr("Test API key"))
        self.test_button.clicked.connect(self.test)
        row = QHBoxLayout()
        row.addWidget(self.key, 1)
        row.addWidget(self.test_button)
        key_label = QLabel(tr("API &key:"), card)
        key_label.setBuddy(self.key)
        form.addRow(key_label, row)
        self.api_url = QLineEdit(api_url or "", card)
        self.api_url.setPlaceholderText(tr("Dash's own hosts (leave empty)"))
        self.api_url.setAccessibleName(tr("API address (advanced)"))
        form.addRow(tr("API &address:"), self.api_url)
        self.brand = QComboBox(card)
        self.brand.setAccessibleName(tr("Brand"))
        self.brand.setEnabled(False)
        form.addRow(tr("&Brand:"), self.brand)
        lay.addLayout(form)
        # The keyring notice has its own line: "Checking the key…" and the answer must not replace it.
        self.notice = QLabel(notice or "", card)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(tr("About saving the key"))
        self.notice.setVisible(bool(notice))
        lay.addWidget(self.notice)
        self.status = QLabel("", card)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Sign-in status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        self.sandbox_button = QPushButton(tr("Try the &sandbox"), card)
        self.sandbox_button.setToolTip(tr("Explore DashDesk with demo posts on a local sandbox; nothing is published"))
        self.sandbox_button.setAccessibleName(tr("Try the sandbox"))
        self.sandbox_button.clicked.connect(self.sandboxRequested)
        self.continue_button = QPushButton(tr("&Continue"), card)
        self.continue_button.setAccessibleName(tr("Continue"))
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)
        buttons.addWidget(self.sandbox_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        lay.addLayout(buttons)
        outer.addStretch(1)
        outer.addWidget(card)
        outer.addStretch(1)
        self.resize(fm.horizontalAdvance("M") * 48, fm.height() * 24)

    @asyncSlot()
    async def test(self) -> None:
        """Check the key with who-am-I and list its brands."""
        key = self.key.text().strip()
        if not key:
            self.status.setText(tr("Paste your API key first."))
            return
        problem = origin_problem(self.api_url.text().strip())
        if problem:  # checked before any connection: the key never travels in clear text
            self.status.setText(problem)
            return
        self.test_button.setEnabled(False)
        self.continue_button.setEnabled(False)
        self.status.setText(tr("Checking the key…"))
        old, self.session = self.session, None
        if old is not None:
            await old.aclose()
        try:
            session = await open_api(key, api_url=self.api_url.text().strip() or None)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.status.setText(tr("That didn't work: {exc}", exc=user_message(exc)))
            self.test_button.setEnabled(True)
            return
        self.session = session
        self.brand.clear()
        for b in session.brands:
            self.brand.addItem(b.label, int(b.id))
        if self.brand.count() == 0:
            self.brand.addItem(session.brand_label(), session.brand_id)
        self.brand.setEnabled(self.brand.count() > 1)
        self.status.setText(ntr("The key works. It reaches {n} brand; pick it and continue.",
                                "The key works. It reaches {n} brands; pick one and continue.", self.brand.count()))
        self.test_button.setEnabled(True)
        self.continue_button.setEnabled(True)
        self.continue_button.setFocus()

    def _continue(self) -> None:
        if self.session is None:
            return
        bid = int(self.brand.currentData())
        self.session.brand_id = bid
        self.session.brand_name = self.brand.currentText()
        session, self.session = self.session, None
        self.signedIn.emit(session)

    def api_key(self) -> str:
        """The pasted key."""
        return self.key.text().strip()
