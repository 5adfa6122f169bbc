"""Install the catalog of the chosen language before anything speaks (the app and headless commands).

The Language setting wins; empty means the system's language (see :mod:`dashdesk.i18n.language`).
Qt is only touched on macOS and Windows, to read the OS's interface languages.
"""

from __future__ import annotations

import os
import sys

from dashdesk.i18n import install
from dashdesk.i18n.language import choose_language


def system_ui_languages() -> list[str] | None:
    """The OS's interface languages on macOS and Windows (None elsewhere: the environment decides)."""
    if sys.platform in ("darwin", "win32"):
        from PySide6.QtCore import QLocale

        return list(QLocale.system().uiLanguages())
    return None


def install_language(setting: str | None = None) -> str:
    """Choose the language (the setting, else the system's) and install its catalog; returns it."""
    if setting is None:
        try:
            from dashdesk.settings import Settings

            setting = Settings.default().language
        except Exception:  # unreadable settings: the system's language
            setting = ""
    language = choose_language(setting, os.environ, system_ui_languages())
    install(language)
    return language
