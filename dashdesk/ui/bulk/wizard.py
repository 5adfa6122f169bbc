"""The import wizard: choose a file -> check (problems marked on their cells) -> confirm -> send
(progress, time left) -> results (savable as CSV).

Heavy work (reading, checking, inspecting media) runs in a worker thread; sending runs as an
asyncio task on the qasync loop, so the window stays responsive. Nothing is sent before the
person presses "Create N posts" on the confirm step.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dashdesk.bulk.backend import BulkBackend, DashClientBackend
from dashdesk.bulk.check import ImportPlan, check_sheet
from dashdesk.bulk.columns import rows_need_boards
from dashdesk.bulk.journal import Journal
from dashdesk.bulk.limiter import RateLimiter
from dashdesk.bulk.reader import FormatError, read_sheet
from dashdesk.bulk.results import write_results
from dashdesk.bulk.run import ImportRun, Progress, RowResult
from dashdesk.bulk.template import save_template
from dashdesk.i18n import N_, ntr, tr
from dashdesk.platforms import rules_for

from .models import CheckTableModel, SeverityRole, describe, severity_icon, tone_color
from .wizard_pages import check_page, choose_page, confirm_page, send_page
from .wording import format_seconds, problem_line

log = logging.getLogger(__name__)

STEPS = (N_("Choose file"), N_("Check"), N_("Confirm"), N_("Send"))


class ProblemFilter(QSortFilterProxyModel):
    """Shows every row, or only rows with problems."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.only_problems = False

    def set_only_problems(self, on: bool) -> None:
        """Switch the filter."""
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self.only_problems = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self.only_problems = on
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Any) -> bool:
        if not self.only_problems:
            return True
        model = self.sourceModel()
        assert isinstance(model, CheckTableModel)
        plan = model.row_plan(row)
        return bool(plan and plan.problems)


