"""notifier.core.due.due_for: what one subscriber's preferences take of the windows due.

The decide step (notifier.jobs.due_query) runs it once per distinct preferences, so it must
give, for any subscriber, what the plain reference gives before the delivery log is consulted;
and it is where cities are chosen.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from due_reference import SubscriberPrefs, reminders_due
from due_strategies import TOPICS, make_task, moments_for, schedules
from hypothesis import given
from hypothesis import strategies as st

from notifier.core.catalog import Catalog
from notifier.core.due import DueTask, due_for, due_windows
from notifier.core.schedule import Department, Office, Schedule
from notifier.core.time import TIMEZONE


@given(
    schedule=schedules(),
    topics=st.one_of(st.none(), st.frozensets(st.sampled_from((*TOPICS, "gone")), min_size=1)),
    leads=st.lists(st.integers(-3, 70), min_size=1, max_size=4),
    reminder_time=st.sampled_from([time(8, 0), time(0, 0), time(23, 59)]),
    data=st.data(),
)
def test_due_for_gives_what_the_reference_gives_one_subscriber(
    schedule: Schedule,
    topics: frozenset[str] | None,
    leads: list[int],
    reminder_time: time,
    data: st.DataObject,
) -> None:
    now = data.draw(moments_for(schedule), label="now")
    person = SubscriberPrefs(1, "ngo@example.org", topics, tuple(leads))
    expected = reminders_due(schedule, [person], now, reminder_time=reminder_time)
    windows = due_windows(Catalog.single(schedule), now, reminder_time)
    got = due_for(windows, topics=topics, lead_days=leads, cities=None)
    want = expected[0].items if expected else ()
    shown = [(i.task.key, i.window, i.leads) for i in got]
    assert shown == [(i.task.key, i.window, i.leads) for i in want]


def _harmonogram(city: str, topics: tuple[str, ...] = ("sport",)) -> Schedule:
    task = make_task("t", date(2024, 5, 1), date(2024, 6, 1), topics=topics)
    return Schedule(
        title="Harmonogram",
        city=city,
        year=2024,
        as_of=date(2024, 1, 1),
        office=Office(name="Biuro", email="biuro@example.org"),
        topics={"sport": "Sport", "kultura": "Kultura"},
        departments=(Department(id="d", name="Wydział", tasks=(task,)),),
    )


NOW = datetime(2024, 4, 24, 8, 0, tzinfo=TIMEZONE)  # lead 7 due for May 1


def _catalog_windows(*cities: str) -> list[DueTask]:
    out = []
    for city in cities:
        schedule = _harmonogram(city)
        out += [replace(d, schedule=schedule) for d in due_windows(Catalog.single(schedule), NOW)]
    return out


def test_cities_chosen_take_only_their_harmonograms() -> None:
    windows = _catalog_windows("Leszno", "Zielona Góra", "Kalisz")
    chosen = due_for(windows, topics=None, lead_days=(7,), cities=frozenset({"leszno", "kalisz"}))
    assert [i.schedule.city_id for i in chosen if i.schedule] == ["leszno", "kalisz"]
    everyone = due_for(windows, topics=None, lead_days=(7,), cities=None)
    assert len(everyone) == 3
    assert due_for(windows, topics=None, lead_days=(7,), cities=frozenset()) == ()


def test_a_task_outside_a_catalog_is_for_every_city() -> None:
    # A DueTask a caller builds without its harmonogram: city "".
    windows = [
        replace(d, schedule=None) for d in due_windows(Catalog.single(_harmonogram("Leszno")), NOW)
    ]
    assert len(due_for(windows, topics=None, lead_days=(7,), cities=frozenset({"kalisz"}))) == 1


def test_leads_below_the_smallest_due_one_or_outside_1_to_60_are_not_due() -> None:
    windows = due_windows(Catalog.single(_harmonogram("Leszno")), NOW)
    (item,) = due_for(windows, topics=None, lead_days=(61, 3, 14, 7, 0, 7), cities=None)
    assert item.leads == (7, 14)
    assert due_for(windows, topics=None, lead_days=(3, 6), cities=None) == ()
    assert due_for(windows, topics=None, lead_days=(), cities=None) == ()


def test_topics_must_meet_the_tasks_and_every_topic_takes_a_task_without_topics() -> None:
    windows = due_windows(Catalog.single(_harmonogram("Leszno", topics=())), NOW)
    assert due_for(windows, topics=frozenset({"sport"}), lead_days=(7,), cities=None) == ()
    assert len(due_for(windows, topics=None, lead_days=(7,), cities=None)) == 1
    sport = due_windows(Catalog.single(_harmonogram("Leszno")), NOW)
    assert due_for(sport, topics=frozenset({"kultura"}), lead_days=(7,), cities=None) == ()
    assert len(due_for(sport, topics=frozenset({"kultura", "sport"}), lead_days=(7,), cities=None))
