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
