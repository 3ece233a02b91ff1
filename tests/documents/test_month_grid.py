"""A plan of month columns marked "X": a row with no month marked is undated with a warning
naming its row, never given the month of a row above or below (a grid has no merged period
cells), in a spreadsheet and on a page alike (blind11 F2)."""

from __future__ import annotations

import io
import tomllib

import openpyxl
import pytest

from notifier.documents import import_document

MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
TITLE = "Planowane terminy ogłoszenia otwartych konkursów ofert w 2027 roku"
# (task, marked months): unmarked first, between two marked rows, and last
ROWS = [
    ("Ochrona zabytków", set()),
    ("Kultura fizyczna – szkolenie", {4, 5, 6}),
    ("Pomoc społeczna", set()),
    ("Turystyka", {12}),
    ("Ekologia", set()),
]


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.append(["Lp.", "Nazwa zadania", "Planowany termin ogłoszenia konkursu", *[""] * 11])
    sheet.append(["", "", *MONTHS])
    for n, (task, marks) in enumerate(ROWS, 1):
        sheet.append([n, task, *("X" if m in marks else None for m in range(1, 13))])
    sheet.merge_cells("C2:N2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _html() -> bytes:
    head = "".join(f"<th>{m}</th>" for m in MONTHS)
    rows = "".join(
        f"<tr><td>{n}</td><td>{task}</td>"
        + "".join(f"<td>{'X' if m in marks else ''}</td>" for m in range(1, 13))
        + "</tr>"
        for n, (task, marks) in enumerate(ROWS, 1)
    )
    page = (
        f'<html><head><meta charset="utf-8"></head><body><h1>{TITLE}</h1><table>'
        '<tr><th rowspan="2">Lp.</th><th rowspan="2">Nazwa zadania</th>'
        f'<th colspan="12">Planowany termin ogłoszenia konkursu</th></tr><tr>{head}</tr>'
        f"{rows}</table></body></html>"
    )
    return page.encode()


@pytest.mark.parametrize(("name", "data"), [("plan.xlsx", _xlsx), ("plan.html", _html)])
def test_a_row_with_no_month_marked_is_undated_never_another_rows_month(name, data) -> None:
    result = import_document(data(), name, city="Leszno")
    written = tomllib.loads(result.toml)
    periods = {t["title"]: t["period"] for d in written["departments"] for t in d["tasks"]}
    assert periods == {
        "Ochrona zabytków": "-",
        "Kultura fizyczna – szkolenie": "kwiecień–czerwiec",
        "Pomoc społeczna": "-",
        "Turystyka": "grudzień",
        "Ekologia": "-",
    }
    assert "scalona komórka" not in result.review
    for task in ("Ochrona zabytków", "Pomoc społeczna", "Ekologia"):
        assert f"zadanie „{task}” nie ma terminu (wpisano „-”)" in result.review
        assert f"nie zaznaczono żadnego miesiąca: zadanie „{task}” bez terminu" in result.review


def _sheet_with_empty_cells() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Harmonogram ogłaszania otwartych konkursów ofert w 2027 roku"])
    sheet.append(["Lp.", "Nazwa zadania", "Termin ogłoszenia"])
    for row in [
        (1, "Festiwal teatralny", "Maj 2027"),
        (2, "Warsztaty muzyczne", None),
        (3, "Plener malarski", "Czerwiec 2027"),
        (4, "Koncert", None),
        (5, "Wystawa", "Lipiec 2027"),
        (6, "Wystawa plenerowa", None),
    ]:
        sheet.append(list(row))
    sheet.merge_cells("C7:C8")  # the one real merged cell
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _page_with_empty_cells() -> bytes:
    rows = (
        "<tr><td>1</td><td>Festiwal teatralny</td><td>Maj 2027</td></tr>"
        "<tr><td>2</td><td>Warsztaty muzyczne</td><td></td></tr>"
        "<tr><td>3</td><td>Plener malarski</td><td>Czerwiec 2027</td></tr>"
        "<tr><td>4</td><td>Koncert</td><td></td></tr>"
        '<tr><td>5</td><td>Wystawa</td><td rowspan="2">Lipiec 2027</td></tr>'
        "<tr><td>6</td><td>Wystawa plenerowa</td></tr>"
    )
    return (
        '<html><head><meta charset="utf-8"></head><body><h1>Harmonogram ogłaszania otwartych '
        "konkursów ofert w 2027 roku</h1><table><tr><th>Lp.</th><th>Nazwa zadania</th>"
        f"<th>Termin ogłoszenia</th></tr>{rows}</table></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("name", "data"),
    [("plan.xlsx", _sheet_with_empty_cells), ("plan.html", _page_with_empty_cells)],
)
def test_only_a_declared_merged_cell_spreads_its_period(name, data) -> None:
    """The kind of F2 beyond grids: an empty period cell of its own (no merge range, no
    rowspan) is no merged cell; it never takes the period of the row below or above."""
    result = import_document(data(), name, city="Leszno")
    periods = {t.title: t.period for t in result.imported.tasks()}
    assert periods == {
        "Festiwal teatralny": "Maj 2027",
        "Warsztaty muzyczne": None,
        "Plener malarski": "Czerwiec 2027",
        "Koncert": None,
        "Wystawa": "Lipiec 2027",
        "Wystawa plenerowa": "Lipiec 2027",
    }
    assert "zadanie „Koncert” nie ma terminu (wpisano „-”)" in result.review
