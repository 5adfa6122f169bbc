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

from dashdesk.i18n import N_, tr
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


MENUS: tuple[tuple[str, str], ...] = (
    ("file", N_("&File")), ("edit", N_("&Edit")), ("view", N_("&View")), ("help", N_("&Help")),
)

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new", N_("&New post…"), "file", ("N",), icon="plus-lg", tip=N_("Write a new post")),
    ActionSpec("import", N_("&Import posts from CSV…"), "file", separator_before=True),
    ActionSpec("export", N_("&Export posts to CSV…"), "file"),
    ActionSpec("posting_schedule", N_("Posting &schedule…"), "file", separator_before=True,
               tip=N_("The weekly posting times each platform's queue uses")),
    ActionSpec("repeating_posts", N_("&Repeating posts…"), "file",
               tip=N_("See every repeating post, open the next one, or stop repeating")),
    ActionSpec("team_import", N_("Import snippets, labels and notes…"), "file", separator_before=True),
    ActionSpec("team_export", N_("Export snippets, labels and notes…"), "file"),
    ActionSpec("settings", N_("&Settings…"), "file", (QKeySequence.StandardKey.Preferences,), fallback="Ctrl+,",
               icon="gear", separator_before=True),
    ActionSpec("sign_out", N_("Sign &out"), "file"),
    ActionSpec("quit", N_("&Quit"), "file", (QKeySequence.StandardKey.Quit,), fallback="Ctrl+Q", separator_before=True),
    # Edit
    ActionSpec("undo", N_("&Undo"), "edit", ("Ctrl+Z",), icon="arrow-counterclockwise", premade=True),
    ActionSpec("redo", N_("&Redo"), "edit", ("Ctrl+Shift+Z", "Ctrl+Y"), icon="arrow-clockwise", premade=True),
    ActionSpec("open", N_("&Open post"), "edit", ("Return", "Enter"), scope="calendar", separator_before=True),
    ActionSpec("delete", N_("&Delete post…"), "edit", (QKeySequence.StandardKey.Delete,), icon="trash",
               scope="calendar"),
    ActionSpec("fill_gaps", N_("&Fill gaps in this queue"), "edit", separator_before=True,
               tip=N_("Move the selected post's platform queue onto its earliest free posting times")),
    ActionSpec("shuffle", N_("S&huffle this queue"), "edit",
               tip=N_("Mix the order of the selected post's platform queue")),
    ActionSpec("find", N_("&Find…"), "edit", (QKeySequence.StandardKey.Find,), icon="search", separator_before=True),
    ActionSpec("snippets", N_("&Snippets…"), "edit", separator_before=True),
    ActionSpec("labels", N_("&Labels…"), "edit"),
    # View
    ActionSpec("today", N_("&Today"), "view", ("T",)),
    ActionSpec("prev", N_("&Previous"), "view", ("PgUp",), icon="chevron-left"),
    ActionSpec("next", N_("&Next"), "view", ("PgDown",), icon="chevron-right"),
    ActionSpec("view_month", N_("&Month"), "view", ("M",), icon="calendar3", checkable=True, separator_before=True),
    ActionSpec("view_week", N_("&Week"), "view", ("W",), icon="calendar-week", checkable=True),
    ActionSpec("view_list", N_("&List"), "view", ("L",), icon="list-ul", checkable=True),
    ActionSpec("refresh", N_("&Refresh"), "view", ("F5", "Ctrl+R"), icon="arrow-clockwise", separator_before=True),
    ActionSpec("add_note", N_("Add &note…"), "view", separator_before=True),
    ActionSpec("holidays", N_("Import public &holidays…"), "view"),
    ActionSpec("review", N_("Review &queue"), "view", ("Ctrl+Shift+R",), separator_before=True),
    ActionSpec("media", N_("&Media library"), "view", ("Ctrl+Shift+M",)),
    ActionSpec("grid_planner", N_("Instagram &grid planner"), "view", ("Ctrl+Shift+G",),
               tip=N_("See the Instagram profile grid as it will look; drag to swap times")),
    # Help
    ActionSpec("shortcuts", N_("&Keyboard shortcuts"), "help", ("?", "F1")),
    ActionSpec("about", N_("&About DashDesk"), "help"),
)

VIEW_KEYS: tuple[tuple[str, str, str], ...] = (
    # (where, keys, what) for keys the calendar views handle themselves
    (N_("Month and week"), N_("Arrow keys"), N_("Move the selection")),
    (N_("Month and week"), N_("Drag a post"), N_("Reschedule it")),
    (N_("List"), "J / K  or  Up / Down", N_("Next / previous post")),
    (N_("All views"), N_("Double-click an empty slot"), N_("New post at that time")),
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
    menus = {key: menu_bar.addMenu(tr(title)) for key, title in MENUS}
    actions: dict[str, QAction] = {}
    for spec in specs:
        act = premade.get(spec.name) if spec.premade else None
        if act is None:
            act = QAction(tr(spec.text), window)
            handler = handlers[spec.name]
            act.triggered.connect(lambda _=False, h=handler: h())
        act.setShortcuts(_sequences(spec))
        if spec.icon:
            act.setIcon(icons.icon(spec.icon))
        if spec.tip:
            act.setStatusTip(tr(spec.tip))
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
    titles = {key: tr(title) for key, title in MENUS}
    rows: list[tuple[str, str, str]] = []
    for spec in built.specs:
        act = built.actions[spec.name]
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts() if not k.isEmpty()]
        if keys:
            command = tr(spec.text).replace("&", "").rstrip("…")
            rows.append((titles[spec.menu].replace("&", ""), tr("  or  ").join(keys), command))
    rows.extend((tr(where), tr(keys), tr(what)) for where, keys, what in VIEW_KEYS)
    return rows
