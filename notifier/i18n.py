"""The gettext catalogs (`notifier/locale/<lang>/LC_MESSAGES/messages.po`), read at first use.

The `.po` files are the only form kept in git: each process compiles them in memory with
Babel the first time a language is spoken (a few milliseconds), so a clean checkout, `make
run` and `make test` need no build step and no compiled `.mo` can go stale. How to add or
change a text: README, "Translations".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from gettext import GNUTranslations
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from notifier.core import language
from notifier.core.language import LANGUAGES, POLISH, Voice

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


def catalog_path(lang: str) -> Path:
    """Where the catalog of `lang` ('en', 'uk') is."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def voice(lang: str) -> Voice:
    """The Voice of `lang` (one of LANGUAGES; Polish has no catalog), compiled once per process.

    Raises ValueError for a language we do not write; OSError if its catalog is missing.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    if lang == POLISH:
        return Voice(POLISH)
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    catalog.fuzzy = False  # the header (Plural-Forms) is no translation to leave out
    mo = BytesIO()
    write_mo(mo, catalog)  # fuzzy entries are left out: untranslated, they read as Polish
    mo.seek(0)
    return Voice(lang, GNUTranslations(mo))


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Write in `lang` inside the block: the core's wording, the templates' texts, dates."""
    with language.speaking(voice(lang)):
        yield
