"""Small documents declaring a count, a number or a reference that a parser would multiply out
or follow to the child process's time or memory limit (blind round 9a: 29–35 s each), each
refused by its own bound with a Polish reason naming what is wrong. The blind round's shapes
are fixtures (tests/documents/fixtures/bad, scripts/fixture_hostile.py); each kind's variants
are built here by the same builders. The refusal asserted is the bound's, never the time
limit's ("przekroczył limit czasu lub pamięci")."""

from __future__ import annotations

import io
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from notifier.core.importing.model import DocumentError
from notifier.documents import import_document
from notifier.documents.odf import MAX_SPACES, MAX_SPACES_TOTAL
from notifier.documents.pdf_limits import (
    MAX_PAGE_TOKENS,
    MAX_PAGES,
    MAX_PAINTED,
    MAX_PAINTED_TOTAL,
    MAX_REF_CHAIN,
    MAX_SYNTAX,
)

ROOT = Path(__file__).resolve().parents[2]
BAD = Path(__file__).parent / "fixtures" / "bad"
sys.path.insert(0, str(ROOT / "scripts"))
try:
    from fixture_hostile import (
        forms_pdf,
        odt_with_cell_spaces,
        pdf_of,
        reference_loop_pdf,
        sheet_with,
    )
finally:
    sys.path.remove(str(ROOT / "scripts"))


def refused(data: bytes, name: str) -> str:
    with pytest.raises(DocumentError) as caught:
        import_document(data, name, city="Testowo", year=2027)
    said = str(caught.value)
    assert "przekroczył limit" not in said
    return said


def fixture(name: str) -> bytes:
    return (BAD / name).read_bytes()


# XLSX: openpyxl walks every row up to a row's number and lays out rows × columns.
FAR = "sięga poza 200 000 komórek, które import czyta (wiersze × kolumny)"
NINES = "9" * 5000


@pytest.mark.parametrize(
    ("rows_xml", "what"),
    [
        ('<row r="1e11"><c t="inlineStr"><is><t>x</t></is></c></row>', "wiersz numer 1e11"),
        ("<row r='+99999999999'/>", "wiersz numer +99999999999"),
        (f'<row r="{NINES}"/>', "wiersz numer 999999999999999999999999…"),
        ('<row r="250000"><c r="A250000"><v>1</v></c></row>', "wiersz numer 250000"),
        ('<row><c r="XFD1048576"><v>1</v></c></row>', "komórka XFD1048576"),
        ('<row><c r="A99999999999"><v>1</v></c></row>', "komórka A99999999999"),
        ('<x:row r="99999999999"/>', "wiersz numer 99999999999"),
        ('<row r="66000"/>' + "<row/>" * 1000, "wiersz 66667"),  # unnumbered: the next
        ('<row r="60000"/><row>' + "<c><v>1</v></c>" * 4 + "</row>", "komórka 4 wiersza 60001"),
    ],
    ids=[
        *["float", "plus", "5000-digits", "past-rows", "far-column", "far-row", "prefixed"],
        *["unnumbered-rows", "unaddressed-cells"],
    ],
)
def test_a_sheet_row_or_cell_numbered_past_the_sheet_is_refused(rows_xml: str, what: str) -> None:
    """A declared <dimension> is no such number: it is never trusted (test_odd_cells.py)."""
    said = refused(sheet_with(rows_xml), "arkusz.xlsx")
    assert said.startswith(f"Arkusz Harmonogram w pliku arkusz.xlsx jest zbyt duży: {what} {FAR}")


def test_the_testers_row_99999999999() -> None:
    """bad_ref_cell.xlsx (2 kB) kept openpyxl yielding empty rows for 35 s."""
    said = refused(fixture("wiersz-daleko.xlsx"), "wiersz-daleko.xlsx")
    assert f"jest zbyt duży: wiersz numer 99999999999 {FAR}" in said


