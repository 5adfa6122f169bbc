"""The catalog: plural forms from the catalog, named placeholders, the pseudo-locale, and the tools'
checks (placeholders and accelerators kept, .mo files in step with their .po)."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashdesk.i18n import N_, current_language, install, ntr, ptr, tools, tr
from dashdesk.i18n.catalog import pseudo


@pytest.fixture(autouse=True)
def english_after():
    yield
    install("en")


def test_english_is_the_source_text() -> None:
    install("en")
    assert (
        tr("Couldn't read {file}: {reason}", file="a.csv", reason="it is empty") == "Couldn't read a.csv: it is empty"
    )
    assert ntr("{n} post failed", "{n} posts failed", 1) == "1 post failed"
    assert ntr("{n} post failed", "{n} posts failed", 3) == "3 posts failed"
    assert ptr("menu", "View") == "View" and N_("Draft") == "Draft" and current_language() == "en"
    install("xx")  # no catalog: English
    assert current_language() == "en"


def test_a_catalog_picks_plural_forms_and_reorders_placeholders(tmp_path: Path, monkeypatch) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    cat = Catalog(locale="ar")
    cat.add(
        ("{n} post failed", "{n} posts failed"),
        ("لم ينشر أي منشور", "فشل منشور واحد", "فشل منشوران", "فشلت {n} منشورات", "فشل {n} منشورًا", "فشل {n} منشور"),
    )
    cat.add("Couldn't read {file}: {reason}", "تعذرت قراءة {file}: {reason}")
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "dashdesk.mo").open("wb") as f:
        write_mo(f, cat)
    monkeypatch.setattr("dashdesk.i18n.catalog.LOCALE_DIR", tmp_path)
    install("ar")
    assert current_language() == "ar"
    assert [ntr("{n} post failed", "{n} posts failed", n) for n in (0, 1, 2, 3, 11, 100)] == [
        "لم ينشر أي منشور",
        "فشل منشور واحد",
        "فشل منشوران",
        "فشلت 3 منشورات",
        "فشل 11 منشورًا",
        "فشل 100 منشور",
    ]
    assert tr("Couldn't read {file}: {reason}", file="a.csv", reason="x") == "تعذرت قراءة a.csv: x"


@given(st.text(max_size=60))
def test_pseudo_keeps_placeholders_accelerators_and_is_longer(text: str) -> None:
    out = pseudo(text)
    assert out.startswith("⟦") and out.endswith("⟧")
    assert tools.placeholders(out) == tools.placeholders(text)
    assert len(out) >= len(text) + 3


def test_pseudo_locale_wraps_every_message() -> None:
    install("en_XA")
    assert current_language() == "en_XA"
    shown = tr("Couldn't read {file}: {reason}", file="a.csv", reason="empty")
    assert shown.startswith("⟦") and "a.csv" in shown and "empty" in shown
    assert len(shown) > len("Couldn't read a.csv: empty") * 1.2
    assert tr("&Open post").count("&") == 1


def test_the_checker_finds_lost_placeholders_and_accelerators(tmp_path: Path, monkeypatch) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    cat = Catalog(locale="de")
    cat.add("Couldn't read {file}", "Konnte {datei} nicht lesen")
    cat.add("&Open post", "Beitrag öffnen")
    cat.add("Saved", "")
    cat.add("Fine {n}", "Gut {n}")
    path = tmp_path / "de" / "LC_MESSAGES" / "dashdesk.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        write_po(f, cat)
    monkeypatch.setattr(tools, "po_path", lambda language: tmp_path / language / "LC_MESSAGES" / "dashdesk.po")
    found = tools.problems("de")
    assert any("placeholders" in line and "Couldn't read" in line for line in found)
    assert any("accelerator" in line for line in found)
    assert any("'Saved' is not translated" in line for line in found)
    assert not any("Fine" in line for line in found)
    assert tools.main(["check", "--language", "de"]) == 1


def test_shipped_mo_files_match_their_po(tmp_path: Path) -> None:
    from babel.messages.pofile import read_po

    for language in tools.LANGUAGES:
        po = tools.po_path(language)
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{language}: run python -m dashdesk.i18n.tools compile"
        with po.open("rb") as f:
            catalog = read_po(f, locale=language)
        compiled = gettext.GNUTranslations(mo.open("rb"))
        for message in catalog:
            if message.id and not isinstance(message.id, tuple) and message.string and not message.fuzzy:
                found = (compiled.pgettext(message.context, message.id) if message.context
                         else compiled.gettext(message.id))
                assert found == message.string, (language, message.id)


def test_the_template_is_in_step_with_the_source() -> None:
    from babel.messages.pofile import read_po

    assert tools.POT.exists(), "run python -m dashdesk.i18n.tools extract"
    with tools.POT.open("rb") as f:
        kept = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in read_po(f) if m.id}
    current = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in tools.extract_catalog() if m.id}
    assert kept == current, "run python -m dashdesk.i18n.tools all"
