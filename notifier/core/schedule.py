"""The schedule model: a harmonogram's departments and tasks as plain, immutable data.

notifier.core.schedule_toml reads the TOML text into this model; nothing here reads text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from notifier.core.calls import Call
from notifier.core.echo import bounded_problems, problem_count
from notifier.core.errors import NotifierError
from notifier.core.language import N_
from notifier.core.language import gettext as _
from notifier.core.polish import plural
from notifier.core.schedule_lines import located
from notifier.core.spans import Period, Span

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TITLE_SHORT = 40
READABLE_TITLE_MAX = 70  # characters of a title built from the printed one


class Mode(StrEnum):
    """How the task is funded (the act on public benefit activity and volunteering).

    konkurs: an open competition (art. 13), the default; maly-grant: a small grant outside
    competitions (art. 19a), usually "w trybie ciągłym"; powierzenie / wsparcie: full or
    partial financing of the task (art. 5 ust. 4 pkt 2); wieloletni: a multi-year call.
    """

    KONKURS = "konkurs"
    MALY_GRANT = "maly-grant"
    POWIERZENIE = "powierzenie"
    WSPARCIE = "wsparcie"
    WIELOLETNI = "wieloletni"

    @property
    def label(self) -> str:
        """Polish, as readers know it: "mały grant (art. 19a)"."""
        return _(_MODE_LABELS[self])


_MODE_LABELS = {
    Mode.KONKURS: N_("otwarty konkurs ofert"),
    Mode.MALY_GRANT: N_("mały grant (art. 19a, tryb pozakonkursowy)"),
    Mode.POWIERZENIE: N_("powierzenie realizacji zadania"),
    Mode.WSPARCIE: N_("wsparcie realizacji zadania"),
    Mode.WIELOLETNI: N_("konkurs wieloletni"),
}


@dataclass(frozen=True)
class Contact:
    """The person to ask about a task; at least one field is set, email already normalised."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def describe(self) -> str:
        """ "Jan Kowalski, jan@example.org, tel. 65 000 00 00"."""
        phone = _("tel. %(phone)s") % {"phone": self.phone} if self.phone else None
        parts = [self.name, self.email, phone]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, kw_only=True)
class TaskDetails:
    """What a harmonogram may print about a task beyond its title and period (all optional).

    `amount` is the planned funds in PLN, `amount_note` the amount as worded ("3 × 400 000
    zł"); `realization` the realization period as printed (shown, never reminded); `short` a
    short name for calendar titles and email subjects; `url` the call's or department's page.
    """

    short: str | None = None
    amount: Decimal | None = None
    amount_note: str | None = None
    realization: Period | None = None
    mode: Mode = Mode.KONKURS
    url: str | None = None
    contact: Contact | None = None


@dataclass(frozen=True, kw_only=True)
class Task(TaskDetails):
    """One task (zadanie) of a department, as printed in the harmonogram, with its details.

    `period` is when the call is expected (dated: one window, or several rounds; or undated);
    `topics` are slugs of the schedule's [topics]; `number` the item number as printed.
    """

    id: str
    department_id: str
    title: str
    period: Period
    topics: tuple[str, ...]
    number: str | None = None

    @property
    def key(self) -> str:
        """Globally unique and stable: what reminders and the delivery log refer to."""
        return f"{self.department_id}/{self.id}"

    @property
    def label(self) -> str:
        """The title with its printed item number, as a reader of the document knows it."""
        return f"{self.number}) {self.title}" if self.number else self.title

    @property
    def windows(self) -> tuple[Span, ...]:
        """The expected announcement windows: none (undated), one, or one per round."""
        return self.period.windows

    def round_label(self, window: Span) -> str:
        """'nabór 1 z 2' for a window of a task with rounds, '' for a task's only window.

        Raises ValueError if `window` is not one of the task's windows.
        """
        count = len(self.windows)
        if count <= 1:
            return ""
        return _("nabór %(round)s z %(count)s") % {
            "round": self.windows.index(window) + 1,
            "count": count,
        }


