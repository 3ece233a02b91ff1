"""Which of a table's columns and rows play which part, where the header's first match would
mislead: of two task-like columns the task's name (not the sphere of public benefit beside
it), a header of two rows (a spanning "Planowany termin" over "rozstrzygnięcia" |
"ogłoszenia"), and sum rows ("Razem", "OGÓŁEM") that are no task."""

from __future__ import annotations

import re
from collections.abc import Sequence

from notifier.core.echo import clipped
from notifier.core.importing.cells import normalise, period_or_none
from notifier.core.importing.document_dates import year_phrase
from notifier.core.importing.model import DocumentError, ImportedTask, Where
from notifier.core.importing.quoting import printed
from notifier.core.importing.table_cells import Cell, Columns, Row, Table, heading_of
from notifier.core.importing.table_cells import cell_at as _at
from notifier.core.importing.table_cells import cell_text as _text
from notifier.core.period_words import MONTH_NAMES

# a header naming the task itself: "Nazwa zadania", "Tytuł", "Przedmiot konkursu", "Opis zadania"
_NAME_RE = re.compile(r"nazw|tytuł|przedmiot|\bopis\b|\btemat", re.IGNORECASE)
# a header naming its sphere of public benefit: "Rodzaj zadania", "Zadanie publiczne (sfera)"
_SPHERE_RE = re.compile(
    r"rodzaj|zakres|obszar|sfer|priorytet|dziedzin|kierun|\bcel\b|zadani[ea] publiczn",
    re.IGNORECASE,
)
NAME, PLAIN, SPHERE = 0, 1, 2


def task_kind(text: str) -> int:
    """How surely a task-like header names the task: NAME, PLAIN ("Zadanie") or SPHERE."""
    if _NAME_RE.search(text):
        return NAME
    return SPHERE if _SPHERE_RE.search(text) else PLAIN


def _stats(rows: Sequence[Row], index: int) -> tuple[float, float, int]:
    """A column's share of distinct texts, their mean length and their number."""
    texts = [t for r in rows if (t := _text(_at(r, index)))]
    if not texts:
        return 0.0, 0.0, 0
    return len(set(texts)) / len(texts), sum(map(len, texts)) / len(texts), len(texts)


def _beats(a: tuple[float, float, int], b: tuple[float, float, int]) -> bool:
    """Column a holds task names rather than b: clearly more distinct texts (a sphere repeats
    "kultura i sztuka"), or as distinct and clearly longer."""
    if a[0] - b[0] >= 0.25:
        return True
    return abs(a[0] - b[0]) < 0.25 and a[1] >= 1.5 * b[1] and a[1] > 0


def task_column(header: Row, candidates: Sequence[int], rows: Sequence[Row]) -> int:
    """The task's column among the header's task-like `candidates` (leftmost first): a name
    header beats a plain one, a plain one a sphere; of several of the same kind, the column
    of distinct, longer texts. Two columns that still both read as the task are refused
    naming both: a sphere taken for the title gives every task the title "kultura i sztuka"."""
    best = min(task_kind(_text(_at(header, i))) for i in candidates)
    tied = [i for i in candidates if task_kind(_text(_at(header, i))) == best]
    if len(tied) == 1:
        return tied[0]
    stats = {i: _stats(rows, i) for i in tied}
    if sum(1 for r in rows if any(_text(c) for c in r)) < 2:
        return tied[0]  # nothing to compare: the leftmost, as a header alone says
    winners = [i for i in tied if all(_beats(stats[i], stats[j]) for j in tied if j != i)]
    if len(winners) == 1:
        return winners[0]
    where = next((c.where for c in header if c is not None), Where(0, 0))
    names = " i ".join(printed(_text(_at(header, i)), 40) for i in tied[:2])
    raise DocumentError(
        f"{where}: dwie kolumny mogą zawierać nazwy zadań: {names}. Import nie zgaduje, "
        "która to nazwa zadania, a która np. sfera pożytku publicznego. Proszę zatytułować "
        "kolumnę z nazwami zadań „Nazwa zadania” (a drugą np. „Sfera zadania”) i zaimportować "
        "dokument ponownie."
    )


def set_aside(header: Row, columns: Columns, candidates: Sequence[int]) -> list[str]:
    """The review's words for task-like columns not read as the task (Polish)."""
    task = _text(_at(header, columns.task))[:40]
    return [
        f"„{_text(_at(header, i))[:40]}” → pominięta (np. sfera zadania; nazwy zadań są w „{task}”)"
        for i in candidates
        if i != columns.task
    ]


