"""The active gettext catalog and the functions that look words up in it."""

from __future__ import annotations

import gettext
import re
import struct
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locales")
DOMAIN = "dashdesk"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


_ACCENTS = str.maketrans("aceinouyACEINOUY", "åçéîñöûýÅÇÉÎÑÖÛÝ")
_TOKEN = re.compile(r"(\{[^{}]*\}|&&|&.|<[^>]*>|\n)")


def pseudo(text: str) -> str:
    """``text`` as the pseudo-locale shows it: accented, about 40% longer and wrapped in ⟦ ⟧, with its
    placeholders, ``&`` accelerators, tags and line breaks kept (untranslated text then stands out,
    and clipped text shows where the brackets go missing)."""
    parts = _TOKEN.split(text)
    out = [p if _TOKEN.fullmatch(p) else p.translate(_ACCENTS) for p in parts]
    letters = sum(len(p) for p in parts if not _TOKEN.fullmatch(p))
    return "⟦" + "".join(out) + "·" * max(1, round(letters * 0.4)) + "⟧"


class PseudoTranslations(gettext.NullTranslations):
    """The development pseudo-locale ``en_XA``: every message through :func:`pseudo`."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)


def install(language: str) -> None:
    """Make ``language`` (e.g. "de", "pt_BR", or the pseudo-locale "en_XA") the catalog every later
    lookup uses; English when there is no catalog for it."""
    global _translations, _language
    if language == "en_XA":
        _translations, _language = PseudoTranslations(), language
        return
    from dashdesk.i18n.mofile import MoTranslations, find

    path = find(DOMAIN, LOCALE_DIR, language)
    try:
        _translations = MoTranslations(path) if path is not None else gettext.NullTranslations()
    except (OSError, ValueError, struct.error):  # a damaged catalog: English rather than a crash
        _translations, path = gettext.NullTranslations(), None
    _language = language if path is not None else "en"


def current_language() -> str:
    """The language code whose catalog is active ("en" when none is)."""
    return _language


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def tr(message: str, /, **values: object) -> str:
    """``message`` in the active language, with ``{name}`` placeholders filled from ``values``."""
    if not message:  # gettext("") is the catalog's header
        return message
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
