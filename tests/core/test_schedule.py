"""schedule.toml: the shipped Leszno 2024 transcription, and validation that reports every problem."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from notifier.core.errors import NotifierError
from notifier.core.periods import PeriodKind
from notifier.core.schedule import ScheduleError, shorten
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule
from notifier.core.topic_vocabulary import SHARED_TOPICS
from notifier.files.reading import load_schedule, os_error_problem

REQUIRED_TOPICS = [
    "pomoc-spoleczna", "rodzina", "dzieci-i-mlodziez", "seniorzy", "integracja-spoleczna",
    "uzaleznienia", "przemoc", "wolontariat", "zdrowie", "sport", "ekologia", "turystyka",
    "spolecznosc-lokalna", "cudzoziemcy", "wspolpraca-zagraniczna", "rewitalizacja",
    "bezpieczenstwo",
]  # fmt: skip

# Department names where the transcription deliberately differs from the print
# (each also noted in a comment in schedule.toml).
FIXED_MISPRINTS = {"zarzadzanie-kryzysowe": "WYDZIAŁ ZARZĄDZANIA KRYSYSOWEGO I BEZPIECZEŃSTWA"}


def words(text: str) -> str:
    """Whitespace-insensitive form: the print breaks lines and doubles spaces at random."""
    return " ".join(text.split())


# --- the shipped schedule ---------------------------------------------------------------------


def test_leszno_header_and_office(leszno):
    assert leszno.city == "Leszno"
    assert leszno.year == 2024
    assert leszno.as_of == date(2024, 1, 10)
    assert leszno.title == "Harmonogram ogłaszania otwartych konkursów ofert w 2024 roku"
    assert leszno.office.email == "pelnomocnik-ngo@example.org"


def test_leszno_has_28_tasks_in_9_departments_23_dated(leszno):
    tasks = list(leszno.tasks())
    assert len(leszno.departments) == 9
    assert len(tasks) == 28
    assert sum(t.period.dated for t in tasks) == 23
    assert [(d.id, len(d.tasks)) for d in leszno.departments] == [
        ("mopr", 4),
        ("uzaleznienia", 6),
        ("sprawy-obywatelskie", 2),
        ("kultura-sport", 1),
        ("ochrona-srodowiska", 1),
        ("informacja-turystyczna", 5),
        ("pelnomocnik-ngo", 5),
        ("rozwoj", 3),
        ("zarzadzanie-kryzysowe", 1),
    ]
    assert len({t.key for t in tasks}) == 28


def test_leszno_has_every_required_topic_and_every_topic_is_used(leszno):
    assert set(REQUIRED_TOPICS) <= set(leszno.topics)
    used = {slug for t in leszno.tasks() for slug in t.topics}
    assert used == set(leszno.topics)


def test_sport_is_only_on_the_sports_task_and_seniorzy_only_on_the_seniors_task(leszno):
    assert [t.key for t in leszno.tasks() if "sport" in t.topics] == ["kultura-sport/rozwoj-sportu"]
    assert [t.key for t in leszno.tasks() if "seniorzy" in t.topics] == ["mopr/wsparcie-seniorow"]
    seniors = leszno.task("mopr/wsparcie-seniorow")
    assert "w wieku emerytalnym" in seniors.title
    assert seniors.period.text == "Czerwiec 2024"


def test_merged_period_cells_cover_every_task_of_their_list(leszno):
    tourism = leszno.department("informacja-turystyczna").tasks
    assert {t.period.text for t in tourism} == {"II, III kwartał roku 2024"}
    assert {(t.period.start, t.period.end) for t in tourism} == {
        (date(2024, 4, 1), date(2024, 10, 1))
    }
    ngo = leszno.department("pelnomocnik-ngo").tasks
    assert {t.period.text for t in ngo} == {"II połowa 2024 r."}
    assert {(t.period.start, t.period.end) for t in ngo} == {(date(2024, 7, 1), date(2025, 1, 1))}


def test_printed_item_numbers_are_kept(leszno):
    numbered = {d.id: [t.number for t in d.tasks] for d in leszno.departments if d.tasks[0].number}
    assert numbered == {
        "mopr": ["2", "7", "9", "12"],
        "sprawy-obywatelskie": ["1", "2"],
        "informacja-turystyczna": ["1", "2", "3", "4", "5"],
        "pelnomocnik-ngo": ["1", "2", "3", "4", "5"],
    }
    assert leszno.task("mopr/wsparcie-seniorow").label.startswith("7) działania wspierające")
    assert leszno.task("uzaleznienia/harcerstwo").label.startswith("prowadzenie zajęć")


def test_undated_tasks_keep_their_printed_period(leszno):
    undated = {t.key: t.period for t in leszno.tasks() if not t.period.dated}
    assert set(undated) == {
        "mopr/reintegracja-wykluczonych",
        "sprawy-obywatelskie/kampanie-zdrowie",
        "sprawy-obywatelskie/fas-fasd",
        "ochrona-srodowiska/ekologia",
        "zarzadzanie-kryzysowe/bezpieczenstwo-publiczne",
    }
    note = undated["mopr/reintegracja-wykluczonych"]
    assert note.kind is PeriodKind.UNDATED
    assert note.note == "Tryb ustawy o zatrudnieniu socjalnym"


# --- transcription against the printed text ----------------------------------------------------


@pytest.fixture(scope="module")
def printed(examples_dir: Path) -> str:
    """The seed text of the harmonogram, whitespace collapsed."""
    return words((examples_dir / "harmonogram-2024-leszno.txt").read_text(encoding="utf-8"))


def test_titles_scopes_and_periods_appear_verbatim_in_the_print_in_file_order(leszno, printed):
    assert leszno.title in printed
    position = 0
    for department in leszno.departments:
        for text in [department.scope or "", *(t.title for t in department.tasks)]:
            found = printed.find(text, position)
            assert found >= 0, f"{department.id}: not printed (after {position}): {text!r}"
            position = found
        for task in department.tasks:
            assert task.period.text in printed, task.key
            if task.number:
                assert f"{task.number}){task.title[:20]}" in printed.replace(") ", ")"), task.key


def test_department_names_are_the_printed_headings_in_normal_capitalisation(leszno, printed):
    for department in leszno.departments:
        heading = FIXED_MISPRINTS.get(department.id, department.name.upper())
        assert heading in printed, department.id
        assert department.name != department.name.upper()
        assert department.name[0].isupper()


def test_as_of_is_the_printed_date(leszno, printed):
    assert f"stan na dzień {leszno.as_of:%d.%m.%Y} r." in printed


# --- validation -------------------------------------------------------------------------------

VALID = """\
[harmonogram]
title = "Harmonogram ogłaszania otwartych konkursów ofert w 2025 roku"
city = "Gniezno"
year = 2025
as_of = 2025-01-10

