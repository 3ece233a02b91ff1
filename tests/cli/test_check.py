"""`notifier check` and `notifier feed`: what city staff see, exit codes, and the written calendar."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ical_checks import calendar_properties, check_ics

from notifier.cli.main import main
from notifier.core.announcements import make_filter
from notifier.core.feed import render_calendar

SPORT_UID = "2024-kultura-sport-20240501-20240601@leszno.harmonogram-konkursow"
SENIORS_UID = "2024-mopr-20240601-20240701@leszno.harmonogram-konkursow"

# Three independent mistakes in a copy of the shipped schedule.
BREAKAGES = [
    ('period = "Październik 2024"', 'period = "Październk 2024"'),  # bad period
    ('topics = ["sport"]', 'topics = ["sporty"]'),  # unknown topic
    ('id = "harcerstwo"', 'id = "kluby-abstynenckie"'),  # duplicate id
]


def edited_copy(seed: Path, target: Path, edits: list[tuple[str, str]]) -> Path:
    """A copy of the shipped schedule with each `old` (found exactly once) replaced."""
    text = seed.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture
def broken_schedule(tmp_path: Path, seed_schedule_path: Path) -> Path:
    return edited_copy(seed_schedule_path, tmp_path / "zepsuty.toml", BREAKAGES)


def _line_of(path: Path, needle: str) -> int:
    """The 1-based number of the file's first line holding `needle`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def assert_three_problems_listed(err: str, path: Path) -> None:
    lines = err.splitlines()
    assert lines[0] == f"Harmonogram {path} zawiera 3 błędy:"
    assert len(lines) == 4
    period_line = _line_of(path, 'period = "Październk 2024"')
    assert lines[1].startswith(  # a period's problem names its line: "plik.toml:58: …"
        f"  {path}:{period_line}: wydział 'mopr', zadanie 'opieka-dom-dziecka': "
        'nie rozpoznano okresu "Październk 2024"'
    )
    assert lines[2] == (
        f"  {path}: wydział 'uzaleznienia', zadanie 'kluby-abstynenckie': "
        "powtórzony identyfikator zadania – ma go też zadanie na pozycji 1. w tym wydziale "
        "(„prowadzenie klubów abstynenckich”); to jest zadanie na pozycji 5. "
        "(„prowadzenie zajęć profilaktycznych dla…”)"
    )
    assert lines[3].startswith(
        f"  {path}: wydział 'kultura-sport', zadanie 'rozwoj-sportu': nieznany temat 'sporty'"
    )
    assert "Traceback" not in err


# --- check ------------------------------------------------------------------------------------


