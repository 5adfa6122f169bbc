"""Every control a keyboard or screen-reader user reaches has an accessible name, in every window."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from .a11y_helpers import unnamed_controls, until

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def test_main_window_views_and_panels(qloop: Any, main_window: Any) -> None:
    """The calendar in each view, with the review and media panels open: no unnamed control."""
    from dashdesk.ui.review import dock as review_dock

    window = main_window
    review_dock.install(window)
    problems: dict[str, list[str]] = {}

    async def scenario() -> None:
        for view in ("month", "week", "list"):
            window.set_view(view, reload=False)
            await asyncio.sleep(0.05)
            problems[view] = unnamed_controls(window)
        window.panels.toggle("review")
        await until(lambda: window.panels.docks["review"].isVisible(), what="review panel")
        window.panels.toggle("media")
        await until(lambda: window.panels.docks["media"].isVisible(), what="media panel")
        await asyncio.sleep(0.2)
        problems["panels"] = unnamed_controls(window)

    qloop.run_until_complete(scenario())
    assert {k: v for k, v in problems.items() if v} == {}


#: Menu commands that open a window of their own, as the app opens them.
DIALOG_COMMANDS = ("new", "settings", "posting_schedule", "repeating_posts", "export", "import", "shortcuts",
                   "grid_planner", "add_note", "holidays", "labels", "snippets", "about")


def _new_windows(before: set[int]) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]


@pytest.mark.parametrize("command", DIALOG_COMMANDS)
def test_dialogs_opened_from_the_menus(qloop: Any, main_window: Any, command: str) -> None:
    """Each window a menu command opens: no unnamed control."""
    window = main_window
    window.panels.install_extensions()
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    window.actions.actions[command].trigger()
    opened = qloop.run_until_complete(until(lambda: _new_windows(before), what=f"{command} window"))
    qloop.run_until_complete(asyncio.sleep(0.1))
    problems = {w.windowTitle(): unnamed_controls(w) for w in opened}
    for w in opened:
        w.close()
    assert {k: v for k, v in problems.items() if v} == {}


def test_side_by_side_preview(qtbot: Any, data_dir: Any) -> None:
    """The composer's "preview on every platform" window: no unnamed control."""
    from ui.uihelpers import side_by_side_previews

    with side_by_side_previews(qtbot, data_dir, "Hello") as side:
        assert unnamed_controls(side) == []
