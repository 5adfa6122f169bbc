"""Bulk import/export UI: the import wizard and the export dialog.

The main window calls :func:`open_import` / :func:`open_export` from File > Import… / Export….
"""

from __future__ import annotations

from typing import Any

from .export_dialog import ExportDialog
from .wizard import BulkImportWizard


def _session_args(window: Any) -> dict[str, Any]:
    session = getattr(window, "session", None)
    return {
        "client": getattr(session, "client", None),
        "brand_id": getattr(session, "brand_id", None),
        "display_tz": getattr(window, "tz", None),
    }


def open_import(window: Any) -> BulkImportWizard:
    """Open the import wizard over ``window`` (non-modal ``open()``); the calendar reloads after a run."""
    args = _session_args(window)
    session = getattr(window, "session", None)
    label = session.brand_label() if session is not None and hasattr(session, "brand_label") else ""
    wizard = BulkImportWizard(window, brand_name=label, **args)
    reload = getattr(window, "reload", None)
    if callable(reload):
        wizard.finished_import.connect(lambda created: reload() if created else None)
    wizard.open()
    return wizard


def open_export(window: Any) -> ExportDialog:
    """Open the export dialog for the window's visible range."""
    start = end = None
    visible = getattr(window, "visible_range", None)
    if callable(visible):
        start, end = visible()
    dialog = ExportDialog(window, start=start, end=end, **_session_args(window))
    dialog.open()
    return dialog


__all__ = ["BulkImportWizard", "ExportDialog", "open_export", "open_import"]
