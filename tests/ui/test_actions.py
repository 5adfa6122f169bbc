"""Commands declared once: menus and the shortcut window come from ``dashdesk.ui.actions``; J/K in the list."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import FunctionType

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from test_views import make, post

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.services.session import Session
from dashdesk.ui.actions import ACTIONS, MENUS, VIEW_KEYS
from dashdesk.ui.calendar.list_view import ListView
from dashdesk.ui.calendar.navigator import add_months
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.post_actions import Outcome

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def window(qloop, qtbot, sandbox, settings, data_dir):
    session = Session(DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY), sandbox.brand_id, "Brand")
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qloop.run_until_complete(win.aclose())
    qloop.run_until_complete(session.aclose())


def test_menus_hold_every_action_in_table_order(window) -> None:
    for key, _title in MENUS:
        menu = window.actions.menus[key]
        listed = [a for a in menu.actions() if not a.isSeparator()]
        expected = [window.actions.actions[s.name] for s in ACTIONS if s.menu == key]
        assert listed == expected
    assert window.delete_action.text() == "&Delete post…" and window.delete_action.shortcut().toString() == "Del"
    assert window.refresh_action.shortcuts() == [QKeySequence("F5"), QKeySequence("Ctrl+R")]
    assert not window.settings_action.shortcut().isEmpty()  # a fallback where the platform has none


def test_no_two_actions_share_a_key(window) -> None:
    seen: dict[str, str] = {}
    for name, act in window.actions.actions.items():
        for seq in act.shortcuts():
            text = seq.toString()
            assert text not in seen, f"{text} is bound to both {seen.get(text)} and {name}"
            seen[text] = name


def test_shortcut_window_lists_what_the_actions_bind(window, qtbot) -> None:
    window.activateWindow()
    window.current_view.setFocus()
    QTest.keyClick(window.current_view, Qt.Key.Key_F1)
    shortcuts = getattr(window, "shortcuts_window", None)
    assert shortcuts is not None and shortcuts.isVisible()
    rows = dict(shortcuts.rows())
    native = QKeySequence.SequenceFormat.NativeText
    for spec in ACTIONS:
        act = window.actions.actions[spec.name]
        keys = [k.toString(native) for k in act.shortcuts() if not k.isEmpty()]
        if keys:
            assert rows[spec.text.replace("&", "").rstrip("…")] == "  or  ".join(keys)
    assert rows["New post"] == "N" and rows["Keyboard shortcuts"] == "?  or  F1"
    for _where, keys, what in VIEW_KEYS:
        assert rows[what] == keys
    shortcuts.close()
    assert window.show_shortcuts() is shortcuts  # one window, raised again


def test_question_mark_opens_the_shortcut_window(window) -> None:
    window.activateWindow()
    window.current_view.setFocus()
    QTest.keyClick(window.current_view, Qt.Key.Key_Question)
    assert window.shortcuts_window.isVisible()


def test_j_and_k_step_through_the_list(qtbot) -> None:
    base = datetime(2026, 3, 12, 9, tzinfo=UTC)
    posts = [post(i, base + timedelta(hours=i)) for i in range(1, 4)]
    _, _, view = make(ListView, posts, qtbot)
    view.setFocus()
    view.select(posts[0].key)
    QTest.keyClick(view, Qt.Key.Key_J)
    assert view.selected_key == posts[1].key
    QTest.keyClick(view, Qt.Key.Key_J)
    assert view.selected_key == posts[2].key
    QTest.keyClick(view, Qt.Key.Key_K)
    assert view.selected_key == posts[1].key
    with qtbot.waitSignal(view.openRequested) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [posts[1].key]


def test_navigator_steps_months_and_weeks(window) -> None:
    nav = window.navigator
    assert add_months(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 1)
    ranges: list[bool] = []
    nav.rangeChanged.connect(ranges.append)
    nav.set_anchor(date(2026, 3, 12))
    window.set_view("week", reload=False)
    nav.step(1)
    assert nav.anchor == date(2026, 3, 19) and ranges == [False]
    window.set_view("month")  # a week lies inside the month around it: no new load needed
    assert ranges[-1] is False or window.sync.last_result is None
    nav.step(-1)
    assert nav.anchor == date(2026, 2, 1)
    assert window.nav.title.text() == window.current_view.title()


def test_outcomes_are_shown_in_one_place(window, qloop) -> None:
    ops = window.post_actions
    ops.operationExecuted.emit(Outcome("move", "Moved the X post.", key=("twitter", 1)))
    assert window.statusBar().currentMessage() == "Moved the X post."
    assert not window.banner_box.isVisible()
    ops.operationExecuted.emit(Outcome("move", "That time has passed.", ok=False, refused=True))
    assert window.banner.kind == "refused" and window.banner_box.isVisible()
    ops.operationExecuted.emit(Outcome("delete", "Couldn't delete the X post.", ok=False))
    assert window.banner.kind == "error" and "Couldn't delete" in window.statusBar().currentMessage()


def test_window_stays_an_assembler() -> None:
    methods = [n for n, v in vars(MainWindow).items() if isinstance(v, FunctionType | property)]
    assert len(methods) <= 30, sorted(methods)




def test_undo_failures_take_the_same_road(window) -> None:
    seen: list[Outcome] = []
    window.post_actions.operationExecuted.connect(seen.append)
    window.undo.failed.emit("Undo move post failed: Dash can't be reached.")
    assert [(o.kind, o.ok) for o in seen] == [("undo", False)]
    assert window.banner.kind == "error" and window.banner_box.isVisible()
