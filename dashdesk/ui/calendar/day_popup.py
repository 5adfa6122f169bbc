""""+N more" in a month cell: every post of one day in a popup list near the pointer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from dashdesk.i18n import tr
from dashdesk.i18n.formats import date_text
from dashdesk.services.post import PostKey
from dashdesk.ui.calendar import layout


def open_day_popup(parent: QWidget, proxy: Any, day: date, tz: ZoneInfo, *, clock: Callable[[], datetime],
                   thumbnails: Callable[[str], Any], on_open: Callable[[PostKey], Any],
                   on_delete: Callable[[PostKey], Any]) -> QFrame:
    """Show the posts of ``day`` in a popup; opening or deleting one closes it and passes the intent on."""
    from dashdesk.ui.calendar.list_view import ListView

    popup = QFrame(parent, Qt.WindowType.Popup)
    popup.setObjectName("dayPopup")
    popup.setFrameShape(QFrame.Shape.StyledPanel)
    popup.setAccessibleName(tr("Posts on {day}", day=date_text(day, "full")))
    lay = QVBoxLayout(popup)
    lay.setContentsMargins(1, 1, 1, 1)
    day_list = ListView(proxy, popup)
    day_list.clock = clock
    day_list.thumbnail_lookup = thumbnails
    day_list.anchor = day
    day_list.range_proxy.set_range(*layout.day_bounds(day, tz))
    day_list.openRequested.connect(lambda key: (popup.close(), on_open(key)))
    day_list.deleteRequested.connect(lambda key: (popup.close(), on_delete(key)))
    lay.addWidget(day_list)
    fm = parent.fontMetrics()
    rows = max(1, day_list.range_proxy.rowCount())
    height = min(round(fm.lineSpacing() * 3.6 * rows + fm.height() * 3), round(parent.height() * 0.7))
    popup.resize(min(round(fm.averageCharWidth() * 95), parent.width() - 40), height)
    pos = QCursor.pos()
    screen = parent.screen().availableGeometry() if parent.screen() else None
    if screen is not None:
        pos.setX(max(screen.left(), min(pos.x(), screen.right() - popup.width())))
        pos.setY(max(screen.top(), min(pos.y(), screen.bottom() - popup.height())))
    popup.move(pos)
    popup.show()
    day_list.setFocus()
    if day_list.range_proxy.rowCount():
        day_list.setCurrentIndex(day_list.range_proxy.index(0, 0))
    return popup
