"""The outbox against the sandbox: kept offline or on 5xx, sent once when Dash is back, across restarts."""

from __future__ import annotations

import asyncio
import os
import stat
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outbox_helpers import NOW, WHEN, Counting, Unplug, on_server, sandbox_client

from dashdesk.platforms import MediaKind, MediaRef, PublishMode, build_body, new_draft
from dashdesk.services.compose import ComposeService, Outcome, PlatformResult
from dashdesk.services.outbox import OUTBOX_STATUS, OutboxService, describe, keepable
from dashdesk.services.post import Post
from dashdesk.services.posts import PostService
from dashdesk.store.outbox import CHECK, REFUSED, SENDING, UNKNOWN, WAITING, OutboxStore

ORIGIN = "sandbox-origin"


@pytest.fixture
def frozen(sandbox: Any) -> Any:
    sandbox.clock.freeze(NOW)
    return sandbox


def _draft(platform: str = "linkedin", text: str = "Offline launch note", **kw: Any):
    kw.setdefault("timestamp", WHEN)
    kw.setdefault("mode", PublishMode.SCHEDULE)
    return new_draft(platform, text=text, **kw)


class World:
    """One app's worth of services over one client (and its cable), and an outbox file."""

    def __init__(self, sandbox: Any, path: Path, client: Any, cable: Unplug, *, clock: Any = lambda: NOW) -> None:
        self.sandbox, self.client, self.cable = sandbox, client, cable
        self.counting = Counting(client)
        self.posts = PostService(self.counting, sandbox.brand_id, clock=clock)
        self.compose = ComposeService(self.counting, sandbox.brand_id, clock=clock)
        self.store = OutboxStore(path)
        self.outbox = OutboxService(self.store, self.compose, ORIGIN, posts=self.posts, clock=clock)

    async def save(self, *drafts: Any) -> dict[str, PlatformResult]:
        results = await self.compose.create_all({d.platform: d for d in drafts})
        await self.outbox.keep_all(results)
        return results


@pytest_asyncio.fixture
async def world(frozen: Any, tmp_path: Path):
    cable = Unplug()
    async with sandbox_client(frozen, cable) as client:
        w = World(frozen, tmp_path / "outbox.sqlite3", client, cable)
        yield w
        w.store.close()


@pytest.mark.asyncio
async def test_offline_save_is_kept_shown_and_sent_once_when_dash_is_back(world: World) -> None:
    world.cable.offline = True
    results = await world.save(_draft())
    assert results["linkedin"].outcome is Outcome.FAILED and results["linkedin"].transient
    [entry] = world.outbox.entries
    assert entry.state == WAITING and entry.body["text"] == "Offline launch note"
    # the calendar shows it, as waiting to send
    [shown] = [p for p in world.posts.posts.values() if p.id < 0]
    assert shown.status == OUTBOX_STATUS and shown.timestamp == WHEN and shown.text == "Offline launch note"
    assert "sends it by itself" in describe(entry)

    still = await world.outbox.flush()  # still offline: nothing lost, nothing sent
    assert not still.done and [e.id for e in still.waiting] == [entry.id]

    world.cable.offline = False
    report = await world.outbox.flush()
    assert report.done and len(report.sent) == 1 and world.outbox.entries == []
    [post] = await on_server(world.client, world.sandbox, "linkedin")
    assert post.body_fields()["text"] == "Offline launch note"
    assert list(world.posts.posts) == [("linkedin", post.id)]  # the real post replaced the waiting one
    assert (await world.outbox.flush()).sent == []  # never twice
    assert len(await on_server(world.client, world.sandbox, "linkedin")) == 1


@pytest.mark.asyncio
async def test_a_5xx_save_is_kept_and_sent_later(world: World) -> None:
    world.sandbox.faults.fail_platforms = {"threads"}
    results = await world.save(_draft("threads", "Down for a bit"), _draft("linkedin", "Fine now"))
    assert results["linkedin"].ok and not keepable(results["linkedin"])
    assert [e.platform for e in world.outbox.entries] == ["threads"]
    world.sandbox.faults.fail_platforms = set()
    report = await world.outbox.flush()
    assert [r.platform for r in report.sent] == ["threads"]
    assert len(await on_server(world.client, world.sandbox, "threads")) == 1


