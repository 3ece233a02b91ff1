"""A readable case for text printed in capitals: department names ("BIURO DS. UZALEŻNIEŃ" ->
"Biuro ds. Uzależnień") and task titles ("PROWADZENIE PUNKTU NIEODPŁATNEJ POMOCY PRAWNEJ" ->
"Prowadzenie punktu nieodpłatnej pomocy prawnej"). Acronyms stay as printed: known ones (MOPS,
PCPR, NGO, PFRON…), words with a digit (COVID-19), Roman numerals (II, IV; a lone "I" only
before a word such as "kwartał" or "edycja", else it is the conjunction "i") and words
without a vowel (PTTK, ZHP). The importer keeps the printed form beside the readable one.
"""

from __future__ import annotations

import re

from notifier.core.importing.cells import is_heading, normalise

_SMALL_WORDS = frozenset(
    re.findall(r"\S+", "w i z ze we do na o od oraz dla ds. ds po przy nad pod a u lub albo")
)
KNOWN_ACRONYMS = frozenset(
    re.findall(
        r"\S+",
        "MOPS MOPR GOPS GOPR MGOPS ROPS MCPS PCPR CPR NGO PFRON COVID HIV AIDS ZHP ZHR OSP WOPR TOPR"
        " UE RP PTTK UTW CIS KIS WTZ ŚDS DPS MKRPA GKRPA PUP KGW LGD UKS MDK BIP FIO KDO RDPP PES"
        " OWES FASD ADHD IT ICT UNESCO ONZ NATO MOSIR OSIR CAL MPEC SPZOZ ZOZ PZU",
    )
)
_ROMAN_RE = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_AFTER_ROMAN_I = re.compile(r"^(kwarta|półrocz|edycj|etap|tur|stop|miejsc|częś|liga|ligi)")
_VOWELS = set("AEIOUYĄĘÓ")
_EDGE = "„”\"'()[],.;:!?–-/"


def _kept(word: str, following: str) -> bool:
    """Is this word (in capitals) an acronym or number to keep as printed?"""
    core = word.strip(_EDGE)
    if core == "I":
        return bool(_AFTER_ROMAN_I.match(following.lower().strip(_EDGE)))
    if not core or word.lower() in _SMALL_WORDS:
        return False
    if any(c.isdigit() for c in core) or core.upper() in KNOWN_ACRONYMS:
        return True
    if _ROMAN_RE.match(core):
        return True
    return len(core) >= 2 and core.isalpha() and not (set(core.upper()) & _VOWELS)


def _recase(printed: str, *, title_case: bool) -> str:
    words = normalise(printed).split(" ")
    out = []
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        if _kept(word, following):
            out.append(word)
            continue
        low = word.lower()
        first = i == 0 or (title_case and low not in _SMALL_WORDS)
        if first:  # the first letter, after any opening quote or bracket
            at = next((k for k, c in enumerate(low) if c.isalpha()), None)
            low = low if at is None else low[:at] + low[at].upper() + low[at + 1 :]
        out.append(low)
    return " ".join(out)


def readable_case(printed: str) -> str:
    """A department name: 'BIURO DS. UZALEŻNIEŃ' -> 'Biuro ds. Uzależnień' (each word
    capitalised but the small ones); a text not in capitals is kept."""
    if not is_heading(printed):
        return normalise(printed)
    return _recase(printed, title_case=True)


def readable_title(printed: str) -> str:
    """A task title: 'ORGANIZACJA WYPOCZYNKU DZIECI Z MOPS' -> 'Organizacja wypoczynku
    dzieci z MOPS' (sentence case, acronyms kept); a text not in capitals is kept."""
    if not is_heading(printed):
        return normalise(printed)
    return _recase(printed, title_case=False)
