"""Fixtures for window tests: a qasync loop, a window against the loopback sandbox, helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QSettings

from dashdesk.settings import Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings in a throw-away INI file, zone fixed to UTC, weeks starting Monday."""
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
