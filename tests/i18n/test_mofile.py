"""The fast catalog reader gives exactly what Python's gettext gives, for every shipped catalog, and a damaged
catalog falls back to English instead of stopping the app."""

from __future__ import annotations

import gettext
import struct
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashdesk.i18n import catalog
from dashdesk.i18n.language import SUPPORTED
from dashdesk.i18n.mofile import MoTranslations, find

LANGUAGES = [code for code in SUPPORTED if code not in ("en", "en_XA")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_and_plural_matches_gettext(language: str) -> None:
    path = find(catalog.DOMAIN, catalog.LOCALE_DIR, language)
    assert path is not None
    fast = MoTranslations(path)
    with path.open("rb") as fh:
        reference = gettext.GNUTranslations(fh)
    keys = list(reference._catalog)  # type: ignore[attr-defined]
    assert len(fast) == len({k[0] if isinstance(k, tuple) else k for k in keys}) - 1  # less the header
    for key in keys:
        if isinstance(key, tuple):  # (msgid, form): check the plural rule for many counts
            msgid = key[0]
            plural = msgid + "s"
            for n in (0, 1, 2, 3, 5, 11, 21, 100, 101, 1_000_000):
                assert fast.ngettext(msgid, plural, n) == reference.ngettext(msgid, plural, n), (msgid, n)
        elif "\x04" in key:
            context, message = key.split("\x04", 1)
            assert fast.pgettext(context, message) == reference.pgettext(context, message)
        elif key:
            assert fast.gettext(key) == reference.gettext(key)
    assert fast.gettext("A sentence no catalog has.") == "A sentence no catalog has."
    assert fast.ngettext("one apple", "{n} apples", 3) == "{n} apples"


@given(st.binary(max_size=64))
def test_a_damaged_catalog_is_refused_with_a_typed_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("mo") / "dashdesk.mo"
    path.write_bytes(data)
    try:
        read = MoTranslations(path)
    except (OSError, ValueError, struct.error):
        return  # the typed errors catalog.install turns into English
    assert read.gettext("Cancel") == "Cancel"  # (a header alone is a valid, empty catalog)


def test_install_falls_back_to_english_on_a_damaged_catalog(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "de" / "LC_MESSAGES" / "dashdesk.mo").write_bytes(b"\xde\x12\x04\x95 truncated")
    monkeypatch.setattr(catalog, "LOCALE_DIR", tmp_path)
    try:
        catalog.install("de")
        assert catalog.current_language() == "en"
        assert catalog.tr("Cancel") == "Cancel"
    finally:
        monkeypatch.undo()
        catalog.install("en")
