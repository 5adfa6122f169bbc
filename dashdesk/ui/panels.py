"""The optional parts of the main window: the review and media panels, import and export.

``dashdesk.ui.review``, ``dashdesk.ui.media`` and ``dashdesk.ui.bulk`` are imported only after the
calendar's first paint. Each may define ``install(window)`` (called once) and ``create_dock(window)``
/ ``open_import(window)`` / ``open_export(window)``; a build without one of them still runs, its menu
entry disabled with a plain reason.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QStyle

from dashdesk.i18n import tr
from dashdesk.ui.notices import Notices

log = logging.getLogger(__name__)

# (action name, module, function that makes it available)
OPTIONAL = (("review", "review", "create_dock"), ("media", "media", "create_dock"),
            ("import", "bulk", "open_import"), ("export", "bulk", "open_export"))


#: Menu commands of ``dashdesk.ui.planning`` (snippets, labels, calendar notes), each ``fn(window)``.
PLANNING_COMMANDS = ("team_import", "team_export", "snippets", "labels", "add_note", "holidays")


def optional(module: str, attr: str) -> Callable[..., Any] | None:
    """``dashdesk.ui.<module>.<attr>`` if that module exists and defines it."""
    try:
        mod = importlib.import_module(f"dashdesk.ui.{module}")
    except ImportError:
        return None
    fn = getattr(mod, attr, None)
    return fn if callable(fn) else None


class Panels(QObject):
    """Docks by name, the optional modules' install step, and the actions that open them."""

    def __init__(self, window: QMainWindow, actions: dict[str, QAction], notices: Notices) -> None:
        super().__init__(window)
        self.window = window
        self.actions = actions
        self.notices = notices
        self.docks: dict[str, QDockWidget] = {}
        self.installed = False

    def install_extensions(self) -> None:
        """Import and install the optional review/media/bulk modules (once, after the first paint)."""
        if self.installed:
            return
        self.installed = True
        for name in ("review", "media", "bulk", "lifecycle", "planning"):
            try:
                module = importlib.import_module(f"dashdesk.ui.{name}")
            except ImportError:
                continue
            install = getattr(module, "install", None)
            if callable(install):
                try:
                    install(self.window)
                except Exception:
                    log.exception("dashdesk.ui.%s.install failed", name)
        self.refresh_actions()

    def refresh_actions(self) -> None:
        """Enable the menu entries whose module is there; say why the others are off."""
        for action, module, attr in OPTIONAL:
            act = self.actions[action]
            available = optional(module, attr) is not None or module in self.docks
            act.setEnabled(available)
            if not available:
                act.setStatusTip(tr("Not available in this build"))

    def add_dock(self, name: str, dock: QDockWidget,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea) -> QDockWidget:
        """Add a panel (``name`` "review" or "media" ties it to its View menu entry)."""
        dock.setObjectName(f"{name}Dock")
        self.window.addDockWidget(area, dock)
        self.docks[name] = dock
        self.refresh_actions()
        return dock

    def toggle(self, name: str) -> None:
        """Show or hide the review or media panel, creating it on first use."""
        dock = self.docks.get(name)
        if dock is None:
            create = optional(name, "create_dock")
            if create is None:
                self.notices.show_hint(tr("The {name} panel is not available in this build.", name=name))
                return
            dock = self.add_dock(name, create(self.window))
            self._show_within(dock)
            return
        if dock.isVisible():
            dock.hide()
        else:
            self._show_within(dock)

    def _show_within(self, dock: QDockWidget) -> None:
        """Show ``dock`` without widening the window (1280 stays 1280, and so does what is saved).

        A side panel that would need more room than the window has beside the calendar opens below
        it instead; anything else that still pushed the window wider is undone once the layout has
        settled.
        """
        window = self.window
        size = window.size()
        side = window.dockWidgetArea(dock) in (Qt.DockWidgetArea.LeftDockWidgetArea,
                                               Qt.DockWidgetArea.RightDockWidgetArea)
        content = dock.widget()
        central = window.centralWidget()
        if side and content is not None and central is not None and not dock.isFloating():
            room = size.width() - central.minimumSizeHint().width() - 3 * window.style().pixelMetric(
                QStyle.PixelMetric.PM_DockWidgetSeparatorExtent) - 12
            need = content.minimumSizeHint().width()
            if need > room:  # no room beside the calendar: below it, where width is not short
                bottom = Qt.DockWidgetArea.BottomDockWidgetArea
                window.addDockWidget(bottom, dock)
                others = [d for d in self.docks.values() if d is not dock and d.isVisible()
                          and not d.isFloating() and window.dockWidgetArea(d) == bottom]
                if others:  # side by side below would widen the window again: share a tabbed place
                    window.tabifyDockWidget(others[0], dock)
                side = False
        dock.show()
        dock.raise_()
        if not dock.isFloating():
            if side:
                window.resizeDocks([dock], [min(dock.sizeHint().width(), size.width() // 3)],
                                   Qt.Orientation.Horizontal)
            else:
                window.resizeDocks([dock], [size.height() * 3 // 10], Qt.Orientation.Vertical)

        def settle() -> None:
            if window.width() > size.width():
                window.resize(size.width(), window.height())

        QTimer.singleShot(0, settle)

    def planning(self, attr: str) -> None:
        """Snippets, labels and notes commands (Edit > Labels…, View > Add note…, ...)."""
        fn = optional("planning", attr)
        if fn is None:
            self.notices.show_hint(tr("Snippets, labels and notes are not available in this build."))
            return
        fn(self.window)

    def open_window(self, module: str, attr: str) -> Any:
        """Open the window ``dashdesk.ui.<module>.<attr>(window)`` makes (e.g. the grid planner)."""
        fn = optional(module, attr)
        if fn is None:
            self.notices.show_hint(tr("That window is not available in this build."))
            return None
        return fn(self.window)

    def bulk(self, attr: str) -> None:
        """File > Import… / Export…."""
        fn = optional("bulk", attr)
        if fn is None:
            self.notices.show_hint(tr("Import and export are not available in this build."))
            return
        fn(self.window)