@dataclass(frozen=True)
class Department:
    """A department (wydział) and its tasks in file order; `scope` is its printed lead-in."""

    id: str
    name: str
    tasks: tuple[Task, ...]
    scope: str | None = None

    def title_of(self, task: Task) -> str:
        """A task's name for calendar titles and email subjects: its `short`, else a readable
        title built from the printed one and this department's scope (see readable_title)."""
        return task.short or readable_title(task.title, self.scope)

    @property
    def planned_amount(self) -> Decimal | None:
        """The sum of its tasks' amounts in PLN; None when no task has one."""
        amounts = [t.amount for t in self.tasks if t.amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None


@dataclass(frozen=True)
class Office:
    """The office that gets the weekly digest (email normalised), and `staff`: further
    addresses (normalised) that may sign in to the city's office area beside `email`."""

    name: str
    email: str
    staff: tuple[str, ...] = ()

    @property
    def people(self) -> tuple[str, ...]:
        """Every address that may sign in to the office area: `email`, then `staff`."""
        return tuple(dict.fromkeys((self.email, *self.staff)))


# The [harmonogram] keys that belong to the city, not to one year's document: next year's
# imported file carries them over (core.importing.toml_writer.write_toml), each a Schedule attribute.
CITY_KEYS = ("city_id", "region", "announcements_url")
# Every key of [harmonogram] (core.schedule_toml refuses any other).
HEAD_KEYS = ("title", "city", "year", "as_of", "source", *CITY_KEYS)


@dataclass(frozen=True)
class Schedule:
    """A whole harmonogram for one city and `year`, as of `as_of` ("stan na dzień").

    `topics` maps slug -> Polish label in file order; `announcements_url` is where the city
    publishes its calls (BIP, witkac, …); `calls` the calls recorded since ([[calls]], file
    order), each naming known tasks. Task keys ("department/task") are unique.
    `city_id` is the city's ascii slug in URLs ("zielona-gora"; default: `city` transliterated
    by ascii_slug), `region` an optional grouping such as the voivodeship. `notes` says
    what reading the file removed (invisible characters, input_rules.visible_text).
    """

    title: str
    city: str
    year: int
    as_of: date
    office: Office
    topics: Mapping[str, str]  # slug -> Polish label, in file order
    departments: tuple[Department, ...]
    source: str | None = None
    announcements_url: str | None = None
    city_id: str = ""
    region: str | None = None
    calls: tuple[Call, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)  # what was removed on reading
    _tasks_by_key: dict[str, Task] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.city_id:
            object.__setattr__(self, "city_id", ascii_slug(self.city))
        self._tasks_by_key.update((t.key, t) for t in self.tasks())

    def tasks(self) -> Iterator[Task]:
        """Every task, dated or not, in file order."""
        for department in self.departments:
            yield from department.tasks

    def task(self, key: str) -> Task | None:
        """The task with this key ("department/task"), or None if the schedule has none."""
        return self._tasks_by_key.get(key)

    def calls_of(self, task_key: str) -> tuple[Call, ...]:
        """The recorded calls covering the task, by publication day (then file order)."""
        found = [c for c in self.calls if task_key in c.tasks]
        return tuple(sorted(found, key=lambda c: (c.published, c.index)))

    def department(self, department_id: str) -> Department | None:
        """The department with this id, or None."""
        return next((d for d in self.departments if d.id == department_id), None)

    @property
    def planned_amount(self) -> Decimal | None:
        """The year's planned total in PLN over every task with an amount; None if none has."""
        amounts = [d.planned_amount for d in self.departments if d.planned_amount is not None]
        return sum(amounts, Decimal(0)) if amounts else None


class ScheduleError(NotifierError):
    """The schedule file has problems; `problems` lists every one, each saying where and what."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = bounded_problems(problems)  # each quoted input cut, at most 50
        total = problem_count(self.problems)  # a list bounded before keeps its real count
        count = f"{total} {plural(total, 'błąd', 'błędy', 'błędów')}"
        lines = [f"Harmonogram {source} zawiera {count}:"]
        lines += [f"  {located(source, p)}" for p in self.problems]
        super().__init__("\n".join(lines))


def shorten(text: str, limit: int = TITLE_SHORT, *, trim: str = " ,;:.–-") -> str:
    """The text cut at a word boundary to about `limit` characters, with "…" if cut.

    Characters in `trim` are dropped from the end of a cut text before the "…".
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(trim) + "…"


_CLAUSE_RE = re.compile(r"[;:]|,? w tym\b|,? m\.in\.|,? zwłaszcza\b|, mające\b|, mających\b")
_SCOPE_LEAD_RE = re.compile(r"w zakresie:?$", re.IGNORECASE)


@lru_cache(maxsize=8192)  # a title is asked for every event, page row and feed showing it
def readable_title(title: str, scope: str | None = None) -> str:
    """A title for a calendar event or an email subject, built from the printed one.

    The first clause only (up to ";", ":", "w tym", "m.in.", …), never ending in punctuation;
    a fragment that continues the department's scope "Zadania w zakresie:" ("rewitalizacji;")
    reads "W zakresie rewitalizacji"; otherwise the first letter is capitalised. At most
    READABLE_TITLE_MAX characters, cut at a word with "…".
    """
    text = " ".join(title.split())
    clause = _CLAUSE_RE.split(text, maxsplit=1)[0].strip(" ,;:.–-") or text.strip(" ,;:.")
    if scope and _SCOPE_LEAD_RE.search(scope.strip()) and clause[:1].islower():
        clause = f"W zakresie {clause}"
    clause = clause[:1].upper() + clause[1:]
    short = shorten(clause, READABLE_TITLE_MAX, trim=" ,;:–-")
    if short.endswith("…"):  # never end on a dangling "w", "i", "na", …
        words = short[:-1].split(" ")
        while len(words) > 1 and len(words[-1]) <= 2:
            words.pop()
        short = " ".join(words).rstrip(" ,;:–-") + "…"
    return short


_ASCII = str.maketrans({"ł": "l", "Ł": "L"})


def ascii_slug(text: str) -> str:
    """'Łódź' -> 'lodz', 'Zielona Góra' -> 'zielona-gora'; only a–z and 0–9 stay ("Maj ٢٠٢٤"
    -> 'maj': str.isalnum() would keep Arabic-Indic digits, which no id may hold). Format
    characters nobody sees ("Zero\\u200bWidth") join the letters around them, as they look:
    a search for "ZeroWidth" finds the name that holds one."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    plain = "".join(
        c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"
    ).lower()
    return "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in plain).split())
