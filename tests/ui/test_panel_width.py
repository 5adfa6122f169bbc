"""Opening the Media or Review panel keeps the window's width (1280 stays 1280) and what is saved."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtCore import Qt
from uihelpers import until

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.services.session import Session
from dashdesk.settings import Settings
from dashdesk.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800), (1920, 1080)])
def test_media_panel_keeps_the_window_width(qtbot, qloop, sandbox, settings: Settings, data_dir, size) -> None:
    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    window = MainWindow(Session(client, sandbox.brand_id, "Acme"), settings)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)

    async def scenario() -> None:
        window.panels.toggle("media")
        await until(lambda: window.panels.docks["media"].isVisible(), what="media panel")
        await asyncio.sleep(0.2)  # let the layout settle: any growth happens on the next layout passes
        assert window.width() == size[0]
        dock = window.panels.docks["media"]
        below = window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        assert dock.width() < size[0] // 2 or (below and dock.height() < size[1] // 2)  # beside, or below
        window.panels.toggle("review")
        await until(lambda: window.panels.docks["review"].isVisible(), what="review panel")
        await asyncio.sleep(0.2)
        assert window.width() == size[0]

    qloop.run_until_complete(scenario())
    title = window.nav.title
    assert title.fontMetrics().horizontalAdvance(title.text()) <= title.contentsRect().width()
    assert window.width() == size[0]  # and so the geometry saved on closing keeps it
    window.close()
    qloop.run_until_complete(window.aclose())
    qloop.run_until_complete(client.aclose())


def test_review_panel_leaves_the_calendar_most_of_the_height(qtbot, qloop, sandbox, settings, data_dir) -> None:
    from dashdesk.ui.review import dock as review_dock

    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    window = MainWindow(Session(client, sandbox.brand_id, "Acme"), settings)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    qtbot.waitExposed(window)
    review_dock.install(window)

    async def scenario() -> None:
        await asyncio.sleep(0.2)
        window.panels.toggle("review")
        dock = window.panels.docks["review"]
        await until(lambda: dock.isVisible(), what="review panel")
        await asyncio.sleep(0.2)
        assert dock.height() <= window.height() * 0.35
        assert window.stack.height() >= window.height() * 0.45

    qloop.run_until_complete(scenario())
    qloop.run_until_complete(window.aclose())
    qloop.run_until_complete(client.aclose())
