"""Text printed with its columns side by side (`pdftotext -layout`) whose numbered rows hold a
period wider than its column: the period runs on past the next column's start ("5.
Aktywizacja    nie wcześniej niż 1 marca 2027 r." past "Uwagi"). A line starting with a row's
number under the "Lp." column begins a task, so such a line is the task with its whole period,
never a department heading (blind11 F3: "5. Aktywizacja nie wcześniej niż 1 marca 2027 r."
became a department holding tasks 6–8, task 5 lost); when the column it runs into holds text
of its own on that line, it is refused naming the line. Hypothesis writes the tables: numbers
(sub-numbers too), titles, periods of any width, remarks and department rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifier.core.importing.model import DocumentError
from notifier.documents.reading import read_document

TITLE = "Harmonogram ogłaszania otwartych konkursów ofert w 2027 roku"
HEADER = f"{'Lp.':<6}{'Nazwa zadania':<47}{'Termin ogłoszenia':<31}Uwagi"
PERIODS = (
    "I kwartał 2027",
    "Marzec 2027",
    "do 15 marca 2027 r.",
    "nie wcześniej niż 1 marca 2027 r.",
    "w terminie do 30 kwietnia 2027 roku",
    "Tryb ustawy o zatrudnieniu socjalnym",
    "I dekada kwietnia 2027",
)
TITLES = (
    "Wspieranie seniorów",
    "Wypoczynek dzieci",
    "Aktywizacja",
    "Profilaktyka uzależnień – kluby abstynenckie",
    "Organizacja imprez kulturalnych",
)
REMARKS = ("", "", "konkurs wieloletni", "art. 19a – małe granty")


def line(number: str, title: str, period: str, remark: str) -> str:
    text = f"{number:<6}{title:<47}{period}"
    if remark:  # the remark where its column starts, or past a period running into it
        text = f"{text:<84}{remark}" if len(text) <= 82 else f"{text}  {remark}"
    return text


def read(text: str) -> list[tuple[str | None, str, str, str]]:
    imported = read_document(text.encode(), "harmonogram-2027.txt", None)
    return [(t.number, t.title, t.period, d.name) for d in imported.departments for t in d.tasks]


def test_f3s_period_past_the_remarks_column_stays_with_its_task() -> None:
    rows = [
        line("4.", "Rewitalizacja", "I kwartał 2027", ""),
        line("5.", "Aktywizacja", "nie wcześniej niż 1 marca 2027 r.", ""),
        line("6.", "Festyn", "Marzec 2027", ""),
    ]
    got = read("\n".join([TITLE, "", HEADER, *rows]) + "\n")
    assert [g[:3] for g in got] == [
        ("4", "Rewitalizacja", "I kwartał 2027"),
        ("5", "Aktywizacja", "nie wcześniej niż 1 marca 2027 r."),
        ("6", "Festyn", "Marzec 2027"),
    ]
    assert {g[3] for g in got} == {"Zadania bez wskazanej komórki"}


def test_a_period_run_into_a_remark_of_its_own_line_is_refused_naming_the_line() -> None:
    rows = [
        line("1.", "Aktywizacja", "nie wcześniej niż 1 marca 2027 r.", ""),
        f"{'2.':<6}{'Festyn':<47}{'w terminie do 30 kwietnia 2027 roku'} konkurs wieloletni",
    ]
    with pytest.raises(DocumentError) as refused:
        read("\n".join([TITLE, "", HEADER, *rows]) + "\n")
    assert "wiersz 5" in str(refused.value)


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[tuple[str, str, str, str]], bool]:
    """(the text, its tasks (number, title, period, department), whether any line runs a
    period into a remark of its own)."""
    lines = [TITLE, "", HEADER]
    tasks = []
    crowded = False
    department = "Zadania bez wskazanej komórki"
    for number in range(1, draw(st.integers(1, 6)) + 1):
        if draw(st.integers(0, 3)) == 0:
            department = draw(st.sampled_from(("Wydział Kultury i Sportu", "Biuro Rady Miasta")))
            lines.append(department)
        sub = draw(st.sampled_from(("", "", ".1", "a")))
        printed = f"{number}{sub}" if sub else f"{number}."
        title, period = draw(st.sampled_from(TITLES)), draw(st.sampled_from(PERIODS))
        remark = draw(st.sampled_from(REMARKS))
        lines.append(line(printed, title, period, remark))
        crowded = crowded or (bool(remark) and 53 + len(period) > 82)
        tasks.append((printed.rstrip("."), title, period, department))
    return "\n".join(lines) + "\n", tasks, crowded


@given(tables())
def test_every_numbered_row_is_its_task_or_the_text_is_refused_naming_the_line(
    table: tuple[str, list[tuple[str, str, str, str]], bool],
) -> None:
    text, tasks, crowded = table
    if not crowded:
        assert read(text) == tasks
        return
    try:  # only a period run into a remark may be in doubt: refused naming its line
        assert read(text) == tasks
    except DocumentError as refused:
        said = str(refused)
    else:
        said = "wiersz"
    assert "wiersz" in said
