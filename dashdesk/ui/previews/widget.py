"""One platform's preview: the post drawn in that platform's layout, with a carousel to step through.

:class:`PlatformPreview` paints everything itself (one ``paintEvent``, no child widgets), so showing
a post with ten images costs a layout pass and a few cached pixmap blits on the UI thread. The
pictures are decoded in worker threads (:mod:`dashdesk.ui.previews.media`) and drawn when they arrive.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QProcess, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from dashdesk.i18n import N_, ntr, tr
from dashdesk.platforms.previews import Family, Layout, layout_for

from . import feed, pages, vertical
from .media import PreviewMedia, shared_media
from .paint import Ctx, PreviewPost
from .player import multimedia_available, play_tip, play_video

__all__ = ["NOTE", "PlatformPreview", "multimedia_available", "painter_for"]

NOTE = N_("Layouts follow each platform's current app and web design approximately.")

Painter = Callable[[Ctx], int]


def painter_for(layout: Layout) -> Painter:
    """The drawing function of ``layout``."""
    if layout.family is Family.VERTICAL:
        return vertical.vertical
    if layout.family is Family.VIDEO_PAGE:
        return pages.youtube
    if layout.family is Family.PIN:
        return pages.pinterest
    if layout.platform == "instagram":
        return feed.instagram_feed
    if layout.platform in ("facebook", "linkedin"):
        return feed.page_post
    return feed.threadlike


class PlatformPreview(QWidget):
    """A post as its platform will show it. ``stepped(index)`` after the carousel moves."""

    stepped = Signal(int)

    def __init__(self, parent: QWidget | None = None, media: PreviewMedia | None = None,
                 frame_width: int | None = None) -> None:
        super().__init__(parent)
        self.media = media or shared_media()
        self.post: PreviewPost | None = None
        self.layout_spec: Layout | None = None
        self.index = 0
        self._frame_w = frame_width
        self._body_h = 0
        self._hits: dict[str, QRect] = {}
        self._play_ref: str | None = None
        self.players: list[QProcess] = []  # player windows (child processes) opened from this preview
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Preview"))
        self.media.loaded.connect(self._media_loaded)

    # --- content ---------------------------------------------------------------------------

    def show_post(self, post: PreviewPost) -> None:
        """Show ``post`` (unchanged posts are not redrawn)."""
        if post == self.post:
            return
        same_media = self.post is not None and self.post.media == post.media
        self.post = post
        self.layout_spec = layout_for(post.platform, post.post_type)
        if not same_media:
            self.index = 0
        for item in post.media:  # start decoding every item, not only the one on screen
            self.media.picture(item.ref, item.is_video)
        self.setAccessibleDescription(self._describe())
        self._relayout()

    def _describe(self) -> str:
        post = self.post
        assert post is not None
        n = len(post.media)
        what = (tr("{platform} preview with no media.", platform=post.platform) if not n else
                ntr("{platform} preview with {n} media item.", "{platform} preview with {n} media items.", n,
                    platform=post.platform))
        return f"{what} {tr(NOTE)}"

    def frame_width(self) -> int:
        """How wide the platform's frame is drawn (a phone's width, or a card's)."""
        if self._frame_w:
            return self._frame_w
        em = self.fontMetrics().height()
        assert self.layout_spec is not None
        factor = 15 if self.layout_spec.family is Family.VERTICAL else 21
        return max(240, min(420, em * factor))

    def _ctx(self, p: QPainter | None) -> Ctx:
        assert self.post is not None and self.layout_spec is not None
        return Ctx(p, self.post, self.layout_spec, self.frame_width(), self.palette(), self.font(), self.media,
                   index=self.index, dpr=self.devicePixelRatioF())

    def _relayout(self) -> None:
        if self.post is None:
            return
        ctx = self._ctx(None)
        self._body_h = painter_for(self.layout_spec)(ctx)  # type: ignore[arg-type]
        self._hits, self._play_ref = ctx.hits, ctx.play_ref
        self.updateGeometry()
        self.update()

    def _note_height(self) -> int:
        return self.fontMetrics().height() * 2

    def _total_height(self) -> int:
        return self._body_h + 2 + self._note_height()

    def sizeHint(self) -> QSize:
        """The frame's width and the post's height plus the note."""
        if self.post is None:
            return QSize(240, 120)
        return QSize(self.frame_width() + 2, self._total_height())

    def minimumSizeHint(self) -> QSize:
        """As wide as the frame."""
        return self.sizeHint()

    def _media_loaded(self, ref: str) -> None:
        if self.post is not None and any(item.ref == ref for item in self.post.media):
            self._relayout()  # a pin's height follows its picture

    # --- carousel --------------------------------------------------------------------------

    def media_count(self) -> int:
        """How many media the post has."""
        return len(self.post.media) if self.post is not None else 0

    def step(self, delta: int) -> None:
        """Show the next (``+1``) or previous (``-1``) carousel item."""
        count = self.media_count()
        index = max(0, min(count - 1, self.index + delta))
        if count and index != self.index:
            self.index = index
            self._relayout()
            self.stepped.emit(index)

    def _origin(self) -> tuple[int, int]:
        return max(0, (self.width() - self.frame_width()) // 2), 0

    def _hit(self, widget_pos: QPoint) -> str | None:
        ox, oy = self._origin()
        pos = widget_pos - QPoint(ox, oy)
        return next((name for name, box in self._hits.items() if box.contains(pos)), None)

    def play(self) -> QProcess | None:
        """Play the video shown (its play mark): DashDesk's player window, or the system's player."""
        if self._play_ref is None:
            return None
        process = play_video(self._play_ref, self)
        if process is not None:
            self.players.append(process)
            process.finished.connect(lambda *_: self.players.remove(process) if process in self.players else None)
        return process

    def event(self, e: QEvent) -> bool:
        """The play mark's tooltip says where the video will play."""
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent) and self._hit(e.pos()) == "play":
            QToolTip.showText(e.globalPos(), play_tip(), self)
            return True
        return super().event(e)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Click an arrow to step, or the play mark to play the video."""
        if self._hit(event.position().toPoint()) == "play":
            self.play()
            return
        ox, oy = self._origin()
        pos = event.position().toPoint() - QRect(ox, oy, 0, 0).topLeft()
        for name, delta in (("prev", -1), ("next", 1)):
            box = self._hits.get(name)
            if box is not None and box.contains(pos):
                self.step(delta)
                return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Left and Right step through a carousel."""
        if event.key() == Qt.Key.Key_Left:
            self.step(-1)
        elif event.key() == Qt.Key.Key_Right:
            self.step(1)
        elif event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._play_ref:
            self.play()
        else:
            super().keyPressEvent(event)

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """The frame with the post, then the note under it."""
        if self.post is None:
            return
        p = QPainter(self)
        ox, oy = self._origin()
        w = self.frame_width()
        p.save()
        p.translate(ox, oy)
        p.setClipRect(QRect(0, 0, w, self._body_h))
        p.fillRect(QRect(0, 0, w, self._body_h), self.palette().color(QPalette.ColorRole.Base))
        ctx = self._ctx(p)
        painter_for(self.layout_spec)(ctx)  # type: ignore[arg-type]
        self._hits, self._play_ref = ctx.hits, ctx.play_ref
        p.restore()
        line = QColor(self.palette().color(QPalette.ColorRole.Text))
        line.setAlphaF(0.2)
        p.setPen(QPen(line, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRect(ox, oy, w - 1, self._body_h - 1))
        p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        p.setFont(small)
        p.drawText(QRect(ox, oy + self._body_h + 2, w, self._note_height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, tr(NOTE))
        p.end()

    def frame_rect(self) -> QRect:
        """Where the platform's frame is drawn, in widget coordinates (tests look inside it)."""
        ox, oy = self._origin()
        return QRect(ox, oy, self.frame_width(), self._body_h)

    def changeEvent(self, event: object) -> None:  # type: ignore[override]
        """Re-measure after a font or palette change."""
        super().changeEvent(event)  # type: ignore[arg-type]
        self._relayout()
