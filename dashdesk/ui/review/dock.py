"""How the main window gets the review queue: ``install(window)`` (a dock and a status-bar counter)."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from dashdesk.i18n import tr
from dashdesk.platforms.premium import has_x_premium
from dashdesk.services.post import Post
from dashdesk.ui.review.counter import ReviewCounter
from dashdesk.ui.review.panel import ReviewPanel

log = logging.getLogger(__name__)


def open_in_composer(window: Any, post: Post, field: str) -> Any:
    """Open ``post`` in the window's composer, at ``field`` when the composer can focus one.

    The composer is asked through ``focus_field(path)`` (or ``focus_path``) when it has it; the
    path is a body path such as ``"media_ids"`` or ``"meta.title"``.
    """
    dialog = window.open_composer(post=post)
    if field:
        for name in ("focus_field", "focus_path"):
            focus = getattr(dialog, name, None)
            if callable(focus):
                try:
                    focus(field)
                except Exception:  # a composer that can't focus that field still opened the post
                    log.exception("composer could not focus %s", field)
                break
    return dialog


def create_dock(window: Any) -> QDockWidget:
    """A dock holding a :class:`ReviewPanel` on the window's service and model (loads when first shown)."""
    panel = ReviewPanel(window.service, window.model, window,
                        edit_handler=lambda post, field: open_in_composer(window, post, field),
                        x_premium=lambda: has_x_premium(window.service.brand_id))
    dock = QDockWidget(tr("Review queue"), window)
    dock.setObjectName("reviewDock")
    dock.setAccessibleName(tr("Review queue"))
    dock.setWidget(panel)
    dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
    state = {"loaded": False}

    def shown(visible: bool) -> None:
        if visible and not state["loaded"]:
            state["loaded"] = True
            if not dock.isFloating() and hasattr(window, "resizeDocks"):
                orientation = (Qt.Orientation.Vertical if window.dockWidgetArea(dock) in
                               (Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea)
                               else Qt.Orientation.Horizontal)
                extent = window.height() if orientation is Qt.Orientation.Vertical else window.width()
                # once laid out (a resize asked during the first show is ignored); the calendar keeps most
                QTimer.singleShot(0, lambda: window.resizeDocks([dock], [extent * 3 // 10], orientation))
            panel.reload()
        if visible:
            panel.focus_queue()

    dock.visibilityChanged.connect(shown)
    panel.operationFinished.connect(lambda text: window.statusBar().showMessage(text, 8000) if text else None)
    window.review_panel = panel
    return dock


def install(window: Any) -> None:
    """Add the (hidden) review dock and the status-bar counter to ``window``.

    View > Review queue (``window.toggle_panel("review")``) shows it; clicking the counter too.
    """
    dock = create_dock(window)
    window.add_dock("review", dock, Qt.DockWidgetArea.BottomDockWidgetArea)
    dock.hide()
    counter = ReviewCounter(window.model, window)
    counter.setObjectName("reviewCounter")

    def open_queue() -> None:
        dock.show()
        dock.raise_()
        window.review_panel.focus_queue()

    counter.clicked.connect(open_queue)
    window.statusBar().addPermanentWidget(counter)
    window.review_counter = counter
