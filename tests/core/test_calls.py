"""Recorded calls ([[calls]]): reading and validating them, task statuses, `check`, `announce`."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schedule_text import SENIORS, SPORT, SPORT_CALL, SPORT_CALL_OPEN, with_calls

from notifier.cli.main import main
from notifier.core.call_input import CallInputError, read_day, read_deadline
from notifier.core.calls import Call, future_date_problems
from notifier.core.polish import format_date
from notifier.core.schedule import Schedule, ScheduleError
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule
from notifier.core.task_status import Status, open_calls, overdue_windows, task_status
from notifier.core.time import TIMEZONE


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScheduleError) as caught:
        parse_schedule(text)
    return caught.value.problems


def test_a_call_is_read_with_its_hour_amount_and_results(seed_schedule_path: Path) -> None:
    schedule = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    (call,) = schedule.calls
    assert call.tasks == (SPORT,)
    assert (call.published, call.deadline, call.deadline_time) == (
        date(2024, 5, 6),
        date(2024, 5, 28),
        time(15, 30),
    )
    assert call.amount == Decimal(150000)
    assert call.results is not None
    assert call.results.date == date(2024, 6, 20)
    assert call.headline == "Ogłoszono 6 maja 2024 — oferty do 28 maja 2024, godz. 15:30"
    assert call.closes_at.isoformat() == "2024-05-28T15:30:00+02:00"
    assert schedule.calls_of(SPORT) == (call,)


def test_every_call_problem_is_listed_at_once(seed_schedule_path: Path) -> None:
    bad = """
