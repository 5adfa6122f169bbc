"""The outcome tracker runs in the cached start too: installed when the painted window goes live."""

from __future__ import annotations

import argparse
from datetime import timedelta

import pytest
from uihelpers import until

from dashdesk.settings import Settings
from dashdesk.startup import cache_reader, paint_cached_calendar
from dashdesk.store import PostsCache

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _args() -> argparse.Namespace:
    return argparse.Namespace(api_url=None, api_key=None, brand=None, demo=False, screenshot=None, view=None,
                              date=None, size=(1280, 800))


def sign_in(settings: Settings, brand: int, api_url: str) -> None:
    settings.account = "default"
    settings.brand_id = brand
    settings.brand_name = "Cached brand"
    settings.api_url = api_url


def test_cached_start_tracks_a_publish_now_post_to_its_outcome(qloop, qapp, sandbox, settings, data_dir) -> None:
    from dashdesk.api import DashClient
    from dashdesk.app import AppController
    from dashdesk.credentials import CredentialStore
    from dashdesk.ui.lifecycle import LifecycleController

    async def send_and_cache() -> tuple[str, int]:
        sandbox.clock.freeze(sandbox.clock.now() - timedelta(minutes=1))  # sent a minute ago
        client = DashClient(sandbox.api_key, api_url=sandbox.url)
        try:
            post = await client.create_post("twitter", {"brand_id": sandbox.brand_id, "status": "AUTOPUBLISHING",
                                                        "tweet_status": "Sent just before closing"})
        finally:
            await client.aclose()
        sandbox.clock.reset()
        cache = PostsCache(data_dir / "posts.db")
        cache.upsert(sandbox.brand_id, "twitter", post.model_dump(mode="json"))  # as the last run saw it
        cache.close()
        return ("twitter", post.id)

    key = qloop.run_until_complete(send_and_cache())
    qloop.run_until_complete(CredentialStore().save("default", sandbox.api_key, sandbox.brand_id))
    sign_in(settings, sandbox.brand_id, sandbox.url)
    args = _args()
    window = paint_cached_calendar(args, settings, cache_reader(args, settings))
    try:
        assert window.service.get(key).status == "AUTOPUBLISHING"  # painted from the cache, where it was sent
        assert window.current_view.find_post(key) is not None

        async def scenario() -> None:
            controller = AppController(qapp, args, settings, painted=window)
            await controller._start()
            lifecycle = await until(lambda: getattr(window, "lifecycle", None), what="the lifecycle installed")
            assert isinstance(lifecycle, LifecycleController)
            await until(lambda: window.service.get(key).status == "POSTED", what="the outcome")
            assert window.service.get(key).live_post_url
            assert lifecycle.task is not None and not lifecycle.task.done()  # still tracking
            await controller._teardown()
            assert lifecycle.task.done()  # closing the window stopped it

        qloop.run_until_complete(scenario())
    finally:
        window.close()
