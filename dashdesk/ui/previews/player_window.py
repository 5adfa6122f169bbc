"""The preview's video player window (Qt Multimedia), run in its own process (see ``player.py``)."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QUrl

from dashdesk.i18n import tr

try:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
    from PySide6.QtMultimediaWidgets import QVideoWidget
except ImportError:  # the parent falls back to the system's player on this exit code
    if __name__ == "__main__":
        from dashdesk.ui.previews.player import NO_MULTIMEDIA

        sys.exit(NO_MULTIMEDIA)
    raise
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from dashdesk.ui import icons


def _clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class VideoPlayerWindow(QDialog):
    """Plays one video with play/pause, a position slider and its time; says so when it can't play."""

    def __init__(self, url: QUrl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Preview: {name}", name=url.fileName() or 'video'))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 420)
        self.video = QVideoWidget(self)
        self.video.setAccessibleName(tr("Video"))
        self.audio = QAudioOutput(self)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video)
        self.player.setSource(url)
        self.play_button = QPushButton(icons.icon("pause-fill"), tr(""), self)
        self.play_button.setAccessibleName(tr("Pause"))
        self.play_button.setToolTip(tr("Pause (Space)"))
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setAccessibleName(tr("Position in the video"))
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.time = QLabel(tr("0:00 / 0:00"), self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time)
        layout = QVBoxLayout(self)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.error)
        layout.addLayout(controls)
        self.player.durationChanged.connect(self._duration)
        self.player.positionChanged.connect(self._position)
        self.player.playbackStateChanged.connect(self._state)
        self.player.errorOccurred.connect(self._failed)

    def toggle(self) -> None:
        """Play or pause."""
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Space plays and pauses."""
        if event.key() == Qt.Key.Key_Space:
            self.toggle()
        else:
            super().keyPressEvent(event)

    def _duration(self, ms: int) -> None:
        self.slider.setRange(0, ms)
        self._position(self.player.position())

    def _position(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time.setText(tr("{ms} / {duration}", ms=_clock(ms), duration=_clock(self.player.duration())))

    def _state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setIcon(icons.icon("pause-fill" if playing else "play-fill"))
        self.play_button.setAccessibleName(tr("Pause") if playing else tr("Play"))
        self.play_button.setToolTip(tr("Pause (Space)") if playing else tr("Play (Space)"))

    def _failed(self, _error: QMediaPlayer.Error, _text: str) -> None:
        self.error.setText(tr(
                "This video can't be played here. It may be damaged or in a format this computer can't play; Dash may"
                " still accept it."
            ))
        self.error.show()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Stop playing when the window closes."""
        self.player.stop()
        super().closeEvent(event)


def main(argv: list[str] | None = None) -> int:
    """The player child process: ``python -m dashdesk.ui.previews.player_window URL``.

    Exits 0 when closed. With ``DASHDESK_PLAYER_CHECK`` set (tests), it exits 0 as soon as the video
    plays and 1 when it can't be played.
    """
    import os

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dashdesk.ui.theme import install_theme

    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m dashdesk.ui.previews.player_window URL", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_theme(app)
    window = VideoPlayerWindow(QUrl(args[0]))
    window.show()
    window.player.play()
    if os.environ.get("DASHDESK_PLAYER_CHECK"):
        def settled() -> None:
            if window.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
                app.exit(0)
            elif window.error.isVisible():
                app.exit(1)

        timer = QTimer(window, interval=50)
        timer.timeout.connect(settled)
        timer.start()
        QTimer.singleShot(20_000, lambda: app.exit(1))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
