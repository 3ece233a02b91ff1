"""The shared topic vocabulary: one slug means the same in every city (plain data, Polish labels).

A harmonogram file may omit [topics] and use these slugs; its own [topics] may add local slugs
and relabel shared ones for that city. Cross-city feeds and forms use the labels below.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

# The 17 slugs of Leszno's 2024 harmonogram first (their labels as Leszno prints them), then
# the other areas of public benefit work that harmonograms commonly name (art. 4 of the act).
SHARED_TOPICS: Mapping[str, str] = {
    "pomoc-spoleczna": "Pomoc społeczna",
    "rodzina": "Rodzina",
    "dzieci-i-mlodziez": "Dzieci i młodzież",
    "seniorzy": "Seniorzy",
    "integracja-spoleczna": "Integracja społeczna",
    "uzaleznienia": "Przeciwdziałanie uzależnieniom",
    "przemoc": "Przeciwdziałanie przemocy",
    "wolontariat": "Wolontariat",
    "zdrowie": "Ochrona i promocja zdrowia",
    "sport": "Sport i kultura fizyczna",
    "ekologia": "Ekologia i ochrona zwierząt",
    "turystyka": "Turystyka i rekreacja",
    "spolecznosc-lokalna": "Społeczność lokalna i organizacje pozarządowe",
    "cudzoziemcy": "Integracja cudzoziemców",
    "wspolpraca-zagraniczna": "Współpraca zagraniczna",
    "rewitalizacja": "Rewitalizacja",
    "bezpieczenstwo": "Bezpieczeństwo publiczne i ratownictwo",
    "kultura": "Kultura, sztuka i dziedzictwo narodowe",
    "edukacja": "Nauka, edukacja i wychowanie",
    "niepelnosprawnosc": "Osoby z niepełnosprawnościami",
    "rynek-pracy": "Aktywizacja zawodowa i rynek pracy",
    "rownosc": "Równe prawa kobiet i mężczyzn",
    "prawa-czlowieka": "Prawa człowieka i demokracja",
    "mniejszosci": "Mniejszości narodowe i etniczne, język regionalny",
    "ngo": "Wspieranie organizacji pozarządowych",
    "srodowisko": "Ochrona środowiska",
    "zwierzeta": "Ochrona zwierząt",
    "kombatanci": "Kombatanci i pamięć historyczna",
    "obronnosc": "Obronność i bezpieczeństwo państwa",
    "przedsiebiorczosc": "Przedsiębiorczość i rozwój gospodarczy",
    "obszary-wiejskie": "Rozwój obszarów wiejskich",
    "konsumenci": "Ochrona praw konsumentów",
    "rekreacja": "Rekreacja i czas wolny",
}


def effective_topics(declared: Mapping[str, str] | None, used: Iterable[str]) -> dict[str, str]:
    """A harmonogram's topics (slug -> Polish label, in order): the file's own [topics] in file
    order (None when the table is omitted), then each shared slug its tasks use that the file
    did not declare, with its shared label."""
    out = dict(declared or {})
    for slug in used:
        if slug not in out and slug in SHARED_TOPICS:
            out[slug] = SHARED_TOPICS[slug]
    return out


def topic_label(slug: str, *per_city: Mapping[str, str]) -> str:
    """The label of a slug across cities: the shared one, else the first city's that has it."""
    if slug in SHARED_TOPICS:
        return SHARED_TOPICS[slug]
    return next((topics[slug] for topics in per_city if slug in topics), slug)


def unknown_topic(slug: str, declared: Mapping[str, str] | None) -> str:
    """Why a task's topic slug is refused, in Polish, with the nearest known slug if any."""
    known = [*(declared or {}), *(s for s in SHARED_TOPICS if s not in (declared or {}))]
    near = difflib.get_close_matches(slug, known, n=1, cutoff=0.75)
    hint = f"; czy chodziło o {near[0]!r}?" if near else ""
    own = f"dostępne: {', '.join(declared)} oraz" if declared else "dostępne:"
    return f"nieznany temat {slug!r} ({own} wspólne tematy z README{hint})"
