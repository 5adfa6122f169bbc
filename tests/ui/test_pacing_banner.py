"""The rate-limit banner against the sandbox: shown with the reset time while paced, gone when requests flow."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QWidget

from dashdesk.api import DashClient, Hosts
from dashdesk.ui.banner import Banner
from dashdesk.ui.pacing_banner import KIND, PacingBanner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = datetime(2026, 3, 5, 12, 0, 20, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def test_a_429_shows_when_loading_resumes_then_the_banner_goes(qtbot, sandbox, run) -> None:
    sandbox.clock.freeze(NOW)
    window = QWidget()
    qtbot.addWidget(window)
    banner = Banner(window)
    window.show()
    gate = asyncio.Event()

    async def sandbox_sleep(seconds: float) -> None:  # the retry waits for the reset: hold it there
        sandbox.clock.advance(seconds)
        await gate.wait()

    clock = sandbox.clock.now
    pacing_banner = PacingBanner(banner, lambda: BERLIN, clock=lambda: NOW)
    changes: list[bool] = []
    pacing_banner.changed.connect(changes.append)

    async def scenario() -> None:
        client = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), sleep=sandbox_sleep,
                            clock=lambda: clock().timestamp())
        async with client:
            pacing_banner.attach(client.pacing)
            sandbox.faults.next_statuses = [429, 429]
            load = asyncio.ensure_future(client.fetch_range(sandbox.brand_id, NOW, NOW + timedelta(days=30),
                                                            platforms=("threads",)))
            for _ in range(200):
                if pacing_banner.paced:
                    break
                await asyncio.sleep(0.01)
            assert banner.isVisible() and banner.kind == KIND
            text = banner.text.text()
            assert "Dash is pacing requests" in text and "13:01:00 CET" in text and "in 40 seconds" in text
            assert "429" not in text and "ratelimit" not in text
            gate.set()
            result = await load
            assert result.errors == {}
            pacing_banner.detach()

    run(scenario())
    assert not banner.isVisible() and changes == [True, False]


def test_the_countdown_ends_by_itself_and_a_given_up_load_is_reloaded(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    banner = Banner(window)
    window.show()
    pacing_banner = PacingBanner(banner, lambda: BERLIN)
    until = datetime.now(UTC) + timedelta(milliseconds=300)
    with qtbot.waitSignal(pacing_banner.reload_due, timeout=5000):
        pacing_banner.retry_load_at(until)
        assert banner.isVisible() and "Loading carries on by itself" in banner.text.text()
    assert not banner.isVisible() and not pacing_banner.paced


def test_a_past_reset_shows_nothing(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    banner = Banner(window)
    pacing_banner = PacingBanner(banner, lambda: BERLIN)
    pacing_banner.set_until(datetime.now(UTC) - timedelta(seconds=1))
    assert not banner.isVisible() and not pacing_banner.paced
