"""A period cell the reader refuses comes out undated; a window is written from the cell's own
dates only when the print says exactly those dates (blind11 F17, M5, issue 22).

The refused wordings are not copied here: they are the period reader's own tables of refusals
(the README's "refused" table, notifier.core.period_examples, and the reader's tests), each put
in a cell with a year, alone and inside the label a city prints around its dates."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from notifier.core.importing.cells import dates_printed_in
from notifier.core.importing.model import ImportedDepartment, ImportedSchedule, ImportedTask, Where
from notifier.core.importing.review import build_import
from notifier.core.period_examples import REFUSED
from notifier.core.periods import PeriodError, parse_period

YEAR, AS_OF = 2027, date(2026, 11, 30)
TESTS = Path(__file__).resolve().parents[1]
LABELLED = ("{}", "Konkurs ofert (termin ogłoszenia: {})", "Konkurs ofert (termin ogłoszenia:{}")


def _module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"refusals_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _refused_wordings() -> list[str]:
    """Every refused wording of the reader's tables, with the year printed."""
    tables = [
        REFUSED,
        _module(TESTS / "test_periods.py").REJECTED,
        _module(TESTS / "test_periods_kinds.py").REFUSED,
    ]
    texts = dict.fromkeys(text for table in tables for text, _ in table)
    with_year = [t if re.search(r"\b(19|2\d)\d\d\b", t) else f"{t} {YEAR}" for t in texts]
    return list(dict.fromkeys([*texts, *with_year]))


def _refused(text: str) -> bool:
    try:
        parse_period(text, YEAR, AS_OF)
    except PeriodError:
        return True
    return False


CELLS = [
    cell
    for text in _refused_wordings()
    if _refused(text)  # "V 2027" reads: May 2027
    for cell in (form.format(text) for form in LABELLED)
    if _refused(cell)  # "Konkurs ofert (termin ogłoszenia: Lu)" is an undated wording
]


def _imported(periods: list[str]) -> ImportedSchedule:
    tasks = [
        ImportedTask(f"Zadanie numer {n}", Where(1, n + 3), period=p)
        for n, p in enumerate(periods, 1)
    ]
    department = ImportedDepartment("Wydział Kultury", "Wydział Kultury", Where(1, 3), tasks=tasks)
    return ImportedSchedule(f"Harmonogram {YEAR}", YEAR, AS_OF, [department])


def test_the_tables_give_enough_refused_cells() -> None:
    assert len(CELLS) > 100


def test_every_refused_wording_in_a_cell_comes_out_undated_with_the_print_kept() -> None:
    result = build_import(_imported(CELLS), source="h.docx", city="Leszno", year=None, as_of=None)
    written = tomllib.loads(result.toml)
    tasks = [t for d in written["departments"] for t in d["tasks"]]
    dated = {c: t for c, t in zip(CELLS, tasks, strict=True) if t["period"] != "-" or "window" in t}
    assert dated == {}
    assert result.toml.count("(nieodczytane): proszę poprawić") == len(CELLS)


@pytest.mark.parametrize(
    "cell",
    [
        "Termin składania ofert: czerwiec 2027",  # all June or its last day
        "najpóźniej od 1 lutego 2027",  # neither a first nor a last day
        "10 marca 2027 r. (wtorek)",  # a Wednesday
        "III 2027",  # March or the third quarter: never the whole year
        "ＩＩ kwartał 2027",  # fullwidth letters: never the whole year
        "\u0406\u0406 kwartał 2027",  # Cyrillic І
        "Konkurs ofert (termin ogłoszenia: Mj 2027)",  # a near miss of "maj"
        "Konkurs wtorek (termin ogłoszenia: 10 marca 2027)",  # a weekday apart from its date
        "Konkurs (Termin realizacji zadania: 30 czerwca 2027)",  # a label nested in a label
        "do 24 kwietnia 2027 r., z możliwością przedłużenia",  # never a cut "z możliwością"
    ],
)
def test_no_window_from_a_cell_the_reader_refuses_for_what_its_dates_mean(cell: str) -> None:
    assert dates_printed_in(cell, YEAR, AS_OF) is None


def test_the_dates_a_label_sets_apart_become_the_window_as_printed() -> None:
    cell = "Konkurs ofert (termin ogłoszenia:Grudzień 2026/styczeń 2027"
    assert dates_printed_in(cell, YEAR, AS_OF) == "Grudzień 2026/styczeń 2027"
    result = build_import(_imported([cell]), source="h.docx", city="Leszno", year=None, as_of=None)
    assert 'window = "Grudzień 2026/styczeń 2027"' in result.toml
