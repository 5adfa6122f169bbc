"""Taking the person to the field a problem is about: which composer widget edits a body path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from dashdesk.platforms import PublishMode, rules_for

from .boards import BoardPicker
from .checks import MEDIA_PATH, TIME_PATH
from .platform_tab import AUTO_PATH, POST_TYPE_PATH
from .widgets import YesNoChoice

if TYPE_CHECKING:
    from .dialog import ComposerDialog


def platform_for_path(dialog: ComposerDialog, path: str) -> str | None:
    """The chosen platform whose body has ``path``: the tab shown now if it does, else the first."""
    chosen = dialog.state.platforms
    key = path.split("[", 1)[0]
    current = dialog.current_platform()
    for p in ([current] if current in chosen else []) + list(chosen):
        rules = rules_for(p)
        if key in (MEDIA_PATH, TIME_PATH, POST_TYPE_PATH, AUTO_PATH) or any(f.path == key for f in rules.fields):
            return p
    return current or (chosen[0] if chosen else None)


def field_widget(dialog: ComposerDialog, key: str, platform: str | None) -> QWidget | None:
    """The widget that edits body path ``key`` for ``platform`` (shown on its tab), if any."""
    tab = dialog.tabs.by_platform.get(platform) if platform else None
    part = dialog.state.part(platform) if platform else None
    state = dialog.state
    if key == MEDIA_PATH:
        own = tab is not None and part is not None and part.own_media is not None
        return tab.media.list if own and tab is not None else dialog.media.list
    if key == TIME_PATH:
        if state.mode is PublishMode.NOW:
            return dialog.mode_buttons[PublishMode.SCHEDULE]
        if state.mode is PublishMode.DRAFT and not state.timed_draft:
            return dialog.timed  # "Set a time" first
        return dialog.time_edit
    if tab is None or platform is None:
        return None
    if key == POST_TYPE_PATH:
        return tab.post_type
    if key == AUTO_PATH:
        return tab.auto
    editor = tab.field_for_path(key)
    if key == rules_for(platform).text_field.path:
        return editor.editor if editor is not None else dialog.editor
    if editor is None:
        return None
    target = editor.editor.combo if isinstance(editor.editor, BoardPicker) else editor.editor
    if isinstance(target, YesNoChoice):  # the answer given, else the first choice
        target = target.no if target.no.isChecked() else target.yes
    return target


def focus_field(dialog: ComposerDialog, path: str, platform: str | None = None) -> QWidget | None:
    """Show and focus the editor of body ``path`` on its platform's tab (see ``ComposerDialog.focus_field``)."""
    key = path.split("[", 1)[0]  # "media_ids[2]" is the media strip too
    platform = platform if platform in dialog.state.platforms else platform_for_path(dialog, key)
    tab = dialog.tabs.by_platform.get(platform) if platform else None
    if tab is not None:
        dialog.tabs.setCurrentWidget(tab)
    target = field_widget(dialog, key, platform)
    if target is None:
        return None
    if tab is not None and tab.isAncestorOf(target):
        tab.ensureWidgetVisible(target)
        QTimer.singleShot(0, lambda: tab.ensureWidgetVisible(target))  # again once laid out
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    return target
