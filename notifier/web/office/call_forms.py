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
from notifier.core.calls_toml import TITLE_MAX
from notifier.core.input_rules import (
    URL_MAX,
    invisible_char_note,
    length_problem,
    removed_char_problem,
    visible_text,
    without_forbidden_chars,
)
from notifier.core.schedule import Schedule
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.task_fields import read_url
from notifier.files.record_call import NewCall
from notifier.web.office.wording import office_errors, office_wording

FIELDS = ("published", "deadline", "url", "amount", "title")
# The most characters each field takes (core.input_rules.length_problem; the templates'
# maxlength says the same): an address and a title by the rule of a file's text, a day, a
# deadline and an amount by the longest way of writing them that reads.
LIMITS = {
    "published": 10,
    "deadline": 16,
    "url": URL_MAX,
    "amount": 20,
    "title": TITLE_MAX,
    "results_date": 10,
    "results_url": URL_MAX,
}
LABELS = {  # each field's label as the form shows it, which its errors begin with
    "task": "Zadania",
    "published": "Dzień ogłoszenia",
    "deadline": "Termin składania ofert",
    "url": "Adres ogłoszenia",
    "amount": "Kwota",
    "title": "Nazwa ogłoszenia",
    "results_date": "Dzień ogłoszenia wyników",
    "results_url": "Adres ogłoszenia wyników",
}


def sent_values(
    form: dict[str, list[str]], names: tuple[str, ...]
) -> tuple[dict[str, str], dict[str, str]]:
    """The form's fields `names` as sent (one value each, stripped) with control characters
    removed — they are shown back to the office, cut to the field's LIMITS — and, by field,
    what stops them: a value longer than its limit ("Label: ma 5000 znaków – najwyżej
    2000"), control characters or invisible ones ("Label: zawiera …", the form refused:
    input_rules.removed_char_problem, input_rules.invisible_char_note)."""
    values, removed = {}, {}
    for name in names:
        raw = (form.get(name) or [""])[0].strip()
        sent = visible_text(raw)[0]
        problem = (
            length_problem(" ".join(sent.split()), LIMITS[name])
            or removed_char_problem(sent)
            or invisible_char_note(raw, refused=True)
        )
        if problem is not None:
            removed[name] = f"{LABELS[name]}: {problem}"
        values[name] = without_forbidden_chars(sent[: LIMITS[name]])[0].strip()
    return values, removed