[office]
name = "Biuro ds. organizacji pozarządowych"
email = "ngo@example.org"

[topics]
sport = "Sport"
kultura = "Kultura"

[[departments]]
id = "sport"
name = "Wydział Sportu"

  [[departments.tasks]]
  id = "szkolenie"
  title = "szkolenie dzieci"
  period = "Maj 2025"
  topics = ["sport"]

  [[departments.tasks]]
  id = "imprezy"
  title = "imprezy sportowe"
  period = "II kwartał"
  topics = ["sport", "kultura"]
"""


def problems(text: str, source: str = "test.toml") -> list[str]:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text, source=source)
    error = caught.value
    assert isinstance(error, NotifierError)
    assert error.source == source
    # The message names the file on every line (and a period's line in it, "test.toml:12: …"),
    # so each problem can be read on its own.
    lines = str(error).splitlines()
    assert len(lines) == len(error.problems) + 1
    assert all(re.match(rf"  {re.escape(source)}:(\d+:)? ", line) for line in lines[1:])
    return [re.sub(r"^\d+: ", "", problem) for problem in error.problems]


def replaced(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def test_the_valid_sample_loads():
    schedule = parse_schedule(VALID)
    assert [t.key for t in schedule.tasks()] == ["sport/szkolenie", "sport/imprezy"]
    assert schedule.task("sport/imprezy").period.start == date(2025, 4, 1)


def test_unknown_topic_names_department_task_and_the_known_topics():
    (problem,) = problems(replaced('topics = ["sport"]', 'topics = ["sport", "pilka"]'))
    assert problem == (
        "wydział 'sport', zadanie 'szkolenie': nieznany temat 'pilka' (tematy pliku: sport, "
        "kultura; wspólne tematy: " + ", ".join(SHARED_TOPICS) + " – z nazwami wypisuje je "
        "polecenie `notifier topics`)"
    )


def test_duplicate_task_id_names_both_tasks_by_position_and_title():
    (problem,) = problems(replaced('id = "imprezy"', 'id = "szkolenie"'))
    assert problem == (
        "wydział 'sport', zadanie 'szkolenie': powtórzony identyfikator zadania – ma go też "
        "zadanie na pozycji 1. w tym wydziale („szkolenie dzieci”); "
        "to jest zadanie na pozycji 2. („imprezy sportowe”)"
    )


def test_duplicate_task_id_gives_the_printed_numbers_staff_read():
    text = replaced('id = "imprezy"', 'id = "szkolenie"\n  number = 12')
    text = text.replace('id = "szkolenie"\n  title', 'id = "szkolenie"\n  number = "2"\n  title')
    (problem,) = problems(text)
    assert "ma go też zadanie na pozycji 1. w tym wydziale (nr w druku 2: „szkolenie dzieci”)" in (
        problem
    )
    assert problem.endswith("to jest zadanie na pozycji 2. (nr w druku 12: „imprezy sportowe”)")


def test_duplicate_task_id_without_a_title_names_the_position_alone():
    text = replaced('id = "imprezy"', 'id = "szkolenie"').replace(
        '  title = "imprezy sportowe"\n', ""
    )
    found = problems(text)
    assert found[0].endswith("; to jest zadanie na pozycji 2.")


def test_duplicate_department_id_is_reported():
    text = (
        VALID
        + '\n[[departments]]\nid = "sport"\nname = "Drugi"\n'
        + ('[[departments.tasks]]\nid = "x"\ntitle = "x"\nperiod = "-"\ntopics = ["sport"]\n')
    )
    (problem,) = problems(text)
    assert problem == (
        "wydział 'sport': powtórzony identyfikator wydziału – ma go też wydział na pozycji 1. "
        "na liście („Wydział Sportu”); to jest wydział na pozycji 2. („Drugi”)"
    )


def test_long_titles_are_shortened_at_a_word_boundary():
    title = "opieka nad dziećmi, ich wychowanie i socjalizacja w Domu Dziecka"
    assert shorten(title) == "opieka nad dziećmi, ich wychowanie i…"
    assert len(shorten(title)) <= 41
    assert shorten("krótki   tytuł") == "krótki tytuł"
    assert shorten("x" * 50) == "x" * 40 + "…"


def test_missing_title_is_reported():
    (problem,) = problems(replaced('  title = "szkolenie dzieci"\n', ""))
    assert problem == "wydział 'sport', zadanie 'szkolenie': brak pola 'title'"


def test_blank_title_is_reported():
    (problem,) = problems(replaced('"szkolenie dzieci"', '"   "'))
    assert problem == "wydział 'sport', zadanie 'szkolenie': pole 'title' jest puste"


def test_unparseable_period_names_the_text_and_suggests_a_fix():
    (problem,) = problems(replaced('"Maj 2025"', '"Mja 2025"'))
    assert problem.startswith("wydział 'sport', zadanie 'szkolenie': nie rozpoznano okresu")
    assert '"Mja 2025"' in problem


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('city = "Gniezno"', 'city = "Gniezno"\nmiasto = "x"', "[harmonogram]"),
        ('name = "Wydział Sportu"', 'name = "Wydział Sportu"\nopis = "x"', "wydział 'sport'"),
        (
            '  period = "Maj 2025"',
            '  period = "Maj 2025"\n  termin = "x"',
            "wydział 'sport', zadanie 'szkolenie'",
        ),
    ],
)
def test_unknown_key_is_reported_with_the_allowed_ones(old, new, where):
    (problem,) = problems(replaced(old, new))
    assert problem.startswith(f"{where}: nieznany klucz ")
    assert "dozwolone:" in problem


def test_unknown_top_level_key_is_reported():
    (problem,) = problems("wersja = 2\n" + VALID)
    assert problem.startswith("poziom główny pliku: nieznany klucz 'wersja'")


def test_as_of_given_as_a_string_asks_for_a_bare_date():
    (problem,) = problems(replaced("as_of = 2025-01-10", 'as_of = "2025-01-10"'))
    assert problem.startswith("[harmonogram]: as_of musi być datą bez cudzysłowu")
    assert "RRRR-MM-DD" in problem


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2025-01-10T10:00:00+14:00", "(jest data z godziną 2025-01-10T10:00:00+14:00)"),
        ("2025-01-10T10:00:00", "(jest data z godziną 2025-01-10T10:00:00)"),
        ("10:00:00", "(jest godzina 10:00:00)"),
    ],
)
def test_as_of_given_with_a_time_names_what_was_given_in_polish(value, said):
    """Issue 25: a TOML date-time or time is told as written, never as Python's repr."""
    (problem,) = problems(replaced("as_of = 2025-01-10", f"as_of = {value}"))
    assert problem.startswith("[harmonogram]: as_of musi być datą bez cudzysłowu")
    assert problem.endswith(said)
    assert "datetime" not in problem