[[calls]]
tasks = ["kultura-sport/rozwoj-sportux", "mopr/nie-ma"]
published = 2024-05-06
url = "ftp://bip.example.org/x"
deadline = 2024-05-01
colour = "red"
"""
    problems = problems_of(with_calls(seed_schedule_path, bad))
    text = "\n".join(problems)
    assert "nieznany klucz 'colour'" in text
    assert "nieznane zadanie 'kultura-sport/rozwoj-sportux'" in text
    assert "(zadania tego wydziału: kultura-sport/rozwoj-sportu)" in text
    assert "nieznane zadanie 'mopr/nie-ma'" in text
    assert "url 'ftp://bip.example.org/x' nie jest adresem strony" in text
    assert "termin składania ofert (1 maja 2024) musi być po dniu ogłoszenia" in text
    assert all(p.startswith("ogłoszenie [[calls]] nr 1: ") for p in problems)


@pytest.mark.parametrize(
    ("results_day", "words"),
    [
        ("2024-05-01", "wyniki (1 maja 2024) nie mogą być przed dniem ogłoszenia (6 maja 2024)"),
        (
            "2024-05-20",
            "wyniki (20 maja 2024) nie mogą być przed terminem składania ofert (28 maja 2024)",
        ),
    ],
)
def test_results_before_the_deadline_or_publication_are_refused(
    seed_schedule_path: Path, results_day: str, words: str
) -> None:
    early = SPORT_CALL.replace("date = 2024-06-20", f"date = {results_day}")
    problems = problems_of(with_calls(seed_schedule_path, early))
    assert [p for p in problems if words in p] == [
        p for p in problems if p.startswith("ogłoszenie [[calls]] nr 1, [calls.results]: ")
    ]
    assert len(problems) == 1
    # On the deadline day itself (offers close at 15:30) results may be recorded.
    same_day = SPORT_CALL.replace("date = 2024-06-20", "date = 2024-05-28")
    assert parse_schedule(with_calls(seed_schedule_path, same_day)).calls[0].results


def test_a_task_is_in_at_most_one_open_call_per_window(seed_schedule_path: Path) -> None:
    second = SPORT_CALL.replace("2024-05-06", "2024-05-20").replace("[calls.results]", "")
    second = second.replace("date = 2024-06-20\n", "").replace(
        '  url = "https://bip.example.org/wyniki-123"\n', ""
    )
    problems = problems_of(with_calls(seed_schedule_path, SPORT_CALL, second))
    assert problems == [
        (
            "ogłoszenie [[calls]] nr 2: zadanie kultura-sport/rozwoj-sportu ma już na ten "
            "termin nabór – ogłoszenie nr 1, termin składania ofert 28 maja 2024; to ogłoszenie "
            "(20 maja 2024) wypada przed końcem tamtego naboru, a jedno zadanie może być "
            "w jednym otwartym naborze na termin"
        )
    ]
    # A repeated call after the first one closed is fine.
    later = second.replace("2024-05-20", "2024-05-29").replace("2024-05-28T15:30:00", "2024-06-30")
    parse_schedule(with_calls(seed_schedule_path, SPORT_CALL, later))


def test_a_deadline_under_21_days_is_a_warning_naming_the_article(
    seed_schedule_path: Path,
) -> None:
    short = SPORT_CALL.replace("2024-05-28T15:30:00", "2024-05-20")
    schedule = parse_schedule(with_calls(seed_schedule_path, short))
    (warning,) = [w for w in schedule_warnings(schedule) if "[[calls]]" in w]
    assert "14 dni od ogłoszenia" in warning
    assert "art. 13 ust. 1 ustawy o działalności pożytku publicznego i o wolontariacie" in warning
    exactly = SPORT_CALL.replace("2024-05-28T15:30:00", "2024-05-27")  # 21 days
    assert not [
        w
        for w in schedule_warnings(parse_schedule(with_calls(seed_schedule_path, exactly)))
        if "[[calls]]" in w
    ]


@pytest.mark.parametrize(
    ("today", "status", "described"),
    [
        (date(2024, 4, 30), Status.EXPECTED, "spodziewany"),
        (date(2024, 5, 5), Status.EXPECTED, "spodziewany"),  # the call is not out yet
        (date(2024, 5, 6), Status.ANNOUNCED, "ogłoszony (oferty do 28 maja 2024, godz. 15:30, 22 dni)"),
        (date(2024, 5, 28), Status.ANNOUNCED, "ogłoszony (oferty do 28 maja 2024, godz. 15:30, ostatni dzień)"),
        (date(2024, 5, 29), Status.CLOSED, "nabór zakończony 28 maja 2024"),
        (date(2024, 6, 20), Status.DECIDED, "rozstrzygnięty 20 czerwca 2024"),
    ],
)  # fmt: skip
def test_status_of_a_called_task(
    seed_schedule_path: Path, today: date, status: Status, described: str
) -> None:
    schedule = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL))
    found = task_status(schedule, _task(schedule, SPORT), today)
    assert (found.status, found.describe()) == (status, described)


def test_a_window_passed_without_a_call_is_late_then_overdue_after_60_days(
    leszno: Schedule,
) -> None:
    seniors = _task(leszno, SENIORS)  # "Czerwiec 2024"
    assert task_status(leszno, seniors, date(2024, 6, 30)).status is Status.EXPECTED
    late = task_status(leszno, seniors, date(2024, 7, 1))
    assert late.status is Status.LATE
    assert late.describe() == "opóźniony (termin minął 30 czerwca 2024, brak ogłoszenia)"
    keys = lambda today: [o.task.key for o in overdue_windows(leszno, today)]
    assert SENIORS not in keys(date(2024, 8, 29))  # 60 days after 30 June
    assert SENIORS in keys(date(2024, 8, 30))


def test_open_calls_are_listed_by_deadline(seed_schedule_path: Path) -> None:
    seniors = f"""
