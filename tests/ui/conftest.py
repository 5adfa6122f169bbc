"""Fixtures for window tests: a qasync loop, a window against the loopback sandbox, helpers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import qasync
from PySide6.QtCore import QSettings

from dashdesk.settings import Settings


@pytest.fixture
def qloop(qapp) -> Iterator[qasync.QEventLoop]:
    """A qasync event loop on the test QApplication; tests run coroutines with run_until_complete."""
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    loop.close()
    asyncio.set_event_loop(None)


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
