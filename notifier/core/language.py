"""The reader's language: Polish (the source and the default), English or Ukrainian.

Texts an NGO sees are marked in the code and templates and translated through gettext
catalogs (`notifier/locale/`, loaded by `notifier.i18n`). The language of what is being
written now is a context variable, set by the adapter that knows the reader (a page request,
one subscriber's email, a feed's `?lang=`) with `speaking(...)`: the core's functions stay
plain functions of their arguments and write in the language of their caller's context, which
is Polish unless an adapter said otherwise (so the CLI and the office area stay Polish).

Polish is the source language: a message's id is its Polish text, and Polish needs no catalog.
Its three plural forms are written in the code (`tr_plural(n, one, few, many)`); the catalogs
give English its two forms and Ukrainian its three (gettext's `Plural-Forms`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

POLISH = "pl"
LANGUAGES = ("pl", "en", "uk")  # the order of the language switch
LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}  # each in itself
BABEL_LOCALES = {"pl": "pl_PL", "en": "en_GB", "uk": "uk_UA"}  # dates: "1–31 May 2025"


class Translations(Protocol):
    """What gettext.GNUTranslations offers and the core uses."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True)
class Voice:
    """A language and its translations (None for Polish, the source language)."""

    language: str
    translations: Translations | None = None


_POLISH_VOICE = Voice(POLISH)
_VOICE: ContextVar[Voice | None] = ContextVar("notifier_voice", default=None)


def _voice() -> Voice:
    return _VOICE.get() or _POLISH_VOICE


def current_language() -> str:
    """'pl', 'en' or 'uk': the language of what is being written now."""
    return _voice().language


def in_language(url: str) -> str:
    """`url` of one of our pages leading to it in the language being written: "…?lang=uk"
    (before any #fragment, after any query) in English or Ukrainian, as is in Polish. Every
    link of an email carries it, so a reader lands on the page in their language (m8)."""
    language = current_language()
    if language == POLISH:
        return url
    address, hash_, fragment = url.partition("#")
    joiner = "&" if "?" in address else "?"
    return f"{address}{joiner}lang={language}{hash_}{fragment}"


@contextmanager
def speaking(voice: Voice) -> Iterator[None]:
    """Write in `voice` inside the block (and in tasks and threads started from it)."""
    token = _VOICE.set(voice)
    try:
        yield
    finally:
        _VOICE.reset(token)


def gettext(message: str) -> str:
    """`message` (its Polish text) in the current language."""
    translations = _voice().translations
    return message if translations is None else translations.gettext(message)


_ = gettext


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; translate it with `_` where used."""
    return message


def quoted(text: str) -> str:
    """`text` in the current language's quotation marks: „Maj 2024” (pl), “May 2024” (en),
    «Травень 2024» (uk) — the marks are a catalog message, so each language has its own."""
    return gettext("„%(text)s”") % {"text": text}


def tr_plural(n: int, one: str, few: str, many: str) -> str:
    """The form of a word or message for a count `n` in the current language.

    Polish: `one` for 1, `few` for 2–4, 22–24… (not 12–14), `many` otherwise. Other languages:
    the catalog's forms of (`one`, `many`) by the catalog's Plural-Forms rule.
    """
    translations = _voice().translations
    if translations is None:
        return polish_plural(n, one, few, many)
    return translations.ngettext(one, many, n)


def polish_plural(n: int, one: str, few: str, many: str) -> str:
    """The Polish plural form for a count `n` >= 0: 1 zadanie, 2 zadania, 5 zadań."""
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def choose_language(asked: str | None, remembered: str | None, accept: str | None) -> str:
    """The language of a page: `asked` (?lang=) if it is one we write, else `remembered`
    (the cookie of an earlier choice), else the best of the browser's Accept-Language
    (RFC 9110 section 12.5.4: q-values, "uk-UA" matches "uk"), else Polish."""
    for choice in (asked, remembered):
        if choice in LANGUAGES:
            return choice
    return accepted_language(accept or "") or POLISH


_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def accepted_language(header: str) -> str | None:
    """The language we write that the Accept-Language `header` prefers most, or None."""
    best: tuple[float, int, str] | None = None
    for position, item in enumerate(header.split(",")[:32]):
        tag, _sep, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _eq, value = param.strip().partition("=")
            if key.strip().lower() == "q":  # RFC 9110 §12.4.2: 0 to 1, three decimals at most
                value = value.strip()
                quality = float(value) if _QVALUE.fullmatch(value) else 0.0  # "5", "inf": none
        language = tag.strip().lower().split("-")[0]
        if language in LANGUAGES and quality > 0:
            candidate = (-quality, position, language)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None
