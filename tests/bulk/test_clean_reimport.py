"""Media is uploaded cleaned; a sheet naming the original photo still finds the post already on Dash."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from media.test_clean import PLACE, make_jpeg

from dashdesk.bulk import DashClientBackend, ImportRun, Journal, RateLimiter, check_sheet, make_client, read_sheet
from dashdesk.media.cleaned import prepare_for_upload
from dashdesk.platforms import Draft, MediaKind, MediaRef, PublishMode, build_body

START = datetime(2031, 4, 1, tzinfo=UTC)


@pytest.mark.asyncio
async def test_a_photo_uploaded_cleaned_is_matched_by_its_original(
        sandbox, tmp_path: Path, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHDESK_DATA_DIR", str(tmp_path / "data"))
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(make_jpeg())
    limiter = RateLimiter()
    client = make_client(sandbox.api_key, sandbox.url, limiter)
    try:  # the app uploaded the cleaned copy and made the post
        sent = prepare_for_upload(photo)
        assert sent.location_removed and PLACE not in sent.path.read_bytes()
        media = await client.upload_file(sandbox.brand_id, sent.path)
        draft = Draft(platform="twitter", mode=PublishMode.SCHEDULE, text="same", timestamp=START,
                      media=[MediaRef(media.attach_id, MediaKind.IMAGE)])
        existing = await client.create_post("twitter", build_body(draft, sandbox.brand_id))
        for copy in (tmp_path / "data" / "cleaned").rglob("*.jpg"):
            copy.unlink()  # long gone by the time of the import: matched from the original again
        when = START.strftime("%Y-%m-%d %H:%M")
        sheet = write_csv([{"platform": "x", "time": when, "timezone": "UTC", "text": "same", "media": "photo.jpg"}])
        plan = check_sheet(read_sheet(sheet), now=START - timedelta(days=1), display_tz=UTC)
        with Journal(tmp_path / "j.sqlite3") as journal:
            run = ImportRun(plan, DashClientBackend(client, limiter), brand_id=sandbox.brand_id, journal=journal,
                            limiter=limiter)
            (result,) = await run.run()
    finally:
        await client.aclose()
    assert (result.outcome, result.post_id) == ("already created", int(existing.id))
    assert sandbox.state.store.count_posts() == 1
