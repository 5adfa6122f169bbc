"""Accessibility test set-up: settings in a temporary file, a private data folder, a main window factory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ui.conftest import data_dir, settings  # noqa: F401  (the window tests' fixtures)

from dashdesk.settings import Settings


@pytest.fixture
def main_window(qtbot: Any, qloop: Any, sandbox: Any, settings: Settings, data_dir: Path) -> Iterator[Any]:  # noqa: F811
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

