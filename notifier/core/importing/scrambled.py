"""Text whose cells come out of a table in a scrambled order (pdfminer's and some viewers'
text extraction): read as it comes, it would pair a title with another row's period. Told by
what no table read row by row prints: a column of numbers "1." "2." "3." one under another, a
cell's line broken off mid-phrase ("… dzieci i młodzieży w") with a period or a number next,
or a numbered task's words continued after a period below it."""

from __future__ import annotations

import re

from notifier.core.importing.cells import NUMBER_RE, period_or_none
from notifier.core.importing.model import ImportedSchedule
from notifier.core.importing.sanity import title_problem
from notifier.core.periods import MIN_YEAR

_CUT = ("wygląda na urywek zdania", "wygląda na termin, nie na nazwę zadania")

_BARE_NUMBER_RE = re.compile(r"^(\d{1,3})[.)]?$")
# words a line cannot end with when its phrase goes on: prepositions and conjunctions
_DANGLING_RE = re.compile(
    r"(\s(w|we|i|o|z|ze|na|do|dla|od|po|przez|poprzez|oraz|lub|a|u|ich|jej|jego|się|jest|są"
    r"|jednak|że|niż|jako|tym|pn\.|np\.|tj\.)|,)$",
    re.IGNORECASE,
)

SCRAMBLED = (
    "Tekst tabeli harmonogramu jest pomieszany: komórki nie idą wiersz po wierszu ({why}; "
    "{where}). Tak wygląda tekst wyciągnięty z PDF niektórymi programami (np. pdfminer) — "
    "import nie zgadnie, który termin należy do którego zadania. Proszę zaimportować sam plik "
    "PDF albo tekst wyciągnięty poleceniem „pdftotext -layout” (kolumny obok siebie)."
)


def scrambled(text: str, year: int) -> str | None:
    """The Polish refusal of a text whose table cells are out of order, or None."""
    lines = [(n, x.strip()) for n, x in enumerate(text.splitlines(), start=1) if x.strip()]
    for i in range(len(lines) - 2):
        run = [_BARE_NUMBER_RE.match(x) for _, x in lines[i : i + 3]]
        if all(run) and [int(m.group(1)) for m in run if m] == _counting(run):
            return SCRAMBLED.format(
                why="numery wierszy „1.”, „2.”, „3.” jeden pod drugim, bez zadań między nimi",
                where=f"wiersz tekstu {lines[i][0]}",
            )
    broken = 0
    first = 0
    numbered = False  # did the task cell above start with its number ("9) …")?
    for i in range(1, len(lines) - 1):
        before, line, after = lines[i - 1][1], lines[i][1], lines[i + 1][1]
        if NUMBER_RE.match(before):
            numbered = True
        elif before.isupper():  # a department's heading: its tasks may be unnumbered
            numbered = False
        stray = period_or_none(line, year) or _BARE_NUMBER_RE.match(line)
        if not stray:
            continue
        cut = _DANGLING_RE.search(before) and not period_or_none(before, year)
        continued = (
            numbered
            and after[:1].islower()
            and not NUMBER_RE.match(after)
            and len(after.split()) <= 3
            and not period_or_none(after, year)
        )
        if cut or continued:
            broken += 1
            first = first or lines[i][0]
        numbered = bool(NUMBER_RE.match(after))  # the cell after a period starts a task
    if broken >= 2:
        return SCRAMBLED.format(
            why=f"{broken} razy termin lub numer przerywa tekst zadania w pół zdania",
            where=f"pierwszy raz w wierszu tekstu {first}",
        )
    shared = _shared_between(lines, year)
    if shared:
        return SCRAMBLED.format(
            why="termin wydrukowany raz dla kilku zadań stoi między nimi, więc nie wiadomo, "
            "których zadań dotyczy",
            where=f"wiersz tekstu {shared}",
        )
    return None


_NUMBER_RUN_RE = re.compile(r"(^|\s)\d{1,3}\.\s+\d{1,3}\.(\s|$)")
# an amount column's cell ("420 000,00", "95 000,00 zł") or a header's "Lp." inside a title
_FOREIGN_RE = re.compile(r"\d{1,3}(?: \d{3})+,\d\d|^l\.?\s?p\.?\s", re.IGNORECASE)


