"""A document carrying the harmonograms of several years, each in its own table under its own
title (a BIP page with 2026's harmonogram and 2027's, numbering restarting at 1; a document
with a table a year; a workbook with a sheet a year), is no table split by a page break: the
asked year's table is read and the review names the one skipped; with no year asked the
import is refused naming both years and how to choose (blind11 F15: both were read as one
harmonogram, "1) Stary festiwal — Marzec 2026" beside "1) Nowy festiwal — Marzec 2027")."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import openpyxl
import pytest

from notifier.core.importing.model import DocumentError
from notifier.documents import import_document

HEADER = ["Lp.", "Nazwa zadania", "Termin ogłoszenia"]
YEARS = {
    2026: [("1", "Stary festiwal", "Marzec 2026"), ("2", "Stare warsztaty", "II kwartał 2026")],
    2027: [("1", "Nowy festiwal", "Marzec 2027"), ("2", "Nowe warsztaty", "II kwartał 2027")],
}


def title(year: int) -> str:
    return f"Harmonogram ogłaszania otwartych konkursów ofert w {year} roku"


def html_page() -> tuple[bytes, str]:
    parts = []
    for year, rows in YEARS.items():
        cells = "".join(f"<th>{h}</th>" for h in HEADER)
        body = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows)
        parts.append(
            f"<h2>{title(year)}</h2><table border=1><tr>{cells}</tr>"
            f'<tr><td colspan="3">Wydział Kultury</td></tr>{body}</table>'
        )
    page = f'<html><head><meta charset="utf-8"></head><body>{"".join(parts)}</body></html>'
    return page.encode(), "harmonogramy.html"


def word_document() -> tuple[bytes, str]:
    document = docx.Document()
    for year, rows in YEARS.items():
        document.add_paragraph(title(year))
        table = document.add_table(rows=1, cols=3)
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = text
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), "harmonogramy.docx"


def workbook() -> tuple[bytes, str]:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for year, rows in YEARS.items():
        sheet = book.create_sheet(str(year))
        sheet.append([title(year)])
        sheet.append(HEADER)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), "harmonogramy.xlsx"


DOCUMENTS = {"html": html_page, "docx": word_document, "xlsx": workbook}


@pytest.mark.parametrize("make", DOCUMENTS.values(), ids=DOCUMENTS.keys())
@pytest.mark.parametrize("year", sorted(YEARS))
def test_the_asked_years_table_is_read_and_the_other_named(
    make: Callable[[], tuple[bytes, str]], year: int
) -> None:
    data, name = make()
    result = import_document(data, name, city="Przykładowo", year=year)
    got = [(t.number, t.title, t.period) for t in result.imported.tasks()]
    assert got == YEARS[year]
    assert result.schedule.title == title(year)
    other = next(y for y in YEARS if y != year)
    said = next(n for n in result.imported.notes if "harmonogramy kilku lat" in n)
    assert f"wczytano rok {year}, pominięto tabelę roku {other}" in said
    assert "UWAGA" not in result.review


@pytest.mark.parametrize("make", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_with_no_year_asked_the_import_names_both_years_and_how_to_choose(
    make: Callable[[], tuple[bytes, str]],
) -> None:
    data, name = make()
    with pytest.raises(DocumentError) as refused:
        import_document(data, name, city="Przykładowo")
    text = str(refused.value)
    assert "Dokument zawiera harmonogramy kilku lat" in text
    assert f"2026 („{title(2026)}”" in text
    assert f"2027 („{title(2027)}”" in text
    assert "--year" in text


def test_a_year_none_of_the_tables_is_for_is_refused_naming_the_years() -> None:
    data, name = html_page()
    with pytest.raises(DocumentError) as refused:
        import_document(data, name, city="Przykładowo", year=2025)
    assert "Żaden z nich nie jest na wskazany rok 2025" in str(refused.value)


def test_one_harmonogram_in_two_tables_of_the_same_header_is_still_one() -> None:
    """A table split by a page break (or a table per department) under one title: read as
    one harmonogram, as before."""
    rows = "".join(
        f"<table border=1><tr>{''.join(f'<th>{h}</th>' for h in HEADER)}</tr>"
        f"<tr><td>{n}</td><td>{t}</td><td>{p}</td></tr></table>"
        for n, t, p in YEARS[2027]
    )
    page = f"<html><body><h2>{title(2027)}</h2>{rows}</body></html>"
    result = import_document(page.encode(), "jeden.html", city="Przykładowo")
    assert [t.title for t in result.imported.tasks()] == ["Nowy festiwal", "Nowe warsztaty"]
