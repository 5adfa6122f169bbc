"""Every command of the main window, declared once as data.

Each :class:`ActionSpec` names one command: its words, shortcuts, icon, and where it sits in the
menu bar. :func:`build_actions` turns the table into ``QAction`` objects and the menus; the
"Keyboard shortcuts" window (:mod:`dashdesk.ui.shortcuts_window`) reads the same actions, so a
shortcut is written in one place only. Keys handled inside the calendar views themselves (arrow
keys, J/K in the list) are listed as data too (:data:`VIEW_KEYS`) for that window.

A new command: add a spec here and a handler of the same name where the window assembles
(``MainWindow._handlers``); nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from dashdesk.ui import icons

Shortcut = str | QKeySequence.StandardKey


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One command: ``name`` is its handler's key and the window attribute ``<name>_action``."""

    name: str
    text: str
    menu: Literal["file", "edit", "view", "help"]
    shortcuts: tuple[Shortcut, ...] = ()
    fallback: str | None = None  # used when the platform has no binding for a standard key
    icon: str | None = None
    tip: str | None = None
    checkable: bool = False
    # "calendar": only while the calendar (not a panel or the search field) has the focus
    scope: Literal["window", "calendar"] = "window"
    separator_before: bool = False
    premade: bool = False  # the action comes ready-made (undo/redo from the undo stack)


MENUS: tuple[tuple[str, str], ...] = (("file", "&File"), ("edit", "&Edit"), ("view", "&View"), ("help", "&Help"))

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new", "&New post…", "file", ("N",), icon="plus-lg", tip="Write a new post"),
    ActionSpec("import", "&Import posts from CSV…", "file", separator_before=True),
    ActionSpec("export", "&Export posts to CSV…", "file"),
    ActionSpec("posting_schedule", "Posting &schedule…", "file", separator_before=True,
               tip="The weekly posting times each platform's queue uses"),
    ActionSpec("repeating_posts", "&Repeating posts…", "file",
               tip="See every repeating post, open the next one, or stop repeating"),
    ActionSpec("team_import", "Import snippets, labels and notes…", "file", separator_before=True),
    ActionSpec("team_export", "Export snippets, labels and notes…", "file"),
    ActionSpec("settings", "&Settings…", "file", (QKeySequence.StandardKey.Preferences,), fallback="Ctrl+,",
               icon="gear", separator_before=True),
    ActionSpec("sign_out", "Sign &out", "file"),
    ActionSpec("quit", "&Quit", "file", (QKeySequence.StandardKey.Quit,), fallback="Ctrl+Q", separator_before=True),
    # Edit
    ActionSpec("undo", "&Undo", "edit", ("Ctrl+Z",), icon="arrow-counterclockwise", premade=True),
    ActionSpec("redo", "&Redo", "edit", ("Ctrl+Shift+Z", "Ctrl+Y"), icon="arrow-clockwise", premade=True),
    ActionSpec("open", "&Open post", "edit", ("Return", "Enter"), scope="calendar", separator_before=True),
    ActionSpec("delete", "&Delete post…", "edit", (QKeySequence.StandardKey.Delete,), icon="trash",
               scope="calendar"),
    ActionSpec("fill_gaps", "&Fill gaps in this queue", "edit", separator_before=True,
               tip="Move the selected post's platform queue onto its earliest free posting times"),
    ActionSpec("shuffle", "S&huffle this queue", "edit", tip="Mix the order of the selected post's platform queue"),
    ActionSpec("find", "&Find…", "edit", (QKeySequence.StandardKey.Find,), icon="search", separator_before=True),
    ActionSpec("snippets", "&Snippets…", "edit", separator_before=True),
    ActionSpec("labels", "&Labels…", "edit"),
    # View
    ActionSpec("today", "&Today", "view", ("T",)),
    ActionSpec("prev", "&Previous", "view", ("PgUp",), icon="chevron-left"),
    ActionSpec("next", "&Next", "view", ("PgDown",), icon="chevron-right"),
    ActionSpec("view_month", "&Month", "view", ("M",), icon="calendar3", checkable=True, separator_before=True),
    ActionSpec("view_week", "&Week", "view", ("W",), icon="calendar-week", checkable=True),
    ActionSpec("view_list", "&List", "view", ("L",), icon="list-ul", checkable=True),
    ActionSpec("refresh", "&Refresh", "view", ("F5", "Ctrl+R"), icon="arrow-clockwise", separator_before=True),
    ActionSpec("add_note", "Add &note…", "view", separator_before=True),
    ActionSpec("holidays", "Import public &holidays…", "view"),
    ActionSpec("review", "Review &queue", "view", ("Ctrl+Shift+R",), separator_before=True),
    ActionSpec("media", "&Media library", "view", ("Ctrl+Shift+M",)),
    ActionSpec("grid_planner", "Instagram &grid planner", "view", ("Ctrl+Shift+G",),
               tip="See the Instagram profile grid as it will look; drag to swap times"),
    # Help
    ActionSpec("shortcuts", "&Keyboard shortcuts", "help", ("?", "F1")),
    ActionSpec("about", "&About DashDesk", "help"),
)

