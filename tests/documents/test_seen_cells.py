"""A cell read as its program shows it (blind12 m3, m10, m11): the items of a list and
the paragraphs in an HTML cell are lines apart, never glued ("dzieciTurniej"); an ODS date
cell whose format shows no full year ("maj 27") is the date the cell holds, as an XLSX date
cell with a month format already is; and an XLSX date format's words are printed with the
date ("do 15.03.2027", not the day alone)."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl.workbook.workbook import Workbook
from seen_documents import html_document, imported, ods_document, tasks, xlsx_document

BLOCKS = {
    "list": "<ul><li>Szkolenie piłkarskie dzieci</li><li>Turniej siatkówki plażowej</li></ul>",
    "ordered-list": "<ol><li>Szkolenie piłkarskie dzieci</li>\n<li>Turniej siatkówki plażowej</li></ol>",
    "paragraphs": "<p>Szkolenie piłkarskie dzieci</p><p>Turniej siatkówki plażowej</p>",
    "divisions": "<div>Szkolenie piłkarskie dzieci</div><div><span>Turniej</span> siatkówki plażowej</div>",
    "text-then-list": "Szkolenie piłkarskie dzieci<ul><li>Turniej siatkówki plażowej</li></ul>",
}


@pytest.mark.parametrize("case", BLOCKS, ids=list(BLOCKS))
def test_list_items_and_blocks_in_an_html_cell_are_lines_apart(case: str) -> None:
    result = imported(html_document([["1.", BLOCKS[case], "Maj 2027"]]), "harmonogram-2027.html")
    assert tasks(result) == [("Szkolenie piłkarskie dzieci Turniej siatkówki plażowej", "Maj 2027")]


def test_inline_elements_in_an_html_cell_still_join() -> None:
    cell = "Szkolenie <b>piłkarskie</b> dzie<span>ci</span>"
    result = imported(html_document([["1.", cell, "<p>Maj 2027</p>"]]), "harmonogram-2027.html")
    assert tasks(result) == [("Szkolenie piłkarskie dzieci", "Maj 2027")]


def _date_cell(value: str, shown: str) -> str:
    return (
        f'<table:table-cell office:value-type="date" office:date-value="{value}">'
        f"<text:p>{shown}</text:p></table:table-cell>"
    )


ODS_DATES = {
    "month-two-digit-year": (_date_cell("2027-05-01", "maj 27"), "maj 2027"),
    "month-number-year": (_date_cell("2027-05-01", "05.27"), "maj 2027"),
    "day-two-digit-year": (_date_cell("2027-03-15", "15.03.27"), "15.03.2027"),
    "with-time": (_date_cell("2027-03-15T10:30:00", "15 mar 27"), "15.03.2027"),
    "full-year-as-shown": (_date_cell("2027-03-01", "marzec 2027"), "marzec 2027"),
    "day-full-year-as-shown": (_date_cell("2027-04-15", "15.04.2027"), "15.04.2027"),
}


@pytest.mark.parametrize("case", ODS_DATES, ids=list(ODS_DATES))
def test_an_ods_date_cell_is_the_date_it_holds(case: str) -> None:
    cell, period = ODS_DATES[case]
    result = imported(ods_document([["1.", "Festiwal", cell]]), "harmonogram-2027.ods")
    assert tasks(result) == [("Festiwal", period)]


XLSX_FORMATS = {
    "words-before": ('"do "dd.mm.yyyy', "do 15.03.2027"),
    "words-around": ('"do "dd.mm.yyyy" r."', "do 15.03.2027 r."),
    "escaped-separators": ("dd\\.mm\\.yyyy", "15.03.2027"),
    "month-with-words": ('"od "mmmm yyyy', "od marzec 2027"),
    "plain": ("dd.mm.yyyy", "15.03.2027"),
}


@pytest.mark.parametrize("case", XLSX_FORMATS, ids=list(XLSX_FORMATS))
def test_an_xlsx_date_format_with_words_is_read_as_the_sheet_shows_it(case: str) -> None:
    number_format, period = XLSX_FORMATS[case]

    def formatted(book: Workbook) -> None:
        book.active["C4"].number_format = number_format  # type: ignore[index]

    data = xlsx_document([["1.", "Festiwal", datetime(2027, 3, 15)]], formatted)
    assert tasks(imported(data, "harmonogram-2027.xlsx")) == [("Festiwal", period)]
