"""The composer's middle (text and media on the left, the platform tabs on the right) and its tab order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from dashdesk.i18n import tr

from .tabs import PlatformTabs
from .text_part import TextPart
from .widgets import em, heading, muted


def build_split(dialog: Any) -> QSplitter:
    """Build the splitter and give ``dialog`` its parts (``text_part``, ``media_label``, ``media``, ``tabs``,
    ``no_platform``, ``splitter``); ``dialog._make_strip`` makes the media strip."""
    split = QSplitter(Qt.Orientation.Horizontal, dialog)
    split.setChildrenCollapsible(False)
    left = QWidget(split)
    lay = QVBoxLayout(left)
    # a pixel each side: a right-to-left QSplitter places its first widget one pixel past its own edge,
    # which cut the frames' borders off there
    lay.setContentsMargins(1, 0, 1, 0)
    dialog.text_part = TextPart(left)
    lay.addWidget(dialog.text_part, 1)
    dialog.media_label = heading("Media", left)
    lay.addWidget(dialog.media_label)
    dialog.media = dialog._make_strip(tr("Post media"), left)
    lay.addWidget(dialog.media)
    right = QWidget(split)
    rlay = QVBoxLayout(right)
    rlay.setContentsMargins(0, 0, 0, 0)
    dialog.tabs = PlatformTabs(right)
    rlay.addWidget(dialog.tabs, 1)
    dialog.no_platform = muted(QLabel(tr("Choose one or more platforms above to start."), right))
    dialog.no_platform.setAlignment(Qt.AlignmentFlag.AlignCenter)
    dialog.no_platform.setWordWrap(True)
    rlay.addWidget(dialog.no_platform, 1)
    right.setMinimumWidth(em(dialog, 20))
    left.setMinimumWidth(em(dialog, 22))
    split.addWidget(left)
    split.addWidget(right)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 1)
    split.setSizes([em(dialog, 42), em(dialog, 34)])
    dialog.splitter = split
    return split


def set_tab_order(dialog: Any) -> None:
    """Tab moves text -> media -> platform tabs, and Cancel -> Save."""
    dialog.setTabOrder(dialog.editor, dialog.media.list)
    dialog.setTabOrder(dialog.media.list, dialog.media.add_button)
    dialog.setTabOrder(dialog.media.add_button, dialog.media.remove_button)
    dialog.setTabOrder(dialog.media.remove_button, dialog.tabs)
    dialog.setTabOrder(dialog.cancel_button, dialog.save_button)
