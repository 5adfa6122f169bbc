"""Saving a run's outcome as CSV: one line per row with its post id or its error."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path

from .run import RowResult

RESULT_COLUMNS = ("row", "platform", "result", "post_id", "message")


def write_results(results: Iterable[RowResult], path: str | os.PathLike[str]) -> Path:
    """Write ``results`` to ``path`` (UTF-8 with BOM for spreadsheets) and return the path."""
    out = Path(path)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(RESULT_COLUMNS)
        for r in results:
            message = r.message
            if r.problems and len(r.problems) > 1:
                message = "; ".join(f"{p.column or 'row'}: {p.message}" for p in r.problems if p.blocking)
            writer.writerow([r.row, r.platform or "", r.outcome, r.post_id or "", message])
    return out
