"""Words around a printed window that only say what it is for: lead words, stage labels, "każdego roku".

A lexicon, not a guess: a run of words is dropped only when every word of it is a framing
word listed here ("nabór trwa", "konkurs zostanie ogłoszony", "termin składania ofert
upływa"), wherever it stands in the cell ("W tegorocznej edycji nabór trwa do 15 marca"),
and only before a connective, a day or a month. Words that change the meaning ("po", "przed",
"około", "na początku") are never in it, and a word not in it is never skipped — the grammar
reads it or refuses.

A stage label set off by a dash or a colon ("Etap I: 1–15 marca", "nabór uzupełniający –
1–10 czerwca", "1–10 czerwca – nabór uzupełniający") names the stage: it is kept for the
note when its words carry no date and nothing that changes the window. A month heading before
a label and its precise dates in brackets ("MARZEC - zgłaszanie projektów (od 14 marca do
13 kwietnia)") leaves the dates to be read and the heading to be checked against them.
"""

from __future__ import annotations

import re

from notifier.core.period_words import MONTH_NAMES, Invalid, tokenize

_I = re.IGNORECASE
LEAD_WORDS = frozenset(
    w
    for w in (
        "termin", "terminy", "składania", "składanie", "złożenia", "ofert", "oferty", "wniosków",
        "wnioski", "zgłoszeń", "zgłoszenia", "projektów", "propozycji", "nabór", "naboru",
        "trwa", "potrwa", "trwał", "będzie", "będą", "odbywa", "odbędzie", "się", "jest", "są",
        "przyjmowane", "przyjmowanie", "przyjmujemy", "prowadzony", "realizacji", "realizacja",
        "zadania", "zadań", "ogłoszenia", "ogłoszenie", "konkursu", "konkurs", "planowany",
        "planowana", "przewidywany", "przewidywana", "data", "głosowanie", "zadanie",
        "realizowane", "realizowany", "można", "składać", "należy", "złożyć", "ogłoszony",
        "ogłoszona", "ogłoszone", "rozstrzygnięcie", "rozstrzygnięcia", "wyników", "konkursów",
        "otwartego", "otwartych", "planowane", "przewidywane", "realizowanego", "realizowanej",
        "realizowanych", "dodano", "opublikowano", "trwać", "okres", "zaplanowano", "zaplanowany",
        "zaplanowana", "zaplanowane", "nastąpi", "ustala", "ustalono", "ustalony", "wyznaczono",
        "przewidziano", "sprawozdanie", "sprawozdania", "raport", "rozliczenie", "zakończenie",
        "rozpoczęcie", "roczne", "końcowe", "częściowe", "kwartalne", "okresowe", "sprawozdawczy",
        # the passive future of a call ("konkurs zostanie ogłoszony w marcu 2025")
        "zostanie", "zostaną", "został", "została", "zostało", "zostały", "ogłoszonych",
        "prowadzona", "prowadzone", "przyjmowania", "składaniu",
        # "planuje się ogłoszenie konkursu w marcu 2025" ("przewiduje się" is an estimate: refused)
        "planuje", "planujemy", "planowanego",
        # "Termin składania ofert konkursowych ustala się do dnia 29 kwietnia 2019 r."
        "konkursowych", "konkursowe", "konkursowej",
    )
)  # fmt: skip
_MONTH_ALTERNATION = "|".join(w for forms in MONTH_NAMES for w in forms)  # every case form
# What may follow them: a connective, a day or a month ("sie 2025" is not "się" and a year).
_LEAD_END = re.compile(
    r"(?:od|do|w|we|na|za|dnia|z|pomi[eę]dzy|mi[eę]dzy|najp[oó][zź]niej|nie|\d{1,2}(?!\d)|"
    r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|"  # "2025-03-14", "2025.03.14"
    + _MONTH_ALTERNATION
    + r")(?![^\W\d_])",
    _I,
)
# Words after which a lead word inside the cell belongs to an event, not a frame ("po ogłoszeniu
# wyników", "od ogłoszenia konkursu"): the run then stays for the grammar to read or refuse.
_BOUND_BEFORE = frozenset(
    ("od", "do", "po", "przed", "w", "we", "z", "ze", "na", "za", "około", "ok.", "przy", "dnia",
     "niż", "nie", "lub", "albo", "bądź", "i", "oraz", "a", "-", "–")
)  # fmt: skip


