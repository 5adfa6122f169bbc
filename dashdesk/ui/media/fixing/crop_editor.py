"""A picture with a movable crop box of a fixed shape (drag it, or use the arrow keys)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dashdesk.i18n import tr
from dashdesk.media.fix.geometry import crop_box

__all__ = ["CropEditor"]


class CropEditor(QWidget):
    """Shows a still with the part a crop keeps; the box slides along the picture's long free side.

    ``position`` is 0 (left/top) to 1 (right/bottom), as :class:`~dashdesk.media.fix.FixPlan`'s
    ``crop_x``/``crop_y`` take it. With no aspect (or a pad fit) the picture is shown without a box.
    """

    positionChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._aspect: float | None = None
        self._position = 0.5
        self._drag_from: QPointF | None = None
        self._drag_start = 0.5
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("Crop box"))
        self.setAccessibleDescription(tr("Drag the box, or use the arrow keys, to choose the part of the picture "
                                         "kept."))
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    # -- state ------------------------------------------------------------------------------------------

    def set_image(self, image: QImage) -> None:
        """The still to show (upright)."""
        self._image = image
        self.update()

    def set_aspect(self, aspect: float | None) -> None:
        """The crop box's shape (width/height); ``None`` hides the box."""
        self._aspect = aspect
        self.update()

    def position(self) -> float:
        """Where the box sits along the free side, 0..1."""
        return self._position

    def set_position(self, value: float) -> None:
        """Move the box (0..1); emits ``positionChanged`` when it moves."""
        value = max(0.0, min(1.0, value))
        if abs(value - self._position) < 1e-6:
            return
        self._position = value
        self.update()
        self.positionChanged.emit(value)

    def horizontal(self) -> bool:
        """Whether the box moves left-right (the picture is wider than the box)."""
        return bool(self._aspect) and not self._image.isNull() and self._image.width() / max(
            1, self._image.height()) > (self._aspect or 0)

    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 160)

    # -- geometry ---------------------------------------------------------------------------------------

    def _picture_rect(self) -> QRectF:
        if self._image.isNull():
            return QRectF()
        area = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        scale = min(area.width() / self._image.width(), area.height() / self._image.height())
        w, h = self._image.width() * scale, self._image.height() * scale
        return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)

    def crop_rect(self) -> QRectF:
        """The box on screen (empty when there is none)."""
        pic = self._picture_rect()
        if pic.isEmpty() or not self._aspect:
            return QRectF()
        iw, ih = self._image.width(), self._image.height()
        x, y, w, h = crop_box(iw, ih, self._aspect, self._position, self._position)
        sx, sy = pic.width() / iw, pic.height() / ih
        return QRectF(pic.x() + x * sx, pic.y() + y * sy, w * sx, h * sy)

    # -- painting ---------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        pic = self._picture_rect()
        if pic.isEmpty():
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Loading the picture…"))
            return
        painter.drawImage(pic, self._image)
        box = self.crop_rect()
        if box.isEmpty():
            return
        shade = QColor(0, 0, 0, 150)
        painter.fillRect(QRectF(pic.left(), pic.top(), pic.width(), box.top() - pic.top()), shade)
        painter.fillRect(QRectF(pic.left(), box.bottom(), pic.width(), pic.bottom() - box.bottom()), shade)
        painter.fillRect(QRectF(pic.left(), box.top(), box.left() - pic.left(), box.height()), shade)
        painter.fillRect(QRectF(box.right(), box.top(), pic.right() - box.right(), box.height()), shade)
        painter.setPen(QPen(QColor(255, 255, 255, 110), 1))
        for i in (1, 2):
            x = box.left() + box.width() * i / 3
            y = box.top() + box.height() * i / 3
            painter.drawLine(QPointF(x, box.top()), QPointF(x, box.bottom()))
            painter.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
        painter.setPen(QPen(QColor(0, 0, 0, 160), 3))
        painter.drawRect(box)
        accent = pal.color(QPalette.ColorRole.Highlight) if self.hasFocus() else QColor(255, 255, 255)
        painter.setPen(QPen(accent, 2))
        painter.drawRect(box)

    # -- interaction ------------------------------------------------------------------------------------

    def _travel(self) -> float:
        pic, box = self._picture_rect(), self.crop_rect()
        return (pic.width() - box.width()) if self.horizontal() else (pic.height() - box.height())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.crop_rect().isEmpty():
            self._drag_from = event.position()
            self._drag_start = self._position
            box = self.crop_rect()
            if not box.contains(event.position()):  # a click beside the box centres it there
                travel = self._travel()
                if travel > 0:
                    if self.horizontal():
                        offset = event.position().x() - box.width() / 2 - self._picture_rect().left()
                    else:
                        offset = event.position().y() - box.height() / 2 - self._picture_rect().top()
                    self.set_position(offset / travel)
                    self._drag_start = self._position
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            return
        travel = self._travel()
        if travel <= 0:
            return
        delta = event.position() - self._drag_from
        moved = delta.x() if self.horizontal() else delta.y()
        self.set_position(self._drag_start + moved / travel)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = 0.1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.02
        back = (Qt.Key.Key_Left, Qt.Key.Key_Up)
        forward = (Qt.Key.Key_Right, Qt.Key.Key_Down)
        if event.key() in back:
            self.set_position(self._position - step)
        elif event.key() in forward:
            self.set_position(self._position + step)
        elif event.key() == Qt.Key.Key_Home:
            self.set_position(0.0)
        elif event.key() == Qt.Key.Key_End:
            self.set_position(1.0)
        else:
            super().keyPressEvent(event)