def two_level(row: Row, below: Row, year: int) -> Row | None:
    """A header printed on two rows read as one: each cell spanning columns ("Planowany
    termin") joined with the sub-cell under it ("ogłoszenia"); None when `below` is no
    sub-header (a cell under a column that does not span, or a period: a task's row)."""
    if len(below) != len(row) or not any(row.count(c) > 1 for c in row if c is not None):
        return None
    joined: list[Cell | None] = []
    subs = 0
    for top, sub in zip(row, below, strict=True):
        spans = top is not None and row.count(top) > 1 and _text(top)
        if sub is not None and _text(sub) and not spans:
            return None
        if spans and sub is not None and _text(sub):
            if period_or_none(_text(sub), year) is not None:
                return None
            subs += 1
            joined.append(Cell(f"{_text(top)} {_text(sub)}", top.where))  # type: ignore[union-attr]
        else:
            joined.append(top)
    return joined if subs else None


# the title of a sum row: "Razem", "Razem:", "RAZEM Wydział…", "Ogółem", "Suma", "Łącznie"
_SUM_RE = re.compile(r"^(razem|ogółem|ogolem|suma|łącznie|lacznie)\b", re.IGNORECASE)
_AMOUNT_RE = re.compile(r"^[\d\s.,]+(zł|pln)?\.?$", re.IGNORECASE)


def sum_row(row: Row, columns: Columns, year: int) -> str | None:
    """The printed title of a sum row (an amount's total: "Razem: | 230 000"), else None. It
    has no period of its own; a row with one is a task whatever its name."""
    title = _text(_at(row, columns.task)) or next((t for c in row if (t := _text(c))), "")
    if not _SUM_RE.match(title):
        return None
    for index, cell in enumerate(row):
        text = _text(cell)
        if not text or text == title or index in (columns.amount, columns.remarks):
            continue
        if _AMOUNT_RE.match(text) or _SUM_RE.match(text):
            continue
        if period_or_none(text, year) is not None and text != "-":
            return None
        if columns.months and index in {m[0] for m in columns.months}:
            return None  # a month marked
    return title


def sum_note(row: Row, title: str) -> str:
    where = next((c.where for c in row if c is not None), Where(0, 0))
    return f"{where}: pominięto wiersz sumy {printed(title, 60)} (podsumowanie kwot, nie zadanie)"


_ROLE_NAMES = {
    "number": "numer zadania",
    "department": "komórka",
    "task": "zadanie",
    "period": "termin ogłoszenia",
    "remarks": "uwagi",
    "amount": "kwota (pominięta: plik harmonogramu nie zawiera kwot)",
}


def columns_note(
    columns: Columns, header: Row | None, first: Row, candidates: Sequence[int] = ()
) -> str:
    """Which column was read as what (Polish), and how it was found, for the review."""
    where = next((c.where for c in first if c is not None), Where(0, 0))
    named = []
    for role, name in _ROLE_NAMES.items():
        index = getattr(columns, role)
        if (
            index < 0
            or (role == "task" and columns.shared)
            or (role == "period" and columns.months)
        ):
            continue
        if role == "department" and columns.shared:
            name = "komórka (wiersz z numerem, bez terminu) i jej zadania (wiersze pod nią)"
        label = f"„{_text(_at(header, index))[:40]}”" if header else f"kolumna {index + 1}"
        named.append(f"{label} → {name}")
    if columns.months:
        start, end = columns.months[0][0], columns.months[-1][0]
        named.append(
            f"kolumny {start + 1}–{end + 1} → miesiące ogłoszenia (termin to miesiące "
            "oznaczone w wierszu, zapisane ich nazwami)"
        )
    if header:
        named += set_aside(header, columns, candidates)
    how = "według nagłówka" if header else "według treści (tabela bez nagłówka)"
    unused = sum(1 for c in first if _text(c)) > len(named)
    rest = "; pozostałe kolumny pominięto" if unused else ""
    return f"{where}: kolumny {how}: {', '.join(named)}{rest}"


def add_round(task: ImportedTask, text: str, where: Where, year: int) -> str:
    """`text`, printed in a row the task's merged cell covers, as the task's next round; the
    review's note (Polish). Refused naming the row when the rounds do not read together."""
    joined = f"{task.period}; {text}"
    if period_or_none(joined, year) is None:
        raise DocumentError(
            f"{where}: termin {printed(text)} w wierszu, który obejmuje scalona komórka zadania "
            f"{printed(task.title, 60)} z terminem {printed(task.period or '')}: tych terminów "
            "nie da się odczytać jako kolejnych naborów jednego zadania. Proszę wpisać oba "
            "terminy w jednej komórce (np. „I nabór: marzec; II nabór: wrzesień 2027”) albo "
            "rozdzielić wiersze na dwa zadania i zaimportować dokument ponownie."
        )
    task.period = joined
    return (
        f"termin {printed(text)} w wierszu scalonej komórki zadania {printed(task.title, 50)}: "
        f"kolejny nabór tego zadania (termin „{joined}”)"
    )


