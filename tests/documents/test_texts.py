"""A harmonogram's table as the plain texts clerks get from it (tests/documents/fixtures, made
by scripts/fixture_texts.py): copied cell by cell (`-komorki.txt`), printed with its columns
side by side by `pdftotext -layout` (`-layout.txt`), and pdfminer's text with its cells out of
order (`-pdfminer.txt`). Each gives its source's tasks exactly, or a clear Polish refusal:
never a title paired with another row's period."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import pytest

from notifier.core.importing.cells import normalise
from notifier.core.importing.model import DocumentError
from notifier.documents import import_document

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
# copied cell by cell, a layout no text can keep: Łódź 2022's one column of departments and
# their tasks (a department's row and a task's look alike without their cells' places) and
# Mazowsze's months marked "X" (the empty months vanish in a copy)
REFUSED_COPIES = {
    "lodz-2022-komorki.txt": "złożone z kawałków różnych komórek",
    "mazowsze-2025-komorki.txt": "kolumny miesięcy",
}
COPIES = sorted(p.name for p in FIXTURES.glob("*-komorki.txt"))
# a period printed once beside rows of one line each: at the top or in the middle of its
# merged cell, the text cannot show which rows it covers
REFUSED_LAYOUTS = {"bez-komorek-2025-layout.txt": "wydrukowano raz"}
LAYOUTS = sorted(p.name for p in FIXTURES.glob("*-layout.txt") if p.name not in REFUSED_LAYOUTS)
PDFMINER = sorted(p.name for p in FIXTURES.glob("*-pdfminer.txt"))


@cache
def source(stem: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((HERE / "sources" / f"{stem}.toml").read_text(encoding="utf-8"))


def stem_of(name: str) -> str:
    return name.rsplit("-", 1)[0]


def read(name: str):  # type: ignore[no-untyped-def]
    spec = source(stem_of(name))
    year = spec["year"] if spec.get("year_option") else None
    return import_document((FIXTURES / name).read_bytes(), name, city=spec["city"], year=year)


def expected(stem: str) -> list[tuple[str, str, str]]:
    spec = source(stem)
    return [
        (normalise(t["title"]), t["period"], d["name"])
        for d in spec["departments"]
        for t in d["tasks"]
    ]


def check(name: str, note: str) -> None:
    result = read(name)
    got = [(t.title, t.period, d.name) for d in result.imported.departments for t in d.tasks]
    assert got == expected(stem_of(name))
    assert len(list(result.schedule.tasks())) == len(got)
    assert result.schedule.as_of == source(stem_of(name))["as_of"]
    assert note in result.review


def test_the_kinds_are_there() -> None:
    assert len(COPIES) >= 9
    assert len(LAYOUTS) + len(REFUSED_LAYOUTS) >= 5
    assert len(PDFMINER) >= 9


@pytest.mark.parametrize("name", [n for n in COPIES if n not in REFUSED_COPIES])
def test_a_table_copied_cell_by_cell_gives_its_tasks(name: str) -> None:
    check(name, "skopiowanego komórka po komórce")


@pytest.mark.parametrize("name", sorted(REFUSED_COPIES))
def test_a_copy_that_cannot_keep_its_layout_is_refused_saying_why(name: str) -> None:
    with pytest.raises(DocumentError, match=REFUSED_COPIES[name]) as refused:
        read(name)
    assert "Proszę zaimportować sam dokument" in str(refused.value)


@pytest.mark.parametrize("name", LAYOUTS)
def test_columns_side_by_side_are_read_by_their_positions(name: str) -> None:
    check(name, "kolumnami obok siebie")


@pytest.mark.parametrize("name", sorted(REFUSED_LAYOUTS))
def test_a_period_printed_once_beside_rows_of_one_line_is_refused(name: str) -> None:
    with pytest.raises(DocumentError, match=REFUSED_LAYOUTS[name]) as refused:
        read(name)
    assert "nie wynika, czy termin stoi u góry scalonej komórki" in str(refused.value)


@pytest.mark.parametrize("name", PDFMINER)
def test_cells_out_of_order_are_refused_not_paired_with_other_rows(name: str) -> None:
    with pytest.raises(DocumentError) as refused:
        read(name)
    message = str(refused.value)
    assert "Proszę zaimportować sam" in message
    assert "pdftotext -layout" in message or "sam dokument" in message


CENTRED = (
    "Harmonogram otwartych konkursów ofert na rok 2027\n\n"
    "Lp.   Zadanie                                  Termin ogłoszenia\n"
    "      Organizacja imprez kulturalnych o\n"
    "1.    zasięgu ponadlokalnym                    I kwartał 2027\n"
    "      i przeglądów artystycznych\n"
    "      Szkolenie sportowe dzieci\n"
    "2.    i młodzieży                              Kwiecień 2027\n"
    "      Promocja turystyki\n"
    "3.    wśród mieszkańców\n"
)


def test_cells_centred_in_their_rows_are_refused_naming_the_line() -> None:
    """A number beside the middle of its title: a period printed once for several rows
    could belong to the rows above or below it, so nothing is guessed. The first task under
    the header without its period on its first line says so first (no merged cell reaches
    over the header); without it, the line under the first row's that did not have to wrap
    ("i przeglądów" would have fit after "zasięgu ponadlokalnym")."""
    with pytest.raises(DocumentError, match=r"nie stoją u góry wierszy \(strona 1, wiersz 4: pi"):
        import_document(CENTRED.encode(), "harmonogram-2027-wzorcowo.txt")
    later = CENTRED.replace("      Organizacja imprez kulturalnych o\n", "")
    with pytest.raises(DocumentError, match=r"wiersz 5 zaczyna się od „i przeglądów.*zmieściłoby"):
        import_document(later.encode(), "harmonogram-2027-wzorcowo.txt")


def test_a_layout_with_a_department_column_continues_wrapped_titles() -> None:
    text = (
        "Załącznik nr 1 do Zarządzenia nr 123/2026 Prezydenta Miasta z dnia 30 listopada 2026 r.\n"
        "\n"
        "Lp.   Komórka organizacyjna      Zadanie                          Termin ogłoszenia\n"
        "1.    Wydział Kultury            prowadzenie klubów seniora       styczeń 2027\n"
        "2.    Wydział Sportu             organizacja zawodów              luty 2027\n"
        "                                 sportowych dla dzieci\n"
        "\n"
        "Strona 1 z 1\n"
    )
    result = import_document(text.encode(), "x.txt", city="Wzorcowo", year=2027)
    got = [(d.name, t.title, t.period) for d in result.imported.departments for t in d.tasks]
    assert got == [
        ("Wydział Kultury", "prowadzenie klubów seniora", "styczeń 2027"),
        ("Wydział Sportu", "organizacja zawodów sportowych dla dzieci", "luty 2027"),
    ]