def test_year_given_as_a_string_is_reported():
    (problem,) = problems(replaced("year = 2025", 'year = "2025"'))
    assert problem.startswith("[harmonogram]: year musi być rokiem bez cudzysłowu")


@pytest.mark.parametrize("bad_id", ["Szkolenie", "szkolenie_dzieci", "źródło", "a--b", "-a"])
def test_non_slug_task_id_is_reported(bad_id):
    (problem,) = problems(replaced('id = "szkolenie"', f'id = "{bad_id}"'))
    assert problem.startswith("wydział 'sport', zadanie nr 1 na liście: id ")
    assert "małe litery a–z" in problem


def test_non_slug_department_id_is_reported():
    (problem,) = problems(replaced('id = "sport"', 'id = "Wydział Sportu"'))
    assert problem.startswith("wydział nr 1 na liście: id 'Wydział Sportu'")


@pytest.mark.parametrize("topics_line", ['  topics = ["sport"]\n', ""])
def test_task_without_topics_is_reported(topics_line):
    text = replaced('  topics = ["sport"]\n', topics_line.replace('"sport"', ""))
    (problem,) = problems(text)
    assert problem.startswith("wydział 'sport', zadanie 'szkolenie': brak tematów")


def test_single_brackets_for_tasks_are_explained():
    text = VALID.split("  [[departments.tasks]]")[0] + (
        '[departments.tasks]\nid = "x"\ntitle = "x"\nperiod = "-"\ntopics = ["sport"]\n'
    )
    (problem,) = problems(text)
    assert problem == (
        "wydział 'sport': zadania zapisz w sekcjach [[departments.tasks]] (podwójne nawiasy)"
    )


