"""Real layouts of a harmonogram's tables, read through each format's reader: one table per
department under its name (HTML heading, caption or bold paragraph; one sheet each), sum
rows, a task's cell merged over the rows of its rounds."""

from __future__ import annotations

import io

import openpyxl
import pytest

from notifier.core.importing.review import ImportResult
from notifier.documents import import_document

HEADER = "<tr><th>Lp.</th><th>Nazwa zadania</th><th>Planowany termin ogłoszenia</th></tr>"
DEPARTMENTS = {
    "Wydział Kultury i Sportu": [("Festiwal muzyki dawnej", "Maj 2027")],
    "Miejski Ośrodek Pomocy Rodzinie": [
        ("Prowadzenie noclegowni", "do 15 marca 2027 r."),
        ("Klub seniora", "w trybie ciągłym"),
    ],
}


def page(above: str) -> bytes:
    """A BIP page: the plan's title, then each department's table with its name `above`
    ("h3", "caption", "p": a bold paragraph)."""
    parts = ["<html><body><h2>Harmonogram konkursów ofert na 2027 rok</h2>"]
    for name, tasks in DEPARTMENTS.items():
        rows = "".join(
            f"<tr><td>{n}.</td><td>{t}</td><td>{p}</td></tr>" for n, (t, p) in enumerate(tasks, 1)
        )
        if above == "caption":
            parts.append(f"<table><caption>{name}</caption>{HEADER}{rows}</table>")
        elif above == "p":
            parts.append(f"<p><strong>1. {name}</strong></p><table>{HEADER}{rows}</table>")
        else:
            parts.append(f"<{above}>{name}</{above}><table>{HEADER}{rows}</table>")
    return "".join([*parts, "</body></html>"]).encode()


def departments(result: ImportResult) -> list[tuple[str, list[tuple[str, str | None]]]]:
    return [(d.name, [(t.title, t.period) for t in d.tasks]) for d in result.imported.departments]


@pytest.mark.parametrize("above", ["h3", "h4", "caption", "p"])
def test_a_table_per_department_takes_its_name_from_the_heading_above(above: str) -> None:
    result = import_document(page(above), "plan.html", city="Wzorcowo")
    assert departments(result) == list(DEPARTMENTS.items())


def test_a_heading_that_names_no_department_is_said_unknown() -> None:
    data = page("h3").replace(b"<h3>Miejski", b"<h3>Zadania dodatkowe Miejski", 1)
    data = data.replace(b"<h3>Wydzia\xc5\x82 Kultury i Sportu", b"<h3>Kultura", 1)
    result = import_document(data, "plan.html", city="Wzorcowo")
    assert "nad tabelą jest „Kultura”, ale to nie wygląda na nazwę komórki" in result.review


def workbook(sheets: dict[str, list[list[object]]], merges: dict[str, list[str]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for merged in merges.get(title, []):
            sheet.merge_cells(merged)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_sheet_per_department_takes_its_name_from_the_sheet() -> None:
    header: list[object] = ["Lp.", "Nazwa zadania", "Planowany termin ogłoszenia"]
    sheets = {
        name: [header, *([n, t, p] for n, (t, p) in enumerate(tasks, 1))]
        for name, tasks in DEPARTMENTS.items()
    }
    result = import_document(workbook(sheets, {}), "plan-2027.xlsx", city="Wzorcowo")
    assert departments(result) == list(DEPARTMENTS.items())


def test_sum_rows_and_a_title_merged_over_its_rounds_in_a_sheet() -> None:
    rows: list[list[object]] = [
        ["Harmonogram konkursów ofert na 2027 rok"],
        ["Lp.", "Nazwa zadania", "Planowany termin ogłoszenia", "Kwota (zł)", "Uwagi"],
        [1, "Festiwal muzyki dawnej", "Marzec 2027", 20000, "I nabór"],
        [None, None, "Wrzesień 2027", 10000, "II nabór"],
        [2, "Klub seniora", "w trybie ciągłym", 5000, None],
        [None, "Razem:", None, 35000, None],
        [None, "OGÓŁEM", None, 35000, None],
    ]
    data = workbook({"Arkusz1": rows}, {"Arkusz1": ["A3:A4", "B3:B4"]})
    result = import_document(data, "plan-2027.xlsx", city="Wzorcowo")
    assert [(t.number, t.title, t.period) for t in result.imported.tasks()] == [
        ("1", "Festiwal muzyki dawnej", "Marzec 2027; Wrzesień 2027"),
        ("2", "Klub seniora", "w trybie ciągłym"),
    ]
    assert "pominięto wiersz sumy „Razem:”" in result.review
    assert "pominięto wiersz sumy „OGÓŁEM”" in result.review
    assert "Arkusz1" not in result.review  # a sheet's default name: no department, no word
