"""The office's call forms: reading the posted fields (named as `notifier announce`'s
options: task, published, deadline, url, amount, title; results: results_date, results_url)
and what the pages show. The rules of a valid call are `check`'s, applied by writing the
edit in a dry run (notifier.files.record_call.edit_schedule_file); nothing is re-checked here
beyond reading the typed text (notifier.core.call_input)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from notifier.core.call_input import CallInputError, read_amount_text, read_day, read_deadline
from notifier.core.calls import Call, CallResults
from notifier.core.schedule import Schedule
from notifier.core.schedule_lint import schedule_warnings
from notifier.files.record_call import NewCall

FIELDS = ("published", "deadline", "url", "amount", "title")
MAX_FIELD = 2000  # characters of one typed field (the title is cut at 300 by check's rule)


@dataclass
class CallForm:
    """The call form as sent (or as filled from a recorded call), and what is wrong with it
    field by field (`errors`) and as a whole (`problems`: check's sentences)."""

    tasks: list[str] = field(default_factory=list)
    published: str = ""
    deadline: str = ""
    url: str = ""
    amount: str = ""
    title: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @classmethod
    def sent(cls, form: dict[str, list[str]]) -> CallForm:
        """The form's values as posted (one value per field; tasks many)."""
        value = {name: (form.get(name) or [""])[0][:MAX_FIELD].strip() for name in FIELDS}
        return cls(
            tasks=list(dict.fromkeys(form.get("task", []))),
            published=value["published"],
            deadline=value["deadline"],
            url=value["url"],
            amount=value["amount"],
            title=value["title"],
        )

    @classmethod
    def of(cls, call: Call) -> CallForm:
        """The form filled with a recorded call."""
        deadline = call.deadline.isoformat()
        if call.deadline_time is not None:
            deadline += f"T{call.deadline_time:%H:%M}"
        amount = "" if call.amount is None else format(call.amount.normalize(), "f")
        return cls(
            tasks=list(call.tasks),
            published=call.published.isoformat(),
            deadline=deadline,
            url=call.url,
            amount=amount,
            title=call.title or "",
        )

    def hidden(self) -> list[tuple[str, str]]:
        """(name, value) pairs that send the form again unchanged (the preview's buttons)."""
        pairs = [("task", key) for key in self.tasks]
        return pairs + [(name, getattr(self, name)) for name in FIELDS]

    def new_call(self) -> NewCall | None:
        """The call as announce takes it; None with `errors` filled when a field cannot be
        read."""
        self.errors = {}
        published: date | None = None
        deadline: date | datetime | None = None
        amount: Decimal | None = None
        if not self.tasks:
            self.errors["task"] = "Prosimy zaznaczyć co najmniej jedno zadanie."
        try:
            published = read_day(self.published)
        except CallInputError as exc:
            self.errors["published"] = f"Dzień ogłoszenia: {exc}"
        try:
            deadline = read_deadline(self.deadline)
        except CallInputError as exc:
            self.errors["deadline"] = f"Termin składania ofert: {exc}"
        if not self.url:
            self.errors["url"] = "Prosimy podać adres ogłoszenia (https://…)."
        if self.amount:
            try:
                amount = read_amount_text(self.amount)
            except CallInputError as exc:
                self.errors["amount"] = f"Kwota: {exc}"
        if self.errors or published is None or deadline is None:
            return None
        title = " ".join(self.title.split()) or None
        return NewCall(tuple(self.tasks), published, deadline, self.url, amount, title)


@dataclass
class ResultsForm:
    """The results form (rozstrzygnięcie): the day and the link, and what is wrong."""

    results_date: str = ""
    results_url: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def sent(cls, form: dict[str, list[str]]) -> ResultsForm:
        """The form's values as posted."""
        pick = lambda name: (form.get(name) or [""])[0][:MAX_FIELD].strip()
        return cls(pick("results_date"), pick("results_url"))

    @classmethod
    def of(cls, call: Call) -> ResultsForm:
        """The form filled with the call's results, if any."""
        if call.results is None:
            return cls()
        return cls(call.results.date.isoformat(), call.results.url)

    def results(self) -> CallResults | None:
        """The results; None with `errors` filled when a field cannot be read."""
        self.errors = {}
        day = None
        try:
            day = read_day(self.results_date)
        except CallInputError as exc:
            self.errors["results_date"] = f"Dzień ogłoszenia wyników: {exc}"
        if not self.results_url:
            self.errors["results_url"] = "Prosimy podać adres ogłoszenia wyników (https://…)."
        if day is None or self.errors:
            return None
        return CallResults(day, self.results_url)


_BLOCK = re.compile(r"^ogłoszenie \[\[calls\]\] nr \d+(, \[calls\.results\])?: ")
_FILE_KEY = re.compile(r" \((?:published|deadline|date) = [0-9T:-]+\)")


def readable_problems(problems: list[str]) -> list[str]:
    """check's problems without the file's places a file's reader needs ("ogłoszenie
    [[calls]] nr N:", "(published = 2026-12-20)"): the form is about one call, its fields
    have labels."""
    return [_FILE_KEY.sub("", _BLOCK.sub("", problem)) for problem in problems]


def call_warnings(schedule: Schedule, call: Call) -> list[str]:
    """check's warnings about this call (e.g. under 21 days for offers, art. 13 ust. 1)."""
    prefix = f"ogłoszenie [[calls]] nr {call.index} "
    return [w.removeprefix(prefix) for w in schedule_warnings(schedule) if w.startswith(prefix)]


def task_choices(schedule: Schedule, ticked: list[str]) -> list[dict[str, object]]:
    """The harmonogram's tasks by department for the form's boxes."""
    return [
        {
            "name": department.name,
            "tasks": [
                {
                    "key": t.key,
                    "title": department.title_of(t),
                    "period": t.period.text,
                    "on": t.key in ticked,
                }
                for t in department.tasks
            ],
        }
        for department in schedule.departments
    ]


def task_titles(schedule: Schedule) -> dict[str, str]:
    """Each task's key -> its name as calendars show it (Department.title_of)."""
    return {t.key: d.title_of(t) for d in schedule.departments for t in d.tasks}
