"""Needs attention: a checkable button with the count of posts someone must act on, for the status bar.

Checking it filters every view to the failed, expired and unapproved-but-due posts
(``PostsFilterProxy.set_attention_only``); it hides itself while nothing needs attention.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QToolButton, QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.ui import icons
from dashdesk.ui.posts_model import PostsFilterProxy, PostsModel


class AttentionButton(QToolButton):
    """"⚑ 3 need attention": shows the count; toggled, the views list only those posts."""

    def __init__(self, model: PostsModel, proxy: PostsFilterProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.proxy = model, proxy
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.setCheckable(True)
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIcon(icons.icon("flag-fill"))
        self.setObjectName("needsAttention")
        self.toggled.connect(self._toggled)
        self.count = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.recount)
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged, model.layoutChanged):
            sig.connect(self._timer.start)
        # Unapproved posts become due as time passes: count again each minute.
        self._minute = QTimer(self)
        self._minute.setInterval(60_000)
        self._minute.timeout.connect(self.recount)
        self._minute.start()
        self.recount()

    def recount(self, *_: object) -> None:
        """Count the posts that need attention and show it."""
        self.count = self.model.attention_count(self.clock())
        n = self.count
        self.setText(ntr("{n} needs attention", "{n} need attention", n))
        self.setToolTip(tr("Show only the posts that failed, expired, or still need approval close to their time")
                        if not self.isChecked() else tr("Show every post again"))
        self.setAccessibleName(ntr("Needs attention: {n} post", "Needs attention: {n} posts", n))
        self.setVisible(n > 0 or self.isChecked())

    def _toggled(self, on: bool) -> None:
        self.proxy.clock = self.clock
        self.proxy.set_attention_only(on)
        self.recount()