def test_check_summarises_the_shipped_schedule(clean_env, seed_schedule_path, capsys):
    assert main(["check", "--schedule", str(seed_schedule_path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{seed_schedule_path}: poprawny"
    assert "wydziały: 9" in lines
    assert "zadania: 28 (z terminem: 23, bez terminu: 5)" in lines
    assert "ogłoszenia w kalendarzu: 8" in lines
    assert "zadania według tematów:" in lines
    topic_lines = section(lines, "zadania według tematów:")
    per_topic = {line.split()[0]: int(line.split()[1]) for line in topic_lines}
    assert per_topic["sport"] == 1
    assert per_topic["seniorzy"] == 1
    assert per_topic["turystyka"] == 5
    assert len(per_topic) == 17


def section(lines: list[str], heading: str) -> list[str]:
    """The indented lines right under `heading`."""
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return lines[start:end]


def test_check_lists_the_undated_tasks_of_the_shipped_schedule_and_warns_of_nothing(
    clean_env, seed_schedule_path, capsys
):
    assert main(["check", "--schedule", str(seed_schedule_path), "--as-of", "2024-05-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert section(lines, "zadania bez terminu (proszę sprawdzić, czy to zamierzone):") == [
        "  mopr/reintegracja-wykluczonych: „Tryb ustawy o zatrudnieniu socjalnym”",
        "  sprawy-obywatelskie/kampanie-zdrowie: brak terminu",
        "  sprawy-obywatelskie/fas-fasd: brak terminu",
        "  ochrona-srodowiska/ekologia: brak terminu",
        "  zarzadzanie-kryzysowe/bezpieczenstwo-publiczne: brak terminu",
    ]
    assert not [line for line in lines if line.startswith("uwaga:")]


def test_check_warns_of_short_notes_empty_periods_and_other_years_but_exits_0(
    clean_env, seed_schedule_path, tmp_path, capsys
):
    path = edited_copy(
        seed_schedule_path,
        tmp_path / "s.toml",
        [
            ('period = "Październik 2024"', 'period = "Maj 2042"'),
            ('period = "Czerwiec 2024"', 'period = "xyz"'),
            ('period = "Marzec 2024"', 'period = ""'),
            (
                'period = "Marzec/Kwiecień 2024"\n  topics = ["cudzoziemcy"',
                'period = "brak"\n  topics = ["cudzoziemcy"',
            ),
            (
                'period = "Maj 2024"\n  topics = ["sport"]',
                'period = "Maj 2023"\n  topics = ["sport"]',
            ),
        ],
    )
    assert main(["check", "--schedule", str(path), "--as-of", "2024-05-01"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == f"{path}: poprawny"
    undated = section(lines, "zadania bez terminu (proszę sprawdzić, czy to zamierzone):")
    assert "  mopr/wsparcie-seniorow: „xyz”" in undated
    assert "  mopr/profilaktyka-rodzina: brak terminu" in undated
    assert "  rozwoj/integracja-cudzoziemcow: „brak”" in undated
    assert len(undated) == 8
    warnings = [line for line in lines if line.startswith("uwaga: ")]
    assert warnings == [
        "uwaga: mopr/opieka-dom-dziecka: termin „Maj 2042” wypada poza rokiem harmonogramu (2024)",
        (
            "uwaga: mopr/wsparcie-seniorow: bardzo krótki opis terminu „xyz” – zadanie jest bez "
            "terminu, więc nie trafi do kalendarza ani przypomnień; proszę wpisać termin (np. „Maj 2024”) "
            'albo period = "-"'
        ),
        (
            "uwaga: mopr/profilaktyka-rodzina: pole period jest puste – proszę wpisać termin "
            '(np. „Maj 2024”) albo period = "-" dla zadania bez terminu'
        ),
        (
            "uwaga: kultura-sport/rozwoj-sportu: termin „Maj 2023” wypada poza rokiem harmonogramu "
            "(2024)"
        ),
        (
            "uwaga: rozwoj/integracja-cudzoziemcow: bardzo krótki opis terminu „brak” – zadanie jest "
            "bez terminu, więc nie trafi do kalendarza ani przypomnień; proszę wpisać termin "
            '(np. „Maj 2024”) albo period = "-"'
        ),
    ]
    assert lines[-len(warnings) :] == warnings


def test_check_rejects_a_lone_month_typo_with_a_hint(
    clean_env, seed_schedule_path, tmp_path, capsys
):
    path = edited_copy(
        seed_schedule_path, tmp_path / "s.toml", [('period = "Czerwiec 2024"', 'period = "Mj"')]
    )
    assert main(["check", "--schedule", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    line = _line_of(path, 'period = "Mj"')
    assert err.splitlines()[1] == (
        f"  {path}:{line}: wydział 'mopr', "
        "zadanie 'wsparcie-seniorow': nie rozpoznano okresu \"Mj\": "
        'nieznane słowo "Mj" — czy chodziło o "maj"? (zadanie bez terminu proszę oznaczyć "-")'
    )


def test_check_names_duplicate_tasks_by_position_and_printed_number(
    clean_env, seed_schedule_path, tmp_path, capsys
):
    path = edited_copy(
        seed_schedule_path,
        tmp_path / "s.toml",
        [('id = "profilaktyka-rodzina"', 'id = "opieka-dom-dziecka"')],
    )
    assert main(["check", "--schedule", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"Harmonogram {path} zawiera 1 błąd:",
        (
            f"  {path}: wydział 'mopr', zadanie 'opieka-dom-dziecka': powtórzony identyfikator "
            "zadania – ma go też zadanie na pozycji 1. w tym wydziale "
            "(nr w druku 2: „opieka nad dziećmi, ich wychowanie i…”); to jest zadanie na pozycji 4. "
            "(nr w druku 12: „działania profilaktyczne mające na celu…”)"
        ),
    ]


def test_check_names_duplicate_departments_by_position_and_name(
    clean_env, seed_schedule_path, tmp_path, capsys
):
    path = edited_copy(seed_schedule_path, tmp_path / "s.toml", [('id = "rozwoj"', 'id = "mopr"')])
    assert main(["check", "--schedule", str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        f"  {path}: wydział 'mopr': powtórzony identyfikator wydziału – ma go też wydział " in err
    )
    assert "na pozycji 1. na liście („" in err
    assert "; to jest wydział na pozycji 8. („" in err


def test_check_reads_schedule_toml_in_the_current_directory_by_default(
    clean_env, seed_schedule_path, tmp_path, capsys
):
    shutil.copy(seed_schedule_path, tmp_path / "schedule.toml")
    clean_env.chdir(tmp_path)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.startswith("schedule.toml: poprawny\n")


def test_check_reads_notifier_schedule_from_the_environment(clean_env, zielona_gora_path, capsys):
    clean_env.setenv("NOTIFIER_SCHEDULE", str(zielona_gora_path))
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Zielona Góra" in out
    assert "zadania: 11 (z terminem: 10, bez terminu: 1)" in out
    assert "ogłoszenia w kalendarzu: 8" in out


def test_check_lists_every_problem_of_a_broken_copy_and_exits_1(clean_env, broken_schedule, capsys):
    assert main(["check", "--schedule", str(broken_schedule)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert_three_problems_listed(err, broken_schedule)


@pytest.mark.parametrize("name", ["nie-ma.toml", "nie-ma-katalogu"])
def test_check_of_a_missing_file_or_directory_exits_1_naming_it(clean_env, tmp_path, capsys, name):
    """A missing path is said alike whether a file or a directory was meant (one catalog)."""
    missing = tmp_path / name
    assert main(["check", "--schedule", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"Harmonogram {missing} zawiera 1 błąd:",
        f"  {missing}: nie ma takiego pliku ani katalogu",
    ]


def test_check_of_an_empty_directory_says_so_in_polish(clean_env, tmp_path, capsys):
    assert main(["check", "--schedule", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"Harmonogram {tmp_path} zawiera 1 błąd:",
        f"  {tmp_path}: w katalogu nie ma żadnego pliku harmonogramu (*.toml)",
    ]


def test_check_of_a_toml_syntax_error_exits_1(clean_env, tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('[harmonogram]\ntitle = "bez końca\n', encoding="utf-8")
    assert main(["check", "--schedule", str(path)]) == 1
    assert f"  {path}: błąd składni TOML w wierszu 2" in capsys.readouterr().err


# --- feed -------------------------------------------------------------------------------------


def test_feed_writes_the_whole_calendar_to_stdout(
    clean_env, seed_schedule_path, leszno, capsysbinary
):
    assert main(["feed", "--schedule", str(seed_schedule_path)]) == 0
    out, err = capsysbinary.readouterr()
    assert err == b""
    assert out == render_calendar(leszno)
    assert len(check_ics(out)) == 8
    assert b"URL:" not in out  # no public URL configured


def test_feed_topic_sport_holds_the_sports_task_and_nothing_else(
    clean_env, seed_schedule_path, capsysbinary
):
    assert main(["feed", "--schedule", str(seed_schedule_path), "--topic", "sport"]) == 0
    out = capsysbinary.readouterr().out
    events = check_ics(out)
    assert list(events) == [SPORT_UID]
    assert events[SPORT_UID].summary == "Rozwój sportu – II tura"
    assert "rozwój sportu na terenie Miasta Leszna" in events[SPORT_UID].description
    assert (
        calendar_properties(out)["NAME"] == "Konkursy ofert Leszno 2024 – Sport i kultura fizyczna"
    )


def test_feed_repeated_topic_and_department_and_output_file(
    clean_env, seed_schedule_path, leszno, tmp_path, capsysbinary
):
    target = tmp_path / "kalendarz.ics"
    argv = ["feed", "--schedule", str(seed_schedule_path), "-o", str(target)]
    assert main([*argv, "--topic", "sport", "--topic", "seniorzy"]) == 0
    assert capsysbinary.readouterr().out == b""
    assert set(check_ics(target.read_bytes())) == {SPORT_UID, SENIORS_UID}

    assert main([*argv, "--department", "mopr", "--department", "rozwoj"]) == 0
    expected = render_calendar(leszno, make_filter(leszno, departments=["mopr", "rozwoj"]))
    assert target.read_bytes() == expected
    assert len(check_ics(expected)) == 4


def test_feed_links_to_the_configured_public_url(clean_env, seed_schedule_path, capsysbinary):
    clean_env.setenv("NOTIFIER_BASE_URL", "https://konkursy.example.org/")
    assert main(["feed", "--schedule", str(seed_schedule_path), "--topic", "sport"]) == 0
    events = check_ics(capsysbinary.readouterr().out)
    assert events[SPORT_UID].url == "https://konkursy.example.org/#kultura-sport"


def test_feed_unknown_topic_or_department_exits_1_listing_the_valid_ones(
    clean_env, seed_schedule_path, capsysbinary
):
    argv = ["feed", "--schedule", str(seed_schedule_path), "--topic", "pilka", "--department", "x"]
    assert main(argv) == 1
    out, err = capsysbinary.readouterr()
    assert out == b""
    message = err.decode("utf-8")
    assert "nieznany temat: pilka. Dostępne tematy: pomoc-spoleczna, rodzina," in message
    assert "nieznany wydział: x. Dostępne wydziały: mopr, uzaleznienia," in message


def test_feed_into_a_missing_directory_exits_1_with_a_message(
    clean_env, seed_schedule_path, tmp_path, capsys
):
    target = tmp_path / "brak" / "k.ics"
    assert main(["feed", "--schedule", str(seed_schedule_path), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"nie można zapisać kalendarza do {target}: ")
    assert "Traceback" not in err


def test_feed_of_a_broken_schedule_exits_1_listing_the_problems(
    clean_env, broken_schedule, capsysbinary
):
    assert main(["feed", "--schedule", str(broken_schedule)]) == 1
    out, err = capsysbinary.readouterr()
    assert out == b""
    assert_three_problems_listed(err.decode("utf-8"), broken_schedule)


# --- as real processes ------------------------------------------------------------------------


MODULE = [sys.executable, "-m", "notifier.cli.main"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def test_installed_notifier_check_lists_the_three_problems(broken_schedule, tmp_path):
    script = Path(sys.executable).parent / "notifier"
    command = [str(script)] if script.exists() else MODULE
    result = subprocess.run(
        [*command, "check", "--schedule", str(broken_schedule)],
        capture_output=True,
        env=_env(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == b""
    assert_three_problems_listed(result.stderr.decode("utf-8"), broken_schedule)


def test_python_m_notifier_feed_topic_sport(seed_schedule_path, leszno, tmp_path):
    result = subprocess.run(
        [*MODULE, "feed", "--schedule", str(seed_schedule_path), "--topic", "sport"],
        capture_output=True,
        env=_env(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == render_calendar(leszno, make_filter(leszno, ["sport"]))
    assert list(check_ics(result.stdout)) == [SPORT_UID]


def test_every_printed_text_check_quotes_is_cut_to_80_characters(
    clean_env, seed_schedule_path, tmp_path, capsys
):
    """Blind round three, m12: an undated period of 100,000 characters was printed whole in
    the summary (the 80-character bound held for refusals only; now a period over 500 is
    refused unread, and what is under it is still cut in a summary). Every text a summary or a
    warning quotes is cut as a refusal's is: an undated note, a period, a topic's label."""
    long = "w trybie art. 19a " + "bardzo długi opis " * 25  # periods over 500 are refused
    odd = "Jan Kowalski " * 35
    path = edited_copy(
        seed_schedule_path,
        tmp_path / "s.toml",
        [
            ('period = "Październik 2024"', f'period = "{long}"'),
            ('period = "Czerwiec 2024"', f'period = "{odd}"'),
            (
                'period = "Maj 2024"\n  topics = ["sport"]',
                'period = "Maj 2023"\n  topics = ["sport"]',
            ),
        ],
    )
    assert main(["check", "--schedule", str(path), "--as-of", "2024-05-01"]) == 0
    out, err = capsys.readouterr()
    assert len(out) + len(err) < 10_000
    quoted = [part.split("”")[0] for part in (out + err).split("„")[1:]]
    for text in (long, odd):
        assert " ".join(text.split())[:80] + "…" in quoted
    assert max(len(q) for q in quoted) <= 81
