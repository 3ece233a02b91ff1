"""Issue 21, trial21: a cell of only numbers is never silently undated; a clerk's `window` outside
the printed month is warned about; the examples in messages are in the cell's own month."""

from __future__ import annotations

import pytest
from schedule_text import department_toml, schedule_toml

from notifier.core.period_hints import cell_example, printed_bounds
from notifier.core.periods import DatedPeriod, PeriodError, UndatedPeriod, parse_period
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.schedule_toml import parse_schedule


@pytest.mark.parametrize(
    ("printed", "readings"),
    [
        ("03.26", ("„marzec 2026”", "„26 marca 2026”")),
        ("05.26", ("„maj 2026”", "„26 maja 2026”")),
        ("III.26", ("„marzec 2026”", "„III kwartał 2026”")),
        ("do 03.26 r.", ("„marzec 2026”",)),
        ("XII.25", ("„grudzień 2025”",)),
        ("13.26", ("bez nazwy miesiąca",)),
        ("1 2 3", ("bez nazwy miesiąca",)),
    ],
)
def test_a_cell_of_only_numbers_is_refused_naming_its_readings(
    printed: str, readings: tuple[str, ...]
) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(printed, 2026)
    for reading in readings:
        assert reading in str(raised.value)


@pytest.mark.parametrize("printed", ["art. 19a", "2 nabory", "-", "po uchwaleniu budżetu"])
def test_undated_wordings_with_numbers_stay_undated(printed: str) -> None:
    assert isinstance(parse_period(printed, 2026), UndatedPeriod)


def _schedule(period: str, window: str) -> str:
    task = (
        '\n  [[departments.tasks]]\n  id = "zawody"\n  title = "zawody"\n'
        f'  period = "{period}"\n  window = "{window}"\n  topics = ["sport"]\n'
    )
    return schedule_toml(department_toml("sport", "Wydział Sportu", task), year=2026)


@pytest.mark.parametrize(
    ("printed", "window", "warned"),
    [
        ("na początku marca", "1–10 października 2026", True),
        ("na początku marca", "1–10 marca 2025", True),
        ("w III kwartale br. lub wcześniej", "1–10 listopada 2026", True),
        ("na początku marca", "1–10 marca 2026", False),
        ("około połowy maja", "do 20 maja 2026 r.", False),  # a deadline starts on "stan na"
        ("po 15 marca 2026 r.", "16–25 kwietnia 2026", False),  # "po": no end printed
        ("po podaniu terminu przez Ministerstwo", "II kwartał", False),  # names no date
    ],
)
def test_a_window_outside_the_printed_month_is_warned_about(
    printed: str, window: str, warned: bool
) -> None:
    warnings = schedule_warnings(parse_schedule(_schedule(printed, window)))
    outside = [w for w in warnings if "wypada poza tym, co podaje druk" in w]
    assert bool(outside) == warned
    if warned:
        assert f"„{window}”" in outside[0]
        assert f"„{printed}”" in outside[0]


@pytest.mark.parametrize(
    ("printed", "example", "absent"),
    [
        ("po 15 marca 2026 r.", '"16–25 marca 2026"', "1–10 marca"),
        ("przed 15 kwietnia", '"5–14 kwietnia 2026"', "marca"),
        ("na początku maja", '"1–10 maja 2026"', "marca"),
        ("w połowie maja", '"11–20 maja 2026"', "marca"),
        ("w III kwartale br. lub wcześniej", '"1–10 lipca 2026"', "marca"),
        ("początek II kwartału", '"1–10 kwietnia 2026"', "marca"),
    ],
)
def test_the_messages_example_is_in_the_cells_own_month(
    printed: str, example: str, absent: str
) -> None:
    with pytest.raises(PeriodError) as raised:
        parse_period(printed, 2026)
    assert example in str(raised.value)
    assert absent not in str(raised.value).split(": ", 1)[1]


@pytest.mark.parametrize(
    "printed",
    ["po 15 marca 2026 r.", "przed 15 kwietnia", "na początku maja", "pod koniec czerwca",
     "po 25 grudnia", "w połowie lutego", "początek IV kwartału", "ok. 20 marca br."],
)  # fmt: skip
def test_the_example_reads_back_and_keeps_to_the_print(printed: str) -> None:
    example, last = cell_example(printed, 2026)
    period = parse_period(example, 2026)
    assert isinstance(period, DatedPeriod)
    assert period.windows[-1].last_day == last
    bounds = printed_bounds(printed, 2026)
    assert bounds is not None
    assert bounds[0] <= period.windows[0].start
    assert last <= bounds[1]


def test_a_vague_cell_asks_for_its_window_once() -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(_schedule("ok. 20 marca br.", "").replace('  window = ""\n', ""))
    assert str(raised.value).count("obok window") == 1


@pytest.mark.parametrize(
    ("printed", "first", "last", "note"),
    [
        ("grudzień 2026 r. (zadania realizowane w 2027 r.)", "2026-12-01", "2026-12-31", "2027"),
        ("styczeń 2026 (konkurs na lata 2026–2028)", "2026-01-01", "2026-01-31", "2026-2028"),
        (
            "do 20 stycznia 2026 r. (na realizację zadań w latach 2026-2028)",
            "2026-01-01",
            "2026-01-20",
            "w latach 2026-2028",
        ),
    ],
)
def test_a_bracket_of_the_years_the_tasks_are_for_is_a_note(
    printed: str, first: str, last: str, note: str
) -> None:
    period = parse_period(printed, 2026)
    assert isinstance(period, DatedPeriod)
    assert (period.start.isoformat(), period.windows[-1].last_day.isoformat()) == (first, last)
    assert period.note is not None
    assert note in period.note


def test_a_bracketed_next_round_is_a_round() -> None:
    period = parse_period("maj–czerwiec 2026 r. (II nabór – wrzesień)", 2026)
    assert isinstance(period, DatedPeriod)
    spans = [(w.start.isoformat(), w.last_day.isoformat()) for w in period.windows]
    assert spans == [("2026-05-01", "2026-06-30"), ("2026-09-01", "2026-09-30")]