_DATED = re.compile(rf"\d|(?<![^\W\d_])(?:{_MONTH_ALTERNATION})(?![^\W\d_])", _I)
_NUMERAL = re.compile(r"(?:[IVX]+|\d{1,2})\.?|[-–:;,]", _I)


def drop_lead(text: str) -> str:
    """Drop every run of lead words that only names what the date after it is for ("Nabór
    trwa", "termin składania ofert upływa"): at the start a connective may open it ("Termin do
    składania ofert"); inside the cell it must come before any date and follow a word that
    binds nothing to it ("W tegorocznej edycji nabór trwa do …", never "po ogłoszeniu …")."""
    words = text.split()
    out: list[str] = []
    pos = 0
    while pos < len(words):
        end = _run(words, pos, at_start=not out)
        said = " ".join(out)  # a run after a date may frame another event ("…, wyniki do …")
        inside = said.count("(") > said.count(")") or _DATED.search(said)  # "(zadania …)"
        if end > pos and not inside and (not out or (_frees(out[-1]) and words[pos] != "się")):
            if not out and end < len(words) - 1 and words[end] in ("-", ":"):  # "konkurs – maj"
                end += 1
            if end < len(words) and _LEAD_END.match(words[end]):
                pos = end
                continue
        out.append(words[pos])
        pos += 1
    return " ".join(out) if len(out) != len(words) else text


def _frees(word: str) -> bool:
    """A word after which a lead word inside the cell is a frame: not a connective ("od
    ogłoszenia konkursu"), a sign or a round's number ("II nabór – wrzesień")."""
    return word.lower() not in _BOUND_BEFORE and _NUMERAL.fullmatch(word) is None


def _run(words: list[str], pos: int, at_start: bool) -> int:
    start = pos
    while pos < len(words) and (
        words[pos].lower() in LEAD_WORDS
        or (
            at_start
            and words[pos].lower() in ("do", "od", "w")
            and pos + 1 < len(words)
            and words[pos + 1].lower() in LEAD_WORDS
        )
    ):
        pos += 1
    return pos if any(w.lower() in LEAD_WORDS for w in words[start:pos]) else start


# "każdego roku", "co roku", "corocznie", "rokrocznie" in a yearly harmonogram: its own year.
# Never before "…, w którym" or "następnego": a year counted from an event is asked for.
_YEARLY = re.compile(
    r",?\s*(?<![^\W\d_])(?:ka[zż]dego\s+roku|co\s+roku|corocznie|rokrocznie)(?![^\W\d_])"
    r"(?!\s*,?\s*(?:w\s+kt[oó]rym|nast[eę]pn|kolejn|przysz[lł]))",
    _I,
)


def yearly(text: str, kept: list[str]) -> str:
    """ "od 1 do 30 stycznia każdego roku": the harmonogram's year; the words go to the note."""
    found = _YEARLY.search(text)
    rest = text[: found.start()] + " " + text[found.end() :] if found else text
    if found is None or not _DATED.search(rest):  # "corocznie" alone names no window
        return text
    kept.append(found.group(0).strip(" ,"))
    return rest


