"""Read and validate the schedule's [[calls]] blocks (the published calls) from parsed TOML.

Every problem goes to the caller's `problem(where, what)` in Polish, so `notifier check`
lists them all at once. Checked here: known tasks, http(s) URLs, a deadline after the
publication, results not before it nor before the deadline day, and a task in at most one open call per window (two
calls of one task for the same window must not accept offers at the same time).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from itertools import pairwise
from typing import Any

from notifier.core.calls import Call, CallResults, call_window
from notifier.core.echo import echoed
from notifier.core.input_rules import LINE_MAX, day_problem, length_problem
from notifier.core.polish import format_date
from notifier.core.schedule import Task
from notifier.core.task_fields import Problem, read_amount, read_url
from notifier.core.time import TIMEZONE, wall_clock_problem

CALL_KEYS = ("tasks", "published", "url", "deadline", "amount", "title", "results")
RESULTS_KEYS = ("date", "url")
TITLE_MAX = LINE_MAX


def read_calls(raw: Any, tasks: Mapping[str, Task], problem: Problem) -> tuple[Call, ...]:
    """The [[calls]] blocks in file order; `tasks` maps every known "department/task" key."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problem("[[calls]]", "ogłoszenia zapisuje się w sekcjach [[calls]] (podwójne nawiasy)")
        return ()
    calls = []
    for index, item in enumerate(raw, start=1):
        call = _call(item, index, tasks, problem)
        if call is not None:
            calls.append(call)
    _check_overlaps(calls, tasks, problem)
    return tuple(calls)


def _where(index: int) -> str:
    return f"ogłoszenie [[calls]] nr {index}"


def _call(raw: Any, index: int, tasks: Mapping[str, Task], problem: Problem) -> Call | None:
    where = _where(index)
    if not isinstance(raw, dict):
        problem(where, "oczekiwano tabeli [[calls]]")
        return None
    for key in raw:
        if key not in CALL_KEYS:
            problem(where, f"nieznany klucz {echoed(key)} (dozwolone: {', '.join(CALL_KEYS)})")
    keys = _task_keys(raw.get("tasks"), where, tasks, problem)
    published = _date(raw, "published", where, problem, example="published = 2024-05-06")
    url = read_url(raw, "url", where, problem)
    if "url" not in raw:
        problem(where, "brak pola 'url' (adres ogłoszenia, np. url = \"https://bip.example.pl/…\")")
    deadline, deadline_time = _deadline(raw.get("deadline"), where, problem)
    amount = read_amount(raw, where, problem)
    title = raw.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        problem(where, 'title musi być niepustym tekstem w cudzysłowie, np. title = "…"')
        title = None
    elif isinstance(title, str):
        title = " ".join(title.split())
        too_long = length_problem(title, TITLE_MAX)
        if too_long is not None:
            problem(where, f"title {too_long}")
    results = _results(raw.get("results"), where, published, deadline, problem)
    if published is not None and deadline is not None and deadline <= published:
        problem(
            where,
            f"termin składania ofert ({format_date(deadline)}) musi być po dniu ogłoszenia "
            f"({format_date(published)})",
        )
        return None
    if keys is None or published is None or url is None or deadline is None:
        return None
    return Call(
        tasks=keys,
        published=published,
        url=url,
        deadline=deadline,
        deadline_time=deadline_time,
        amount=amount,
        title=title,
        results=results,
        index=index,
    )


def _task_keys(
    raw: Any, where: str, tasks: Mapping[str, Task], problem: Problem
) -> tuple[str, ...] | None:
    example = 'np. tasks = ["kultura-sport/rozwoj-sportu"]'
    if raw is None:
        problem(where, f"brak pola 'tasks' (zadania objęte ogłoszeniem, {example})")
        return None
    if not isinstance(raw, list) or not raw or not all(isinstance(k, str) for k in raw):
        problem(where, f"tasks musi być niepustą listą identyfikatorów wydział/zadanie, {example}")
        return None
    ok = True
    for key in raw:
        if key not in tasks:
            ok = False
            department = key.split("/", 1)[0]
            known = [k for k in tasks if k.startswith(f"{department}/")]
            hint = f" (zadania tego wydziału: {', '.join(known)})" if known else ""
            problem(where, f"nieznane zadanie {echoed(key)} – proszę podać wydział/zadanie{hint}")
    return tuple(dict.fromkeys(raw)) if ok else None


