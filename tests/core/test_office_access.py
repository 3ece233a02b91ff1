"""Who may sign in to a city's office area: [office] email and staff of the year in force."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from notifier.core.catalog import Catalog, Entry
from notifier.core.harmonogram_years import deciding_year, office_year_problem
from notifier.core.office_access import address_key, office_cities, office_city
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule


def _file(text: str, office: str) -> str:
    return text.replace(
        'email = "pelnomocnik-ngo@example.org"', f'email = "pelnomocnik-ngo@example.org"\n{office}'
    )


def test_staff_addresses_are_read_normalised(seed_schedule_path: Path) -> None:
    text = seed_schedule_path.read_text(encoding="utf-8")
    schedule = parse_schedule(
        _file(text, 'staff = [" Anna.Nowak@Example.ORG ", "jan@example.org"]')
    )
    assert schedule.office.staff == ("Anna.Nowak@example.org", "jan@example.org")
    assert schedule.office.people[0] == "pelnomocnik-ngo@example.org"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('staff = "jan@example.org"', "listą adresów"),
        ('staff = ["nie-adres"]', "nie jest poprawnym adresem"),
        ("staff = [1]", "listą adresów"),
    ],
)
def test_a_bad_staff_list_is_a_problem_of_the_file(
    seed_schedule_path: Path, line: str, words: str
) -> None:
    text = seed_schedule_path.read_text(encoding="utf-8")
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(_file(text, line))
    assert any("[office]" in p and words in p for p in caught.value.problems)


def _year(text: str, year: int, office: str = "") -> Entry:
    moved = text.replace("year = 2024", f"year = {year}").replace("2024", str(year))
    return Entry(parse_schedule(_file(moved, office)), str(year), f"{year}.toml")


def test_the_year_in_force_names_the_office_and_a_later_file_cannot(
    seed_schedule_path: Path,
) -> None:
    """blind4 G6: the latest year's file decided, so a staff member about to be taken off the
    list could plant a 2100 file naming themselves and keep access. The year in force (the
    latest not after today's) decides; the next year's file takes over on 1 January."""
    text = seed_schedule_path.read_text(encoding="utf-8")
    old = _year(text, 2024, 'staff = ["stary@example.org"]')
    now = _year(text, 2025)
    planted = _year(text, 2100, 'staff = ["stary@example.org"]')
    catalog = Catalog([old, now, planted])
    in_2025, in_2024 = date(2025, 6, 1), date(2024, 12, 31)
    assert office_cities(catalog, "stary@example.org", in_2025) == []
    assert office_city(catalog, "leszno", "stary@example.org", in_2025) is None
    assert office_city(catalog, "leszno", "stary@example.org", in_2024) is not None
    assert office_city(catalog, "leszno", "PELNOMOCNIK-NGO@example.org", in_2025) is not None
    assert office_city(catalog, "zielona-gora", "pelnomocnik-ngo@example.org", in_2025) is None
    assert address_key("<b>@x") is None


@pytest.mark.parametrize(
    ("years", "today", "deciding"),
    [
        ([2024, 2025], date(2025, 1, 1), 2025),  # the new year's file takes over on 1 January
        ([2024, 2025], date(2024, 12, 31), 2024),  # next year's, imported in December, waits
        ([2024, 2100], date(2026, 12, 7), 2024),  # a far-future file never decides
        ([2027, 2028], date(2026, 12, 7), 2027),  # a city whose first harmonogram is ahead
        ([], date(2026, 12, 7), None),
    ],
)
def test_the_deciding_year(years: list[int], today: date, deciding: int | None) -> None:
    assert deciding_year(years, today) == deciding


def test_the_office_adds_only_this_or_next_years_harmonogram() -> None:
    today = date(2026, 12, 7)
    assert office_year_problem(2026, today) is None
    assert office_year_problem(2027, today) is None
    for year in (2025, 2028, 2100):
        problem = office_year_problem(year, today)
        assert problem is not None
        assert f"rok {year}" in problem
        assert "przyjmujemy rok 2026 albo 2027" in problem


def test_an_office_address_mail_cannot_reach_is_a_problem_naming_the_field(
    seed_schedule_path: Path,
) -> None:
    # F22: "żaneta@…" passed check, then the digest and the office's sign-in broke on it.
    text = seed_schedule_path.read_text(encoding="utf-8")
    for bad in ('email = "żaneta@urzad.pl"', 'staff = ["żaneta@urzad.pl"]'):
        changed = (
            text.replace('email = "pelnomocnik-ngo@example.org"', bad)
            if bad.startswith("email")
            else _file(text, bad)
        )
        with pytest.raises(ScheduleError) as caught:
            parse_schedule(changed)
        assert any(
            "[office]" in p and "przed znakiem @ litery ze znakami diakrytycznymi" in p
            for p in caught.value.problems
        ), caught.value.problems
    idn = parse_schedule(text.replace("pelnomocnik-ngo@example.org", "biuro@urząd-miasta.pl"))
    assert idn.office.email == "biuro@xn--urzd-miasta-ykb.pl"
    assert address_key("Biuro@Urząd-Miasta.pl") == "biuro@xn--urzd-miasta-ykb.pl"
