"""A video's timeline of frame thumbnails with start and end handles to choose the part kept."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dashdesk.i18n import tr
from dashdesk.media.inspect import format_duration

__all__ = ["TrimEditor", "clock"]

_HANDLE = 8.0


def clock(seconds: float) -> str:
    """``m:ss.s`` (``0:03.2``), precise enough to trim by."""
    minutes, secs = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{secs:04.1f}"


class TrimEditor(QWidget):
    """Frame thumbnails along the video; two handles mark the start and end kept.

    Drag a handle, or the kept part as a whole. Keys: Left/Right move the start, Shift+Left/Right the
    end (by a tenth of a second; Ctrl for a whole second). ``max_length`` (the platform's longest)
    keeps the kept part within it.
    """

    rangeChanged = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._duration = 0.0
        self._start = 0.0
        self._end = 0.0
        self._max_length: float | None = None
        self._frames: list[tuple[float, QImage]] = []
        self._drag: str | None = None
        self._drag_x = 0.0
        self._drag_range = (0.0, 0.0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Trim timeline"))
        self.setAccessibleDescription(tr("Drag the handles, or use the arrow keys, to choose where the video starts "
                                         "and ends."))

    # -- state ------------------------------------------------------------------------------------------

    def set_duration(self, seconds: float, max_length: float | None = None) -> None:
        """The video's length and the longest part the platform takes; keeps as much as allowed."""
        self._duration = max(0.0, seconds)
        self._max_length = max_length
        self._start = 0.0
        self._end = min(self._duration, max_length) if max_length else self._duration
        self.update()
        self.rangeChanged.emit(self._start, self._end)

    def set_frames(self, frames: list[tuple[float, QImage]]) -> None:
        """The thumbnails to draw along the timeline."""
        self._frames = list(frames)
        self.update()

    def range(self) -> tuple[float, float]:
        """``(start, end)`` in seconds."""
        return self._start, self._end

    def set_range(self, start: float, end: float) -> None:
        """Keep ``start`` to ``end`` (clamped to the video and the longest length); emits ``rangeChanged``."""
        start = max(0.0, min(start, self._duration))
        end = max(start + 0.1, min(end, self._duration))
        if self._max_length and end - start > self._max_length:
            end = start + self._max_length
        end = min(end, self._duration)
        start = max(0.0, min(start, end - 0.1))
        if (start, end) == (self._start, self._end):
            return
        self._start, self._end = start, end
        self.update()
        self.rangeChanged.emit(start, end)

    def summary(self) -> str:
        """``"Keeps 0:03.0 to 0:15.0 (12.0 s of 0:40)"``."""
        return (f"Keeps {clock(self._start)} to {clock(self._end)} ({self._end - self._start:.1f} s of "
                f"{format_duration(self._duration)})")

    def sizeHint(self) -> QSize:
        return QSize(480, self._strip_height() + self.fontMetrics().height() + 16)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def _strip_height(self) -> int:
        return max(48, self.fontMetrics().height() * 4)

    # -- geometry ---------------------------------------------------------------------------------------

    def _strip(self) -> QRectF:
        return QRectF(_HANDLE, 4, max(1.0, self.width() - 2 * _HANDLE), self._strip_height())

    def _x(self, seconds: float) -> float:
        strip = self._strip()
        return strip.left() + (seconds / self._duration if self._duration else 0.0) * strip.width()

    def _seconds(self, x: float) -> float:
        strip = self._strip()
        return max(0.0, min(1.0, (x - strip.left()) / strip.width())) * self._duration

    # -- painting ---------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        strip = self._strip()
        painter.fillRect(strip, pal.color(QPalette.ColorRole.Mid))
        if self._frames:
            width = strip.width() / len(self._frames)
            for i, (_, image) in enumerate(self._frames):
                cell = QRectF(strip.left() + i * width, strip.top(), width, strip.height())
                src = QRectF(image.rect())
                target_aspect = cell.width() / cell.height()
                if src.width() / src.height() > target_aspect:  # centre-crop each thumbnail to its cell
                    w = src.height() * target_aspect
                    src = QRectF(src.left() + (src.width() - w) / 2, src.top(), w, src.height())
                else:
                    h = src.width() / target_aspect
                    src = QRectF(src.left(), src.top() + (src.height() - h) / 2, src.width(), h)
                painter.drawImage(cell, image, src)
        else:
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(strip, Qt.AlignmentFlag.AlignCenter, tr("Loading frames…"))
        if self._duration <= 0:
            return
        left, right = self._x(self._start), self._x(self._end)
        shade = QColor(0, 0, 0, 160)
        painter.fillRect(QRectF(strip.left(), strip.top(), left - strip.left(), strip.height()), shade)
        painter.fillRect(QRectF(right, strip.top(), strip.right() - right, strip.height()), shade)
        accent = pal.color(QPalette.ColorRole.Highlight)
        painter.setPen(QPen(accent, 3))
        painter.drawRect(QRectF(left, strip.top() + 1.5, right - left, strip.height() - 3))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        for x in (left, right):
            painter.drawRoundedRect(QRectF(x - _HANDLE / 2, strip.top() - 2, _HANDLE, strip.height() + 4), 3, 3)
        painter.setBrush(QColor(255, 255, 255))
        for x in (left, right):
            painter.drawRect(QRectF(x - 1, strip.top() + strip.height() / 2 - 6, 2, 12))
        if self.hasFocus():
            painter.setPen(QPen(accent, 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        text_rect = QRectF(strip.left(), strip.bottom() + 4, strip.width(), self.fontMetrics().height() + 4)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, clock(0))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         clock(self._duration))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, self.summary())

    # -- interaction ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._duration <= 0:
            super().mousePressEvent(event)
            return
        x = event.position().x()
        left, right = self._x(self._start), self._x(self._end)
        if abs(x - left) <= _HANDLE * 1.5 and abs(x - left) <= abs(x - right):
            self._drag = "start"
        elif abs(x - right) <= _HANDLE * 1.5:
            self._drag = "end"
        elif left < x < right:
            self._drag = "both"
        else:
            self._drag = "start" if x < left else "end"
            self._move(self._drag, x)
        self._drag_x = x
        self._drag_range = (self._start, self._end)
        event.accept()

    def _move(self, what: str, x: float) -> None:
        seconds = self._seconds(x)
        if what == "start":
            end = self._end
            if self._max_length and end - seconds > self._max_length:
                end = seconds + self._max_length
            self.set_range(seconds, end)
        elif what == "end":
            start = self._start
            if self._max_length and seconds - start > self._max_length:
                start = seconds - self._max_length
            self.set_range(start, seconds)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        x = event.position().x()
        if self._drag == "both":
            start, end = self._drag_range
            shift = self._seconds(x) - self._seconds(self._drag_x)
            shift = max(-start, min(shift, self._duration - end))
            self.set_range(start + shift, end + shift)
        else:
            self._move(self._drag, x)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers()
        step = 1.0 if mods & Qt.KeyboardModifier.ControlModifier else 0.1
        sign = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if sign is None:
            super().keyPressEvent(event)
            return
        if mods & Qt.KeyboardModifier.ShiftModifier:
            self.set_range(self._start, self._end + sign * step)
        else:
            start = self._start + sign * step
            end = self._end
            if self._max_length and end - start > self._max_length:
                end = start + self._max_length
            self.set_range(start, end)

    def handle_points(self) -> tuple[QPointF, QPointF]:
        """Where the start and end handles are drawn (for tests and accessibility tools)."""
        y = self._strip().center().y()
        return QPointF(self._x(self._start), y), QPointF(self._x(self._end), y)
