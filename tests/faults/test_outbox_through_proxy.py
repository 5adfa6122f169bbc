"""The outbox through our own fault proxy: posts kept offline go out once each despite lost answers and bursts."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dashdesk.api import DashClient, Hosts, RetryPolicy
from dashdesk.platforms import Draft, PublishMode, build_body, draft_from_post
from dashdesk.sandbox.faultproxy import LOST, FaultPlan, FaultProxy
from dashdesk.services.compose import ComposeService, post_json
from dashdesk.services.outbox import OutboxService
from dashdesk.store.outbox import OutboxStore

START = datetime(2031, 6, 1, tzinfo=UTC)
STORMY = FaultPlan(seed=21, lost_answer_rate=0.25, burst_rate=0.05, burst_length=(2, 4), rate_limit_reset=0.2,
                   latency_ms=(0, 3))
PLATFORMS = ("twitter", "threads", "linkedin", "bluesky")


@pytest.mark.asyncio
@pytest.mark.parametrize("seed", [21, 7, 99])
async def test_kept_posts_reach_dash_exactly_once_through_the_storm(sandbox, tmp_path: Path, seed: int) -> None:
    store = OutboxStore(tmp_path / "outbox.sqlite3")
    intended = {}
    for i in range(24):
        platform = PLATFORMS[i % len(PLATFORMS)]
        draft = Draft(platform=platform, mode=PublishMode.SCHEDULE, text=f"Kept offline #{i}",
                      timestamp=START + timedelta(hours=i))
        store.add("proxy", sandbox.brand_id, platform, build_body(draft, sandbox.brand_id))
        intended[draft.text] = platform
    plan = dataclasses.replace(STORMY, seed=seed)
    with FaultProxy.running(sandbox.url, plan) as proxy:
        client = DashClient(sandbox.api_key, hosts=Hosts.single(proxy.url),
                            retry=RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.2))
        try:
            outbox = OutboxService(store, ComposeService(client, sandbox.brand_id), "proxy")
            for _ in range(12):
                report = await outbox.flush()
                if not (report.waiting or report.check):
                    break
            assert report.done and not report.refused and not report.check
            assert store.count() == 0 and outbox.entries == []
        finally:
            await client.aclose()
    assert proxy.counts[LOST] > 0  # the storm did lose answers
    direct = DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url))
    try:
        result = await direct.fetch_range(sandbox.brand_id, START - timedelta(days=1), START + timedelta(days=3),
                                          PLATFORMS)
    finally:
        await direct.aclose()
    texts = Counter(draft_from_post(p.platform, post_json(p)).text for p in result.posts)
    assert set(texts) == set(intended)  # none lost
    assert max(texts.values()) == 1  # none twice
    store.close()
