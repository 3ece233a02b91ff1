"""A printed period is a line: past MAX_PERIOD_CHARS it is refused unread, whatever the door.

A cell of one hour pasted many times ("do 15 kwietnia 2026, godz. 15:30 15:30 …") was read in
quadratic time: 96 kB held the watcher's scan, and every other city's edits, for minutes;
an imported 97 kB HTML of ten such cells took 136 s (blind round four, G0 and G1). The hour
reader searched the whole text before each hour; it now searches the tail only, and the
period reader refuses a text longer than any harmonogram prints before any pattern reads it.
A refusal quotes at most 80 characters of the text (n2).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schedule_text import department_toml, schedule_toml

from notifier.core.importing.model import ImportedDepartment, ImportedSchedule, ImportedTask, Where
from notifier.core.importing.review import build_import
from notifier.core.period_hours import _HOUR_AFTER_DATE, _after_date
from notifier.core.periods import MAX_PERIOD_CHARS, PeriodError, parse_period
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_toml import parse_schedule

HOURS = "do 15 kwietnia 2026, godz. " + "15:30 " * 16_000  # the 96 kB cell of the report


def test_a_96_kb_period_is_refused_unread_naming_the_limit() -> None:
    with pytest.raises(PeriodError) as refused:
        parse_period(HOURS, 2026)
    message = str(refused.value)
    assert message.startswith('okres za długi: "do 15 kwietnia 2026, godz. 15:30')
    assert f"ma {len(HOURS.strip())} znaków" in message
    assert f"najwyżej {MAX_PERIOD_CHARS}" in message
    assert len(message) < 200  # the text quoted is cut at 80 characters


def test_the_limit_counts_a_run_of_whitespace_as_one_space() -> None:
    under = HOURS[:MAX_PERIOD_CHARS].strip()
    with pytest.raises(PeriodError, match="nie rozpoznano okresu"):  # read, and refused
        parse_period(under, 2026)
    with pytest.raises(PeriodError, match="okres za długi"):
        parse_period(under + " 15:30", 2026)
    with pytest.raises(PeriodError, match="nie rozpoznano okresu"):
        parse_period(under.replace(" ", "\n \t"), 2026)  # 1,500 characters, the same 500 read
    spread = parse_period("marzec" + " \u00a0\n" * 1_000 + "2026", 2025)
    assert [w.start for w in spread.windows] == [date(2026, 3, 1)]


def test_a_refused_period_quotes_at_most_80_characters() -> None:
    text = "na początku marca " + "i jeszcze kilka słów " * 20
    with pytest.raises(PeriodError) as refused:
        parse_period(text, 2026)
    quoted = str(refused.value).split('"')[1]
    assert len(quoted) == 80
    assert quoted.endswith("…")


@settings(max_examples=200)
@given(
    st.text(alphabet="ab r.,0129 ", max_size=120).map(lambda t: " ".join(t.split(" "))),
    st.data(),
)
def test_the_tail_search_agrees_with_a_search_of_the_whole_head(text: str, data) -> None:
    """The hour reader asks only the tail before an hour whether a date ends there: the same
    answer as searching everything before it, in one step instead of n."""
    end = data.draw(st.integers(0, len(text)))
    assert _after_date(text, end) == bool(_HOUR_AFTER_DATE.search(text[:end]))


def _file(period: str, window: str | None = None) -> str:
    extra = f'  window = "{window}"\n' if window is not None else ""
    task = (
        '\n  [[departments.tasks]]\n  id = "zawody"\n  title = "zawody"\n'
        f'  period = "{period}"\n{extra}  topics = ["sport"]\n'
    )
    return schedule_toml(department_toml("sport", "Wydział Sportu", task))


@pytest.mark.parametrize("window", [None, "do 15 kwietnia 2024"])
def test_a_file_with_such_a_period_is_refused_even_with_a_window(window: str | None) -> None:
    with pytest.raises(ScheduleError, match="okres za długi") as refused:
        parse_schedule(_file(HOURS.replace("2026", "2024"), window))
    assert len(str(refused.value)) < 1_000


def test_the_importer_writes_no_window_from_such_a_cell() -> None:
    task = ImportedTask("Prowadzenie klubu seniora", Where(1, 3), period=HOURS)
    department = ImportedDepartment("Wydział Zdrowia", "Wydział Zdrowia", Where(1, 2), tasks=[task])
    imported = ImportedSchedule("Harmonogram 2026", 2026, date(2025, 12, 1), [department])
    result = build_import(imported, source="h.html", city="Leszno", year=None, as_of=None)
    assert 'period = "-"' in result.toml
    assert "window" not in result.toml
    assert "okres za długi" in result.review
    assert len(result.toml) < 5_000
