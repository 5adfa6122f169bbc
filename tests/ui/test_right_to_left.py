"""Right-to-left (Arabic): the month grid is mirrored (the week starts on the right) and the arrow keys
move the selection the way they point on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def first_week_x(view) -> list[int]:
    cells = view.cells()[:7]
    return [cell.rect.center().x() for cell in cells]


def test_the_month_grid_mirrors_and_arrows_follow(qtbot, main_window) -> None:
    main_window.set_view("month")
    view = main_window.month_view
    left_to_right = first_week_x(view)
    assert left_to_right == sorted(left_to_right)  # Monday (or the first day) on the left

    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    right_to_left = first_week_x(view)
    assert right_to_left == sorted(right_to_left, reverse=True)  # the week starts on the right
    assert view.day_at(view.cells()[0].rect.center()) == view.cells()[0].day

    view.setFocus()
    start = view.selected_day
    QTest.keyClick(view, Qt.Key.Key_Left)  # to the left on screen: the next day in a mirrored grid
    assert (view.selected_day - start).days == 1
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_day == start


def test_the_week_mirrors_and_hit_testing_follows(qtbot, main_window) -> None:
    main_window.set_view("week", reload=False)
    view = main_window.week_view
    days = view.days()
    ltr = [view.column_rect(i).center().x() for i in range(7)]
    assert ltr == sorted(ltr)
    hours_ltr = view.gutter_rect(0, 10)
    assert hours_ltr.left() == 0  # the hours on the left edge

    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    rtl = [view.column_rect(i).center().x() for i in range(7)]
    assert rtl == sorted(rtl, reverse=True)  # the first day on the right
    assert view.gutter_rect(0, 10).right() == view.width() - 1  # the hours on the right edge
    assert view.scroll.geometry().left() == 0  # the scroll bar on the left
    for day in (days[0], days[3], days[6]):
        point = view.point_for(day, 10 * 60)
        assert view.day_at(point) == day
        when = view.time_at(point, None)
        assert when is not None and when.astimezone(view.tz).date() == day and when.astimezone(view.tz).hour == 10
    grid = range(view.grid_left(), view.grid_left() + view.grid_width())
    assert all(view.column_rect(i).left() in grid for i in range(7))

    view.setFocus()
    view.selected_day = days[2]
    QTest.keyClick(view, Qt.Key.Key_Left)  # left on screen: the next day in a mirrored week
    assert view.selected_day == days[3]


def test_the_list_mirrors_and_a_post_keeps_its_own_direction(qloop, qtbot, sandbox, main_window) -> None:
    from uihelpers import until

    from dashdesk.ui import icons
    from dashdesk.ui.bidi import content_direction
    from dashdesk.ui.calendar.chips import ChipMetrics
    from dashdesk.ui.posts_model import Roles

    sandbox.seed_demo()

    async def scenario():
        await main_window.open()
        main_window.set_view("list")
        view = main_window.list_view
        await until(lambda: view.model() is not None and view.model().rowCount() > 0, what="listed posts")
        return view

    view = qloop.run_until_complete(scenario())
    index = view.model().index(0, 0)
    post = index.data(Roles.Post)
    accent = icons.platform_accent(post.platform, view.palette().color(view.palette().ColorRole.Window).lightness()
                                   < 128)
    pad = ChipMetrics.for_font(view.font()).pad

    def accent_at(x_from_start: int, rtl: bool) -> bool:
        rect = view.visualRect(index)
        image = view.viewport().grab().toImage()
        x = rect.right() - x_from_start if rtl else rect.left() + x_from_start
        return image.pixelColor(x, rect.bottom() - pad * 2) == accent

    assert accent_at(pad * 2 + 1, rtl=False)  # the platform's edge at the row's start: the left
    view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.waitUntil(lambda: accent_at(pad * 2 + 1, rtl=True))  # and the right, mirrored
    assert not accent_at(pad * 2 + 1, rtl=False)

    rtl = Qt.LayoutDirection.RightToLeft
    assert content_direction("Launching today!", rtl) == Qt.LayoutDirection.LeftToRight
    assert content_direction("١٢ منشورًا جديدًا", Qt.LayoutDirection.LeftToRight) == rtl
    assert content_direction("#42 🎉", rtl) == rtl  # no letter with a direction: the window's


def test_the_arabic_composer_keeps_every_control_inside_its_column(qtbot) -> None:
    """Nothing of the Arabic composer sticks out past the splitter's edges (the text column sat one pixel past
    the right edge, cutting its frames' borders off)."""
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTextEdit

    from dashdesk.i18n import install
    from dashdesk.ui.composer import ComposerDialog

    app = QApplication.instance()
    install("ar")
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        dialog = ComposerDialog(None, 144, "UTC", platforms=["instagram", "twitter"],
                                clock=lambda: datetime(2026, 12, 3, 9, tzinfo=UTC))
        qtbot.addWidget(dialog)
        dialog.resize(815, 684)  # the composer over a 1024x700 window
        dialog.show()
        qtbot.waitExposed(dialog)
        splitter = dialog.splitter
        outside = []
        for column in (splitter.widget(0), splitter.widget(1)):
            for child in column.findChildren(QAbstractButton) + column.findChildren(QLabel) + \
                    column.findChildren(QTextEdit):
                if not child.isVisibleTo(column) or child.width() == 0:
                    continue
                left = child.mapTo(splitter, child.rect().topLeft()).x()
                right = child.mapTo(splitter, child.rect().topRight()).x()
                if left < 0 or right >= splitter.width():
                    outside.append(f"{type(child).__name__} at {left}..{right} of {splitter.width()}")
        assert outside == []
        assert splitter.widget(0).geometry().left() > splitter.widget(1).geometry().left()  # text on the right
    finally:
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        install("en")


