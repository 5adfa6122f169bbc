"""A preview of how a post will look on its platform: title, text with its line breaks, media, comment."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dashdesk.platforms import rules_for
from dashdesk.ui.icons import platform_badge

from .media import thumbnail_icon
from .state import MediaItem
from .widgets import em, muted

GRID_ITEMS = 4


class PostPreview(QFrame):
    """A card drawn in the palette's base colour, like a post in a feed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Preview")
        layout = QVBoxLayout(self)
        pad = em(self, 0.6)
        layout.setContentsMargins(pad, pad, pad, pad)
        head = QHBoxLayout()
        self.badge = QLabel(self)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        head.addWidget(self.badge)
        head.addWidget(self.heading, 1)
        layout.addLayout(head)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        tfont = self.title.font()
        tfont.setBold(True)
        tfont.setPointSizeF(tfont.pointSizeF() * 1.15)
        self.title.setFont(tfont)
        layout.addWidget(self.title)
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(max(2, em(self, 0.2)))
        layout.addWidget(self.grid_host)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.text)
        self.comment = muted(QLabel(self))
        self.comment.setWordWrap(True)
        self.comment.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.comment)
        self.empty = muted(QLabel("Nothing to preview yet.", self))
        layout.addWidget(self.empty)
        layout.addStretch(1)
        self._key: tuple[object, ...] | None = None

    def show_post(self, platform: str, post_type_label: str, title: str, text: str | None,
                  media: list[MediaItem], first_comment: str) -> None:
        """Show a post; ``text=None`` means the post type carries no text (e.g. a Snapchat Story)."""
        key = (platform, post_type_label, title, text, tuple(media), first_comment)
        if key == self._key:
            return
        self._key = key
        rules = rules_for(platform)
        self.badge.setPixmap(platform_badge(platform, em(self, 1.2), self.devicePixelRatioF()))
        self.heading.setText(f"{rules.name} · {post_type_label}")
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setText(text or "")
        self.text.setVisible(bool(text))
        self.comment.setText(f"First comment: {first_comment}" if first_comment else "")
        self.comment.setVisible(bool(first_comment))
        self._show_media(media)
        self.empty.setVisible(not (title or text or media))

    def _show_media(self, media: list[MediaItem]) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.grid_host.setVisible(bool(media))
        if not media:
            return
        single = len(media) == 1
        side = em(self, 9 if single else 4.4)
        columns = 1 if single else 2
        self.grid.setColumnStretch(columns, 1)  # cells sit together at the left, like a feed's grid
        for i, item in enumerate(media[:GRID_ITEMS]):
            cell = QLabel(self.grid_host)
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setFixedSize(side, side)
            cell.setFrameShape(QFrame.Shape.StyledPanel)
            cell.setPixmap(thumbnail_icon(item, side).pixmap(side - 4, side - 4))
            more = len(media) - GRID_ITEMS
            if i == GRID_ITEMS - 1 and more > 0:
                cell.setText(f"+{more + 1}")
                cell.setToolTip(f"{more + 1} more")
            cell.setAccessibleName(f"{'Video' if item.kind == 'VIDEO' else 'Image'} {item.name or item.media_id}")
            self.grid.addWidget(cell, i // columns, i % columns)