[[calls]]
tasks = ["{SENIORS}"]
published = 2024-05-10
url = "https://bip.example.org/seniorzy"
deadline = 2024-05-31
"""
    schedule = parse_schedule(with_calls(seed_schedule_path, seniors, SPORT_CALL))
    assert [c.tasks for c in open_calls(schedule, date(2024, 5, 20))] == [(SPORT,), (SENIORS,)]
    assert [c.tasks for c in open_calls(schedule, date(2024, 5, 29))] == [(SENIORS,)]


def test_check_lists_open_calls_and_overdue_windows(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(with_calls(seed_schedule_path, SPORT_CALL_OPEN), encoding="utf-8")
    assert main(["check", "--schedule", str(path), "--as-of", "2024-05-20"]) == 0
    out = capsys.readouterr().out
    assert "ogłoszenia (nabory): 1, trwające: 1" in out
    assert "  nr 1: oferty do 28 maja 2024, godz. 15:30" in out
    assert "zaległe" not in out  # March ended 50 days before
    assert main(["check", "--schedule", str(path), "--as-of", "2024-06-05"]) == 0
    out = capsys.readouterr().out
    assert "ogłoszenia (nabory): 1, trwające: 0" in out
    assert "zaległe: mopr/profilaktyka-rodzina: termin „Marzec 2024” minął 31 marca 2024" in out
    assert "zaległe: kultura-sport" not in out


def test_announce_appends_a_block_keeping_comments_and_layout(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schedule.toml"
    original = seed_schedule_path.read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    args = ["announce", SPORT, "--schedule", str(path), "--published", "2024-05-06"]
    args += ["--deadline", "2024-05-28T15:30", "--url", "https://bip.example.org/o-123"]
    assert main([*args, "--amount", "150 000", "--title", "Sport 2024"]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original)  # every comment and line of the file as it was
    assert text[len(original) :] == (
        "\n[[calls]]\n"
        f'tasks = ["{SPORT}"]\n'
        "published = 2024-05-06\n"
        'url = "https://bip.example.org/o-123"\n'
        "deadline = 2024-05-28T15:30:00\n"
        "amount = 150000\n"
        'title = "Sport 2024"\n'
    )
    assert "Zapisano" in capsys.readouterr().out
    # A second call goes after the first, a blank line between them.
    assert main(["announce", SENIORS, "--schedule", str(path), "--published", "2024-06-03",
                 "--deadline", "2024-06-24", "--url", "https://bip.example.org/o-124"]) == 0  # fmt: skip
    schedule = parse_schedule(path.read_text(encoding="utf-8"))
    assert [c.tasks for c in schedule.calls] == [(SPORT,), (SENIORS,)]
    assert 'title = "Sport 2024"\n\n[[calls]]\n' in path.read_text(encoding="utf-8")


def test_announce_refuses_to_write_an_invalid_file(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(seed_schedule_path.read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_bytes()
    code = main(["announce", "kultura-sport/nie-ma", "--schedule", str(path),
                 "--published", "2024-05-06", "--deadline", "2024-05-28",
                 "--url", "javascript:alert(1)"])  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "nieznane zadanie 'kultura-sport/nie-ma'" in err
    assert "nie jest adresem strony" in err
    assert "Nic nie zapisano" in err
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.toml"]  # no temporary file left


def test_announce_warns_of_a_short_deadline_and_help_is_polish(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(seed_schedule_path.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["announce", SPORT, "--schedule", str(path), "--published", "2024-05-06",
                 "--deadline", "2024-05-16", "--url", "https://bip.example.org/o"]) == 0  # fmt: skip
    assert "uwaga: ogłoszenie [[calls]] nr 1" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["announce", "--help"])
    out = capsys.readouterr().out
    assert "termin składania ofert" in out
    assert "użycie: notifier announce" in out
    with pytest.raises(SystemExit):
        main(["announce", SPORT, "--published", "2024-05-06", "--deadline", "jutro", "--url", "x"])
    assert "to nie jest termin w postaci RRRR-MM-DD" in capsys.readouterr().err


def _task(schedule: Schedule, key: str):  # type: ignore[no-untyped-def]
    task = schedule.task(key)
    assert task is not None
    return task


@settings(max_examples=40, deadline=None)
@given(
    published=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    today=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_a_call_published_after_today_is_refused_naming_both_days(
    published: date, today: date
) -> None:
    call = Call(tasks=(SPORT,), published=published, url="https://bip.example.org/o",
                deadline=published + timedelta(days=21), index=3)  # fmt: skip
    problems = future_date_problems([call], today)
    if published <= today:
        assert problems == []
    else:
        (problem,) = problems
        assert problem.startswith("ogłoszenie [[calls]] nr 3: ")
        assert format_date(published) in problem
        assert published.isoformat() in problem
        assert format_date(today) in problem


def test_announce_and_check_refuse_a_publication_day_after_today(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "schedule.toml"
    path.write_text(seed_schedule_path.read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_bytes()
    args = ["announce", SPORT, "--schedule", str(path), "--published", "2024-05-07"]
    args += ["--deadline", "2024-05-28", "--url", "https://bip.example.org/o", "--as-of"]
    assert main([*args, "2024-05-06"]) == 1
    err = capsys.readouterr().err
    assert "dzień ogłoszenia 7 maja 2024 (published = 2024-05-07)" in err
    assert "dzisiejszy (6 maja 2024)" in err
    assert "Nic nie zapisano" in err
    assert path.read_bytes() == before
    assert main([*args, "2024-05-07"]) == 0  # published today: recorded
    capsys.readouterr()
    assert main(["check", str(path), "--as-of", "2024-05-06"]) == 1
    assert "dzień ogłoszenia 7 maja 2024" in capsys.readouterr().err
    assert main(["check", str(path), "--as-of", "2024-05-07"]) == 0


def test_results_dated_after_today_are_refused_naming_both_days(
    tmp_path: Path, seed_schedule_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Results are recorded once announced (blind round three, F17): dated after today they
    would go out as "Wyniki konkursu" while the call still accepts offers."""
    call = parse_schedule(with_calls(seed_schedule_path, SPORT_CALL)).calls[0]
    assert future_date_problems([call], date(2024, 6, 20)) == []
    (problem,) = future_date_problems([call], date(2024, 6, 19))
    assert problem == (
        "ogłoszenie [[calls]] nr 1, [calls.results]: dzień ogłoszenia wyników 20 czerwca 2024 "
        "(date = 2024-06-20) jest późniejszy niż dzisiejszy (19 czerwca 2024) – wyniki "
        "zapisuje się dopiero po ich ogłoszeniu"
    )
    path = tmp_path / "schedule.toml"
    path.write_text(with_calls(seed_schedule_path, SPORT_CALL), encoding="utf-8")
    assert main(["check", "--schedule", str(path), "--as-of", "2024-06-19"]) == 1
    assert problem.split(": ", 1)[1] in capsys.readouterr().err
    assert main(["check", "--schedule", str(path), "--as-of", "2024-06-20"]) == 0


