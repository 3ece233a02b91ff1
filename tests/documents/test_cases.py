"""The layouts a city clerk met (tests/documents/fixtures/cases, written by
scripts/fixture_cases.py): a BIP page whose sidebar news table is no harmonogram, quarter and
month columns marked X under a title row, a signature line "Kalisz, 30.11.2026 r." under a
sheet, remarks kept; and a document of another city or year imported as this one's."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from notifier.core.importing.review import MISMATCH, ImportResult
from notifier.documents import DocumentError, import_document

CASES = Path(__file__).parent / "fixtures" / "cases"


@cache
def imported(name: str, city: str | None = None, year: int | None = None) -> ImportResult:
    return import_document((CASES / name).read_bytes(), name, city=city, year=year)


def periods(result: ImportResult) -> list[tuple[str, str]]:
    return [(t.title, t.period or "") for t in result.imported.tasks()]


def test_a_bip_pages_news_table_is_no_harmonogram_and_the_review_says_so() -> None:
    result = imported("konin-2027-bip.html")
    titles = [t for t, _ in periods(result)]
    assert len(titles) == 4
    assert not any("Konsultacje" in t or "Wyniki konkursu" in t or "Nabór" in t for t in titles)
    assert "Zadania bez wskazanej komórki" not in result.toml
    skipped = [line for line in result.review.splitlines() if "pominięto tabelę" in line]
    assert any("2026-11-28" in line and "pasku bocznym" in line for line in skipped)
    assert any("Wytworzył" in line for line in skipped)
    # the city is printed only declined: the file name's word that agrees with it is taken
    assert result.schedule.city == "Konin"
    assert not result.mismatch


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "kalisz-2027-kwartaly.xlsx",
            ["I kwartał", "I–II kwartał", "I, III kwartał", "IV kwartał", "II kwartał"],
        ),
        (
            "kalisz-2027-miesiace.xlsx",
            ["styczeń", "marzec–kwiecień", "luty, wrzesień", "listopad", "maj"],
        ),
    ],
)
def test_columns_marked_x_under_a_title_row_give_the_marked_quarters_or_months(
    name: str, expected: list[str]
) -> None:
    result = imported(name)
    assert [p for _, p in periods(result)] == expected
    assert "październik" not in result.review  # an "X" is a mark, never the Roman ten
    assert result.schedule.year == 2027
    # the signature line under the table: as_of and the city, never a department
    assert result.schedule.as_of.isoformat() == "2026-11-30"
    assert result.schedule.city == "Kalisz"
    assert len(result.imported.departments) == 4
    assert "kalisz-30-11" not in result.toml
    # one warning for every period read in the header's year, not one per cell
    assert sum("rok przyjęty z nagłówka" in w for w in result.warnings) == 1


def test_remarks_are_kept_in_the_file_and_name_the_mode() -> None:
    toml = imported("kalisz-2027-kwartaly.xlsx").toml
    assert 'mode = "wieloletni" # z uwag w dokumencie: konkurs wieloletni 2027–2029' in toml
    assert 'mode = "maly-grant" # z uwag w dokumencie: art. 19a – małe granty' in toml
    assert "# uwagi w dokumencie: dwa nabory" in toml


def test_another_citys_document_or_another_year_is_said_first_in_the_review() -> None:
    result = imported("konin-2027-bip.html", city="Leszno", year=2028)
    assert result.review.startswith(MISMATCH)
    text = "\n".join(result.mismatch)
    assert "inne miasto niż Leszno" in text
    assert "Prezydent Miasta Konina" in text
    assert "na rok 2027" in text
    assert "jako harmonogram na rok 2028" in text
    assert "poza rokiem 2028" in text
    assert not imported("kalisz-2027-kwartaly.xlsx", city="Kalisz", year=2027).mismatch


def test_a_city_printed_only_declined_and_no_name_in_the_file_asks_for_the_city() -> None:
    data = (CASES / "konin-2027-bip.html").read_bytes()
    with pytest.raises(DocumentError, match="Prezydent Miasta Konina"):
        import_document(data, "harmonogram.html")


def test_a_period_cell_check_would_refuse_is_kept_as_printed_with_its_place() -> None:
    """Cells the period reader reads but `notifier check` refuses (an hour the clocks skip,
    31 April, a range ending before it starts, a year outside 1900–2199): before, the first
    aborted the import naming a line of the TOML the user never saw. Now each is period "-"
    with the printed words in a comment, and the review names its table row."""
    result = imported("testowo-2027-terminy.html")
    got = {t.title: t.period.text for t in result.schedule.tasks()}
    assert len(got) == 8
    read = {"kino letnie"}
    for task in result.imported.tasks():
        if task.title in read:
            assert got[task.title] == task.period
            continue
        assert got[task.title] == "-", task.title  # no window guessed
        assert f"# w dokumencie: {task.period} (nieodczytane)" in result.toml
        said = [w for w in result.warnings if task.period in w or f"{task.where}:" in w]
        assert any(w.startswith(str(task.where)) and "period = „-”" in w for w in said), said
    assert all(w.startswith("tabela 1, wiersz ") for w in result.warnings)
    assert "godzina 02:30 nie istnieje 28.03.2027" in result.review
    assert "window" not in result.toml  # "Maj 2200" is no May of 2027
    assert ".html:" not in result.review