def test_bad_office_email_is_reported_in_polish():
    (problem,) = problems(replaced("ngo@example.org", "ngo-at-example.org"))
    assert problem == (
        "[office] email: „ngo-at-example.org” nie jest poprawnym adresem e-mail – prosimy sprawdzić, "
        "czy nie ma literówki (np. brakującej kropki w części po @)"
    )
    # email_validator's own (English) reason never reaches city staff.
    (problem,) = problems(replaced("ngo@example.org", "j.kowalski@example"))
    assert "„j.kowalski@example” nie jest poprawnym adresem e-mail" in problem
    assert "should" not in problem
    assert "period" not in problem


def test_every_problem_is_reported_at_once():
    text = (
        VALID.replace('period = "Maj 2025"', 'period = "Maj 20255"')
        .replace('topics = ["sport", "kultura"]', 'topics = ["sport", "teatr"]')
        .replace('id = "imprezy"', 'id = "szkolenie"')
        .replace('title = "szkolenie dzieci"', 'tytul = "szkolenie dzieci"')
        .replace("as_of = 2025-01-10", 'as_of = "10.01.2025"')
    )
    found = problems(text)
    assert len(found) == 6, found
    joined = "\n".join(found)
    assert "[harmonogram]: as_of musi być datą" in joined
    assert "wydział 'sport', zadanie 'szkolenie': nieznany klucz 'tytul'" in joined
    assert "wydział 'sport', zadanie 'szkolenie': brak pola 'title'" in joined
    assert "wydział 'sport', zadanie 'szkolenie': nie rozpoznano okresu \"Maj 20255\"" in joined
    assert "wydział 'sport', zadanie 'szkolenie': powtórzony identyfikator" in joined
    assert "wydział 'sport', zadanie 'szkolenie': nieznany temat 'teatr'" in joined


