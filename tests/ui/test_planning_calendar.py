"""Labels and notes in the calendar window: chip dots, label filter, label mix, notes, menus, team file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint
from uihelpers import until

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.platforms import format_timestamp
from dashdesk.services.planning import Planner
from dashdesk.services.session import Session
from dashdesk.store.planning import PlanningStore
from dashdesk.ui import planning
from dashdesk.ui.calendar import layout
from dashdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def window(qloop, qtbot, sandbox, settings, data_dir):
    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    session = Session(client, sandbox.brand_id, "Test brand")
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    yield win
    qloop.run_until_complete(win.aclose())
    qloop.run_until_complete(session.aclose())


async def _post(win, platform: str, day: date, text: str) -> tuple[str, int]:
    when = layout.local_instant(day, 10 * 60, win.tz)
    field = {"twitter": "tweet_status", "facebook": "message"}.get(platform, "text")
    body = {"brand_id": win.session.brand_id, "status": "SCHEDULED", "auto_publish": True,
            "timestamp": format_timestamp(when), field: text}
    if platform == "facebook":
        body["post_type"] = "POST"
    post = await win.session.client.create_post(platform, body)
    return (platform, post.id)


def test_labels_filter_mix_dots_and_notes(qloop, window, data_dir) -> None:
    async def scenario() -> None:
        win = window
        helpers = planning.install(win)
        assert win.post_actions.composer_args["planner"] is helpers.planner
        assert (data_dir / "planning.sqlite3").exists()
        today = win.clock().astimezone(win.tz).date()
        day = today + timedelta(days=2) if (today + timedelta(days=2)).month == today.month else today
        a = await _post(win, "twitter", day, "Launch teaser")
        b = await _post(win, "bluesky", day, "Behind the scenes")
        c = await _post(win, "facebook", day, "Unlabelled")
        win.reload()
        await win.load_task
        view = win.month_view
        await until(lambda: view.chip_rect(c) is not None, what="chips")
        planner = helpers.planner
        launch = planner.add_label("Launch", "#e0484e")
        bts = planner.add_label("Behind the scenes", "#3aa655")
        planner.set_labels(a, [launch.id])
        planner.set_labels(b, [bts.id, launch.id])
        assert view.label_colors(b) == ("#3aa655", "#e0484e")
        await until(lambda: "Launch 2" in helpers.mix_label.text(), what="mix")
        assert helpers.mix_label.text() == "Labels: Launch 2 · Behind the scenes 1 · no label 1"
        helpers.set_filter({bts.id})
        await until(lambda: view.visible_posts_count() == 1, what="label filter")
        assert view.chip_rect(b) is not None and helpers.filter_button.text() == "Behind the scenes"
        helpers.set_filter(set())
        await until(lambda: view.visible_posts_count() == 3, what="filter off")
        # a note (and a "no posting" day) shows in the month cell
        planner.add_note(day, day, "Press day", no_posting=True)
        await until(lambda: view.notes_by_day.get(day), what="note in the month")
        assert view.notes_by_day[day][0].text == "Press day"
        win.set_view("week")
        win.navigate(day)
        week = win.week_view
        await until(lambda: week.notes_by_day.get(day), what="note in the week")
        assert week.notes_line and week.header_height() > week.fontMetrics().height() * 3
        # deleting a post drops its labels
        await win.service.delete(a, record=False)
        assert planner.labels_of(a) == [] and Planner(PlanningStore(data_dir / "planning.sqlite3"),
                                                      win.session.brand_id).labels_of(b)

    qloop.run_until_complete(scenario())


def test_right_click_menu_and_the_commands(qloop, window, tmp_path) -> None:
    async def scenario() -> None:
        win = window
        helpers = planning.install(win)
        day = win.clock().astimezone(win.tz).date()
        key = await _post(win, "bluesky", day, "Right click me")
        win.reload()
        await win.load_task
        view = win.month_view
        await until(lambda: view.chip_rect(key) is not None, what="chip")
        label = helpers.planner.add_label("Pillar")
        menu = helpers.context_menu(key, day, QPoint(10, 10), show=False)
        labels_menu = menu.actions()[0].menu()
        pillar = next(a for a in labels_menu.actions() if a.text() == "Pillar")
        pillar.setChecked(True)
        assert helpers.planner.labels_of(key) == [label]
        assert any(a.text().startswith("Add note on") for a in menu.actions())
        # the commands are in the menus, declared with the other actions
        names = [a.text() for a in win.file_menu.actions()] + [a.text() for a in win.view_menu.actions()]
        assert "Export snippets, labels and notes…" in names and "Import public &holidays…" in names
        dlg = planning.holidays(win)
        dlg.choose("FR")
        assert dlg.run() >= 11
        assert any(n.text == "National Day" and n.first_day.month == 7 for n in helpers.planner.all_notes)
        dlg = planning.add_note(win)
        dlg.text.setText("Launch week")
        dlg.save()
        assert any(n.text == "Launch week" for n in helpers.planner.notes(day, day))
        path = tmp_path / "team.json"
        assert helpers.export_team_file(str(path))
        counts = helpers.import_team_file(str(path))
        assert counts == {"snippets": 0, "labels": 1, "notes": 0}
        bad = tmp_path / "bad.json"
        bad.write_text("{not json")
        assert helpers.import_team_file(str(bad)) is None
        assert "can't read this file" in helpers.box.text()  # a message box says why
        helpers.box.close()

    qloop.run_until_complete(scenario())


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")  # the offscreen tooltip window
def test_a_days_notes_show_in_full_as_its_tooltip(qloop, window, qtbot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    helpers = planning.install(window)
    day = window.clock().astimezone(window.tz).date()
    helpers.planner.add_note(day, day, "A very long note about the office being closed all day", no_posting=True)
    view = window.month_view
    view.rebuild()
    cell = view.cell_of(day)
    pos = cell.rect.bottomRight() - QPoint(4, 4)
    QToolTip.hideText()
    view.event(QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
    assert QToolTip.text() == "No posting: A very long note about the office being closed all day"
    QToolTip.hideText()
