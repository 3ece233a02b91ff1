"""Tables copied cell by cell into plain text with the department and task columns side by
side (tests/documents/fixtures/copies, written by scripts/fixture_copies.py): each gives its
rows' departments, tasks and periods as printed, whatever the header's words, the columns'
order, the text's encoding, the letters a task begins with, or the lines a cell wraps onto;
never a department's name glued to its task under an invented department."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from notifier.core.importing.model import DocumentError
from notifier.core.importing.review import ImportResult
from notifier.documents import import_document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import fixture_copies

COPIES = Path(__file__).parent / "fixtures" / "copies"
NAMES = [name for name, *_ in fixture_copies.COPIES if name not in fixture_copies.REFUSED]


def printed(cell: str) -> str:
    return " ".join(cell.replace("-\n", "").split())


def expected(name: str) -> list[tuple[str, str, str]]:
    """(department, task, period) of each row, a merged department's from the row above."""
    _, _, header, rows = next(c for c in fixture_copies.COPIES if c[0] == name)
    roles = {h: i for i, h in enumerate(header)}
    department = next(i for h, i in roles.items() if h.startswith(("Kom", "Jedn", "Real")))
    task = next(i for h, i in roles.items() if h.startswith(("Rodz", "Nazwa", "Zad", "Dzia")))
    period = next(i for h, i in roles.items() if h.startswith(("Plan", "Termin", "Kwartał")))
    out, above = [], ""
    for row in rows:
        above = printed(row[department]) or above
        out.append((above, printed(row[task]), printed(row[period])))
    return out


def imported(name: str) -> ImportResult:
    return import_document((COPIES / name).read_bytes(), name)


def test_every_kind_is_there() -> None:
    every = [*NAMES, *fixture_copies.REFUSED]
    assert sorted(p.name for p in COPIES.glob("*.txt")) == sorted(every)


@pytest.mark.parametrize("name", NAMES)
def test_each_copy_gives_its_departments_tasks_and_periods(name: str) -> None:
    result = imported(name)
    got = [(d.name, t.title, t.period) for d in result.imported.departments for t in d.tasks]
    assert got == expected(name)
    assert "skopiowanego komórka po komórce" in result.review
    assert "dodano jedną wspólną" not in result.review
    assert result.schedule.as_of.isoformat() == "2026-11-30"


def test_the_blind_testers_copy_reads_as_its_table() -> None:
    """The department column before tasks printed in small letters: before, every title was
    "Wydział Kultury organizacja festynu miejskiego" under one invented department."""
    result = imported("testowo-2027-komorki.txt")
    assert [d.name for d in result.imported.departments] == [
        "Wydział Kultury",
        "Wydział Sportu",
        "Miejski Ośrodek Pomocy Rodzinie",
    ]
    assert 'title = "organizacja festynu miejskiego"' in result.toml


def test_amounts_and_remarks_beside_stay_out_of_the_titles() -> None:
    result = imported("wzorcowo-2027-komorki.txt")
    assert "000,00" not in result.toml.split("[[departments]]", 1)[1].replace("# ", "")
    assert "środki z opłat za zezwolenia" in result.toml
    assert "konkurs wieloletni" in result.toml


@pytest.mark.parametrize("name", sorted(fixture_copies.REFUSED))
def test_a_copy_not_showing_where_a_department_ends_is_refused_not_glued(name: str) -> None:
    """Names of no office's unit printed once above tasks in small letters ("Kultura" /
    "organizacja festynu miejskiego"): a name and its task look like one wrapped cell, so
    the copy is refused asking for the document, never read as glued titles."""
    with pytest.raises(DocumentError, match=fixture_copies.REFUSED[name]) as refused:
        imported(name)
    assert "Proszę zaimportować sam dokument" in str(refused.value)