def test_a_deadline_hour_the_clocks_skip_is_refused_and_the_doubled_hour_is_the_first(
    seed_schedule_path: Path,
) -> None:
    """Blind round three, m9: 02:30 on the night summer time starts does not exist in Warsaw
    (the clocks go from 2:00 to 3:00), at the command line, in the office's form and in a
    file alike; 02:30 on the night it ends happens twice and is the first (UTC+2)."""
    gap = "godzina 02:30 nie istnieje 31.03.2024 w Polsce: tej nocy zegary przestawia się z 2:00"
    with pytest.raises(CallInputError, match=gap):
        read_deadline("2024-03-31T02:30")
    with pytest.raises(CallInputError, match=gap.replace("02:30", "02:00")):
        read_deadline("2024-03-31 02:00")
    assert read_deadline("2024-03-31T03:00") == datetime(2024, 3, 31, 3, 0)
    spring = SPORT_CALL.replace("2024-05-06", "2024-03-04").replace(
        "2024-05-28T15:30:00", "2024-03-31T02:30:00"
    )
    problems = problems_of(with_calls(seed_schedule_path, spring))
    assert problems == [
        f"ogłoszenie [[calls]] nr 1: deadline: {gap} na 3:00 (czas letni) – proszę podać np. 03:00"
    ]

    assert read_deadline("2024-10-27T02:30") == datetime(2024, 10, 27, 2, 30)
    autumn = SPORT_CALL.replace("2024-05-28T15:30:00", "2024-10-27T02:30:00").replace(
        "2024-06-20", "2024-11-20"
    )
    (call,) = parse_schedule(with_calls(seed_schedule_path, autumn)).calls
    assert call.deadline_time == time(2, 30)
    first = datetime.combine(call.deadline, call.deadline_time, tzinfo=TIMEZONE)
    assert first.utcoffset() == timedelta(hours=2)  # fold 0: the first 02:30, summer time


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file another owner needs root")
def test_announce_keeps_the_files_mode_group_and_owner(
    tmp_path: Path, seed_schedule_path: Path
) -> None:
    """Blind round three, m11: a root:editors 0640 harmonogram came back root:root 0640 after
    the first announce or office save, and the editors' group lost it."""
    path = tmp_path / "schedule.toml"
    path.write_text(seed_schedule_path.read_text(encoding="utf-8"), encoding="utf-8")
    os.chown(path, 4242, 4343)
    path.chmod(0o640)
    args = ["announce", SPORT, "--schedule", str(path), "--published", "2024-05-06"]
    assert main([*args, "--deadline", "2024-05-28", "--url", "https://bip.example.org/o"]) == 0
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4242, 4343, 0o640)
    assert "[[calls]]" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text", ["20261207", "2026-W49-1", "2026-341", "+2026-12-07", "２０２６-12-07"]
)
def test_a_day_is_read_only_as_rrrr_mm_dd_as_the_help_says(text: str) -> None:
    """Blind round 8a: fromisoformat also read the basic and week forms the help never offers."""
    with pytest.raises(CallInputError, match="RRRR-MM-DD"):
        read_day(text)
    with pytest.raises(CallInputError, match="RRRR-MM-DD"):
        read_deadline(text)


