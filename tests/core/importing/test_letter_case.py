"""Text printed in capitals gets a readable case; acronyms and numerals stay as printed; the
review cuts long titles at a word boundary."""

from __future__ import annotations

import pytest

from notifier.core.echo import clipped
from notifier.core.importing.letter_case import readable_case, readable_title
from notifier.core.importing.model import ImportedDepartment, ImportedSchedule, ImportedTask, Where
from notifier.core.importing.review import build_import


@pytest.mark.parametrize(
    ("printed", "readable"),
    [
        (
            "PROWADZENIE PUNKTU NIEODPŁATNEJ POMOCY PRAWNEJ",
            "Prowadzenie punktu nieodpłatnej pomocy prawnej",
        ),
        (
            "ORGANIZACJA WYPOCZYNKU DZIECI Z MOPS I PCPR",
            "Organizacja wypoczynku dzieci z MOPS i PCPR",
        ),
        (
            "PRZECIWDZIAŁANIE SKUTKOM COVID-19 W ŚRODOWISKU NGO",
            "Przeciwdziałanie skutkom COVID-19 w środowisku NGO",
        ),
        ("KULTURA I SZTUKA – II EDYCJA", "Kultura i sztuka – II edycja"),
        ("KONKURS NA I KWARTAŁ, ETAP IV", "Konkurs na I kwartał, etap IV"),
        ("„AKTYWNY SENIOR” – ZAJĘCIA W UTW", "„Aktywny senior” – zajęcia w UTW"),
        ("REJSY Z PTTK", "Rejsy z PTTK"),
        ("prowadzenie klubów abstynenckich", "prowadzenie klubów abstynenckich"),
    ],
)
def test_a_title_in_capitals_reads_in_sentence_case(printed: str, readable: str) -> None:
    assert readable_title(printed) == readable


def test_a_department_keeps_its_acronym_and_small_words() -> None:
    assert readable_case("MIEJSKI OŚRODEK POMOCY RODZINIE (MOPR)") == (
        "Miejski Ośrodek Pomocy Rodzinie (MOPR)"
    )
    assert readable_case("BIURO DS. UZALEŻNIEŃ") == "Biuro ds. Uzależnień"


def test_clipped_cuts_at_a_word_boundary() -> None:
    assert clipped("Prowadzenie klubów abstynenckich", 25) == "Prowadzenie klubów…"
    assert clipped("krótki", 25) == "krótki"
    assert clipped("Niepełnosprawnościowych", 10) == "Niepełnos…"
    assert clipped("ochrona zdrowia, sport", 17) == "ochrona zdrowia…"


def test_the_file_keeps_the_printed_capitals_beside_the_readable_title() -> None:
    where = Where(1, 2)
    task = ImportedTask(
        "ORGANIZACJA WYPOCZYNKU LETNIEGO DLA DZIECI Z RODZIN OBJĘTYCH WSPARCIEM MOPS W GMINIE",
        where,
        period="Maj 2025",
    )
    imported = ImportedSchedule(
        "Harmonogram 2025",
        2025,
        None,
        [ImportedDepartment("Wydział", "Wydział", where, tasks=[task])],
    )
    result = build_import(imported, source="a.docx", city="Wzorcowo", year=None, as_of=None)
    assert (
        'title = "Organizacja wypoczynku letniego dla dzieci z rodzin objętych wsparciem MOPS w gminie"'
        in result.toml
    )
    assert "# w dokumencie wielkimi literami: ORGANIZACJA WYPOCZYNKU" in result.toml
    assert "tytuły zadań przepisane z wielkich liter" in result.review
    assert "- Organizacja wypoczynku letniego dla dzieci z rodzin objętych…" in result.review