# ODF: <text:s text:c="N"/> stands for N spaces, which odfpy would write out.
SPACES = "odstępów zapisanych jednym znacznikiem"
CELL = "komórka (tabela 1, wiersz 3)"


@pytest.mark.parametrize(
    ("data", "name", "what"),
    [
        (
            lambda: fixture("odstepy.odt"),
            "odstepy.odt",
            "komórka (tabela 1, wiersz 3) ma 1000000000",
        ),
        (
            lambda: odt_with_cell_spaces("1000000000", spreadsheet=True),
            "odstepy.ods",
            "komórka (arkusz 1, wiersz 3) ma 1000000000",
        ),
        (
            lambda: odt_with_cell_spaces("1000000000", where="outside"),
            "tytul.odt",
            "akapit poza tabelami ma 1000000000",
        ),
        (lambda: odt_with_cell_spaces(NINES), "cyfry.odt", f"{CELL} ma 999999999999…"),
        (
            lambda: odt_with_cell_spaces(str(MAX_SPACES + 1)),
            "tuz.odt",
            f"{CELL} ma {MAX_SPACES + 1}",
        ),
    ],
    ids=["odt-cell", "ods-cell", "odt-paragraph", "5000-digits", "just-past"],
)
def test_a_run_of_spaces_past_the_bound_is_refused_unwritten(
    data: Callable[[], bytes], name: str, what: str
) -> None:
    said = refused(data(), name)
    assert said.startswith(f"Plik {name}: {what} {SPACES} (<text:s text:c=")
    assert f"import przyjmuje najwyżej {MAX_SPACES} naraz" in said


def test_runs_of_spaces_adding_up_past_the_documents_bound_are_refused() -> None:
    repeat = MAX_SPACES_TOTAL // MAX_SPACES + 1
    data = odt_with_cell_spaces(str(MAX_SPACES), repeat=repeat)
    said = refused(data, "suma.odt")
    assert said.startswith(f"Plik suma.odt ma w tekście ponad {MAX_SPACES_TOTAL} odstępów")


def test_a_short_run_of_spaces_is_read_as_spaces() -> None:
    result = import_document(odt_with_cell_spaces("7"), "kilka.odt", city="Testowo", year=2027)
    assert 'title = "Organizacja festynu rodzinnego koniec"' in result.toml


# PDF: references that loop, forms painting forms.
SAFETY = "odrzucono ze względów bezpieczeństwa"


@pytest.mark.parametrize(
    ("data", "loop"),
    [
        (lambda: fixture("petla-odwolan.pdf"), "pętlę (4 → 5 → 4)"),
        (lambda: reference_loop_pdf(1), "pętlę (4 → 4)"),
        (lambda: reference_loop_pdf(5), "pętlę (4 → 5 → 6 → 7 → 8 → 4)"),
    ],
    ids=["testers", "itself", "five"],
)
def test_references_that_loop_are_refused(data: Callable[[], bytes], loop: str) -> None:
    """ref_loop.pdf (1.2 kB): pdfminer's resolve1 followed 6 → 7 → 6 … for 29 s."""
    said = refused(data(), "petla.pdf")
    assert f"{SAFETY}: odwołania między obiektami tworzą {loop}" in said


def test_a_chain_of_references_past_the_bound_is_refused() -> None:
    length = MAX_REF_CHAIN + 5
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        *[b"%d 0 R" % (5 + i) for i in range(length)],
        b"<< /Length 5 >>\nstream\nBT ET\nendstream",
    ]
    said = refused(pdf_of(objects), "lancuch.pdf")
    assert f"odwołania między obiektami tworzą łańcuch dłuższy niż {MAX_REF_CHAIN}" in said


