"""Guess a task's topics from its words (shared vocabulary, notifier.core.topic_vocabulary).

A guess is only a suggestion: the file marks every guessed list with a comment for review.
A term is one or more word beginnings ("kultur fizyczn" matches "kultury fizycznej",
"Kultura fizyczna"), matched case-insensitively. Terms are phrase-aware: where terms
overlap, the longer one wins and its words count for no other term, so "kultura fizyczna"
is sport, not kultura; "dziedzictwo przyrodnicze" ecology, not kultura; "bezdomne
zwierzęta" ecology, not social help; "integracja cudzoziemców" cudzoziemcy, not integracja
społeczna.
"""

from __future__ import annotations

import re
from functools import cache

from notifier.core.topic_vocabulary import SHARED_TOPICS

_TERMS: dict[str, tuple[str, ...]] = {
    "pomoc-spoleczna": ("pomoc społeczn", "ubóst", "bezdomn", "socjaln", "trudnej sytuacj"),
    "rodzina": ("rodzin", "piecz zastępcz", "dom dziec"),
    "dzieci-i-mlodziez": ("dzieci", "dziec", "dzieć", "młodzież", "małoletn", "harcer"),
    "seniorzy": ("senior", "emeryt", "osób starsz", "osoby starsz", "zakończeni aktywności zawod"),
    "integracja-spoleczna": ("integracj", "wykluczon", "reintegracj", "aktywizując"),
    "uzaleznienia": ("uzależni", "alkohol", "narkom", "abstynen", "narkotyk", "patologi społ"),
    "przemoc": ("przemoc",),
    "wolontariat": ("wolontar",),
    "zdrowie": ("zdrow", "profilakty", "chorob"),
    "sport": ("sport", "kultur fizyczn", "wychowani fizyczn"),
    "ekologia": (
        "ekolog",
        "przyrod",
        "zwierz",
        "ochron środowisk",
        "środowisk naturaln",
        "dziedzictw przyrodn",
        "bezdomn zwierz",
        "bezdomnymi zwierz",
    ),
    "turystyka": ("turyst", "krajoznaw", "szlak", "rekreac", "czasu woln"),
    "spolecznosc-lokalna": (
        "społeczności lokaln",
        "środowisk lokaln",
        "wspólnot",
        "społeczeństw obywatel",
        "organizacj pozarządow",
    ),
    "cudzoziemcy": ("cudzoziem", "migrant", "integracj cudzoziem"),
    "wspolpraca-zagraniczna": ("zagranicz", "międzynarodow", "integracj europejsk"),
    "rewitalizacja": ("rewitaliz",),
    "bezpieczenstwo": ("bezpieczeństw", "ratownic", "ochron ludności", "porząd publiczn"),
    "kultura": ("kultur", "sztuk", "dziedzictw", "dóbr kultur"),
    "edukacja": ("eduk", "nauk", "oświat", "wychowani"),
    "niepelnosprawnosc": ("niepełnospraw",),
    "rynek-pracy": ("zatrudni", "bezroboc", "zawodow"),
    "kombatanci": ("kombatan", "pamięci narodow", "patriot", "represjonowan"),
    "prawa-czlowieka": ("praw człowiek", "praw obywatelsk", "demokracj"),
    "obronnosc": ("obronnoś",),
    "konsumenci": ("konsument",),
    "przedsiebiorczosc": ("przedsiębiorcz", "gospodar"),
    "obszary-wiejskie": ("obszar wiejsk", "obszarów wiejsk", "kół gospodyń", "koł gospodyń"),
    "mniejszosci": ("mniejszoś", "język regionaln"),
    "rownosc": ("równości", "kobiet i mężczyzn"),
}
MAX_TOPICS = 3


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each term's pattern and slug, the terms of more words first."""
    terms = [(t, s) for s, ts in _TERMS.items() if s in SHARED_TOPICS for t in ts]
    terms.sort(key=lambda pair: (-len(pair[0].split()), -len(pair[0])))
    return tuple(
        (re.compile(r"(?<!\w)" + r"\w*\s+".join(map(re.escape, t.split())) + r"\w*"), s)
        for t, s in terms
    )


def guess_topics(*texts: str) -> list[str]:
    """Up to MAX_TOPICS shared slugs whose terms the texts use, the most frequent first (then
    the first named); a word a longer term used counts for no other term."""
    text = " ".join(texts).lower()
    taken = [False] * len(text)
    scores: dict[str, list[int]] = {}  # slug -> [hits, first position]
    for pattern, slug in _patterns():
        for found in pattern.finditer(text):
            if any(taken[found.start() : found.end()]):
                continue
            taken[found.start() : found.end()] = [True] * (found.end() - found.start())
            score = scores.setdefault(slug, [0, found.start()])
            score[0] += 1
            score[1] = min(score[1], found.start())
    return sorted(scores, key=lambda s: (-scores[s][0], scores[s][1]))[:MAX_TOPICS]
