"""Every word a person reads, in their language: one gettext catalog for the UI and the Qt-free layers.

Use ``tr("Text with {name}", name=value)`` for a sentence, ``ntr("{n} post", "{n} posts", n)`` for a
count (the catalog picks the plural form; ``{n}`` is filled in), ``ptr("context", "Text")`` where the
same English word needs two translations, and ``N_("Text")`` to mark a module-level constant that is
translated later with ``tr(CONSTANT)`` (never translate at import time: the language is chosen after).
Placeholders are named so translators can reorder them; never build a sentence from fragments.
"""

from dashdesk.i18n.catalog import N_, current_language, install, ntr, ptr, tr

__all__ = ["N_", "current_language", "install", "ntr", "ptr", "tr"]
