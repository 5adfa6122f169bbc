"""Uploads send a cleaned copy: the strip says "location removed", the original stays, dedupe keys on cleaned bytes."""

from __future__ import annotations

import asyncio
import hashlib
import io
from pathlib import Path
from typing import Any

from PIL import Image

from dashdesk.media.queue import UploadQueue
from dashdesk.ui.media import MediaHub, MediaStrip

from .conftest import BRAND, FakeLibrary, _hubs, drop_files, no_sleep
from .test_clean import PLACE, make_jpeg, make_video


def hub_with(lib: FakeLibrary, keep: bool = False) -> MediaHub:
    hub = MediaHub(UploadQueue(lib, sleep=no_sleep, backoff=0.01), client=lib, brand_id=BRAND,
                   keep_metadata=lambda: keep)
    _hubs.append(hub)
    return hub


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_photo_is_uploaded_without_its_location_and_the_strip_says_so(
        run: Any, fake_library: FakeLibrary, tmp_path: Path, qtbot: Any) -> None:
    photo = tmp_path / "IMG_0001.JPG"
    photo.write_bytes(make_jpeg())
    before = sha(photo)
    strip = MediaStrip(hub_with(fake_library))
    qtbot.addWidget(strip)
    drop_files(strip.view.viewport(), [photo])
    (first,) = run(strip.wait_ready())
    (sent,) = fake_library.uploads
    assert sent != photo and sent.name == photo.name and PLACE not in sent.read_bytes()
    with Image.open(sent) as im:
        assert not im.getexif().get_ifd(0x8825)
    assert sha(photo) == before  # the original is never modified
    item = strip.items()[0]
    assert item.status_text() == "Location removed" and "unchanged" in item.tooltip()
    assert item.short_status() == "No location"  # a narrow tile never says just "Location"
    # the same photo again (another post): the cleaned bytes are known, nothing is sent again
    other = MediaStrip(strip.hub)
    qtbot.addWidget(other)
    drop_files(other.view.viewport(), [photo])
    assert run(other.wait_ready()) == [first]
    assert len(fake_library.uploads) == 1


def test_a_phone_video_is_uploaded_without_its_location(
        run: Any, fake_library: FakeLibrary, tmp_path: Path, qtbot: Any) -> None:
    clip = tmp_path / "clip.mov"
    clip.write_bytes(make_video("mov"))
    strip = MediaStrip(hub_with(fake_library))
    qtbot.addWidget(strip)
    drop_files(strip.view.viewport(), [clip])
    run(strip.wait_ready())
    (sent,) = fake_library.uploads
    assert b"+52.5200" not in sent.read_bytes() and b"+52.5200" in clip.read_bytes()
    assert strip.items()[0].status_text() == "Location removed"


def test_keeping_metadata_sends_the_original(run: Any, fake_library: FakeLibrary, tmp_path: Path, qtbot: Any) -> None:
    photo = tmp_path / "IMG_0002.JPG"
    photo.write_bytes(make_jpeg())
    strip = MediaStrip(hub_with(fake_library, keep=True))
    qtbot.addWidget(strip)
    drop_files(strip.view.viewport(), [photo])
    run(strip.wait_ready())
    assert fake_library.uploads == [photo]
    assert strip.items()[0].status_text() == "Ready"


def test_a_photo_without_private_details_is_sent_as_it_is(
        run: Any, fake_library: FakeLibrary, tmp_path: Path, qtbot: Any) -> None:
    photo = tmp_path / "plain.png"
    buf = io.BytesIO()
    Image.new("RGB", (320, 320), (40, 90, 200)).save(buf, "PNG")
    photo.write_bytes(buf.getvalue())
    strip = MediaStrip(hub_with(fake_library))
    qtbot.addWidget(strip)
    drop_files(strip.view.viewport(), [photo])
    run(strip.wait_ready())
    assert fake_library.uploads == [photo] and strip.items()[0].status_text() == "Ready"


def test_headless_imports_upload_cleaned_copies_too(run: Any, tmp_path: Path) -> None:
    from dashdesk.bulk.backend import DashClientBackend

    class Client:
        def __init__(self) -> None:
            self.sent: list[tuple[str, bytes]] = []

        async def upload_file(self, brand_id: int, path: Path) -> dict[str, Any]:
            self.sent.append((Path(path).name, await asyncio.to_thread(Path(path).read_bytes)))
            return {"media_id": 7, "kind": "IMAGE"}

    photo = tmp_path / "IMG_0003.JPG"
    photo.write_bytes(make_jpeg())
    client = Client()
    run(DashClientBackend(client).upload_file(BRAND, photo))
    run(DashClientBackend(client, keep_metadata=True).upload_file(BRAND, photo))
    (name, cleaned), (_, original) = client.sent
    assert name == "IMG_0003.JPG" and PLACE not in cleaned and original == photo.read_bytes()
