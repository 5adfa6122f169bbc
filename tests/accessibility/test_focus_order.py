"""Tab visits the controls of the main window and of Settings in reading order (LTR: along a row, then down)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from dashdesk.api.models import Brand
from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.ui.settings_dialog import SettingsDialog

from .a11y_helpers import reading_order_problems, tab_stops, until

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _within(stops: list[QWidget], area: QWidget) -> list[QWidget]:
    return [w for w in stops if w is area or area.isAncestorOf(w)]


def _in_order(stops: list[QWidget], expected: list[QWidget]) -> bool:
    positions = [stops.index(w) for w in expected]
    return positions == sorted(positions)


@pytest.mark.parametrize("view", ["month", "week", "list"])
def test_main_window_tab_order(qloop: Any, main_window: Any, view: str) -> None:
    """Navigation bar left to right, then the filter bar, then the calendar."""
    window = main_window
    window.set_view(view, reload=False)
    qloop.run_until_complete(asyncio.sleep(0.05))
    stops = tab_stops(window)
    nav, filters = window.nav, window.filters
    expected = [nav.today, nav.prev, nav.next, *nav.view_buttons.values(), nav.brand, nav.refresh, nav.new_post,
                *filters.platform_buttons.values(), filters.status_button, filters.search, window.current_view]
    assert all(w in stops for w in expected), [type(w).__name__ for w in expected if w not in stops]
    assert _in_order(stops, expected)
    assert reading_order_problems(_within(stops, window.centralWidget()), window) == []


def test_panels_tab_order(qloop: Any, main_window: Any) -> None:
    """With the review and media panels open: each panel in reading order, after the calendar."""
    from dashdesk.ui.review import dock as review_dock

    window = main_window
    review_dock.install(window)

    async def scenario() -> None:
        for name in ("review", "media"):
            window.panels.toggle(name)
            await until(lambda name=name: window.panels.docks[name].isVisible(), what=f"{name} panel")
        await asyncio.sleep(0.2)

    qloop.run_until_complete(scenario())
    stops = tab_stops(window)
    calendar = stops.index(window.current_view)
    for name in ("review", "media"):
        dock = window.panels.docks[name]
        inside = _within(stops, dock)
        assert inside, f"nothing in the {name} panel takes Tab"
        assert all(stops.index(w) > calendar for w in inside), name
        assert reading_order_problems(inside, window) == [], name


def test_settings_tab_order(qtbot: Any, settings: Settings) -> None:
    """Settings: the form top to bottom, the upload and account choices, Sign out, then OK and Cancel."""
    session = Session(client=None, brand_id=1, brand_name="Acme",
                      brands=[Brand(id=1, name="Acme"), Brand(id=2, name="Other")])
    dialog = SettingsDialog(None, settings, session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    stops = [w for w in tab_stops(dialog) if w.parentWidget() is not dialog.zone]  # the zone's own text field
    expected = [dialog.zone, dialog.first_day, dialog.language, dialog.brand, dialog.x_premium, dialog.notify,
                dialog.keep_metadata, dialog.forget, dialog.sign_out]
    assert _in_order(stops, expected)
    assert stops.index(dialog.sign_out) < len(stops) - 2  # OK and Cancel come last
    assert reading_order_problems(stops, dialog) == []


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # the offscreen platform's notices
def test_shortcuts_list_is_reached_with_tab_and_read_with_arrows(qtbot: Any, main_window: Any) -> None:
    """Help > Keyboard shortcuts: Tab goes between the list and Close; Down walks the list's rows."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    from .a11y_helpers import accessible_name

    main_window.actions.actions["shortcuts"].trigger()
    window = main_window.shortcuts_window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    tree = window.tree
    close = next(b for b in window.findChildren(QPushButton) if b.isVisible())
    assert tab_stops(window) == [close, tree] or tab_stops(window) == [tree, close]
    assert accessible_name(tree)
    close.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.keyClick(close, Qt.Key.Key_Tab)
    assert tree.hasFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Home)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    first = tree.currentItem()
    assert first is not None and first.text(1)  # a shortcut's row, with its keys
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    assert tree.currentItem() is not first
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    assert close.hasFocus()
    window.close()
