"""The composer's helper row: snippets, hashtags to the first comment, link tracking, labels, day notes.

:func:`attach_helpers` adds it to a :class:`ComposerDialog` when the app has a planner
(``dashdesk.services.planning.Planner``): a snippet popup in every text field of the dialog, a
"Snippets" menu (insert, manage), "Move hashtags to first comment" (Instagram and Facebook, where
the rules table allows a first comment), the per-post "Track links" toggle with its preset (applied
to inserted snippets, and to every link of the post when it is saved), the post's labels, and a
warning when the chosen day is marked "no posting".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtGui import QAction, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from dashdesk.i18n import tr
from dashdesk.i18n.formats import date_text
from dashdesk.platforms import PLATFORM_IDS, PublishMode, rules_for
from dashdesk.services.planning import Planner
from dashdesk.services.snippets import add_utm, first_comment_allowed, move_hashtags
from dashdesk.store.planning import Snippet
from dashdesk.ui.flow import FlowLayout

from .snippet_popup import SnippetCompleter
from .widgets import ProblemLabel, em

#: Where hashtags can move to a first comment: the platforms whose rules have one (Instagram, Facebook).
HASHTAG_PLATFORMS = tuple(p for p in PLATFORM_IDS if rules_for(p).field("first_comment") is not None)


def color_icon(color: str, size: int = 12) -> QIcon:
    """A small square of ``color`` (label menus and lists)."""
    pm = QPixmap(size, size)
    pm.fill(QColor(color))
    return QIcon(pm)


class ComposerHelpers(QWidget):
    """The helper row of one composer, and the snippet popups of its text fields."""

    def __init__(self, dialog: Any, planner: Planner) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.planner = planner
        self.completers: dict[int, SnippetCompleter] = {}
        self.label_ids: list[int] = []
        if dialog.state.edit is not None:
            key = (dialog.state.edit.platform, dialog.state.edit.post_id)
            self.label_ids = list(planner.assigned.get(key, []))
        lay = FlowLayout(self, spacing=em(self, 0.5))  # wraps when a long language needs more than a line
        lay.setContentsMargins(0, 0, 0, 0)

        self.snippets_button = QToolButton(self)
        self.snippets_button.setText(tr("Snippets"))
        self.snippets_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snippets_button.setAccessibleName(tr("Snippets"))
        menu = QMenu(self.snippets_button)
        self.insert_action = QAction(tr("Insert snippet	Ctrl+;"), menu)
        self.insert_action.triggered.connect(self.open_popup)
        menu.addAction(self.insert_action)
        self.manage_action = QAction(tr("Manage snippets…"), menu)
        self.manage_action.triggered.connect(self.manage)
        menu.addAction(self.manage_action)
        self.snippets_button.setMenu(menu)
        lay.addWidget(self.snippets_button)

        self.hashtags_button = QPushButton(tr("Move hashtags to first comment"), self)
        self.hashtags_button.clicked.connect(self.move_hashtags)
        lay.addWidget(self.hashtags_button)

        self.track = QCheckBox(tr("Track links"), self)
        self.track.setToolTip(tr(
                "Add tracking parameters to every link of this post: to snippets as they are inserted, and to the "
                "whole text when it is saved."
            ))
        self.preset = QComboBox(self)
        self.preset.setAccessibleName(tr("Link tracking preset"))
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.track.toggled.connect(self.preset.setEnabled)
        lay.addWidget(self.track)
        lay.addWidget(self.preset)

        self.labels_button = QToolButton(self)
        self.labels_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.labels_button.setAccessibleName(tr("Labels"))
        self.labels_menu = QMenu(self.labels_button)
        self.labels_menu.aboutToShow.connect(self._fill_labels)
        self.labels_button.setMenu(self.labels_menu)
        lay.addWidget(self.labels_button)

        self.blackout = ProblemLabel(dialog)
        self.blackout.setObjectName("blackoutWarning")
        self.refresh()
        self._attach(dialog.editor)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        dialog.when_part.timeChanged.connect(lambda _w: self.check_day())
        dialog.when_part.modeChanged.connect(lambda _m: self.check_day())
        dialog.before_save.append(self.apply_tracking)
        dialog.saved.connect(self._saved)
        dialog.picker.toggled.connect(lambda *_a: self.refresh_hashtags())
        self.check_day()

    # --- snippets --------------------------------------------------------------------------

    def snippets(self) -> list[Snippet]:
        """The library."""
        return self.planner.store.snippets()

    def utm(self) -> Mapping[str, str]:
        """The post's tracking parameters, when its toggle is on."""
        if not self.track.isChecked():
            return {}
        preset = self.preset.currentData()
        return dict(preset) if isinstance(preset, Mapping) else {}

    def _platforms_for(self, field: QWidget) -> list[str]:
        for platform, tab in self.dialog.tabs_by_platform.items():
            if tab.isAncestorOf(field):
                return [platform] if tab.text_field.isAncestorOf(field) else []
        return [p for p in self.dialog.state.platforms if self.dialog.state.part(p).own_text is None]

    def _attach(self, field: QWidget) -> SnippetCompleter | None:
        if not isinstance(field, QPlainTextEdit | QLineEdit) or field.isReadOnly():
            return None
        found = self.completers.get(id(field))
        if found is None:
            found = SnippetCompleter(field, self.snippets, lambda: self._platforms_for(field), self.utm)
            key = id(field)
            self.completers[key] = found
            field.destroyed.connect(lambda *_a: self.completers.pop(key, None))
        return found

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.dialog.isAncestorOf(new):
            self._attach(new)

    def completer_for(self, field: QWidget) -> SnippetCompleter | None:
        """The popup of ``field`` (made on first use)."""
        return self._attach(field)

    def open_popup(self) -> None:
        """Offer the snippets in the focused text field (the main text when none has the focus)."""
        focused = QApplication.focusWidget()
        field = focused if focused is not None and self.dialog.isAncestorOf(focused) else self.dialog.editor
        completer = self._attach(field) or self._attach(self.dialog.editor)
        if completer is not None:
            completer.field.setFocus()
            completer.open()

    def manage(self) -> None:
        """Open the snippets manager; the presets follow its changes."""
        from .snippets_dialog import SnippetsDialog

        self.manager = SnippetsDialog(self.planner.store, self.dialog)
        self.manager.finished.connect(lambda _r: self.refresh())
        self.manager.open()

    # --- the row's state -------------------------------------------------------------------

    def refresh(self) -> None:
        """Fill the presets and the labels button again."""
        current = self.preset.currentText()
        self.preset.clear()
        for snip in self.snippets():
            if snip.utm:
                self.preset.addItem(snip.name, dict(snip.utm))
        if not self.preset.count():
            self.preset.addItem(tr("Standard (DashDesk, social)"),
                                {"utm_source": "dashdesk", "utm_medium": "social"})
        index = self.preset.findText(current)
        self.preset.setCurrentIndex(max(0, index))
        self.preset.setEnabled(self.track.isChecked())
        self._show_labels()
        self.refresh_hashtags()

    def refresh_hashtags(self) -> None:
        """Enable "Move hashtags" where a chosen platform allows a first comment; say why not."""
        state = self.dialog.state
        chosen = [p for p in state.platforms if p in HASHTAG_PLATFORMS]
        reasons = [first_comment_allowed(p, state.part(p).post_type, state.auto_publish_for(p)) for p in chosen]
        ok = any(r is None for r in reasons)
        self.hashtags_button.setEnabled(ok)
        self.hashtags_button.setToolTip(
            tr("Move the hashtag lines to the first comment.") if ok else
            " ".join(r for r in reasons if r) or tr("Choose Instagram or Facebook to move hashtags to the first "
                                                    "comment."))

    def move_hashtags(self) -> list[str]:
        """Move the hashtag block to the first comment of each chosen platform that allows one.

        A platform sharing the text with others that keep their hashtags gets its own text.
        Returns the platforms changed.
        """
        state = self.dialog.state
        movers = [p for p in state.platforms if p in HASHTAG_PLATFORMS
                  and first_comment_allowed(p, state.part(p).post_type, state.auto_publish_for(p)) is None]
        sharing = [p for p in state.platforms if state.part(p).own_text is None]
        shared_moves = all(p in movers for p in sharing)
        changed = []
        for p in movers:
            part = state.part(p)
            text, comment = move_hashtags(state.text_for(p), str(part.extras.get("first_comment") or ""))
            if text == state.text_for(p):
                continue
            part.extras["first_comment"] = comment
            if part.own_text is not None or not shared_moves:
                part.own_text = text
            changed.append(p)
        if changed and shared_moves and sharing:
            state.text, _ = move_hashtags(state.text)
            self.dialog.text_part.set_text(state.text)
        for p in changed:
            tab = self.dialog.tabs_by_platform.get(p)
            if tab is not None:
                tab.load_from_state()
                tab.relayout()
        if changed:
            self.dialog._changed(urgent=True)
        return changed

    def apply_tracking(self) -> None:
        """On save, with the toggle on: tag every link of the post's texts and first comments."""
        params = self.utm()
        if not params:
            return
        state = self.dialog.state
        tagged = add_utm(state.text, params)
        if tagged != state.text:
            state.text = tagged
            self.dialog.text_part.set_text(tagged)
        for p in state.platforms:
            part = state.part(p)
            if part.own_text is not None:
                part.own_text = add_utm(part.own_text, params)
            comment = part.extras.get("first_comment")
            if isinstance(comment, str):
                part.extras["first_comment"] = add_utm(comment, params)
            tab = self.dialog.tabs_by_platform.get(p)
            if tab is not None:
                tab.load_from_state()

    # --- labels ----------------------------------------------------------------------------

    def _show_labels(self) -> None:
        names = [self.planner.labels[i].name for i in self.label_ids if i in self.planner.labels]
        self.labels_button.setText(tr("Labels: ") + ", ".join(names) if names else tr("Labels"))
        self.labels_button.setToolTip(tr("Labels of this post (kept on this computer)"))

    def _fill_labels(self) -> None:
        self.labels_menu.clear()
        for label in self.planner.label_list():
            act = self.labels_menu.addAction(color_icon(label.color), label.name)
            act.setCheckable(True)
            act.setChecked(label.id in self.label_ids)
            act.toggled.connect(lambda on, i=label.id: self.toggle_label(i, on))
        if not self.planner.labels:
            none = self.labels_menu.addAction(tr("No labels yet: add them in the calendar's label filter."))
            none.setEnabled(False)

    def toggle_label(self, label_id: int, on: bool) -> None:
        """Put label ``label_id`` on the post or take it off (kept when the post is saved)."""
        ids = [i for i in self.label_ids if i != label_id] + ([label_id] if on else [])
        self.label_ids = ids
        edit = self.dialog.state.edit
        if edit is not None:
            self.planner.set_labels((edit.platform, edit.post_id), ids)
        self._show_labels()

    def _saved(self, results: list[Any]) -> None:
        for result in results:
            post_id = getattr(result, "post_id", None)
            if post_id is not None and self.label_ids:
                self.planner.set_labels((result.platform, int(post_id)), self.label_ids)

    # --- no-posting days -------------------------------------------------------------------

    def check_day(self) -> None:
        """Warn when the chosen day is marked "no posting" (a warning: saving stays possible)."""
        state = self.dialog.state
        note = None
        if state.when is not None and state.mode is not PublishMode.NOW:
            note = self.planner.blackout_at(state.when, self.dialog.zone)
        if note is None:
            self.blackout.set_messages([])
            return
        day = state.when.astimezone(self.dialog.zone)
        self.blackout.set_messages([tr("{day} is marked “no posting” ({note}). Choose another day, or save anyway.",
                                       day=date_text(day, "weekday_day_month"), note=note.text)])


def attach_helpers(dialog: Any, planner: Planner) -> ComposerHelpers:
    """Add the helper row under the composer's text and the day warning under its time picker."""
    helpers = ComposerHelpers(dialog, planner)
    text_lay = dialog.text_part.layout()
    text_lay.insertWidget(text_lay.indexOf(dialog.editor) + 1, helpers)
    outer = dialog.layout()
    outer.insertWidget(outer.indexOf(dialog.when_part) + 1, helpers.blackout)
    return helpers
