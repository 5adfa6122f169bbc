"""Playing a previewed video: the play mark plays it in a player window when Qt Multimedia is there,
else in the system's video player; the tooltip says which beforehand."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt

from dashdesk.ui.previews import PlatformPreview, PreviewItem, PreviewPost, multimedia_available
from dashdesk.ui.previews import player as player_module
from dashdesk.ui.previews.media import PreviewMedia


@pytest.fixture
def media() -> Iterator[PreviewMedia]:
    loader = PreviewMedia()
    yield loader
    loader.close()


def _reel(qtbot, media: PreviewMedia, video_file) -> tuple[PlatformPreview, str]:
    ref = str(video_file("orange"))
    preview = PlatformPreview(media=media)
    qtbot.addWidget(preview)
    preview.show_post(PreviewPost("instagram", "REEL", "Northwind Studio", "Behind the scenes",
                                  media=(PreviewItem(ref, True),)))
    preview.show()
    qtbot.waitUntil(lambda: media.picture(ref, True) is not None, timeout=20000)
    preview.resize(preview.sizeHint())
    preview.grab()  # a paint pass places the play mark
    assert "play" in preview._hits
    return preview, ref


def _play_point(preview: PlatformPreview) -> QPoint:
    frame = preview.frame_rect()
    return preview._hits["play"].center() + frame.topLeft()


def test_without_qt_multimedia_the_system_player_opens_the_file(qtbot, media, video_file, monkeypatch) -> None:
    monkeypatch.setattr(player_module, "multimedia_available", lambda: False)
    opened = []
    monkeypatch.setattr(player_module.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    preview, ref = _reel(qtbot, media, video_file)
    assert player_module.play_tip() == "Play the video (opens in your video player)"
    qtbot.mouseClick(preview, Qt.MouseButton.LeftButton, pos=_play_point(preview))
    assert [u.toLocalFile() for u in opened] == [ref]
    assert preview.players == []
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_Space)  # the keyboard plays it too
    assert len(opened) == 2


def test_a_click_elsewhere_plays_nothing(qtbot, media, video_file, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(player_module, "multimedia_available", lambda: False)
    monkeypatch.setattr(player_module.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    preview, _ = _reel(qtbot, media, video_file)
    qtbot.mouseClick(preview, Qt.MouseButton.LeftButton, pos=preview.frame_rect().topLeft() + QPoint(3, 3))
    assert opened == []


@pytest.mark.skipif(not multimedia_available(), reason="Qt Multimedia (the optional video extra) is not installed")
def test_with_qt_multimedia_the_video_plays_in_dashdesks_player_window(qtbot, media, video_file,
                                                                      monkeypatch) -> None:
    """The player runs in its own process (Qt Multimedia's FFmpeg and PyAV's can't share one); with
    DASHDESK_PLAYER_CHECK it exits 0 once the video plays."""
    monkeypatch.setenv("DASHDESK_PLAYER_CHECK", "1")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    opened = []
    monkeypatch.setattr(player_module.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    preview, ref = _reel(qtbot, media, video_file)
    assert player_module.play_tip() == "Play the video"
    qtbot.mouseClick(preview, Qt.MouseButton.LeftButton, pos=_play_point(preview))
    (process,) = preview.players
    assert process.arguments()[-1].endswith(ref.replace("\\", "/").split("/")[-1])
    with qtbot.waitSignal(process.finished, timeout=30000) as finished:
        pass
    code = finished.args[0]
    assert code in (0, player_module.NO_MULTIMEDIA), bytes(process.readAllStandardError()).decode()[-500:]
    if code == player_module.NO_MULTIMEDIA:  # installed but not loadable here: the system player took over
        assert [u.toLocalFile() for u in opened] == [ref]
    else:
        assert opened == []


def test_the_player_window_says_when_a_file_cant_be_played(tmp_path) -> None:
    import os
    import subprocess
    import sys

    if not multimedia_available():
        pytest.skip("Qt Multimedia (the optional video extra) is not installed")
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(b"not a video at all")
    env = {**os.environ, "DASHDESK_PLAYER_CHECK": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "dashdesk.ui.previews.player_window", bad.as_uri()],
                          env=env, capture_output=True, timeout=60)
    assert done.returncode in (1, player_module.NO_MULTIMEDIA)
