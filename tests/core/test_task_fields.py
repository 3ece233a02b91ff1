"""Optional task fields (short, amount, realization, mode, url, contact), rounds in the feed,
readable titles, and what `notifier check` says about rounds, small grants and multi-year tasks."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical_checks import check_ics
from schedule_text import schedule_toml

from notifier.cli.main import main
from notifier.core.announcements import group_announcements
from notifier.core.feed import render_calendar
from notifier.core.polish import format_amount, format_total
from notifier.core.schedule import Mode, ScheduleError, readable_title
from notifier.core.schedule_toml import parse_schedule

MIXED = """
[[departments]]
id = "mops"
name = "Miejski Ośrodek Pomocy Społecznej"

  [[departments.tasks]]
  id = "seniorzy"
  short = "Aktywni seniorzy"
  title = "aktywizacja osób starszych"
  period = "I nabór: marzec; II nabór: wrzesień 2024"
  topics = ["sport"]
  amount = 200000

  [[departments.tasks]]
  id = "male-granty"
  title = "małe granty na inicjatywy lokalne"
  period = "przez cały rok (tryb ciągły)"
  mode = "maly-grant"
  topics = ["sport"]
  amount = 50000

  [[departments.tasks]]
  id = "schronisko"
  title = "prowadzenie schroniska dla osób w kryzysie bezdomności"
  period = "konkurs trzyletni 2024–2026"
  realization = "2024–2026"
  mode = "wieloletni"
  topics = ["sport"]
