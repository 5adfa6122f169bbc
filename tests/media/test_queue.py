"""The upload queue against a fake Library: dedupe, cancel, retry, restart, progress."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio

from dashdesk.api.errors import ValidationError
from dashdesk.media import samples
from dashdesk.media.queue import UploadQueue, UploadState
from dashdesk.media.store import MediaStore, hash_file

from .conftest import FakeLibrary, no_sleep, server_error

BRAND = 7


_open: list[UploadQueue] = []


def make_queue(lib: FakeLibrary | None, **kw: object) -> UploadQueue:
    queue = UploadQueue(lib, sleep=no_sleep, backoff=0.01, **kw)  # type: ignore[arg-type]
    _open.append(queue)
    return queue


@pytest_asyncio.fixture(autouse=True)
async def close_queues() -> AsyncIterator[None]:
    """Stop every queue a test made, so no task outlives its loop."""
    yield
    while _open:
        await _open.pop().aclose()


async def until(predicate: Callable[[], bool]) -> None:
    """Let the loop run until ``predicate()`` holds (bounded; never a fixed sleep)."""
    for _ in range(2000):
        if predicate():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition not reached")


@pytest.mark.asyncio
async def test_uploads_and_remembers_the_hash(fake_library: FakeLibrary, sample_files: dict[str, Path]) -> None:
    queue = make_queue(fake_library)
    item = await queue.upload(sample_files["jpeg"], BRAND)
    assert item.state is UploadState.DONE
    assert item.media_id == fake_library.media[item.media_id].attach_id
    assert item.sent == item.size == sample_files["jpeg"].stat().st_size
    assert item.sha256 == hash_file(sample_files["jpeg"])
    assert queue.store.lookup(BRAND, item.sha256).media_id == item.media_id  # type: ignore[union-attr]


@pytest.mark.asyncio
async def test_same_bytes_upload_once(fake_library: FakeLibrary, sample_files: dict[str, Path], tmp_path: Path) -> None:
    queue = make_queue(fake_library)
    copy = tmp_path / "copy-of-photo.jpg"
    shutil.copy(sample_files["jpeg"], copy)
    first = await queue.upload(sample_files["jpeg"], BRAND)
    second = await queue.upload(copy, BRAND)
    assert second.state is UploadState.DONE and second.deduplicated
    assert second.media_id == first.media_id
    assert len(fake_library.uploads) == 1
    # another brand gets its own upload
    other = await queue.upload(copy, BRAND + 1)
    assert not other.deduplicated and len(fake_library.uploads) == 2


@pytest.mark.asyncio
async def test_same_file_added_twice_at_once_uploads_once(
    fake_library: FakeLibrary, sample_files: dict[str, Path]
) -> None:
    queue = make_queue(fake_library, concurrency=3)
    a = queue.add(sample_files["png"], BRAND)
    b = queue.add(sample_files["png"], BRAND)
    await queue.wait_all()
    assert a.state is b.state is UploadState.DONE
    assert a.media_id == b.media_id
    assert len(fake_library.uploads) == 1


@pytest.mark.asyncio
async def test_deleted_library_media_is_uploaded_again(
    fake_library: FakeLibrary, sample_files: dict[str, Path]
) -> None:
    queue = make_queue(fake_library)
    first = await queue.upload(sample_files["jpeg"], BRAND)
    del fake_library.media[first.media_id]  # deleted in Dash
    second = await queue.upload(sample_files["jpeg"], BRAND)
    assert not second.deduplicated
    assert second.media_id != first.media_id
    assert len(fake_library.uploads) == 2


@pytest.mark.asyncio
async def test_transient_failures_retry_then_succeed(fake_library: FakeLibrary, sample_files: dict[str, Path]) -> None:
    queue = make_queue(fake_library)
    fake_library.fail_next = [server_error(), server_error()]
    seen: list[UploadState] = []
    queue.subscribe(lambda item: seen.append(item.state))
    item = await queue.upload(sample_files["jpeg"], BRAND)
    assert item.state is UploadState.DONE
    assert item.attempts == 3
    assert UploadState.WAITING in seen
    assert item.error is None


@pytest.mark.asyncio
async def test_gives_up_after_max_attempts(fake_library: FakeLibrary, sample_files: dict[str, Path]) -> None:
    queue = make_queue(fake_library, max_attempts=2)
    fake_library.fail_next = [server_error(), server_error(), server_error()]
    item = await queue.upload(sample_files["jpeg"], BRAND)
    assert item.state is UploadState.FAILED
    assert item.attempts == 2
    assert item.media_id is None
    assert "Dash had a problem" in (item.error or "")
    queue.retry(item.id)
    item = await queue.wait(item.id)
    assert item.state is UploadState.DONE


@pytest.mark.asyncio
async def test_refusals_are_not_retried(fake_library: FakeLibrary, sample_files: dict[str, Path]) -> None:
    queue = make_queue(fake_library)
    fake_library.fail_next = [ValidationError("bad content type", status=400)]
    item = await queue.upload(sample_files["jpeg"], BRAND)
    assert item.state is UploadState.FAILED
    assert fake_library.attempts == 1
    assert item.error_code == "ValidationError"


@pytest.mark.asyncio
@pytest.mark.parametrize("name", ["corrupt_jpeg", "empty", "unsupported", "corrupt_mp4"])
async def test_bad_files_fail_without_sending(
    fake_library: FakeLibrary, sample_files: dict[str, Path], name: str
) -> None:
    queue = make_queue(fake_library)
    item = await queue.upload(sample_files[name], BRAND)
    assert item.state is UploadState.FAILED
    assert item.error_code in {"corrupt", "empty", "unsupported"}
    assert fake_library.attempts == 0


@pytest.mark.asyncio
async def test_cancel_mid_upload_leaves_no_media_id(fake_library: FakeLibrary, tmp_path: Path) -> None:
    big = samples.make_image(tmp_path / "big.png", 800, 800, seed=9)
    queue = make_queue(fake_library)
    fake_library.gate = asyncio.Event()
    item = queue.add(big, BRAND)
    await fake_library.started.wait()
    assert item.state is UploadState.UPLOADING and 0 < item.sent < item.size
    queue.cancel(item.id)
    fake_library.gate.set()
    item = await queue.wait(item.id)
    assert item.state is UploadState.CANCELLED
    assert item.media_id is None
    assert fake_library.uploads == []
    assert queue.store.uploads()[0]["state"] == "cancelled"


@pytest.mark.asyncio
async def test_cancel_while_queued(fake_library: FakeLibrary, sample_files: dict[str, Path]) -> None:
    queue = make_queue(None)  # no client yet: items wait
    item = queue.add(sample_files["jpeg"], BRAND)
    queue.cancel(item.id)
    assert item.state is UploadState.CANCELLED
    queue.set_client(fake_library)
    await asyncio.sleep(0)
    assert fake_library.attempts == 0


@pytest.mark.asyncio
async def test_bounded_concurrency(fake_library: FakeLibrary, tmp_path: Path) -> None:
    files = [samples.make_image(tmp_path / f"{i}.png", 300, 300, seed=i) for i in range(5)]
    queue = make_queue(fake_library, concurrency=2)
    fake_library.gate = asyncio.Event()
    items = [queue.add(f, BRAND) for f in files]
    await until(lambda: sum(i.state is UploadState.UPLOADING for i in items) == 2)
    assert sum(i.state is UploadState.QUEUED for i in items) == 3
    progress = queue.progress()
    assert progress.busy and progress.active == 2 and progress.queued == 3
    assert 0 < progress.sent_bytes < progress.total_bytes == sum(f.stat().st_size for f in files)
    fake_library.gate.set()
    await queue.wait_all()
    assert [i.state for i in items] == [UploadState.DONE] * 5
    assert len({i.media_id for i in items}) == 5
    assert not queue.progress().busy


@pytest.mark.asyncio
async def test_unfinished_items_come_back_after_restart(
    fake_library: FakeLibrary, sample_files: dict[str, Path], tmp_path: Path
) -> None:
    db = tmp_path / "media.sqlite3"
    first_run = make_queue(None, store=MediaStore(db))  # offline: nothing starts
    a = first_run.add(sample_files["jpeg"], BRAND, tag="draft:1")
    b = first_run.add(sample_files["mp4"], BRAND, tag="draft:1")
    await first_run.aclose()
    first_run.store.close()

    second_run = make_queue(fake_library, store=MediaStore(db))
    restored = second_run.restore()
    assert [i.id for i in restored] == [a.id, b.id]
    assert [i.tag for i in restored] == ["draft:1", "draft:1"]
    await second_run.wait_all()
    assert [i.state for i in restored] == [UploadState.DONE, UploadState.DONE]
    assert {i.media_id for i in second_run.done_for_tag("draft:1")} == {i.media_id for i in restored}


@pytest.mark.asyncio
async def test_interrupted_upload_resumes_after_restart(fake_library: FakeLibrary, tmp_path: Path) -> None:
    db = tmp_path / "media.sqlite3"
    big = samples.make_image(tmp_path / "big.png", 600, 600, seed=3)
    fake_library.gate = asyncio.Event()
    first_run = make_queue(fake_library, store=MediaStore(db))
    item = first_run.add(big, BRAND)
    await fake_library.started.wait()
    await first_run.aclose()  # app quits mid-upload
    assert first_run.store.uploads()[0]["state"] == "queued"

    fresh = FakeLibrary()
    second_run = make_queue(fresh, store=MediaStore(db))
    (again,) = second_run.restore()
    assert again.id == item.id
    done = await second_run.wait(again.id)
    assert done.state is UploadState.DONE and fresh.uploads == [big]


@pytest.mark.asyncio
async def test_large_files_are_hashed_after_upload(fake_library: FakeLibrary, tmp_path: Path) -> None:
    big = samples.make_sized_file(tmp_path / "big.bin", 300_000)
    queue = make_queue(fake_library, hash_first_limit=1000)
    item = queue.add(big, BRAND, content_type="video/mp4", info=None)
    # a non-media file fails inspection; give the queue an explicit info instead
    await queue.wait(item.id)
    assert item.state is UploadState.FAILED and item.error_code == "unsupported"
    video = samples.make_video(tmp_path / "v.mp4", 1.0, 320, 240, 24)
    first = await queue.upload(video, BRAND)
    assert first.state is UploadState.DONE
    await queue.settle()
    assert first.sha256 == hash_file(video)
    # the second time the hash is known from the file's fingerprint: no upload at all
    second = await queue.upload(video, BRAND)
    assert second.deduplicated and len(fake_library.uploads) == 1


@pytest.mark.asyncio
async def test_progress_notifications_and_speed(fake_library: FakeLibrary, tmp_path: Path) -> None:
    clock = iter(range(0, 10_000))
    big = samples.make_image(tmp_path / "big.png", 500, 500, seed=4)
    queue = UploadQueue(fake_library, sleep=no_sleep, clock=lambda: next(clock) * 0.05)
    fractions: list[float] = []
    queue.subscribe(lambda item: fractions.append(item.fraction))
    item = await queue.upload(big, BRAND)
    assert item.state is UploadState.DONE
    assert fractions == sorted(fractions) or fractions[-1] == 1.0
    assert any(0 < f < 1 for f in fractions)
    assert fractions[-1] == 1.0


@pytest.mark.asyncio
async def test_prepare_hook_sends_the_prepared_copy(
    fake_library: FakeLibrary, sample_files: dict[str, Path], tmp_path: Path
) -> None:
    """The prepare step's file is hashed and sent; the item keeps its own name and path."""
    cleaned = tmp_path / "cleaned.png"
    shutil.copy(sample_files["png"], cleaned)
    seen: list[Path] = []

    def prepare(item: object) -> Path:
        seen.append(item.path)  # type: ignore[attr-defined]
        return cleaned

    queue = make_queue(fake_library, prepare=prepare)
    item = await queue.upload(sample_files["jpeg"], BRAND)
    assert item.state is UploadState.DONE
    assert seen == [sample_files["jpeg"]]
    assert fake_library.uploads == [cleaned]
    assert item.path == sample_files["jpeg"] and item.filename == sample_files["jpeg"].name
    assert item.source == cleaned and item.sha256 == hash_file(cleaned)


@pytest.mark.asyncio
async def test_without_prepare_hook_the_file_itself_is_sent(
    fake_library: FakeLibrary, sample_files: dict[str, Path]
) -> None:
    queue = make_queue(fake_library, prepare=lambda item: None)
    item = await queue.upload(sample_files["jpeg"], BRAND)
    assert item.state is UploadState.DONE and item.prepared_path is None
    assert fake_library.uploads == [sample_files["jpeg"]]