PAINTED = "formularz rysuje inne formularze wielokrotnie, a te – kolejne"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (lambda: fixture("formularze.pdf"), f"strona 1: formularze (XObject) są na niej rysowane ponad {MAX_PAINTED} razy"),
        (lambda: forms_pdf(3, 40, itself=True), f"strona 1: formularze (XObject) są na niej rysowane ponad {MAX_PAINTED} razy"),
        (lambda: forms_pdf(2, MAX_PAINTED + 1), f"strona 1: formularze (XObject) są na niej rysowane ponad {MAX_PAINTED} razy"),
        (lambda: forms_pdf(3, 20, pages=5), f"formularze (XObject) są w nim rysowane ponad {MAX_PAINTED_TOTAL} razy"),
    ],
    ids=["testers", "itself-too", "one-form-many-times", "pages-add-up"],
)  # fmt: skip
def test_forms_painted_too_many_times_are_refused(data: Callable[[], bytes], what: str) -> None:
    said = refused(data(), "formularze.pdf")
    assert f"{SAFETY}: {what} ({PAINTED})" in said


def test_a_form_painted_a_few_times_past_the_pages_elements_is_refused() -> None:
    """Each painting of a form counts its elements against the page's bound: a form of half
    the bound painted twice."""
    content = b"0 0 m " * (MAX_PAGE_TOKENS // 6 + 1)  # 3 elements each
    said = refused(forms_pdf(2, 2, last=content), "ciezki.pdf")
    assert (
        "strona 1: treść strony razem z formularzami (XObject) rysowanymi wielokrotnie ma " in said
    )
    assert "ponad 300 000 elementów (liczb i poleceń rysowania)" in said


def test_a_page_tree_listing_a_page_past_the_bound_is_refused() -> None:
    """many_pages.pdf: one page listed 200,000 times, walked whole on every pass."""
    kids = b" ".join(b"3 0 R" for _ in range(2 * MAX_PAGES + 1))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count 1 >>" % kids,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 5 >>\nstream\nBT ET\nendstream",
    ]
    said = refused(pdf_of(objects), "strony.pdf")
    assert f"{SAFETY}: spis stron wymienia ponad {2 * MAX_PAGES} stron i ich grup" in said


# DOCX: a negative span lays out nothing and pays for nothing.
def test_negative_spans_never_pay_for_spans_elsewhere() -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=21, cols=100)  # 21 × 50 × 100 cells past 100,000
    for row in table.rows:
        for number, cell in enumerate(row.cells):
            span = 100 if number % 2 else -100
            span_xml = f'<w:gridSpan {nsdecls("w")} w:val="{span}"/>'
            cell._tc.get_or_add_tcPr().append(parse_xml(span_xml))
    out = io.BytesIO()
    document.save(out)
    said = refused(out.getvalue(), "ujemne.docx")
    assert "ma w tabelach ponad 100000 komórek (licząc komórki scalone)" in said


# PDF: object syntax pdfminer parses token by token, in the file or in object streams.
NUMBERS = b"[" + b"1 " * (MAX_SYNTAX // 2 + 1) + b"]"
SYNTAX = f"jego obiekty (poza strumieniami) mają ponad {MAX_SYNTAX >> 20} MB opisu"


def test_objects_past_the_syntax_bound_are_refused_unparsed() -> None:
    """10 MB of numbers in one resources dictionary took 25 s to parse."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 5 0 R >>",
        b"<< /Length 5 >>\nstream\nBT ET\nendstream",
        b"<< /X " + NUMBERS + b" >>",
    ]
    said = refused(pdf_of(objects), "opis.pdf")
    assert f"{SAFETY}: {SYNTAX} – harmonogram ma ich kilkadziesiąt kB" in said


def test_an_object_stream_past_the_syntax_bound_is_refused() -> None:
    """The same syntax deflated into an object stream (read here as pdfminer reads a file
    whose cross-reference table is broken: every object stream is expanded)."""
    body = b"5 0 " + NUMBERS
    packed = zlib.compress(body, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 5 >>\nstream\nBT ET\nendstream",
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream",
    ]
    data = pdf_of(objects).replace(b"startxref\n", b"startxref\n9")  # no table where it says
    assert len(data) < 100_000
    said = refused(data, "obiekty.pdf")
    assert f"{SAFETY}: {SYNTAX}" in said
