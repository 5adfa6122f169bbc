"""The planner's helpers in the calendar window: label filter, chip dots, notes, label mix, menus."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QLabel, QMenu, QMessageBox, QToolButton

from dashdesk.i18n import current_language, ntr, tr
from dashdesk.i18n.formats import first_of_month
from dashdesk.services.planning import Planner, PlanningFileError, export_json, import_json, open_store
from dashdesk.services.post import PostKey
from dashdesk.ui.composer.helpers_part import color_icon

log = logging.getLogger(__name__)

MIX_SHOWN = 4  # labels named in the status bar; the rest are in its tooltip


class CalendarHelpers(QObject):
    """Wires a :class:`Planner` into the main window's parts (see the package docstring)."""

    def __init__(self, window: Any, planner: Planner | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.planner = planner or Planner(open_store(), int(window.session.brand_id))
        self.planner.follow(window.service)
        self.chosen: set[int] = set()
        window.post_actions.composer_args["planner"] = self.planner

        self.filter_button = QToolButton(window.filters)
        self.filter_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.filter_button.setAccessibleName(tr("Label filter"))
        self.filter_menu = QMenu(self.filter_button)
        self.filter_menu.aboutToShow.connect(self._fill_filter)
        self.filter_button.setMenu(self.filter_menu)
        lay = window.filters.layout()
        lay.insertWidget(lay.indexOf(window.filters.status_button) + 1, self.filter_button)

        self.mix_label = QLabel(window)
        self.mix_label.setAccessibleName(tr("Posts by label"))
        window.statusBar().addPermanentWidget(self.mix_label)
        self._mix_timer = QTimer(self, singleShot=True, interval=0, timeout=self.update_mix)
        source = window.proxy.sourceModel()
        for sig in (source.modelReset, source.rowsInserted, source.rowsRemoved, source.dataChanged,
                    window.proxy.filtersChanged, window.navigator.rangeChanged, window.navigator.viewChanged):
            sig.connect(lambda *_a: self._mix_timer.start())
        window.navigator.viewChanged.connect(lambda _name: self.configure_views())
        self.planner.listeners.append(self._planner_changed)
        self.configure_views()
        self._show_filter()
        self.update_mix()

    # --- views -----------------------------------------------------------------------------

    def configure_views(self) -> None:
        """Give every built view the label dots, the notes and the right-click menu (once each)."""
        for view in self.window.navigator.views.values():
            if getattr(view, "_planning_ready", False):
                continue
            view._planning_ready = True
            if hasattr(view, "label_colors"):
                view.label_colors = self.planner.colors_of
                view.notes_for = self.planner.notes_by_day
            if hasattr(view, "notes_line"):
                view.notes_line = True
                view.resizeEvent(None) if view.isVisible() else None
            if hasattr(view, "contextRequested"):
                view.contextRequested.connect(self.context_menu)
            if hasattr(view, "rebuild"):
                view.rebuild()

    def _planner_changed(self) -> None:
        for view in self.window.navigator.views.values():
            if hasattr(view, "chip_cache"):
                view.chip_cache.clear()
            if hasattr(view, "rebuild"):
                view.schedule_rebuild()
        if self.chosen:
            self.chosen &= set(self.planner.labels)
            self._apply_filter()
        self._show_filter()
        self._mix_timer.start()

    # --- label filter ----------------------------------------------------------------------

    def _fill_filter(self) -> None:
        menu = self.filter_menu
        menu.clear()
        every = menu.addAction(tr("All labels"))
        every.triggered.connect(lambda: self.set_filter(set()))
        menu.addSeparator()
        for label in self.planner.label_list():
            act = menu.addAction(color_icon(label.color), label.name)
            act.setCheckable(True)
            act.setChecked(label.id in self.chosen)
            act.toggled.connect(lambda on, i=label.id: self.set_filter(self.chosen | {i} if on else self.chosen - {i}))
        menu.addSeparator()
        menu.addAction(tr("Manage labels…")).triggered.connect(self.manage_labels)

    def set_filter(self, label_ids: set[int]) -> None:
        """Show only posts carrying one of ``label_ids`` (empty: every post)."""
        self.chosen = set(label_ids) & set(self.planner.labels)
        self._apply_filter()
        self._show_filter()

    def _apply_filter(self) -> None:
        chosen = frozenset(self.chosen)
        assigned = self.planner.assigned
        self.window.proxy.set_label_filter(
            (lambda key: any(i in chosen for i in assigned.get(key, ()))) if chosen else None)

    def _show_filter(self) -> None:
        names = [self.planner.labels[i].name for i in self.chosen if i in self.planner.labels]
        self.filter_button.setText(tr("All labels") if not names else names[0] if len(names) == 1
                                   else ntr("{n} label", "{n} labels", len(names)))
        self.filter_button.setIcon(color_icon(self.planner.labels[next(iter(self.chosen))].color)
                                   if len(names) == 1 else color_icon("#888888"))
        self.filter_button.setToolTip(tr("Show only posts with some labels"))

    # --- status bar mix --------------------------------------------------------------------

    def visible_keys(self) -> list[PostKey]:
        """Keys of the posts shown in the visible range (after the filters)."""
        first, last = self.window.current_view.visible_days() if hasattr(self.window.current_view,
                                                                         "visible_days") else (None, None)
        tz = self.window.tz
        keys = []
        for post in self.window.proxy.visible_posts():
            if post.timestamp is None:
                continue
            day = post.timestamp.astimezone(tz).date()
            if first is None or first <= day <= last:
                keys.append(post.key)
        return keys

    def update_mix(self) -> None:
        """"Spring launch 12 · Pillar 5 · no label 3" for the visible range."""
        if not self.planner.labels:
            self.mix_label.setText("")
            self.mix_label.setToolTip("")
            return
        mix = self.planner.mix(self.visible_keys())
        parts = [f"{label.name if label else 'no label'} {n}" for label, n in mix]
        shown = parts[:MIX_SHOWN] + ([f"+{len(parts) - MIX_SHOWN} more"] if len(parts) > MIX_SHOWN else [])
        self.mix_label.setText(tr("Labels: {labels}", labels=" · ".join(shown)) if parts else "")
        self.mix_label.setToolTip(tr("Posts shown, by label") + "\n" + "\n".join(parts))

    # --- right-click menu ------------------------------------------------------------------

    def context_menu(self, key: PostKey | None, day: date | None, where: QPoint, *, show: bool = True) -> QMenu:
        """Labels of the post under the pointer, and the notes of the day (``show``: pop it up)."""
        menu = QMenu(self.window)
        if key is not None:
            carried = set(self.planner.assigned.get(key, ()))
            sub = menu.addMenu(tr("Labels"))
            for label in self.planner.label_list():
                act = sub.addAction(color_icon(label.color), label.name)
                act.setCheckable(True)
                act.setChecked(label.id in carried)
                act.toggled.connect(lambda on, i=label.id, k=key: self.toggle_label(k, i, on))
            if self.planner.labels:
                sub.addSeparator()
            sub.addAction(tr("Manage labels…")).triggered.connect(self.manage_labels)
        if day is not None:
            shown_day = f"{day:%a} {day.day} {day:%b}" if current_language() == "en" else first_of_month(day)
            menu.addAction(tr("Add note on {day}…", day=shown_day)).triggered.connect(lambda: self.add_note(day))
            for note in self.planner.notes(day, day):
                menu.addAction(tr("Edit note “{text}”…", text=note.text)).triggered.connect(
                    lambda _c=False, n=note: self.edit_note(n))
        self.menu = menu
        if show:
            menu.popup(where)
        return menu

    def toggle_label(self, key: PostKey, label_id: int, on: bool) -> None:
        """Put a label on a post or take it off."""
        ids = [i for i in self.planner.assigned.get(key, []) if i != label_id] + ([label_id] if on else [])
        self.planner.set_labels(key, ids)

    # --- commands --------------------------------------------------------------------------

    def _day(self) -> date:
        view = self.window.current_view
        return getattr(view, "selected_day", None) or self.window.navigator.anchor

    def add_note(self, day: date | None = None) -> Any:
        """Open "Add note" on ``day`` (the selected day by default)."""
        from .dialogs import NoteDialog

        self.dialog = NoteDialog(self.planner, day or self._day(), parent=self.window)
        self.dialog.open()
        return self.dialog

    def edit_note(self, note: Any) -> Any:
        """Open a note for editing."""
        from .dialogs import NoteDialog

        self.dialog = NoteDialog(self.planner, note.first_day, note, parent=self.window)
        self.dialog.open()
        return self.dialog

    def import_holidays(self) -> Any:
        """Open "Import public holidays"."""
        from .dialogs import HolidaysDialog

        self.dialog = HolidaysDialog(self.planner, self._day().year, parent=self.window)
        self.dialog.finished.connect(lambda r: self.window.notices.show_hint(
            tr("{added} holidays added to the calendar.", added=self.dialog.added)) if r else None)
        self.dialog.open()
        return self.dialog

    def manage_labels(self) -> Any:
        """Open the labels dialog."""
        from .dialogs import LabelsDialog

        self.dialog = LabelsDialog(self.planner, parent=self.window)
        self.dialog.open()
        return self.dialog

    def manage_snippets(self) -> Any:
        """Open the snippets manager."""
        from dashdesk.ui.composer.snippets_dialog import SnippetsDialog

        self.dialog = SnippetsDialog(self.planner.store, self.window)
        self.dialog.open()
        return self.dialog

    def export_team_file(self, path: str | None = None) -> bool:
        """Write snippets, labels and notes to one file for the team."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self.window, tr("Export snippets, labels and notes"),
                                                  str(Path.home() / "dashdesk-team.json"), tr("Team file (*.json)"))
        if not path:
            return False
        try:
            export_json(self.planner.store, path, [self.planner.brand_id])
        except OSError as exc:
            self.window.notices.show_error(tr("DashDesk couldn't write the file ({reason}). Choose another folder "
                                              "and try again.", reason=exc.strerror or exc))
            return False
        self.window.notices.show_hint(tr("Snippets, labels and notes exported."))
        return True

    def import_team_file(self, path: str | None = None) -> dict[str, int] | None:
        """Merge a team file into this computer's snippets, labels and notes."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, tr("Import snippets, labels and notes"),
                                                  str(Path.home()), tr("Team file (*.json);;All files (*)"))
        if not path:
            return None
        try:
            counts = import_json(self.planner.store, path)
        except PlanningFileError as exc:
            # opened, not exec'd: the UI thread never waits on a question box
            self.box = QMessageBox(QMessageBox.Icon.Warning, tr("Import snippets, labels and notes"), str(exc),
                                   QMessageBox.StandardButton.Ok, self.window)
            self.box.open()
            return None
        self.planner.reload()
        self.window.notices.show_hint(tr(
                "Imported {snippets} snippets, {labels} labels and {notes} new notes.",
                snippets=counts['snippets'],
                labels=counts['labels'],
                notes=counts['notes'],
            ))
        return counts
