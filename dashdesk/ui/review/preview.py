"""PostPreview: the full post beside the queue — text with its line breaks, media, first comment,
platform fields, approval fields, and (when it can't be approved) why, with a button to fix it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.i18n.formats import date_text, time_text
from dashdesk.platforms import FieldKind, get_path, media_kind_of, rules_for
from dashdesk.services.post import Post
from dashdesk.services.review import ApprovalCheck, approval_info
from dashdesk.ui import icons
from dashdesk.ui.review.delegate import muted_color, tone_color
from dashdesk.ui.status import status_look

_THUMB_KEYS = ("small_square", "medium_square", "small", "thumbnail", "original_converted", "original")


def media_thumb_url(media: Mapping[str, Any]) -> str | None:
    """A small image URL of one expanded media item, if the API gave one."""
    sizes = media.get("image_sizes") or {}
    if isinstance(sizes, Mapping):
        for name in _THUMB_KEYS:
            entry = sizes.get(name)
            if isinstance(entry, Mapping) and entry.get("url"):
                return str(entry["url"])
    urls = media.get("urls") or {}
    if isinstance(urls, Mapping):
        for name in ("thumbs", "640", "ratio"):
            if urls.get(name):
                return str(urls[name])
    return None


def field_value_text(kind: FieldKind, value: Any) -> str:
    """A platform field's value in words."""
    if kind is FieldKind.BOOL:
        if isinstance(value, str):
            value = value.strip().lower() == "true"
        return "Yes" if value else "No"
    if kind is FieldKind.BOARD and isinstance(value, Mapping):
        return str(value.get("name") or value.get("id") or "")
    return str(value)


def set_text_color(widget: QWidget, color: QColor) -> None:
    """Give ``widget``'s text ``color`` (through its palette, no style sheet)."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, color)
    pal.setColor(QPalette.ColorRole.Text, color)
    widget.setPalette(pal)


def text_label(text: str = "", *, bold: bool = False, wrap: bool = False, selectable: bool = False,
           muted: bool = False) -> QLabel:
    """A plain-text label: bold, word-wrapped, selectable or muted as asked."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold:
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
    if wrap:
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    if muted:
        set_text_color(label, muted_color(label.palette()))
    return label


