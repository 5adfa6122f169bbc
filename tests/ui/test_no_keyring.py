"""No usable keyring: every screen says the key is kept for this session only, and nothing claims otherwise."""

from __future__ import annotations

import pytest

from dashdesk.api import DashClient
from dashdesk.api.retry import NO_RETRY
from dashdesk.services.session import Session
from dashdesk.ui.main_window import MainWindow
from dashdesk.ui.settings_dialog import SettingsDialog
from dashdesk.ui.sign_in import SignInScreen

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOTICE = ("DashDesk cannot save your API key because no system keyring is available. "
          "It is kept for this session only; you will be asked for it again next time.")


def test_sign_in_notice_stays_after_test(qtbot, run, sandbox) -> None:
    screen = SignInScreen(api_url=sandbox.url, notice=NOTICE)
    qtbot.addWidget(screen)
    screen.show()
    screen.key.setText(sandbox.api_key)
    run(screen.test())
    assert screen.status.text().startswith("The key works")
    assert screen.notice.text() == NOTICE and screen.notice.isVisible()
    run(screen.session.aclose())


def test_sign_in_without_notice_shows_no_empty_line(qtbot) -> None:
    screen = SignInScreen()
    qtbot.addWidget(screen)
    assert not screen.notice.isVisibleTo(screen)


def note_of(dialog: SettingsDialog) -> str:
    from PySide6.QtWidgets import QLabel

    return dialog.findChild(QLabel, "signOutNote").text()


@pytest.mark.parametrize(("session_only", "sandbox_mode"), [(True, False), (False, True), (False, False)])
def test_settings_sign_out_words_match_where_the_key_is(qtbot, settings, session_only, sandbox_mode) -> None:
    session = Session(None, 1, "Acme", sandbox=object() if sandbox_mode else None, key_session_only=session_only)
    dialog = SettingsDialog(None, settings, session)
    qtbot.addWidget(dialog)
    note = note_of(dialog)
    if session_only:
        assert "not saved" in note and "forgotten when DashDesk quits" in note
    if sandbox_mode:
        assert "demo" in note and "key" not in note
    if session_only or sandbox_mode:
        assert "keyring" not in note or "no usable keyring" in note
        assert "removes the saved key" not in note
    else:
        assert "removes the saved key" in note


def test_main_window_says_the_key_will_be_forgotten(qtbot, qloop, sandbox, settings, data_dir) -> None:
    from PySide6.QtWidgets import QLabel

    client = DashClient(sandbox.api_key, api_url=sandbox.url, retry=NO_RETRY)
    window = MainWindow(Session(client, sandbox.brand_id, "Acme", key_session_only=True), settings)
    qtbot.addWidget(window)
    label = window.statusBar().findChild(QLabel, "keyNotSaved")
    assert label is not None and "sign in again next time" in label.text()
    plain = MainWindow(Session(client, sandbox.brand_id, "Acme"), settings)
    qtbot.addWidget(plain)
    assert plain.statusBar().findChild(QLabel, "keyNotSaved") is None
    qloop.run_until_complete(window.aclose())
    qloop.run_until_complete(plain.aclose())
    qloop.run_until_complete(client.aclose())
