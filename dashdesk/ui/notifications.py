"""Desktop notifications of outcomes (a post went live or failed), through the system tray.

:class:`OutcomeNotifier` takes the tracker's :class:`~dashdesk.services.tracking.Outcome` (each
announced once, even across restarts) and shows it with ``QSystemTrayIcon.showMessage``; clicking
the message asks the window to open that post. The "notifications" setting turns them off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from dashdesk.i18n import tr
from dashdesk.platforms import rules_for
from dashdesk.services.lifecycle import plain_reason
from dashdesk.services.post import PostKey
from dashdesk.services.tracking import Outcome

SNIPPET = 60


def message_for(outcome: Outcome) -> tuple[str, str, QSystemTrayIcon.MessageIcon]:
    """(title, text, icon) of the notification of ``outcome``."""
    post = outcome.post
    name = rules_for(post.platform).name
    text = " ".join(post.text.split())
    quoted = f"“{text[:SNIPPET - 1]}…”" if len(text) > SNIPPET else (f"“{text}”" if text else tr("Your {name} post",
                                                                                                 name=name))
    if post.status == "POSTED":
        return tr("Posted on {name}",
                  name=name), tr("{quoted} is live.", quoted=quoted), QSystemTrayIcon.MessageIcon.Information
    reason = plain_reason(post)
    title = (tr("{name} didn't publish a post", name=name) if post.status == "FAILED" else
             tr("{name} only partly published a post", name=name))
    body = (tr("{quoted}: {reason} Click to fix it.", quoted=quoted, reason=reason) if reason else
            tr("{quoted} wasn't published. Click to see why.", quoted=quoted))
    return title, body, QSystemTrayIcon.MessageIcon.Warning


class OutcomeNotifier(QObject):
    """Shows outcomes as tray messages while the app runs; ``openRequested(key)`` when one is clicked."""

    openRequested = Signal(object)  # PostKey

    def __init__(self, icon: QIcon, enabled: Callable[[], bool], parent: QObject | None = None,
                 tray: QSystemTrayIcon | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.shown: list[PostKey] = []
        self._last: PostKey | None = None
        self._given = False
        self.tray = QSystemTrayIcon(icon, self) if tray is None else tray
        self.use_tray(self.tray, given=tray is not None)

    def use_tray(self, tray: QSystemTrayIcon, *, given: bool = True) -> None:
        """Show messages through ``tray`` (tests give one that records them)."""
        self.tray = tray
        self._given = given
        tray.setToolTip(tr("DashDesk"))
        tray.messageClicked.connect(self._clicked)

    def available(self) -> bool:
        """Whether messages can be shown (this desktop has a tray that shows them, or one was given)."""
        return self._given or (QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages())

    def notify(self, outcome: Outcome) -> bool:
        """Show ``outcome`` (unless notifications are off); returns whether it was shown."""
        if not self.enabled() or not self.available():
            return False
        title, text, icon = message_for(outcome)
        if not self.tray.isVisible() and not self._given:
            self.tray.show()  # a tray message needs the icon shown
        self._last = outcome.post.key
        self.shown.append(outcome.post.key)
        self.tray.showMessage(title, text, icon, 10_000)
        return True

    def _clicked(self) -> None:
        if self._last is not None:
            self.openRequested.emit(self._last)

    def close(self) -> None:
        """Take the icon out of the tray."""
        self.tray.hide()
