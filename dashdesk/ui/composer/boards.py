"""The Pinterest board picker: boards loaded from the boards endpoint, with loading and error states."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from dashdesk.i18n import tr
from dashdesk.ui.icons import icon

from .widgets import muted

BoardLoader = Callable[[], Awaitable[list[Any]]]


def board_json(board: Any) -> dict[str, Any]:
    """A board (pydantic ``Board`` or mapping) as the whole JSON object the API wants back."""
    if hasattr(board, "to_dict"):
        return board.to_dict()
    if hasattr(board, "model_dump"):
        return board.model_dump(mode="json")
    return dict(board)


class BoardPicker(QWidget):
    """A combo box of the brand's boards; ``changed`` carries the whole board object or ``None``."""

    changed = Signal(object)
    loaded = Signal(bool)  # True when boards arrived, False on error

    def __init__(self, loader: BoardLoader | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.boards: list[dict[str, Any]] = []
        self.task: asyncio.Task[None] | None = None
        self.error = ""
        self._wanted: dict[str, Any] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(tr("Pinterest board"))
        self.combo.setMinimumContentsLength(24)
        self.combo.currentIndexChanged.connect(self._picked)
        self.status = muted(QLabel(self))
        self.status.setWordWrap(True)
        self.retry = QPushButton(icon("arrow-clockwise"), tr("Try again"), self)
        self.retry.setAccessibleName(tr("Load Pinterest boards again"))
        self.retry.clicked.connect(self.load)
        self.retry.hide()
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.retry)
        self._setting = False

    def start(self) -> None:
        """Load the boards now if the event loop runs, else as soon as it does."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            QTimer.singleShot(0, self.load)
            return
        self.load()

    def load(self) -> None:
        """(Re)load the boards in the background; the picker shows progress, then the boards or why not."""
        if self.loader is None:
            self._failed(tr("Boards can't be loaded without a connection to Dash."))
            return
        if self.task is not None and not self.task.done():
            return
        self._setting = True
        self.combo.clear()
        self.combo.addItem(icon("hourglass-split"), tr("Loading boards…"))
        self.combo.setEnabled(False)
        self._setting = False
        self.status.setText("")
        self.retry.hide()
        self.task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        assert self.loader is not None
        try:
            boards = [board_json(b) for b in await self.loader()]
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            fn = getattr(exc, "user_message", None)
            self._failed(tr("Boards didn't load: {value}", value=fn() if callable(fn) else exc))
            return
        self._show(boards)

    def _failed(self, message: str) -> None:
        self.error = message
        self._setting = True
        self.combo.clear()
        self.combo.addItem(tr("No boards"))
        self.combo.setEnabled(False)
        self._setting = False
        self.status.setText(message)
        self.retry.setVisible(self.loader is not None)
        self.loaded.emit(False)

    def _show(self, boards: list[dict[str, Any]]) -> None:
        self.error = ""
        self.boards = boards
        self._setting = True
        self.combo.clear()
        if boards:
            self.combo.addItem(tr("Choose a board…"), None)
            for board in boards:
                self.combo.addItem(str(board.get("name") or board.get("id")), board)
            self.combo.setEnabled(True)
            self.status.setText("")
        else:
            self.combo.addItem(tr("No boards"))
            self.combo.setEnabled(False)
            self.status.setText(tr("This brand has no Pinterest boards; create one in Pinterest first."))
        self._setting = False
        self.set_value(self._wanted)
        self.loaded.emit(True)

    def _picked(self, index: int) -> None:
        if self._setting:
            return
        board = self.combo.itemData(index)
        self._wanted = board
        self.changed.emit(board)

    def set_value(self, board: dict[str, Any] | None) -> None:
        """Select ``board`` (by id) without emitting ``changed``; remembered until boards arrive."""
        self._wanted = board
        self._setting = True
        try:
            if board and self.boards:
                wanted = str(board.get("id"))
                for i in range(self.combo.count()):
                    data = self.combo.itemData(i)
                    if isinstance(data, dict) and str(data.get("id")) == wanted:
                        self.combo.setCurrentIndex(i)
                        break
            elif self.boards:
                self.combo.setCurrentIndex(0)
        finally:
            self._setting = False

    def select_id(self, board_id: str) -> None:
        """Choose the board ``board_id`` as the person would (emits ``changed``)."""
        for i in range(self.combo.count()):
            data = self.combo.itemData(i)
            if isinstance(data, dict) and str(data.get("id")) == str(board_id):
                self.combo.setCurrentIndex(i)
                return
        raise KeyError(board_id)
