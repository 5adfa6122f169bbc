"""The active gettext catalog and the functions that look words up in it."""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locales")
DOMAIN = "dashdesk"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def install(language: str) -> None:
    """Make ``language`` (e.g. "de", "pt_BR") the catalog every later lookup uses; English if absent."""
    global _translations, _language
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)
    _language = language if type(_translations) is not gettext.NullTranslations else "en"


def current_language() -> str:
    """The language code whose catalog is active ("en" when none is)."""
    return _language


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def tr(message: str, /, **values: object) -> str:
    """``message`` in the active language, with ``{name}`` placeholders filled from ``values``."""
    return _fill(_translations.gettext(message), values)


def ntr(singular: str, plural: str, n: int, /, **values: object) -> str:
    """The plural form of a counted sentence that suits ``n``; ``{n}`` and ``values`` are filled in."""
    return _fill(_translations.ngettext(singular, plural, n), {"n": n, **values})


def ptr(context: str, message: str, /, **values: object) -> str:
    """``message`` translated in ``context`` (for short words that mean different things)."""
    return _fill(_translations.pgettext(context, message), values)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translate it with ``tr`` when shown)."""
    return message
