"""The office overview's pure rule (notifier.core.office_overview): each department's
punctuality by window, overdue windows of the current harmonogram only, open calls."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from schedule_text import department_toml, schedule_toml, task_toml

from notifier.core.calls import Call
from notifier.core.office_overview import office_overview
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule


def _schedule(*calls: tuple[str, date]) -> Schedule:
    text = schedule_toml(
        department_toml(
            "sport",
            "Wydział Sportu",
            task_toml("zawody", "Zawody", "Marzec 2024"),
            task_toml("obozy", "Obozy", "Luty i wrzesień 2024"),
            task_toml("kadra", "Kadra", "Czerwiec 2024"),
        ),
        department_toml(
            "kultura",
            "Wydział Kultury",
            task_toml("festiwal", "Festiwal", "Maj 2024", ("kultura",)),
        ),
        department_toml("zdrowie", "Wydział Zdrowia", task_toml("bez", "Bez", "w miarę potrzeb")),
        topics={"sport": "Sport", "kultura": "Kultura"},
    )
    made = tuple(
        Call(
            tasks=(key,),
            published=day,
            url="https://bip.example.org/o",
            deadline=date(day.year, day.month, 28),
            index=i,
        )
        for i, (key, day) in enumerate(calls)
    )
    return replace(parse_schedule(text), calls=made)


def _counts(schedule: Schedule, today: date) -> dict[str, tuple[int, int, int]]:
    rows = office_overview(schedule, today).punctuality
    return {p.department.id: (p.on_time, p.late, p.missing) for p in rows}


def test_each_window_counts_once_on_time_late_or_missing_and_open_ones_wait() -> None:
    schedule = _schedule(
        ("sport/zawody", date(2024, 4, 3)),  # after March's last day: late
        ("sport/obozy", date(2024, 2, 10)),  # inside February's round: on time
        ("kultura/festiwal", date(2024, 5, 31)),  # May's last day is still on time
    )
    # September's round and June's task have not ended on 15 July (June has): missing 1.
    assert _counts(schedule, date(2024, 7, 15)) == {
        "sport": (1, 1, 1), "kultura": (1, 0, 0), "zdrowie": (0, 0, 0),
    }  # fmt: skip


def test_a_call_published_after_the_day_is_not_counted_yet() -> None:
    schedule = _schedule(("sport/zawody", date(2024, 3, 20)))
    assert _counts(schedule, date(2024, 3, 10))["sport"] == (0, 0, 1)  # February missing
    assert _counts(schedule, date(2024, 3, 25))["sport"] == (1, 0, 1)


def test_overdue_windows_are_those_ended_without_a_call_of_a_year_not_over() -> None:
    schedule = _schedule(("sport/zawody", date(2024, 3, 12)))
    view = office_overview(schedule, date(2024, 6, 3))
    assert [(o.task.key, o.window.last_day) for o in view.overdue] == [
        ("sport/obozy", date(2024, 2, 29)),
        ("kultura/festiwal", date(2024, 5, 31)),
    ]
    past = office_overview(schedule, date(2025, 3, 1))
    assert past.overdue == ()  # the year is over: nobody chases its windows any more
    assert _counts(schedule, date(2025, 3, 1))["sport"] == (1, 0, 3)  # but it still counts


def test_open_calls_come_nearest_deadline_first() -> None:
    schedule = _schedule(("kultura/festiwal", date(2024, 5, 2)), ("sport/zawody", date(2024, 3, 4)))
    later = replace(schedule.calls[1], published=date(2024, 5, 3), deadline=date(2024, 5, 20))
    schedule = replace(schedule, calls=(schedule.calls[0], later))
    view = office_overview(schedule, date(2024, 5, 10))
    assert [c.tasks for c in view.open_calls] == [("sport/zawody",), ("kultura/festiwal",)]
    assert office_overview(schedule, date(2024, 5, 29)).open_calls == ()