def test_a_chip_mirrors_its_edge_and_badge(qtbot) -> None:
    from zoneinfo import ZoneInfo

    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from dashdesk.services.post import Post
    from dashdesk.ui import icons
    from dashdesk.ui.calendar.chips import ChipMetrics, paint_chip

    app = QApplication.instance()
    post = Post.from_json("youtube", {"id": 1, "status": "SCHEDULED", "timestamp": "2026-12-04T09:00:00Z",
                                      "text": "Launch day"})
    m = ChipMetrics.for_font(app.font())
    accent = icons.platform_accent("youtube")

    def edge_side(rtl: bool) -> str:
        pm = QPixmap(300, m.height)
        pm.fill(QColor("white"))
        p = QPainter(pm)
        paint_chip(p, QRect(0, 0, 300, m.height), post, ZoneInfo("UTC"), app.palette(), m, rtl=rtl)
        p.end()
        image = pm.toImage()
        y = m.height // 2
        left = image.pixelColor(1, y) == accent
        right = image.pixelColor(298, y) == accent
        return "left" if left and not right else "right" if right and not left else "?"

    assert edge_side(rtl=False) == "left"
    assert edge_side(rtl=True) == "right"


def test_the_more_line_starts_where_the_month_reads(qtbot) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from dashdesk.ui.calendar.chips import paint_more

    def ink_side(direction: Qt.LayoutDirection) -> str:
        pm = QPixmap(400, 24)
        pm.fill(QColor("white"))
        p = QPainter(pm)
        p.setLayoutDirection(direction)
        paint_more(p, QRect(0, 0, 400, 24), 3, QApplication.instance().palette())
        p.end()
        image = pm.toImage()
        ink = [x for x in range(400) for y in range(24) if image.pixelColor(x, y).lightness() < 200]
        return "left" if max(ink) < 200 else "right" if min(ink) > 200 else "?"

    assert ink_side(Qt.LayoutDirection.LeftToRight) == "left"
    assert ink_side(Qt.LayoutDirection.RightToLeft) == "right"
