"""The Instagram grid's tiles: three square tiles a row, drag one onto another, double-click to open.

With the keyboard: the arrows move between tiles, Enter opens one, Ctrl+Shift+arrow swaps it with its
neighbour; the tile in focus is described to a screen reader (position, kind, time, words).

:class:`GridCanvas` only draws and reports intents (``swapRequested``, ``openRequested``); the
planner window carries them out through the post service.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from dashdesk.i18n import ntr, tr
from dashdesk.services.grid_plan import PUBLISHED, first_media_url, is_video_post
from dashdesk.services.post import Post, PostKey
from dashdesk.ui.icons import render_svg
from dashdesk.ui.posts_model import format_time
from dashdesk.ui.status import status_look

COLUMNS = 3
GAP = 3


class GridCanvas(QWidget):
    """Tiles of ``posts`` in grid order; ``thumb(url)`` gives a square picture or ``None`` while loading."""

    swapRequested = Signal(object, object)  # PostKey, PostKey
    openRequested = Signal(object)  # PostKey

    def __init__(self, thumb: Callable[[str], QPixmap | None], tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thumb = thumb
        self.tz = tz
        self.posts: list[Post] = []
        self._press: tuple[int, QPoint] | None = None
        self._drag_to: int | None = None
        self._dragging = False
        self.setMouseTracking(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Instagram grid"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current = 0

    def set_posts(self, posts: list[Post]) -> None:
        """Show ``posts`` (in grid order)."""
        self.posts = list(posts)
        self.current = min(self.current, max(0, len(self.posts) - 1))
        self._describe()
        self.updateGeometry()
        self.update()

    def spoken_name(self) -> str:
        """What a screen reader calls the grid: how many posts it shows (the tiles themselves are painted)."""
        return ntr("Instagram grid: {n} post", "Instagram grid: {n} posts", len(self.posts))

    def spoken_tiles(self) -> str:
        """The tiles in grid order, in words, one sentence each."""
        lines = []
        for n, post in enumerate(self.posts, start=1):
            row, column = divmod(n - 1, COLUMNS)
            kind = tr("Reel") if is_video_post(post) else tr("Picture")
            text = " ".join((post.text or "").split())
            lines.append(tr("{number}. Row {row}, column {column}: {kind}, {status}, {time}. {text}", number=n,
                            row=row + 1, column=column + 1, kind=kind, status=status_look(post.status).word,
                            time=format_time(post.timestamp, self.tz, with_date=True),
                            text=text[:80] + ("…" if len(text) > 80 else "")).strip())
        return "\n".join(lines)

    def _describe(self) -> None:
        """What a screen reader says of the grid: how many tiles, the one in focus, then every tile in order."""
        self.setAccessibleName(self.spoken_name())
        if not self.posts:
            self.setAccessibleDescription(tr("No posts in the grid."))
            return
        post = self.posts[self.current]
        when = (format_time(post.timestamp, self.tz, with_date=True) if post.status not in PUBLISHED and
                post.timestamp is not None else tr("published"))
        kind = tr("Reel") if is_video_post(post) else tr("Post")
        words = " ".join(post.text.split())[:80]
        focused = tr("Tile {position} of {total}: {kind}, {when}. {words}", position=self.current + 1,
                     total=len(self.posts), kind=kind, when=when, words=words)
        self.setAccessibleDescription(focused + "\n" + self.spoken_tiles())

    # --- keyboard --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows move between tiles; Enter opens; Ctrl+Shift+arrow swaps with the neighbour that way."""
        ahead = -1 if self.isRightToLeft() else 1  # the arrows move the way they point on screen
        steps = {Qt.Key.Key_Left: -ahead, Qt.Key.Key_Right: ahead, Qt.Key.Key_Up: -COLUMNS, Qt.Key.Key_Down: COLUMNS}
        key = Qt.Key(event.key())
        if not self.posts:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.openRequested.emit(self.key_at(self.current))
        elif key in steps:
            target = self.current + steps[key]
            if 0 <= target < len(self.posts):
                swap = event.modifiers() & Qt.KeyboardModifier.ControlModifier and \
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                if swap:
                    self.swapRequested.emit(self.key_at(self.current), self.key_at(target))
                self.current = target
                self._describe()
                self.update()
        else:
            super().keyPressEvent(event)

    def key_at(self, index: int) -> PostKey:
        """The key of the tile at ``index``."""
        post = self.posts[index]
        return (post.platform, post.id)

    # --- geometry --------------------------------------------------------------------------

    def _max_side(self) -> int:
        return self.fontMetrics().height() * 11  # a phone-sized grid, not a wall of pictures

    def side(self) -> int:
        """A tile's side in pixels."""
        return max(60, min(self._max_side(), (self.width() - GAP * (COLUMNS - 1)) // COLUMNS))

    def tile_rect(self, index: int) -> QRect:
        """Where tile ``index`` is drawn (the grid is centred in the width)."""
        s = self.side()
        left = max(0, (self.width() - (COLUMNS * s + (COLUMNS - 1) * GAP)) // 2)
        row, col = divmod(index, COLUMNS)
        if self.isRightToLeft():  # as Instagram shows a right-to-left profile: the newest tile top right
            col = COLUMNS - 1 - col
        return QRect(left + col * (s + GAP), row * (s + GAP), s, s)

    def index_at(self, pos: QPoint) -> int | None:
        """The tile under ``pos``, if any."""
        for n in range(len(self.posts)):
            if self.tile_rect(n).contains(pos):
                return n
        return None

    def hasHeightForWidth(self) -> bool:
        """Tiles are square: the height follows the width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Rows of square tiles."""
        s = max(60, min(self._max_side(), (width - GAP * (COLUMNS - 1)) // COLUMNS))
        rows = max(1, -(-len(self.posts) // COLUMNS))
        return rows * s + (rows - 1) * GAP

    def sizeHint(self) -> QSize:
        """Three tiles of about 13 lines each."""
        w = self.fontMetrics().height() * 13 * COLUMNS
        return QSize(w, self.heightForWidth(w))

    # --- mouse -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start a possible drag on a tile."""
        index = self.index_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self._press = (index, event.position().toPoint())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Follow a drag: the tile under the pointer is the target."""
        if self._press is None:
            return
        pos = event.position().toPoint()
        if not self._dragging and (pos - self._press[1]).manhattanLength() >= 6:
            self._dragging = True
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._dragging:
            self._drag_to = self.index_at(pos)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Drop: ask to swap the dragged tile with the one under the pointer."""
        press, dragging, target = self._press, self._dragging, self._drag_to
        self._press, self._dragging, self._drag_to = None, False, None
        self.unsetCursor()
        self.update()
        if press is not None and dragging and target is not None and target != press[0]:
            self.swapRequested.emit(self.key_at(press[0]), self.key_at(target))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Open the post under the pointer."""
        index = self.index_at(event.position().toPoint())
        if index is not None:
            self.openRequested.emit(self.key_at(index))

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Every tile: its first picture cropped square, an upcoming post's time, a Reel's mark."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        dragged = self._press[0] if self._dragging and self._press else None
        for n, post in enumerate(self.posts):
            rect = self.tile_rect(n)
            if not rect.intersects(event.rect()):
                continue
            self._tile(p, rect, post, pal)
            if n == dragged:
                p.fillRect(rect, QColor(255, 255, 255, 120) if not _dark(pal) else QColor(0, 0, 0, 120))
            if (n == self._drag_to and n != dragged) or (n == self.current and self.hasFocus()):
                p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 4))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rect.adjusted(2, 2, -2, -2))
        p.end()

    def _tile(self, p: QPainter, rect: QRect, post: Post, pal: QPalette) -> None:
        url = first_media_url(post)
        pm = self.thumb(url) if url else None
        if pm is not None and not pm.isNull():
            p.drawPixmap(rect, pm)
        else:
            shade = QColor(pal.color(QPalette.ColorRole.Text))
            shade.setAlphaF(0.08)
            p.fillRect(rect, shade)
            glyph = max(16, rect.width() // 5)
            p.drawPixmap(rect.center().x() - glyph // 2, rect.center().y() - glyph // 2,
                         render_svg("image", glyph, pal.color(QPalette.ColorRole.PlaceholderText),
                                    self.devicePixelRatioF()))
        if is_video_post(post):
            mark = max(14, rect.width() // 9)
            p.drawPixmap(rect.right() - mark - 6, rect.top() + 6,
                         render_svg("film", mark, QColor("#ffffff"), self.devicePixelRatioF()))
        if post.status not in PUBLISHED and post.timestamp is not None:
            label = format_time(post.timestamp, self.tz, with_date=True, with_zone=False)
            font = self.font()
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setBold(True)
            fm = QFontMetricsF(font)
            label = fm.elidedText(label, Qt.TextElideMode.ElideRight, rect.width() - 20)
            w, h = fm.horizontalAdvance(label) + 12, fm.height() + 4
            pill = QRectF(rect.left() + 6, rect.bottom() - h - 6, w, h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0, 165))
            p.drawRoundedRect(pill, h / 2, h / 2)
            p.setFont(font)
            p.setPen(QColor("#ffffff"))
            p.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)


def _dark(pal: QPalette) -> bool:
    return pal.color(QPalette.ColorRole.Window).lightness() < 128