@pytest.mark.parametrize(
    "text", ["2026-12-31T12", "2026-12-31T1200", "2026-12-31T12:00Z", "2026-12-31T12.5"]
)
def test_a_deadline_hour_is_read_only_as_gg_mm(text: str) -> None:
    with pytest.raises(CallInputError, match="RRRR-MM-DDTGG:MM"):
        read_deadline(text)


def test_the_spellings_the_help_offers_are_read() -> None:
    assert read_day(" 2026-12-07 ") == date(2026, 12, 7)
    assert read_deadline("2026-12-31") == date(2026, 12, 31)
    assert read_deadline("2026-12-31T12:00") == datetime(2026, 12, 31, 12, 0)


@pytest.mark.parametrize(
    "text", ["2024-05-28T15:30:59", "2024-05-28 15:30:00", "2024-05-28T15:30:5"]
)
def test_a_deadline_with_seconds_is_refused_not_cut(text: str) -> None:
    """Blind10a M4: `announce --deadline 2024-05-28T15:30:59` was saved as 15:30 unsaid; the
    help and the office's form offer minutes only, so the command line and the form refuse
    seconds alike, saying what to write."""
    with pytest.raises(CallInputError, match="RRRR-MM-DDTGG:MM") as refused:
        read_deadline(text)
    if len(text) == 19:
        assert "bez sekund" in str(refused.value)
        assert "prosimy wpisać 2024-05-28T15:30" in str(refused.value)


@pytest.mark.parametrize("text", ["0000-01-01", "1899-12-31", "2200-01-01", "0000-00-00"])
def test_a_day_outside_the_years_says_the_range_whatever_its_month_and_day(text: str) -> None:
    """Blind 9a M3: `check --as-of 0000-01-01` said "nie ma takiego dnia w kalendarzu" while
    1899-12-31 gave the range: the year is looked at first, by one rule for every day typed."""
    for read in (read_day, read_deadline):
        with pytest.raises(CallInputError, match="spoza zakresu lat 1900–2199"):
            read(text)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        (" 2025-01-01", date(2025, 1, 1)),
        ("2025-1-1", date(2025, 1, 1)),
        ("2025-3-09 ", date(2025, 3, 9)),
    ],
)
def test_every_day_is_read_by_one_rule_spaces_around_and_unpadded_digits(
    text: str, day: date
) -> None:
    """Blind 9a M2: " 2025-01-01" was taken and "2025-1-1" refused. One rule (read_day, and
    read_deadline's day): spaces around ignored as around a number, month and day in one or
    two digits; anything else still refused."""
    assert read_day(text) == day
    assert read_deadline(text) == day
    assert read_deadline(text.strip() + "T03:00") == datetime.combine(
        day, datetime.min.time()
    ).replace(hour=3)
    with pytest.raises(CallInputError, match="nie ma takiego dnia"):
        read_day("2025-2-30")


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2027-1-5T9:05", datetime(2027, 1, 5, 9, 5)),
        ("2027-01-05T9:05", datetime(2027, 1, 5, 9, 5)),
        ("2027-1-5 09:05", datetime(2027, 1, 5, 9, 5)),
        (" 2027-1-5T19:30 ", datetime(2027, 1, 5, 19, 30)),
        ("2027-1-5T0:00", date(2027, 1, 4)),
    ],
)
def test_the_hour_takes_one_or_two_digits_as_the_month_and_day_do(
    text: str, moment: date | datetime
) -> None:
    """Blind11 M15: `--deadline 2027-1-5` was taken and `2027-1-5T9:05` refused: one rule
    for the parts of a deadline, the hour in one or two digits as "godz. 9:05" is written."""
    assert read_deadline(text) == moment


@pytest.mark.parametrize("text", ["2027-01-05T09:5", "2027-1-5T9:5"])
def test_minutes_in_one_digit_are_refused_naming_both_readings(text: str) -> None:
    """M15: "9:5" may be 9:05 or 9:50; the message asks which and names the shapes taken."""
    with pytest.raises(CallInputError) as refused:
        read_deadline(text)
    message = str(refused.value)
    assert "minuty podaje się dwiema cyframi" in message
    assert "9:05 czy 9:50" in message
    assert "RRRR-MM-DDTGG:MM" in message
    assert "albo 2027-1-5T9:05" in message


def test_a_deadline_refused_names_every_shape_taken() -> None:
    with pytest.raises(CallInputError) as refused:
        read_deadline("5.01.2027 9:05")
    assert "godzina jedną lub dwiema cyframi, minuty dwiema" in str(refused.value)
