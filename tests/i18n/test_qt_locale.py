"""The Qt side of a language: Qt's own buttons translated, the default locale, Arabic mirrored."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QHBoxLayout, QPushButton, QWidget

from dashdesk.ui.locale_setup import apply_to_qt


@pytest.fixture
def app(qapp):
    yield qapp
    apply_to_qt(qapp, "en")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def test_german_gets_qts_own_words_and_locale(app: QApplication, qtbot) -> None:
    translator = apply_to_qt(app, "de")
    try:
        assert translator is not None  # qtbase_de.qm ships with PySide6
        assert QLocale().language() == QLocale.Language.German
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
        assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight
    finally:
        if translator is not None:
            app.removeTranslator(translator)


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_arabic_mirrors_the_layout(app: QApplication, qtbot) -> None:
    translator = apply_to_qt(app, "ar")
    try:
        assert app.layoutDirection() == Qt.LayoutDirection.RightToLeft
        row = QWidget()
        qtbot.addWidget(row)
        layout = QHBoxLayout(row)
        first, second = QPushButton("1"), QPushButton("2")
        layout.addWidget(first)
        layout.addWidget(second)
        row.resize(300, 40)
        row.show()
        qtbot.waitExposed(row)
        assert first.x() > second.x()  # the first widget sits on the right
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
