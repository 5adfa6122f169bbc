"""The Posting schedule dialog: each platform's weekly posting times and zone, import and export."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import N_, tr
from dashdesk.i18n.formats import moment_text
from dashdesk.planning.queue import QueuePlanner
from dashdesk.planning.schedule import PlatformEntry, PostingSchedule, ScheduleFileError, make_entry
from dashdesk.planning.slots import SlotError, format_slots
from dashdesk.platforms import PLATFORM_IDS, rules_for
from dashdesk.settings import all_zone_names
from dashdesk.ui.composer.widgets import ProblemLabel
from dashdesk.ui.fields import enable_clear_button
from dashdesk.ui.icons import platform_icon

DISPLAY_ZONE = N_("Display zone")
PLACEHOLDER = N_("e.g. mon-fri 09:00,17:00; sat 11:00")


class PlatformRow:
    """The widgets of one platform's row: its times, its zone, the next time and its problem."""

    def __init__(self, platform: str, parent: QWidget, zones: list[str]) -> None:
        name = rules_for(platform).name
        self.platform = platform
        self.name = QLabel(name, parent)
        self.icon = QLabel(parent)
        self.icon.setPixmap(platform_icon(platform).pixmap(18, 18))
        self.times = QLineEdit(parent)
        self.times.setPlaceholderText(tr(PLACEHOLDER))
        self.times.setAccessibleName(tr("{name} posting times", name=name))
        enable_clear_button(self.times, tr("Clear the times"))
        self.zone = QComboBox(parent)
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItems([tr(DISPLAY_ZONE), *zones])
        completer = QCompleter([tr(DISPLAY_ZONE), *zones], self.zone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone.setCompleter(completer)
        self.zone.setAccessibleName(tr("{name} time zone", name=name))
        self.next = QLabel(parent)
        self.next.setAccessibleName(tr("{name} next free time", name=name))
        self.problem = ProblemLabel(parent)
        self.problem.setObjectName("scheduleProblem")

    def load(self, entry: PlatformEntry | None) -> None:
        """Show ``entry`` (or nothing)."""
        self.times.setText(format_slots(entry.slots.slots) if entry else "")
        self.zone.setCurrentText(entry.zone if entry and entry.zone else tr(DISPLAY_ZONE))

    def entry(self) -> PlatformEntry:
        """What the row says; raises :class:`SlotError`/:class:`ScheduleFileError` with the problem."""
        zone = self.zone.currentText().strip()
        return make_entry(self.times.text(), "" if zone in ("", tr(DISPLAY_ZONE)) else zone)


class PostingScheduleDialog(QDialog):
    """Edit the posting times of every platform, for every brand or for this brand only.

    Saving writes the schedule file (``accepted`` follows); Import replaces what is shown by a shared
    file's times (saved with Save); Export writes what is shown to a file to share.
    """

    def __init__(self, brand_id: int | None, zone: ZoneInfo, *, brand_name: str = "",
                 schedule: PostingSchedule | None = None, now: datetime | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postingSchedule")
        self.setWindowTitle(tr("Posting schedule"))
        self.setAccessibleName(tr("Posting schedule"))
        self.brand_id = brand_id
        self.display_zone = zone
        self.now = now
        self.load_error = ""
        if schedule is None:
            try:
                schedule = PostingSchedule.load()
            except ScheduleFileError as exc:
                self.load_error = tr("The saved posting schedule can't be read ({reason}). Saving replaces it.",
                                     reason=exc)
                schedule = PostingSchedule()
        self.schedule = schedule
        lay = QVBoxLayout(self)
        intro = QLabel(tr(
                "A queued post goes out at its platform's next free time: a time is free when no post of that "
                "platform is there yet, wherever it was made. Write days then 24-hour times; separate groups with "
                "semicolons."
            ), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        scope = QHBoxLayout()
        scope.addWidget(QLabel(tr("Times apply to:"), self))
        self.scope = QComboBox(self)
        self.scope.setAccessibleName(tr("Which brands these times apply to"))
        self.scope.addItem(tr("Every brand"), None)
        if brand_id is not None:
            self.scope.addItem(tr("{brand} only", brand=brand_name or tr("Brand {id}", id=brand_id)), brand_id)
        scope.addWidget(self.scope)
        scope.addStretch(1)
        lay.addLayout(scope)

        body = QWidget(self)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(2, 3)
        grid.setColumnStretch(3, 2)
        for col, title in enumerate(("", N_("Platform"), N_("Posting times"), N_("Time zone"), N_("Next time"))):
            header = QLabel(tr(title), body)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            grid.addWidget(header, 0, col)
        zones = all_zone_names()
        self.rows: dict[str, PlatformRow] = {}
        for i, platform in enumerate(PLATFORM_IDS):
            row = PlatformRow(platform, body, zones)
            r = 1 + 2 * i
            grid.addWidget(row.icon, r, 0)
            grid.addWidget(row.name, r, 1)
            grid.addWidget(row.times, r, 2)
            grid.addWidget(row.zone, r, 3)
            grid.addWidget(row.next, r, 4)
            grid.addWidget(row.problem, r + 1, 2, 1, 3)
            row.times.textChanged.connect(self.check)
            row.zone.currentTextChanged.connect(self.check)
            self.rows[platform] = row
        grid.setRowStretch(1 + 2 * len(PLATFORM_IDS), 1)  # rows keep their height; the space goes below
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName(tr("Posting times by platform"))
        lay.addWidget(scroll, 1)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Posting schedule message"))
        lay.addWidget(self.message)
        foot = QHBoxLayout()
        self.import_button = QPushButton(tr("Import…"), self)
        self.import_button.setToolTip(tr("Use a posting schedule a teammate exported"))
        self.export_button = QPushButton(tr("Export…"), self)
        self.export_button.setToolTip(tr("Save these times to a file to share with your team"))
        self.import_button.clicked.connect(self.ask_import)
        self.export_button.clicked.connect(self.ask_export)
        foot.addWidget(self.import_button)
        foot.addWidget(self.export_button)
        foot.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        foot.addWidget(self.buttons)
        lay.addLayout(foot)
        self.scope.currentIndexChanged.connect(lambda _i: self.show_schedule(self.schedule))
        self.show_schedule(schedule)
        if self.load_error:
            self.message.setText(self.load_error)
        self.resize(self.fontMetrics().height() * 52, self.fontMetrics().height() * 34)

    @property
    def scope_brand(self) -> int | None:
        """The brand the times shown apply to (None: every brand)."""
        return self.scope.currentData()

    def show_schedule(self, schedule: PostingSchedule) -> None:
        """Show ``schedule``'s times for the chosen scope."""
        brand = self.scope_brand
        key = str(brand) if brand is not None else "*"
        for platform, row in self.rows.items():
            row.load(schedule.entries.get(key, {}).get(platform))
        self.check()

    def collect(self) -> PostingSchedule | None:
        """The schedule with the rows' times (None while a row has a problem, shown under it)."""
        schedule = PostingSchedule.from_json(self.schedule.to_json())
        ok = True
        for platform, row in self.rows.items():
            try:
                entry = row.entry()
            except (SlotError, ScheduleFileError) as exc:
                row.problem.set_messages([str(exc)])
                row.next.setText("")
                ok = False
                continue
            row.problem.set_messages([])
            schedule.set(self.scope_brand, platform, entry)
        return schedule if ok else None

    def check(self) -> None:
        """Check every row; show each platform's next time (as far as the posting times go)."""
        schedule = self.collect()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(schedule is not None)
        self.export_button.setEnabled(schedule is not None)
        if schedule is None:
            return
        planner = QueuePlanner(schedule, self.brand_id, self.display_zone, now=self.now or datetime.now(UTC))
        for platform, row in self.rows.items():
            found = planner.peek(platform)
            if found:
                local = found[0].astimezone(self.display_zone)
                row.next.setText(moment_text(local))
            else:
                row.next.setText(tr("—"))
        self.message.setText("")

    def save(self) -> None:
        """Write the schedule file and close."""
        schedule = self.collect()
        if schedule is None:
            return
        try:
            schedule.save()
        except OSError as exc:
            self.message.setText(tr(
                    "The posting schedule could not be saved ({strerror}). Check that the disk is not full, then try "
                    "again.",
                    strerror=exc.strerror or exc,
                ))
            return
        self.schedule = schedule
        self.accept()

    def import_file(self, path: Path) -> bool:
        """Show the times of a shared file (kept when Save is pressed); False with a message if unusable."""
        try:
            imported = PostingSchedule.read(path)
        except ScheduleFileError as exc:
            self.message.setText(tr("Can't import this file: {exc}", exc=exc))
            return False
        merged = PostingSchedule.from_json(self.schedule.to_json())
        for brand, platform, entry in imported:
            merged.set(int(brand) if brand.isdigit() else None, platform, entry)
        self.schedule = merged
        self.show_schedule(merged)
        self.message.setText(tr("Imported the posting times of {name}. Press Save to keep them.", name=path.name))
        return True

    def export_file(self, path: Path) -> bool:
        """Write what is shown (with the other brands' times) to ``path``."""
        schedule = self.collect()
        if schedule is None:
            return False
        try:
            schedule.write(path)
        except OSError as exc:
            self.message.setText(tr(
                    "Could not export ({strerror}): choose another folder.",
                    strerror=exc.strerror or exc,
                ))
            return False
        self.message.setText(tr(
                "Exported to {name}: teammates can import it in their Posting schedule.",
                name=path.name,
            ))
        return True

    def ask_import(self) -> None:
        """Pick a file to import."""
        name, _ = QFileDialog.getOpenFileName(self, tr("Import a posting schedule"), "",
                                              tr("Posting schedule (*.json)"))
        if name:
            self.import_file(Path(name))

    def ask_export(self) -> None:
        """Pick where to export."""
        name, _ = QFileDialog.getSaveFileName(self, tr("Export the posting schedule"), "posting-schedule.json",
                                              tr("Posting schedule (*.json)"))
        if name:
            self.export_file(Path(name))
