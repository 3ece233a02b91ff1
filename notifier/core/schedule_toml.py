"""Parse a schedule's TOML text into the model (notifier.core.schedule); report every problem.

Pure: the text comes in, a Schedule or a ScheduleError listing every problem goes out;
reading the file is notifier.files.reading's job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from notifier.core import topic_vocabulary
from notifier.core.addresses import AddressError, normalised_address, read_staff
from notifier.core.calls_toml import read_calls
from notifier.core.echo import echoed
from notifier.core.input_rules import day_problem, id_length_problem
from notifier.core.schedule import (
    HEAD_KEYS,
    SLUG_RE,
    Department,
    Office,
    Schedule,
    ScheduleError,
    Task,
)
from notifier.core.schedule_lines import TaskLines, task_key_lines
from notifier.core.schedule_messages import printed_as, quoted_title, year_problem
from notifier.core.task_fields import TASK_DETAIL_KEYS, read_task_details, read_url
from notifier.core.task_period import read_period
from notifier.core.toml_shape import not_utf8_problem, read_toml, visible_strings
from notifier.core.topic_vocabulary import accepted_topics, effective_topics, unknown_topic

_SLUG_RULE = (
    "może zawierać tylko małe litery a–z bez polskich znaków, cyfry i pojedyncze myślniki "
    '(np. "pomoc-spoleczna")'
)


def parse_schedule_bytes(data: bytes, source: str) -> Schedule:
    """Decode (UTF-8) and validate a schedule file's bytes; raise ScheduleError if they fail.

    Line endings are read as a text file's are: CRLF and a lone CR both end a line; a UTF-8
    byte order mark (Windows Notepad writes one) is dropped.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScheduleError(source, [not_utf8_problem(data, exc.start)]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return parse_schedule(text, source=source)


def parse_schedule(text: str, source: str = "schedule.toml") -> Schedule:
    """Validate a schedule's TOML text (toml_shape.read_toml); ScheduleError: every problem.
    Invisible characters are removed from every text first, each said in Schedule.notes."""
    raw, notes = visible_strings(read_toml(text, source))
    reader = _Reader(task_key_lines(text))
    schedule = reader.read(raw)
    if reader.problems or schedule is None:
        raise ScheduleError(source, reader.problems)
    return replace(schedule, notes=tuple(notes)) if notes else schedule


_MISSING = object()


class _Reader:
    """Walks the parsed TOML, collecting problems instead of stopping at the first."""

    def __init__(self, lines: TaskLines | None = None) -> None:
        self.lines = lines or {}  # where each task's keys stand: problems name their line
        self.problems: list[str] = []
        self.as_of: date | None = None  # the harmonogram's "stan na dzień": deadlines start there
        self.declared: dict[str, str] | None = None  # the file's own [topics]

    def problem(self, where: str, what: str, line: int | None = None) -> None:
        text = f"{where}: {what}" if where else what
        self.problems.append(f"{line}: {text}" if line else text)

    def at_line(self, department: int, task: int, *keys: str) -> Callable[[str, str], None]:
        """A `problem` naming the line of the first of `keys` the task has (else its header)."""
        found = [self.lines.get((department, task, key)) for key in (*keys, "")]
        line = next((n for n in found if n), None)
        return lambda where, what: self.problem(where, what, line)

    # generic field readers ---------------------------------------------------------------

    def table(self, raw: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.problem(where, "oczekiwano tabeli")
            return None
        return raw

    def unknown_keys(self, raw: dict[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = tuple(allowed)
        for key in raw:
            if key not in allowed:
                self.problem(
                    where, f"nieznany klucz {echoed(key)} (dozwolone: {', '.join(allowed)})"
                )

    def text(
        self, raw: dict[str, Any], key: str, where: str, *, required: bool = True
    ) -> str | None:
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.problem(where, f"brak pola {echoed(key)}")
            return None
        if not isinstance(value, str):
            self.problem(where, f"pole {echoed(key)} musi być tekstem w cudzysłowie")
            return None
        value = " ".join(value.split())
        if not value and required:
            self.problem(where, f"pole {echoed(key)} jest puste")
            return None
        return value or None

    def slug(self, raw: dict[str, Any], key: str, where: str) -> str | None:
        value = self.text(raw, key, where)
        if value is None:
            return None
        wrong = id_length_problem(value) or (None if SLUG_RE.match(value) else _SLUG_RULE)
        if wrong is not None:
            self.problem(where, f"{key} {echoed(value)} {wrong}")
        return value if wrong is None else None

    # sections ------------------------------------------------------------------------------

    def read(self, raw: dict[str, Any]) -> Schedule | None:
        self.unknown_keys(
            raw, ("harmonogram", "office", "topics", "departments", "calls"), "poziom główny pliku"
        )
        head = self.harmonogram(raw.get("harmonogram", _MISSING))
        self.as_of = head["as_of"] if head else None
        office = self.office(raw.get("office", _MISSING))
        declared = self.declared = self.topics(raw.get("topics", _MISSING))
        topics = accepted_topics(declared)  # what tasks may name -> the area's slug
        year = head["year"] if head else None
        departments = self.departments(raw.get("departments", _MISSING), topics, year)
        known = {t.key: t for d in departments or () for t in d.tasks}
        calls = read_calls(raw.get("calls"), known, self.problem)
        if self.problems or head is None or office is None or departments is None:
            return None
        if None in (head["title"], head["city"], head["year"], head["as_of"]):
            return None
        return Schedule(
            title=head["title"],
            city=head["city"],
            year=head["year"],
            as_of=head["as_of"],
            source=head["source"],
            announcements_url=head["announcements_url"],
            office=office,
            topics=effective_topics(
                declared, (slug for d in departments for t in d.tasks for slug in t.topics)
            ),
            departments=departments,
            city_id=head["city_id"] or "",
            region=head["region"],
            calls=calls,
        )

    def harmonogram(self, raw: Any) -> dict[str, Any] | None:
        where = "[harmonogram]"
        if raw is _MISSING:
            self.problem(where, "brak sekcji")
            return None
        table = self.table(raw, where)
        if table is None:
            return None
        self.unknown_keys(table, HEAD_KEYS, where)
        out: dict[str, Any] = {
            "title": self.text(table, "title", where),
            "city": self.text(table, "city", where),
            "source": self.text(table, "source", where, required=False),
            "announcements_url": read_url(table, "announcements_url", where, self.problem),
            "city_id": self.slug(table, "city_id", where) if "city_id" in table else None,
            "region": self.text(table, "region", where, required=False),
            "year": None,
            "as_of": None,
        }
        year = table.get("year", _MISSING)
        if year is _MISSING:
            self.problem(where, "brak pola 'year' (rok harmonogramu, np. year = 2024)")
        elif (problem := year_problem(year)) is not None:
            self.problem(where, problem)
        else:
            out["year"] = year
        as_of = table.get("as_of", _MISSING)
        if as_of is _MISSING:
            self.problem(where, "brak pola 'as_of' (stan na dzień, np. as_of = 2024-01-10)")
        elif type(as_of) is not date:
            self.problem(
                where,
                f"as_of musi być datą bez cudzysłowu w formacie RRRR-MM-DD, np. as_of = 2024-01-10 "
                f"(jest {echoed(as_of)})",
            )
        elif day_problem(as_of) is not None:
            self.problem(where, f"as_of: {day_problem(as_of)}")
        else:
            out["as_of"] = as_of
        # Partial on purpose: a valid year still lets the periods be checked below.
        return out

    def office(self, raw: Any) -> Office | None:
        where = "[office]"
        if raw is _MISSING:
            self.problem(where, "brak sekcji (biuro, które dostaje cotygodniowe podsumowanie)")
            return None
        table = self.table(raw, where)
        if table is None:
            return None
        self.unknown_keys(table, ("name", "email", "staff"), where)
        name = self.text(table, "name", where)
        email = self.text(table, "email", where)
        if email is not None:
            try:
                email = normalised_address(email)
            except AddressError as exc:
                self.problem(f"{where} email", str(exc))
                email = None
        staff = read_staff(table.get("staff", []), where, self.problem)
        if name is None or email is None:
            return None
        return Office(name=name, email=email, staff=staff)

    def topics(self, raw: Any) -> dict[str, str] | None:
        """The file's own [topics]; None when it omits the table (the shared vocabulary)."""
        where = "[topics]"
        if raw is _MISSING:
            return None
        table = self.table(raw, where)
        if table is None:
            return {}
        if count_problem := topic_vocabulary.count_problem(len(table)):
            self.problem(where, count_problem)
        topics: dict[str, str] = {}
        for slug, label in table.items():
            if wrong := id_length_problem(slug) or (None if SLUG_RE.match(slug) else _SLUG_RULE):
                self.problem(where, f"temat {echoed(slug)}: identyfikator {wrong}")
            elif not isinstance(label, str) or not label.strip():
                self.problem(where, f"temat {echoed(slug)}: nazwa musi być niepustym tekstem")
            else:
                topics[slug] = " ".join(label.split())
        return topics

    def departments(
        self, raw: Any, topics: Mapping[str, str], year: int | None
    ) -> tuple[Department, ...] | None:
        if raw is _MISSING:
            self.problem("[[departments]]", "brak wydziałów")
            return None
        if not isinstance(raw, list) or not raw:
            self.problem("[[departments]]", "oczekiwano co najmniej jednej sekcji [[departments]]")
            return None
        seen: dict[str, str] = {}
        out = []
        for index, item in enumerate(raw, start=1):
            department = self.department(item, index, topics, year, seen)
            if department is not None:
                out.append(department)
        return tuple(out)

    def department(
        self,
        raw: Any,
        index: int,
        topics: Mapping[str, str],
        year: int | None,
        seen: dict[str, str],
    ) -> Department | None:
        where = f"wydział nr {index} na liście"
        table = self.table(raw, where)
        if table is None:
            return None
        dept_id = self.slug(table, "id", where)
        if dept_id is not None:
            where = f"wydział {echoed(dept_id)}"
            at = f"wydział na pozycji {index}."
            named = quoted_title(table.get("name"))
            if dept_id in seen:
                self.problem(
                    where,
                    f"powtórzony identyfikator wydziału – ma go też {seen[dept_id]}; "
                    f"to jest {at}{named}",
                )
            seen.setdefault(dept_id, f"{at} na liście{named}")
        self.unknown_keys(table, ("id", "name", "scope", "tasks"), where)
        name = self.text(table, "name", where)
        scope = self.text(table, "scope", where, required=False)
        raw_tasks = table.get("tasks", _MISSING)
        if isinstance(raw_tasks, dict):
            self.problem(
                where, "zadania zapisz w sekcjach [[departments.tasks]] (podwójne nawiasy)"
            )
            raw_tasks = []
        elif raw_tasks is _MISSING or not isinstance(raw_tasks, list) or not raw_tasks:
            self.problem(where, "brak zadań (co najmniej jedna sekcja [[departments.tasks]])")
            raw_tasks = []
        tasks = []
        seen_tasks: dict[str, str] = {}
        for task_index, raw_task in enumerate(raw_tasks, start=1):
            task = self.task(
                raw_task, where, task_index, dept_id, topics, year, seen_tasks, dept_index=index
            )
            if task is not None:
                tasks.append(task)
        if dept_id is None or name is None:
            return None
        return Department(id=dept_id, name=name, scope=scope, tasks=tuple(tasks))

    def task(
        self,
        raw: Any,
        dept_where: str,
        index: int,
        dept_id: str | None,
        topics: Mapping[str, str],
        year: int | None,
        seen: dict[str, str],
        dept_index: int = 0,
    ) -> Task | None:
        where = f"{dept_where}, zadanie nr {index} na liście"
        table = self.table(raw, where)
        if table is None:
            return None
        task_id = self.slug(table, "id", where)
        if task_id is not None:
            where = f"{dept_where}, zadanie {echoed(task_id)}"
            at = f"zadanie na pozycji {index}."
            printed = printed_as(table)
            if task_id in seen:
                self.problem(
                    where,
                    f"powtórzony identyfikator zadania – ma go też {seen[task_id]}; "
                    f"to jest {at}{printed}",
                )
            seen.setdefault(task_id, f"{at} w tym wydziale{printed}")
        self.unknown_keys(
            table, ("id", "number", "title", "period", "window", "topics", *TASK_DETAIL_KEYS), where
        )
        number = table.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        elif number is not None and not isinstance(number, str):
            self.problem(where, 'number musi być tekstem lub liczbą, np. number = "2"')
            number = None
        title = self.text(table, "title", where)
        period = read_period(
            table,
            where,
            year,
            self.as_of,
            self.at_line(dept_index, index, "period"),
            self.at_line(dept_index, index, "window", "period"),
        )
        task_topics = self.task_topics(table, where, topics)
        details = read_task_details(
            table,
            where,
            year,
            self.as_of,
            self.problem,
            self.at_line(dept_index, index, "realization"),
        )
        if task_id is None or dept_id is None or title is None:
            return None
        if period is None or task_topics is None:
            return None
        return Task(
            id=task_id,
            department_id=dept_id,
            title=title,
            period=period,
            topics=task_topics,
            number=(number or "").strip() or None,
            **vars(details),
        )

    def task_topics(
        self, table: dict[str, Any], where: str, topics: Mapping[str, str]
    ) -> tuple[str, ...] | None:
        raw = table.get("topics", _MISSING)
        if raw is _MISSING or raw == []:
            self.problem(where, 'brak tematów (np. topics = ["sport"])')
            return None
        if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
            self.problem(where, 'topics musi być listą tekstów, np. topics = ["sport"]')
            return None
        ok = True
        for slug in raw:
            if slug not in topics:
                ok = False
                self.problem(where, unknown_topic(slug, self.declared))
        return tuple(dict.fromkeys(topics[s] for s in raw)) if ok else None