class BulkImportWizard(QDialog):
    """Import posts from a CSV file.

    ``backend`` (a :class:`dashdesk.bulk.BulkBackend`) or ``client`` (a ``DashClient``) and
    ``brand_id`` are needed to send; without them the wizard still checks files. ``display_tz``
    reads times written without a zone. ``journal_path`` overrides the journal's file (tests).
    Emits ``finished_import(created)`` after a run so the calendar can reload.
    """

    finished_import = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, client: Any = None, backend: BulkBackend | None = None,
                 brand_id: int | None = None, brand_name: str = "", display_tz: tzinfo | None = None,
                 path: str | Path | None = None, journal_path: str | Path | None = None,
                 now: datetime | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import posts from CSV"))
        self.setObjectName("bulkImportWizard")
        self.limiter = RateLimiter()
        self.backend = backend or (DashClientBackend(client, self.limiter) if client is not None else None)
        self.brand_id = brand_id
        self.brand_name = brand_name or (f"brand {brand_id}" if brand_id else "")
        self.display_tz = display_tz or datetime.now().astimezone().tzinfo or UTC
        self.journal_path = Path(journal_path) if journal_path else None
        self.now = now
        self.plan: ImportPlan | None = None
        self.results: list[RowResult] = []
        self.run: ImportRun | None = None
        self._task: asyncio.Task[Any] | None = None
        self.model = CheckTableModel(self)
        self.proxy = ProblemFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        if path:
            self.path_edit.setText(str(path))
        self._go(0)

    # --- layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        em = self.fontMetrics().height()
        self.resize(int(em * 62), int(em * 36))
        outer = QVBoxLayout(self)
        self.steps_label = QLabel()
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        self.steps_label.setAccessibleName(tr("Import steps"))
        outer.addWidget(self.steps_label)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        for build in (choose_page, check_page, confirm_page, send_page):
            self.pages.addWidget(build(self))
        buttons = QHBoxLayout()
        self.back_button = QPushButton(tr("Back"))
        self.back_button.clicked.connect(self._back)
        self.close_button = QPushButton(tr("Cancel"))
        self.close_button.clicked.connect(self._close_or_cancel)
        self.next_button = QPushButton(tr("Check file"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._next)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.next_button)
        outer.addLayout(buttons)

    # --- navigation -----------------------------------------------------------------------------------

    @property
    def step(self) -> int:
        """The current step (0 choose, 1 check, 2 confirm, 3 send/results)."""
        return self.pages.currentIndex()

    def _go(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        parts = []
        for i, name in enumerate(STEPS):
            text = f"{i + 1}. {tr(name)}"
            parts.append(f"<b>{text}</b>" if i == step else text)
        self.steps_label.setText(" &nbsp;›&nbsp; ".join(parts))
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step
        running = self._task is not None and not self._task.done()
        self.back_button.setVisible(step in (1, 2))
        self.back_button.setEnabled(not running)
        ready = len(self.plan.ready) if self.plan else 0
        if step == 0:
            self.next_button.setText(tr("Check file"))
            self.next_button.setEnabled(bool(self.path_edit.text().strip()) and not running)
        elif step == 1:
            self.next_button.setText(ntr("Continue with {n} post…", "Continue with {n} posts…", ready))
            self.next_button.setEnabled(bool(ready) and not running and self.backend is not None)
            if self.backend is None:
                self.next_button.setToolTip(tr("Sign in to a brand to send; the check works offline."))
        elif step == 2:
            self.next_button.setText(ntr("Create {n} post", "Create {n} posts", ready))
            self.next_button.setEnabled(bool(ready) and self.backend is not None and self.brand_id is not None)
        else:
            self.next_button.setText(tr("Done"))
            self.next_button.setEnabled(not running)
        self.close_button.setText(tr("Stop sending") if running and step == 3 else tr("Cancel"))
        self.close_button.setVisible(step < 3 or running)

    def _next(self) -> None:
        step = self.step
        if step == 0:
            self.start_task(self.load(self.path_edit.text().strip()))
        elif step == 1:
            self._fill_confirm()
            self._go(2)
        elif step == 2:
            self._go(3)
            self.start_task(self.send())
        else:
            self.accept()

    def _back(self) -> None:
        if self.step > 0:
            self._go(self.step - 1)

    def _close_or_cancel(self) -> None:
        if self.run is not None and self._task is not None and not self._task.done():
            self.run.cancel()
            self.progress_label.setText(tr("Stopping: rows in flight finish, no new rows start…"))
            return
        self.reject()

    def start_task(self, coro: Any) -> asyncio.Task[Any]:
        """Run ``coro`` on the running (qasync) loop, keeping the buttons in step with it."""
        task = asyncio.ensure_future(coro)
        self._task = task
        task.add_done_callback(self._task_done)
        self._update_buttons()
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("bulk import step failed", exc_info=task.exception())
            self.progress_label.setText(tr("Something went wrong: {exception}", exception=task.exception()))
        self._update_buttons()

    # --- steps ------------------------------------------------------------------------------------------

    async def load(self, path: str | Path) -> ImportPlan | None:
        """Read and check ``path`` off the UI thread, then show the check step."""
        self.choose_error.setText("")
        loop = asyncio.get_running_loop()
        self.check_progress.setRange(0, 0)
        self.check_progress.show()

        def progress(done: int, total: int) -> None:
            loop.call_soon_threadsafe(self._check_progress, done, total)

        try:
            sheet = await loop.run_in_executor(None, read_sheet, path)
        except FormatError as exc:
            self.choose_error.setText(tr("⚠ {message}", message=exc.message))
            self.check_progress.hide()
            return None
        boards = None
        if self.backend is not None and self.brand_id is not None and rows_need_boards(sheet.rows):
            from dashdesk.api import errors as api_errors

            try:
                boards = await self.backend.list_boards(self.brand_id)
            except api_errors.DashError as exc:
                log.info("boards not listed: %s", exc)
        self._go(1)
        self.summary_label.setText(tr("Checking {rows} rows…", rows=len(sheet.rows)))
        plan = await loop.run_in_executor(
            None, lambda: check_sheet(sheet, now=self.now, display_tz=self.display_tz, boards=boards,
                                      progress=progress))
        await self._preview_queue_times(plan)
        self.show_plan(plan)
        return plan

    def _check_progress(self, done: int, total: int) -> None:
        self.check_progress.setRange(0, total)
        self.check_progress.setValue(done)

    def show_plan(self, plan: ImportPlan) -> None:
        """Show a checked plan on the check step."""
        self.plan = plan
        self.check_progress.hide()
        self.model.set_plan(plan)
        self.summary_label.setText(self._summary_html(plan))
        self._fit_columns(self.table)
        first_bad = next((i for i, r in enumerate(plan.rows) if r.errors), None)
        if first_bad is not None:
            self.show_row_details(first_bad)
        self._update_buttons()

    def show_row_details(self, row: int) -> None:
        """Make ``row`` (of the plan) current and list its problems, without hiding its marks under a
        selection highlight."""
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.table.scrollTo(index)
        self._show_details(index.row())

    def _fit_columns(self, table: QTableView) -> None:
        table.resizeColumnsToContents()
        em = self.fontMetrics().height()
        header = table.horizontalHeader()
        for col, key in enumerate(self.model.columns):
            widest = {"text": 22, "media": 14, "time": 14, "first_comment": 12, "title": 12, "result": 16}.get(key, 9)
            header.resizeSection(col, min(header.sectionSize(col) + em // 2, int(em * widest)))

    def _summary_html(self, plan: ImportPlan) -> str:
        ready, failed, warn = len(plan.ready), len(plan.failed), plan.warning_count
        ok_color = tone_color("success").name()
        parts = [f"<span style='color:{ok_color}'>✔</span> " + ntr(
            "<b>{n}</b> of {total} row ready", "<b>{n}</b> of {total} rows ready", len(plan.rows), n=ready,
            total=len(plan.rows))]
        if failed:
            parts.append(f"<span style='color:{tone_color('danger').name()}'>✖</span> "
                         + tr("<b>{n}</b> with errors (will not be sent)", n=failed))
        if warn:
            parts.append(f"<span style='color:{tone_color('warning').name()}'>▲</span> "
                         + tr("<b>{n}</b> with warnings", n=warn))
        text = " &nbsp;·&nbsp; ".join(parts)
        if plan.notes:
            text += "<br>" + " ".join(plan.notes)
        return text

    def _show_details(self, proxy_row: int) -> None:
        if proxy_row < 0:
            return
        source = self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row()
        plan = self.model.row_plan(source)
        if plan is None:
            return
        if not plan.problems:
            self.details.setText(tr("Row {number}: ready to send.", number=plan.number))
            return
        lines = []
        for p in sorted(plan.problems, key=lambda p: {"error": 0, "warning": 1, "note": 2}[p.severity]):
            lines.append(problem_line(p.severity, p.column, p.message))
        self.details.setText(tr("Row {number}:", number=plan.number) + "\n" + "\n".join(lines))

    def _fill_confirm(self) -> None:
        assert self.plan is not None
        ready = self.plan.ready
        counts = Counter(rules_for(r.platform).name for r in ready if r.platform)
        listing = ", ".join(f"{n} {name}" for name, n in counts.most_common())
        skipped = len(self.plan.failed)
        media = len({k for r in ready for k in r.media_keys})
        text = "<p>" + ntr("<b>{n} post</b> will be created in <b>{brand}</b>: {listing}.",
                           "<b>{n} posts</b> will be created in <b>{brand}</b>: {listing}.", len(ready),
                           brand=self.brand_name, listing=listing) + "</p>"
        if media:
            text += "<p>" + ntr("{n} distinct media file will be uploaded once each.",
                                "{n} distinct media files will be uploaded once each.", media) + "</p>"
        if skipped:
            text += "<p>" + ntr("{n} row with errors will be skipped; fix it and import the file again later (rows "
                                "already created are not created twice).", "{n} rows with errors will be skipped; fix "
                                "them and import the file again later (rows already created are not created twice).",
                                skipped) + "</p>"
        text += "<p>" + tr("Nothing has been sent yet.") + "</p>"
        self.confirm_label.setText(text)

    def _queue_zone(self) -> Any:
        from zoneinfo import ZoneInfo

        return self.display_tz if isinstance(self.display_tz, ZoneInfo) else ZoneInfo("UTC")

    async def _preview_queue_times(self, plan: ImportPlan) -> None:
        """Queued rows show the times they would take, from the posts DashDesk saw last (no network)."""
        from dashdesk.bulk.queueing import preview_queue_times, queued_rows
        from dashdesk.planning.schedule import ScheduleFileError

        if not queued_rows(plan):
            return
        self.model.zone = self._queue_zone()
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, preview_queue_times, plan, self.brand_id, self._queue_zone(), self.now)
        except ScheduleFileError as exc:
            for row in queued_rows(plan):
                row.add("mode", tr("The posting schedule can't be read: {exc}", exc=exc), "schedule_unreadable")
        except Exception as exc:  # a damaged cache: sending still asks Dash
            log.warning("queued times not previewed: %s", exc)

    async def _queue_times(self, journal: Journal) -> None:
        """Rows with mode queue take their platforms' next free posting times now (against Dash)."""
        from zoneinfo import ZoneInfo

        from dashdesk.bulk.queueing import give_queue_times

        assert self.plan is not None and self.brand_id is not None
        zone = self.display_tz if isinstance(self.display_tz, ZoneInfo) else ZoneInfo("UTC")
        await give_queue_times(self.plan, self.backend, self.brand_id, zone, journal, self.now)
        self.model.times_changed()

    async def send(self) -> list[RowResult]:
        """Create the ready rows (the confirm step's button); results appear as rows finish."""
        assert self.plan is not None and self.backend is not None and self.brand_id is not None
        self.model.show_results()
        self.only_problems.setChecked(False)
        self._fit_columns(self.results_table)
        for col, key in enumerate(self.model.columns):
            self.results_table.setColumnHidden(col, key not in ("row", "platform", "time", "text", "result"))
        self.progress.setRange(0, max(1, len(self.plan.ready)))
        self.progress.setValue(0)
        self.progress_label.setText(tr("Starting…"))
        journal = Journal(self.journal_path)
        await self._queue_times(journal)
        from dashdesk.services.planning import Planner, open_store

        planner = getattr(self.parent(), "planning", None)
        labeller = (planner.planner if planner is not None else Planner(open_store(), self.brand_id)).set_label_names
        self.run = ImportRun(self.plan, self.backend, brand_id=self.brand_id, journal=journal, limiter=self.limiter,
                             on_result=self.model.set_result, on_progress=self._on_progress, labeller=labeller)
        try:
            self.results = await self.run.run()
        finally:
            journal.close()
        created = sum(1 for r in self.results if r.outcome == "created")
        already = sum(1 for r in self.results if r.outcome == "already created")
        skipped = sum(1 for r in self.results if r.outcome == "not sent")
        unchecked = sum(1 for r in self.results if r.outcome == "not checked")
        failed = sum(1 for r in self.results if not r.ok) - skipped - unchecked
        self.progress.setValue(self.progress.maximum())
        parts = [ntr("Created {n} post", "Created {n} posts", created)]
        if already:
            parts.append(tr("{n} already on Dash", n=already))
        if failed:
            parts.append(tr("{n} failed (see Result)", n=failed))
        if unchecked:
            parts.append(tr("{n} recorded earlier but not checked on Dash (see Result)", n=unchecked))
        if skipped:
            parts.append(ntr("{n} row with errors not sent", "{n} rows with errors not sent", skipped))
        self.progress_label.setText(tr("{list}.", list=", ".join(parts)))
        self.save_results_button.setEnabled(True)
        self.finished_import.emit(created)
        return self.results

    def _on_progress(self, p: Progress) -> None:
        self.progress.setMaximum(max(1, p.total))
        self.progress.setValue(p.done)
        parts = [tr("{done} of {total} sent", done=p.done, total=p.total)]
        if p.failed:
            parts.append(tr("{n} failed", n=p.failed))
        if p.done < p.total:
            parts.append(tr("{time} left", time=format_seconds(p.seconds_left)))
        self.progress_label.setText(" · ".join(parts))

    # --- files ------------------------------------------------------------------------------------------

    def _file_dialog(self, title: str, save: bool, on_chosen: Any, name: str = "") -> QFileDialog:
        dialog = QFileDialog(self, title, name)
        dialog.setNameFilters([tr("CSV files (*.csv)"), tr("All files (*)")])
        if save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("csv")
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(on_chosen)
        dialog.open()
        return dialog

    def _browse(self) -> None:
        self._file_dialog(tr("Choose a CSV file"), False, self.path_edit.setText)

    def _save_template(self) -> None:
        def chosen(path: str) -> None:
            save_template(path)
            self.choose_error.setText(tr("Template saved to {path}.", path=path))

        self._file_dialog(tr("Save the import template"), True, chosen, "dashdesk-import-template.csv")

    def _save_results(self) -> None:
        def chosen(path: str) -> None:
            self.save_results_to(path)

        self._file_dialog(tr("Save results"), True, chosen, "import-results.csv")

    def save_results_to(self, path: str | Path) -> Path:
        """Write the results as CSV."""
        out = write_results(self.results, path)
        self.progress_label.setText(self.progress_label.text() + " " + tr("Results saved to {file}.", file=out.name))
        return out

    def reject(self) -> None:
        """Close (a running send is cancelled first)."""
        if self._task is not None and not self._task.done():
            if self.run is not None:
                self.run.cancel()
            with contextlib.suppress(RuntimeError):
                self._task.cancel()
        super().reject()


def cell_severity(model: CheckTableModel, row: int, column: str) -> str | None:
    """The severity marked on a cell (for tests and tools)."""
    return model.data(model.index(row, model.columns.index(column)), SeverityRole)


__all__ = ["BulkImportWizard", "cell_severity", "describe", "format_seconds", "severity_icon"]
