"""Accessibility test set-up: settings in a temporary file, a private data folder, a main window factory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from dashdesk.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings in a throw-away INI file (Berlin time, weeks from Monday, month view)."""
    s = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.time_zone = "Europe/Berlin"
    s.first_weekday = 0
    s.last_view = "month"
    return s


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private DASHDESK_DATA_DIR."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def main_window(qtbot: Any, qloop: Any, sandbox: Any, settings: Settings, data_dir: Path) -> Iterator[Any]:
    """A shown 1280×800 main window on the loopback sandbox (two brands, so the brand picker is on)."""
    from dashdesk.api import DashClient
    from dashdesk.api.models import Brand
    from dashdesk.api.retry import NO_RETRY
    from dashdesk.services.session import Session
    from dashdesk.ui.main_window import MainWindow

    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    brands = [Brand(id=sandbox.brand_id, name="Acme"), Brand(id=sandbox.brand_id + 1, name="Other")]
    window = MainWindow(Session(client, sandbox.brand_id, "Acme", brands=brands), settings)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    qloop.run_until_complete(window.aclose())
    qloop.run_until_complete(client.aclose())

