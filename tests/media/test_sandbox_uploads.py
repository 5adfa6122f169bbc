"""End to end against the loopback sandbox: drops become Library media ids, in order, reliably."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashdesk.api.client import DashClient
from dashdesk.api.retry import RetryPolicy
from dashdesk.media import samples
from dashdesk.media.queue import UploadState
from dashdesk.ui.media import ItemState, MediaHub, MediaStrip

from .conftest import drop_files, make_hub, until


@pytest.fixture
def client(sandbox: Any, run: Any) -> Iterator[DashClient]:
    """A DashClient on the sandbox that does not retry by itself (so the queue's retries are tested)."""
    c = DashClient(sandbox.api_key, api_url=sandbox.url, retry=RetryPolicy(max_attempts=1))
    yield c
    run(c.aclose())


@pytest.fixture
def hub(client: DashClient, sandbox: Any) -> MediaHub:
    """A media hub uploading to the sandbox brand."""
    return make_hub(client, brand=sandbox.brand_id)


async def library_count(client: DashClient, brand_id: int) -> int:
    page = await client.list_media(brand_id, limit=100)
    return len(page.items)


def test_dropped_files_end_as_media_ids_in_order(
    run: Any, hub: MediaHub, client: DashClient, sandbox: Any, sample_files: dict[str, Path], qtbot: Any
) -> None:
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    dropped = [sample_files["mp4_upper"], sample_files["jpeg"], sample_files["jpeg_named_mp4"]]

    async def scenario() -> list[Any]:
        assert drop_files(strip.view.viewport(), dropped)
        ids = await strip.wait_ready()
        return [await client.get_media(sandbox.brand_id, i) for i in ids]

    media = run(scenario())
    assert [m.filename for m in media] == [p.name for p in dropped]
    assert [m.kind for m in media] == ["VIDEO", "IMAGE", "IMAGE"]
    assert [i.kind.value for i in strip.items()] == ["VIDEO", "IMAGE", "IMAGE"]
    assert strip.media_ids() == [m.attach_id for m in media]


def test_same_file_dropped_twice_uploads_once(
    run: Any, hub: MediaHub, client: DashClient, sandbox: Any, sample_files: dict[str, Path], qtbot: Any,
    tmp_path: Path,
) -> None:  # fmt: skip
    strip, other = MediaStrip(hub), MediaStrip(hub)
    qtbot.addWidget(strip)
    qtbot.addWidget(other)
    copy = tmp_path / "renamed-copy.jpg"
    shutil.copy(sample_files["portrait_jpeg"], copy)

    async def scenario() -> tuple[list[int], list[int], int]:
        drop_files(strip.view.viewport(), [sample_files["portrait_jpeg"], sample_files["portrait_jpeg"]])
        first = await strip.wait_ready()
        drop_files(other.view.viewport(), [copy])
        second = await other.wait_ready()
        return first, second, await library_count(client, sandbox.brand_id)

    first, second, count = run(scenario())
    assert len(first) == 1 and second == first
    assert count == 1


def test_bad_files_are_refused_and_nothing_is_uploaded(
    run: Any, hub: MediaHub, client: DashClient, sandbox: Any, sample_files: dict[str, Path], qtbot: Any
) -> None:
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    bad = [sample_files["corrupt_mp4"], sample_files["empty"], sample_files["unsupported"]]

    async def scenario() -> int:
        drop_files(strip.view.viewport(), bad)
        await strip.wait_ready()
        return await library_count(client, sandbox.brand_id)

    assert run(scenario()) == 0
    assert [(i.state, i.code) for i in strip.items()] == [
        (ItemState.REFUSED, "corrupt"),
        (ItemState.REFUSED, "empty"),
        (ItemState.REFUSED, "unsupported"),
    ]
    assert all(i.message and i.name in i.message for i in strip.items())
    assert hub.queue.items() == []


def test_cancelled_upload_leaves_nothing_attached(
    run: Any, hub: MediaHub, client: DashClient, sandbox: Any, tmp_path: Path, qtbot: Any
) -> None:
    big = samples.make_image(tmp_path / "big.png", 2000, 2000, seed=21, grain=0.3)
    sandbox.faults.slow_upload_bps = 1_000_000
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)

    async def scenario() -> int:
        strip.add_paths([big])
        await until(lambda: strip.items()[0].state is ItemState.UPLOADING and strip.items()[0].fraction > 0)
        strip.remove_rows([0])
        await hub.queue.wait_all()
        return await library_count(client, sandbox.brand_id)

    assert run(scenario()) == 0
    assert strip.items() == [] and strip.media_ids() == []
    assert hub.queue.items()[0].state is UploadState.CANCELLED
    assert hub.queue.items()[0].media_id is None