@pytest.mark.asyncio
async def test_a_lost_answer_while_sending_is_looked_up_not_sent_twice(world: World) -> None:
    world.cable.offline = True
    await world.save(_draft())
    world.cable.offline = False
    world.sandbox.faults.next_statuses = ["drop"]  # stored on Dash, answer lost
    report = await world.outbox.flush()
    assert len(report.sent) == 1 and report.sent[0].found_by_lookup
    assert len(world.counting.creates) == 2  # the offline try (never left) and this one
    assert len(await on_server(world.client, world.sandbox, "linkedin")) == 1
    assert world.outbox.entries == []


@pytest.mark.asyncio
async def test_lost_answer_and_failed_lookup_stays_unknown_then_is_found(world: World) -> None:
    world.cable.offline = True
    await world.save(_draft())
    world.cable.offline = False
    # the create is stored but its answer lost; then Dash fails every lookup read
    world.sandbox.faults.next_statuses = ["drop", 503, 503, 503, 503]
    report = await world.outbox.flush()
    assert report.sent == [] and [e.state for e in report.waiting] == [UNKNOWN]
    creates = len(world.counting.creates)
    report = await world.outbox.flush()
    assert len(report.sent) == 1 and report.sent[0].found_by_lookup
    assert len(world.counting.creates) == creates  # found, not sent again
    assert len(await on_server(world.client, world.sandbox, "linkedin")) == 1


@pytest.mark.asyncio
async def test_a_500_on_save_is_unknown_and_the_outbox_looks_before_sending(world: World) -> None:
    # 500 may have stored it; the sandbox did not: the lookup finds nothing and saving keeps it
    world.sandbox.faults.next_statuses = [500, 503, 503, 503, 503]
    results = await world.save(_draft())
    assert results["linkedin"].outcome is Outcome.UNKNOWN and keepable(results["linkedin"])
    [entry] = world.outbox.entries
    assert entry.state == UNKNOWN and entry.sent_at is not None
    lookups = len(world.counting.lookups)
    report = await world.outbox.flush()
    assert len(report.sent) == 1 and len(world.counting.lookups) > lookups  # looked first, then sent
    assert len(await on_server(world.client, world.sandbox, "linkedin")) == 1


