"""Property: export then import reproduces the posts (valid drafts of every platform, from the rules table)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashdesk.bulk import (
    DashClientBackend,
    ImportRun,
    Journal,
    RateLimiter,
    check_sheet,
    fetch_posts,
    make_client,
    read_sheet,
    write_export,
)
from dashdesk.media import samples
from dashdesk.platforms import (
    PLATFORM_IDS,
    AutoPublish,
    Draft,
    FieldKind,
    MediaKind,
    MediaRef,
    PublishMode,
    Requirement,
    build_body,
    draft_from_post,
    rules_for,
    validate_draft,
)

START = datetime(2031, 1, 1, tzinfo=UTC)
END = START + timedelta(days=30)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>") | st.sampled_from(
    ["\n", ",", ";", '"', "|", "#", " ", "é", "😀"]), max_size=40)


@st.composite
def valid_drafts(draw: st.DrawFn, media: dict[MediaKind, list[int]], boards: list[dict[str, Any]]) -> Draft:
    """A draft the rules table accepts, for any platform and post type."""
    platform = draw(st.sampled_from(PLATFORM_IDS))
    rules = rules_for(platform)
    post_type = draw(st.sampled_from(rules.post_types))
    mode = draw(st.sampled_from([PublishMode.SCHEDULE, PublishMode.DRAFT]))
    minutes = draw(st.integers(0, 29 * 24 * 60))
    when = START + timedelta(minutes=minutes)
    rules_media = post_type.media
    kinds_allowed = sorted(rules_media.kinds)
    needs = rules_media.required is Requirement.ALWAYS or (rules_media.required is Requirement.PUBLISHING
                                                             and mode is PublishMode.SCHEDULE)
    kind = draw(st.sampled_from(kinds_allowed))
    most = min(2, rules_media.max_images if kind is MediaKind.IMAGE else rules_media.max_videos)
    count = draw(st.integers(1 if needs else 0, most))
    refs = [MediaRef(media[kind][i], kind) for i in range(count)]
    auto: bool | None = True
    if rules.auto_publish is AutoPublish.OPTIONAL:
        auto = draw(st.booleans())
    extras: dict[str, Any] = {}
    text = ""
    for spec in rules.fields_for(post_type.name):
        if spec.key == "text":
            text = draw(TEXT)
            continue
        if spec.needs_auto_publish and not auto:
            continue
        if not spec.required and not draw(st.booleans()):
            continue
        if spec.kind is FieldKind.BOOL:
            extras[spec.key] = draw(st.booleans())
        elif spec.kind is FieldKind.BOARD:
            extras[spec.key] = draw(st.sampled_from(boards))
        elif spec.kind is FieldKind.URL:
            extras[spec.key] = "https://example.com/" + draw(st.from_regex(r"[a-z0-9]{1,12}", fullmatch=True))
        elif spec.kind is FieldKind.LOCALE:
            extras[spec.key] = draw(st.sampled_from(["en_US", "fr_FR", "de_DE"]))
        else:
            value = draw(TEXT.filter(lambda s: s.strip()))
            extras[spec.key] = value
    draft = Draft(platform=platform, mode=mode, text=text, media=refs, timestamp=when,
                  post_type=post_type.name, auto_publish=auto, extras=extras)
    if text and not text.strip():
        draft.text = ""
    assume(not [p for p in validate_draft(draft) if p.blocking])  # e.g. an empty post that would publish
    return draft


def essence(platform: str, post: dict[str, Any]) -> tuple:
    """What must survive a round trip: the post's body without ids, and its media kinds."""
    draft = draft_from_post(platform, post)
    for spec in rules_for(platform).fields:  # a blank cell means the table's default (TikTok toggles off)
        if spec.default is not None and spec.applies_to(draft.effective_post_type):
            draft.extras.setdefault(spec.key, spec.default)
    kinds = tuple(m.kind for m in draft.media)
    draft.media = []
    if rules_for(platform).auto_publish is not AutoPublish.OPTIONAL:
        draft.auto_publish = None
    body = build_body(draft, 1)
    board = body.get("meta", {}).get("pinterestBoard")
    if board:
        body["meta"]["pinterestBoard"] = board["id"]
    return platform, repr(sorted(body.items())), kinds


async def _round_trip(sandbox, data: st.DataObject, folder: Path) -> None:
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    brand = sandbox.brand_id
    try:
        media = {MediaKind.IMAGE: [], MediaKind.VIDEO: []}
        for name in ("i1.jpg", "i2.jpg", "v1.mp4", "v2.mp4"):
            item = await client.upload_file(brand, folder / name)
            media[MediaKind.VIDEO if name.endswith("mp4") else MediaKind.IMAGE].append(item.attach_id)
        boards = [b.to_dict() for b in await client.list_boards(brand)]
        drafts = data.draw(st.lists(valid_drafts(media, boards), min_size=1, max_size=4))
        for draft in drafts:
            await client.create_post(draft.platform, build_body(draft, brand))
        backend = DashClientBackend(client, limiter)
        platforms = sorted({d.platform for d in drafts})
        before, errors = await fetch_posts(backend, brand, START, END, platforms)
        assert not errors and len(before) == len(drafts)
        exported = folder / "export.csv"
        write_export(before, exported)
        for platform, post in before:
            await client.delete_post(platform, post["id"])

        plan = check_sheet(read_sheet(exported), now=START - timedelta(days=1), display_tz=UTC, boards=boards)
        assert not plan.failed, [(r.number, r.problems) for r in plan.failed]
        with Journal(folder / "journal.sqlite3") as journal:
            results = await ImportRun(plan, backend, brand_id=brand, journal=journal, limiter=limiter).run()
        assert all(r.outcome == "created" for r in results), results
        after, _ = await fetch_posts(backend, brand, START, END, platforms)
        assert sorted(essence(p, post) for p, post in after) == sorted(essence(p, post) for p, post in before)
    finally:
        await client.aclose()


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two images and two videos, made once for every example."""
    folder = tmp_path_factory.mktemp("rt-media")
    samples.make_image(folder / "i1.jpg", 64, 64, seed=1)
    samples.make_image(folder / "i2.jpg", 64, 80, seed=2)
    samples.make_video(folder / "v1.mp4", duration=3.5, width=96, height=160, fps=8, seed=1)
    samples.make_video(folder / "v2.mp4", duration=3.5, width=96, height=160, fps=8, seed=2)
    return folder


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_export_then_import_reproduces_the_posts(sandbox_server, sample_folder: Path, tmp_path_factory,
                                                  data: st.DataObject) -> None:
    sandbox = sandbox_server.reset()
    work = tmp_path_factory.mktemp("rt")
    for item in sample_folder.iterdir():
        (work / item.name).symlink_to(item)
    asyncio.run(_round_trip(sandbox, data, work))
