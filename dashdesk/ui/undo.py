"""Qt adaptor: PostService undo records become QUndoCommands on a QUndoStack."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from dashdesk.i18n import tr
from dashdesk.services.posts import PostService, UndoRecord, user_message

if TYPE_CHECKING:
    import asyncio  # imported at run time only when used: the start-up paints before asyncio loads


class RecordCommand(QUndoCommand):
    """One service change on the undo stack; undo/redo run the record's coroutines."""

    def __init__(self, adaptor: UndoAdaptor, record: UndoRecord) -> None:
        super().__init__(record.text)
        self.adaptor = adaptor
        self.record = record
        self._first = True

    def redo(self) -> None:
        if self._first:  # the change already happened when it was pushed
            self._first = False
            return
        self.adaptor.run(self.record.redo, f"Redo {self.record.text.lower()}")

    def undo(self) -> None:
        self.adaptor.run(self.record.undo, f"Undo {self.record.text.lower()}")


class UndoAdaptor(QObject):
    """Pushes every :class:`UndoRecord` of a service onto ``stack`` and runs undo/redo as tasks."""

    failed = Signal(str)  # plain words for the status bar / banner
    finished = Signal()  # an undo or redo completed

    def __init__(self, service: PostService, stack: QUndoStack | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack or QUndoStack(self)
        self.tasks: set[asyncio.Task[object]] = set()
        service.on_record(self.push)

    def push(self, record: UndoRecord) -> None:
        """Put ``record`` on the stack (it is already applied)."""
        self.stack.push(RecordCommand(self, record))

    def run(self, work, what: str) -> None:  # type: ignore[no-untyped-def]
        """Run an undo/redo coroutine factory on the event loop; report failures."""
        import asyncio

        async def runner() -> None:
            try:
                await work()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.failed.emit(tr("{what} failed: {reason}", what=what, reason=user_message(exc)))
            finally:
                self.finished.emit()

        task = asyncio.ensure_future(runner())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def idle(self) -> None:
        """Wait until every running undo/redo finished (tests and shutdown)."""
        import asyncio

        while self.tasks:
            with contextlib.suppress(Exception):
                await asyncio.gather(*list(self.tasks))
