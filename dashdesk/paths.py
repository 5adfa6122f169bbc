"""Where DashDesk keeps its files: the per-user data folder, overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

from dashdesk.private_files import secure_data_dir

APP_NAME = "DashDesk"


def data_dir() -> Path:
    """Return the user data folder (created ``0700`` on demand); ``DASHDESK_DATA_DIR`` overrides it.

    A folder an older version left readable by others is made private on the first call
    (see :mod:`dashdesk.private_files`).
    """
    override = os.environ.get("DASHDESK_DATA_DIR")
    path = Path(override) if override else user_data_path(APP_NAME, appauthor=False)
    return secure_data_dir(path)


def resources_dir() -> Path:
    """Return the folder of icons and styles (``resources/`` beside the package, or inside a bundle)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return here.parent / "resources"