# a heading that names an office's unit ("Wydział Kultury", "Miejski Ośrodek Pomocy Rodzinie",
# "Biuro ds. Uzależnień", "MOPS"), not the plan's title nor a sheet's default name
_DEPARTMENT_RE = re.compile(
    r"\b(wydział|biur[oa]|referat|ośrod|centrum|zesp[oó]ł|departament|urząd|straż|zarząd"
    r"|komórk|pełnomocnik|kancelari|stanowisk|sekretariat|jednostk)\w*"
    r"|\b(MOPS|MOPR|GOPS|OPS|MOSiR|PCPR|ZDM|ZGK)\b",
    re.IGNORECASE,
)
_LEADING_NUMBER_RE = re.compile(r"^\s*(\d{1,2}|[IVX]{1,4})[.)]\s+")


def department_heading(heading: str) -> str | None:
    """The department a table's heading names ("2. Miejski Ośrodek Pomocy Rodzinie" →
    "Miejski Ośrodek Pomocy Rodzinie"), or None when it names none ("Harmonogram … 2027",
    "Arkusz1")."""
    text = _LEADING_NUMBER_RE.sub("", normalise(heading))
    if not text or len(text) > 150 or "harmonogram" in text.lower():
        return None
    return text if _DEPARTMENT_RE.search(text) else None


def department_above(
    table: Table, columns: Columns, heads: list[str | None]
) -> list[tuple[str, Where]]:
    """The department a table's own heading names (one table per department, its name as
    the caption, heading or sheet name) and where; `heads` gets None for it, or for a
    heading that names none the review's words (the department of its tasks is unknown),
    said when another table's heading names its department."""
    heading = heading_of(table) if columns.department < 0 else ""
    if "harmonogram" in heading.lower() or year_phrase(heading) is not None:
        return []  # the plan's title above its only table
    where = next((c.where for r in table for c in r if c is not None), Where(0, 0))
    name = department_heading(heading) if heading else None
    if heading:
        heads.append(None if name else _unknown_department(heading, where))
    return [(name, where)] if name else []


def _unknown_department(heading: str, where: Where) -> str:
    return (
        f"{where}: nad tabelą jest {printed(heading, 60)}, ale to nie wygląda na nazwę komórki "
        "(wydziału, biura, ośrodka…): komórka zadań tej tabeli nieznana — proszę ją wpisać"
    )


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_BARE_NUMBER_RE = re.compile(
    r"^(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I|\d{1,2})\.?(\s+(?:19|20)\d\d(?:\s*r\.?)?)?$"
)
_QUARTER_HEADER_RE = re.compile(r"\bkwarta", re.IGNORECASE)
_MONTH_HEADER_RE = re.compile(r"\bmiesi[aą]c", re.IGNORECASE)


def with_unit(header: str, text: str) -> str:
    """A bare number in a period column read with the unit its header names: "II" under
    "Kwartał" is "II kwartał", "3" under "Miesiąc ogłoszenia" is "marzec"; any other text,
    or a header naming both units or none, as printed."""
    found = _BARE_NUMBER_RE.match(normalise(text))
    quarter, month = _QUARTER_HEADER_RE.search(header), _MONTH_HEADER_RE.search(header)
    if not found or bool(quarter) == bool(month):
        return text
    raw, year = found.group(1), found.group(2) or ""
    number = int(raw) if raw.isdigit() else _ROMAN.index(raw) + 1
    if quarter and 1 <= number <= 4:
        return f"{_ROMAN[number - 1]} kwartał{year}"
    if month and 1 <= number <= 12:
        return f"{MONTH_NAMES[number - 1][0]}{year}"
    return text


def own_empty(period_cell: Cell | None, columns: Columns) -> bool:
    """Whether a task's empty period cell is a cell of its own, not one a merged cell covers:
    a month grid's row with no month marked (a grid has no merged cells), or an empty cell of
    a document that declares its merged cells (a sheet's merge ranges, a rowspan, a vertical
    merge in DOCX or ODT: None here). A PDF declares none: its merged cells are found by
    its drawn lines or by where the text stands, so an empty cell there may be one."""
    if columns.months:
        return True
    if period_cell is None:
        return False
    return not (period_cell.where.unit == "strona" and period_cell.where.page > 0)  # a PDF's


def untitled(where: Where, period: str) -> str:
    """The refusal of a row with a period and no task's name (Polish): an empty cell, or a
    formula a program never calculated, would otherwise lose a task without a word."""
    return (
        f"{where}: termin {printed(period, 60)} bez nazwy zadania obok (pusta komórka "
        "zadania). Import nie zgaduje, które to zadanie, ani go nie pomija. Proszę wpisać "
        "nazwę zadania w tym wierszu (albo usunąć wiersz) i zaimportować dokument ponownie."
    )


def task_label(task: ImportedTask) -> str:
    """'2) „opieka nad dziećmi…”': a task as the review names it."""
    number = f"{task.number}) " if task.number else ""
    title = clipped(task.title, 41)
    return f"{number}„{title}”"
