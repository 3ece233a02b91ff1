"""What a document's reader does not see is not read, and the review says where it was
(blind11 F10, F11): hidden text (Word's "Ukryty", an ODF style's `text:display="none"`, HTML's
`hidden` and `display:none`), struck text (`<del>`/`<s>` of a BIP page's changed date,
Word's, LibreOffice's and Excel's strikethrough), a tracked deletion, a hidden sheet (an old
plan kept in the workbook), hidden rows and columns. Silently read, each gave a wrong period
or year that passed `check`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook
from seen_documents import (
    TITLE,
    docx_document,
    html_document,
    imported,
    odf_document,
    odf_table,
    ods_document,
    odt_document,
    tasks,
    xlsx_document,
)

from notifier.core.importing.model import DocumentError

SKIPPED = "pominięto to, czego czytelnik dokumentu nie widzi albo co jest przekreślone"


def _run(text: str, properties: str = "") -> str:
    props = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _span(text: str, style: str) -> str:
    return f'<text:span text:style-name="{style}">{text}</text:span>'


def _text_style(name: str, properties: str) -> str:
    return (
        f'<style:style style:name="{name}" style:family="text">'
        f"<style:text-properties {properties}/></style:style>"
    )


_HIDDEN_CHAR_STYLE = (
    '<w:style w:type="character" w:styleId="Ukryty"><w:name w:val="Ukryty"/>'
    '<w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="Pochodny">'
    '<w:name w:val="Pochodny"/><w:basedOn w:val="Ukryty"/></w:style>'
)
_PARENT_STYLES = (
    '<style:style style:name="Rodzic" style:family="text"><style:text-properties '
    'text:display="none"/></style:style><style:style style:name="Dziecko" style:family="text" '
    'style:parent-style-name="Rodzic"/>'
)
# "I kwartał 2027" printed, a hidden "I" before it (read, it was "II kwartał 2027")
HIDDEN = {
    "docx-vanish": ("docx", _run("I", "<w:vanish/>") + _run("I kwartał 2027"), ""),
    "docx-specVanish": ("docx", _run("I", "<w:specVanish/>") + _run("I kwartał 2027"), ""),
    "docx-style": ("docx", _run("I", '<w:rStyle w:val="Pochodny"/>') + _run("I kwartał 2027"), _HIDDEN_CHAR_STYLE),
    "odt-style": ("odt", _span("I", "Ukryty") + "I kwartał 2027", _text_style("Ukryty", 'text:display="none"')),
    "odt-parent-style": ("odt", _span("I", "Dziecko") + "I kwartał 2027", _PARENT_STYLES),
    "ods-style": ("ods", _span("I", "Ukryty") + "I kwartał 2027", _text_style("Ukryty", 'text:display="none"')),
    "html-hidden": ("html", "<span hidden>I</span>I kwartał 2027", ""),
    "html-display-none": ("html", '<span style="color: red; display : none">I</span>I kwartał 2027', ""),
    "html-visibility": ("html", '<span style="visibility:hidden">I</span>I kwartał 2027', ""),
}  # fmt: skip
# "Luty 2027" printed beside the struck old "Styczeń 2027" (read, it was January–February)
STRUCK = {
    "docx-strike": ("docx", _run("Styczeń 2027", "<w:strike/>") + _run(" Luty 2027"), ""),
    "docx-dstrike": ("docx", _run("Styczeń 2027", "<w:dstrike/>") + _run(" Luty 2027"), ""),
    "odt-line-through": ("odt", _span("Styczeń 2027", "Stare") + " Luty 2027", _text_style("Stare", 'style:text-line-through-style="solid"')),
    "html-del": ("html", "<del>Styczeń 2027</del> Luty 2027", ""),
    "html-s": ("html", "<s>Styczeń 2027</s> Luty 2027", ""),
    "html-strike": ("html", "<strike>Styczeń 2027</strike> Luty 2027", ""),
    "html-line-through": ("html", '<span style="text-decoration: line-through red">Styczeń 2027</span> Luty 2027', ""),
}  # fmt: skip


def _document(kind: str, rows: list[list[str]], styles: str) -> bytes:
    return {
        "docx": lambda: docx_document(rows, styles=styles),
        "odt": lambda: odt_document(rows, styles=styles),
        "ods": lambda: ods_document(rows, styles=styles),
        "html": lambda: html_document(rows),
    }[kind]()


@pytest.mark.parametrize("case", HIDDEN, ids=list(HIDDEN))
def test_hidden_text_is_not_read_and_the_review_says_where_it_was(case: str) -> None:
    kind, markup, styles = HIDDEN[case]
    rows = [["1.", "Festiwal", markup], ["2.", "Koncert", "Maj 2027"]]
    result = imported(_document(kind, rows, styles), f"harmonogram-2027.{kind}")
    assert tasks(result) == [("Festiwal", "I kwartał 2027"), ("Koncert", "Maj 2027")]
    assert SKIPPED in result.review
    row = 4 if kind == "ods" else 3  # a sheet has its title in row 1
    assert (
        f"wiersz {row}: pominięto tekst ukryty (niewidoczny w dokumencie) „I”; "
        "zostało „I kwartał 2027”" in result.review
    )


@pytest.mark.parametrize("case", STRUCK, ids=list(STRUCK))
def test_struck_text_is_not_read_and_the_review_quotes_it(case: str) -> None:
    kind, markup, styles = STRUCK[case]
    rows = [["1.", "Festiwal", markup], ["2.", "Koncert", "Maj 2027"]]
    result = imported(_document(kind, rows, styles), f"harmonogram-2027.{kind}")
    assert tasks(result) == [("Festiwal", "Luty 2027"), ("Koncert", "Maj 2027")]
    assert "pominięto tekst przekreślony „Styczeń 2027”; zostało „Luty 2027”" in result.review


def test_a_struck_text_in_an_xlsx_cell_is_not_read_and_is_quoted() -> None:
    """A run of rich text struck through, and a cell whose font strikes it all (here the
    remark "konkurs wieloletni", which would have made the task multi-year)."""

    def strike(book: Workbook) -> None:
        sheet = book.active
        assert sheet is not None
        old = TextBlock(InlineFont(strike=True), "Styczeń 2027")
        sheet["C4"] = CellRichText([old, " Luty 2027"])
        sheet["D5"].font = Font(strike=True)

    rows = [["1.", "Festiwal", "", ""], ["2.", "Koncert", "Maj 2027", "konkurs wieloletni"]]
    result = imported(xlsx_document(rows, strike), "harmonogram-2027.xlsx")
    assert tasks(result) == [("Festiwal", "Luty 2027"), ("Koncert", "Maj 2027")]
    assert "komórka C4: pominięto tekst przekreślony „Styczeń 2027”; zostało „Luty 2027”" in (
        result.review
    )
    assert "komórka D5: pominięto tekst przekreślony „konkurs wieloletni”; komórka pusta" in (
        result.review
    )
    assert "wieloletni" not in result.toml


def test_tracked_deletions_are_skipped_by_the_same_rule_and_named() -> None:
    """Word's w:del (and w:moveFrom) and LibreOffice's tracked deletion are skipped as before,
    and now named like any text the reader does not see."""
    docx = (
        _run("I kwartał 2027")
        + '<w:del w:id="1" w:author="A"><w:r><w:delText> II kwartał</w:delText></w:r></w:del>'
    )
    odt_cell = 'I kwartał 2027<text:change text:change-id="ct1"/>'
    tracked = (
        '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>'
        "<office:change-info/><text:p> II kwartał</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
    )
    rows_docx = [["1.", "Festiwal", docx]]
    rows_odt = [["1.", "Festiwal", odt_cell]]
    odt = odf_document("odt", f"{tracked}<text:p>{TITLE}</text:p>{odf_table(rows_odt)}")
    for data, name in [(docx_document(rows_docx), "h-2027.docx"), (odt, "h-2027.odt")]:
        result = imported(data, name)
        assert tasks(result) == [("Festiwal", "I kwartał 2027")], name
        assert "pominięto tekst usunięty w śledzeniu zmian „II kwartał”" in result.review, name


def test_what_a_reader_sees_is_read_though_some_reader_may_not() -> None:
    """Word's w:webHidden hides text only in its web view: printed, it is seen. HTML's
    aria-hidden hides text only from a screen reader: the page shows it."""
    docx = _run("Festiwal ") + _run("teatralny", "<w:webHidden/>")
    result = imported(docx_document([["1.", docx, "Maj 2027"]]), "h-2027.docx")
    assert tasks(result) == [("Festiwal teatralny", "Maj 2027")]
    html = 'Festiwal <span aria-hidden="true">teatralny</span>'
    result = imported(html_document([["1.", html, "Maj 2027"]]), "h-2027.html")
    assert tasks(result) == [("Festiwal teatralny", "Maj 2027")]
    assert SKIPPED not in result.review


def test_hidden_text_outside_the_table_does_not_give_the_title_or_year() -> None:
    printed = "Harmonogram ogłaszania otwartych konkursów ofert w "
    title = _run(printed) + _run("2026 ", "<w:vanish/>") + _run("2027 roku")
    docx = docx_document([["1.", "Festiwal", "Maj 2027"]], title=title)
    result = imported(docx, "harmonogram.docx")
    assert result.imported.year == 2027
    assert result.imported.title == TITLE
    assert (
        "tekst poza tabelą: pominięto tekst ukryty (niewidoczny w dokumencie) „2026”"
        in result.review
    )
    html = html_document([["1.", "Festiwal", "Maj 2027"]], after='<p style="display:none">Menu</p>')
    assert SKIPPED not in imported(html, "harmonogram-2027.html").review  # a page's machinery


def _hidden_sheet(state: str) -> Callable[[Workbook], None]:
    def hide(book: Workbook) -> None:
        old = book.create_sheet("Stary", 0)
        old.append(["Harmonogram ogłaszania otwartych konkursów ofert w 2026 roku"])
        old.append(["Lp.", "Nazwa zadania", "Termin ogłoszenia"])
        old.append(["1.", "Stare zadanie", "Maj 2026"])
        old.sheet_state = state

    return hide


_OLD_PLAN = odf_table(
    [["1.", "Stare zadanie", "Maj 2026"]],
    name="Stary",
    title_row=True,
    title="Harmonogram ogłaszania otwartych konkursów ofert w 2026 roku",
)
_HIDDEN_TABLE = '<style:style style:name="ta1" style:family="table"><style:table-properties table:display="false"/></style:style>'
HIDDEN_SHEETS = {
    "xlsx-hidden": lambda: xlsx_document([["1.", "Festiwal", "Maj 2027"]], _hidden_sheet("hidden")),
    "xlsx-veryHidden": lambda: xlsx_document([["1.", "Festiwal", "Maj 2027"]], _hidden_sheet("veryHidden")),
    "ods-style": lambda: odf_document("ods", _OLD_PLAN.replace('name="Stary"', 'name="Stary" table:style-name="ta1"')
                                      + odf_table([["1.", "Festiwal", "Maj 2027"]], title_row=True), styles=_HIDDEN_TABLE),
}  # fmt: skip


@pytest.mark.parametrize("case", HIDDEN_SHEETS, ids=list(HIDDEN_SHEETS))
def test_a_hidden_sheet_is_not_read_and_does_not_decide_the_title_or_year(case: str) -> None:
    result = imported(HIDDEN_SHEETS[case](), f"harmonogram.{case.split('-')[0]}")
    assert tasks(result) == [("Festiwal", "Maj 2027")]
    assert result.imported.year == 2027
    assert result.imported.title == TITLE
    assert "arkusz 1: pominięto tabelę w ukrytym arkuszu „Stary” „Harmonogram ogłaszania" in (
        result.review
    )


def _hide_row_and_column(book: Workbook) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.row_dimensions[5].hidden = True  # task 2
    sheet.column_dimensions["D"].hidden = True  # the remarks


def test_hidden_rows_and_columns_are_not_read_and_are_named() -> None:
    rows = [
        ["1.", "Festiwal", "Maj 2027", "konkurs wieloletni"],
        ["2.", "Ukryte zadanie", "Czerwiec 2027", ""],
        ["3.", "Koncert", "Lipiec 2027", ""],
    ]
    hidden_column = '<table:table-column table:number-columns-repeated="3"/><table:table-column table:visibility="collapse"/>'
    ods = ods_document(rows, row_attributes={1: ' table:visibility="filter"'}, columns=hidden_column)  # fmt: skip
    for data, name, column in [
        (xlsx_document(rows, _hide_row_and_column), "harmonogram-2027.xlsx", "D"),
        (ods, "harmonogram-2027.ods", "D"),
    ]:
        result = imported(data, name)
        assert tasks(result) == [("Festiwal", "Maj 2027"), ("Koncert", "Lipiec 2027")], name
        assert "wieloletni" not in result.toml, name  # the hidden remark gave no mode
        assert "wiersz 5: pominięto ukryty wiersz „2. | Ukryte zadanie | Czerwiec 2027”" in (
            result.review
        ), name
        assert f"arkusz 1: pominięto ukrytą kolumnę {column} „konkurs wieloletni”" in (
            result.review
        ), name


def test_a_period_merged_down_from_a_hidden_row_is_still_given_to_the_rows_it_covers() -> None:
    """The spreadsheet shows a merged cell whose first row is hidden in the rows it still
    covers: their tasks keep its period."""

    def hide(book: Workbook) -> None:
        sheet = book.active
        assert sheet is not None
        sheet.merge_cells("C4:C6")
        sheet.row_dimensions[4].hidden = True

    rows = [["1.", "Stare", "Maj 2027"], ["2.", "Festiwal", None], ["3.", "Koncert", None]]
    result = imported(xlsx_document(rows, hide), "harmonogram-2027.xlsx")
    assert tasks(result) == [("Festiwal", "Maj 2027"), ("Koncert", "Maj 2027")]


def _only_sheet_hidden(book: Workbook) -> None:
    sheet = book.active
    assert sheet is not None
    book.create_sheet("Pusty")
    sheet.sheet_state = "hidden"


@pytest.mark.parametrize("kind", ["html", "xlsx"])
def test_a_document_whose_only_harmonogram_is_hidden_is_refused_saying_so(kind: str) -> None:
    rows = [["1.", "Festiwal", "Maj 2027"]]
    data = {
        "html": lambda: html_document(rows).replace(b"<table>", b'<table style="display:none">'),
        "xlsx": lambda: xlsx_document(rows, _only_sheet_hidden),
    }[kind]()
    with pytest.raises(DocumentError) as refused:
        imported(data, f"harmonogram-2027.{kind}")
    shown = {"html": "tabela 1: pominięto tabelę ukrytą na stronie „Lp. | Nazwa zadania",
             "xlsx": "arkusz 1: pominięto tabelę w ukrytym arkuszu „Harmonogram”"}  # fmt: skip
    assert "nie znaleziono tabeli harmonogramu" in str(refused.value)
    assert shown[kind] in str(refused.value)