_CHANGE = re.compile(
    r"przed[łl]u[zż]|wyd[łl]u[zż]|wstrzyma|zmian|zmieni|przesun|zawiesz|skr[oó]c|odwo[łl]|"
    r"uniewa[zż]n|anulow|dodatkow|wst[eę]pn|ewentualn",
    _I,
)
_WEEKDAY = re.compile(r"poniedzia|wtor|[sś]rod|czwart|pi[aą]t|sobot|niedziel", _I)  # checked later
_ROUND_ONLY = re.compile(
    r"(?:(?:IV|I{1,3}|V|[1-9])\.?\s*)?(?:nab[oó]r|tur)[^\W\d_]*(?:\s+(?:IV|I{1,3}|V|[1-9]))?", _I
)
_LABEL_KINDS = frozenset(("unknown", "filler", "and", "list", "round", "num"))


def stage_label(words: str) -> bool:
    """Words that name a stage and nothing else: no date, no bound, no word that changes the
    window ("przedłużony", "wstępnie", "po"); a bare round ("II nabór") is the grammar's."""
    try:
        tokens = tokenize(words)
    except Invalid:
        return False
    kinds = {t.kind for t in tokens}
    if "num" in kinds and not all(t.raw.isalpha() for t in tokens if t.kind == "num"):
        return False  # "Etap I" is a label, "Etap 2025" is not
    return (
        "unknown" in kinds
        and kinds <= _LABEL_KINDS
        and _CHANGE.search(words) is None
        and _WEEKDAY.search(words) is None
        and _ROUND_ONLY.fullmatch(words.strip()) is None
    )


_DASH_LABEL = re.compile(r"^\s*([^\W\d_][^\d:;()]*?)\s+-\s+(?=\S)")
_COLON_LABEL = re.compile(r"^\s*([^\W\d_][^\d:;()]*?)\s*:\s*(?=\S)")
_TAIL_LABEL = re.compile(r"\s+-\s+([^\W\d_][^\d:;()]*)$")
_HEADED = re.compile(
    r"^\s*(?P<head>[^\W\d_]+\.?(?:\s+\d{4}\s*(?:r\.?|roku?)?)?)\s*[-:]\s*"
    r"(?P<label>[^\W\d_][^\d()]*?)\s*\((?P<dates>[^()]*\d[^()]*)\)\s*$",
)


def labelled(text: str, kept: list[str]) -> tuple[str, str | None]:
    """The window of a labelled cell and the month heading to check it against, if any.

    "MARZEC - zgłaszanie projektów (od 14 marca do 13 kwietnia)" gives the dates in brackets
    and the heading "MARZEC"; "Etap I: 1–15 marca" and "nabór uzupełniający – 1–10 czerwca"
    give their dates, the label kept for the note, when the dates are finer than a year."""
    headed = _HEADED.match(text)
    if headed and _one_month(headed["head"]) and stage_label(headed["label"]):
        kept.append(f"{headed['head']} – {headed['label'].strip()}")
        return headed["dates"], headed["head"]
    for pattern in (_COLON_LABEL, _DASH_LABEL, _TAIL_LABEL):
        found = pattern.search(text)
        rest = text[: found.start()] + " " + text[found.end() :] if found else ""
        if found and stage_label(found.group(1)) and _precise(rest):
            if any(w.lower() not in LEAD_WORDS for w in found.group(1).split()):
                kept.append(found.group(1).strip())  # "Termin:" says nothing the note needs
            return rest, None
    return text, None


_PRECISE = frozenset(("month", "day", "quarter", "half", "decade"))
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\s*[IVX]{1,4}(?![^\W\d_])")  # "2 I 2020"


def _precise(rest: str) -> bool:
    """A window finer than a year beside the label: "rozwój sportu – II tura 2024" is a task's
    title and its round, never a labelled period."""
    try:
        kinds = {t.kind for t in tokenize(rest)}
    except Invalid:
        return False
    return bool(kinds & _PRECISE) or _ISO.search(rest) is not None


def _one_month(words: str) -> bool:
    try:
        kinds = [t.kind for t in tokenize(words) if t.kind not in ("yearword", "filler")]
    except Invalid:
        return False
    return kinds in (["month"], ["month", "year"])
