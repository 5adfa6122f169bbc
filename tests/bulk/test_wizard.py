"""The import wizard: check table marks, confirm, send against the sandbox, results CSV."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from dashdesk.bulk import DashClientBackend, RateLimiter, make_client
from dashdesk.ui.bulk import BulkImportWizard
from dashdesk.ui.bulk.models import SeverityRole
from dashdesk.ui.bulk.screenshot import make_sample
from dashdesk.ui.bulk.wizard import cell_severity

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def row_of(wizard: BulkImportWizard, number: int) -> int:
    return next(i for i, r in enumerate(wizard.plan.rows) if r.number == number)


def test_check_step_marks_errors_and_warnings_on_their_cells(qtbot, qloop, tmp_path: Path) -> None:
    path = make_sample(tmp_path)
    wizard = BulkImportWizard(display_tz=ZoneInfo("Europe/London"), path=path, now=NOW)
    qtbot.addWidget(wizard)
    plan = qloop.run_until_complete(wizard.load(path))
    assert wizard.step == 1 and plan is wizard.plan
    model = wizard.model
    assert cell_severity(model, row_of(wizard, 10), "platform") == "error"       # Myspace
    assert cell_severity(model, row_of(wizard, 5), "time") == "error"            # 2030-03/11
    assert cell_severity(model, row_of(wizard, 11), "time") == "warning"         # DST gap in Paris
    assert cell_severity(model, row_of(wizard, 6), "title") == "error"           # YouTube without title
    assert cell_severity(model, row_of(wizard, 12), "text") == "error"           # too long for X
    assert cell_severity(model, row_of(wizard, 2), "text") is None
    tip = model.data(model.index(row_of(wizard, 10), model.columns.index("platform")), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Error: Unknown platform 'Myspace'")
    background = model.data(model.index(row_of(wizard, 11), model.columns.index("time")),
                            Qt.ItemDataRole.BackgroundRole)
    error_bg = model.data(model.index(row_of(wizard, 10), model.columns.index("platform")),
                          Qt.ItemDataRole.BackgroundRole)
    assert background is not None and error_bg is not None and background != error_bg
    assert "7</b> of 12 rows ready" in wizard.summary_label.text()
    assert "Row 4" in wizard.details.text()  # the first row with errors is described
    assert "[" not in wizard.details.text() and "column:" in wizard.details.text()
    assert not wizard.next_button.isEnabled()  # no brand to send to: check only
    wizard.only_problems.setChecked(True)
    assert wizard.proxy.rowCount() == sum(1 for r in plan.rows if r.problems)
    assert all(wizard.proxy.index(i, 0).data(SeverityRole) for i in range(wizard.proxy.rowCount()))


def test_unreadable_file_stays_on_the_first_step_with_a_message(qtbot, qloop, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes("platform,text\nx,caf\xe9\n".encode("latin-1"))
    wizard = BulkImportWizard(path=bad)
    qtbot.addWidget(wizard)
    assert qloop.run_until_complete(wizard.load(bad)) is None
    assert wizard.step == 0
    assert "UTF-8" in wizard.choose_error.text()


def test_confirm_then_send_creates_the_ready_rows_and_saves_results(qtbot, qloop, sandbox, tmp_path: Path) -> None:
    path = make_sample(tmp_path)
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    wizard = BulkImportWizard(backend=DashClientBackend(client, limiter), brand_id=sandbox.brand_id,
                              brand_name="Sandbox", display_tz=ZoneInfo("Europe/London"), path=path, now=NOW,
                              journal_path=tmp_path / "journal.sqlite3")
    qtbot.addWidget(wizard)
    try:
        qloop.run_until_complete(wizard.load(path))
        assert wizard.next_button.isEnabled()
        wizard.next_button.click()
        assert wizard.step == 2 and sandbox.state.store.count_posts() == 0  # nothing sent before confirming
        assert "<b>7 posts</b> will be created in <b>Sandbox</b>" in wizard.confirm_label.text()
        assert wizard.next_button.text() == "Create 7 posts"
        with qtbot.waitSignal(wizard.finished_import, timeout=30_000) as signal:
            wizard.next_button.click()
            qloop.run_until_complete(wizard._task)
        assert signal.args == [7]
        assert sandbox.state.store.count_posts() == 7
        assert wizard.progress.value() == wizard.progress.maximum()
        assert wizard.progress_label.text().startswith("Created 7 posts")
        column = wizard.model.columns.index("result")
        words = [wizard.model.index(i, column).data() for i in range(wizard.model.rowCount())]
        assert sum(w.startswith("Created") for w in words) == 7 and words.count("Not sent") == 5
        saved = wizard.save_results_to(tmp_path / "results.csv")
        assert len(saved.read_text(encoding="utf-8-sig").splitlines()) == 13
    finally:
        qloop.run_until_complete(client.aclose())


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen QPA, on show()
def test_main_window_hooks_open_the_wizard_and_the_export_dialog(qtbot, qloop, sandbox, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QWidget

    from dashdesk.ui.bulk import open_export, open_import

    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    window = QWidget()
    qtbot.addWidget(window)
    reloads: list[int] = []
    window.session = SimpleNamespace(client=client, brand_id=sandbox.brand_id, brand_label=lambda: "Sandbox")
    window.tz = UTC
    window.reload = lambda: reloads.append(1)
    window.visible_range = lambda: (datetime(2030, 6, 1, tzinfo=UTC), datetime(2030, 6, 30, tzinfo=UTC))
    try:
        wizard = open_import(window)
        assert wizard.brand_id == sandbox.brand_id and wizard.brand_name == "Sandbox"
        wizard.finished_import.emit(2)
        assert reloads == [1]
        wizard.reject()
        dialog = open_export(window)
        dialog.path_edit.setText(str(tmp_path / "out.csv"))
        assert dialog.range()[0] == datetime(2030, 6, 1, tzinfo=UTC)
        assert qloop.run_until_complete(dialog.export(tmp_path / "out.csv")) == 0
        assert (tmp_path / "out.csv").read_text(encoding="utf-8-sig").startswith("platform,post_type,mode")
        dialog.reject()
    finally:
        qloop.run_until_complete(client.aclose())


def test_queued_rows_show_their_times_after_the_check_and_dashs_after_sending(qtbot, qloop, sandbox, write_csv,
                                                                              tmp_path: Path) -> None:
    from dashdesk.planning.queue import QueuePlanner
    from dashdesk.planning.schedule import PostingSchedule, make_entry

    schedule = PostingSchedule()
    schedule.set(None, "twitter", make_entry("daily 09:00", "UTC"))
    schedule.save()
    sandbox.clock.freeze(NOW)
    path = write_csv([{"platform": "x", "mode": "queue", "text": f"queued {n}"} for n in range(3)])
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    wizard = BulkImportWizard(backend=DashClientBackend(client, limiter), brand_id=sandbox.brand_id,
                              brand_name="Sandbox", display_tz=ZoneInfo("UTC"), path=path, now=NOW,
                              journal_path=tmp_path / "journal.sqlite3")
    qtbot.addWidget(wizard)
    try:
        qloop.run_until_complete(wizard.load(path))
        column = wizard.model.columns.index("time")
        shown = [wizard.model.index(i, column).data() for i in range(3)]
        assert shown == ["Queue: Tue 01 Jan 09:00", "Queue: Wed 02 Jan 09:00", "Queue: Thu 03 Jan 09:00"]
        assert "sending checks Dash again" in wizard.summary_label.text()
        # meanwhile a post made elsewhere takes the first slot: sending asks Dash and shows the new times
        first = QueuePlanner(schedule, sandbox.brand_id, ZoneInfo("UTC"), now=NOW).peek("twitter")[0]
        qloop.run_until_complete(client.create_post("twitter", {
            "brand_id": sandbox.brand_id, "status": "SCHEDULED", "timestamp": first.isoformat(),
            "tweet_status": "made elsewhere"}))
        wizard.next_button.click()
        with qtbot.waitSignal(wizard.finished_import, timeout=30_000):
            wizard.next_button.click()
            qloop.run_until_complete(wizard._task)
        shown = [wizard.model.index(i, column).data() for i in range(3)]
        assert shown == ["Queue: Wed 02 Jan 09:00", "Queue: Thu 03 Jan 09:00", "Queue: Fri 04 Jan 09:00"]
    finally:
        qloop.run_until_complete(client.aclose())
