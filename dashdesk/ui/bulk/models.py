"""Item models of the import wizard: the check table (problems marked per cell) and the results."""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon

from dashdesk.bulk.check import ImportPlan, RowPlan, RowProblem
from dashdesk.bulk.columns import ALL_COLUMNS
from dashdesk.bulk.run import ALREADY, CREATED_NOW, NOT_CHECKED, NOT_SENT, OUTCOME_UNKNOWN, RowResult
from dashdesk.i18n import N_, tr
from dashdesk.i18n.formats import datetime_text
from dashdesk.platforms import rules_for
from dashdesk.ui import icons
from dashdesk.ui.status import TONE_COLORS
from dashdesk.ui.theme import is_dark

Index = QModelIndex | QPersistentModelIndex
#: Custom role: "error", "warning", "note" or None, the worst problem of a cell.
SeverityRole = Qt.ItemDataRole.UserRole + 1
#: Custom role: the :class:`RowPlan` of the row.
RowRole = Qt.ItemDataRole.UserRole + 2

_RANK = {"error": 3, "warning": 2, "note": 1}
#: Tone (ui.status.TONE_COLORS) and icon of each severity.
SEVERITY_LOOK: dict[str, tuple[str, str, str]] = {
    "error": ("danger", "x-circle-fill", N_("Error")),
    "warning": ("warning", "exclamation-triangle-fill", N_("Warning")),
    "note": ("info", "exclamation-circle-fill", N_("Note")),
}
_HEADERS = {
    "row": N_("Row"), "platform": N_("Platform"), "post_type": N_("Type"), "mode": N_("Mode"), "time": N_("Time"),
    "timezone": N_("Zone"), "text": N_("Text"), "media": N_("Media"), "first_comment": N_("First comment"),
    "link": N_("Link"), "title": N_("Title"), "description": N_("Description"), "board": N_("Board"),
    "made_for_kids": N_("For kids"),
    "save_to_profile": N_("Save to profile"), "locale": N_("Locale"), "disable_comment": N_("No comments"),
    "disable_duet": N_("No duets"), "disable_stitch": N_("No stitches"), "auto_publish": N_("Auto-publish"),
    "result": N_("Result"),
}


def tone_color(tone: str) -> QColor:
    """The text/icon colour of a tone in the current scheme."""
    light, dark = TONE_COLORS[tone]
    return QColor(dark if is_dark() else light)


def severity_icon(severity: str) -> QIcon:
    """The icon of a severity, tinted with its tone."""
    tone, name, _ = SEVERITY_LOOK[severity]
    return icons.icon(name, tone_color(tone))


def severity_background(severity: str) -> QColor:
    """A light wash of the severity's colour, for marking a cell (text stays readable)."""
    color = tone_color(SEVERITY_LOOK[severity][0])
    color.setAlpha(46 if severity == "error" else 40)
    return color


def worst(problems: list[RowProblem]) -> str | None:
    """The most serious severity among ``problems``."""
    return max((p.severity for p in problems), key=lambda s: _RANK[s], default=None)


def describe(problems: list[RowProblem]) -> str:
    """Problems as lines: "Error: ...", errors first."""
    ordered = sorted(problems, key=lambda p: -_RANK[p.severity])
    return "\n".join(tr("{severity}: {message}", severity=tr(SEVERITY_LOOK[p.severity][2]), message=p.message)
                     for p in ordered)


