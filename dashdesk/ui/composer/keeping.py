"""Keeping the composer's work: autosave every few seconds (at once after big changes), forget it once saved."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from dashdesk.store.autosave import AutosaveWriter

from .state import ComposerState

AUTOSAVE_MS = 3000


class WorkKeeper(QObject):
    """Writes ``state`` through ``writer`` (in the background) while it has unsaved changes."""

    def __init__(self, writer: AutosaveWriter, state: ComposerState, brand_id: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.writer = writer
        self.state = state
        self.brand_id = brand_id
        self._dirty = False
        self._written = True
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self._write_if_stale)
        self.timer.start()

    @property
    def dirty(self) -> bool:
        """Whether there is unsaved work."""
        return self._dirty and not self.state.is_empty()

    def changed(self, *, urgent: bool = False) -> None:
        """The work changed: write it soon (``urgent``: now, e.g. after media or platforms changed)."""
        self._dirty = True
        self._written = False
        if urgent:
            self.write_now()

    def restored(self) -> None:
        """The work was brought back after a crash: it is unsaved, and written again at once."""
        self._dirty = True
        self.write_now()

    def write_now(self) -> None:
        """Write the state now (in the background); an empty composer leaves nothing behind."""
        if self.state.is_empty() and not self.state.saved:
            self.writer.discard(self.state.session_id)
        else:
            data = {**self.state.to_json(), "brand_id": self.brand_id}
            self.writer.submit(self.state.session_id, data, self.state.summary())
        self._written = True

    def forget(self) -> None:
        """The work is saved (or discarded): nothing is kept for a restore."""
        self._dirty = False
        self.writer.discard(self.state.session_id)

    def stop(self) -> None:
        """Stop writing on a timer (the window closed)."""
        self.timer.stop()

    def _write_if_stale(self) -> None:
        if not self._written:
            self.write_now()
