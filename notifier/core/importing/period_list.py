"""A harmonogram printed as a list whose items start with the period, not as a table.

Programmes of cooperation often list the terms of announcement as text: "1) do 30 listopada
2023 roku dla zadań realizowanych w trakcie całego 2024 roku …;" (Warszawa 2024), "marzec-
kwiecień 2006 – konkurs na zadania związane z rynkiem pracy …;" (Małopolska 2006). Each item —
a line (or paragraph) that, after an optional "N)", starts with a dated period followed by a
dash or by the task's first word in lower case — is one task: the longest such leading
period is its period, the rest up to the end of its first sentence its title (as printed,
without the closing ";" or "."); a further sentence of the item is a remark for the review.
An item (numbered "1)", "1." or bulleted "-", "•") runs on over the following lines (a PDF
wraps it) until it ends with ";" or "." (a next item's line starts a new one anyway).
Text around the list (title, introduction, a closing sentence) is left out.
"""

from __future__ import annotations

import re

from notifier.core.importing.assembler import Line, assemble
from notifier.core.importing.cells import NUMBER_RE, join_lines, normalise
from notifier.core.importing.model import ImportedSchedule, Where
from notifier.core.importing.month_marks import month_of
from notifier.core.periods import MIN_YEAR, DatedPeriod, PeriodError, parse_period

_BULLET_RE = re.compile(r"^[-–•*·]\s+")  # "- luty 2026 – konkurs …," in a bulleted list
MIN_ITEMS = 2  # one line starting with a date is no list
MAX_PERIOD_WORDS = 9
_DASHES = ("–", "-", "—", ":")
_DATE_END = frozenset(["r", "r.", "rok", "roku", "kwartał", "kwartale", "półrocze", "półroczu"])
_FULL_STOP_RE = re.compile(r"\.\s+(?=[A-ZĄĆĘŁŃÓŚŹŻ])")
_ABBREVIATIONS = frozenset(["pn", "tzw", "np", "ul", "im", "nr", "ok", "godz", "ust", "pkt", "art"])
LIST_NOTE = (
    "dokument bez tabeli: zadania odczytano z listy, której punkty zaczynają się od terminu "
    "(„termin – zadanie”); każdy punkt to jedno zadanie"
)


def _reads(words: list[str], year: int) -> bool:
    try:
        return isinstance(parse_period(" ".join(words).rstrip(",:"), year), DatedPeriod)
    except PeriodError:
        return False


def _date_end(word: str) -> bool:
    """Can a printed period end with this word ("2024", "roku", "marca", "kwartał")?"""
    word = word.lower().rstrip(",.")
    return any(c.isdigit() for c in word) or word in _DATE_END or month_of(word) is not None


def leading_period(text: str, year: int) -> tuple[str, str] | None:
    """(period, rest) when `text` starts with a dated period followed by a dash or by a word
    in lower case, and more words. Before a dash: the first prefix that reads as a period and
    is not followed by another date ("grudzień 2005 — luty 2006 roku – otwarte konkursy …");
    else the longest prefix ending like a date ("do 30 listopada 2023 roku dla zadań …")."""
    words = text.split()
    for k, word in enumerate(words[: MAX_PERIOD_WORDS + 1]):
        if (
            word in _DASHES
            and 0 < k < len(words) - 1
            and _reads(words[:k], year)
            and not any(_reads(words[k + 1 : k + 1 + n], year) for n in (1, 2))
        ):
            return " ".join(words[:k]).rstrip(","), " ".join(words[k + 1 :])
    best = None
    for cut in range(1, min(len(words) - 1, MAX_PERIOD_WORDS + 1)):
        if _date_end(words[cut - 1].rstrip(":")) and _reads(words[:cut], year):
            best = cut
    if best is None or not (words[best - 1].endswith(":") or words[best][:1].islower()):
        return None  # "II kwartał 2026: Konkurs …" or "maj dla zadań …", not "Maj 2024 Sport"
    return " ".join(words[:best]).rstrip(",:"), " ".join(words[best:])


def _first_sentence(text: str) -> list[str]:
    """[first sentence] or [first sentence, the rest]: a full stop before a capital ends it,
    but not after an abbreviation ("konkurs pn. Program …") or a single letter."""
    for stop in _FULL_STOP_RE.finditer(text):
        word = re.findall(r"\w+$", text[: stop.start()])
        if word and len(word[0]) > 1 and word[0].lower() not in _ABBREVIATIONS:
            return [text[: stop.start()], text[stop.end() :]]
    return [text]


def read_period_list(text: str, year: int | None) -> ImportedSchedule | None:
    """The harmonogram a period-first list in `text` holds, or None when the text has fewer
    than MIN_ITEMS such items."""
    items: list[tuple[str, str, list[str], Where]] = []  # (number, period, lines, where)
    open_item = False
    for index, raw in enumerate(text.splitlines(), start=1):
        line = normalise(raw)
        if not line:
            open_item = False
            continue
        numbered = NUMBER_RE.match(line)
        body = line[numbered.end() :] if numbered else _BULLET_RE.sub("", line)
        found = leading_period(body, year or MIN_YEAR)
        if found:
            number = numbered.group(1) if numbered else ""
            items.append((number, found[0], [found[1]], Where(0, index)))
            open_item = True
        elif open_item:
            items[-1][2].append(line)
        if open_item and line.endswith((";", ".")):
            open_item = False
    if len(items) < MIN_ITEMS:
        return None
    paragraphs = []
    for number, period, lines, where in items:
        body = join_lines(lines).rstrip(";.,").rstrip()
        title, *more = _first_sentence(body)
        paragraphs.append([Line(f"{number}) {title}" if number else title, where, "task")])
        paragraphs.append([Line(period, where, "period")])
        if more:
            paragraphs.append([Line(more[0], where, "remark")])
    imported = assemble(paragraphs, text, year)
    imported.notes.insert(0, LIST_NOTE)
    return imported
