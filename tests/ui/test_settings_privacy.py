"""The settings dialog's privacy parts: keeping media metadata, and signing out with local data removed."""

from __future__ import annotations

import pytest

from dashdesk.services.session import Session
from dashdesk.ui.settings_dialog import SettingsDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note on showing a window


def dialog(qtbot, settings, *, sandbox: bool = False) -> SettingsDialog:
    session = Session(None, 144, "Acme", sandbox=object() if sandbox else None)
    dlg = SettingsDialog(None, settings, session)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_media_metadata_is_removed_unless_the_person_keeps_it(qtbot, settings) -> None:
    assert settings.keep_media_metadata is False  # clean by default
    dlg = dialog(qtbot, settings)
    assert not dlg.keep_metadata.isChecked()
    dlg.keep_metadata.setChecked(True)
    dlg._accept()
    assert settings.keep_media_metadata is True
    again = dialog(qtbot, settings)
    assert again.keep_metadata.isChecked()


def test_sign_out_alone_keeps_local_data(qtbot, settings) -> None:
    dlg = dialog(qtbot, settings)
    assert dlg.sign_out.text() == "Sign out"
    with qtbot.assertNotEmitted(dlg.signOutAndForget), qtbot.waitSignal(dlg.signOut, timeout=1000):
        dlg.sign_out.click()
    assert not dlg.isVisible()


def test_sign_out_and_remove_local_data(qtbot, settings) -> None:
    dlg = dialog(qtbot, settings)
    dlg.forget.setChecked(True)
    assert dlg.sign_out.text() == "Sign out and remove local data"
    assert dlg.sign_out.accessibleName() == dlg.sign_out.text()
    with qtbot.assertNotEmitted(dlg.signOut), qtbot.waitSignal(dlg.signOutAndForget, timeout=1000):
        dlg.sign_out.click()
    dlg.forget.setChecked(False)
    assert dlg.sign_out.text() == "Sign out"


def test_the_sandbox_dialog_names_its_demo_data(qtbot, settings) -> None:
    from PySide6.QtWidgets import QLabel

    dlg = dialog(qtbot, settings, sandbox=True)
    texts = " ".join(label.text() for label in dlg.findChildren(QLabel))
    assert "demo posts and media" in texts and "never changed" in texts
