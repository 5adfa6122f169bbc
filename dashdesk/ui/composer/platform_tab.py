"""One platform's tab: post type, its own fields from the rules table, overrides, auto-publish, problems.

Nothing here names a platform: which fields exist, their labels, limits and kinds, and what
auto-publish allows all come from ``dashdesk.platforms.rules_for``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dashdesk.i18n import ntr, tr
from dashdesk.platforms import AutoPublish, FieldKind, FieldSpec, Problem, rules_for
from dashdesk.platforms.validate import field_name
from dashdesk.ui.previews import PlatformPreview
from dashdesk.ui.previews.from_state import brand_name_near, preview_post

from .boards import BoardLoader, BoardPicker
from .checks import MEDIA_PATH, TIME_PATH, counts_for, limit_tooltip
from .media import MediaStripLike, MediaStripView
from .state import ComposerState
from .widgets import FieldEditor, ProblemLabel, em, muted, tone_color

#: Problem paths the tab shows beside a control of its own.
POST_TYPE_PATH = "post_type"
AUTO_PATH = "auto_publish"


def auto_publish_reason(platform: str) -> str:
    """Why the auto-publish switch cannot be changed for ``platform`` (empty when it can)."""
    rules = rules_for(platform)
    if rules.auto_publish is AutoPublish.REQUIRED:
        return tr("{platform} posts always publish automatically: Dash doesn't accept turning it off.",
                  platform=rules.name)
    if rules.auto_publish is AutoPublish.FORCED:
        return tr("{platform} always publishes automatically (Dash ignores turning it off).", platform=rules.name)
    return ""


class PlatformTab(QScrollArea):
    """The tab of one chosen platform. ``edited`` after any change; ``mediaEdited`` after media changes."""

    edited = Signal()
    mediaEdited = Signal()

    def __init__(self, platform: str, state: ComposerState, *, board_loader: BoardLoader | None = None,
                 make_strip: Callable[[str, QWidget], MediaStripLike] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.rules = rules_for(platform)
        self.state = state
        self.multi = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        self.setWidget(body)
        layout = QVBoxLayout(body)
        gap = em(self, 0.7)
        layout.setSpacing(gap)
        layout.setContentsMargins(gap, gap, gap, gap)
        name = self.rules.name
        state.part(platform)  # the part exists from the start, with the table's defaults

        # What needs fixing, in words, first; and the result of the last save.
        self.summary = QLabel(body)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(tr("{name}: problems", name=name))
        layout.addWidget(self.summary)
        self.result = ProblemLabel(body)
        layout.addWidget(self.result)

        # Post type.
        self.post_type = QComboBox(body)
        self.post_type.setAccessibleName(tr("{name} post type", name=name))
        for pt in self.rules.post_types:
            self.post_type.addItem(pt.label, pt.name)
        row = QHBoxLayout()
        self.post_type_label = QLabel(tr("Post type"), body)
        self.post_type_label.setBuddy(self.post_type)
        row.addWidget(self.post_type_label)
        row.addWidget(self.post_type)
        row.addStretch(1)
        layout.addLayout(row)
        self.post_type_problem = ProblemLabel(body)
        layout.addWidget(self.post_type_problem)
        has_choice = len(self.rules.post_types) > 1
        self.post_type_label.setVisible(has_choice)
        self.post_type.setVisible(has_choice)
        self.post_type.currentIndexChanged.connect(self._post_type_changed)

        # Main text: shared, or the platform's own.
        text_spec = self.rules.text_field
        self.text_note = muted(QLabel(body))
        self.text_note.setWordWrap(True)
        layout.addWidget(self.text_note)
        self.own_text = QCheckBox(tr(
                "Write a separate {field} for {name}",
                field=field_name(text_spec.label),
                name=name,
            ), body)
        self.own_text.setAccessibleName(tr("Separate {field} for {name}", field=field_name(text_spec.label), name=name))
        self.own_text.toggled.connect(self._own_text_toggled)
        layout.addWidget(self.own_text)
        self.text_field = FieldEditor(text_spec, name, body)
        self.text_field.counter.setToolTip(limit_tooltip(platform, text_spec.path))
        self.text_field.changed.connect(self._own_text_changed)
        layout.addWidget(self.text_field)

        # The platform's other fields.
        self.fields: dict[str, FieldEditor] = {}
        self.board: BoardPicker | None = None
        for spec in self.rules.fields:
            if spec.key == "text":
                continue
            editor = FieldEditor(spec, name, body)
            editor.counter.setToolTip(limit_tooltip(platform, spec.path))
            if spec.kind is FieldKind.BOARD:
                self.board = BoardPicker(board_loader, editor)
                editor.layout().replaceWidget(editor.editor, self.board)
                editor.editor.deleteLater()
                editor.editor = self.board
                editor.title.setBuddy(self.board.combo)
                self.board.changed.connect(lambda v, key=spec.key: self._extra_changed(key, v))
            else:
                editor.changed.connect(lambda v, key=spec.key: self._extra_changed(key, v))
            self.fields[spec.key] = editor
            layout.addWidget(editor)

        # Auto-publish.
        self.auto = QCheckBox(tr("Publish automatically"), body)
        self.auto.setAccessibleName(tr("{name}: publish automatically", name=name))
        reason = auto_publish_reason(platform)
        self.auto.setEnabled(not reason)
        self.auto.setToolTip(reason or tr("Off: Dash sends a reminder to publish from the Dash mobile app instead."))
        self.auto.toggled.connect(self._auto_changed)
        layout.addWidget(self.auto)
        self.auto_reason = muted(QLabel(reason, body))
        self.auto_reason.setWordWrap(True)
        self.auto_reason.setVisible(bool(reason))
        layout.addWidget(self.auto_reason)
        self.auto_problem = ProblemLabel(body)
        layout.addWidget(self.auto_problem)

        # Media override.
        self.own_media = QCheckBox(tr("Use different media for {name}", name=name), body)
        self.own_media.setAccessibleName(tr("Separate media for {name}", name=name))
        self.own_media.toggled.connect(self._own_media_toggled)
        layout.addWidget(self.own_media)
        self.media = (make_strip or (lambda n, p: MediaStripView(n, None, p)))(f"{name} media", body)
        self.media.changed.connect(self._own_media_changed)
        layout.addWidget(self.media)

        # How the post will look.
        line = QFrame(body)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        preview_label = QLabel(tr("Preview"), body)
        bold = preview_label.font()
        bold.setBold(True)
        preview_label.setFont(bold)
        head = QHBoxLayout()
        head.addWidget(preview_label)
        head.addStretch(1)
        self.all_previews = QPushButton(tr("All platforms side by side"), body)
        self.all_previews.setToolTip(tr("See every chosen platform's preview next to each other"))
        self.all_previews.clicked.connect(self.open_side_by_side)
        head.addWidget(self.all_previews)
        layout.addLayout(head)
        self.preview = PlatformPreview(body)
        layout.addWidget(self.preview)
        layout.addStretch(1)

        self._setting = False
        self._summary_shown: tuple[str, str] | None = None
        self.saved = False
        #: How the last save of this platform ended when it did not save: "failed" or "kept" (in the
        #: outbox). The summary then never says "Ready" in green above a red "could not reach Dash".
        self.save_state = ""
        self._kept_message = ""
        self._last_problems: list[Problem] = []
        self.load_from_state()

    # --- state <-> widgets -----------------------------------------------------------------

    @property
    def part(self) -> Any:
        """This platform's part of the composer state."""
        return self.state.part(self.platform)

    def load_from_state(self) -> None:
        """Show the state's values (after a restore, or when the tab is built)."""
        self._setting = True
        try:
            part = self.part
            index = max(0, self.post_type.findData(part.post_type))
            self.post_type.setCurrentIndex(index)
            self.own_text.setChecked(part.own_text is not None)
            self.text_field.set_value(part.own_text or "")
            for key, editor in self.fields.items():
                if editor.spec.kind is FieldKind.BOARD and self.board is not None:
                    self.board.set_value(part.extras.get(key))
                else:
                    editor.set_value(part.extras.get(key))
            self.auto.setChecked(self.state.auto_publish_for(self.platform))
            self.own_media.setChecked(part.own_media is not None)
            self.media.set_items(part.own_media or [])
        finally:
            self._setting = False
        self.relayout()

    def set_multi(self, multi: bool) -> None:
        """Show or hide the overrides (they only make sense with several platforms)."""
        self.multi = multi
        self.relayout()

    def relayout(self) -> None:
        """Show the fields of the current post type and the overrides in use."""
        part = self.part
        post_type = part.post_type
        text_spec = self.rules.text_field
        takes_text = text_spec.applies_to(post_type)
        own = part.own_text is not None
        pt = self.rules.post_type(post_type) or self.rules.post_types[0]
        if not takes_text:
            self.text_note.setText(tr(
                    "{posts} have no {field}: the text above is not sent.",
                    posts=self.rules.describe(pt),
                    field=field_name(text_spec.label),
                ))
        elif self.multi and not own:
            self.text_note.setText(tr("{label}: uses the shared text above.", label=tr(text_spec.label)))
        self.text_note.setVisible(not takes_text or (self.multi and not own))
        self.own_text.setVisible(self.multi and takes_text)
        self.text_field.setVisible(self.multi and takes_text and own)
        for editor in self.fields.values():
            editor.setVisible(editor.spec.applies_to(post_type))
        self.own_media.setVisible(self.multi)
        self.media.setVisible(self.multi and part.own_media is not None)
        if part.own_media is not None:
            self.media.set_targets([(self.platform, post_type)])

    # --- edits -----------------------------------------------------------------------------

    def _post_type_changed(self, index: int) -> None:
        if self._setting:
            return
        self.part.post_type = self.post_type.itemData(index)
        self.relayout()
        self.edited.emit()

    def _own_text_toggled(self, on: bool) -> None:
        if self._setting:
            return
        self.part.own_text = self.state.text if on else None
        self.text_field.set_value(self.part.own_text or "")
        self.relayout()
        if on:
            self.text_field.editor.setFocus()
        self.edited.emit()

    def _own_text_changed(self, value: str | None) -> None:
        if self._setting or self.part.own_text is None:
            return
        self.part.own_text = self.text_field.editor.toPlainText()
        self.edited.emit()

    def _extra_changed(self, key: str, value: Any) -> None:
        if self._setting:
            return
        if value is None:
            self.part.extras.pop(key, None)
        else:
            self.part.extras[key] = value
        self.edited.emit()

    def _auto_changed(self, on: bool) -> None:
        if self._setting:
            return
        self.part.auto_publish = on
        self.edited.emit()

    def _own_media_toggled(self, on: bool) -> None:
        if self._setting:
            return
        self.part.own_media = list(self.state.media) if on else None
        self.media.set_items(self.part.own_media or [])
        self.relayout()
        self.mediaEdited.emit()

    def _own_media_changed(self, items: list[Any]) -> None:
        if self._setting:
            return
        self.part.own_media = list(items)
        self.mediaEdited.emit()

    # --- feedback --------------------------------------------------------------------------

    def field_for_path(self, path: str) -> FieldEditor | None:
        """The editor of the field at body ``path`` in this tab, if it is shown here."""
        if path == self.rules.text_field.path:
            return self.text_field if self.part.own_text is not None and self.multi else None
        for editor in self.fields.values():
            if editor.spec.path == path:
                return editor
        return None

    def update_counts(self) -> None:
        """Refresh the counters of the tab's own text fields."""
        part = self.part
        if self.text_field.isVisibleTo(self) and part.own_text is not None:
            self.text_field.set_counts(counts_for(self.platform, part.post_type, self.rules.text_field.path,
                                                  part.own_text))
        for key, editor in self.fields.items():
            spec: FieldSpec = editor.spec
            if spec.limits and spec.applies_to(part.post_type):
                value = part.extras.get(key)
                editor.set_counts(counts_for(self.platform, part.post_type, spec.path,
                                             value if isinstance(value, str) else ""))

    def show_problems(self, problems: list[Problem]) -> None:
        """Put each problem beside its field, and list all of them in words."""
        by_path: dict[str, list[str]] = {}
        for p in problems:
            by_path.setdefault(p.path, []).append(p.message)
        self.text_field.set_problems(by_path.get(self.rules.text_field.path, []) if self.part.own_text is not None
                                     else [])
        for editor in self.fields.values():
            editor.set_problems(by_path.get(editor.spec.path, []))
        self.post_type_problem.set_messages(by_path.get(POST_TYPE_PATH, []))
        self.auto_problem.set_messages(by_path.get(AUTO_PATH, []))
        if self.part.own_media is not None:
            self.media.set_problems(by_path.get(MEDIA_PATH, []))
        self._last_problems = list(problems)
        blocking = [p for p in problems if p.blocking]
        if self.save_state == "kept":
            text, tone = self._kept_message, "waiting"
        elif self.saved:
            text, tone = (tr("Saved to {name}. Changes made here now are not sent to it: edit it from the calendar.",
                             name=self.rules.name)), "success"
        elif not problems and self.save_state == "failed":
            text, tone = tr("Not sent to {name} yet: see why below, then save again.", name=self.rules.name), "warning"
        elif not problems:
            text, tone = tr("Ready for {name}.", name=self.rules.name), "success"
        else:
            head = (ntr("{n} thing to fix for {name}:", "{n} things to fix for {name}:", len(blocking),
                        name=self.rules.name) if blocking else tr("Notes for {name}:", name=self.rules.name))
            text = head + "\n" + "\n".join(f"• {p.message}" for p in problems)
            tone = "danger" if blocking else "warning"
        if (text, tone) != self._summary_shown:
            self._summary_shown = (text, tone)
            self.summary.setText(text)
            self._tint(self.summary, tone)

    @staticmethod
    def _tint(label: QLabel, tone: str) -> None:
        pal = label.palette()
        pal.setColor(label.foregroundRole(), tone_color(tone))
        label.setPalette(pal)

    def show_preview(self) -> None:
        """Show this platform's post in the preview as it will look."""
        self.preview.show_post(preview_post(self.state, self.platform, brand_name_near(self)))
        side = getattr(self.window(), "_side_by_side", None)
        if side is not None:
            side.refresh()

    def open_side_by_side(self) -> None:
        """Show every chosen platform's preview next to each other."""
        from dashdesk.ui.previews.side_by_side import open_side_by_side

        open_side_by_side(self.state, brand_name_near(self), self.window())

    def forget_summary(self) -> None:
        """Draw the problem summary again next time (the colours changed)."""
        self._summary_shown = None

    def mark_saved(self) -> None:
        """This platform's post exists now: its fields are locked."""
        self.saved = True
        for widget in (self.post_type, self.own_text, self.text_field, *self.fields.values(), self.auto,
                       self.own_media, self.media):
            widget.setEnabled(False)

    def show_result(self, message: str, ok: bool, *, kept: bool = False) -> None:
        """Show the result of saving this platform (the API's message on failure; ``kept``: the post
        went to the outbox and ``message`` says so)."""
        self.save_state = "kept" if kept else "" if ok else "failed"
        self._kept_message = message if kept else ""
        if ok or kept or not message:
            self.result.set_messages([])
        else:
            self.result.set_messages([message])
        self.show_problems(self._last_problems)


__all__ = ["AUTO_PATH", "MEDIA_PATH", "POST_TYPE_PATH", "TIME_PATH", "PlatformTab", "auto_publish_reason"]
