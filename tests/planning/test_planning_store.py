"""The planning store and Planner: labels across restarts, moves and deletion, notes, holidays, team file."""

from __future__ import annotations

import contextlib
import json
import stat
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashdesk.api import DashClient, Hosts
from dashdesk.services.planning import (
    Planner,
    PlanningFileError,
    export_data,
    export_json,
    import_data,
    import_holidays,
    import_json,
    is_blackout,
)
from dashdesk.services.posts import PostService
from dashdesk.store.planning import PlanningStore, Snippet

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    s = PlanningStore(tmp_path / "planning.sqlite3")
    yield s
    s.close()


def test_the_store_file_is_private(tmp_path) -> None:
    PlanningStore(tmp_path / "sub" / "planning.sqlite3").close()
    assert stat.S_IMODE((tmp_path / "sub" / "planning.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "sub").stat().st_mode) == 0o700


def test_labels_are_per_brand_and_survive_a_restart(tmp_path) -> None:
    path = tmp_path / "p.sqlite3"
    store = PlanningStore(path)
    planner = Planner(store, 144)
    launch = planner.add_label("Spring launch", "#e0484e")
    pillar = planner.add_label("Behind the scenes")
    planner.set_labels(("instagram", 7), [launch.id, pillar.id])
    planner.set_labels(("twitter", 7), [pillar.id])  # same id, other platform: a different post
    assert Planner(store, 145).label_list() == []  # another brand has its own labels
    store.close()
    again = Planner(PlanningStore(path), 144)
    assert [lab.name for lab in again.labels_of(("instagram", 7))] == ["Behind the scenes", "Spring launch"]
    assert [lab.name for lab in again.labels_of(("twitter", 7))] == ["Behind the scenes"]
    assert again.colors_of(("instagram", 7))[1] == "#e0484e"
    again.remove_label(pillar.id)
    assert again.labels_of(("twitter", 7)) == []
    assert again.mix([("instagram", 7), ("twitter", 7), ("x", 1)]) == [(again.labels[launch.id], 1), (None, 2)]


def _client(sandbox):
    async def no_sleep(_s: float) -> None:
        return None

    return DashClient(sandbox.api_key, hosts=Hosts.single(sandbox.url), sleep=no_sleep)


@pytest.mark.asyncio
async def test_labels_follow_moves_and_go_with_deletion_against_the_sandbox(sandbox, tmp_path) -> None:
    sandbox.clock.freeze(NOW)
    path = tmp_path / "p.sqlite3"
    async with _client(sandbox) as client:
        service = PostService(client, sandbox.brand_id, clock=lambda: NOW)
        planner = Planner(PlanningStore(path), sandbox.brand_id)
        planner.follow(service)
        body = {"brand_id": sandbox.brand_id, "status": "SCHEDULED", "auto_publish": True,
                "timestamp": "2026-03-10T15:00:00Z", "message": "Linen is back", "post_type": "POST"}
        post = await service.create("facebook", body)
        label = planner.add_label("Campaign")
        planner.set_labels(post.key, [label.id])
        moved = await service.move(post.key, datetime(2026, 3, 12, 9, tzinfo=UTC))
        assert moved.key == post.key and planner.labels_of(moved.key) == [label]
        # a restart reads the same labels for the moved post
        restarted = Planner(PlanningStore(path), sandbox.brand_id)
        assert restarted.labels_of(moved.key) == [label]
        records = []
        service.on_record(records.append)
        await service.delete(post.key)
        assert planner.labels_of(post.key) == []
        assert PlanningStore(path).assignments(sandbox.brand_id) == {}
        await records[-1].undo()  # undoing the deletion creates the post again, (under the id Dash gives it)
        new_key = service.resolve(post.key)
        assert service.get(new_key) is not None and planner.labels_of(new_key) == [label]


@pytest.mark.asyncio
async def test_a_refused_deletion_keeps_the_labels(sandbox, tmp_path) -> None:
    sandbox.clock.freeze(NOW)
    async with _client(sandbox) as client:
        service = PostService(client, sandbox.brand_id, clock=lambda: NOW)
        planner = Planner(PlanningStore(tmp_path / "p.sqlite3"), sandbox.brand_id)
        planner.follow(service)
        post = await service.create("facebook", {"brand_id": sandbox.brand_id, "status": "DRAFT", "post_type": "POST",
                                                 "message": "Draft"}, record=False)
        planner.set_labels(post.key, [planner.add_label("Pillar").id])

        async def refuse(*_a):
            raise RuntimeError("network down")

        client.delete_post = refuse  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            await service.delete(post.key)
        assert [lab.name for lab in planner.labels_of(post.key)] == ["Pillar"]


def test_notes_are_on_local_days_across_the_dst_change(store) -> None:
    planner = Planner(store, 144)
    planner.add_note(date(2026, 3, 29), date(2026, 3, 29), "Clocks change: no posting", no_posting=True)
    planner.add_note(date(2026, 10, 26), date(2026, 10, 24), "Autumn range", color="#3aa655")  # swapped ends
    # 23:30 UTC on 28 March is 00:30 on the 29th in Berlin (CET); 22:30 UTC on the 29th is 00:30 on the 30th
    assert planner.blackout_at(datetime(2026, 3, 28, 23, 30, tzinfo=UTC), BERLIN) is not None
    assert planner.blackout_at(datetime(2026, 3, 28, 22, 30, tzinfo=UTC), BERLIN) is None
    assert planner.blackout_at(datetime(2026, 3, 29, 21, 59, tzinfo=UTC), BERLIN) is not None  # 23:59 CEST
    assert planner.blackout_at(datetime(2026, 3, 29, 22, 30, tzinfo=UTC), BERLIN) is None
    by_day = planner.notes_by_day(date(2026, 10, 20), date(2026, 10, 31))
    assert sorted(by_day) == [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)]  # 25th: 25 hours
    assert is_blackout(date(2026, 10, 25), 144, store) is None


def test_brand_notes_and_every_brand_notes(store) -> None:
    store.add_note(date(2026, 5, 1), date(2026, 5, 1), "Brand 145 off", no_posting=True, brand_id=145)
    store.add_note(date(2026, 5, 2), date(2026, 5, 2), "Everyone off", no_posting=True)
    assert is_blackout(date(2026, 5, 1), 144, store) is None
    assert is_blackout(date(2026, 5, 1), 145, store).text == "Brand 145 off"
    assert is_blackout(date(2026, 5, 2), 144, store).text == "Everyone off"


def test_is_blackout_reads_the_users_store_by_default(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(tmp_path / "data"))
    from dashdesk.services.planning import open_store

    store = open_store()
    store.add_note(date(2026, 7, 1), date(2026, 7, 3), "Summer break", no_posting=True, brand_id=7)
    store.close()
    assert is_blackout(date(2026, 7, 2), 7).text == "Summer break"
    assert is_blackout(date(2026, 7, 4), 7) is None and is_blackout(date(2026, 7, 2), 8) is None


def test_holiday_import_adds_each_holiday_once(store) -> None:
    added = import_holidays(store, "de", [2026])
    notes = store.notes(date(2026, 1, 1), date(2026, 12, 31))
    assert added == len(notes) >= 9
    names = {n.first_day: n.text for n in notes}
    assert names[date(2026, 10, 3)] == "German Unity Day"
    assert names[date(2026, 4, 3)] == "Good Friday"  # Easter moves every year: from the library
    assert all(n.source == "holidays:DE" and not n.no_posting for n in notes)
    assert import_holidays(store, "DE", [2026]) == 0
    with pytest.raises(ValueError, match="Choose a country"):
        import_holidays(store, "Atlantis", [2026])


def test_team_file_round_trip(store, tmp_path) -> None:
    store.save_snippet(Snippet("sig", "— Team Linen", "signature"))
    store.save_snippet(Snippet("shop", "https://shop.example/", "link", {"utm_source": "dd"}))
    Planner(store, 144).add_label("Campaign", "#e0484e")
    store.add_note(date(2026, 6, 1), date(2026, 6, 3), "Summer sale", color="#f28c28", no_posting=False)
    store.add_note(date(2026, 6, 9), date(2026, 6, 9), "Quiet day", no_posting=True, brand_id=144)
    path = tmp_path / "team.json"
    export_json(store, path, [144])
    other = PlanningStore(tmp_path / "other.sqlite3")
    counts = import_json(other, path)
    assert counts == {"snippets": 2, "labels": 1, "notes": 2}
    assert export_data(other, [144]) == export_data(store, [144])
    assert import_json(other, path)["notes"] == 0  # importing twice adds no duplicates
    assert json.loads(path.read_text())["format"] == "dashdesk-planning"


@pytest.mark.parametrize("content, words", [
    (b"", "can't read this file"),
    (b"\xff\xfe\x00garbage", "can't read this file"),
    (b'{"format": "other"}', "not a DashDesk"),
    (b'{"format": "dashdesk-planning", "version": 99}', "newer DashDesk"),
    (b'{"format": "dashdesk-planning", "version": 1, "snippets": [{"name": 3}]}', "Snippet 1"),
    (b'{"format": "dashdesk-planning", "version": 1, "notes": [{"first_day": "2026-13-01", '
     b'"last_day": "2026-01-01", "text": "x"}]}', "Note 1 has a date"),
    (b'{"format": "dashdesk-planning", "version": 1, "labels": ["x"]}', "Label 1"),
])
def test_damaged_team_files_get_plain_messages(store, tmp_path, content, words) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(PlanningFileError, match=words):
        import_json(store, path)
    assert store.snippets() == [] and store.all_notes() == []  # nothing half-imported


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4), max_leaves=12))
def test_any_json_imports_or_fails_plainly(tmp_path_factory, data) -> None:
    store = PlanningStore(":memory:")
    for payload in (data, {"format": "dashdesk-planning", "version": 1, "snippets": data, "notes": data}):
        with contextlib.suppress(PlanningFileError):
            import_data(store, payload)
    store.close()


def test_notes_touching_a_range(store) -> None:
    store.add_note(date(2026, 1, 30), date(2026, 2, 2), "Span")
    planner = Planner(store, 1)
    days = planner.notes_by_day(date(2026, 2, 1), date(2026, 2, 28))
    assert sorted(days) == [date(2026, 2, 1), date(2026, 2, 2)]
    assert all(d - timedelta(0) for d in days)
