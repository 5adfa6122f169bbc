"""Painting of post chips, shared by the month and week views (geometry comes from layout.py)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen, QPixmap

from dashdesk.i18n import tr
from dashdesk.platforms.statuses import PUBLISH_NOW_ICON, WAITING_TO_SEND
from dashdesk.services.post import Post
from dashdesk.ui import icons
from dashdesk.ui.status import StatusLook, status_look

# Enum members looked up once: each ``QPalette.ColorRole.Base``-style lookup goes through Python's enum
# descriptors, and a month paints ~100 chips with a dozen of them each.
_WINDOW = QPalette.ColorRole.Window
_BASE = QPalette.ColorRole.Base
_HIGHLIGHT = QPalette.ColorRole.Highlight
_MID = QPalette.ColorRole.Mid
_TEXT = QPalette.ColorRole.Text
_ANTIALIAS = QPainter.RenderHint.Antialiasing
_NO_BRUSH = Qt.BrushStyle.NoBrush
# absolute: a chip drawn into a cached pixmap and one drawn on a right-to-left view align alike
_LEFT_VCENTER = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
_RIGHT_VCENTER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_DEMIBOLD = QFont.Weight.DemiBold
_TRANSPARENT = Qt.GlobalColor.transparent
#: Statuses whose word the one-line (month) chip shows beside the icon: someone has to act on them.
WORD_IN_CHIP = frozenset({"FAILED", "PARTIALLY_FAILED", "EXPIRED", "USERS_NOTIFIED", "MISSING_APPROVALS"})


@dataclass(frozen=True)
class ChipMetrics:
    """Sizes derived from the font, so a larger system font still fits."""

    height: int
    pad: int
    badge: int
    edge: int
    spacing: int

    @classmethod
    def for_font(cls, font: QFont) -> ChipMetrics:
        """Metrics for ``font``."""
        fm = QFontMetrics(font)
        pad = max(2, round(fm.height() * 0.22))
        return cls(height=fm.height() + 2 * pad, pad=pad, badge=fm.height() - 1, edge=max(3, pad - 1),
                   spacing=max(2, pad // 2 + 1))


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """Blend ``a`` towards ``b`` by ``t`` (0..1)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _is_dark(pal: QPalette) -> bool:
    return pal.color(_WINDOW).lightness() < 128


def chip_background(pal: QPalette, selected: bool, accent: QColor) -> QColor:
    """The chip's fill: the base colour with a faint tint of the platform accent."""
    base = pal.color(_BASE)
    if selected:
        return mix(base, pal.color(_HIGHLIGHT), 0.22)
    return mix(base, accent, 0.06 if not _is_dark(pal) else 0.10)


