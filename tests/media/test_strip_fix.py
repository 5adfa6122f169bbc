"""Fixes in the media strip: findings on the tile, one-click fix with progress, cancel, the editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMenu

from dashdesk.media import samples
from dashdesk.ui.media import ItemState, MediaStrip

from .conftest import FakeLibrary, drop_files, make_hub, until

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen plugin, on show()


def test_a_webm_needs_a_fix_and_one_click_replaces_it(
    run: Any, fake_library: FakeLibrary, qtbot: Any, tmp_path: Path
) -> None:
    webm = samples.make_video(tmp_path / "clip.webm", 1.0, 320, 180, codec="libvpx-vp9", container="webm")
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    strip.show()
    strip.set_targets([("tiktok", None)])
    assert drop_files(strip.view.viewport(), [webm])
    run(until(lambda: strip.fix_button.isVisible()))
    (item,) = strip.items()
    assert item.code == "needs_fix" and item.badge == "danger" and "TikTok will refuse it" in item.message
    assert "Needs a fix" in item.tooltip()
    assert any("9:16" in p.message for p in item.problems)  # the other findings stay on the tile
    assert strip.has_blocking_problems() and fake_library.uploads == []
    run(until(lambda: item.thumb is not None))  # a thumbnail even though the first look refused it
    assert strip.fix_selected()
    assert item.state is ItemState.FIXING and item.busy and not strip.fix_button.isVisible()
    run(until(lambda: strip.items()[0].state is ItemState.READY))
    (item,) = strip.items()
    assert item.path is not None and item.path.suffix == ".mp4" and item.info is not None
    assert fake_library.uploads == [item.path]
    assert not strip.has_blocking_problems()


def test_cancel_puts_the_item_back(run: Any, fake_library: FakeLibrary, qtbot: Any, tmp_path: Path) -> None:
    avi = samples.make_video(tmp_path / "old.avi", 8.0, 640, 360, codec="mpeg4", container="avi")
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    strip.show()
    strip.set_targets([("linkedin", None)])
    strip.add_paths([avi])
    run(until(lambda: strip.fix_button.isVisible()))
    (item,) = strip.items()
    strip.fixer.runner.progress.connect(lambda *_: strip.fixer.cancel(item))
    assert strip.fixer.fix(item)
    run(until(lambda: item.state is ItemState.REFUSED))
    assert item.code == "needs_fix" and strip.fix_button.isVisible()
    assert fake_library.uploads == []


def test_menu_offers_the_fix_and_the_editor(run: Any, fake_library: FakeLibrary, qtbot: Any, tmp_path: Path,
                                            monkeypatch: Any) -> None:
    avif = tmp_path / "photo.avif"
    from PIL import Image

    Image.new("RGB", (300, 200), "teal").save(avif, format="AVIF")
    hub = make_hub(fake_library)
    strip = MediaStrip(hub)
    qtbot.addWidget(strip)
    strip.show()
    strip.set_targets([("instagram", "FEED")])
    strip.add_paths([avif])
    run(until(lambda: strip.fix_button.isVisible()))
    shown: list[list[str]] = []
    monkeypatch.setattr(QMenu, "popup", lambda self, *_: shown.append([a.text() for a in self.actions()]))
    from dashdesk.ui.media.strip.widget import show_item_menu

    show_item_menu(strip, strip.view.visualRect(strip.model.index(0)).center())
    assert "Fix it" in shown[0] and "Fix with preview, crop and trim…" in shown[0]
    dialog = strip.fixer.open_editor(strip.items()[0])
    assert dialog is not None
    with qtbot.waitSignal(dialog.fixed, timeout=30_000):
        dialog.start_fix()
    run(until(lambda: strip.items()[0].state is ItemState.READY))
    assert strip.items()[0].info is not None and strip.items()[0].info.codec == "JPEG"
    dialog.runner.shutdown(wait=True)
