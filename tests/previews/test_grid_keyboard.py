"""The grid planner's tiles with the keyboard: the arrows move, Enter opens, Ctrl+Shift+arrow swaps, and the
tile in focus is described for a screen reader."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dashdesk.services.post import Post
from dashdesk.ui.previews.grid_canvas import GridCanvas

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = datetime(2026, 12, 3, 9, tzinfo=UTC)


def posts(n: int) -> list[Post]:
    return [Post.from_json("instagram", {"id": i, "status": "SCHEDULED", "post_type": "FEED",
                                         "timestamp": (NOW + timedelta(days=n - i)).isoformat(),
                                         "text": f"caption {i}"}) for i in range(n)]


def test_arrows_enter_and_swap(qtbot) -> None:
    canvas = GridCanvas(lambda url: None, ZoneInfo("Europe/Paris"))
    qtbot.addWidget(canvas)
    canvas.set_posts(posts(7))
    canvas.resize(600, 600)
    canvas.show()
    canvas.setFocus()
    assert canvas.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "1 of 7" in canvas.accessibleDescription() and "caption 0" in canvas.accessibleDescription()
    QTest.keyClick(canvas, Qt.Key.Key_Down)  # a row is three tiles
    assert canvas.current == 3 and "4 of 7" in canvas.accessibleDescription()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.current == 4
    QTest.keyClick(canvas, Qt.Key.Key_Down)  # below the last row: stays
    QTest.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.current == 4
    with qtbot.waitSignal(canvas.openRequested) as opened:
        QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert opened.args == [("instagram", 4)]
    with qtbot.waitSignal(canvas.swapRequested) as swapped:
        QTest.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert swapped.args == [("instagram", 4), ("instagram", 3)] and canvas.current == 3
    canvas.set_posts([])
    assert canvas.accessibleDescription() == "No posts in the grid."


def test_a_right_to_left_grid_starts_top_right_and_arrows_follow(qtbot) -> None:
    canvas = GridCanvas(lambda url: None, ZoneInfo("Europe/Paris"))
    qtbot.addWidget(canvas)
    canvas.set_posts(posts(4))
    canvas.resize(600, 600)
    canvas.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    canvas.show()
    assert canvas.tile_rect(0).left() > canvas.tile_rect(1).left() > canvas.tile_rect(2).left()
    assert canvas.index_at(canvas.tile_rect(0).center()) == 0
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Left)  # left on screen: the next tile
    assert canvas.current == 1
