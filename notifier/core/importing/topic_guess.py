"""Guess a task's topics from its words (shared vocabulary, notifier.core.topic_vocabulary).

A guess is only a suggestion: the file marks every guessed list with a comment for review.
Stems are matched at the start of a word, case-insensitively, in the task's and its
department's text.
"""

from __future__ import annotations

import re

from notifier.core.topic_vocabulary import SHARED_TOPICS

_STEMS: dict[str, tuple[str, ...]] = {
    "pomoc-spoleczna": ("pomoc społeczn", "pomocy społeczn", "ubóst", "bezdomn", "socjaln"),
    "rodzina": ("rodzin",),
    "dzieci-i-mlodziez": ("dzieci", "dziec", "młodzież", "małoletn", "harcer"),
    "seniorzy": ("senior", "emeryt", "osób starsz", "osoby starsz"),
    "integracja-spoleczna": ("integracj", "wykluczon", "reintegracj", "aktywizując"),
    "uzaleznienia": ("uzależni", "alkohol", "narkom", "abstynen", "narkotyk"),
    "przemoc": ("przemoc",),
    "wolontariat": ("wolontar",),
    "zdrowie": ("zdrow", "profilakty", "chorob"),
    "sport": ("sport", "kultury fizycznej", "kultura fizyczna"),
    "ekologia": ("ekolog", "przyrod", "zwierz", "środowisk"),
    "turystyka": ("turyst", "krajoznaw", "szlak", "rekreac", "czasu wolnego"),
    "spolecznosc-lokalna": (
        "społeczności lokaln",
        "wspólnot",
        "społeczeństwa obywatel",
        "organizacji pozarządow",
        "organizacje pozarządow",
    ),
    "cudzoziemcy": ("cudzoziem", "migrant"),
    "wspolpraca-zagraniczna": ("zagranicz", "międzynarodow"),
    "rewitalizacja": ("rewitaliz",),
    "bezpieczenstwo": ("bezpieczeństw", "ratownic", "ochrony ludności"),
    "kultura": ("kultur", "sztuk", "dziedzictw"),
    "edukacja": ("eduk", "nauk", "oświat", "wychowani"),
    "niepelnosprawnosc": ("niepełnospraw",),
    "rynek-pracy": ("zatrudni", "bezroboc", "zawodow"),
    "kombatanci": ("kombatan", "pamięci narodow", "patriot"),
    "konsumenci": ("konsument",),
    "przedsiebiorczosc": ("przedsiębiorcz", "gospodar"),
    "mniejszosci": ("mniejszoś", "język regionaln"),
    "rownosc": ("równości", "kobiet i mężczyzn"),
}
MAX_TOPICS = 3


def guess_topics(*texts: str) -> list[str]:
    """Up to MAX_TOPICS shared slugs whose stems the texts use, the most frequent first."""
    text = " ".join(texts).lower()
    scores: dict[str, int] = {}
    for slug, stems in _STEMS.items():
        if slug not in SHARED_TOPICS:
            continue
        hits = sum(len(re.findall(r"(?<!\w)" + re.escape(stem), text)) for stem in stems)
        if hits:
            scores[slug] = hits
    return sorted(scores, key=lambda s: -scores[s])[:MAX_TOPICS]
