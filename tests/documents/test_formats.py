"""Every fixture document (tests/documents/fixtures, made by scripts/make_import_fixtures.py
from the sources beside them) imports to its source's tasks: title, period and department.

Each document is imported once per session. PDFs whose columns are only aligned text come in
several layouts (*-aligned*.pdf: fpdf's borderless table, and scripts/aligned_pdf.py's cells
at the top, middle or bottom of their rows, rows with and without space between them, rows
broken across pages, the header row repeated on every page)."""

from __future__ import annotations

import codecs
import tomllib
from functools import cache
from pathlib import Path

import pytest

from notifier.core.importing.cells import normalise
from notifier.core.importing.model import DocumentError
from notifier.core.importing.review import ImportResult
from notifier.documents import import_document
from notifier.documents.encoding import decode_text

HERE = Path(__file__).parent
SOURCES = sorted((HERE / "sources").glob("*.toml"))
FORMATS = [".docx", ".xlsx", ".odt", ".ods", "-ruled.pdf", "-aligned.pdf", "-bip.html", "-cms.html"]
ALIGNED_LAYOUTS = sorted(p.name for p in (HERE / "fixtures").glob("*-aligned-*.pdf"))
# Tables of aligned text that cannot be read without guessing, refused (the reason's words):
# a period printed once beside rows of one line each (top or middle of its merged cell?). Rows
# without space between them, cells at the top ("-aligned-gapless"), are read.
REFUSED = {
    "bez-komorek-2025-aligned.pdf": "„Styczeń 2025” wydrukowana raz obok wierszy 2, 3 może",
}
# documents printed as a list, not a table ("-lista"): Word and web page of each, one PDF
LISTS = [
    *sorted(p.name for p in (HERE / "fixtures").glob("*-lista.docx")),
    *sorted(p.name for p in (HERE / "fixtures").glob("*-lista.html")),
    "malopolska-2006-lista.pdf",
]