def test_error_message_counts_problems_in_polish():
    error = ScheduleError("s.toml", ["a", "b", "c"])
    assert str(error).splitlines()[0] == "Harmonogram s.toml zawiera 3 błędy:"
    assert str(ScheduleError("s.toml", ["a"])).splitlines()[0] == (
        "Harmonogram s.toml zawiera 1 błąd:"
    )
    assert "zawiera 5 błędów" in str(ScheduleError("s.toml", list("abcde")))


def test_toml_syntax_error_names_the_line_in_polish():
    text = VALID.replace('city = "Gniezno"', 'city = "Gniezno')
    (problem,) = problems(text)
    assert problem.startswith("błąd składni TOML w wierszu 3, kolumna 16: ")
    assert "prosimy sprawdzić cudzysłowy" in problem


def test_toml_syntax_error_at_the_end_of_the_file():
    (problem,) = problems(VALID + "\nx = ")
    assert problem.startswith("błąd składni TOML na końcu pliku: ")


def test_missing_sections_are_each_reported():
    found = problems('[harmonogram]\ntitle = "T"\n')
    assert "[harmonogram]: brak pola 'city'" in found
    assert "[office]: brak sekcji (biuro, które dostaje cotygodniowe podsumowanie)" in found
    assert not any(p.startswith("[topics]") for p in found)  # optional: the shared vocabulary
    assert "[[departments]]: brak wydziałów" in found


def test_file_not_found_names_the_file(tmp_path):
    path = tmp_path / "brak.toml"
    with pytest.raises(ScheduleError) as caught:
        load_schedule(path)
    assert caught.value.problems == ["nie ma takiego pliku"]
    assert str(path) in str(caught.value)


def test_a_directory_instead_of_a_file_is_reported_in_polish(tmp_path):
    with pytest.raises(ScheduleError) as caught:
        load_schedule(tmp_path)
    assert caught.value.problems == [
        "to jest katalog, a nie plik – prosimy podać ścieżkę do pliku harmonogramu (.toml)"
    ]


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (FileNotFoundError(2, "No such file or directory"), "nie ma takiego pliku"),
        (IsADirectoryError(21, "Is a directory"), "to jest katalog, a nie plik"),
        (PermissionError(13, "Permission denied"), "brak uprawnień do odczytu pliku"),
        (NotADirectoryError(20, "Not a directory"), "nie ma takiego pliku"),
        (OSError(5, "Input/output error"), "nie można odczytać pliku (błąd odczytu lub zapisu"),
        (OSError(71, "Protocol error"), "nie można odczytać pliku (błąd systemu EPROTO (71))"),
    ],
)
def test_os_errors_are_explained_in_polish(error, problem):
    assert os_error_problem(error).startswith(problem)