"""


def test_check_reports_rounds_a_continuous_small_grant_and_a_multi_year_task(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "harmonogram.toml"
    path.write_text(schedule_toml(MIXED), encoding="utf-8")
    assert main(["check", "--schedule", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "ogłoszenia w kalendarzu: 4" in out
    assert "łącznie planowane: 250 tys. zł (kwota podana przy 2)" in out
    assert "kilka naborów (każdy nabór to osobne ogłoszenie i przypomnienie): 1" in out
    assert "  mops/seniorzy: „I nabór: marzec; II nabór: wrzesień 2024”" in out
    assert "tryb ciągły (np. małe granty, art. 19a): 1" in out
    assert "  mops/male-granty: „przez cały rok (tryb ciągły)”" in out
    assert "zadania wieloletnie: 1" in out
    assert "  mops/schronisko: „konkurs trzyletni 2024–2026”" in out
    assert 'małe granty (mode = "maly-grant"): 1' in out
    assert not [line for line in out if line.startswith("uwaga:")]


def test_two_rounds_are_two_events_with_the_round_in_the_description() -> None:
    schedule = parse_schedule(schedule_toml(MIXED))
    rounds = [a for a in group_announcements(schedule) if a.tasks[0].id == "seniorzy"]
    assert [(a.start.month, a.end.month) for a in rounds] == [(3, 4), (9, 10)]
    events = check_ics(render_calendar(schedule))
    seniors = [e for e in events.values() if e.summary == "Aktywni seniorzy"]
    assert len(seniors) == 2
    assert "nabór 1 z 2" in seniors[0].description
    assert "nabór 2 z 2" in seniors[1].description


def test_a_continuous_small_grant_is_worded_as_such() -> None:
    schedule = parse_schedule(schedule_toml(MIXED))
    events = check_ics(render_calendar(schedule))
    grant = next(e for e in events.values() if "granty" in e.summary.lower())
    assert "w trybie ciągłym, 1 stycznia – 31 grudnia 2024" in grant.description
    assert "Tryb: mały grant (art. 19a, tryb pozakonkursowy)" in grant.description


def test_fields_are_read_into_the_model() -> None:
    schedule = parse_schedule(schedule_toml(MIXED))
    grant = schedule.task("mops/male-granty")
    assert grant is not None
    assert grant.mode == Mode.MALY_GRANT
    assert grant.amount == Decimal(50000)
    shelter = schedule.task("mops/schronisko")
    assert shelter is not None
    assert shelter.period.note == "konkurs trzyletni"
    assert shelter.realization is not None
    assert shelter.realization.text == "2024–2026"


BAD_FIELDS = [
    ('amount = "150 000 zł"', "amount to planowana kwota w złotych"),
    ("amount = -5", "kwota (-5) spoza zakresu 0–999 999 999 999,99"),
    ("amount = 10.555", "dwa miejsca po przecinku"),
    ('mode = "grant"', "nieznany tryb mode = 'grant'"),
    ('url = "bip.example.pl"', "nie jest adresem strony"),
    ('url = "http://[zz"', "url 'http://[zz' ma błędny adres IPv6 w nawiasach"),
    ('url = "https://x.pl:99999/"', "url 'https://x.pl:99999/' ma błędny numer portu"),
    ('url = "https://x.pl:port/"', "ma błędny numer portu – port to liczba od 1 do 65535"),
    ('contact = { email = "nie-adres" }', "„nie-adres” nie jest poprawnym adresem e-mail"),
    ('contact = { email = "j.kowalski@example" }', "nie jest poprawnym adresem e-mail – prosimy"),
    ('contact = { phone = "brak" }', "niepoprawny numer telefonu"),
    ('contact = { fax = "1" }', "nieznany klucz 'fax'"),
    ('contact = "Jan"', "oczekiwano tabeli"),
    ('short = "' + "x" * 61 + '"', "najwyżej 60"),
    ('short = ""', "pole 'short' jest puste"),
    ('realization = "na początku roku"', "realization: nie rozpoznano okresu"),
    ("amount_note = 5", "pole 'amount_note' musi być tekstem"),
]


@pytest.mark.parametrize(("line", "problem"), BAD_FIELDS)
def test_a_bad_optional_field_is_a_polish_error_naming_the_task(line: str, problem: str) -> None:
    text = schedule_toml(
        f'\n[[departments]]\nid = "d"\nname = "D"\n\n  [[departments.tasks]]\n  id = "t"\n'
        f'  title = "zadanie"\n  period = "maj"\n  topics = ["sport"]\n  {line}\n'
    )
    with pytest.raises(ScheduleError) as excinfo:
        parse_schedule(text)
    (only,) = excinfo.value.problems
    if line.startswith("realization"):  # a period: its problem names its line in the file
        number = text.splitlines().index(f"  {line}") + 1
        assert only.startswith(f"{number}: ")
        only = only.removeprefix(f"{number}: ")
    assert only.startswith("wydział 'd', zadanie 't'")
    assert problem in only


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("BIP", "announcements_url 'BIP' nie jest adresem strony"),
        ("https://[::1/a", "announcements_url 'https://[::1/a' ma błędny adres IPv6"),
    ],
)
def test_announcements_url_must_be_an_address(value: str, words: str) -> None:
    text = schedule_toml('\n[[departments]]\nid = "d"\nname = "D"\n').replace(
        "[office]", f'announcements_url = "{value}"\n\n[office]'
    )
    with pytest.raises(ScheduleError) as excinfo:
        parse_schedule(text)
    assert any(words in p for p in excinfo.value.problems), excinfo.value.problems


TITLES = [
    ("rewitalizacji;", "Zadania w zakresie:", "W zakresie rewitalizacji"),
    (
        "działalności na rzecz integracji cudzoziemców, w tym m.in. prowadzenie działań;",
        "Zadania w zakresie:",
        "W zakresie działalności na rzecz integracji cudzoziemców",
    ),
    ("promowanie i rozwijanie aktywności społecznej mieszkańców;", None, "Promowanie i rozwijanie aktywności społecznej mieszkańców"),
    ("edukacja kulturalna dzieci i młodzieży; warsztaty", None, "Edukacja kulturalna dzieci i młodzieży"),
    ("FAS i FASD: diagnoza", None, "FAS i FASD"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "scope", "expected"), TITLES)
def test_a_title_built_from_the_printed_one_is_readable(
    title: str, scope: str | None, expected: str
) -> None:
    built = readable_title(title, scope)
    assert built == expected
    assert not built.endswith((";", ",", ":"))
    assert built[:1].isupper()


@pytest.mark.parametrize(
    ("amount", "exact", "total"),
    [
        ("2300000", "2\u00a0300\u00a0000 zł", "2,3 mln zł"),
        ("1650000", "1\u00a0650\u00a0000 zł", "1,7 mln zł"),
        ("850000", "850\u00a0000 zł", "850 tys. zł"),
        ("12500.5", "12\u00a0500,50 zł", "13 tys. zł"),
        ("9500", "9\u00a0500 zł", "9\u00a0500 zł"),
        ("999950", "999\u00a0950 zł", "1 mln zł"),
        ("999999999", "999\u00a0999\u00a0999 zł", "1 mld zł"),
        ("12345678901", "12\u00a0345\u00a0678\u00a0901 zł", "12,3 mld zł"),
        ("999999999999.99", "999\u00a0999\u00a0999\u00a0999,99 zł", "1\u00a0000 mld zł"),
    ],
)
def test_amounts_are_written_as_poles_write_them(amount: str, exact: str, total: str) -> None:
    assert format_amount(Decimal(amount)) == exact
    assert format_total(Decimal(amount)) == total


LINT = """
[[departments]]
id = "d"
name = "D"

  [[departments.tasks]]
  id = "styczen"
  title = "zadanie ogłaszane jesienią roku poprzedniego"
  period = "listopad 2023"
  topics = ["sport"]

  [[departments.tasks]]
  id = "literowka"
  title = "rok z literówką"
  period = "maj 2042"
  topics = ["sport"]

  [[departments.tasks]]
  id = "od-marca"
  title = "bez końca"
  period = "od marca 2024 r."
  topics = ["sport"]

  [[departments.tasks]]
  id = "po-terminie"
  title = "termin przed stanem na dzień"
  period = "do 1 stycznia 2024"
  topics = ["sport"]

  [[departments.tasks]]
  id = "grant"
  title = "mały grant w jednym miesiącu"
  period = "maj"
  mode = "maly-grant"
  topics = ["sport"]