class _ChipStyle:
    """What every chip painted with one palette, font and pixel ratio shares, computed once.

    A cold month paint draws ~100 chips; building these per chip (colour mixes, font copies and
    metrics, the rounded frame with its clipped accent edge) was most of its cost.
    """

    def __init__(self, pal: QPalette, font: QFont, fm: QFontMetrics, dpr: float) -> None:
        self.dark = _is_dark(pal)
        self.pal = QPalette(pal)
        self.dpr = dpr
        self.text = pal.color(_TEXT)
        self.snippet = mix(self.text, pal.color(_BASE), 0.15)
        self.regular = QFont(font)
        self.bold = QFont(font)
        self.bold.setWeight(_DEMIBOLD)
        self.fm = fm
        self.bold_fm = QFontMetrics(self.bold)
        self.widths: dict[str, int] = {}
        self._accents: dict[str, QColor] = {}
        self._statuses: dict[tuple[str, int], tuple[StatusLook, QColor, QPixmap]] = {}
        self._frames: dict[tuple[object, ...], QPixmap] = {}
        self._marks: dict[str, QColor] = {}

    def mark(self, color: str) -> QColor:
        """The QColor of a label mark (parsed once per colour)."""
        found = self._marks.get(color)
        if found is None:
            found = self._marks[color] = QColor(color)
        return found

    def accent(self, platform: str) -> QColor:
        """The platform's accent colour for this scheme."""
        color = self._accents.get(platform)
        if color is None:
            color = self._accents[platform] = icons.platform_accent(platform, self.dark)
        return color

    def status(self, status: str, size: int) -> tuple[StatusLook, QColor, QPixmap]:
        """The status's look, colour and icon at ``size``."""
        key = (status, size)
        found = self._statuses.get(key)
        if found is None:
            look = status_look(status)
            color = look.color(self.dark)
            found = self._statuses[key] = (look, color, icons.render_svg(look.icon, size, color, self.dpr))
        return found

    def publish_now_mark(self, size: int) -> QPixmap:
        """The lightning glyph that marks a post sent to publish at once."""
        key = ("publish-now", size)
        pm = self._frames.get(key)
        if pm is None:
            pm = self._frames[key] = icons.render_svg(PUBLISH_NOW_ICON, size, self.text, self.dpr)
        return pm

    def time_width(self, text: str) -> int:
        """Width of ``text`` in the bold font."""
        width = self.widths.get(text)
        if width is None:
            width = self.widths[text] = self.bold_fm.horizontalAdvance(text)
        return width

    def frame(self, width: int, height: int, platform: str, selected: bool, edge: int,
              waiting: QColor | None = None) -> QPixmap:
        """The chip's background, border and accent edge, rendered once per size and colour.

        ``waiting`` (the outbox's colour) gives the face of a post not yet on Dash: a tint and a
        dashed border in that colour.
        """
        key = (width, height, platform, selected, edge, waiting.rgba() if waiting is not None else None)
        pm = self._frames.get(key)
        if pm is None:
            if len(self._frames) > 256:
                self._frames.clear()
            pm = self._frames[key] = self._render_frame(width, height, self.accent(platform), selected, edge,
                                                        waiting)
        return pm

    def _render_frame(self, width: int, height: int, accent: QColor, selected: bool, edge: int,
                      waiting: QColor | None = None) -> QPixmap:
        pm = QPixmap(max(1, round(width * self.dpr)), max(1, round(height * self.dpr)))
        pm.setDevicePixelRatio(self.dpr)
        pm.fill(_TRANSPARENT)
        p = QPainter(pm)
        p.setRenderHint(_ANTIALIAS)
        r = QRectF(0, 0, width, height).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = min(5.0, r.height() / 3)
        path = QPainterPath()
        path.addRoundedRect(r, radius, radius)
        if waiting is not None and not selected:
            p.fillPath(path, mix(self.pal.color(_BASE), waiting, 0.14 if self.dark else 0.10))
            p.setPen(QPen(waiting, 1.2, Qt.PenStyle.DashLine))
        else:
            p.fillPath(path, chip_background(self.pal, selected, accent))
            p.setPen(self.pal.color(_HIGHLIGHT) if selected else self.pal.color(_MID))
        p.setBrush(_NO_BRUSH)
        p.drawPath(path)
        p.setClipPath(path)
        p.fillRect(QRectF(r.left(), r.top(), edge, r.height()), accent)
        p.end()
        return pm


_styles: dict[tuple[object, ...], _ChipStyle] = {}


def _style_for(p: QPainter, pal: QPalette) -> _ChipStyle:
    device = p.device()
    dpr = device.devicePixelRatioF() if device is not None else 1.0
    font = p.font()
    key = (pal.cacheKey(), font.key(), dpr)
    style = _styles.get(key)
    if style is None:
        if len(_styles) > 8:
            _styles.clear()
        style = _styles[key] = _ChipStyle(pal, font, p.fontMetrics(), dpr)
    return style


def clear_styles() -> None:
    """Forget the shared chip styles (the platform icons were re-rendered, e.g. for a new scheme)."""
    _styles.clear()


