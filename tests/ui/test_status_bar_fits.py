"""The status bar at 1024x700 in a long language (German): every word it shows has room; when the review
counter is squeezed, its "by platform:" label makes way before the count's own words."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QToolButton
from uihelpers import until

from dashdesk.ui.review.counter import ReviewCounter

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")




def clipped(bar: Any) -> list[str]:
    """Visible labels and buttons of ``bar`` whose words are wider than the room they were given."""
    found = []
    for widget in bar.findChildren(QLabel) + bar.findChildren(QToolButton):
        text = widget.text()
        if not text or not widget.isVisibleTo(bar) or widget.width() == 0:
            continue
        room = widget.contentsRect().width()
        if isinstance(widget, QToolButton) and not widget.icon().isNull():
            room -= widget.iconSize().width() + 8
        if widget.fontMetrics().horizontalAdvance(text) > room + 1:
            found.append(f"{text!r}: {widget.fontMetrics().horizontalAdvance(text)} px in {room}")
    return found


def test_german_status_bar_at_1024(qloop: Any, german: None, sandbox: Any, main_window: Any) -> None:
    sandbox.seed_demo()  # drafts waiting for review on several platforms: the counter at its widest

    async def scenario() -> ReviewCounter:
        await main_window.open()
        counter = await until(lambda: next(iter(main_window.statusBar().findChildren(ReviewCounter)), None),
                              what="review counter")
        await until(lambda: main_window.load_task is not None and main_window.load_task.done(), what="load")
        await until(lambda: counter.total() > 0, what="posts to review")
        await asyncio.sleep(0.1)
        return counter

    counter = qloop.run_until_complete(scenario())
    found = clipped(main_window.statusBar())
    assert found == [], "; ".join(found)
    assert counter.button.text().startswith(str(counter.total()))


def test_parts_make_way_in_order_and_come_back(qtbot) -> None:
    from PySide6.QtWidgets import QMainWindow

    from dashdesk.ui.status_fit import Droppable, StatusBarFit

    window = QMainWindow()
    qtbot.addWidget(window)
    bar = window.statusBar()
    labels = [QLabel(f"part {i} " + "x" * 30) for i in range(3)]
    for label in labels:
        bar.addPermanentWidget(label)
    parts = [Droppable(lambda w=w: w.sizeHint().width() + 6, w.setVisible) for w in labels[:2]]
    fit = StatusBarFit(bar, lambda: parts)
    window.resize(sum(w.sizeHint().width() for w in labels) - 40, 200)  # one part too many
    window.show()
    qtbot.waitUntil(lambda: labels[0].isHidden())
    assert not labels[1].isHidden() and not labels[2].isHidden()  # the least important part made way first
    window.resize(2000, 200)
    qtbot.waitUntil(lambda: not labels[0].isHidden())
    assert fit.needed() < bar.width()


def test_a_long_period_title_ends_in_an_ellipsis_with_the_whole_title_as_tooltip(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    from dashdesk.ui.toolbar import PeriodTitle

    host = QWidget()
    qtbot.addWidget(host)
    title = PeriodTitle(host)
    title.setText("28. Dez. 2026 – 3. Jan. 2027")
    host.resize(800, 40)
    host.show()
    qtbot.waitExposed(host)
    title.setGeometry(0, 0, title.fontMetrics().horizontalAdvance(title.text()) // 2, 30)  # a crowded toolbar
    title.grab()
    assert title.toolTip() == "28. Dez. 2026 – 3. Jan. 2027" and title.text() == title.toolTip()
    title.setGeometry(0, 0, title.fontMetrics().horizontalAdvance(title.text()) + 20, 30)
    title.grab()
    assert title.toolTip() == ""