def _one_line(text: str, limit: int = 90) -> str:
    flat = " ⏎ ".join(part for part in text.splitlines() if part.strip()) if "\n" in text else text
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class CheckTableModel(QAbstractTableModel):
    """One line per row of the file: its cells, each marked with its problems; a result once sent."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.plan: ImportPlan | None = None
        self.columns: list[str] = ["row", "platform"]
        self.results: dict[int, RowResult] = {}
        self._row_index: dict[int, int] = {}
        #: The zone queued rows' times are shown in (the wizard's display zone).
        self.zone: tzinfo = UTC

    def set_plan(self, plan: ImportPlan | None) -> None:
        """Show ``plan`` (``None``: empty)."""
        self.beginResetModel()
        self.plan = plan
        self.results = {}
        present = set(plan.sheet.columns) if plan else set()
        if plan:
            present |= {p.column for r in plan.rows for p in r.problems if p.column}
        self.columns = ["row", "platform"] + [c for c in ALL_COLUMNS if c in present and c != "platform"]
        self._row_index = {r.number: i for i, r in enumerate(plan.rows)} if plan else {}
        self.endResetModel()

    def show_results(self) -> None:
        """Add the Result column."""
        if "result" in self.columns:
            return
        self.beginInsertColumns(QModelIndex(), len(self.columns), len(self.columns))
        self.columns.append("result")
        self.endInsertColumns()

    def set_result(self, result: RowResult) -> None:
        """Show one row's outcome."""
        self.results[result.row] = result
        row = self._row_index.get(result.row)
        if row is not None and "result" in self.columns:
            col = self.columns.index("result")
            self.dataChanged.emit(self.index(row, col), self.index(row, col))

    # --- QAbstractTableModel --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.plan is None else len(self.plan.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            key = self.columns[section]
            return tr(_HEADERS[key]) if key in _HEADERS else key
        return None

    def row_plan(self, row: int) -> RowPlan | None:
        """The :class:`RowPlan` shown at ``row``."""
        if self.plan is None or not 0 <= row < len(self.plan.rows):
            return None
        return self.plan.rows[row]

    def cell_problems(self, index: Index) -> list[RowProblem]:
        """The problems marked on the cell at ``index`` (row-wide problems sit on the Row column)."""
        plan = self.row_plan(index.row())
        if plan is None:
            return []
        key = self.columns[index.column()]
        if key == "row":
            return plan.problems_in(None)
        if key == "result":
            result = self.results.get(plan.number)
            return list(result.problems) if result and result.outcome != NOT_SENT else []
        return plan.problems_in(key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        plan = self.row_plan(index.row())
        if plan is None or not index.isValid():
            return None
        key = self.columns[index.column()]
        if role == RowRole:
            return plan
        if key == "result":
            return self._result_data(plan, role)
        problems = plan.problems if key == "row" else self.cell_problems(index)
        severity = worst(problems)
        if role == SeverityRole:
            return severity
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = self._display(plan, key)
            if role == Qt.ItemDataRole.AccessibleTextRole and problems:
                return f"{text}. {describe(problems)}"
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "row":
                return severity_icon(worst(plan.problems) or "note") if plan.problems else icons.icon(
                    "check-circle-fill", tone_color("success"))
            if severity:
                return severity_icon(severity)
            if key == "platform" and plan.platform:
                return icons.platform_icon(plan.platform)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and severity in ("error", "warning"):
            return severity_background(severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            full = plan.raw.cells.get(key, "") if key not in ("row", "platform") else ""
            parts = [describe(problems)] if problems else []
            if key == "row":
                parts = [describe(plan.problems) or tr("Ready to send.")]
            if full and (len(full) > 90 or "\n" in full):
                parts.append(full)
            return "\n\n".join(parts) or None
        return None

    def _display(self, plan: RowPlan, key: str) -> str:
        if key == "row":
            return str(plan.number)
        if key == "platform":
            return rules_for(plan.platform).name if plan.platform else plan.raw.get("platform") or "—"
        if key == "time" and plan.queued:
            when = plan.draft.timestamp if plan.draft is not None else None
            if when is None:
                return tr("Next free time")
            return tr("Queue: {when}", when=datetime_text(when.astimezone(self.zone)))
        return _one_line(plan.raw.cells.get(key, "") or "")

    def times_changed(self) -> None:
        """The queued rows' times were given (a dry run's, then Dash's just before sending)."""
        if self.plan is not None and "time" in self.columns:
            col = self.columns.index("time")
            self.dataChanged.emit(self.index(0, col), self.index(self.rowCount() - 1, col))

    def _result_data(self, plan: RowPlan, role: int) -> Any:
        result = self.results.get(plan.number)
        if result is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Waiting" if plan.ok else "Not sent"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return outcome_text(result)
        if role == Qt.ItemDataRole.DecorationRole:
            return outcome_icon(result)
        if role == Qt.ItemDataRole.ToolTipRole:
            return result.message or outcome_text(result)
        if role == SeverityRole:
            return None if result.ok else "error"
        return None


def outcome_text(result: RowResult) -> str:
    """A short word for a row's outcome, with the post id."""
    if result.outcome == CREATED_NOW:
        return tr("Created · #{id}", id=result.post_id)
    if result.outcome == ALREADY:
        return tr("Already there · #{id}", id=result.post_id)
    if result.outcome == NOT_SENT:
        return tr("Not sent")
    if result.outcome == OUTCOME_UNKNOWN:
        return tr("Unknown: {message}", message=result.message)
    if result.outcome == NOT_CHECKED:
        return result.message  # "Recorded as created on DATE (post N), not checked: REASON"
    return tr("Failed: {message}", message=result.message)


def outcome_icon(result: RowResult) -> QIcon:
    """Success, failure or unknown, as an icon in its tone."""
    if result.ok:
        return icons.icon("check-circle-fill", tone_color("success"))
    if result.outcome in (OUTCOME_UNKNOWN, NOT_CHECKED):
        return icons.icon("question-circle", tone_color("warning"))
    if result.outcome == NOT_SENT:
        return icons.icon("slash-circle", tone_color("neutral"))
    return icons.icon("x-circle-fill", tone_color("danger"))