@cache
def source(stem: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((HERE / "sources" / f"{stem}.toml").read_text(encoding="utf-8"))


@cache
def imported(name: str) -> ImportResult:
    stem = (
        name.rsplit(".", 1)[0]
        .split("-aligned")[0]
        .removesuffix("-ruled")
        .removesuffix("-bip")
        .removesuffix("-cms")
        .removesuffix("-lista")
    )
    data = (HERE / "fixtures" / name).read_bytes()
    spec = source(stem)
    year = spec["year"] if spec.get("year_option") else None  # a document without its year
    return import_document(data, name, city=spec["city"], year=year)


def expected(stem: str) -> list[tuple[str, str, str]]:
    spec = source(stem)
    return [
        (normalise(t["title"]), t["period"], d["name"])
        for d in spec["departments"]
        for t in d["tasks"]
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", [p.stem for p in SOURCES])
def test_each_document_gives_its_tasks(stem: str, fmt: str) -> None:
    check_tasks(stem, stem + fmt)


@pytest.mark.parametrize("name", ALIGNED_LAYOUTS)
def test_each_layout_of_aligned_columns_gives_its_tasks(name: str) -> None:
    check_tasks(name.split("-aligned")[0], name)


@pytest.mark.parametrize("name", LISTS)
def test_each_list_of_periods_and_tasks_gives_its_tasks(name: str) -> None:
    check_tasks(name.split("-lista")[0], name)
    assert "zadania odczytano z listy" in imported(name).review


def test_month_columns_marked_x_give_the_months_by_name() -> None:
    """Mazowsze's plan marks each task's months with "X" under the columns I–XII."""
    result = imported("mazowsze-2025.xlsx")
    assert "miesiące ogłoszenia (termin to miesiące oznaczone w wierszu" in result.review
    assert 'period = "kwiecień–czerwiec" # termin bez roku' in result.toml


def test_a_sentence_under_the_table_of_a_sheet_is_no_department() -> None:
    review = imported("malopolska-2006.xlsx").review
    assert "pominięto zdanie poza tabelą: „Konkursy mogą być także ogłaszane" in review
    assert "Znaleziono 1 komórkę i 4 zadania" in review


def test_aligned_layouts_cover_the_kinds() -> None:
    kinds = {name.rsplit("-", 1)[1].removesuffix(".pdf") for name in ALIGNED_LAYOUTS}
    assert {"top", "middle", "bottom", "gapless"} <= kinds


def test_an_aligned_task_broken_across_pages_is_one_task() -> None:
    result = imported("leszno-2024-aligned-top.pdf")
    assert "(podział strony)" in result.review
    assert "strona 2" in result.review


@pytest.mark.parametrize(
    "name", ["leszno-2024-aligned-pages.pdf", "leszno-2024-aligned-bottom-pages.pdf"]
)
def test_a_department_heading_broken_by_a_page_is_one_department_above_its_scope(
    name: str,
) -> None:
    """A small page breaks "BIURO PEŁNOMOCNIKA … Z ORGANIZACJAMI" before "POZARZĄDOWYMI" (its
    last word under the repeated header) and prints a name right above its scope: one
    department, its scope apart, never a task "POZARZĄDOWYMI" (a clerk's trial: 23 of 28)."""
    result = imported(name)
    names = [d.name for d in result.imported.departments]
    assert "Biuro Pełnomocnika ds. Współpracy z Organizacjami Pozarządowymi" in names
    assert not any(t.title == "POZARZĄDOWYMI" for t in result.imported.tasks())
    assert len(result.imported.tasks()) == 28


def check_tasks(stem: str, name: str) -> None:
    if name in REFUSED:
        with pytest.raises(DocumentError, match=REFUSED[name]) as refused:
            imported(name)
        assert "Import nie zgaduje" in str(refused.value)
        return
    result = imported(name)
    got = [(t.title, t.period, d.name) for d in result.imported.departments for t in d.tasks]
    assert got == expected(stem)
    assert result.schedule.as_of == source(stem)["as_of"]
    assert result.schedule.year == source(stem)["year"]
    assert len(list(result.schedule.tasks())) == len(expected(stem))


def test_merged_periods_are_noted_with_their_place() -> None:
    review = imported("leszno-2024.docx").review
    assert "Znaleziono 9 komórek i 28 zadań" in review
    assert "scalona komórka tabeli" in review
    assert "„II, III kwartał roku 2024” wydrukowany raz" in review


def test_a_bip_page_keeps_only_the_harmonogram_table() -> None:
    result = imported("kolumna-komorek-2025-bip.html")
    titles = [t.title for t in result.imported.tasks()]
    assert not any("Anna Nowak" in t or "Strona główna" in t for t in titles)


def test_the_review_says_which_column_was_read_as_what_and_where() -> None:
    review = imported("kolumna-komorek-2025.ods").review
    assert "arkusz 1, wiersz 2: kolumny według nagłówka: „Lp.” → numer zadania" in review
    assert "„Planowany termin ogłoszenia konkursu” → termin ogłoszenia" in review
    assert "uwagi przy zadaniu 7) „Działania na rzecz osób" in review
    assert (
        "tabela 6, wiersz 1: kolumny według nagłówka"
        in imported("kolumna-komorek-2025-bip.html").review
    )
    aligned = imported("kolumna-komorek-2025-aligned-middle.pdf").review
    assert "tabela bez linii siatki" in aligned
    assert "strona 1, wiersz 4: termin „Kwiecień 2025” wydrukowany raz" in aligned


def test_a_period_cell_that_does_not_read_still_gives_a_file_that_passes_check() -> None:
    """Łódź 2022 prints the period among other words: its dates become the `window` beside the
    printed period; a cell naming two dates (an operator's call, then the operator's) is
    written as period = "-" with the printed words in a comment, never a guessed window."""
    result = imported("lodz-2022.docx")
    assert 'period = "Konkurs ofert (termin ogłoszenia:Styczeń/luty 2022)"' in result.toml
    assert 'window = "Styczeń/luty 2022"' in result.toml
    assert 'period = "-" # w dokumencie: Konkurs na operatora – grudzień 2021' in result.toml
    assert "wpisano window = „Styczeń/luty 2022” (daty z tej komórki)" in result.review
    assert "w pliku period = „-”, druk w komentarzu obok" in result.review


PAGE = """<!DOCTYPE html><html lang="pl"><head><meta charset="utf-8">
<title>Harmonogramy i plany – Biuletyn Informacji Publicznej Gminy Wzorcowo</title></head>
<body><nav><a href="/">Harmonogram sesji rady</a></nav><h1>Organizacje pozarządowe</h1>
<h2>{heading}</h2><table><tr><th>Zadanie</th><th>Termin ogłoszenia</th></tr>
<tr><td>Wspieranie i upowszechnianie kultury fizycznej</td><td>Styczeń 2025</td></tr>
<tr><td>Ochrona i promocja zdrowia</td><td>Marzec 2025</td></tr></table></body></html>"""


@pytest.mark.parametrize(
    "heading",
    [
        "Harmonogram ogłaszania otwartych konkursów ofert w 2025 roku",
        "Planowane terminy ogłoszenia otwartych konkursów ofert w 2025 roku",
    ],
)
def test_a_pages_title_is_its_heading_above_the_table_not_the_sites_name(heading: str) -> None:
    page = PAGE.format(heading=heading).encode()
    result = import_document(page, "konkursy.html", city="Wzorcowo")
    assert result.schedule.title == heading
    assert result.schedule.year == 2025
    assert [t.topics for t in result.schedule.tasks()] == [("sport",), ("zdrowie",)]


EXCEL_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<meta http-equiv=Content-Type content="text/html; charset=unicode"><title>Harmonogram</title>
</head><body><h1>Harmonogram ogłaszania otwartych konkursów ofert w 2025 roku</h1>
<table><tr><td>Zadanie</td><td>Termin ogłoszenia</td></tr>
<tr><td>Wspieranie i upowszechnianie kultury fizycznej</td><td>Styczeń 2025</td></tr>
<tr><td>Ochrona i promocja zdrowia</td><td>Marzec 2025</td></tr></table></body></html>"""


@pytest.mark.parametrize(
    "encoded",
    [
        EXCEL_PAGE.encode("utf-16"),  # Excel's "Web page (Unicode)": little-endian with a mark
        codecs.BOM_UTF16_BE + EXCEL_PAGE.encode("utf-16-be"),
        EXCEL_PAGE.encode("utf-16-le"),  # no mark: the zero byte beside each ASCII character
        EXCEL_PAGE.encode("utf-32"),
        EXCEL_PAGE.encode("utf-8"),
    ],
    ids=["utf-16", "utf-16-be", "utf-16-le-no-mark", "utf-32", "utf-8"],
)
def test_a_page_saved_as_unicode_reads_and_its_title_is_its_heading_once(encoded: bytes) -> None:
    """Blind round three, m2: Excel's "Web page (Unicode)" gave "nie znaleziono tabeli"; and
    a <title> "Harmonogram" must not be put before the <h1> holding the whole title."""
    result = import_document(encoded, "arkusz.htm", city="Wzorcowo")
    assert result.schedule.title == "Harmonogram ogłaszania otwartych konkursów ofert w 2025 roku"
    assert [t.period.text for t in result.schedule.tasks()] == ["Styczeń 2025", "Marzec 2025"]
    text = "Zadanie\tTermin ogłoszenia\nOchrona i promocja zdrowia\tMarzec 2025\n"
    assert decode_text(text.encode("utf-16"), "plan.txt") == text  # Notepad's "Unicode"


def test_a_unicode_file_cut_in_half_is_named_so() -> None:
    with pytest.raises(DocumentError, match="zapisany w UTF-16, ale jego bajty się nie"):
        import_document(EXCEL_PAGE.encode("utf-16")[:-1] + b"\xd8", "arkusz.htm", city="X")
