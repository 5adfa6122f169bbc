"""Planning tests keep their schedule file and settings in a private data folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test has its own data folder (schedule file, journal, settings)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(folder))
    return folder
