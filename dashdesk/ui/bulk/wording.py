"""Words of the import wizard that are built from counts and problems (kept apart from its screens)."""

from __future__ import annotations

from dashdesk.i18n import tr


def format_seconds(seconds: float | None) -> str:
    """"about 1 min 20 s" / "a few seconds"."""
    if seconds is None:
        return tr("estimating…")
    s = int(seconds + 0.5)
    if s < 5:
        return tr("a few seconds")
    if s < 60:
        return tr("about {seconds} s", seconds=s)
    return tr("about {minutes} min {seconds:02d} s", minutes=s // 60, seconds=s % 60)


def problem_line(severity: str, column: str | None, message: str) -> str:
    """One line of a row's details: "Error in the “text” column: …" (the column as the CSV heads it)."""
    if severity == "error":
        return tr("Error in the “{column}” column: {message}", column=column, message=message) if column else \
            tr("Error: {message}", message=message)
    if severity == "warning":
        return tr("Warning in the “{column}” column: {message}", column=column, message=message) if column else \
            tr("Warning: {message}", message=message)
    return tr("Note in the “{column}” column: {message}", column=column, message=message) if column else \
        tr("Note: {message}", message=message)