def _unbalanced(text: str, strict: bool = False) -> bool:
    """A bracket or a quote opened and not closed (a closing one alone is a misprint cities
    make: "… wielokulturowa 2023”"; in a period, `strict`, it is a piece of another cell)."""
    if text.count("(") > text.count(")") or text.count("„") > text.count("”"):
        return True
    return strict and text.count(")") > text.count("(")


def _broken(title: str, period: str, periods: set[str], year: int | None) -> str | None:
    """The piece of a task's title or period that shows it was cut from other cells."""
    if _DANGLING_RE.search(title) or _NUMBER_RUN_RE.search(title) or _unbalanced(title):
        return title[-40:]
    if re.search(r"\s\d{1,3}[.)]$", title) or title_problem(title, year or MIN_YEAR) in _CUT:
        return title[-40:]  # the next row's number ("… w pierwszej jego połowie 2.")
    if re.fullmatch(r"(roku|rok|r\.?)", period.strip(), re.IGNORECASE):
        return period  # the end of another row's period
    inside = next((p for p in periods if re.search(rf"(^|\s){re.escape(p)}(\s|$)", title)), None)
    if inside is not None:
        return inside
    if re.search(r"\b(\w+) \1\b", period):
        return period
    found = _FOREIGN_RE.search(title)
    if found:
        return title[max(0, found.start() - 20) : found.end() + 20]
    if (_DANGLING_RE.search(period) and not period.endswith(",")) or _unbalanced(period, True):
        return period
    return None


def broken_cells(imported: ImportedSchedule) -> str | None:
    """The Polish refusal of a text read into tasks whose cells are pieces of others: a title,
    period or department ending mid-phrase ("… dzieci i młodzieży w", "Tryb ustawy o"), with a
    bracket or quote left open, a title holding a column of numbers ("1. 2. 3."), an amount
    or another row's period ("… Domu Dziecka Październik 2024"), a title
    that is a fragment or a date (notifier.core.importing.sanity). None if the tasks read
    whole."""
    periods = {  # printed periods no title holds by chance: "Maj 2024", "maj-czerwiec"
        t.period
        for d in imported.departments
        for t in d.tasks
        if t.period and re.search(r"\s|\d|\w[-–]\w", t.period)
    }
    for department in imported.departments:
        name = department.printed or department.name
        if _DANGLING_RE.search(name) or _unbalanced(name) or name.startswith("("):
            return _refusal(name, department.where)
        for task in department.tasks:
            shown = _broken(task.title, task.period or "", periods, imported.year)
            if shown is not None:
                return _refusal(shown, task.where)
    return None


BROKEN = (
    "Z tekstu wyszło zadanie, termin lub komórka złożone z kawałków różnych komórek tabeli "
    "(„{shown}”; {where}): tekst nie oddaje tabeli wiernie — komórki są pomieszane (jak w "
    "tekście z pdfminer) albo układ tabeli jest inny, niż import umie odczytać z tekstu. "
    "Import nie zgaduje, który termin należy do którego zadania. Proszę zaimportować sam "
    "dokument (PDF, DOCX, ODT, XLSX) albo tekst wyciągnięty poleceniem „pdftotext -layout”."
)


def _refusal(shown: str, where: object) -> str:
    return BROKEN.format(shown=shown, where=where)


def _shared_between(lines: list[tuple[int, str]], year: int) -> int:
    """The line of a period printed once for several numbered tasks amid them (a merged cell
    centred over its rows, read out in the middle): two or more numbered tasks between two
    periods, or before a group's first period with more numbered tasks and a period after it.
    A period printed at the top of its tasks (a period, then its tasks up to the next
    department) is plain. 0 if none."""
    count = 0  # numbered tasks since the last period or heading
    group_start = True  # was the last boundary a department heading (or the text's start)?
    pending = 0  # a group's first period after two or more tasks: its line
    for number, line in lines:
        if period_or_none(line, year):
            if count >= 2 and not group_start:
                return number
            if pending and count >= 1:
                return pending
            pending = number if count >= 2 and group_start else pending
            count, group_start = 0, False
        elif line.isupper() and len(line.split()) >= 2:
            count, group_start, pending = 0, True, 0
        elif NUMBER_RE.match(line):
            count += 1
    return 0


def _counting(run: list[re.Match[str] | None]) -> list[int]:
    start = int(run[0].group(1)) if run[0] else 0
    return [start, start + 1, start + 2]
