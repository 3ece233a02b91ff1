"""Group dated tasks into announcements (the calendar's unit) and select them by topic/department.

A department usually announces one competition covering several tasks, so the windows of one
department's tasks that give the same span form one announcement, however the period was
worded. A task printed with several rounds ("marzec, wrzesień") is in one announcement per
round; undated tasks are in none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from notifier.core.echo import MAX_UNKNOWN, printable
from notifier.core.errors import NotifierError
from notifier.core.language import N_
from notifier.core.language import gettext as _
from notifier.core.schedule import Department, Schedule, Task
from notifier.core.spans import PeriodKind, Span, window_wording
from notifier.core.topic_vocabulary import canonical_topics


def announcement_uid(schedule: Schedule, department_id: str, start: date, end: date) -> str:
    """The UID of a department's announcement event for the window [start, end) of the
    harmonogram: "2024-mopr-20240601-20240701@leszno.harmonogram-konkursow"."""
    return f"{schedule.year}-{department_id}-{start:%Y%m%d}-{end:%Y%m%d}@{schedule.city_id}.harmonogram-konkursow"


@dataclass(frozen=True)
class Announcement:
    """One expected call: a department's window and the tasks (in file order) expected in it."""

    department: Department
    window: Span
    tasks: tuple[Task, ...]

    @property
    def start(self) -> date:
        """First day of the window."""
        return self.window.start

    @property
    def end(self) -> date:
        """Exclusive: the day after the window's last day."""
        return self.window.end

    @property
    def kind(self) -> PeriodKind:
        """The kind of the first task's period (it decides the wording: "najpóźniej do …")."""
        return self.tasks[0].period.kind

    @property
    def wording(self) -> str:
        """The window as readers see it: "1 maja – 31 maja 2024", "najpóźniej do 20 marca 2025"."""
        return window_wording(self.kind, self.window)

    def uid(self, schedule: Schedule) -> str:
        """Stable across runs and title edits; a window that moves becomes a new event.

        Unique across cities and years: the year and the city's id (by default the city's
        name transliterated, as before cities had ids) are part of it.
        """
        return announcement_uid(schedule, self.department.id, self.start, self.end)

    @property
    def period_texts(self) -> tuple[str, ...]:
        """The distinct periods as printed, in task order ("Maj 2024")."""
        return tuple(dict.fromkeys(t.period.text for t in self.tasks))


def group_announcements(schedule: Schedule) -> tuple[Announcement, ...]:
    """Every announcement, ordered by start, end, then department order in the file."""
    out: list[Announcement] = []
    for department in schedule.departments:
        spans: dict[Span, list[Task]] = {}
        for task in department.tasks:
            for window in task.windows:
                spans.setdefault(window, []).append(task)
        out.extend(
            Announcement(department, window, tuple(tasks)) for window, tasks in spans.items()
        )
    order = {d.id: i for i, d in enumerate(schedule.departments)}
    return tuple(sorted(out, key=lambda a: (a.start, a.end, order[a.department.id])))


class FilterError(NotifierError):
    """A topic or department that the schedule does not have; the message lists valid ones."""


@dataclass(frozen=True)
class TaskFilter:
    """Which tasks a view shows: any of `topics` and any of `departments`; empty means all."""

    topics: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()

    @property
    def is_everything(self) -> bool:
        """No topic and no department chosen: every task matches."""
        return not self.topics and not self.departments

    def matches(self, task: Task) -> bool:
        """Whether `task` has any of the topics (if any are chosen) and is in any of the
        departments (if any are chosen)."""
        if self.topics and self.topics.isdisjoint(task.topics):
            return False
        return not self.departments or task.department_id in self.departments

    def describe(self, schedule: Schedule) -> str:
        """A Polish label of the filter for calendar names and page headings ('' for all)."""
        parts = [schedule.topics[t] for t in schedule.topics if t in self.topics]
        parts += [d.name for d in schedule.departments if d.id in self.departments]
        return ", ".join(parts)


EVERYTHING = TaskFilter()


