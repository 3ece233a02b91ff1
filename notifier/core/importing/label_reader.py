"""Read a harmonogram printed as labelled lines, one block per competition, with no table.

Some cities print the plan as prose: for each competition a name line, then labelled lines —
Białystok's culture department, "Struktura konkursów dla NGO" 2023
(https://www.bialystok.pl/pl/dla_mieszkancow/kultura/realizacjaprogramupolitykikulturalnej/
struktura-konkursow-dla-ngo.html): "I. Konkurs na działania całoroczne", its priorities and a
paragraph, then "Planowany termin ogłoszenia konkursu: listopad 2022", "Termin realizacji
zadania: styczeń - grudzień 2023", "Kwota na konkurs: …" — or blocks of labels only
("Nazwa zadania: …", "Termin ogłoszenia: …", "Komórka: …", or the department first).

A block starts at its name: a title label ("Nazwa zadania:", "Zadanie:", "Nazwa konkursu:"),
else a numbered line of one numbering style ("I.", "1.", "1)"); the first of these that puts
exactly one announcement label ("Planowany termin ogłoszenia konkursu:", "Termin
ogłoszenia:") in every block, and none before the first, is the document's. A department label
("Komórka:", "Wydział:", "Realizator:") printed after a block's name names that block's
department and the following blocks'; printed before the first block's name (a heading), it
names the department of the blocks after it.
Other labels (realisation, amount) and prose are left out, and the notes say so. A text with
announcement labels whose blocks cannot be told apart is refused (DocumentError): the importer
never guesses which task a date belongs to.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from notifier.core.importing.assembler import NO_DEPARTMENT, Line, as_of_in, title_in
from notifier.core.importing.cells import YEAR_RE, normalise
from notifier.core.importing.document_dates import DATE_RE, year_phrase
from notifier.core.importing.letter_case import readable_case
from notifier.core.importing.model import (
    DocumentError,
    ImportedDepartment,
    ImportedSchedule,
    ImportedTask,
    Where,
)
from notifier.core.importing.quoting import printed
from notifier.core.polish import plural

__all__ = ["LabelLine", "label_kind", "read_labels"]

_LABEL_RE = re.compile(r"^(?P<label>[^\W\d_][^:]{0,70}?)\s*:\s*(?P<value>.*)$")
_ANNOUNCE_RE = re.compile(r"ogłosz|ogłasz", re.IGNORECASE)
_WHEN_RE = re.compile(r"\b(termin|miesiąc|data|okres|kwarta\w*|kiedy)\b", re.IGNORECASE)
_NOT_ANNOUNCE_RE = re.compile(r"wynik|rozstrzyg|składani|realizac", re.IGNORECASE)
_TITLE_RE = re.compile(
    r"^(nazwa|tytuł|przedmiot|rodzaj zadania|zadanie|zadanie publiczne|konkurs)\b", re.IGNORECASE
)
_DEPARTMENT_RE = re.compile(
    r"komórk|wydział|departament|jednostk|referat|\bbiuro\b|realizator|ogłaszając|odpowiedzialn"
    r"|organizator|dysponent",
    re.IGNORECASE,
)
# Numbering styles a name line may use, in the order tried: "I. …", "1. …", "1) …".
_STYLES: dict[str, re.Pattern[str]] = {
    "roman": re.compile(r"^(?P<n>[IVXLC]{1,6})\.\s+(?P<text>[^\W\d_].*)$"),
    "dot": re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<text>[^\W\d_].*)$"),
    "paren": re.compile(r"^(?P<n>\d{1,2})\)\s*(?P<text>[^\W\d_].*)$"),
}
_MAX_NAME = 200  # a name line longer than this is a paragraph, not a competition's name


@dataclass(frozen=True)
class LabelLine:
    """One non-empty line: its text, place, label kind ("period", "title", "department",
    "other" or None) with the label and value, and its numbering (style, number, text)."""

    text: str
    where: Where
    kind: str | None = None
    label: str = ""
    value: str = ""
    style: str | None = None
    number: str = ""
    name: str = ""


def label_kind(label: str) -> str:
    """What a label ("Planowany termin ogłoszenia konkursu") names: "period" (the
    announcement's date), "title", "department" or "other" (realisation, amount, …)."""
    label = normalise(label)
    if label.lower() in ("termin", "planowany termin", "przewidywany termin"):
        return "period"
    if _ANNOUNCE_RE.search(label) and _WHEN_RE.search(label):
        return "other" if _NOT_ANNOUNCE_RE.search(label) else "period"
    if _TITLE_RE.match(label):
        return "title"
    if _DEPARTMENT_RE.search(label) and len(label.split()) <= 4:
        return "department"
    return "other"


def _line(text: str, where: Where) -> LabelLine:
    found = _LABEL_RE.match(text)
    if found and len(found.group("label").split()) <= 8:
        label, value = normalise(found.group("label")), normalise(found.group("value"))
        kind = label_kind(label)
        # a line of prose or a list item with a colon ("wspieranie festiwali: …") is no label
        if kind != "other" or (label[0].isupper() and len(label.split()) <= 6):
            return LabelLine(text, where, kind, label, value)
    for style, pattern in _STYLES.items():
        numbered = pattern.match(text)
        if numbered and len(text) <= _MAX_NAME and not text.endswith((";", ",", ":")):
            return LabelLine(text, where, style=style, number=numbered["n"], name=numbered["text"])
    return LabelLine(text, where)


def _lines(paragraphs: list[list[Line]]) -> list[LabelLine]:
    """Each line read; a known label with its value on the next line gets that value."""
    flat = [_line(normalise(x.text), x.where) for lines in paragraphs for x in lines]
    out: list[LabelLine] = []
    skip = False
    for i, line in enumerate(flat):
        if skip:
            skip = False
            continue
        after = flat[i + 1] if i + 1 < len(flat) else None
        known = line.kind in ("period", "title", "department")
        if known and not line.value and after is not None and after.kind is None:
            line = LabelLine(line.text, line.where, line.kind, line.label, after.text)
            skip = True
        out.append(line)
    return out


def _fits(lines: list[LabelLine], starts: list[int]) -> bool:
    """Every announcement label in a block, exactly one in each, at most one title label."""
    if not starts:
        return False
    bounds = [*starts, len(lines)]
    if any(x.kind == "period" for x in lines[: starts[0]]):
        return False
    for begin, end in pairwise(bounds):
        block = lines[begin:end]
        if sum(x.kind == "period" for x in block) != 1 or sum(x.kind == "title" for x in block) > 1:
            return False
    return True


def _blocks(lines: list[LabelLine]) -> tuple[str, list[int]] | None:
    """The numbering that splits the lines into blocks (see the module docstring)."""
    tests: list[tuple[str, Callable[[LabelLine], bool]]] = [
        ("title", lambda x: x.kind == "title"),
        ("period", lambda x: x.kind == "period"),
        *((s, lambda x, s=s: x.kind is None and x.style == s) for s in _STYLES),
    ]
    for style, test in tests:
        starts = [i for i, x in enumerate(lines) if test(x)]
        if style == "period" and not any(x.kind == "title" for x in lines):
            continue  # blocks started by their date need a title label each
        if _fits(lines, starts):
            return style, starts
    return None


def read_labels(
    paragraphs: list[list[Line]], text: str, year: int | None
) -> ImportedSchedule | None:
    """The harmonogram printed as labelled blocks in `paragraphs` (the text reader's lines),
    or None when no line is an announcement label ("Termin ogłoszenia: …"); `text` is the whole
    text (title, "stan na dzień"). DocumentError (Polish) when the labels are there but not
    one block per announcement with a name: a guess would write tasks that are not tasks."""
    lines = _lines(paragraphs)
    periods = [x for x in lines if x.kind == "period"]
    if not periods:
        return None
    found = _blocks(lines)
    if found is None:
        raise DocumentError(_refusal(lines, periods))
    style, starts = found
    title = title_in(text)
    result = ImportedSchedule(title, year, as_of_in(text), [])
    if year is None:
        phrase = year_phrase(text)
        year_found = YEAR_RE.search(DATE_RE.sub(" ", title or ""))
        if year_found:
            result.year, result.year_from = (
                int(year_found.group(1)),
                f"tytuł {printed(title or '', 100)}",
            )
        elif phrase:
            result.year, result.year_from = phrase[0], f"tekst {printed(phrase[1])}"
    result.notes.append(
        f"dokument bez tabeli: odczytano {_count(len(starts), 'zadanie', 'zadania', 'zadań')} "
        f"z bloków wierszy z etykietami, po jednym na konkurs (nazwa: {_named_by(style, lines[starts[0]])}; termin: wiersz "
        f"„{periods[0].label}: …”)"
    )
    # A department label printed before the first block's name heads the blocks after it
    # ("Komórka: …" above "Nazwa zadania: …"); else each block carries its own (after its date).
    first_department = next((i for i, x in enumerate(lines) if x.kind == "department"), None)
    leading = first_department is not None and first_department < starts[0]
    current: list[ImportedDepartment] = []
    skipped: Counter[str] = Counter()
    prose = 0
    bounds = [*starts, len(lines)]

    def take(labels: list[LabelLine]) -> None:
        for line in labels:
            new = line.kind == "department" and line.value
            if new and (not current or current[-1].printed != line.value):
                current.append(
                    ImportedDepartment(readable_case(line.value), line.value, line.where)
                )

    take(lines[: starts[0]])
    for begin, end in pairwise(bounds):
        block = lines[begin:end]
        if not leading:
            take(block)
        if not current:
            current.append(ImportedDepartment(NO_DEPARTMENT, "", block[0].where))
            result.notes.append(
                f"{block[0].where}: w dokumencie nie ma komórki nad zadaniami: dodano jedną wspólną"
            )
        department = current[-1]
        if not any(d is department for d in result.departments):
            result.departments.append(department)
        named = next((x for x in block if x.kind == "title" and x.value), None)
        head = lines[begin]
        period = next(x for x in block if x.kind == "period")
        task = ImportedTask(
            named.value if named else head.name,
            (named or head).where,
            number=head.number or None,
            period=period.value or None,
            period_where=period.where,
        )
        department.tasks.append(task)
        skipped.update(x.label for x in block if x.kind == "other" and x.value)
        prose += sum(1 for x in block if x.kind is None and x is not head)
        if leading:
            take(block)  # for the blocks after this one
    if skipped:
        labels = ", ".join(f"{printed(label)} ({n})" for label, n in skipped.items())
        result.notes.append(f"pominięto wiersze z etykietami {labels}: w pliku ich nie ma")
    if prose:
        result.notes.append(
            f"pominięto {_count(prose, *_ROWS)} opisu w blokach (priorytety, objaśnienia): "
            "w pliku ich nie ma"
        )
    return result


_ROWS = ("wiersz", "wiersze", "wierszy")


def _count(n: int, one: str, few: str, many: str) -> str:
    return f"{n} {plural(n, one, few, many)}"


def _named_by(style: str, first: LabelLine) -> str:
    if style in ("title", "period"):
        return "wiersz „Nazwa zadania: …” lub podobny"
    return f"numerowany wiersz taki jak {printed(first.text, 60)}"


def _refusal(lines: list[LabelLine], periods: list[LabelLine]) -> str:
    first = periods[0]
    titles = sum(x.kind == "title" for x in lines)
    named = sum(x.kind is None and x.style is not None for x in lines)
    return (
        f"Dokument nie ma tabeli harmonogramu, a ma {_count(len(periods), *_ROWS)} z terminem "
        f"ogłoszenia konkursu (pierwszy: {printed(first.text, 80)}, {first.where}), "
        f"{_count(titles, *_ROWS)} „Nazwa zadania: …” i {_count(named, *_ROWS)} numerowanych. "
        "Nie da się wskazać, którego zadania dotyczy każdy termin: nad każdym powinna stać "
        "nazwa zadania (wiersz „Nazwa zadania: …” albo numerowany tytuł konkursu, np. "
        "„I. Konkurs …”). Import nie zgaduje zadań. Proszę przygotować harmonogram jako "
        "tabelę (zadanie, termin ogłoszenia) albo wpisać zadania w szkic importu w biurze."
    )
