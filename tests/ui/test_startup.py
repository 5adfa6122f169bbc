"""The start-up path: a signed-in user's cached calendar is painted first, then the app goes live."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from uihelpers import until

from dashdesk.platforms import format_timestamp
from dashdesk.settings import Settings
from dashdesk.startup import cache_reader, paint_cached_calendar
from dashdesk.store import PostsCache

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

DAY = date(2026, 3, 12)
BRAND = 144


def _args(**kw) -> argparse.Namespace:
    base = {"api_url": None, "api_key": None, "brand": None, "demo": False, "screenshot": None, "view": None,
            "date": DAY, "size": (1280, 800)}
    base.update(kw)
    return argparse.Namespace(**base)


def cached_posts(n: int, brand: int = BRAND) -> list[tuple[str, dict]]:
    """``n`` scheduled posts spread over March 2026, on X and LinkedIn."""
    out = []
    for i in range(n):
        when = datetime(2026, 3, 1, 9, tzinfo=UTC) + timedelta(hours=7 * i)
        platform = "twitter" if i % 2 else "linkedin"
        field = "tweet_status" if platform == "twitter" else "text"
        out.append((platform, {"id": 500 + i, "brand_id": brand, "status": "SCHEDULED", "auto_publish": True,
                               "timestamp": format_timestamp(when), field: f"Cached post {i}"}))
    return out


def fill_cache(folder: Path, posts: list[tuple[str, dict]], brand: int = BRAND) -> None:
    cache = PostsCache(folder / "posts.db")
    cache.replace_range(brand, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC),
                        ["linkedin", "twitter"], posts, synced_at=datetime(2026, 3, 11, 8, tzinfo=UTC))
    cache.close()


def sign_in(settings: Settings, brand: int = BRAND, api_url: str = "") -> None:
    settings.account = "default"
    settings.brand_id = brand
    settings.brand_name = "Cached brand"
    settings.api_url = api_url


def test_only_a_signed_in_user_with_a_cache_gets_the_cached_start(settings, data_dir) -> None:
    assert cache_reader(_args(), settings) is None  # nobody signed in
    sign_in(settings)
    assert cache_reader(_args(), settings) is None  # no cache yet
    fill_cache(data_dir, cached_posts(3))
    for other in ({"demo": True}, {"api_key": "k"}, {"screenshot": "x.png"}):
        assert cache_reader(_args(**other), settings) is None, other
    reader = cache_reader(_args(), settings)
    assert reader is not None and reader.brand_id == BRAND
    # the month grid of March 2026 (Mon 23 Feb .. Sun 5 Apr) plus a week on each side, in Berlin time
    start, end = reader.range
    assert start == datetime(2026, 2, 15, 23, tzinfo=UTC)
    assert end == datetime(2026, 4, 12, 22, tzinfo=UTC)  # after summer time began
    week = cache_reader(_args(view="week"), settings)
    assert week is not None and settings.last_view == "week"
    assert week.range == (datetime(2026, 3, 1, 23, tzinfo=UTC), datetime(2026, 3, 22, 23, tzinfo=UTC))


def test_the_cached_calendar_paints_before_asyncio_keyring_and_the_api_load(tmp_path) -> None:
    """In a fresh interpreter: the window painted its cached posts with none of the heavy layers loaded."""
    data = tmp_path / "data"
    data.mkdir()
    settings = Settings(QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat))
    sign_in(settings)
    settings.time_zone = "Europe/Berlin"
    settings.sync()
    fill_cache(data, cached_posts(40))
    code = """
import argparse, json, sys
from datetime import date
from PySide6.QtWidgets import QApplication
from dashdesk.settings import Settings
from dashdesk import startup
args = argparse.Namespace(demo=False, api_key=None, screenshot=None, brand=None, view=None,
                          date=date(2026, 3, 12), api_url=None)
