"""Cells no harmonogram has: a sheet of more cells than the importer reads (refused from its
XML, before any full parse), a cell of megabytes with no word in it (refused naming the cell,
never "a number or an amount"), and a row with a period but no task's name (refused naming
the row, never a department called "Lipiec 2027" nor a task dropped without a word)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from notifier.core.importing.model import DocumentError
from notifier.core.importing.sanity import title_problem
from notifier.documents import Limits, import_document
from notifier.documents.isolated import LIMITS
from notifier.documents.xlsx import MAX_CELLS

HEADER = ["Lp.", "Rodzaj zadania", "Termin"]
ROWS = [[1, "Wypoczynek dzieci i młodzieży", "marzec 2027"], [2, "Organizacja festynu", "maj 2027"]]


def _workbook(rows: list[list[object]], sheet_xml: bytes = b"", dimension: str = "") -> bytes:
    """A workbook of HEADER and `rows`, its sheet's XML given `sheet_xml` more rows and
    `dimension` for the one openpyxl writes."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    written = io.BytesIO()
    book.save(written)
    source = zipfile.ZipFile(written)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            body = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"</sheetData>", sheet_xml + b"</sheetData>")
                if dimension:
                    body = body.replace(
                        f'<dimension ref="A1:C{len(rows) + 1}"/>'.encode(),
                        f'<dimension ref="{dimension}"/>'.encode(),
                    )
            archive.writestr(info, body)
    return out.getvalue()


def _refused(data: bytes, name: str, limits: Limits = LIMITS) -> str:
    with pytest.raises(DocumentError) as caught:
        import_document(data, name, city="Kalisz", year=2027, limits=limits)
    return str(caught.value)


def _many_cells(count: int) -> bytes:
    columns = [b"A", b"B", b"C", b"D", b"E"]
    return b"".join(
        b'<row r="%d">%s</row>'
        % (r, b"".join(b'<c r="%s%d"><v>1</v></c>' % (c, r) for c in columns))
        for r in range(10, 10 + count // len(columns))
    )


@pytest.mark.parametrize(
    ("sheet_xml", "what"),
    [
        (lambda: _many_cells(MAX_CELLS + 5000), "wiersz numer 40001 sięga poza 200 000 komórek"),
        (lambda: b'<row r="1048576"><c r="XFD1048576"/></row>', "wiersz numer 1048576 sięga"),
        (lambda: b'<row><c r="XFD1048576"/></row>', "komórka XFD1048576 sięga poza"),
    ],
    ids=["many-cells", "one-far-row", "one-far-cell"],
)
def test_a_sheet_past_the_cells_read_is_refused_before_it_is_parsed(
    sheet_xml: Callable[[], bytes], what: str
) -> None:
    """openpyxl makes an object for every cell of a sheet it loads, and the reader loaded the
    workbook twice before it compared the sheet's size: 205,000 cells took some hundreds of
    MB. The size is now read from the sheet's XML first, so the refusal needs little memory."""
    said = _refused(_workbook(ROWS, sheet_xml()), "duzy.xlsx", Limits(memory_bytes=64 << 20))
    assert said.startswith(f"Arkusz Sheet w pliku duzy.xlsx jest zbyt duży: {what}"), said


def test_a_sheet_declaring_a_huge_dimension_is_read_by_its_cells() -> None:
    """A declared <dimension ref="A1:XFD1048576"/> is no cell: the sheet is read as it is."""
    result = import_document(
        _workbook(ROWS, dimension="A1:XFD1048576"), "kalisz-2027.xlsx", city="Kalisz", year=2027
    )
    assert [t.title for t in result.imported.tasks()] == [
        "Wypoczynek dzieci i młodzieży",
        "Organizacja festynu",
    ]


def _page(title: str) -> bytes:
    rows = "".join(f"<tr><td>{n}</td><td>{t}</td><td>{p}</td></tr>" for n, t, p in ROWS)
    extra = f"<tr><td>3</td><td>{title}</td><td>czerwiec 2027</td></tr>"
    return (
        f"<table><tr><th>Lp.</th><th>Zadanie</th><th>Termin</th></tr>{rows}{extra}</table>".encode()
    )


@pytest.mark.parametrize(
    ("data", "name", "where"),
    [
        (lambda: _page("x" * 5_000_000), "strona.html", "(tabela 1, wiersz 4) ma 5000000 znaków"),
        (lambda: b"Zadanie Termin\n" + b"x" * 5_000_000 + b"\n", "tekst.txt", "(wiersz 2 tekstu)"),
    ],
    ids=["html", "text"],
)
def test_a_cell_of_megabytes_without_a_word_is_refused_as_such(
    data: Callable[[], bytes], name: str, where: str
) -> None:
    """Blind m4: 5 MB of "xxxx…" in a cell was refused as "to liczba lub kwota, nie nazwa
    zadania" after seconds of reading it; it is neither, and is refused as read."""
    said = _refused(data(), name)
    assert where in said
    assert "ani jednego słowa" in said
    assert "liczba lub kwota" not in said


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("x" * 1000, "zawiera ciąg 1000 znaków bez odstępu"),
        ("x" * 80, "zawiera ciąg 80 znaków bez odstępu"),
        ("Sport dzieci " * 60, "ma 779 znaków: to raczej kilka akapitów"),
        ("2 x 500 zł", "to liczba lub kwota"),
    ],
)
def test_a_title_says_what_it_is(title: str, why: str) -> None:
    said = title_problem(title, 2027)
    assert said is not None
    assert said.startswith(why)


def test_an_over_long_word_among_tasks_keeps_a_short_id() -> None:
    result = import_document(_page("x" * 1000), "kalisz-2027.html", city="Kalisz", year=2027)
    assert "zawiera ciąg 1000 znaków bez odstępu" in result.review
    assert max(len(t.id) for d in result.schedule.departments for t in d.tasks) <= 30


@pytest.mark.parametrize("number", [3, None], ids=["numbered", "unnumbered"])
@pytest.mark.parametrize("fmt", ["xlsx", "html"])
def test_a_period_without_a_task_name_is_refused_naming_the_row(
    number: int | None, fmt: str
) -> None:
    """Blind m5: a row whose task cell is empty (a formula without a value read as nothing)
    beside "Lipiec 2027" became a department named "Lipiec 2027" holding the tasks below it
    (unnumbered), or was dropped with a note (numbered). A clerk fixes the row and imports
    again: nothing is guessed and no task is lost."""
    rows: list[list[object]] = [*ROWS, [number, None, "Lipiec 2027"], [4, "Sport dzieci", "maj"]]
    if fmt == "xlsx":
        data, where = _workbook(rows), "arkusz 1, wiersz 4"
    else:
        cells = "".join(
            "<tr>" + "".join(f"<td>{'' if c is None else c}</td>" for c in row) + "</tr>"
            for row in rows
        )
        data = f"<table><tr><th>Lp.</th><th>Zadanie</th><th>Termin</th></tr>{cells}</table>"
        data, where = data.encode(), "tabela 1, wiersz 4"
    said = _refused(data, f"kalisz-2027.{fmt}")
    assert said.startswith(f"{where}: termin „Lipiec 2027” bez nazwy zadania obok")