def text_problem(name: str, value: str) -> str | None:
    """What is wrong with a typed text field by the rules of a file's text (an address that
    is not http(s); a title over TITLE_MAX), as "Label: why"."""
    problem = None
    if name in ("url", "results_url") and value:
        found: list[str] = []
        read_url({"url": value}, "url", "", lambda _where, what: found.append(what))
        problem = found[0].removeprefix("url ") if found else None
    if problem is None and name == "title":
        problem = length_problem(value, TITLE_MAX)
    return None if problem is None else f"{LABELS[name]}: {problem}"


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
    removed: dict[str, str] = field(default_factory=dict)  # see sent_values

    @classmethod
    def sent(cls, form: dict[str, list[str]]) -> CallForm:
        """The form's values as posted (one value per field, see sent_values; tasks many)."""
        value, removed = sent_values(form, FIELDS)
        return cls(
            tasks=list(dict.fromkeys(form.get("task", []))),
            published=value["published"],
            deadline=value["deadline"],
            url=value["url"],
            amount=value["amount"],
            title=value["title"],
            removed=removed,
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
        read (or had a control character removed)."""
        self.errors = dict(self.removed)
        published: date | None = None
        deadline: date | datetime | None = None
        amount: Decimal | None = None
        if not self.tasks:
            self.errors["task"] = "Prosimy zaznaczyć co najmniej jedno zadanie."
        try:
            published = read_day(self.published)
        except CallInputError as exc:
            self.errors.setdefault("published", f"Dzień ogłoszenia: {exc}")
        try:
            deadline = read_deadline(self.deadline)
        except CallInputError as exc:
            self.errors.setdefault("deadline", f"Termin składania ofert: {exc}")
        if not self.url:
            self.errors["url"] = "Prosimy podać adres ogłoszenia (https://…)."
        for name in ("url", "title"):
            problem = text_problem(name, getattr(self, name))
            if problem is not None:
                self.errors.setdefault(name, problem)
        if self.amount:
            try:
                amount = read_amount_text(self.amount)
            except CallInputError as exc:
                self.errors.setdefault("amount", f"Kwota: {exc}")
        self.errors = office_errors(self.errors)
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
    removed: dict[str, str] = field(default_factory=dict)  # see sent_values

    @classmethod
    def sent(cls, form: dict[str, list[str]]) -> ResultsForm:
        """The form's values as posted (see sent_values)."""
        value, removed = sent_values(form, ("results_date", "results_url"))
        return cls(value["results_date"], value["results_url"], removed=removed)

    @classmethod
    def of(cls, call: Call) -> ResultsForm:
        """The form filled with the call's results, if any."""
        if call.results is None:
            return cls()
        return cls(call.results.date.isoformat(), call.results.url)

    def results(self) -> CallResults | None:
        """The results; None with `errors` filled when a field cannot be read (or had a
        control character removed)."""
        self.errors = dict(self.removed)
        day = None
        try:
            day = read_day(self.results_date)
        except CallInputError as exc:
            self.errors.setdefault("results_date", f"Dzień ogłoszenia wyników: {exc}")
        if not self.results_url:
            self.errors["results_url"] = "Prosimy podać adres ogłoszenia wyników (https://…)."
        problem = text_problem("results_url", self.results_url)
        if problem is not None:
            self.errors.setdefault("results_url", problem)
        self.errors = office_errors(self.errors)
        if day is None or self.errors:
            return None
        return CallResults(day, self.results_url)


_BLOCK = re.compile(r"^ogłoszenie \[\[calls\]\] nr \d+(, \[calls\.results\])?: ")
_FILE_KEY = re.compile(r" \((?:published|deadline|date) = [0-9T:-]+\)")
# check's places of one call's values: "calls[2].results.url: …" (a text's control character)
# and "ogłoszenie [[calls]] nr 2, [calls.results]: url …" (the calls' own rules)
_PLACE = re.compile(r"^calls\[(\d+)\]\.(\w+)(?:\.(\w+))?(?:\[\d+\])?: (?:tekst )?")
_IN_BLOCK = re.compile(r"^ogłoszenie \[\[calls\]\] nr (\d+)(, \[calls\.results\])?: ")
_KEY = re.compile(r"^(tasks|published|deadline|url|amount|title|date)\b(?: = [^:]*)?:? ?")
_WORDS = {  # a problem of the block that names no key, by its first words
    "termin składania ofert (": "deadline",
    "nieznane zadanie": "task",
    "dzień ogłoszenia wyników": "results_date",  # before "dzień ogłoszenia": first match wins
    "dzień ogłoszenia": "published",
    "wyniki (": "results_date",
}


def _field(key: str, results: bool) -> str:
    if results:
        return {"date": "results_date", "url": "results_url"}.get(key, "results_date")
    return "task" if key == "tasks" else key


def form_errors(problems: list[str], index: int) -> tuple[dict[str, str], list[str]]:
    """check's `problems` of the call numbered `index` in its file put next to the form's
    fields ("Nazwa ogłoszenia: zawiera niedozwolony znak sterujący U+0007 …", by LABELS),
    and the others for the list above the form (readable_problems; another call's named as
    "inne ogłoszenie (nr N): …")."""
    errors: dict[str, str] = {}
    rest = []
    for problem in problems:
        field, why = None, problem
        place = _PLACE.match(problem)
        block = _IN_BLOCK.match(problem)
        found = place or block
        if found is not None and int(found[1]) != index:
            rest.append(f"inne ogłoszenie (nr {found[1]}): {problem[found.end() :]}")
            continue
        if place is not None and int(place[1]) == index:
            field, why = _field(place[3] or place[2], place[2] == "results"), problem[place.end() :]
        elif block is not None and int(block[1]) == index:
            why = problem[block.end() :]
            key = _KEY.match(why)
            if key is not None:
                field, why = _field(key[1], block[2] is not None), why[key.end() :]
            else:
                field = next((f for w, f in _WORDS.items() if why.startswith(w)), None)
        if field in LABELS and field not in errors:
            why = _FILE_KEY.sub("", why)
            label = LABELS[field]
            said = why[:1].upper() + why[1:] if why.startswith(label.lower()) else None
            errors[field] = said or f"{label}: {why}"
        else:
            rest.append(problem)
    return office_errors(errors), [office_wording(p) for p in readable_problems(rest)]


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
