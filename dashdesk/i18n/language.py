"""Which language DashDesk speaks: the Language setting, else the system's (Qt-free).

On Linux the system's language comes from ``LANGUAGE`` (a colon-separated preference list), then
``LC_ALL``, ``LC_MESSAGES`` and ``LANG``, the order gettext itself uses; on macOS and Windows from the
OS setting, which the UI layer reads with ``QLocale.system().uiLanguages()`` and passes in (so this
module never imports Qt and headless commands follow the same rule). ``DASHDESK_LANGUAGE`` overrides
everything, for development (``en_XA`` is the pseudo-locale).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping

SOURCE = "en"
PSEUDO = "en_XA"
#: Shipped languages, in their own names (the Language setting lists them so).
NAMES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "pt_BR": "Português (Brasil)",
    "ja": "日本語",
    "ar": "العربية",
}
SUPPORTED = (*NAMES, PSEUDO)
#: Languages written right to left (the whole layout mirrors).
RIGHT_TO_LEFT = frozenset({"ar"})
_ENV_ORDER = ("LC_ALL", "LC_MESSAGES", "LANG")
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{4}))?(?:[-_]([A-Za-z]{2}|\d{3}))?$")


def normalize(tag: str) -> str | None:
    """``de_AT.UTF-8`` → ``de``; ``pt-BR`` → ``pt_BR``; ``C``/``POSIX``/junk → None. Only the languages
    DashDesk ships come back (a regional variant falls back to its language)."""
    tag = tag.strip().split(".")[0].split("@")[0]
    if not tag or tag.upper() in ("C", "POSIX"):
        return None
    if tag == PSEUDO or tag.replace("-", "_") == PSEUDO:
        return PSEUDO
    m = _TAG.match(tag)
    if not m:
        return None
    language = m.group(1).lower()
    if language == "pt":
        return "pt_BR"  # the one Portuguese shipped (closer for Portugal than English is)
    return language if language in NAMES else None


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The first shipped language the POSIX locale variables ask for, gettext's order."""
    for tag in (environ.get("LANGUAGE") or "").split(":"):
        found = normalize(tag)
        if found:
            return found
    for name in _ENV_ORDER:
        value = environ.get(name)
        if value:  # the first variable that is set decides (LC_ALL wins over LANG)
            return normalize(value)
    return None


def choose_language(
    setting: str | None,
    environ: Mapping[str, str],
    ui_languages: Iterable[str] | None = None,
    platform: str = sys.platform,
) -> str:
    """The language to speak: ``DASHDESK_LANGUAGE``, else the setting ("" or None: the system's), else
    the OS's UI languages (macOS, Windows) or the environment (Linux and others), else English."""
    override = normalize(environ.get("DASHDESK_LANGUAGE", "") or "")
    if override:
        return override
    chosen = normalize(setting or "")
    if chosen:
        return chosen
    if platform in ("darwin", "win32") and ui_languages is not None:
        for tag in ui_languages:
            found = normalize(tag)
            if found:
                return found
        return SOURCE
    return from_environment(environ) or SOURCE


def is_right_to_left(language: str) -> bool:
    """Whether ``language`` is written right to left."""
    return language.split("_")[0] in RIGHT_TO_LEFT
