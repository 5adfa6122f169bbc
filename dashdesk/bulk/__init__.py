"""Bulk scheduling: import a campaign from CSV (checked before anything is sent), export a range.

Qt-free. The pieces, in the order an import uses them:

- :func:`read_sheet` reads a CSV the way spreadsheets write it;
- :func:`check_sheet` turns every row into a neutral draft and checks it (rules table, media);
- :class:`ImportRun` uploads and creates the ready rows, paced by a :class:`RateLimiter` and
  recorded in the :class:`Journal`, so a second import creates only what is missing;
- :func:`write_export` writes posts back in the same format; :func:`save_template` the template;
- :func:`dashdesk.bulk.cli.main` is the headless ``dashdesk import|export``.
"""

from .backend import BulkBackend, DashClientBackend, UploadedMedia, make_client
from .check import ImportPlan, RowPlan, RowProblem, check_sheet
from .export import fetch_posts, post_to_row, write_export
from .journal import Journal
from .limiter import RateLimiter
from .reader import FormatError, Sheet, read_sheet, read_text
from .results import write_results
from .run import ImportRun, Progress, RowResult
from .template import save_template, template_text

__all__ = [
    "BulkBackend", "DashClientBackend", "FormatError", "ImportPlan", "ImportRun", "Journal", "Progress",
    "RateLimiter", "RowPlan", "RowProblem", "RowResult", "Sheet", "UploadedMedia", "check_sheet",
    "fetch_posts", "make_client", "post_to_row", "read_sheet", "read_text", "save_template", "template_text",
    "write_export", "write_results",
]
