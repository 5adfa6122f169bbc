"""The composer's Qt-free state and its autosave: JSON round trips, atomic files, restore offers."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from dashdesk.platforms import MediaKind, PublishMode, build_body
from dashdesk.store.autosave import AutosaveWriter, envelope, pending_restores, session_path, write_atomic
from dashdesk.ui.composer.state import ComposerState, MediaItem

WHEN = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def _state() -> ComposerState:
    state = ComposerState(text="Shared words", media=[MediaItem(5, MediaKind.IMAGE, "a.jpg")], when=WHEN)
    state.set_platforms(["instagram", "twitter", "youtube"])
    state.part("twitter").own_text = "Short for X"
    state.part("youtube").own_media = [MediaItem(9, MediaKind.VIDEO, "clip.mp4")]
    state.part("youtube").extras.update(title="A title", made_for_kids=False)
    return state


def test_effective_values_follow_overrides() -> None:
    state = _state()
    assert state.text_for("instagram") == "Shared words"
    assert state.text_for("twitter") == "Short for X"
    assert [m.media_id for m in state.media_for("youtube")] == [9]
    body = build_body(state.draft_for("youtube"), 144)
    assert body["title"] == "A title" and body["declared_made_for_kids"] is False
    assert body["media_ids"] == [9] and body["timestamp"] == "2026-03-10T15:00:00Z"
    assert body["status"] == "SCHEDULED"


def test_publish_now_and_untimed_drafts_carry_no_time() -> None:
    state = _state()
    state.mode = PublishMode.NOW
    assert "timestamp" not in build_body(state.draft_for("instagram"), 1)
    state.mode = PublishMode.DRAFT
    state.timed_draft = False
    assert "timestamp" not in build_body(state.draft_for("instagram"), 1)


def test_state_round_trips_through_json() -> None:
    state = _state()
    again = ComposerState.from_json(json.loads(json.dumps(state.to_json())))
    assert again.drafts() == state.drafts()
    assert again.session_id == state.session_id and again.media == state.media


def test_write_atomic_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    write_atomic(target, {"a": 1})
    write_atomic(target, {"a": 2})
    assert json.loads(target.read_text()) == {"a": 2}
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_writer_writes_off_thread_and_newest_wins(tmp_path: Path) -> None:
    writer = AutosaveWriter(tmp_path)
    try:
        for n in range(20):
            writer.submit("s1", {"n": n}, "summary")
        assert writer.flush()
        data = json.loads(session_path("s1", tmp_path).read_text())
        assert data["state"] == {"n": 19} and data["pid"] == os.getpid()
        writer.discard("s1")
        assert writer.flush()
        assert not session_path("s1", tmp_path).exists()
    finally:
        writer.close()


def test_pending_restores_lists_other_processes_sessions(tmp_path: Path) -> None:
    mine = envelope("mine", {"text": "open now"}, "mine")
    write_atomic(session_path("mine", tmp_path), mine)
    theirs = {**envelope("theirs", _state().to_json(), "Instagram: Shared words"), "pid": -1}
    write_atomic(session_path("theirs", tmp_path), theirs)
    (tmp_path / "composer-broken.json").write_text("{not json")
    entries = pending_restores(tmp_path)
    assert [e.session_id for e in entries] == ["theirs"]
    assert ComposerState.from_json(entries[0].state).text == "Shared words"


def test_dialog_autosaves_on_platform_change_at_once_and_typing_within_seconds(qtbot, writer) -> None:
    from dashdesk.ui.composer import ComposerDialog

    dialog = ComposerDialog(None, 144, "UTC", platforms=[], autosave=writer, clock=lambda: WHEN)
    qtbot.addWidget(dialog)
    path = session_path(dialog.state.session_id, writer.directory)
    dialog.editor.insertPlainText("Typed words")
    dialog.platform_buttons["threads"].click()  # a platform change is written at once
    assert writer.flush()
    saved = json.loads(path.read_text())["state"]
    assert saved["platforms"] == ["threads"] and saved["text"] == "Typed words" and saved["brand_id"] == 144
    dialog.editor.insertPlainText(" and more")  # typing is written by the autosave timer, seconds later

    def written() -> None:
        assert json.loads(path.read_text())["state"]["text"] == "Typed words and more"

    qtbot.waitUntil(written, timeout=10_000)


def test_any_text_and_media_survive_the_autosave_round_trip(tmp_path: Path) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    items = st.builds(MediaItem, st.integers(1, 10**12), st.sampled_from(list(MediaKind)), st.text(max_size=20))

    @settings(max_examples=60, deadline=None)
    @given(text=st.text(max_size=300), media=st.lists(items, max_size=12, unique_by=lambda m: m.media_id),
           own=st.one_of(st.none(), st.text(max_size=50)))
    def check(text: str, media: list[MediaItem], own: str | None) -> None:
        state = ComposerState(text=text, media=media, when=WHEN)
        state.set_platforms(["instagram", "twitter"])
        state.part("twitter").own_text = own
        write_atomic(tmp_path / "s.json", envelope(state.session_id, state.to_json(), state.summary()))
        again = ComposerState.from_json(json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["state"])
        assert again.text == text and again.media == media and again.part("twitter").own_text == own
        assert again.drafts() == state.drafts()

    check()