def paint_chip(
    p: QPainter,
    rect: QRect,
    post: Post,
    tz: ZoneInfo,
    pal: QPalette,
    m: ChipMetrics,
    *,
    thumb: QPixmap | None = None,
    selected: bool = False,
    block: bool = False,
    ghost: bool = False,
    marks: tuple[str, ...] = (),
    rtl: bool = False,
) -> None:
    """Paint one post: accent edge, platform badge, local time, snippet, thumbnail, status, label marks.

    ``block`` paints the week-view form: status word and text on further lines when there is room.
    ``marks`` are the colours of the post's labels, drawn as dots before the status icon (three at most).
    ``rtl`` mirrors the chip (edge, badge and time at the right, status at the left); everything is laid
    out left to right and each part placed through ``flip``.
    """
    span = rect.left() + rect.right() + 1

    def flip(r: QRectF) -> QRectF:
        return QRectF(span - r.left() - r.width(), r.top(), r.width(), r.height()) if rtl else r

    align = _RIGHT_VCENTER if rtl else _LEFT_VCENTER
    st = _style_for(p, pal)
    look, status_color, status_pm = st.status(post.status, m.badge)
    waiting = post.status == WAITING_TO_SEND  # in the outbox: colour, icon and word
    p.save()
    if ghost:
        p.setOpacity(0.75)
    frame = st.frame(rect.width(), rect.height(), post.platform, selected, m.edge, status_color if waiting else None)
    if rtl:  # the accent edge on the right: the frame mirrored (it holds no words)
        p.save()
        p.translate(span, 0)
        p.scale(-1, 1)
        p.drawPixmap(rect.topLeft(), frame)
        p.restore()
    else:
        p.drawPixmap(rect.topLeft(), frame)
    p.setRenderHint(_ANTIALIAS)

    fm = st.fm
    r = QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5)
    x = r.left() + m.edge + m.pad
    right = r.right() - m.pad
    line_top = r.top() + (m.height - m.badge) / 2 if block else r.top() + (r.height() - m.badge) / 2
    line_h = m.badge
    # status icon at the right end of the first line
    icon_size = m.badge
    right -= icon_size
    p.drawPixmap(flip(QRectF(right, line_top, icon_size, icon_size)), status_pm, QRectF(status_pm.rect()))
    right -= m.pad
    if marks:
        if rtl:  # dots: mirrored as they are
            p.save()
            p.translate(span, 0)
            p.scale(-1, 1)
        right = _paint_marks(p, st, marks, right, line_top + m.badge / 2, m)
        if rtl:
            p.restore()
    # thumbnail
    thumb_size = int(min(r.height() - 2 * m.pad, m.height * 2.2 if block else m.height - 4))
    if thumb is not None and thumb_size >= 10 and (right - x) > thumb_size * 3:
        t_rect = QRectF(right - thumb_size, r.top() + (m.pad if block else (r.height() - thumb_size) / 2),
                        thumb_size, thumb_size)
        clip = QPainterPath()
        clip.addRoundedRect(flip(t_rect), 3, 3)
        p.save()
        p.setClipPath(clip)
        p.drawPixmap(flip(t_rect), thumb, QRectF(thumb.rect()))
        p.restore()
        right = t_rect.left() - m.pad
    # badge
    badge = icons.platform_badge(post.platform, m.badge, st.dpr, st.dark)
    p.drawPixmap(flip(QRectF(x, line_top, m.badge, m.badge)), badge, QRectF(badge.rect()))
    x += m.badge + m.pad
    # time (a publish-now post: the lightning mark, then the time it was sent)
    when = post.timestamp if post.timestamp is not None else post.when
    local = when.astimezone(tz) if when else None
    # (not strftime: under PySide6 each call re-imports ``time`` through the binding's import hook, ~20 µs)
    time_text = f"{local.hour:02d}:{local.minute:02d}" if local else "--:--"
    if post.timestamp is None and post.is_publish_now:
        mark = st.publish_now_mark(m.badge)
        p.drawPixmap(flip(QRectF(x, line_top, m.badge, m.badge)), mark, QRectF(mark.rect()))
        x += m.badge
    p.setFont(st.bold)
    p.setPen(st.text)
    baseline_rect = QRectF(x, line_top - (fm.height() - line_h) / 2, max(0.0, right - x), fm.height())
    p.drawText(flip(QRectF(x, baseline_rect.top(), st.time_width(time_text), fm.height())), align, time_text)
    x += st.time_width(time_text) + m.pad
    p.setFont(st.regular)
    snippet = " ".join(post.text.split()) or (post.post_type.title() if post.post_type else tr("(no caption)"))
    if block:
        # first line: status word after the time; text below
        p.setPen(status_color)
        p.drawText(flip(QRectF(x, baseline_rect.top(), max(0.0, right - x), fm.height())),
                   align,
                   fm.elidedText(look.word, _ELIDE_RIGHT, int(max(0.0, right - x))))
        text_top = r.top() + m.height - m.pad / 2
        avail_h = r.bottom() - m.pad / 2 - text_top
        if avail_h >= fm.height() * 0.9:
            left = r.left() + m.edge + m.pad
            width = max(0.0, right - left)
            lines = max(1, int(avail_h // fm.lineSpacing()))
            p.setPen(st.text)
            _draw_wrapped(p, flip(QRectF(left, text_top, width, lines * fm.lineSpacing())), snippet, lines, align)
    else:
        if waiting:  # the word, before the text (the month chip has no status line); short when narrow
            room = max(0.0, right - x)
            short = tr("Waiting")
            word = next((w for w in (look.word + " ·", short + " ·", short)
                         if st.bold_fm.horizontalAdvance(w) <= room), short)
            p.setPen(status_color)
            p.setFont(st.bold)
            word_w = min(int(max(0.0, right - x)), st.bold_fm.horizontalAdvance(word))
            p.drawText(flip(QRectF(x, baseline_rect.top(), word_w, fm.height())), align,
                       st.bold_fm.elidedText(word, _ELIDE_RIGHT, word_w))
            p.setFont(st.regular)
            x += word_w + m.pad / 2
        elif post.status in WORD_IN_CHIP:
            # Outcomes someone must act on carry their word in the one-line chip too.
            word_w = st.time_width(look.word)
            if right - x > word_w + fm.averageCharWidth() * 4:
                p.setFont(st.bold)
                p.setPen(status_color)
                p.drawText(flip(QRectF(x, baseline_rect.top(), word_w + 1, fm.height())), align, look.word)
                p.setFont(st.regular)
                x += word_w + m.pad
        p.setPen(st.snippet)
        width = int(max(0.0, right - x))
        if width > fm.averageCharWidth() * 2:
            p.drawText(flip(QRectF(x, baseline_rect.top(), width, fm.height())),
                       align,
                       fm.elidedText(snippet, _ELIDE_RIGHT, width))
    p.restore()


MAX_MARKS = 3


def _paint_marks(p: QPainter, st: _ChipStyle, marks: tuple[str, ...], right: float, middle: float,
                 m: ChipMetrics) -> float:
    """Label dots ending at ``right``, centred on ``middle``; returns the x left of them."""
    size = max(5.0, m.badge * 0.5)
    step = size + max(1.0, size / 3)
    p.setPen(Qt.PenStyle.NoPen)
    x = right - step * min(len(marks), MAX_MARKS)
    for i, color in enumerate(marks[:MAX_MARKS]):
        p.setBrush(st.mark(color))
        p.drawEllipse(QRectF(x + i * step, middle - size / 2, size, size))
    p.setBrush(_NO_BRUSH)
    return x - m.pad / 2


def _draw_wrapped(p: QPainter, rect: QRectF, text: str, max_lines: int,
                  align: Qt.AlignmentFlag = _LEFT_VCENTER) -> None:
    fm = p.fontMetrics()
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for w in words:
        trial = f"{current} {w}".strip()
        if fm.horizontalAdvance(trial) <= rect.width() or not current:
            current = trial
        else:
            lines.append(current)
            current = w
            if len(lines) == max_lines:
                break
    if len(lines) < max_lines and current:
        lines.append(current)
    if len(lines) == max_lines and (" ".join(lines) != text):
        lines[-1] = fm.elidedText(lines[-1] + " …", _ELIDE_RIGHT, int(rect.width()))
    y = rect.top()
    for line in lines[:max_lines]:
        p.drawText(QRectF(rect.left(), y, rect.width(), fm.height()),
                   align,
                   fm.elidedText(line, _ELIDE_RIGHT, int(rect.width())))
        y += fm.lineSpacing()


def paint_more(p: QPainter, rect: QRect, count: int, pal: QPalette) -> None:
    """Paint the "+N more" line of a month cell."""
    p.save()
    p.setPen(pal.color(QPalette.ColorRole.Link))
    f = QFont(p.font())
    f.setWeight(_DEMIBOLD)
    p.setFont(f)
    # (not absolute: the line starts where the view's reading starts, the right in a right-to-left month)
    p.drawText(QRectF(rect).adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
               tr("+{n} more", n=count))
    p.restore()


class ChipCache:
    """Rendered chips kept as pixmaps, so a repaint only blits them.

    The key holds everything a chip shows (post content, size, selection, thumbnail, zone, palette,
    font and device pixel ratio), so a changed post or palette simply misses the cache. The view's
    first paint holding chips draws them directly (rendering each into a pixmap first costs a fifth
    more, and start-up waits for that paint); later paints fill the cache.
    """

    def __init__(self, limit: int = 4000) -> None:
        self.limit = limit
        self._pixmaps: dict[tuple[object, ...], QPixmap] = {}
        self._first_paint = True
        self._drew_direct = False

    def painted(self) -> None:
        """The view finished a paint (after one that held chips, they go through the cache)."""
        if self._drew_direct:
            self._first_paint = False

    def clear(self) -> None:
        """Forget every rendered chip."""
        self._pixmaps.clear()

    def draw(
        self,
        p: QPainter,
        rect: QRect,
        post: Post,
        tz: ZoneInfo,
        pal: QPalette,
        m: ChipMetrics,
        *,
        thumb: QPixmap | None = None,
        selected: bool = False,
        block: bool = False,
        marks: tuple[str, ...] = (),
        rtl: bool = False,
    ) -> None:
        """Paint ``post`` into ``rect`` through the cache (``rtl``: mirrored)."""
        device = p.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        key = (
            post.key, post.status, post.timestamp, post.text, post.platform, rect.width(), rect.height(),
            selected, block, thumb.cacheKey() if thumb is not None else 0, tz.key, pal.cacheKey(),
            p.font().key(), dpr, marks, rtl,
        )
        pm = self._pixmaps.get(key)
        if pm is None and self._first_paint:
            paint_chip(p, rect, post, tz, pal, m, thumb=thumb, selected=selected, block=block, marks=marks, rtl=rtl)
            self._drew_direct = True
            return
        if pm is None:
            pm = QPixmap(max(1, round(rect.width() * dpr)), max(1, round(rect.height() * dpr)))
            pm.setDevicePixelRatio(dpr)
            pm.fill(_TRANSPARENT)
            q = QPainter(pm)
            q.setFont(p.font())
            paint_chip(q, QRect(0, 0, rect.width(), rect.height()), post, tz, pal, m, thumb=thumb,
                       selected=selected, block=block, marks=marks, rtl=rtl)
            q.end()
            if len(self._pixmaps) >= self.limit:
                self._pixmaps.clear()
            self._pixmaps[key] = pm
        p.drawPixmap(rect.topLeft(), pm)
