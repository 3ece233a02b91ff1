"""Framing words of printed periods that change nothing, rewritten before the grammar reads.

Clerks frame a plain window in words that carry no date: "w terminie od … do …", "b.r.",
"(poniedziałek)", "godz. 15:30", "od: 2025-02-01 do: 2025-02-21", "Termin składania ofert:",
"(decyduje data wpływu)". `frame(text)` rewrites such a text into the grammar's own forms and
returns what it set aside (the hour of a deadline, the event a window starts at, a remark) for
the period's note, and the weekdays printed, which notifier.core.periods checks against the
dates — so nothing printed is lost and a misprinted date is never read silently.

Only words whose meaning is certain are rewritten; words that change the meaning ("po",
"przed", "około", "na początku") are left alone, so the grammar reads them exactly or refuses.
The entries were collected from real harmonogramy and calls; `LEXICON_SOURCES` names a public
document for each (tests/core/period_corpus.toml holds the whole wordings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notifier.core.period_clauses import CLAUSE_SOURCES, clauses, deadline_label
from notifier.core.period_hours import strip_hours, until_hour
from notifier.core.period_lead import drop_lead, labelled, yearly
from notifier.core.period_numeric import numeric_forms
from notifier.core.period_qualifiers import (
    contradiction,
    drop_adjectives,
    drop_ordinal_endings,
    plain_phrasing,
)
from notifier.core.period_verbs import PRINTED_END, hedge, verbs
from notifier.core.period_words import MONTH_NAMES, Invalid, is_date_word, tokenize

_I = re.IGNORECASE
# Weekdays in every case a cell uses them ("(poniedziałek)", "we wtorek", "tj. w środę").
WEEKDAYS: tuple[tuple[str, ...], ...] = (
    ("poniedziałek", "poniedziałku", "poniedziałkiem"),
    ("wtorek", "wtorku", "wtorkiem"),
    ("środa", "środę", "środy", "środzie", "środą"),
    ("czwartek", "czwartku", "czwartkiem"),
    ("piątek", "piątku", "piątkiem"),
    ("sobota", "sobotę", "soboty", "sobocie", "sobotą"),
    ("niedziela", "niedzielę", "niedzieli", "niedzielą"),
)
# Abbreviations, read only inside brackets ("(pon.)", "(wt.)"), where nothing else can stand.
_WEEKDAY_ABBREVIATIONS = (
    ("pon", "pn"),
    ("wt", "wto", "wtor"),
    ("śr", "sr"),
    ("czw", "cz"),
    ("pt", "pią", "piąt"),
    ("sob", "sb"),
    ("niedz", "nd", "ndz"),
)
_WEEKDAY_INDEX = {w: i for i, forms in enumerate(WEEKDAYS) for w in forms} | {
    w: i for i, forms in enumerate(_WEEKDAY_ABBREVIATIONS) for w in forms
}
_FULL = "|".join(sorted((w for f in WEEKDAYS for w in f), key=len, reverse=True))
_SHORT = "|".join(sorted((w for f in _WEEKDAY_ABBREVIATIONS for w in f), key=len, reverse=True))
_WEEKDAY = re.compile(
    rf",?\s*\(?\s*(?:\btj\.?\s+)?(?:\b(?:w|we)\s+)?\b({_FULL})\b\s*\)?\s*,?|\(\s*({_SHORT})\.?\s*\)",
    _I,
)


@dataclass(frozen=True)
class Framed:
    """A period text with its framing rewritten; `kept` holds what was set aside for the note
    ("godz. 15:30", "od dnia ogłoszenia"), `weekdays` the weekdays printed (0 is Monday), in
    order, and `restated` the date a "tj." restates when the words before it hold one too."""

    text: str
    kept: tuple[str, ...] = ()
    weekdays: tuple[int, ...] = ()
    restated: str | None = None
    heading: str | None = None  # "MARZEC" over "(od 14 marca do 13 kwietnia)": to agree
    label: str | None = None  # what a leading "Termin składania ofert:" makes of one day


# (pattern, replacement): each rewrites one framing to the grammar's own words.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # framing nouns before a date, a bound or a month ("w terminie nie wcześniej niż od …")
    (re.compile(r"\bw\s+(?:terminie|okresie|dniach|dniu)\b:?", _I), " "),
    # "b.r.", "br.", "r.b.", "rb.", "tego roku": the current year
    (re.compile(r"(?<=\d{4})\s*(?:r\.\s*)?(?:b\.\s*r\.|br\.?|r\.\s*b\.|rb\.)", _I), " r. "),
    (re.compile(r"(?<![^\W\d_])(?:b\.\s*r\.|br\.|r\.\s*b\.|rb\.)", _I), " bieżącego roku "),
    (re.compile(r"\b(?:br|rb)\s*$", _I), " bieżącego roku"),
    (
        re.compile(
            r"\b(?:tego|(?:w\s+)?(?:tym|bie[zż][aą]cym))\s+roku\b|\broku\s+bie[zż][aą]cym\b", _I
        ),
        "bieżącego roku",
    ),
    (
        re.compile(r"^\s*w\s+tegoroczn[^\W\d_]*\s+edycj[^\W\d_]*(?![^\W\d_])\s*,?(?=\s*\S)", _I),
        " ",
    ),  # its year
    (
        re.compile(r"\b(?:w\s+)?tegoroczn[^\W\d_]*\s+edycj[^\W\d_]*", _I),
        "bieżącego roku",
    ),  # "W tegorocznej edycji"
    # bounds "nie wcześniej niż X i nie później niż Y" are the window X–Y
    # (", a kończy najpóźniej Y", "i trwające nie dłużej niż do Y": the same upper bound)
    (
        re.compile(
            r"nie\s+wcze[sś]niej\s+ni[zż]\s+(?:od\s+)?(.+?)\s*(?:,\s*(?:(?:i|oraz|a)\s+)?|"
            r"(?:i|oraz|a)\s+)(?:(?:(?:zako[nń]czy|ko[nń]czy)(?:\s+si[eę])?\s+)?"
            r"(?:nie\s+p[oó][zź]niej\s+ni[zż]|najp[oó][zź]niej)\s+(?:do\s+)?|"
            r"trwaj[aą]c[^\W\d_]*\s+(?:(?:nie\s+d[łl]u[zż]ej\s+ni[zż]|najp[oó][zź]niej)\s+)?do\s+)",
            _I,
        ),
        r"od \1 do ",
    ),
    # "pomiędzy 1 lipca 2018 r., a 30 listopada 2019 r.": the comma before "a" changes nothing
    (re.compile(r"^(\s*(?:po)?mi[eę]dzy\s[^,]+?)\s*,\s*(?=a\s)", _I), r"\1 "),
    (re.compile(r"^\s*nie\s+wcze[sś]niej\s+ni[zż]\s+(?:od\s+)?", _I), "od "),
    # whole-year phrasings
    (re.compile(r"\b(rok|roku)\s+(?:budżetow|kalendarzow)[^\W\d_]*", _I), r"\1"),
    (re.compile(r"\bcałego\s+roku?\b", _I), "cały rok"),
    (re.compile(r"\bw\s+miesi[aą]c(?:u|ach)\b:?", _I), " w "),
)
_EVENT_START = re.compile(r"^\s*od\s+([^\d]+?)\s+(?=do\b)", _I)
# "do wyczerpania środków (przewidzianych na realizację konkursu)": the end is no date; the window
# keeps its printed bounds and the note the words. After a printed end ("do 30 listopada lub do
# wyczerpania środków") the call may close on either: refused, naming both (see _funds_or_date).
_UNTIL_FUNDS = re.compile(
    r",?\s*(?:\b(lub|albo|bądź)\s+)?\bdo\s+(?:czasu\s+)?(?:wyczerpania|rozdysponowania)\s+"
    r"(?:[^\W\d_]+\s+)?(?:środków|puli|limitu|alokacji)[^\W\d_]*(?:\s+finansowych)?"
    r"(?:\s+(?:przewidzianych|przeznaczonych|zaplanowanych)\s+na\s+[^\W\d_]+"
    r"(?:\s+[^\W\d_]+){0,3}\s*$)?",
    _I,
)
_ARTICLE = re.compile(r"\(\s*((?:tryb\s+|w\s+trybie\s+)?art\.\s*\d+[a-z]?\b[^()]*)\)", _I)
_MONTH_ALTERNATION = "|".join(w for forms in MONTH_NAMES for w in forms)  # every case form
# Month abbreviations, read only with their dot ("mar. 2025", "wrz.–paźdz."), where no ordinary
# word can stand ("sie" without the dot is "się" without diacritics).
_MONTH_SHORT = {
    "sty": 1, "stycz": 1, "lut": 2, "mar": 3, "kwi": 4, "kwiet": 4, "cze": 6, "czerw": 6,
    "lip": 7, "sie": 8, "sierp": 8, "wrz": 9, "wrzes": 9, "wrześ": 9, "paź": 10, "paz": 10,
    "paźdz": 10, "pazdz": 10, "lis": 11, "listop": 11, "gru": 12, "grudz": 12,
}  # fmt: skip
_MONTH_ABBREVIATION = re.compile(
    rf"(?<![^\W\d_])({'|'.join(sorted(_MONTH_SHORT, key=len, reverse=True))})\.", _I
)
# "miesiąc marzec", "m-c marzec", "m-ca marca": the word "month" before a month's name.
_MONTH_WORD = re.compile(
    r"\b(?:miesi[aą]c(?:u|a|e|ach)?|m-ca|m-c)\b\.?:?\s*(?=(?:" + _MONTH_ALTERNATION + r")\b)",
    _I,
)
# "do 31 stycznia i do 31 lipca": two deadlines, two rounds.
_SECOND_DEADLINE = re.compile(
    r"\s*(?:,|;|\bi\b|\boraz\b)\s+(?=(?:najpóźniej\s+)?do\s+(?:dnia\s+)?\d)", _I
)
_LABEL = re.compile(r"^\s*([^\W\d_][^\d:;()]*?)\s*:\s*(?=\S)")
# A round's label in brackets after its months: "styczeń 2025 (I nabór)".
_ROUND_LABEL = re.compile(
    r"(?:(?:IV|I{1,3}|V|[1-9])\.?\s*)?(?:nab[oó]r|tur|edycj|etap)[^\W\d_]*(?:\s+(?:IV|I{1,3}|V|[1-9]))?",
    _I,
)
# The years the tasks are for, in brackets: "IV kwartał 2024 r. (na 2025 r.)", "(konkurs na lata
# 2026-2028)", "(zadania realizowane w 2027 r.)", a report's "(za rok 2025)": a note, not a
# second date of the call.
_FOR_YEAR = re.compile(
    r"\(([^()\d]*(?:\bna\s+(?:rok\s+|lata\s+)?|\bza\s+(?:rok\s+)?|\brealiz[^()\d]*?)\d{4}"
    r"(?:\s*-\s*\d{4})?"
    r"\s*(?:r\.?|roku?)?)\s*\)",
    _I,
)
_REMARK = re.compile(r"\(([^()\d]*)\)")
_TAIL_REMARK = re.compile(r"(?:\s-|,)\s+([^\W\d_][^\d()]*)$")
_ROUND_BRACKET = re.compile(r"\(\s*((?:IV|I{1,3}|V|[2-9])\.?\s*nab[oó]r[^()]*)\)\s*$", _I)
_DATED_BRACKETS = re.compile(r"\(([^()]*)\)\s*$")
_LOOSE_ENDS = re.compile(r"^[\s:;,!]+|[\s:;,!]+$")  # never "?" or "…": they doubt the date
_THAT_IS = re.compile(r",?\s*\(?\s*\btj\.?(?:\s+|$)", _I)
# "na kolejny rok szkolny", "roku szkolnego": a year named by no number is no date of the rule.
_SCHOOL_YEAR = re.compile(r"(?<![^\W\d_])rok[^\W\d_]*\s+(?:szkoln|akademick)[^\W\d_]*(?!\s*\d)", _I)
_DATE_KINDS = frozenset(("month", "day", "year", "quarter", "half", "decade"))
_REMARK_KINDS = frozenset(("unknown", "filler", "to", "from", "and", "list", "and_a"))


def _words(text: str) -> list[str] | None:
    """The token kinds of a phrase, or None when it does not tokenize (a bad date)."""
    try:
        return [t.kind for t in tokenize(text)]
    except Invalid:
        return None


def _has_date(text: str) -> bool:
    try:
        return any(is_date_word(t) for t in tokenize(text))
    except Invalid:
        return True


def _plain_words(text: str, also: frozenset[str] = frozenset()) -> bool:
    """Only ordinary words (an event, a remark): no date, no word that changes the meaning
    unless `also` allows it (an event start is no date whatever "po" says)."""
    kinds = _words(text) or []
    return "unknown" in kinds and set(kinds) <= _REMARK_KINDS | also


def _condition(text: str) -> bool:
    """A remark in brackets with no date: ordinary words, "nie decyduje …", or an event the
    printed dates are tied to ("(po uchwaleniu budżetu)", "(przed sezonem)"); never an
    alternative or an estimate ("lub", "około", "później"), which would change them."""
    text = re.sub(r"\bnie\s+(?=decyduj)", "", text, flags=_I)
    try:
        tokens = tokenize(text)
    except Invalid:
        return False
    kinds = {
        t.kind for t in tokens if not (t.kind == "meaning" and t.raw.lower() in ("po", "przed"))
    }
    return "unknown" in kinds and kinds <= _REMARK_KINDS


def frame(text: str) -> Framed:
    """Rewrite the framing words of one period (dashes already "-"); see the module doc.

    An hour ("godz. 15:30", "16:00", "w godz. 8:00–15:00") is set aside where it follows a
    date or is named "godz.", so it never widens or shifts a day window; a start tied to an
    event ("od dnia ogłoszenia do 15 maja 2025 r.") becomes a deadline whose end is the
    printed date, the event kept for the note.
    """
    kept: list[str] = []
    weekdays: list[int] = []
    text = _LOOSE_ENDS.sub("", text)  # "marzec 2025:", "do 15 maja 2025 r. !", ", 10 marca"
    contradiction(text)  # "najpóźniej od 1 lutego"
    out = plain_phrasing(
        drop_adjectives(drop_ordinal_endings(text))
    )  # "w nieprzekraczalnym terminie", "2-gi"
    out = re.sub(r"\b(od|do)\s*:", r"\1 ", out, flags=_I)  # form labels "od: … do: …"
    out = _MONTH_ABBREVIATION.sub(
        lambda m: f" {MONTH_NAMES[_MONTH_SHORT[m.group(1).lower()] - 1][0]} ", out
    )
    out, day_label = deadline_label(out)  # "Termin składania ofert: 19 czerwca 2025": the last day
    out = clauses(out, kept)  # office hours, "z końcem", "nie dłużej niż do", "przyszłego roku"
    out, heading = labelled(yearly(out, kept), kept)  # "Etap I: …", "… każdego roku"
    label = _LABEL.match(out)
    if label and _plain_words(label.group(1), frozenset(("round",))):  # "nabór wniosków:"
        out = out[label.end() :]
    out = drop_lead(out)
    for pattern, name in ((_UNTIL_FUNDS, 0), (_ARTICLE, 1)):
        found = pattern.search(out)
        rest = out[: found.start()] + " " + out[found.end() :] if found else ""
        if found and pattern is _UNTIL_FUNDS and (found.group(1) or PRINTED_END.search(rest)):
            raise _funds_or_date(found.group(0).strip(" ,"))  # "…, maksymalnie do 17 października"
        if found:
            kept.append(found.group(name).strip(" ,"))
            out = out[: found.start()] + " " + out[found.end() :]
    out = _MONTH_WORD.sub(" ", out)
    if re.match(r"\s*(?:najpóźniej\s+)?do\b", out, _I):
        out = _SECOND_DEADLINE.sub(" ; ", out)
    out = verbs(hedge(out, kept), kept)  # "… upływa 11 grudnia", "za I kwartał", "do odwołania"
    out = numeric_forms(out)

    def weekday(match: re.Match[str]) -> str:
        weekdays.append(_WEEKDAY_INDEX[(match.group(1) or match.group(2)).lower()])
        return " "

    out = _WEEKDAY.sub(weekday, out)
    hours: list[str] = []
    out = strip_hours(out, kept, hours)
    if until_hour(hours) and (day_label is None or day_label.startswith("unclear:")):
        day_label = "until"  # "30 czerwca do godz. 16:00": offers until that hour
    out, restated = _that_is(out, kept)
    for pattern, replacement in _REWRITES:
        out = pattern.sub(replacement, out)
    event = _EVENT_START.match(out)
    if event and _plain_words(event.group(1), frozenset(("meaning",))):
        kept.append(f"od {event.group(1).strip()}")
        out = out[event.end() :]

    def remark(match: re.Match[str]) -> str:
        if _ROUND_LABEL.fullmatch(match.group(1).strip()):  # "styczeń (I nabór), wrzesień (…)"
            return " "
        if not _condition(match.group(1)):
            return match.group(0)
        kept.append(match.group(1).strip())
        return " "

    def for_year(match: re.Match[str]) -> str:  # "(na 2025 r.)": what the tasks are for
        kept.append(match.group(1).strip())
        return " "

    out = _FOR_YEAR.sub(for_year, out)
    out = _REMARK.sub(remark, out)
    tail = _TAIL_REMARK.search(out)  # "do 15.04.2025 r. – decyduje data wpływu"
    if tail and _plain_words(tail.group(1)):
        kept.append(tail.group(1).strip())
        out = out[: tail.start()]
    later = _ROUND_BRACKET.search(out)  # "maj–czerwiec 2025 r. (II nabór – wrzesień)": a round
    if (
        later
        and set(_words(later.group(1)) or ()) & _DATE_KINDS
        and _has_date(out[: later.start()])
    ):
        out = f"{out[: later.start()]}; {later.group(1)}"
    brackets = _DATED_BRACKETS.search(out)  # "I kwartał 2025 r. (styczeń–marzec)": restated
    if (
        restated is None
        and brackets
        and set(_words(brackets.group(1)) or ()) & _DATE_KINDS
        and _has_date(out[: brackets.start()])
    ):
        restated, out = brackets.group(1), out[: brackets.start()]
    return Framed(_squeeze(out), tuple(kept), tuple(weekdays), restated, heading, day_label)


def _funds_or_date(words: str) -> Invalid:
    return Invalid(
        f"„{words}”: nabór może się skończyć przed datą z druku — proszę zostawić druk i dopisać "
        'obok window z dniami, które mają trafić do kalendarza (np. window = "1–10 marca {YEAR}")'
    )


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _that_is(text: str, kept: list[str]) -> tuple[str, str | None]:
    """ "w ciągu 21 dni od dnia ogłoszenia, tj. do 10 marca 2025 r.": the dated side counts,
    the other is kept for the note; when both are dated, the second is returned to be
    checked against the first."""
    match = _THAT_IS.search(text)
    if match is None:
        return text, None
    before, after = text[: match.start()], text[match.end() :]
    if "(" in match.group(0):  # "(tj. do 10 marca 2025 r.)"
        after = re.sub(r"\)\s*$", "", after)
    if _has_date(after) and not _has_date(_SCHOOL_YEAR.sub(" ", before)):
        if before.strip():
            kept.append(_squeeze(before.lstrip("( ")))
        return after, None
    if _has_date(before) and not _has_date(after) and after.strip():
        kept.append(f"tj. {_squeeze(after)}")
        return before, None
    if _has_date(before) and _has_date(after):
        return before, _squeeze(after)
    return text, None


# Where each framing was found in print (one public document per entry; more in the corpus).
_NGO = "https://fundusze.ngo.pl/399638-ogloszenie-w-sprawie-otwartego-konkursu-ofert-na-"
_OLSZTYN = "https://powiat-olsztynski.pl/otwarty-konkurs-ofert-na-wykonanie-zadan-publicznych-"
_SZCZYTNO = "https://powiatszczycienski.pl/2502,Przedluzenie-terminu-rozstrzygniecia-otwartego-"
LEXICON_SOURCES: dict[str, tuple[str, str]] = {
    "hour": ("od 25.11.2022 do 18.12.2022 23:59", _NGO + "realizacje-zadania-publicznego-…"),
    "w terminie": ("w terminie do 27 września 2024 r.", _OLSZTYN + "zwiazany-ii.html"),
    "do dnia": ("do dnia 29 stycznia 2016 r.", _SZCZYTNO + "konkursu-ofert-na-2016-r.html"),
    "upływa": (
        "Termin składania ofert upływa 11 grudnia 2023 r.",
        "https://www.gminaskawina.pl/aktualnosci/2023/11/konkursy-ofert-dla-ngo-na-2024-r",
    ),
    "weekday in brackets": (
        "08-19.08.2022 r. (poniedziałek – piątek)",
        "https://phdschool.put.poznan.pl/harmonogram-rekrutacji",
    ),
    "godziny": (
        "w terminie od 7.02.2024 r. godziny 7.00 do 29.02.2024 roku do godziny 15:00",
        "https://www.mogilany.pl/gmina-mogilany/wspolpraca-z-organizacjami-pozarzadowymi/",
    ),
    "stage label": (
        "MARZEC - zgłaszanie projektów (od 14 marca do 13 kwietnia)",
        "https://sbo.szczecin.eu/harmonogram-sbo-2024",
    ),
    "label after a dash": (
        "Możliwość konsultowania wniosków – 1 kwietnia – 19 czerwca 2023 r.",
        "https://mikrodotacje.fundacjabos.pl/terminarz/",
    ),
    "date-times side by side": (
        "02.06.2025 00:00 30.06.2025 23:59",
        "https://wagrowiecmiasto.konsultacjejst.pl/budzet-obywatelski/harmonogram",
    ),
    **CLAUSE_SOURCES,  # period_clauses' entries
}
