"""A composer killed in another process is offered for restore at the next start, text and media intact."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from composer_child import MEDIA, TEXT
from PySide6.QtWidgets import QApplication

from dashdesk.store.autosave import pending_restores
from dashdesk.ui.composer import ComposerDialog, RestoreDialog, restore_composers

CHILD = Path(__file__).with_name("composer_child.py")


def _kill_a_composer(data_dir: Path) -> None:
    env = {**os.environ, "DASHDESK_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    root = Path(__file__).resolve().parents[2]
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    child = subprocess.Popen([sys.executable, str(CHILD)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=env, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "ready", child.stderr.read()
    finally:
        child.kill()  # no clean shutdown: like a crash or a kill -9
        child.wait(30)
        child.stdout.close()
        child.stderr.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_killed_composer_is_offered_and_restored(qtbot, data_dir) -> None:
    _kill_a_composer(data_dir)
    entries = pending_restores()
    assert len(entries) == 1
    assert entries[0].summary.startswith("Instagram, X, 2 media: First line of the launch post")

    offer = restore_composers(None, None, 144, "UTC", entries=entries)
    assert isinstance(offer, RestoreDialog) and offer.isVisible()
    qtbot.addWidget(offer)
    offer.restore_button.click()
    [composer] = [w for w in QApplication.topLevelWidgets() if isinstance(w, ComposerDialog) and w.isVisible()]
    qtbot.addWidget(composer)
    assert composer.editor.toPlainText() == TEXT
    assert composer.media.items() == MEDIA
    assert composer.state.platforms == ["instagram", "twitter"]
    assert composer.tab("twitter").text_field.editor.toPlainText() == "Short one for X"
    assert composer.state.text_for("instagram") == TEXT
    assert composer.dirty  # restored work is unsaved work: closing asks
    composer._discard_and_close()
    assert composer.autosave.flush()
    assert pending_restores() == []


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_discarding_a_restore_forgets_it(qtbot, data_dir) -> None:
    _kill_a_composer(data_dir)
    offer = restore_composers(None, None, 144, "UTC")
    assert offer is not None
    qtbot.addWidget(offer)
    offer.discard_button.click()
    assert pending_restores() == []
    assert restore_composers(None, None, 144, "UTC") is None
