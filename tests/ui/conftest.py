"""Fixtures for window tests: a qasync loop, a window against the loopback sandbox, helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QSettings

from dashdesk.settings import Settings


def _language(code: str):
    from dashdesk.i18n import install

    install(code)
    yield
    install("en")


@pytest.fixture
def pseudo():
    """The pseudo-locale for one test (every message wrapped in ⟦ ⟧ and about 40% longer)."""
    yield from _language("en_XA")


@pytest.fixture
def german():
    """German for one test."""
    yield from _language("de")


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings in a throw-away INI file (Berlin time, weeks from Monday, month view)."""
    s = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.time_zone = "Europe/Berlin"
    s.first_weekday = 0
    s.last_view = "month"
    return s


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A private DASHDESK_DATA_DIR."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(folder))
    return folder


def future_day_at(days: int, hour: int) -> datetime:
    """An aware UTC time ``days`` from now at ``hour``:00 (Berlin hour ≈ hour+1/+2)."""
    base = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return (base + timedelta(days=days)).replace(hour=hour)


@pytest.fixture
def main_window(qloop, qtbot, sandbox, settings, data_dir):
    """A main window on the loopback sandbox at 1024x700, shown; closed after the test."""
    from dashdesk.api import DashClient
    from dashdesk.api.retry import NO_RETRY
    from dashdesk.services.session import Session
    from dashdesk.ui.main_window import MainWindow

    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    session = Session(client, sandbox.brand_id, "Test brand")
    win = MainWindow(session, settings)
    qtbot.addWidget(win)
    win.resize(1024, 700)
    win.show()
    yield win
    qloop.run_until_complete(win.aclose())
    qloop.run_until_complete(session.aclose())
