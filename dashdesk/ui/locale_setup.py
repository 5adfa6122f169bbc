"""The Qt side of the chosen language: Qt's own words, the default locale, and right-to-left layout.

The catalog itself is installed before any window exists (``dashdesk.__main__`` for the app and the
headless commands alike, :func:`dashdesk.language_setup.install_language`); :func:`apply_to_qt` then gives Qt's dialogs
(buttons, file dialogs, context menus) their shipped translations, makes ``QLocale()`` the chosen
language (so Qt's own date and number widgets follow), and mirrors the whole layout for Arabic.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from dashdesk.i18n import current_language
from dashdesk.i18n.language import is_right_to_left


def apply_to_qt(app: QApplication, language: str | None = None) -> QTranslator | None:
    """Qt's own translations, the default locale and the layout direction for ``language``."""
    language = language or current_language()
    if language in ("en", "en_XA"):
        QLocale.setDefault(
            QLocale(QLocale.Language.English, QLocale.Country.UnitedStates) if language == "en_XA" else QLocale.system()
        )
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        return None
    QLocale.setDefault(QLocale(language))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_right_to_left(language) else Qt.LayoutDirection.LeftToRight
    )
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", folder):
        app.installTranslator(translator)
        return translator
    return None
