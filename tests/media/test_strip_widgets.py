"""The media strip, queue view and panel driven through Qt events, against a fake Library."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from dashdesk.media import samples
from dashdesk.media.queue import UploadState
from dashdesk.ui.media import ItemState, MediaPanel, MediaStrip, UploadQueueView
from dashdesk.ui.media.strip import ROW_MIME

from .conftest import BRAND, FakeLibrary, drop_files, make_hub, send_drop, until


def test_dropped_files_are_inspected_uploaded_and_ordered(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    changes: list[list[int]] = []
    strip.mediaIdsChanged.connect(changes.append)
    dropped = [sample_files["jpeg"], sample_files["mp4_upper"], sample_files["png_named_jpg"]]

    async def scenario() -> list[int]:
        assert drop_files(strip.view.viewport(), dropped)
        assert [i.state for i in strip.items()] == [ItemState.CHECKING] * 3
        assert strip.is_busy()
        return await strip.wait_ready()

    ids = run(scenario())
    assert len(ids) == 3
    assert sorted(fake_library.uploads) == sorted(dropped)  # one upload each (finishing in any order)
    by_name = {fake_library.media[i].filename: i for i in ids}
    assert ids == [by_name[p.name] for p in dropped]
    assert changes[-1] == ids
    assert [i.kind.value for i in strip.items()] == ["IMAGE", "VIDEO", "IMAGE"]
    assert not strip.is_busy() and not strip.has_blocking_problems()
    assert [a.media_id for a in strip.attached()] == ids
    assert [r.media_id for r in strip.media_refs()] == ids


def test_bad_files_are_refused_and_never_uploaded(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    bad = [sample_files["corrupt_jpeg"], sample_files["empty"], sample_files["unsupported"]]
    drop_files(strip.view.viewport(), bad)
    run(strip.wait_ready())
    assert [i.state for i in strip.items()] == [ItemState.REFUSED] * 3
    assert [i.code for i in strip.items()] == ["corrupt", "empty", "unsupported"]
    assert "damaged" in (strip.items()[0].message or "")
    assert "empty" in (strip.items()[1].message or "")
    assert fake_library.attempts == 0 and hub.queue.items() == []
    problems = strip.problems()
    assert [p.path for p in problems] == ["media_ids[0]", "media_ids[1]", "media_ids[2]"]
    assert strip.has_blocking_problems() and strip.media_ids() == []


def test_reorder_by_drag_changes_media_ids(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    strip.resize(900, 300)
    strip.add_paths([sample_files["jpeg"], sample_files["png"], sample_files["mp4"]])
    ids = run(strip.wait_ready())
    # drag the first tile and drop it past the last one
    mime = QMimeData()
    mime.setData(ROW_MIME, QByteArray(b"0"))
    last = strip.view.visualRect(strip.model.index(2))
    event = send_drop(strip.view.viewport(), mime, QPointF(last.right() - 2, last.center().y()),
                      Qt.DropAction.MoveAction)  # fmt: skip
    assert event.isAccepted()
    assert strip.media_ids() == [ids[1], ids[2], ids[0]]
    strip.move_rows([2], 0)
    assert strip.media_ids() == [ids[0], ids[1], ids[2]]
    assert strip.model.rowCount() == 3


def test_same_file_twice_uploads_once(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    other_post = MediaStrip(hub)
    qtbot.addWidget(strip)
    qtbot.addWidget(other_post)
    drop_files(strip.view.viewport(), [sample_files["jpeg"]])
    (first,) = run(strip.wait_ready())
    drop_files(strip.view.viewport(), [sample_files["jpeg"]])  # again, same post
    run(strip.wait_ready())
    assert strip.media_ids() == [first]
    assert "already in this post" in strip.status_label.text()
    drop_files(other_post.view.viewport(), [sample_files["jpeg"]])  # another post
    assert run(other_post.wait_ready()) == [first]
    assert len(fake_library.uploads) == 1


def test_cancel_leaves_nothing_attached(run: Any, fake_library: FakeLibrary, tmp_path: Path, qtbot: Any) -> None:
    big = samples.make_image(tmp_path / "big.png", 900, 900, seed=11)
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    view = UploadQueueView(hub)
    qtbot.addWidget(strip)
    qtbot.addWidget(view)
    fake_library.gate = asyncio.Event()

    async def scenario() -> None:
        strip.add_paths([big])
        await until(lambda: strip.items()[0].state is ItemState.UPLOADING)
        assert view.model.rowCount() == 1
        view.table.selectRow(0) if hasattr(view.table, "selectRow") else view.table.setCurrentIndex(
            view.model.index(0, 0)
        )
        assert view.cancel_button.isEnabled()
        view.cancel_button.click()
        fake_library.gate.set()
        await strip.wait_ready()

    run(scenario())
    assert strip.items() == [] and strip.media_ids() == []
    assert fake_library.uploads == []
    assert hub.queue.items()[0].state is UploadState.CANCELLED


def test_removing_an_uploading_item_cancels_it(run: Any, fake_library: FakeLibrary, tmp_path: Path, qtbot: Any) -> None:
    big = samples.make_image(tmp_path / "big.png", 900, 900, seed=12)
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    fake_library.gate = asyncio.Event()

    async def scenario() -> None:
        strip.add_paths([big])
        await until(lambda: strip.items()[0].state is ItemState.UPLOADING)
        strip.view.setCurrentIndex(strip.model.index(0))
        strip.remove_button.click()
        fake_library.gate.set()
        await hub.queue.wait_all()

    run(scenario())
    assert strip.items() == []
    assert fake_library.uploads == []
    assert hub.queue.items()[0].state is UploadState.CANCELLED


def test_paste_image_from_clipboard(run: Any, fake_library: FakeLibrary, qtbot: Any) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor(30, 120, 200))
    QApplication.clipboard().setImage(image)
    (item,) = strip.paste_from_clipboard()
    assert item.path is not None and item.path.suffix == ".png"
    (media_id,) = run(strip.wait_ready())
    assert strip.items()[0].info is not None and strip.items()[0].info.width == 120
    assert fake_library.uploads == [item.path]
    assert media_id == strip.media_ids()[0]


def test_platform_problems_show_on_items(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    strip.add_paths([sample_files["wide_png"], sample_files["vertical_mp4"]])
    run(strip.wait_ready())
    strip.set_targets([("instagram", "FEED")])
    wide, clip = strip.items()
    assert wide.badge == "warning" and [p.code for p in wide.problems] == ["media_aspect"]
    assert clip.badge is None
    strip.set_targets([("bluesky", None)])
    assert clip.badge == "danger" and clip.errors[0].code == "unsupported_media_type"
    assert strip.has_blocking_problems()
    assert "Not accepted" in clip.tooltip()


def test_waits_for_a_brand_before_uploading(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library, brand=None)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    strip.add_paths([sample_files["jpeg"]])
    run(until(lambda: strip.items()[0].state is ItemState.WAITING))
    assert fake_library.attempts == 0
    hub.set_brand(BRAND)
    assert len(run(strip.wait_ready())) == 1


def test_panel_uploads_dropped_files_to_the_library(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    panel = MediaPanel(hub)
    qtbot.addWidget(panel)

    async def scenario() -> None:
        drop_files(panel, [sample_files["png"], sample_files["corrupt_png"]])
        await hub.queue.wait_all()

    run(scenario())
    states = [i.state for i in hub.queue.items()]
    assert states == [UploadState.DONE, UploadState.FAILED]
    assert hub.queue.items()[1].error_code == "corrupt"
    assert fake_library.uploads == [sample_files["png"]]
    assert panel.queue_view.model.rowCount() == 2
    assert "1 uploaded, 1 failed" in panel.queue_view.summary.text()


@pytest.mark.parametrize("dark", [False, True])
def test_strip_renders(run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any,
                       dark: bool, tmp_path: Path) -> None:  # fmt: skip
    from dashdesk.ui.theme import build_palette

    QApplication.setPalette(build_palette(dark))
    try:
        hub = make_hub(fake_library)
        strip = MediaStrip(hub)
        qtbot.addWidget(strip)
        strip.resize(800, strip.sizeHint().height() + 40)
        empty = strip.grab()
        assert not empty.isNull()
        strip.add_paths([sample_files["jpeg"], sample_files["mp4"], sample_files["corrupt_jpeg"]])
        run(strip.wait_ready())
        run(until(lambda: all(i.thumb is not None for i in strip.items()[:2])))
        shot = strip.grab()
        assert shot.width() == 800
        assert shot.save(str(tmp_path / "strip.png"))
    finally:
        QApplication.setPalette(build_palette(False))


def test_main_window_dock_restores_unfinished_uploads(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    from types import SimpleNamespace

    from PySide6.QtWidgets import QMainWindow

    from dashdesk.media.queue import UploadQueue as Queue
    from dashdesk.ui.media import create_dock

    earlier = Queue(None)  # a previous run, offline, quit with one upload waiting
    waiting = earlier.add(sample_files["png"], BRAND)
    other_brand = earlier.add(sample_files["jpeg"], BRAND + 1)
    earlier.store.close()

    window = QMainWindow()
    qtbot.addWidget(window)
    window.session = SimpleNamespace(client=fake_library, brand_id=BRAND)  # type: ignore[attr-defined]

    async def scenario() -> None:
        dock = create_dock(window)
        assert dock.widget() is not None
        hub = window.media_hub  # type: ignore[attr-defined]
        assert [i.id for i in hub.queue.items()] == [waiting.id]
        await hub.queue.wait_all()
        await hub.aclose()

    run(scenario())
    assert fake_library.uploads == [sample_files["png"]]
    assert other_brand.id not in {i.id for i in window.media_hub.queue.items()}  # type: ignore[attr-defined]


def test_set_attached_shows_existing_media(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    from dashdesk.platforms import MediaKind
    from dashdesk.ui.media import AttachedMedia

    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    existing = [
        AttachedMedia(11, MediaKind.VIDEO, "clip.mp4", str(sample_files["mp4"])),
        AttachedMedia(7, MediaKind.IMAGE, "photo.jpg", str(sample_files["jpeg"])),
    ]
    strip.set_attached(existing)
    assert strip.media_ids() == [11, 7]
    assert strip.attached() == existing
    run(until(lambda: all(i.thumb is not None for i in strip.items())))
    strip.set_targets([("tiktok", None)])
    assert [i.badge for i in strip.items()] == [None, "danger"]  # TikTok takes no images
    assert fake_library.attempts == 0


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen, shown dialog
def test_file_dialog_adds_the_chosen_files(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    panel = MediaPanel(hub)
    qtbot.addWidget(strip)
    qtbot.addWidget(panel)
    strip.add_button.click()  # opens a non-blocking dialog
    dialog = strip._dialog
    assert dialog.isVisible()
    dialog.filesSelected.emit([str(sample_files["jpeg"])])
    dialog.close()
    panel.upload_button.click()
    panel._dialog.filesSelected.emit([str(sample_files["png"])])
    panel._dialog.close()
    run(strip.wait_ready())
    run(hub.queue.wait_all())
    assert [i.name for i in strip.items()] == [sample_files["jpeg"].name]
    assert sorted(fake_library.uploads) == sorted([sample_files["jpeg"], sample_files["png"]])


def test_upload_states_map_onto_strip_states() -> None:
    from dashdesk.ui.media.strip import state_for_upload

    assert state_for_upload(UploadState.QUEUED) is ItemState.WAITING
    assert state_for_upload(UploadState.CHECKING) is ItemState.WAITING
    assert state_for_upload(UploadState.UPLOADING) is ItemState.UPLOADING
    assert state_for_upload(UploadState.WAITING) is ItemState.RETRYING
    assert state_for_upload(UploadState.DONE) is ItemState.READY
    assert state_for_upload(UploadState.FAILED, "ServerError") is ItemState.FAILED
    assert state_for_upload(UploadState.FAILED, "corrupt") is ItemState.REFUSED
    assert state_for_upload(UploadState.CANCELLED) is None


def test_replacing_a_file_keeps_its_place_and_uploads_the_new_one(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    strip.add_paths([sample_files["jpeg"], sample_files["corrupt_jpeg"], sample_files["mp4"]])
    run(strip.wait_ready())
    assert strip.items()[1].state is ItemState.REFUSED
    key = strip.items()[1].key
    strip.tracker.replace_file(strip.items()[1], sample_files["png"])
    ids = run(strip.wait_ready())
    fixed = strip.items()[1]
    assert fixed.key == key and fixed.name == sample_files["png"].name
    assert fixed.state is ItemState.READY and fixed.code is None and fixed.message is None
    assert len(ids) == 3 and fake_library.media[ids[1]].filename == sample_files["png"].name
    assert not strip.has_blocking_problems()


def test_damaged_tile_names_its_file_and_reason(
    run: Any, fake_library: FakeLibrary, sample_files: dict[str, Path], qtbot: Any
) -> None:
    """Issue 20.4: a damaged file's tile says which file it is and why, not only a ⊘."""
    strip = MediaStrip(make_hub(fake_library))
    qtbot.addWidget(strip)
    strip.add_paths([sample_files["jpeg"], sample_files["corrupt_jpeg"]])
    run(strip.wait_ready())
    index = strip.view.model().index(1, 0)
    name = sample_files["corrupt_jpeg"].name
    assert index.data(Qt.ItemDataRole.DisplayRole) == name
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == f"2: {name}, Damaged file"