"""


def test_check_warns_of_far_years_open_ends_past_deadlines_and_odd_small_grants() -> None:
    from notifier.core.schedule_lint import schedule_warnings

    warnings = schedule_warnings(parse_schedule(schedule_toml(LINT)))
    assert warnings == [
        "d/literowka: termin „maj 2042” wypada poza rokiem harmonogramu (2024)",
        (
            "d/od-marca: termin „od marca 2024 r.” nie ma końca – przyjęto do 31 grudnia 2024; "
            "jeśli urząd podał koniec, proszę go dopisać (np. „od marca do czerwca 2024”)"
        ),
        (
            "d/po-terminie: termin „do 1 stycznia 2024” minął przed dniem „stan na dzień” "
            "(2 stycznia 2024)"
        ),
        (
            'd/grant: mały grant (mode = "maly-grant") ma termin „maj”, a małe granty zwykle są '
            "w trybie ciągłym – proszę sprawdzić"
        ),
    ]


@settings(deadline=None)
@given(st.integers(1, 12), st.integers(2000, 2100))
def test_property_only_an_autumn_month_of_the_year_before_goes_unwarned(
    month: int, year: int
) -> None:
    from notifier.core.polish import MONTHS_NOMINATIVE
    from notifier.core.schedule_lint import schedule_warnings

    period = f"{MONTHS_NOMINATIVE[month - 1]} {year - 1}"
    text = schedule_toml(
        '\n[[departments]]\nid = "d"\nname = "D"\n\n  [[departments.tasks]]\n  id = "t"\n'
        f'  title = "zadanie"\n  period = "{period}"\n  topics = ["sport"]\n',
        year=year,
    )
    warnings = schedule_warnings(parse_schedule(text))
    assert bool(warnings) == (month < 10), warnings
