"""Hypothesis strategies for the reminder rule: small schedules, subscribers, moments, claims."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from due_reference import Claim, SubscriberPrefs
from hypothesis import strategies as st

from notifier.core.due import due_at
from notifier.core.schedule import Department, Office, Schedule, Task
from notifier.core.spans import DatedPeriod, PeriodKind, Span, UndatedPeriod
from notifier.core.time import TIMEZONE

TOPICS = ("a", "b", "c")
BASE = date(2024, 1, 1)


def make_task(
    task_id: str,
    start: date | None,
    end: date | None,
    topics: tuple[str, ...] = ("a",),
    gap: int | None = None,
) -> Task:
    """A task with one window [start, end), or none; with `gap`, a second round as long as
    the first, `gap` days after it."""
    if start is None or end is None:
        return Task(
            id=task_id,
            department_id="d",
            title=task_id,
            period=UndatedPeriod(text="-"),
            topics=topics,
        )
    windows = [Span(start, end)]
    if gap is not None:
        second = end + timedelta(days=gap)
        windows.append(Span(second, second + (end - start)))
    kind = PeriodKind.MONTHS if gap is None else PeriodKind.ROUNDS
    period = DatedPeriod(text="okres", kind=kind, windows=tuple(windows))
    return Task(id=task_id, department_id="d", title=task_id, period=period, topics=topics)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    specs = draw(
        st.lists(
            st.tuples(
                st.one_of(st.none(), st.integers(0, 400)),
                st.integers(1, 200),
                st.sets(st.sampled_from(TOPICS), min_size=1),
                st.one_of(st.none(), st.integers(1, 120)),  # a second round this many days on
            ),
            min_size=1,
            max_size=8,
        )
    )
    tasks = []
    for i, (offset, length, topics, gap) in enumerate(specs):
        start = None if offset is None else BASE + timedelta(days=offset)
        end = None if start is None else start + timedelta(days=length)
        tasks.append(make_task(f"t{i}", start, end, tuple(sorted(topics)), gap))
    return Schedule(
        title="Harmonogram",
        city="Testowo",
        year=2024,
        as_of=BASE,
        office=Office(name="Biuro", email="biuro@example.org"),
        topics={t: t.upper() for t in TOPICS},
        departments=(Department(id="d", name="Wydział", tasks=tuple(tasks)),),
    )


# Lead times as a subscriber might hold them, the invalid ones included (never due).
ANY_LEADS = st.one_of(st.integers(1, 60), st.integers(-2, 90))
ACTIVE_ONLY = st.just(True)


def subscribers(
    leads: st.SearchStrategy[int] = ANY_LEADS,
    states: st.SearchStrategy[bool] = ACTIVE_ONLY,
    topics: tuple[str, ...] = TOPICS,
    max_size: int = 4,
) -> st.SearchStrategy[list[SubscriberPrefs]]:
    """Subscribers with ids 1, 2, …: some topics (or every topic), 1–4 lead times, active or not."""
    return st.lists(
        st.tuples(
            st.one_of(st.none(), st.frozensets(st.sampled_from(topics), min_size=1)),
            st.lists(leads, min_size=1, max_size=4),
            states,
        ),
        min_size=1,
        max_size=max_size,
    ).map(
        lambda specs: [
            SubscriberPrefs(
                id=i, email=f"s{i}@example.org", topics=t, lead_days=tuple(ls), active=active
            )
            for i, (t, ls, active) in enumerate(specs, 1)
        ]
    )


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Warsaw wall-clock moment."""
    return datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


# Any instant, or one at the edges the rule cares about: 08:00 and 00:00 Warsaw, a minute either way.
moments = st.one_of(
    st.datetimes(
        min_value=datetime(2023, 10, 1),
        max_value=datetime(2025, 8, 1),
        timezones=st.sampled_from([UTC, TIMEZONE]),
        allow_imaginary=False,
    ),
    st.builds(
        lambda day, hour, minutes: at(2023, 10, 1, hour) + timedelta(days=day, minutes=minutes),
        st.integers(0, 670),
        st.sampled_from([0, 8]),
        st.sampled_from([-1, 0, 1]),
    ),
)


def edge_moments(schedule: Schedule) -> list[datetime]:
    """A minute before, at, and after each window's due moment for the leads at the edges."""
    return [
        due_at(window, lead) + timedelta(minutes=minutes)
        for task in schedule.tasks()
        for window in task.windows
        for lead in (-1, 0, 1, 2, 59, 60, 61)
        for minutes in (-1, 0, 1)
    ]


def moments_for(schedule: Schedule) -> st.SearchStrategy[datetime]:
    """Any moment, or one at an edge of this schedule's reminders."""
    edges = edge_moments(schedule)
    return st.one_of(moments, st.sampled_from(edges)) if edges else moments


def claims(subscribers: list[SubscriberPrefs], schedule: Schedule) -> st.SearchStrategy[set[Claim]]:
    """Some (subscriber id, task key, window start, lead) already in the delivery log; a start
    that is no window's ("x") stands for a claim of a window that has since moved. Most name a
    real window and one of the subscriber's own leads, so they do hide due reminders."""
    windows = [(t.key, w.start.isoformat()) for t in schedule.tasks() for w in t.windows]
    starts = sorted({start for _, start in windows} | {"x"})
    keys = [t.key for t in schedule.tasks()]
    anywhere = st.tuples(st.sampled_from(keys), st.sampled_from(starts))
    where = st.one_of(st.sampled_from(windows), anywhere) if windows else anywhere

    def claim(drawn: tuple[SubscriberPrefs, tuple[str, str], int, int | None]) -> Claim:
        person, (key, start), any_lead, own = drawn
        leads = person.lead_days
        lead = leads[own % len(leads)] if own is not None and leads else any_lead
        return (person.id, key, start, lead)

    own_lead = st.one_of(st.none(), st.integers(0, 10))  # an index into the subscriber's leads
    drawn = st.tuples(st.sampled_from(subscribers), where, st.integers(1, 60), own_lead)
    return st.sets(drawn.map(claim), max_size=20)