def test_file_not_in_utf8_is_reported(tmp_path):
    path = tmp_path / "cp1250.toml"
    path.write_bytes(VALID.encode("cp1250"))
    with pytest.raises(ScheduleError) as caught:
        load_schedule(path)
    assert caught.value.problems[0].startswith("plik nie jest zapisany w UTF-8")


def test_load_schedule_reads_a_file(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text(VALID, encoding="utf-8")
    assert load_schedule(path).city == "Gniezno"


# --- warnings for a valid schedule -------------------------------------------------------------


def test_shipped_schedules_raise_no_warnings(leszno, zielona_gora):
    assert schedule_warnings(leszno) == []
    assert schedule_warnings(zielona_gora) == []  # "grudzień 2025 – styczeń 2026" starts in 2025


@pytest.mark.parametrize("period", ["Maj 2024", "Maj 2026", "Maj 2042", "styczeń 2026", "2024"])
def test_a_window_starting_in_another_year_is_a_warning(period):
    schedule = parse_schedule(replaced('"Maj 2025"', f'"{period}"'))
    assert schedule_warnings(schedule) == [
        f"sport/szkolenie: termin „{period}” wypada poza rokiem harmonogramu (2025)"
    ]


@pytest.mark.parametrize("period", ["grudzień 2025 – styczeń 2026", "IV kwartał", "cały rok"])
def test_a_window_starting_in_the_harmonogram_year_is_no_warning(period):
    assert schedule_warnings(parse_schedule(replaced('"Maj 2025"', f'"{period}"'))) == []


@pytest.mark.parametrize("note", ["xyz", "brak", "nd.", "do", "x1"])
def test_a_short_undated_note_is_a_warning(note):
    schedule = parse_schedule(replaced('"Maj 2025"', f'"{note}"'))
    assert not schedule.task("sport/szkolenie").period.dated
    (warning,) = schedule_warnings(schedule)
    assert warning.startswith(f"sport/szkolenie: bardzo krótki opis terminu „{note}” – ")
    assert "nie trafi do kalendarza ani przypomnień" in warning


@pytest.mark.parametrize("period", ["-", "–", "Tryb ustawy o zatrudnieniu socjalnym", "potem"])
def test_a_dash_or_a_real_phrase_is_no_warning(period):
    assert schedule_warnings(parse_schedule(replaced('"Maj 2025"', f'"{period}"'))) == []


@pytest.mark.parametrize("period", ["", "   "])
def test_an_empty_period_is_a_warning_suggesting_a_dash(period):
    (warning,) = schedule_warnings(parse_schedule(replaced('"Maj 2025"', f'"{period}"')))
    assert warning == (
        "sport/szkolenie: pole period jest puste – proszę wpisać termin (np. „Maj 2025”) "
        'albo period = "-" dla zadania bez terminu'
    )


def test_a_lone_month_typo_is_an_error_not_an_undated_note():
    (problem,) = problems(replaced('"Maj 2025"', '"Mj"'))
    assert problem.startswith("wydział 'sport', zadanie 'szkolenie': nie rozpoznano okresu \"Mj\"")
    assert 'czy chodziło o "maj"?' in problem


def test_no_system_error_is_told_in_english() -> None:
    """strerror is the C library's English: every OSError the service words is Polish."""
    import errno

    from notifier.core.system_errors import system_reason

    for number in errno.errorcode:
        reason = system_reason(OSError(number, os.strerror(number)))
        assert os.strerror(number) not in reason or not os.strerror(number), number
    assert (
        system_reason(OSError(errno.ENOSPC, "No space left on device")) == "brak miejsca na dysku"
    )


def test_a_lone_roman_number_is_an_error_naming_its_readings_not_an_undated_note():
    (problem,) = problems(replaced('"Maj 2025"', '"II"'))
    assert "czy chodziło o luty 2025 czy o II kwartał 2025 czy o II półrocze 2025?" in problem
