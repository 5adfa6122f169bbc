"""The fix dialog, crop editor and trim editor, offscreen with pytest-qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from dashdesk.media.probe import probe_file
from dashdesk.ui.media.fixing import CropEditor, FixDialog, FixRunner, TrimEditor

from .makers import make_still, make_video, stream_facts

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def runner(qtbot) -> Iterator[FixRunner]:
    r = FixRunner()
    yield r
    r.shutdown(wait=True)
    r.deleteLater()


def test_crop_editor_moves_with_mouse_and_keys(qtbot) -> None:
    editor = CropEditor()
    qtbot.addWidget(editor)
    editor.resize(400, 300)
    image = QImage(320, 180, QImage.Format.Format_RGB888)
    image.fill(QColor("red"))
    editor.set_image(image)
    editor.set_aspect(9 / 16)
    editor.show()
    assert editor.horizontal()
    box = editor.crop_rect()
    assert box.width() / box.height() == pytest.approx(9 / 16, rel=0.02)
    with qtbot.waitSignal(editor.positionChanged):
        qtbot.mousePress(editor, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
        qtbot.mouseMove(editor, box.center().toPoint() + QPoint(60, 0))
        qtbot.mouseRelease(editor, Qt.MouseButton.LeftButton, pos=box.center().toPoint() + QPoint(60, 0))
    assert editor.position() > 0.6
    qtbot.keyClick(editor, Qt.Key.Key_Home)
    assert editor.position() == 0.0
    assert editor.crop_rect().left() == pytest.approx(editor._picture_rect().left(), abs=1)
    qtbot.keyClick(editor, Qt.Key.Key_Right)
    assert editor.position() == pytest.approx(0.02)
    editor.set_aspect(None)
    assert editor.crop_rect().isEmpty()


def test_trim_editor_keeps_within_the_longest_length(qtbot) -> None:
    editor = TrimEditor()
    qtbot.addWidget(editor)
    editor.resize(600, editor.sizeHint().height())
    with qtbot.waitSignal(editor.rangeChanged) as blocker:
        editor.set_duration(90.0, max_length=60.0)
    assert blocker.args == [0.0, 60.0]
    editor.show()
    start, end = editor.handle_points()
    qtbot.mousePress(editor, Qt.MouseButton.LeftButton, pos=end.toPoint())
    qtbot.mouseMove(editor, (end - QPointF(100, 0)).toPoint())
    qtbot.mouseRelease(editor, Qt.MouseButton.LeftButton, pos=(end - QPointF(100, 0)).toPoint())
    s, e = editor.range()
    assert s == 0.0 and e < 50
    # dragging the kept part moves both ends
    middle = ((start + editor.handle_points()[1]) / 2).toPoint()
    qtbot.mousePress(editor, Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseMove(editor, middle + QPoint(80, 0))
    qtbot.mouseRelease(editor, Qt.MouseButton.LeftButton, pos=middle + QPoint(80, 0))
    s2, e2 = editor.range()
    assert s2 > 0 and e2 - s2 == pytest.approx(e - s, abs=0.01)
    editor.set_range(0.0, 90.0)
    assert editor.range() == (0.0, 60.0)  # never longer than the platform takes
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert editor.range() == pytest.approx((1.0, 60.0))  # Right moves the start
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.range() == pytest.approx((1.0, 61.0))  # Shift+Right the end
    assert "Keeps 0:01.0 to 1:01.0" in editor.summary()


def test_dialog_fixes_a_webm_for_a_reel(qtbot, runner: FixRunner, tmp_path: Path) -> None:
    src = make_video(tmp_path / "clip.webm", "libvpx-vp9", fmt="webm", audio="libopus", width=320, height=180,
                     seconds=3.5)
    before = src.read_bytes()
    dialog = FixDialog(probe_file(src), [("instagram", "REEL")], runner=runner)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 700)
    dialog.show()
    assert "Will be refused" in dialog.findings.text() and "Instagram will refuse it" in dialog.findings.text()
    qtbot.waitUntil(lambda: not dialog.crop._image.isNull(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.trim._frames != [], timeout=10_000)
    qtbot.waitUntil(lambda: dialog.after.pixmap() is not None and not dialog.after.pixmap().isNull(), timeout=10_000)
    assert dialog.fit.currentData() is None  # a landscape Reel is only shown cropped: the shape is kept by default
    dialog.fit.setCurrentIndex(1)  # crop to fit
    assert not dialog.crop.crop_rect().isEmpty()
    dialog.crop.set_position(0.0)
    assert "Fit to 9:16 by cropping" in dialog.steps.text()
    with qtbot.waitSignal(dialog.fixed, timeout=60_000) as done:
        qtbot.mouseClick(dialog.fix_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    facts = stream_facts(result.path)
    assert facts["video"] == "h264" and facts["audio"] == "aac"
    assert facts["width"] / facts["height"] == pytest.approx(9 / 16, rel=0.03)
    assert dialog.result() == FixDialog.DialogCode.Accepted
    assert src.read_bytes() == before


def test_dialog_cancel_stops_the_fix(qtbot, runner: FixRunner, tmp_path: Path) -> None:
    src = make_video(tmp_path / "old.avi", "mpeg4", fmt="avi", width=640, height=360, seconds=6.0)
    dialog = FixDialog(probe_file(src), [("tiktok", None)], runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    runner.progress.connect(lambda *_: runner.cancel())  # cancel as soon as it has started
    with qtbot.waitSignal(runner.cancelled, timeout=60_000):
        dialog.start_fix()
        assert not dialog.fix_button.isEnabled() and dialog.progress.isVisible()
    assert "Nothing was written" in dialog.status.text()
    assert dialog.fix_button.isEnabled() and not dialog.progress.isVisible()
    assert dialog.result_file is None


def test_dialog_for_a_picture_has_no_timeline(qtbot, runner: FixRunner, tmp_path: Path) -> None:
    src = make_still(tmp_path / "photo.avif", "AVIF", size=(300, 150))
    dialog = FixDialog(probe_file(src), [("instagram", "FEED")], runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.trim.isHidden()
    assert dialog.fit.currentData() == "crop"  # 2:1 is wider than the feed takes: fitting is on
    assert "1.91:1" in dialog.shape.currentText()
    with qtbot.waitSignal(dialog.fixed, timeout=30_000) as done:
        dialog.start_fix()
    assert done.args[0].facts.codec == "JPEG"
    assert done.args[0].facts.aspect == pytest.approx(1.91, rel=0.02)
