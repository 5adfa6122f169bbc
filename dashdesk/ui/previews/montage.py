"""Every platform's preview side by side in one widget (the side-by-side view and the docs montage)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from dashdesk.platforms import rules_for

from .paint import PreviewPost
from .widget import PlatformPreview


def caption_of(post: PreviewPost) -> str:
    """"Instagram · Reel": the platform and its post type, as a heading over a preview."""
    rules = rules_for(post.platform)
    pt = rules.post_type(post.post_type) or rules.post_types[0]
    return rules.name if len(rules.post_types) == 1 else f"{rules.name} · {pt.label}"


class PreviewMontage(QWidget):
    """Previews in columns, each under a heading; ``show_posts`` replaces them."""

    def __init__(self, parent: QWidget | None = None, columns: int = 4) -> None:
        super().__init__(parent)
        self.columns = columns
        self.grid = QGridLayout(self)
        gap = self.fontMetrics().height()
        self.grid.setSpacing(gap)
        self.grid.setContentsMargins(gap, gap, gap, gap)
        self.previews: list[PlatformPreview] = []

    def show_posts(self, posts: list[PreviewPost]) -> None:
        """Show one preview per post (reusing the widgets already there)."""
        while len(self.previews) > len(posts):
            gone = self.previews.pop()
            gone.deleteLater()
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget()
            if w is not None and w not in self.previews:
                w.deleteLater()
        for n, post in enumerate(posts):
            if n >= len(self.previews):
                self.previews.append(PlatformPreview(self))
            preview = self.previews[n]
            head = QLabel(caption_of(post), self)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            row, col = divmod(n, self.columns)
            self.grid.addWidget(head, row * 2, col, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            self.grid.addWidget(preview, row * 2 + 1, col, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            preview.show_post(post)
        self.grid.setRowStretch(2 * ((len(posts) - 1) // self.columns + 1), 1)