class Banner(QFrame):
    """A framed note drawn in one tone colour: a thin rounded border and a bar on the left."""

    def __init__(self, color: QColor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = color

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = self.fontMetrics().height() / 4
        p.setPen(QPen(self.color, 1))
        p.setBrush(self.palette().color(QPalette.ColorRole.Base))
        p.drawRoundedRect(r, radius, radius)
        bar = max(3, self.fontMetrics().height() // 5)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.color)
        p.drawRoundedRect(QRectF(r.left(), r.top(), bar, r.height()), radius / 2, radius / 2)
        p.end()


class PostPreview(QScrollArea):
    """Shows one post in full; ``editRequested(field_path)`` asks to fix the named field."""

    editRequested = Signal(str)

    def __init__(self, tz: Callable[[], ZoneInfo], thumbnail: Callable[[str], QPixmap | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.thumbnail = thumbnail
        self.post: Post | None = None
        self.check: ApprovalCheck | None = None
        self.fix_button: QPushButton | None = None
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(tr("Post preview"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.show_empty(tr("Select a post to see it in full."))

    # --- content ----------------------------------------------------------------------------

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        page.setBackgroundRole(QPalette.ColorRole.Base)
        page.setAutoFillBackground(True)
        layout = QVBoxLayout(page)
        line = self.fontMetrics().height()
        layout.setContentsMargins(line, line, line, line)
        layout.setSpacing(round(line * 0.6))
        return page, layout

    def show_empty(self, text: str) -> None:
        """Show a hint instead of a post."""
        self.post, self.check, self.fix_button = None, None, None
        page, layout = self._page()
        hint = text_label(text, wrap=True, muted=True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(hint)
        layout.addStretch(2)
        self.setWidget(page)

    def _section(self, layout: QVBoxLayout, title: str) -> None:
        layout.addSpacing(round(self.fontMetrics().height() * 0.4))
        layout.addWidget(text_label(title, bold=True))

    def show_post(self, post: Post, check: ApprovalCheck, *, selected: int = 1) -> None:
        """Show ``post`` in full with its approval ``check``; ``selected`` posts are selected in all."""
        self.post, self.check = post, check
        page, layout = self._page()
        rules = rules_for(post.platform)
        line = self.fontMetrics().height()
        if selected > 1:
            layout.addWidget(text_label(tr("{n} posts selected: Approve, Publish now and Delete apply to all of them. "
                                           "This is the current one.", n=selected), wrap=True, muted=True))
        layout.addLayout(self._header(post, line))
        layout.addWidget(text_label(self._when(post), muted=True, wrap=True))
        if not check.ok:
            layout.addWidget(self._blocked(check, line))
        elif check.warnings:
            for warning in check.warnings:
                label = text_label(warning.message, wrap=True)
                set_text_color(label, tone_color("warning", label.palette()))
                layout.addWidget(label)

        post_type = post.post_type if rules.has_post_type else None
        text_spec = rules.text_field
        if text_spec.applies_to(post_type):
            self._section(layout, tr(text_spec.label))
            if post.text and get_path(post.data, text_spec.path) == post.text:
                body = text_label(post.text, wrap=True, selectable=True)
                body.setAccessibleName(text_spec.label)
            else:
                body = text_label("No text", muted=True)
            layout.addWidget(body)
        media = self._media(post, line)
        if media is not None:
            self._section(layout, tr("Media"))
            layout.addWidget(media)
        comment = post.data.get("first_comment")
        if rules.field("first_comment") and isinstance(comment, str) and comment.strip():
            self._section(layout, tr("First comment"))
            layout.addWidget(text_label(comment, wrap=True, selectable=True))
        fields = self._fields(post, post_type)
        if fields is not None:
            self._section(layout, tr("{platform} fields", platform=rules.name))
            layout.addWidget(fields)
        self._section(layout, tr("Approval"))
        layout.addWidget(self._approval(post))
        layout.addStretch(1)
        self.setWidget(page)

    def _header(self, post: Post, line: int) -> QHBoxLayout:
        rules = rules_for(post.platform)
        row = QHBoxLayout()
        row.setSpacing(round(line * 0.5))
        badge = QLabel()
        size = round(line * 1.8)
        badge.setPixmap(icons.platform_badge(post.platform, size, self.devicePixelRatioF()))
        badge.setFixedSize(QSize(size, size))
        badge.setAccessibleName(rules.name)
        row.addWidget(badge)
        title = rules.name
        pt = rules.post_type(post.post_type) if rules.has_post_type else None
        if pt is not None:
            title += f" · {pt.label}"
        heading = text_label(title, bold=True)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        heading.setFont(font)
        row.addWidget(heading)
        row.addStretch(1)
        look = status_look(post.status)
        color = tone_color(look.tone, self.palette())
        glyph = QLabel()
        glyph.setPixmap(icons.render_svg(look.icon, line, color, self.devicePixelRatioF()))
        row.addWidget(glyph)
        word = text_label(look.word, bold=True)
        set_text_color(word, color)
        word.setAccessibleName(tr("Status: {word}", word=look.word))
        row.addWidget(word)
        return row

    def _when(self, post: Post) -> str:
        tz = self.tz()
        if post.timestamp is None:
            return tr("No time set yet: pick one when approving.")
        local = post.timestamp.astimezone(tz)
        return f"{date_text(local, 'full')} {local.year}, {time_text(local)} {local.tzname()} ({tz.key})"

    def _blocked(self, check: ApprovalCheck, line: int) -> QFrame:
        danger = tone_color("danger", self.palette())
        frame = Banner(danger)
        frame.setObjectName("blockedBanner")
        frame.setAccessibleName(tr("Why this post can't be approved"))
        box = QVBoxLayout(frame)
        box.setContentsMargins(round(line * 0.9), round(line * 0.5), round(line * 0.7), round(line * 0.6))
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(icons.render_svg("exclamation-circle-fill", line, danger, self.devicePixelRatioF()))
        top.addWidget(icon)
        title = text_label(tr("Can't be approved yet"), bold=True)
        set_text_color(title, danger)
        top.addWidget(title)
        top.addStretch(1)
        box.addLayout(top)
        for problem in check.problems:
            box.addWidget(text_label(f"• {problem.message}", wrap=True))
        self.fix_button = QPushButton(icons.icon("pencil-square"), tr("Edit to fix (E)"))
        self.fix_button.setToolTip(tr("Open the composer at the field to fix"))
        self.fix_button.setAccessibleName(tr("Edit to fix"))
        field = check.field or ""
        self.fix_button.clicked.connect(lambda: self.editRequested.emit(field))
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.fix_button)
        fix_row.addStretch(1)
        box.addLayout(fix_row)
        return frame

    def _media(self, post: Post, line: int) -> QWidget | None:
        items = post.media
        ids = post.data.get("media_ids") or []
        if not items and not ids:
            return None
        strip = QWidget()
        row = QHBoxLayout(strip)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(round(line * 0.5))
        size = line * 6
        dpr = self.devicePixelRatioF()
        shown = items or [{"id": i} for i in ids]
        for n, media in enumerate(shown, 1):
            kind = media_kind_of(media)
            url = media_thumb_url(media)
            pm = self.thumbnail(url) if url else None
            cell = QLabel()
            cell.setFixedSize(size, size)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setFrameShape(QFrame.Shape.StyledPanel)
            words = "Video" if kind == "VIDEO" else "Image" if kind == "IMAGE" else "Media"
            cell.setAccessibleName(tr("{words} {n} of {shown}", words=words, n=n, shown=len(shown)))
            cell.setToolTip(str((media.get("meta") or {}).get("filename") or f"{words} {n}")
                            if isinstance(media.get("meta"), Mapping) else f"{words} {n}")
            if isinstance(pm, QPixmap) and not pm.isNull():
                scaled = pm.scaled(round(size * dpr), round(size * dpr), Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
                scaled.setDevicePixelRatio(dpr)
                cell.setPixmap(scaled)
            else:
                glyph = "film" if kind == "VIDEO" else "image"
                cell.setPixmap(icons.render_svg(glyph, line * 2, muted_color(self.palette()), dpr))
            row.addWidget(cell)
        row.addStretch(1)
        return strip

    def _fields(self, post: Post, post_type: str | None) -> QWidget | None:
        rules = rules_for(post.platform)
        specs = [f for f in rules.fields_for(post_type) if f.key not in ("text", "first_comment")]
        if not specs:
            return None
        holder = QWidget()
        form = QFormLayout(holder)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for spec in specs:
            value = get_path(post.data, spec.path)
            missing = value is None or (isinstance(value, str) and not value.strip()) or not _present(post, spec.path)
            if missing:
                label = text_label("Not set" + (" (required)" if spec.required else ""), muted=not spec.required)
                if spec.required:
                    set_text_color(label, tone_color("danger", label.palette()))
            else:
                words = field_value_text(spec.kind, value)
                label = text_label(words, wrap=len(words) > 40, selectable=True)
            label.setAccessibleName(spec.label)
            form.addRow(text_label(spec.label + ":", muted=True), label)
        if rules.auto_publish.value == "optional":
            auto = post.data.get("auto_publish")
            form.addRow(text_label("Auto-publish:", muted=True),
                        text_label("No — a reminder is sent to publish by hand" if auto is False else "Yes"))
        return holder

    def _approval(self, post: Post) -> QWidget:
        rows = approval_info(post).rows()
        if not rows:
            return text_label(tr("Dash gave no approval details for this post."), muted=True, wrap=True)
        holder = QWidget()
        form = QFormLayout(holder)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        for name, value in rows:
            form.addRow(text_label(name + ":", muted=True), text_label(value, wrap=len(value) > 40))
        return holder


def _present(post: Post, path: str) -> bool:
    node: Any = post.data
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False
        node = node[part]
    return True