def make_filter(
    schedule: Schedule, topics: Iterable[str] = (), departments: Iterable[str] = ()
) -> TaskFilter:
    """Validate requested slugs and ids against the schedule; FilterError names the valid ones."""
    topics, departments = canonical_topics(topics), frozenset(departments)
    known_departments = [d.id for d in schedule.departments]
    problems = unknown_ids(UNKNOWN_TOPIC, topics, schedule.topics, list(schedule.topics))
    problems += unknown_ids(UNKNOWN_DEPARTMENT, departments, known_departments)
    if problems:
        raise FilterError("\n".join(problems))
    return TaskFilter(topics=topics, departments=departments)


@dataclass(frozen=True)
class UnknownIds:
    """The problem lines of one kind of id a filter names (gettext ids, N_-marked): one for
    values nothing has ("nieznany temat: x. Dostępne tematy: a, b") and one for a parameter
    given without a value (?topic=), which names no id at all and says so."""

    unknown: str  # with %(unknown)s and %(known)s
    empty: str  # with %(known)s


UNKNOWN_TOPIC = UnknownIds(
    N_("nieznany temat: %(unknown)s. Dostępne tematy: %(known)s"),
    N_(
        "parametr topic= jest pusty – prosimy wpisać po „=” jeden z tematów albo usunąć ten "
        "parametr z adresu. Dostępne tematy: %(known)s"
    ),
)
UNKNOWN_DEPARTMENT = UnknownIds(
    N_("nieznany wydział: %(unknown)s. Dostępne wydziały: %(known)s"),
    N_(
        "parametr department= jest pusty – prosimy wpisać po „=” jeden z wydziałów albo usunąć "
        "ten parametr z adresu. Dostępne wydziały: %(known)s"
    ),
)
UNKNOWN_YEAR = UnknownIds(
    N_("nieznany rok: %(unknown)s. Dostępne lata: %(known)s"),
    N_(
        "parametr year= jest pusty – prosimy wpisać po „=” jeden z lat albo usunąć ten parametr "
        "z adresu. Dostępne lata: %(known)s"
    ),
)
UNKNOWN_CITY = UnknownIds(
    N_("nieznane miasto: %(unknown)s. Dostępne miasta: %(known)s"),
    N_(
        "parametr city= jest pusty – prosimy wpisać po „=” jedno z miast albo usunąć ten "
        "parametr z adresu. Dostępne miasta: %(known)s"
    ),
)
UNKNOWN_REGION = UnknownIds(
    N_("nieznany region: %(unknown)s. Dostępne regiony: %(known)s"),
    N_(
        "parametr region= jest pusty – prosimy wpisać po „=” jeden z regionów albo usunąć ten "
        "parametr z adresu. Dostępne regiony: %(known)s"
    ),
)


def unknown_ids(
    kind: UnknownIds,
    asked: Iterable[str],
    accepted: Iterable[str],
    offered: Iterable[str] | None = None,
) -> list[str]:
    """The problem lines (in the current language) of the ids in `asked` that are not
    `accepted`, naming what is `offered` (`accepted` when not given): "nieznany temat: x.
    Dostępne tematy: a, b", and a line of its own for an empty value ("parametr topic= jest
    pusty …", never "nieznany temat: ."); [] when every id is known. The rule of every
    filter of the service (feeds, pages, the API)."""
    accepted = list(accepted)
    unknown = sorted(set(asked) - set(accepted))
    if not unknown:
        return []
    known = ", ".join(accepted if offered is None else list(offered))
    lines = [_(kind.empty) % {"known": known}] if "" in unknown else []
    named = [u for u in unknown if u]
    if named:
        shown = ", ".join(printable(u) for u in named[:MAX_UNKNOWN])
        lines.append(_(kind.unknown) % {"unknown": shown, "known": known})
    return lines


@dataclass(frozen=True)
class Selected:
    """An announcement as one view shows it: the tasks that match, and how many do not."""

    announcement: Announcement
    matching: tuple[Task, ...]

    @property
    def others(self) -> int:
        """How many of the announcement's tasks the filter left out."""
        return len(self.announcement.tasks) - len(self.matching)


def select(
    announcements: Iterable[Announcement], task_filter: TaskFilter = EVERYTHING
) -> list[Selected]:
    """The announcements with at least one task matching the filter."""
    out = []
    for announcement in announcements:
        matching = tuple(t for t in announcement.tasks if task_filter.matches(t))
        if matching:
            out.append(Selected(announcement, matching))
    return out