VIEW_KEYS: tuple[tuple[str, str, str], ...] = (
    # (where, keys, what) for keys the calendar views handle themselves
    ("Month and week", "Arrow keys", "Move the selection"),
    ("Month and week", "Drag a post", "Reschedule it"),
    ("List", "J / K  or  Up / Down", "Next / previous post"),
    ("All views", "Double-click an empty slot", "New post at that time"),
)


@dataclass
class BuiltActions:
    """The QActions (by spec name) and the menus (by menu key) :func:`build_actions` made."""

    actions: dict[str, QAction]
    menus: dict[str, QMenu]
    specs: tuple[ActionSpec, ...]


def _sequences(spec: ActionSpec) -> list[QKeySequence]:
    out: list[QKeySequence] = []
    for s in spec.shortcuts:
        out.append(QKeySequence(s))  # (a standard key: the platform's first binding)
    if not [k for k in out if not k.isEmpty()] and spec.fallback:
        out = [QKeySequence(spec.fallback)]
    return out


def build_actions(
    window: QWidget,
    menu_bar: QMenuBar,
    calendar: QWidget,
    handlers: Mapping[str, Callable[[], object]],
    premade: Mapping[str, QAction] | None = None,
    specs: tuple[ActionSpec, ...] = ACTIONS,
) -> BuiltActions:
    """Make one QAction per spec, wire it to ``handlers[spec.name]``, and fill the menus in table order.

    Window-wide actions are added to ``window``; "calendar" ones to ``calendar`` (so Enter and Delete
    act on the calendar's selection, not on a field that has the focus).
    """
    premade = premade or {}
    menus = {key: menu_bar.addMenu(title) for key, title in MENUS}
    actions: dict[str, QAction] = {}
    for spec in specs:
        act = premade.get(spec.name) if spec.premade else None
        if act is None:
            act = QAction(spec.text, window)
            handler = handlers[spec.name]
            act.triggered.connect(lambda _=False, h=handler: h())
        act.setShortcuts(_sequences(spec))
        if spec.icon:
            act.setIcon(icons.icon(spec.icon))
        if spec.tip:
            act.setStatusTip(spec.tip)
        act.setCheckable(spec.checkable)
        act.setObjectName(f"{spec.name}Action")
        if spec.scope == "calendar":
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            calendar.addAction(act)
        else:
            window.addAction(act)
        menu = menus[spec.menu]
        if spec.separator_before and not menu.isEmpty():
            menu.addSeparator()
        menu.addAction(act)
        actions[spec.name] = act
    return BuiltActions(actions, menus, specs)


def shortcut_rows(built: BuiltActions) -> list[tuple[str, str, str]]:
    """(group, keys, command) for every action with a shortcut, then the views' own keys, for the help window.

    The keys are read from the live actions (what the platform really binds), in native spelling.
    """
    titles = dict(MENUS)
    rows: list[tuple[str, str, str]] = []
    for spec in built.specs:
        act = built.actions[spec.name]
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts() if not k.isEmpty()]
        if keys:
            rows.append((titles[spec.menu].replace("&", ""), "  or  ".join(keys), spec.text.replace("&", "")
                         .rstrip("…")))
    rows.extend(VIEW_KEYS)
    return rows
