"""Verbs, a reporting "za" and hedges around a printed period, read before the grammar.

Clerks write a period as a sentence: "Termin składania wniosków kończy się 8.09.2022r.",
"Nabór rozpoczyna się 1 marca i kończy się 31 marca 2025 r.", "upływa z dniem 15 marca",
"Realizacja projektu powinna zakończyć się do 31 października 2022 roku", "za I kwartał 2022
roku" (a report's period), "okres od 1.02.2025 do 28.02.2025". `verbs(text)` rewrites them into
the grammar's "od … do …":

- an end verb (kończy się, zakończy się, upływa, mija, minie, zamyka się) before a date is the
  last day: "do X"; after a start verb ("…, a kończy się Y", "… i potrwa do Y") it ends the range;
- a start verb (rozpoczyna się, zaczyna się, rusza, startuje) before a date is the first day:
  "od X" — without an end the period is open-ended and `notifier check` warns;
- the words before a verb only name what the date is for ("Termin składania wniosków na rok
  2024 mija …"): they are dropped only when they hold no date and no word that changes the
  meaning ("nie", "po", "lub"), the year the tasks are for kept for the note.

`hedge(text)` refuses a printed end that the same cell makes uncertain: "do 24 kwietnia 2020
r., z możliwością dalszego wstrzymania", "do 30 czerwca, z możliwością przedłużenia", "do 31
maja lub do odwołania" — the call may end on another day, so the clerk keeps the print and adds
a `window`. An end that is no date after a printed start ("od 1 marca 2025 r. do odwołania",
"… do czasu rozstrzygnięcia") is open-ended, the words kept for the note.
"""

from __future__ import annotations

import re

from notifier.core.period_words import MONTH_NAMES, Invalid, tokenize

_I = re.IGNORECASE
_MONTH = "|".join(w for forms in MONTH_NAMES for w in forms)
_MODAL = r"(?:(?:mo[zż]e|mog[aą]|powinn[aoy]|musi|musz[aą]|ma|maj[aą])\s+)?"
_END_VERB = (
    r"(?:(?:za|s)?ko[nń]cz(?:y|[aą]|y[cć]|y[łl][aoy]?)\s+si[eę]|up[łl]ywa|up[łl]ynie|up[łl]yn[aą][łl]|mija|minie|min[aą][łl]"
    r"|zamyka\s+si[eę]|zamknie\s+si[eę]|zostanie\s+zamkni[eę]t[yae])"
)
_START_VERB = (
    r"(?:(?:roz)?pocz(?:yna|nie|[aą][cć]|[aą][łl]|[eę][łl][aoy])\s+si[eę]|zaczyna\s+si[eę]"
    r"|zacznie\s+si[eę]|rusza|ruszy|ruszy[łl][aoy]?|startuje|wystartuje|wystartowa[łl][aoy]?)"
)
_DAY_WORDS = r"(?:z\s+dniem\s+|w\s+dniu\s+|dnia\s+)?"
_DATE_AHEAD = rf"(?=\d|(?:w\s+)?(?:{_MONTH})(?![^\W\d_]))"
_LEADING = re.compile(
    r"^\s*(?P<prefix>(?:[^\d:;()]|(?<![^\W\d_])na\s+(?:rok\s+)?\d{4}(?:\s*r\.)?)*?)"
    rf"(?<![^\W\d_]){_MODAL}(?P<verb>{_END_VERB}|{_START_VERB})"
    rf"\s+(?P<to>(?:do|od)\s+)?{_DAY_WORDS}{_DATE_AHEAD}",
    _I,
)
_THEN_END = re.compile(
    rf"\s*(?:,\s*(?:(?:i|a|oraz)\s+)?|\b(?:i|a|oraz)\s+){_MODAL}(?:{_END_VERB}|(?:za)?ko[nń]czy|potrwa|trwa|b[eę]dzie\s+trwa[cćł]\w*)"
    rf"\s+(?:do\s+)?{_DAY_WORDS}{_DATE_AHEAD}",
    _I,
)
# "na rok 2024", "na 2025 r.": the year the tasks are for, inside the words before a verb.
_FOR_YEAR = re.compile(r"(?<![^\W\d_])na\s+(?:rok\s+)?\d{4}(?:\s*r\.|\s+roku?(?![^\W\d_]))?", _I)
# "za I kwartał 2022 roku", "za 2022 rok", "za okres od … do …", "za miesiąc maj": the period a
# report covers is that period.
_REPORTING = re.compile(r"^\s*za\s+(?:okres\w*\s*:?\s*)?(?=\S)", _I)
_PERIOD_NOUN = re.compile(rf"^\s*okres\s*:?\s+(?=od\b|do\b|\d|(?:{_MONTH})(?![^\W\d_]))", _I)
_PLAIN_KINDS = frozenset(("unknown", "filler", "round", "to", "from", "and", "list", "and_a"))

