"""A second year's file that renames a city, moves it to another region or gives its office
area to another address is served (the year in force decides), but check and the services'
reload log warn, naming both files and both values (issue 25, m16)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from notifier.cli.check import check_harmonograms
from notifier.files.source import CatalogSource

EXAMPLES = Path(__file__).parents[1] / "examples"
AS_OF = __import__("datetime").date(2025, 1, 15)

CHANGES = [
    ('city = "Leszno"', 'city = "LESZNO miasto"', "nazwa miasta", "„Leszno”", "„LESZNO miasto”"),
    (
        'region = "wielkopolskie"',
        'region = "lubuskie"',
        "region",
        "„wielkopolskie”",
        "„lubuskie”",
    ),
    (
        'email = "pelnomocnik-ngo@example.org"',
        'email = "intruz@evil.example"',
        "adres biura ([office] email)",
        "„pelnomocnik-ngo@example.org”",
        "„intruz@evil.example”",
    ),
]


def _years(tmp_path: Path, old: str, new: str) -> Path:
    text = (EXAMPLES / "leszno-2025.toml").read_text(encoding="utf-8")
    (tmp_path / "leszno-2025.toml").write_text(text, encoding="utf-8")
    later = text.replace("year = 2025", "year = 2026").replace(old, new, 1)
    later = later.replace("2025", "2026")
    (tmp_path / "leszno-2026.toml").write_text(later, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("old", "new", "what", "before", "after"), CHANGES)
def test_check_warns_of_a_city_changed_by_a_year(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    old: str,
    new: str,
    what: str,
    before: str,
    after: str,
) -> None:
    folder = _years(tmp_path, old, new)
    report, good = check_harmonograms(folder, AS_OF)
    assert good, report
    first, second = (str(folder / f"leszno-{y}.toml") for y in (2025, 2026))
    said = (
        f"uwaga: miasto leszno: {what} różni się między latami – rok 2025 ({first}): {before}, "
        f"rok 2026 ({second}): {after}; obowiązuje plik roku w mocy – prosimy sprawdzić, czy "
        "to zamierzona zmiana"
    )
    assert said in report.splitlines()
    with caplog.at_level(logging.WARNING):
        CatalogSource(folder).snapshot()
    assert said.removeprefix("uwaga: ") in caplog.messages


def test_the_same_city_over_years_gives_no_warning(tmp_path: Path) -> None:
    report, good = check_harmonograms(_years(tmp_path, "x", "x"), AS_OF)
    assert good
    assert "różni się między latami" not in report
