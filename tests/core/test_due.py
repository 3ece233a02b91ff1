"""notifier.core.due: which reminders are due at a moment, against the real Leszno 2024 schedule.

The named cases go through tests/due_reference.py (the plain statement of the decision the
database makes); the properties tie it and due_windows to the rule, is_due.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from due_reference import SubscriberPrefs, reminders_due
from due_strategies import claims, edge_moments, moments, moments_for, schedules
from due_strategies import subscribers as subscribers_of
from hypothesis import given
from hypothesis import strategies as st
from schedule_text import department_toml, schedule_toml, task_toml, with_calls

from notifier.core.catalog import Catalog
from notifier.core.due import due_at, due_windows, is_due, window_end
from notifier.core.preferences import LEAD_DAYS_RANGE
from notifier.core.schedule import Schedule
from notifier.core.schedule_toml import parse_schedule
from notifier.core.time import REMINDER_TIME, TIMEZONE, run_moment

SPORT = "kultura-sport/rozwoj-sportu"
SENIORS = "mopr/wsparcie-seniorow"
TOURISM_FIRST = "informacja-turystyczna/szlaki"
MAY_ADDICTIONS = {
    "uzaleznienia/kluby-abstynenckie",
    "uzaleznienia/aktywizacja-uzaleznionych",
    "uzaleznienia/warsztaty-mlodziez",
    "uzaleznienia/biuro-wolontariatu",
    "uzaleznienia/harcerstwo",
    "uzaleznienia/ofiary-przemocy",
}


def sub(
    topics: frozenset[str] | None, *leads: int, id: int = 1, email: str = "ngo@example.org"
) -> SubscriberPrefs:
    return SubscriberPrefs(id=id, email=email, topics=topics, lead_days=leads or (7,))


def keys(batches: list) -> list[list[str]]:
    return [[t.key for t in b.tasks] for b in batches]


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TIMEZONE)


SPORT_FAN = sub(frozenset({"sport"}), 7)
MAY = "2024-05-01"  # the sports task's window start: part of each claim


# --- the rule on the real schedule -------------------------------------------------------------


def test_constants_and_run_moment_are_eight_in_warsaw() -> None:
    assert REMINDER_TIME.hour == 8
    assert REMINDER_TIME.minute == 0
    assert str(TIMEZONE) == "Europe/Warsaw"
    assert run_moment(date(2024, 4, 24)) == at(2024, 4, 24, 8)
    assert run_moment(date(2024, 4, 24)).utcoffset() == timedelta(hours=2)
    assert run_moment(date(2024, 1, 10)).utcoffset() == timedelta(hours=1)


def test_due_at_is_eight_in_warsaw_lead_days_before_the_window(leszno: Schedule) -> None:
    (sport,) = leszno.task(SPORT).windows
    assert due_at(sport, 7) == at(2024, 4, 24, 8)
    assert due_at(sport, 60) == at(2024, 3, 2, 8)
    assert window_end(sport) == at(2024, 6, 1, 0)


def test_undated_task_has_no_window_and_no_reminder(leszno: Schedule) -> None:
    undated = leszno.task("sprawy-obywatelskie/fas-fasd")
    assert undated.windows == ()
    everyone = sub(None, *range(1, 61))
    for day in range(0, 366, 5):
        for batch in reminders_due(
            leszno, [everyone], run_moment(date(2024, 1, 1) + timedelta(day))
        ):
            assert undated not in batch.tasks


ROUNDS = schedule_toml(
    department_toml(
        "sport",
        "Wydział Sportu",
        task_toml("zawody", "zawody", "I nabór: marzec; II nabór: wrzesień"),
    )
)


def test_a_task_with_two_rounds_is_reminded_once_per_round() -> None:
    schedule = parse_schedule(ROUNDS)
    march, september = schedule.task("sport/zawody").windows
    fan = sub(None, 7)
    (first,) = reminders_due(schedule, [fan], run_moment(date(2024, 2, 23)))
    assert first.claims == ((1, "sport/zawody", "2024-03-01", 7),)
    assert first.items[0].window == march
    claimed = set(first.claims)
    assert reminders_due(schedule, [fan], run_moment(date(2024, 8, 24)), claimed) == []
    (second,) = reminders_due(schedule, [fan], run_moment(date(2024, 8, 25)), claimed)
    assert second.claims == ((1, "sport/zawody", "2024-09-01", 7),)
    assert second.items[0].window == september


def test_sport_reminder_with_lead_seven_is_due_from_april_24(leszno: Schedule) -> None:
    assert reminders_due(leszno, [SPORT_FAN], run_moment(date(2024, 4, 23))) == []
    (batch,) = reminders_due(leszno, [SPORT_FAN], run_moment(date(2024, 4, 24)))
    assert batch.subscriber == SPORT_FAN
    assert [t.key for t in batch.tasks] == [SPORT]
    assert batch.claims == ((1, SPORT, MAY, 7),)


def test_claimed_reminder_is_not_due_again(leszno: Schedule) -> None:
    now = run_moment(date(2024, 4, 24))
    (batch,) = reminders_due(leszno, [SPORT_FAN], now)
    assert reminders_due(leszno, [SPORT_FAN], now, set(batch.claims)) == []
    later = now + timedelta(hours=10)
    assert reminders_due(leszno, [SPORT_FAN], later, set(batch.claims)) == []


def test_unsent_reminder_is_still_due_late_while_the_window_is_open(leszno: Schedule) -> None:
    assert keys(reminders_due(leszno, [SPORT_FAN], run_moment(date(2024, 5, 20)))) == [[SPORT]]
    assert keys(reminders_due(leszno, [SPORT_FAN], at(2024, 5, 31, 23, 59))) == [[SPORT]]


def test_reminder_is_never_due_after_the_window_ended(leszno: Schedule) -> None:
    assert reminders_due(leszno, [SPORT_FAN], at(2024, 6, 1, 0, 0)) == []
    assert reminders_due(leszno, [SPORT_FAN], run_moment(date(2024, 6, 1))) == []


def test_seniors_june_task_is_due_on_may_25_not_24(leszno: Schedule) -> None:
    seniors = sub(frozenset({"seniorzy"}), 7)
    assert reminders_due(leszno, [seniors], run_moment(date(2024, 5, 24))) == []
    assert keys(reminders_due(leszno, [seniors], run_moment(date(2024, 5, 25)))) == [[SENIORS]]


def test_reminder_is_not_due_at_0759_and_due_at_0800(leszno: Schedule) -> None:
    assert reminders_due(leszno, [SPORT_FAN], at(2024, 4, 24, 7, 59)) == []
    assert keys(reminders_due(leszno, [SPORT_FAN], at(2024, 4, 24, 8, 0))) == [[SPORT]]


def test_now_in_another_zone_is_compared_as_the_same_instant(leszno: Schedule) -> None:
    # 08:00 CEST on 24 April is 06:00 UTC.
    before = datetime(2024, 4, 24, 5, 59, tzinfo=UTC)
    assert reminders_due(leszno, [SPORT_FAN], before) == []
    assert keys(reminders_due(leszno, [SPORT_FAN], before + timedelta(minutes=1))) == [[SPORT]]


def test_due_time_follows_summer_time_starting_in_late_march(leszno: Schedule) -> None:
    # Tourism opens 1 April; lead 1 is due on 31 March, the day clocks go forward: 08:00 CEST.
    tourist = sub(frozenset({"turystyka"}), 1)
    assert due_at(leszno.task(TOURISM_FIRST).windows[0], 1) == datetime(
        2024, 3, 31, 6, 0, tzinfo=UTC
    )
    assert reminders_due(leszno, [tourist], datetime(2024, 3, 31, 5, 59, tzinfo=UTC)) == []
    (batch,) = reminders_due(leszno, [tourist], datetime(2024, 3, 31, 6, 0, tzinfo=UTC))
    assert len(batch.items) == 5


LATE_OCTOBER = schedule_toml(
    department_toml(
        "sport", "Wydział Sportu", task_toml("listopad", "zawody listopadowe", "Listopad 2024")
    )
)


def test_due_time_follows_winter_time_starting_in_late_october() -> None:
    schedule = parse_schedule(LATE_OCTOBER)
    (task,) = schedule.task("sport/listopad").windows
    # Clocks go back on 27 October: lead 5 is due at 08:00 CET = 07:00 UTC, lead 6 the day
    # before at 08:00 CEST = 06:00 UTC.
    assert due_at(task, 5) == datetime(2024, 10, 27, 7, 0, tzinfo=UTC)
    assert due_at(task, 6) == datetime(2024, 10, 26, 6, 0, tzinfo=UTC)
    fan = sub(None, 5)
    assert reminders_due(schedule, [fan], datetime(2024, 10, 27, 6, 59, tzinfo=UTC)) == []
    assert keys(reminders_due(schedule, [fan], datetime(2024, 10, 27, 7, 0, tzinfo=UTC))) == [
        ["sport/listopad"]
    ]


def test_lead_sixty_is_due_weeks_before_lead_one(leszno: Schedule) -> None:
    early, late = sub(frozenset({"sport"}), 60, id=1), sub(frozenset({"sport"}), 1, id=2)
    assert reminders_due(leszno, [early, late], run_moment(date(2024, 3, 1))) == []
    (batch,) = reminders_due(leszno, [early, late], run_moment(date(2024, 3, 2)))
    assert batch.subscriber == early
    assert batch.claims == ((1, SPORT, MAY, 60),)
    sent = set(batch.claims)
    assert reminders_due(leszno, [early, late], at(2024, 4, 30, 7, 59), sent) == []
    (batch,) = reminders_due(leszno, [early, late], run_moment(date(2024, 4, 30)), sent)
    assert batch.subscriber == late
    assert batch.claims == ((2, SPORT, MAY, 1),)


def test_two_lead_times_list_the_task_once_and_claim_both(leszno: Schedule) -> None:
    both = sub(frozenset({"sport"}), 7, 14)
    (batch,) = reminders_due(leszno, [both], run_moment(date(2024, 4, 24)))
    assert [t.key for t in batch.tasks] == [SPORT]
    assert batch.items[0].leads == (7, 14)
    assert set(batch.claims) == {(1, SPORT, MAY, 7), (1, SPORT, MAY, 14)}


def test_fourteen_day_reminder_sent_earlier_leaves_only_the_seven_day_one(
    leszno: Schedule,
) -> None:
    both = sub(frozenset({"sport"}), 14, 7)
    (first,) = reminders_due(leszno, [both], run_moment(date(2024, 4, 17)))
    assert first.claims == ((1, SPORT, MAY, 14),)
    (second,) = reminders_due(leszno, [both], run_moment(date(2024, 4, 24)), set(first.claims))
    assert second.claims == ((1, SPORT, MAY, 7),)


def test_all_topics_subscriber_gets_every_task_due_in_one_batch(leszno: Schedule) -> None:
    everything = sub(None, 7)
    (batch,) = reminders_due(leszno, [everything], run_moment(date(2024, 4, 24)))
    due = {t.key for t in batch.tasks}
    assert MAY_ADDICTIONS | {SPORT} <= due
    # Windows already open (Marzec/Kwiecień, II–III kwartał) are still due late.
    assert {t.department_id for t in batch.tasks} == {
        "uzaleznienia",
        "kultura-sport",
        "rozwoj",
        "informacja-turystyczna",
    }
    assert len(due) == len(batch.items) == 15


def test_subscriber_only_gets_tasks_in_their_topics(leszno: Schedule) -> None:
    volunteer = sub(frozenset({"wolontariat"}), 7)
    (batch,) = reminders_due(leszno, [volunteer], run_moment(date(2024, 4, 24)))
    assert [t.key for t in batch.tasks] == ["uzaleznienia/biuro-wolontariatu"]


def test_one_batch_per_subscriber_with_something_due(leszno: Schedule) -> None:
    people = [
        sub(frozenset({"sport"}), 7, id=1),
        sub(frozenset({"seniorzy"}), 7, id=2),
        sub(frozenset({"sport", "wolontariat"}), 7, id=3),
    ]
    batches = reminders_due(leszno, people, run_moment(date(2024, 4, 24)))
    assert [b.subscriber.id for b in batches] == [1, 3]
    assert keys(batches) == [[SPORT], ["uzaleznienia/biuro-wolontariatu", SPORT]]


def test_undated_tasks_are_never_due(leszno: Schedule) -> None:
    undated = {t.key for t in leszno.tasks() if not t.period.dated}
    assert len(undated) == 5
    everything = sub(None, *LEAD_DAYS_RANGE)
    for day in range(0, 400, 3):
        now = run_moment(date(2024, 1, 1) + timedelta(days=day))
        assert not undated & {w.task.key for w in due_windows(Catalog.single(leszno), now)}
        for batch in reminders_due(leszno, [everything], now):
            assert not undated & {t.key for t in batch.tasks}


def test_lead_times_outside_one_to_sixty_are_never_due(leszno: Schedule) -> None:
    odd = sub(frozenset({"sport"}), 0, 61, -3)
    for day in (date(2024, 2, 1), date(2024, 4, 30), date(2024, 5, 15)):
        assert reminders_due(leszno, [odd], run_moment(day)) == []


def test_naive_now_is_rejected(leszno: Schedule) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_windows(Catalog.single(leszno), datetime(2024, 4, 24, 8, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        is_due(leszno.task(SPORT).windows[0], 7, datetime(2024, 4, 24, 8, 0))


def test_is_due_is_the_rule_for_one_reminder(leszno: Schedule) -> None:
    (sport,) = leszno.task(SPORT).windows  # Maj 2024: the window is 1–31 May
    assert not is_due(sport, 7, at(2024, 4, 24, 7, 59))
    assert is_due(sport, 7, at(2024, 4, 24, 8, 0))
    assert is_due(sport, 7, at(2024, 5, 31, 23, 59))  # late, while the window is open
    assert not is_due(sport, 7, at(2024, 6, 1, 0, 0))
    assert not is_due(sport, 0, at(2024, 5, 15, 12))  # leads outside 1..60 are never due
    assert not is_due(sport, 61, at(2024, 5, 15, 12))
    assert is_due(sport, 7, at(2024, 4, 24, 9, 0), reminder_time=REMINDER_TIME.replace(hour=9))
    assert not is_due(sport, 7, at(2024, 4, 24, 8, 59), reminder_time=REMINDER_TIME.replace(hour=9))
    assert leszno.task("sprawy-obywatelskie/fas-fasd").windows == ()  # undated: no reminder


# --- due_windows: the layer the database joins against -------------------------------------------


def test_due_windows_gives_the_smallest_due_lead_per_open_window(leszno: Schedule) -> None:
    windows = {
        w.task.key: w.min_lead
        for w in due_windows(Catalog.single(leszno), run_moment(date(2024, 4, 24)))
    }
    assert windows[SPORT] == 7
    assert windows["uzaleznienia/harcerstwo"] == 7
    assert windows[SENIORS] == 38  # 1 June is 38 days after 24 April
    assert windows[TOURISM_FIRST] == 1  # open since 1 April: every lead is due (late)
    assert windows["rozwoj/rewitalizacja"] == 1
    assert "mopr/profilaktyka-rodzina" not in windows  # March window has ended
    assert "mopr/opieka-dom-dziecka" not in windows  # October is more than 60 days away
    assert "pelnomocnik-ngo/wspolnoty-lokalne" not in windows  # 1 July is 68 days away


def test_task_more_than_sixty_days_away_is_not_due_for_anyone(leszno: Schedule) -> None:
    assert SPORT not in {
        w.task.key for w in due_windows(Catalog.single(leszno), run_moment(date(2024, 3, 1)))
    }
    windows = {
        w.task.key: w.min_lead
        for w in due_windows(Catalog.single(leszno), run_moment(date(2024, 3, 2)))
    }
    assert windows[SPORT] == 60


def test_due_windows_at_0759_counts_from_the_day_before(leszno: Schedule) -> None:
    windows = {
        w.task.key: w.min_lead for w in due_windows(Catalog.single(leszno), at(2024, 4, 24, 7, 59))
    }
    assert windows[SPORT] == 8


def test_due_windows_are_ordered_by_window_start(leszno: Schedule) -> None:
    windows = due_windows(Catalog.single(leszno), run_moment(date(2024, 5, 15)))
    starts = [w.window.start for w in windows]
    assert starts == sorted(starts)


# --- properties over random schedules --------------------------------------------------------------


@given(schedule=schedules(), subscribers=subscribers_of(), data=st.data())
def test_reminders_due_is_exactly_the_rule_minus_the_claimed(
    schedule: Schedule, subscribers: list[SubscriberPrefs], data: st.DataObject
) -> None:
    now = data.draw(moments_for(schedule))
    claimed = data.draw(claims(subscribers, schedule))
    batches = reminders_due(schedule, subscribers, now, claimed)

    returned = set()
    for batch in batches:
        assert batch.items, "a batch is never empty"
        batch_keys = [(i.task.key, i.window) for i in batch.items]
        assert len(batch_keys) == len(set(batch_keys)), "a window is listed once per email"
        for item in batch.items:
            assert item.window in item.task.windows
            assert now < window_end(item.window), "never after the window ended"
            for lead in item.leads:
                assert due_at(item.window, lead) <= now, "never before it is due"
                claim = (batch.subscriber.id, item.task.key, item.window.start.isoformat(), lead)
                assert claim not in claimed
                returned.add(claim)
    assert len({b.subscriber.id for b in batches}) == len(batches), "one email per subscriber"

    expected = {
        (s.id, t.key, w.start.isoformat(), lead)
        for s in subscribers
        for t in schedule.tasks()
        if s.wants(t)
        for w in t.windows
        for lead in set(s.lead_days)
        if lead in LEAD_DAYS_RANGE and due_at(w, lead) <= now < window_end(w)
    } - claimed
    assert (
        returned
        == {
            (s.id, t.key, w.start.isoformat(), lead)
            for s in subscribers
            for t in schedule.tasks()
            if s.wants(t)
            for w in t.windows
            for lead in s.lead_days
            if is_due(w, lead, now)
        }
        - claimed
    )
    assert returned == expected


@given(schedule=schedules(), now=moments, data=st.data())
def test_min_lead_is_the_smallest_lead_due_and_every_larger_one_is_due(
    schedule: Schedule, now: datetime, data: st.DataObject
) -> None:
    edges = edge_moments(schedule)
    at_edges = data.draw(st.lists(st.sampled_from(edges), max_size=12)) if edges else []
    for moment in [now, *at_edges]:
        _check_min_leads(schedule, moment)


def _check_min_leads(schedule: Schedule, now: datetime) -> None:
    windows = {
        (w.task.key, w.window): w.min_lead for w in due_windows(Catalog.single(schedule), now)
    }
    for task in schedule.tasks():
        for window in task.windows:
            due = [
                lead for lead in LEAD_DAYS_RANGE if due_at(window, lead) <= now < window_end(window)
            ]
            if not due:
                assert (task.key, window) not in windows
            else:
                assert windows[task.key, window] == due[0]
                assert due == list(range(due[0], LEAD_DAYS_RANGE.stop))
            assert due == [lead for lead in LEAD_DAYS_RANGE if is_due(window, lead, now)]


def test_no_window_is_due_once_a_call_published_by_then_answers_it(
    seed_schedule_path: Path,
) -> None:
    """An early call (published 1 April, offers until 25 April) for the May window: from its
    publication on, every day until the window ends, no "Zbliża się konkurs" reminder."""
    call = f'\n[[calls]]\ntasks = ["{SPORT}"]\npublished = 2024-04-01\n'
    call += 'url = "https://bip.example.org/o"\ndeadline = 2024-04-25\n'
    called = Catalog.single(parse_schedule(with_calls(seed_schedule_path, call)))
    plain = Catalog.single(parse_schedule(seed_schedule_path.read_text(encoding="utf-8")))
    day = date(2024, 3, 20)
    while day < date(2024, 6, 1):
        now = run_moment(day)
        due = {w.task.key for w in due_windows(called, now)}
        assert (SPORT in due) == (day < date(2024, 4, 1) and SPORT in due_keys(plain, now))
        day += timedelta(days=1)


def due_keys(catalog: Catalog, now: datetime) -> set[str]:
    return {w.task.key for w in due_windows(catalog, now)}