_CHANGE = r"(?:przed[łl]u[zż]|wyd[łl]u[zż]|wstrzyma|zmian|zmieni|przesuni|przesun|zawiesz|skr[oó]c)"
# "z możliwością (dalszego) przedłużenia (terminu)", "z zastrzeżeniem możliwości zmiany",
# "(termin może ulec zmianie)", "– termin może zostać przedłużony".
_POSSIBLE_CHANGE = re.compile(
    r"[,–-]?\s*\(?\s*(?<![^\W\d_])(?:z\s+(?:mo[zż]liwo[sś]c[i][aą]|zastrze[zż]eniem)\s+"
    r"|(?:termin\w*\s+)?(?:mo[zż]e|mog[aą])\s+(?:zosta[cć]|ulec)\s+)(?:[^\W\d_]+\s+){0,2}"
    rf"{_CHANGE}[^\W\d_]*(?:\s+[^\W\d_]+){{0,4}}\s*\)?",
    _I,
)
# "do odwołania", "do czasu rozstrzygnięcia konkursu": an end that is an event, not a date.
_UNTIL_EVENT = re.compile(
    r",?\s*(?:\b(?P<alt>lub|albo|bądź|ewentualnie)\s+)?(?<![^\W\d_])do\s+"
    r"(?:odwo[łl]ania|czasu\s+(?![^\W\d_]*\s*\d)[^\W\d_]+(?:\s+[^\W\d_]+){0,5})\s*$",
    _I,
)
PRINTED_END = re.compile(rf"(?<![^\W\d_])do\s+(?:dnia\s+)?(?:\d|(?:{_MONTH})(?![^\W\d_]))", _I)


def _plain(words: str) -> bool:
    """Words that only name what a date is for: no date, no word that changes the meaning."""
    try:
        kinds = {t.kind for t in tokenize(words)}
    except Invalid:
        return False
    return kinds <= _PLAIN_KINDS


def verbs(text: str, kept: list[str]) -> str:
    """`text` with its verbs, a reporting "za" and a leading "okres" in the grammar's words;
    the year the tasks are for, printed before a verb, is appended to `kept`."""
    text = _PERIOD_NOUN.sub("", _REPORTING.sub("", text))
    match = _LEADING.match(text)
    if match is None:
        return text
    prefix = match["prefix"]
    for_year = _FOR_YEAR.search(prefix)
    if for_year is not None:
        prefix = prefix[: for_year.start()] + " " + prefix[for_year.end() :]
    if prefix.strip() and not _plain(prefix):
        return text
    if for_year is not None:
        kept.append(for_year.group(0).strip())
    starts = re.match(_START_VERB, match["verb"], _I) is not None
    rest = text[match.end() :]
    if starts:
        rest = _THEN_END.sub(" do ", rest, count=1)
    return ("od " if starts else "do ") + rest


def hedge(text: str, kept: list[str]) -> str:
    """Refuse a printed end the cell makes uncertain (Invalid, in Polish); an event end after
    a printed start is dropped and appended to `kept` (see the module doc)."""
    possible = _POSSIBLE_CHANGE.search(text)
    if possible is not None:
        rest = text[: possible.start()] + " " + text[possible.end() :]
        if _has_digit_or_month(rest):
            raise _uncertain(possible.group(0))
    until = _UNTIL_EVENT.search(text)
    if until is None:
        return text
    rest = text[: until.start()]
    if not _has_digit_or_month(rest):
        return text
    if until["alt"] or PRINTED_END.search(rest):
        raise _uncertain(until.group(0))
    kept.append(until.group(0).strip(" ,"))
    return rest


def _has_digit_or_month(text: str) -> bool:
    return re.search(rf"\d|(?<![^\W\d_])(?:{_MONTH})(?![^\W\d_])", text, _I) is not None


def _uncertain(words: str) -> Invalid:
    return Invalid(
        f"„{words.strip(' ,()–-')}”: termin z druku może się jeszcze zmienić (przedłużyć albo "
        "skończyć wcześniej), więc nie jest pewny — proszę zostawić druk i dopisać obok window "
        'z dniami, które mają trafić do kalendarza (np. window = "1–10 marca {YEAR}")'
    )
