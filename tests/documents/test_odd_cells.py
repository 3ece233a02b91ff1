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
    "sheet_xml",
    [lambda: _many_cells(MAX_CELLS + 5000), lambda: b'<row r="1048576"><c r="XFD1048576"/></row>'],
    ids=["many-cells", "one-far-cell"],
)
def test_a_sheet_past_the_cells_read_is_refused_before_it_is_parsed(
    sheet_xml: Callable[[], bytes],
) -> None:
    """openpyxl makes an object for every cell of a sheet it loads, and the reader loaded the
    workbook twice before it compared the sheet's size: 205,000 cells took some hundreds of
    MB. The size is now read from the sheet's XML first, so the refusal needs little memory."""
    said = _refused(_workbook(ROWS, sheet_xml()), "duzy.xlsx", Limits(memory_bytes=64 << 20))
    assert said == "Arkusz Sheet w pliku duzy.xlsx jest zbyt duży."


def test_a_sheet_declaring_a_huge_dimension_is_read_by_its_cells() -> None:
    """A declared <dimension ref="A1:XFD1048576"/> is no cell: the sheet is read as it is."""
    result = import_document(
        _workbook(ROWS, dimension="A1:XFD1048576"), "kalisz-2027.xlsx", city="Kalisz", year=2027
    )
    assert [t.title for t in result.imported.tasks()] == [
        "Wypoczynek dzieci i młodzieży",
        "Organizacja festynu",
    ]

