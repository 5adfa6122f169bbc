"""The rate-limit banner: shows while Dash paces requests, counts down to when they resume, then goes.

``PacingBanner`` listens to the API client's Qt-free ``PacingState`` (``client.pacing``) and drives a
:class:`~dashdesk.ui.banner.Banner`: the sentence (``services.pacing``) names the reset time in the
display zone and the seconds left, refreshed each second; the banner hides itself once requests flow
again (or the reset time has passed). Loads wait for the reset inside the client and carry on by
themselves; a load that gave up is reloaded at the reset by the window (``reload_due``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QTimer, Signal

from dashdesk.services.pacing import pacing_notice

#: The banner's kind tag while it shows pacing (other notices use other tags).
KIND = "paced"


class PacingBanner(QObject):
    """Connects one client's pacing state to a banner (``show_message``/``hide`` and a ``kind`` tag).

    ``changed(paced)`` tells the window (e.g. to explain "Loading…"); ``reload_due`` fires when a
    pause announced by :meth:`retry_load_at` has ended, so the window loads again by itself.
    """

    changed = Signal(bool)
    reload_due = Signal()

    def __init__(self, banner: Any, tz: Callable[[], ZoneInfo],
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC), parent: QObject | None = None,
                 show: Callable[[str], None] | None = None, hide: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        self.tz = tz
        self.clock = clock
        self._show = show or self._show_on_banner
        self._hide = hide or banner.hide
        self.until: datetime | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh)
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.timeout.connect(self._reload_now)

    def _show_on_banner(self, text: str) -> None:
        if self.banner.isVisible() and getattr(self.banner, "kind", None) == KIND:
            self.banner.text.setText(text)  # the countdown: only the words change
            self.banner.setAccessibleDescription(text)
        else:
            self.banner.show_message(KIND, text)

    # --- wiring -----------------------------------------------------------------------------

    def attach(self, pacing: Any) -> None:
        """Listen to ``pacing`` (a ``PacingState``; ``None`` detaches), showing its current state."""
        self.detach()
        if pacing is None:
            return
        self._unsubscribe = pacing.subscribe(lambda event: self.set_until(event.paced_until))
        self.set_until(pacing.paced_until if pacing.is_paced() else None)

    def detach(self) -> None:
        """Stop listening (the client is closing, or another brand's session starts)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.set_until(None)

    # --- state ------------------------------------------------------------------------------

    @property
    def paced(self) -> bool:
        """Whether the banner shows pacing now."""
        return self.until is not None

    def set_until(self, until: datetime | None) -> None:
        """Show pacing until ``until`` (aware), or hide it (``None``)."""
        if until is not None and until <= self.clock():
            until = None
        was = self.until is not None
        self.until = until
        if until is None:
            self._tick.stop()
            if was:
                self._hide()
                self.changed.emit(False)
            return
        self._refresh()
        self._tick.start()
        if not was:
            self.changed.emit(True)

    def text(self) -> str:
        """The banner's sentence now ("" when not paced)."""
        if self.until is None:
            return ""
        return pacing_notice(self.until, self.clock(), self.tz())

    def retry_load_at(self, until: datetime) -> None:
        """A load gave up because of pacing: show it, and emit ``reload_due`` once ``until`` has passed."""
        if self.until is None or until > self.until:
            self.set_until(until)
        ms = max(0, int((until - self.clock()).total_seconds() * 1000)) + 500  # just past the reset
        self._reload.start(ms)

    def _refresh(self) -> None:
        if self.until is None:
            return
        if self.until <= self.clock():
            self.set_until(None)  # the reset has passed: requests flow again
            return
        self._show(self.text())

    def _reload_now(self) -> None:
        self.set_until(None)
        self.reload_due.emit()
