"""Keep the catalogs in step with the source: ``python -m dashdesk.i18n.tools extract|update|compile|check``.

- ``extract`` reads every ``tr``/``ntr``/``ptr``/``N_`` call under ``dashdesk/`` (the sandbox excepted:
  it answers like Dash, in English) with ``# Translators:`` comments into ``locales/dashdesk.pot``.
- ``update`` merges the template into each language's ``.po`` (new entries stay empty; no guessing
  from similar entries, so nothing half-right ships as if translated).
- ``compile`` writes the ``.mo`` files the app loads (committed, so a clone runs without Babel).
- ``check`` lists, per language, what is untranslated or fuzzy and where a translation's ``{name}``
  placeholders or ``&`` accelerators differ from the English; exits 1 when anything is found.

Babel's Python API does the work (the same code as ``pybabel``), so no tool needs to be on PATH.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from dashdesk.i18n.catalog import DOMAIN, LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent
POT = LOCALE_DIR / f"{DOMAIN}.pot"
#: The shipped languages besides English (the source). ``en_XA`` (pseudo) is generated, not kept here.
LANGUAGES = ("de", "fr", "es", "pt_BR", "ja", "ar")
KEYWORDS = {"tr": None, "ntr": (1, 2), "ptr": ((1, "c"), 2), "N_": None}
SKIP_DIRS = ("sandbox",)
#: A fixed date in the headers: catalogs change only when their messages do.
STAMP = datetime(2026, 1, 1)
WIDTH = 100

_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}(?!\})")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` placeholders of ``text`` (doubled braces are literal)."""
    return set(_PLACEHOLDER.findall(text))


def accelerators(text: str) -> int:
    """How many ``&`` accelerators ``text`` has (``&&`` is a literal ampersand)."""
    return len(re.findall(r"&(?!&)[^\s&]", text.replace("&&", "")))


def _sources() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if not any(part in SKIP_DIRS for part in p.relative_to(PACKAGE).parts)
    )


def extract_catalog() -> object:
    """The template catalog built from the source (a Babel ``Catalog``)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract

    catalog = Catalog(
        project="DashDesk",
        version="1",
        copyright_holder="DashDesk",
        charset="utf-8",
        creation_date=STAMP,
        revision_date=STAMP,
        fuzzy=False,
    )
    root = PACKAGE.parent
    for path in _sources():
        # Babel warns about every f-string argument (placeholder values such as ``time=f"{t:%H:%M}"``);
        # messages themselves are plain strings, which the placeholder check below keeps honest.
        with path.open("rb") as f, contextlib.redirect_stderr(io.StringIO()):
            found = list(
                extract("python", f, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True)
            )
        for lineno, message, comments, context in found:
            where = [(path.relative_to(root).as_posix(), lineno)]
            catalog.add(message, None, where, auto_comments=comments, context=context)
    return catalog


def _write_po(catalog: object, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=WIDTH, sort_by_file=True, include_previous=False)  # type: ignore[arg-type]


def _read_po(path: Path, locale: str | None = None) -> object:
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


def po_path(language: str) -> Path:
    """Where ``language``'s catalog lives."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> int:
    """Write the template; returns how many messages it has."""
    catalog = extract_catalog()
    _write_po(catalog, POT)
    return len(catalog)  # type: ignore[arg-type]


def update(languages: Iterable[str] = LANGUAGES) -> None:
    """Merge the template into each language's catalog (created when missing)."""
    from babel.messages.catalog import Catalog

    template = _read_po(POT)
    for language in languages:
        path = po_path(language)
        if path.exists():
            catalog = _read_po(path, language)
        else:
            catalog = Catalog(
                locale=language,
                domain=DOMAIN,
                project="DashDesk",
                version="1",
                creation_date=STAMP,
                revision_date=STAMP,
                fuzzy=False,
            )
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)  # type: ignore[attr-defined]
        catalog.revision_date = STAMP  # type: ignore[attr-defined]
        _write_po(catalog, path)


def compile_all(languages: Iterable[str] = LANGUAGES) -> list[Path]:
    """Write each language's ``.mo``; returns the files written."""
    from babel.messages.mofile import write_mo

    written = []
    for language in languages:
        path = po_path(language)
        if not path.exists():
            continue
        catalog = _read_po(path, language)
        mo = path.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog, use_fuzzy=False)  # type: ignore[arg-type]
        written.append(mo)
    return written


def problems(language: str) -> list[str]:
    """What is unfinished or inconsistent in ``language``'s catalog, one line each."""
    path = po_path(language)
    if not path.exists():
        return [f"{language}: no catalog (run update)"]
    catalog = _read_po(path, language)
    out = []
    for message in catalog:  # type: ignore[attr-defined]
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        where = f"{language}: {ids[0][:60]!r}"
        if message.fuzzy:
            out.append(f"{where} is fuzzy")
        if not all(strings):
            out.append(f"{where} is not translated")
            continue
        wanted = placeholders(" ".join(ids))
        # A plural form may leave {n} out ("one post"), and whatever only one of the English forms has
        # ("this {name} post" / "{n} posts"); {article} is English's "a"/"an", which other languages drop.
        optional = {"n", "article"} | (placeholders(ids[0]) ^ placeholders(ids[-1]))
        for s in strings:
            got = placeholders(s)
            if got - wanted or (wanted - got) - optional:
                out.append(f"{where}: placeholders {sorted(got)} differ from {sorted(wanted)}")
                break
        if accelerators(ids[0]) != accelerators(strings[0]):
            out.append(f"{where}: the & accelerator is missing or doubled")
    return out


def check(languages: Iterable[str] = LANGUAGES) -> list[str]:
    """Every language's problems."""
    return [line for language in languages for line in problems(language)]


def main(argv: list[str] | None = None) -> int:
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashdesk.i18n.tools", description="Keep DashDesk's message catalogs in step with the source."
    )
    parser.add_argument(
        "command",
        choices=("extract", "update", "compile", "check", "all"),
        help="extract: write the template; update: merge it into each language; compile: "
        "write the .mo files; check: list what is unfinished; all: the first three",
    )
    parser.add_argument("--language", action="append", help="only this language (repeatable)")
    args = parser.parse_args(argv)
    languages = tuple(args.language or LANGUAGES)
    if args.command in ("extract", "all"):
        print(f"{extract()} messages in {POT.relative_to(PACKAGE.parent)}")
    if args.command in ("update", "all"):
        update(languages)
        print(f"updated {', '.join(languages)}")
    if args.command in ("compile", "all"):
        for mo in compile_all(languages):
            print(f"wrote {mo.relative_to(PACKAGE.parent)}")
    if args.command == "check":
        found = check(languages)
        for line in found:
            print(line)
        if found:
            print(f"{len(found)} problems", file=sys.stderr)
            return 1
        print("every catalog is complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
