"""Who may sign in to a city's office area: [office] email and staff of the latest year."""

from __future__ import annotations

from pathlib import Path

import pytest

from notifier.core.catalog import Catalog, Entry
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


def test_only_the_latest_year_names_the_office(seed_schedule_path: Path) -> None:
    text = seed_schedule_path.read_text(encoding="utf-8")
    old = parse_schedule(_file(text, 'staff = ["stary@example.org"]'))
    new = parse_schedule(text.replace("year = 2024", "year = 2025").replace("2024", "2025"))
    catalog = Catalog([Entry(old, "a", "2024.toml"), Entry(new, "b", "2025.toml")])
    assert office_cities(catalog, "stary@example.org") == []
    assert office_city(catalog, "leszno", "PELNOMOCNIK-NGO@example.org") is not None
    assert office_city(catalog, "zielona-gora", "pelnomocnik-ngo@example.org") is None
    assert address_key("<b>@x") is None


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
            "[office]" in p and "w części przed @ są polskie" in p for p in caught.value.problems
        ), caught.value.problems
    idn = parse_schedule(text.replace("pelnomocnik-ngo@example.org", "biuro@urząd-miasta.pl"))
    assert idn.office.email == "biuro@xn--urzd-miasta-ykb.pl"
    assert address_key("Biuro@Urząd-Miasta.pl") == "biuro@xn--urzd-miasta-ykb.pl"