settings = Settings.default()
reader = startup.cache_reader(args, settings)
app = QApplication([])
window = startup.paint_cached_calendar(args, settings, reader)
heavy = ("asyncio", "qasync", "keyring", "httpx", "pydantic", "dashdesk.api", "dashdesk.credentials")
print(json.dumps({"painted": window.painted, "shown": window.current_view.visible_posts_count(),
                  "sync": window.sync_label.text(), "loaded": [m for m in heavy if m in sys.modules]}))
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DASHDESK_DATA_DIR": str(data)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120,
                         check=True)
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["painted"] is True
    assert report["shown"] == 40
    assert report["sync"].startswith("Last synced")
    assert report["loaded"] == []


def test_python_m_dashdesk_paints_the_cached_month(tmp_path) -> None:
    """The real entry point, timed by the start-up benchmark: its probe reports the posts painted."""
    data = tmp_path / "data"
    data.mkdir()
    settings = Settings(QSettings(str(data / "settings.ini"), QSettings.Format.IniFormat))
    sign_in(settings, api_url="http://127.0.0.1:9")
    settings.sync()
    fill_cache(data, cached_posts(25))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DASHDESK_DATA_DIR": str(data),
           "DASHDESK_PROBE_FIRST_PAINT": "1", "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    out = subprocess.run([sys.executable, "-m", "dashdesk", "--date", "2026-03-12"], env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    assert "PAINTED 25" in out.stdout


async def _cache_sandbox_month(sandbox, data_dir: Path) -> int:
    """Create three posts in the sandbox and cache them as a previous run would have."""
    from dashdesk.api import DashClient

    client = DashClient(sandbox.api_key, api_url=sandbox.url)
    when = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    posts = []
    try:
        for i in range(3):
            post = await client.create_post("twitter", {"brand_id": sandbox.brand_id, "status": "SCHEDULED",
                                                        "auto_publish": True, "tweet_status": f"From the cache {i}",
                                                        "timestamp": format_timestamp(when + timedelta(hours=i))})
            posts.append(("twitter", post.model_dump(mode="json")))
    finally:
        await client.aclose()
    fill_cache(data_dir, posts, sandbox.brand_id)
    return len(posts)


def test_painted_window_goes_live_with_the_saved_key(qloop, qapp, sandbox, settings, data_dir) -> None:
    from dashdesk.app import AppController
    from dashdesk.credentials import CredentialStore

    cached = qloop.run_until_complete(_cache_sandbox_month(sandbox, data_dir))
    qloop.run_until_complete(CredentialStore().save("default", sandbox.api_key, sandbox.brand_id))
    sign_in(settings, sandbox.brand_id, sandbox.url)
    args = _args(date=None)
    reader = cache_reader(args, settings)
    assert reader is not None
    window = paint_cached_calendar(args, settings, reader)
    try:
        assert window.painted and window.isVisible()
        assert window.model.rowCount() == cached
        assert not window.session.client.has_key  # the keyring is read after the paint
        assert window.load_task is None

        async def scenario() -> None:
            controller = AppController(qapp, args, settings, painted=window)
            await controller._start()
            assert controller.window is window
            await until(lambda: window.load_task is not None, what="refresh")
            result = await window.load_task
            assert result is not None and not result.errors
            assert window.model.rowCount() == cached
            await until(lambda: window.session.brands, what="brand list")
            assert window.nav.brand.count() >= 1
            await controller._teardown()

        qloop.run_until_complete(scenario())
    finally:
        window.close()


def test_painted_window_without_a_saved_key_asks_for_it(qloop, qapp, sandbox, settings, data_dir) -> None:
    from dashdesk.app import AppController

    qloop.run_until_complete(_cache_sandbox_month(sandbox, data_dir))
    sign_in(settings, sandbox.brand_id, sandbox.url)
    args = _args(date=None)
    window = paint_cached_calendar(args, settings, cache_reader(args, settings))

    async def scenario() -> None:
        controller = AppController(qapp, args, settings, painted=window)
        await controller._start()
        screen = await until(lambda: controller.sign_in, what="sign-in")
        assert "no longer in this computer's keyring" in screen.notice.text()
        await until(lambda: not window.isVisible(), what="window closed")
        assert controller.window is None
        screen.close()
        await controller._teardown()

    qloop.run_until_complete(scenario())
