"""Clauses around a printed window that a Polish reader reads through, read before the grammar.

Each rewrite here was found in real calls and harmonogramy (tests/core/period_corpus.toml
holds the wordings with their sources); `clauses(text, kept)` applies them all and appends
what it sets aside to `kept` for the period's note, so nothing printed is lost:

- office hours inside a date window: "… w dni robocze w godzinach od 8:00 do 15:00", "w
  godzinach pracy Urzędu (tj. od godz. 7.15 do 16.15)" — the days stay the window, the hours
  go to the note (a range of hours is when the office is open, never the window);
- a condition that is no date: "w miarę posiadanych środków finansowych" — whether the task
  happens, not when: the window is the printed one;
- a framing of who picks the day: "w wybranym przez wykonawcę terminie od … do …";
- "z końcem września", "z końcem I kwartału": by the end of it, a deadline;
- "nie dłużej niż do 31 sierpnia": the last day, as "do";
- verbs between the bounds: "od 1 marca nabór trwa do 15 marca 2025"; after one day, a start
  verb opens the call ("z dniem 15 marca rozpoczyna się nabór") and an end verb closes it;
- a need, like funds, is a condition: "w razie potrzeby", "w miarę potrzeb";
- relative years: "przyszłego/następnego/kolejnego roku" (and "w roku następnym"), "ubiegłego/
  poprzedniego/zeszłego roku" count from the harmonogram's year; a year counted from an
  event ("roku następnego po roku udzielenia dotacji", "każdego kolejnego roku") is left for
  notifier.core.period_qualifiers to ask for.

`deadline_label(text)` reads a leading label: "Termin składania ofert: 19 czerwca 2025" is the
last day for offers (a deadline); "Termin ogłoszenia: …" names the day itself; another
"termin …:" before a single day may mean either, so both readings are named
(`labelled_reading`), as for a stage ("Składanie ofert: 19 czerwca 2025", "Nabór wniosków –
19.06.2025"). Words that change the meaning ("po", "przed", "około", "na początku")
are never part of any clause here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from notifier.core.period_words import MONTH_NAMES, Invalid, tokenize
from notifier.core.polish import format_date, format_span
from notifier.core.spans import DatedPeriod, Period, PeriodKind, Span

_I = re.IGNORECASE
K = PeriodKind
_L = r"[^\W\d_]"  # a letter
_MONTHS = "|".join(w for forms in MONTH_NAMES for w in forms)
_DATED = re.compile(rf"\d|(?<!{_L})(?:{_MONTHS}|kwarta\w*|p[oó][łl]rocz\w*)(?!{_L})", _I)

# -- office hours ------------------------------------------------------------------------------
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?"
_HOURS_RANGE = (
    rf"(?:od\s+)?(?:godz(?:\.|iny)?\s*)?{_CLOCK}\s*(?:-|do)\s*(?:godz(?:\.|iny)?\s*)?{_CLOCK}"
    r"(?:\s*(?:godz\.?|h)(?![^\W\d_]))?"
)
_WORK_DAYS = (
    r"(?:w\s+dni(?:ach)?\s+(?:robocz|powszedn)\w*|(?:od\s+)?poniedzia[łl]ku\s+do\s+pi[aą]tku"
    r"|(?:pon|pn)\.?\s*-\s*(?:pt|pi[aą]t)\.?)"
)
# "w godzinach pracy Urzędu Miejskiego Kościana", "w godzinach urzędowania Starostwa": the words
# after "pracy" name the office (letters only, no connective that could open a bound).
_OFFICE = (
    r"w\s+godz(?:inach|\.)\s+(?:pracy|urz[eę]dowania|otwarcia|przyjmowania\s+interesant[oó]w)"
    rf"(?:\s+(?!(?:od|do|po|przed|i|oraz|lub|albo|tj)(?!{_L})){_L}+\.?){{0,5}}"
    rf"(?:\s*,?\s*\(\s*(?:tj\.?\s*|czyli\s+)?(?:{_WORK_DAYS}\s*,?\s*)?(?:w\s+godz(?:\.|inach)\s*)?"
    rf"{_HOURS_RANGE}\s*\))?"
)
_FROM_TO = rf"od\s+(?:godz(?:\.|iny)?\s*)?{_CLOCK}\s*do\s*(?:godz(?:\.|iny)?\s*)?{_CLOCK}"
# "w godz. 8:00–15:00" alone is period_hours' (kept as "godz. 8:00–15:00"); these are the rest.
_OFFICE_HOURS = re.compile(
    rf",?\s*(?:{_WORK_DAYS}\s*,?\s*)?(?:{_OFFICE}|w\s+godz(?:inach|\.)\s+{_FROM_TO})"
    rf"|,?\s*{_WORK_DAYS}\s*,?\s*(?:w\s+godz(?:inach|\.)\s+)?{_HOURS_RANGE}"
    # "w godz. 9-15": whole hours, which no day can be after "godz."
    r"|,?\s*w\s+godz(?:inach|\.)\s+\d{1,2}\s*-\s*\d{1,2}(?![\d.:])(?:\s*(?:godz\.?|h)(?![^\W\d_]))?"
    rf"|,?\s*{_WORK_DAYS}(?=\s*,?\s*$)",
    _I,
)

# -- a condition that is no date ----------------------------------------------------------------
_FUNDS = r"(?:[sś]rodk[oó]w|mo[zż]liwo[sś]\w+)(?:\s+finansowych|\s+bud[zż]etowych|\s+bud[zż]etu)?"
_CONDITION = re.compile(
    rf",?\s*\(?\s*(?<!{_L})(?:w\s+miar[eę]\s+(?:(?:posiadanych|dost[eę]pnych|wolnych)\s+)?{_FUNDS}"
    rf"|w\s+zale[zż]no[sś]\w+\s+od\s+(?:posiadanych|dost[eę]pnych|wolnych)\s+{_FUNDS}"
    rf"|w\s+ramach\s+(?:posiadanych|dost[eę]pnych)\s+{_FUNDS}"
    # "w razie potrzeby", "w miarę potrzeb": whether there is a round, not when
    r"|w\s+razie\s+potrzeby|w\s+miar[eę]\s+potrzeb|w\s+zale[zż]no[sś]\w+\s+od\s+potrzeb"
    rf"|w\s+przypadku\s+(?:takiej\s+)?potrzeby)(?!{_L})\s*\)?",
    _I,
)

# -- who picks the day -------------------------------------------------------------------------
_CHOSEN = r"(?:wybran|dowoln|wskazan|dogodn|ustalon|uzgodnion)\w*"
_NAME = rf"(?!(?:od|do|w|po|przed|{_MONTHS})(?!{_L})){_L}+"  # no bound, no month
_BY_WHOM = rf"(?:\s+(?:przez|z|dla)\s+{_NAME}(?:\s+{_NAME}){{0,2}})?"
_CHOSEN_TERM = re.compile(
    rf"(?<!{_L})w\s+(?:{_CHOSEN}{_BY_WHOM}\s+(?:terminie|dniu|okresie)"
    rf"|(?:terminie|dniu|okresie)\s+{_CHOSEN}{_BY_WHOM})(?!{_L})\s*,?\s*(?=\S)",
    _I,
)

# -- ends and bounds ---------------------------------------------------------------------------
_END_OF = re.compile(rf"(?<!{_L})z\s+ko[nń]cem(?=\s+\S)", _I)
# "nie dłużej niż do", "najdłużej do", "maksymalnie do": an upper bound, the printed last day;
# before a whole range ("maksymalnie od 13 lutego do 30 kwietnia 2024") the longest window
_NO_LONGER = re.compile(
    rf"(?<!{_L})(?:nie\s+d[łl]u[zż]ej\s+ni[zż]|najd[łl]u[zż]ej|maksymalnie|max\.?)\s+"
    rf"(?=do(?!{_L})|od(?!{_L})[^;]+?(?<!{_L})do(?!{_L}))",
    _I,
)
# "z upływem dnia 15 marca": when that day runs out, the last day
_EXPIRY = re.compile(rf"(?<!{_L})z\s+up[łl]ywem\s+(?=dnia\s|\d)", _I)
_VERB = (
    r"(?:trwa|trwaj[aą]|potrwa|potrwaj[aą]|b[eę]d(?:zie|[aą])\s+trwa[łlć]\w*|przyjmowane\s+s[aą]"
    r"|s[aą]\s+przyjmowane|b[eę]d[aą]\s+przyjmowane|przyjmowane\s+b[eę]d[aą]|odbywa\s+si[eę]"
    r"|(?:jest|b[eę]dzie)\s+prowadzon\w*)"
)
_SUBJECT = r"(?:nab[oó]r|naboru|sk[łl]adanie|przyjmowanie|oferty|wnioski|zg[łl]oszenia|konkurs|g[łl]osowanie)"
_VERB_BETWEEN = re.compile(
    rf"(?<=\d|\.|{_L})\s*,?\s+(?:{_SUBJECT}(?:\s+(?:ofert|wniosk[oó]w|zg[łl]osze[nń]|projekt[oó]w))?\s+)?"
    rf"{_VERB}(?:\s+{_SUBJECT}(?:\s+(?:ofert|wniosk[oó]w|zg[łl]osze[nń]|projekt[oó]w))?)?"
    rf"\s+(?=do(?!{_L}))",
    _I,
)

# "od 1 do 15 marca 2025 r. trwa nabór wniosków": the verb and its subject after the window
_VERB_AFTER = re.compile(
    rf"(?<=\d|\.|{_L})\s*,?\s+{_VERB}\s+{_SUBJECT}"
    r"(?:\s+(?:ofert|wniosk[oó]w|zg[łl]osze[nń]|projekt[oó]w))?\s*\.?\s*$",
    _I,
)
# "z dniem 15 marca 2025 r. rozpoczyna się nabór", "31 marca kończy się nabór wniosków": the
# verb after a single date says whether it starts the call (open-ended) or ends it (a deadline)
_THINGS_AFTER = r"(?:\s+(?:ofert|wniosk[oó]w|zg[łl]osze[nń]|projekt[oó]w))?"
_DATE_THEN_VERB = re.compile(
    rf"^\s*(?:z\s+dniem\s+|w\s+dniu\s+|dnia\s+)?(?P<date>[^;]*?\d[^;]*?)\s*,?\s+"
    r"(?P<verb>(?:roz)?poczyna\s+si[eę]|zaczyna\s+si[eę]|rusza|startuje"
    r"|ko[nń]czy\s+si[eę]|up[łl]ywa|mija)"
    rf"\s+{_SUBJECT}{_THINGS_AFTER}\s*\.?\s*$",
    _I,
)
_COMMA_BEFORE_END = re.compile(rf"(?<=\d|\.|{_L})\s*,\s*(?=do(?!{_L}))", _I)

# -- relative years ----------------------------------------------------------------------------
_NEXT = r"(?:przysz[łl]|nast[eę]pn|kolejn)(?:ego|ym)"
_PREVIOUS = r"(?:ubieg[łl]|poprzedni|zesz[łl])(?:ego|m|ym)"
_EVENT_AFTER = r"(?!\s*,?\s*(?:po|przed|od|w\s+kt[oó]rym|bud[zż]etow\w*\s+po)(?!\w))"
_RELATIVE_YEAR = re.compile(
    rf"(?<!{_L})(?<!ka[zż]dego\s)(?<!ka[zż]dym\s)(?<!co\s)(?:w\s+)?"
    rf"(?:(?P<a>{_NEXT}|{_PREVIOUS})\s+roku|roku\s+(?P<b>{_NEXT}|{_PREVIOUS}))(?!{_L}){_EVENT_AFTER}",
    _I,
)

# "do 15 marca, 15 czerwca … danego roku kalendarzowego": the year the harmonogram is for
_GIVEN_YEAR = re.compile(rf"(?<!{_L})danego\s+roku(?!{_L}){_EVENT_AFTER}", _I)


def clauses(text: str, kept: list[str]) -> str:
    """`text` with the clauses of the module doc read through; what is set aside goes to
    `kept`. A clause is only read when a date stays beside it."""
    chosen = _CHOSEN_TERM.search(text)
    if chosen and _DATED.search(text[chosen.end() :]):  # whatever follows reads on its own
        kept.append(chosen.group(0).strip(" ,"))
        text = text[: chosen.start()] + " " + text[chosen.end() :]
    text = _END_OF.sub("do końca", text)
    text = _EXPIRY.sub("do ", _NO_LONGER.sub("", text))
    if re.match(r"\s*od(?![^\W\d_])", text, _I):  # "od 1 lipca 2022 r, do 31 sierpnia …"
        text = _COMMA_BEFORE_END.sub(" ", _VERB_BETWEEN.sub(" ", text))
    verb_after = _DATE_THEN_VERB.match(text)
    if verb_after and _one_day(verb_after["date"]):
        kept.append(text[verb_after.end("date") :].strip(" ,."))
        starts = re.match(r"(?:roz)?pocz|zaczyna|rusza|startuje", verb_after["verb"], _I)
        text = ("od " if starts else "do ") + verb_after["date"]
    trailing = _VERB_AFTER.search(text)
    if trailing and _DATED.search(text[: trailing.start()]):  # "od 1 do 15 marca trwa nabór"
        kept.append(trailing.group(0).strip(" ,."))
        text = text[: trailing.start()]
    for pattern in (_OFFICE_HOURS, _CONDITION):
        found = pattern.search(text)
        rest = text[: found.start()] + " " + text[found.end() :] if found else ""
        if found and _DATED.search(rest):
            kept.append(_bracketed(found.group(0)))
            text = rest
    text = _ACROSS_NEXT_YEAR.sub(_across, text)
    return _GIVEN_YEAR.sub(" bieżącego roku ", _RELATIVE_YEAR.sub(_relative, text))


_ONE_DAY = (["day"], ["num", "month"], ["num", "month", "year"], ["day", "year"])


def _one_day(words: str) -> bool:
    """One printed day ("15 marca 2025 r.", "15.03.2025"): no range, list or bound."""
    try:
        kinds = [t.kind for t in tokenize(words) if t.kind not in ("yearword", "filler")]
    except Invalid:
        return False
    return kinds in _ONE_DAY


def _bracketed(words: str) -> str:
    """The clause for the note, without a bracket opened before it or a comma."""
    words = words.strip(" ,")
    if words.startswith("(") and words.endswith(")"):
        words = words[1:-1].strip()
    return words


_MONTH_NUMBER = {w: n for n, forms in enumerate(MONTH_NAMES, 1) for w in forms}
# "od listopada do lutego przyszłego roku": the start is in the harmonogram's year, the end next
_ACROSS_NEXT_YEAR = re.compile(
    rf"(?<!{_L})(?P<a>{_MONTHS})(?P<mid>\s*(?:-|do)\s*(?:\d{{1,2}}\s+)?)(?P<b>{_MONTHS})"
    rf"(?=\s+(?:w\s+)?(?:{_NEXT}\s+roku|roku\s+{_NEXT})(?!{_L}){_EVENT_AFTER})",
    _I,
)


def _across(match: re.Match[str]) -> str:
    first, last = (_MONTH_NUMBER.get(match[n].lower(), 0) for n in ("a", "b"))
    if first <= last:
        return match.group(0)
    return f"{match['a']} bieżącego roku{match['mid']}{match['b']}"


def _relative(match: re.Match[str]) -> str:
    """ "przyszłego roku" as the grammar's word for the year after the harmonogram's."""
    word = (match["a"] or match["b"]).lower()
    return " rokpóźniej roku " if re.match(r"przysz|nast|kolejn", word) else " rokwcześniej roku "


# -- a leading label ---------------------------------------------------------------------------
_SUBMITTING = (
    r"(?:sk[łl]adani[ae]|z[łl]o[zż]eni[ae]|nadsy[łl]ani[ae]|przesy[łl]ani[ae]|przyjmowani[ae]"
    r"|wnoszeni[ae]|zg[łl]aszani[ae]|zg[łl]oszeni[ae]|dor[eę]czeni[ae]|dostarczeni[ae]|naboru)"
)
_THINGS = (
    r"(?:ofert[y]?|wniosk[oó]w|wniosku|zg[łl]osze[nń]|zg[łl]oszenia|projekt[oó]w|projektu"
    r"|propozycji|dokument[oó]w|aplikacji|kandydatur|prac[y]?|formularzy|sprawozda[nń])"
)
_ANNOUNCING = r"(?:og[łl]oszeni[ae]|publikacji)"
_CONNECTIVE = (
    r"(?:od|do|w|we|z|ze|na|pomi[eę]dzy|mi[eę]dzy|najp[oó][zź]niej|nie|dnia|po|przed|oko[łl]o|ok"
    r"|lub|albo|i|oraz|tj)"
)
_WORD = rf"(?!(?:{_CONNECTIVE}|{_MONTHS})(?!{_L})){_L}+"
_DATE_AHEAD = (
    rf"(?=(?:dnia\s+|w\s+|we\s+)?(?:\d|(?:{_MONTHS})(?!{_L})"
    r"|(?:[IV]{1,3}|pierwsz\w*|drug\w*|trzec\w*|czwart\w*|ostatn\w*)\s+(?:kw|p[oó][łl])))"
)
_LABEL = re.compile(
    rf"^\s*termin(?:y|u)?\s+(?P<words>(?:do\s+)?{_WORD}(?:\s+{_WORD}){{0,4}}?)\s*(?::|-)?\s+"
    rf"{_DATE_AHEAD}",
    _I,
)


# "Ostatni dzień składania ofert: 23 marca", "Ostatecznym dniem składania ofert jest 23 marca br.":
# the last day, said in words
_LAST_DAY = re.compile(
    rf"^\s*(?:ostatni\w*|ostateczn\w*|ko[nń]cow\w*)\s+(?:dzie[nń]|dniem|dniu|dat[aąę])\s+"
    rf"{_SUBMITTING}\s+{_THINGS}\s*(?::|-|\s(?:jest|to|up[łl]ywa)\s)?\s*"
    rf"(?=(?:dnia\s+)?(?:\d|(?:{_MONTHS})(?!{_L})))",
    _I,
)


# "Składanie ofert: 19 czerwca 2025": the stage on that day, or its last day? both are named
_STAGE_LABEL = re.compile(
    rf"^\s*(?P<label>(?:sk[łl]adanie|przyjmowanie|nadsy[łl]anie|zg[łl]aszanie|nab[oó]r)\s+{_THINGS})"
    rf"\s*(?::|-)?\s+(?=(?:dnia\s+|w\s+dniu\s+)?\d)",
    _I,
)


def deadline_label(text: str) -> tuple[str, str | None]:
    """The text without a leading "termin …:" label before a date, and what the label makes
    of a single day: "deadline" (termin składania ofert), "unclear" (another termin),
    "announced" ("termin ogłoszenia": the day itself), None (no label)."""
    last_day = _LAST_DAY.match(text)
    if last_day is not None:
        return "do " + text[last_day.end() :], None
    stage = _STAGE_LABEL.match(text)
    if stage is not None:
        return text, f"unclear:{stage['label']}"
    found = _LABEL.match(text)
    if found is None:
        return text, None
    words = found["words"]
    rest = text[found.end() :]
    if re.search(rf"(?<!{_L}){_SUBMITTING}(?!{_L})", words, _I) and re.search(
        rf"(?<!{_L}){_THINGS}(?!{_L})", words, _I
    ):
        return rest, "deadline"
    if re.fullmatch(rf"{_ANNOUNCING}(?:\s+{_L}+){{0,2}}", words.strip(), _I):
        return text, "announced"  # the day itself, even with an hour after "do"
    return text, f"unclear:{text[: found.end()].strip(' :-')}"  # the grammar reads the label


_COARSE = frozenset(
    (K.HALF_MONTH, K.DECADE, K.MONTH, K.MONTHS, K.QUARTER, K.QUARTERS, K.HALF_YEAR, K.YEAR, K.YEARS)
)


def labelled_reading(period: Period, label: str | None, as_of_day: date) -> Period:
    """A labelled single day as the label reads it: the last day for offers (a deadline from
    `as_of_day`; so is a day with its one hour after "do", label "until": "5 listopada 2015
    r., do godziny 12.00"), or both readings named when the label does not say which; a range or a
    printed "do …" reads as printed. A coarser point ("Termin składania ofert: czerwiec") may
    be the last month or the whole month, so both are named."""
    if label is None or not isinstance(period, DatedPeriod) or len(period.windows) != 1:
        return period
    window = period.windows[0]
    if label == "announced" or (label == "until" and period.kind != PeriodKind.DAY):
        return period  # "od 10 do 24 czerwca do godz. 17.00": the hour of the last day
    if period.kind == PeriodKind.DAY:
        day = window.start
        if label in ("deadline", "until"):
            start = min(as_of_day, day)
            return DatedPeriod(
                period.text, PeriodKind.DEADLINE, (Span(start, window.end),), period.note
            )
        shown = label.split(":", 1)[1]
        raise Invalid(
            f"„{shown}” z jednym dniem to ostatni dzień (do {format_date(day)}) czy ten jeden "
            f"dzień ({format_date(day)})? Proszę wpisać „do {format_date(day)}” albo zostawić "
            "druk i dopisać obok window"
        )
    if label == "deadline" and period.kind in _COARSE:
        last = window.end - timedelta(days=1)
        raise Invalid(
            f"termin składania to ostatni dzień (do {format_date(last)}) czy cały okres "
            f"{format_span(window.start, window.end)}? Proszę zostawić druk i dopisać obok "
            f'window = "do {format_date(last)}" albo window z dniami składania'
        )
    return period


# Where each clause was found in print (one public document per entry; more in the corpus).
CLAUSE_SOURCES: dict[str, tuple[str, str]] = {
    "z końcem": ("z końcem września", "https://olsztynek.pl/aktualnosci/najnowsze-informacje/"),
    "przyszłego roku": (
        "od stycznia do czerwca przyszłego roku",
        "http://www.archiwum.tarnobrzeg.pl/sport/stypendia-dla-sportowcow/",
    ),
    "office hours": (
        (
            "w terminie do dnia 10.05.2021 r. w godzinach pracy Urzędu Miejskiego Kościana (tj. "
            "od godz. 7.15 do 16.15)"
        ),
        "https://koscian.pl/Konkursy_w_230._rocznice_uchwalenia_Konstytucji_3_Maja,17424.html",
    ),
    "w miarę posiadanych środków": (
        "w ostatnim kwartale roku w miarę posiadanych środków finansowych",
        (
            "http://pcprkluczbork.pl/powiatowe-centrum-pomocy-rodzinie/dofinansowanie-dla-osob-"
            "niepelnosprawnych-ze-srodkow-pfron-0"
        ),
    ),
    "w wybranym przez wykonawcę terminie": (
        "w wybranym przez wykonawcę terminie od 25.06.2016 r. – 30.08.2016 r.",
        (
            "https://pl.openprocurements.com/tender/2016-usluga-polegajaca-na-zorganizowaniu-na-"
            "terenie-kraju-koloni-letnich-dla-dzieci-bez-zabezpieczen"
        ),
    ),
    "nie dłużej niż do": (
        "od 1 lipca 2022 r, nie dłużej niż do 31 sierpnia 2022 r.",
        "http://ocrs.pl/aktualnosci/mikrogranty-duw-na-pomoc-uchodzcom-termin-do-3-czerwca-2022/",
    ),
    "termin składania ofert: DAY": (
        "termin składania ofert: 28 kwietnia 2015  08:00",
        "http://www.bip.koronowo.pl/index.php?app=przetargi&nid=7376&y=2015&status=3",
    ),
    "ostatni dzień składania": (
        "Ostatecznym dniem składania ofert jest 23 marca br.",
        "http://prawoslawnyordynariat.wp.mil.pl/pl/1_1097.html",
    ),
}