def test_failed_upload_retries_and_succeeds(
    run: Any, hub: MediaHub, client: DashClient, sandbox: Any, sample_files: dict[str, Path], qtbot: Any
) -> None:
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    seen: list[UploadState] = []
    hub.queue.subscribe(lambda item: seen.append(item.state))
    sandbox.faults.next_statuses = [503, 502]

    async def scenario() -> list[int]:
        drop_files(strip.view.viewport(), [sample_files["png"]])
        return await strip.wait_ready()

    (media_id,) = run(scenario())
    (upload,) = hub.queue.items()
    assert upload.attempts == 3
    assert UploadState.WAITING in seen
    assert upload.state is UploadState.DONE and upload.media_id == media_id
    assert run(client.get_media(sandbox.brand_id, media_id)).filename == sample_files["png"].name


def test_library_browser_pages_and_attaches(
    run: Any, hub: MediaHub, client: DashClient, sandbox: Any, sample_files: dict[str, Path], qtbot: Any
) -> None:
    from dashdesk.ui.media import LibraryBrowser

    names = ["jpeg", "png", "mp4"]
    browser = LibraryBrowser(hub, page_size=2)
    strip = MediaStrip(hub)
    qtbot.addWidget(browser)
    qtbot.addWidget(strip)
    browser.chosen.connect(strip.add_library_media)

    async def scenario() -> None:
        for name in names:
            await hub.queue.upload(sample_files[name], sandbox.brand_id)
        await browser.load(0)
        assert len(browser.model.media) == 2 and browser.next_button.isEnabled()
        assert not browser.prev_button.isEnabled()
        await until(lambda: len(browser.model.thumbs) == 2)  # thumbnails fetched off the UI thread
        browser.next_button.click()
        await browser._task
        assert len(browser.model.media) == 1 and not browser.next_button.isEnabled()
        assert browser.page_label.text().startswith("3–3")
        browser.view.setCurrentIndex(browser.model.index(0))
        browser.attach_button.click()

    run(scenario())
    (item,) = strip.items()
    assert item.state is ItemState.READY and strip.media_ids() == [item.media_id]
    uploaded = {i.media_id for i in hub.queue.items()}
    assert item.media_id in uploaded


def test_add_by_public_url_needs_no_upload(
    run: Any, hub: MediaHub, client: DashClient, sandbox: Any, sample_files: dict[str, Path], qtbot: Any
) -> None:
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)

    async def scenario() -> tuple[Any, int]:
        first = await client.upload_file(sandbox.brand_id, sample_files["jpeg"])
        url = first.urls.get("original") or first.image_sizes["original"]["url"]
        item = strip.add_url(url)
        assert item is not None and item.state is ItemState.ADDING
        await strip.wait_ready()
        return first, await library_count(client, sandbox.brand_id)

    first, count = run(scenario())
    (item,) = strip.items()
    assert item.state is ItemState.READY and item.kind is not None and item.kind.value == "IMAGE"
    assert item.media_id is not None and item.media_id != first.attach_id  # a new Library item, from the URL
    assert count == 2 and hub.queue.items() == []  # nothing went through the upload queue


def test_add_by_url_refuses_other_schemes(run: Any, hub: MediaHub, qtbot: Any) -> None:
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    assert strip.add_url("ftp://example.com/a.jpg") is None
    assert "https://" in strip.status_label.text()
    assert strip.items() == []