def _date(
    raw: dict[str, Any], key: str, where: str, problem: Problem, *, example: str
) -> date | None:
    value = raw.get(key)
    if value is None:
        problem(where, f"brak pola {echoed(key)} (data bez cudzysłowu, np. {example})")
        return None
    if type(value) is not date:
        problem(
            where, f"{key} musi być datą bez cudzysłowu w formacie RRRR-MM-DD, np. {example} "
            f"(jest {echoed(value)})",
        )  # fmt: skip
        return None
    out_of_range = day_problem(value)
    if out_of_range is not None:
        problem(where, f"{key}: {out_of_range}")
        return None
    return value


_FIRST = (
    "godzinę, która jest dwa razy, serwis czyta jako pierwszą (czas letni, UTC+2) – proszę "
    "podać 03:00 albo tę godzinę bez przesunięcia"
)


def _deadline(raw: Any, where: str, problem: Problem) -> tuple[date | None, time | None]:
    """A date (the whole day) or a date with an hour (Europe/Warsaw; an offset is converted;
    an hour the clocks skip is refused, core.time.wall_clock_problem)."""
    example = "np. deadline = 2024-05-28 albo deadline = 2024-05-28T15:30:00"
    if raw is None:
        problem(where, f"brak pola 'deadline' (termin składania ofert, {example})")
        return None, None
    if type(raw) is date or isinstance(raw, datetime):
        out_of_range = day_problem(raw.date() if isinstance(raw, datetime) else raw)
        if out_of_range is not None:
            problem(where, f"deadline: {out_of_range}")
            return None, None
    if type(raw) is date:
        return raw, None
    if isinstance(raw, datetime):
        local = raw.astimezone(TIMEZONE) if raw.tzinfo is not None else raw
        hour = local.time().replace(second=0, microsecond=0)
        gap = wall_clock_problem(local.date(), hour)
        if gap is None and local.fold:  # an offset naming the second of an hour seen twice
            gap = f"{raw.isoformat()} to druga godzina {hour:%H:%M} tej nocy, a {_FIRST}"
        if gap is not None:
            problem(where, f"deadline: {gap}")
            return None, None
        return local.date(), hour
    problem(where, f"deadline musi być datą lub datą z godziną bez cudzysłowu, {example}")
    return None, None


def _results(
    raw: Any, where: str, published: date | None, deadline: date | None, problem: Problem
) -> CallResults | None:
    """The results, refused when dated before the publication or before the deadline day (no
    call is decided while it still accepts offers: the pages would show it both open and
    decided)."""
    if raw is None:
        return None
    here = f"{where}, [calls.results]"
    if not isinstance(raw, dict):
        problem(here, "oczekiwano tabeli z polami date i url, np. date = 2024-06-20")
        return None
    for key in raw:
        if key not in RESULTS_KEYS:
            problem(here, f"nieznany klucz {echoed(key)} (dozwolone: {', '.join(RESULTS_KEYS)})")
    day = _date(raw, "date", here, problem, example="date = 2024-06-20")
    url = read_url(raw, "url", here, problem)
    if "url" not in raw:
        problem(here, "brak pola 'url' (adres ogłoszenia wyników)")
    if day is not None and published is not None and day < published:
        problem(
            here,
            f"wyniki ({format_date(day)}) nie mogą być przed dniem ogłoszenia "
            f"({format_date(published)})",
        )
        return None
    if day is not None and deadline is not None and day < deadline:
        problem(
            here,
            f"wyniki ({format_date(day)}) nie mogą być przed terminem składania ofert "
            f"({format_date(deadline)}) – nabór jeszcze przyjmuje oferty",
        )
        return None
    if day is None or url is None:
        return None
    return CallResults(day, url)


def _check_overlaps(calls: list[Call], tasks: Mapping[str, Task], problem: Problem) -> None:
    """A task may be in several calls (rounds, a repeated call), but for one window only one
    may accept offers at a time."""
    for key, task in tasks.items():
        mine = sorted((c for c in calls if key in c.tasks), key=lambda c: c.published)
        for earlier, later in pairwise(mine):
            same_window = call_window(task.windows, earlier) == call_window(task.windows, later)
            if same_window and later.published <= earlier.deadline:
                problem(
                    _where(later.index),
                    # Said without a tense: true of a nabór still open and of one long
                    # ended (a finished year's file) alike (blind round 37, M19).
                    f"zadanie {key} ma już na ten termin nabór – ogłoszenie nr "
                    f"{earlier.index}, termin składania ofert {format_date(earlier.deadline)}; "
                    f"to ogłoszenie ({format_date(later.published)}) wypada przed końcem "
                    "tamtego naboru, a jedno zadanie może być w jednym otwartym naborze "
                    "na termin",
                )