@pytest.mark.asyncio
async def test_restart_keeps_the_outbox_and_a_send_cut_by_a_crash_is_not_repeated(
        frozen: Any, tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    cable = Unplug()
    async with sandbox_client(frozen, cable) as client:
        first = World(frozen, path, client, cable)
        cable.offline = True
        await first.save(_draft(text="Kept across a restart"), _draft("threads", "Never sent before the crash"))
        entries = {e.platform: e for e in first.outbox.entries}
        cable.offline = False
        # the first app claims LinkedIn, its request reaches Dash, and the app is killed before the answer
        assert first.store.claim(entries["linkedin"].id, first.outbox.owner, NOW, timedelta(minutes=2))
        await client.create_post("linkedin", entries["linkedin"].body)
        first.store.close()

        later = NOW + timedelta(minutes=5)  # after the claim's lease
        second = World(frozen, path, client, cable, clock=lambda: later)
        await second.outbox.refresh()
        assert {e.platform: e.state for e in second.outbox.entries} == {"linkedin": SENDING, "threads": WAITING}
        assert {p.status for p in second.posts.posts.values()} == {OUTBOX_STATUS}
        report = await second.outbox.flush()
        assert sorted(r.platform for r in report.sent) == ["linkedin", "threads"]
        assert [p for p, _ in second.counting.creates] == ["threads"]  # LinkedIn was found, not resent
        assert len(await on_server(client, frozen, "linkedin")) == 1
        assert len(await on_server(client, frozen, "threads")) == 1
        second.store.close()
        assert OutboxStore(path).count() == 0


@pytest.mark.asyncio
async def test_a_fresh_claim_of_another_running_app_is_left_alone(world: World) -> None:
    world.cable.offline = True
    await world.save(_draft())
    world.cable.offline = False
    [entry] = world.outbox.entries
    assert world.store.claim(entry.id, "another-window", NOW, timedelta(minutes=2))
    report = await world.outbox.flush()
    assert report.sent == [] and world.counting.creates[1:] == []


@pytest.mark.asyncio
async def test_an_untimed_draft_whose_answer_is_lost_waits_for_the_person(world: World) -> None:
    world.cable.offline = True
    await world.save(_draft("twitter", "No time yet", timestamp=None, mode=PublishMode.DRAFT))
    world.cable.offline = False
    world.sandbox.faults.next_statuses = ["drop"]
    report = await world.outbox.flush()
    assert [e.state for e in report.check] == [CHECK] and report.done
    assert "Check Dash" in describe(report.check[0])
    creates = len(world.counting.creates)
    assert (await world.outbox.flush()).sent == [] and len(world.counting.creates) == creates
    await world.outbox.retry(report.check[0].id)  # the person checked Dash: not there, send it
    report = await world.outbox.flush()
    assert len(report.sent) == 1 and len(world.counting.creates) == creates + 1


@pytest.mark.asyncio
async def test_a_refused_post_is_kept_with_the_reason_until_fixed(world: World) -> None:
    world.cable.offline = True
    gone = [MediaRef(987654, MediaKind.IMAGE)]  # a Library item that does not exist: Dash refuses it
    await world.save(_draft("threads", "With a picture", media=gone))
    world.cable.offline = False
    report = await world.outbox.flush()
    [refused] = report.refused
    assert refused.state == REFUSED and refused.message and report.done
    assert "Create it again with the fix" in describe(refused)
    fixed = {k: v for k, v in refused.body.items() if k != "media_ids"}
    await world.outbox.retry(refused.id, fixed)
    report = await world.outbox.flush()
    assert len(report.sent) == 1
    [post] = await on_server(world.client, world.sandbox, "threads")
    assert post.body_fields()["text"] == "With a picture" and post.media_ids == []


@pytest.mark.asyncio
async def test_the_background_sender_sends_when_woken(world: World) -> None:
    world.outbox.backoff = (0.01, 0.05)
    world.cable.offline = True
    runner = asyncio.create_task(world.outbox.run())
    try:
        await world.save(_draft())
        for _ in range(3):  # it keeps trying (and failing) while the cable is out
            await asyncio.sleep(0.05)
        assert world.outbox.entries and len(world.counting.creates) >= 2
        world.cable.offline = False
        world.outbox.wake()  # the app saw Dash answer again
        for _ in range(200):
            if not world.outbox.entries:
                break
            await asyncio.sleep(0.01)
        assert world.outbox.entries == []
        assert len(await on_server(world.client, world.sandbox, "linkedin")) == 1
    finally:
        runner.cancel()
        with pytest.raises(asyncio.CancelledError):
            await runner


@pytest.mark.asyncio
async def test_a_load_keeps_the_waiting_posts_in_the_calendar(world: World) -> None:
    world.cable.offline = True
    await world.save(_draft())
    world.cable.offline = False
    await world.posts.load(WHEN - timedelta(days=20), WHEN + timedelta(days=20))
    assert [p.status for p in world.posts.posts.values()] == [OUTBOX_STATUS]


def test_the_file_is_private_and_scoped_by_dash_and_brand(tmp_path: Path) -> None:
    path = tmp_path / "data" / "outbox.sqlite3"
    store = OutboxStore(path)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    body = build_body(_draft(), 144)
    store.add("https://scheduler.dashsocial.com", 144, "linkedin", body)
    store.add("http://127.0.0.1:8", 144, "linkedin", body)
    store.add("http://127.0.0.1:8", 145, "linkedin", body)
    assert len(store.entries("http://127.0.0.1:8", 144)) == 1
    assert len(store.entries("https://scheduler.dashsocial.com", 144)) == 1
    assert store.entries("https://scheduler.dashsocial.com", 145) == []
    store.close()
    os.chmod(path, 0o644)  # widened by something else: narrowed again on open
    again = OutboxStore(path)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert again.count() == 3 and again.problem is None
    again.close()


def test_an_unreadable_file_is_set_aside_with_a_plain_message(tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = OutboxStore(path)
    assert store.problem and "set them aside" in store.problem and "sqlite" not in store.problem.lower()
    assert store.count() == 0
    assert [p.name for p in tmp_path.iterdir() if ".unreadable-" in p.name]
    store.close()


def test_a_damaged_row_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    store = OutboxStore(tmp_path / "outbox.sqlite3")
    good = store.add("o", 1, "threads", {"text": "fine"})
    bad = store.add("o", 1, "threads", {"text": "damaged"})
    store._db.execute("UPDATE outbox SET body='{not json' WHERE id=?", (bad.id,))
    assert [e.id for e in store.entries("o", 1)] == [good.id]
    store.close()


def test_words_for_a_kept_post_and_where_the_file_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from dashdesk.api import Hosts
    from dashdesk.services.outbox import kept_message, origin_of, outbox_path

    monkeypatch.setenv("DASHDESK_DATA_DIR", str(tmp_path / "data"))
    assert outbox_path() == tmp_path / "data" / "outbox.sqlite3"
    store = OutboxStore(outbox_path())
    waiting = store.add("o", 1, "linkedin", {"text": "x"})
    unknown = store.add("o", 1, "threads", {"text": "x"}, state=UNKNOWN)
    assert "sends it by itself when Dash is back" in kept_message(waiting) and "LinkedIn" in kept_message(waiting)
    assert "checks Dash for it" in kept_message(unknown)
    store.close()
    assert origin_of(SimpleNamespace(hosts=Hosts.single("http://127.0.0.1:9"))) == "http://127.0.0.1:9"
    assert origin_of(object()) == ""


# --- never twice, whatever goes wrong ------------------------------------------------------------

_FAULT = st.sampled_from(["drop", 503, 500, 502, 429, "ok", "offline"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(script=st.lists(_FAULT, min_size=1, max_size=8), platforms=st.sampled_from(
    [("linkedin",), ("threads", "twitter"), ("linkedin", "bluesky", "threads")]))
def test_every_saved_post_ends_on_dash_exactly_once(sandbox: Any, tmp_path: Path, script: list[Any],
                                                   platforms: tuple[str, ...]) -> None:
    """Random faults on the save and on each outbox pass: in the end each post is on Dash once."""
    sandbox.reset()
    sandbox.clock.freeze(NOW)

    async def scenario() -> None:
        cable = Unplug()
        async with sandbox_client(sandbox, cable) as client:
            world = World(sandbox, tmp_path / f"outbox-{uuid.uuid4().hex}.sqlite3", client, cable)
            steps = list(script)

            def next_fault() -> None:
                fault = steps.pop(0) if steps else "ok"
                cable.offline = fault == "offline"
                sandbox.faults.next_statuses = [] if fault in ("ok", "offline") else [fault] * 2

            next_fault()
            results = await world.save(*(_draft(p, f"Once only on {p}") for p in platforms))
            for _ in range(len(script) + 3):
                if not world.outbox.entries:
                    break
                next_fault()
                await world.outbox.flush()
            cable.offline = False
            sandbox.faults.next_statuses = []
            await world.outbox.flush()
            assert world.outbox.entries == []
            for platform in platforms:
                texts = [Post.from_api(p).text for p in await on_server(client, sandbox, platform)]
                assert texts == [f"Once only on {platform}"], (platform, script, results[platform].outcome)
            world.store.close()

    asyncio.run(scenario())
