"""Compose the office's weekly digest: what opens soon, what is open, what just ended, figures.

Pure: `today` and the subscription figures are passed in; one digest per ISO week.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from notifier.core.announcements import Announcement, group_announcements
from notifier.core.digest_calls import calls_digest_context
from notifier.core.harmonogram_status import harmonogram_status
from notifier.core.polish import (
    MONTHS_GENITIVE,
    count_days,
    count_tasks,
    format_as_of,
    format_date,
    plural,
)
from notifier.core.schedule import Schedule, Task
from notifier.core.spans import period_with_wording
from notifier.core.task_status import called_windows
from notifier.core.topic_vocabulary import canonical_counts, topic_label

HORIZON_DAYS = 28  # days: "opens in the next four weeks" is a start in [today, today + 28)
LOOKBACK_DAYS = 7  # days: "ended this past week" is an (exclusive) end in (today - 7, today]


@dataclass(frozen=True)
class DigestFigures:
    """Subscription and delivery numbers for the week, counted by the store."""

    active_per_topic: Mapping[str, int]  # topic slug -> active subscribers naming it
    active_total: int
    all_topics_count: int  # active subscribers who follow every topic
    new_this_week: int
    unsubscribed_this_week: int
    reminders_sent_this_week: int
    reminders_failed_this_week: int  # uncertain ones included
    reminders_uncertain_this_week: int = 0  # no answer after the content: never sent again


@dataclass(frozen=True)
class Digest:
    """One week's digest for the office, as of `today` (a Warsaw calendar day).

    key: the delivery log's dedupe key, digest_key(today) — one digest per ISO week.
    recipient: the office's address from the schedule's [office].
    upcoming / open_now / ended: announcements opening within HORIZON_DAYS, open today, and
    closed within the last LOOKBACK_DAYS, each in the schedule's announcement order.
    undated: the tasks without a date, as in the file.
    """

    key: str
    recipient: str
    today: date
    upcoming: tuple[Announcement, ...]
    open_now: tuple[Announcement, ...]
    ended: tuple[Announcement, ...]
    undated: tuple[Task, ...]
    figures: DigestFigures
    context: dict[str, Any]  # what templates/emails/digest.* are rendered with


def iso_week(today: date) -> str:
    """'2024-W17' (ISO year, which differs from the calendar year around New Year)."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(today: date) -> str:
    """The delivery dedupe key: one digest per ISO week, 'digest:2024-W17'."""
    return f"digest:{iso_week(today)}"


def week_label(monday: date) -> str:
    """The seven days from `monday` as people write them: '22–28 kwietnia 2024',
    '29 kwietnia – 5 maja 2024', '30 grudnia 2024 – 5 stycznia 2025'."""
    sunday = monday + timedelta(days=6)
    if monday.year != sunday.year:
        return f"{format_date(monday)} – {format_date(sunday)}"
    if monday.month != sunday.month:
        return f"{monday.day} {MONTHS_GENITIVE[monday.month - 1]} – {format_date(sunday)}"
    return f"{monday.day}–{format_date(sunday)}"


def _competitions(n: int) -> str:
    return f"{n} {plural(n, 'konkurs', 'konkursy', 'konkursów')}"


def _announcement_view(
    announcement: Announcement, today: date, page_url: str | None
) -> dict[str, Any]:
    department = announcement.department
    last_day = announcement.end - timedelta(days=1)
    until_start = (announcement.start - today).days
    until_end = (announcement.end - today).days
    return {
        "department": department.name,
        "url": f"{page_url}#{department.id}" if page_url else None,
        "period": " / ".join(announcement.period_texts),
        "span": announcement.wording,
        # "Maj 2024 (1 maja – 31 maja 2024)": it names the last day, so nothing else does.
        "when": period_with_wording(" / ".join(announcement.period_texts), announcement.wording),
        "tasks": [t.label for t in announcement.tasks],
        "task_count": count_tasks(len(announcement.tasks)),
        "opens_in": "dziś" if until_start == 0 else f"za {count_days(until_start)}",
        "closes_in": f"jeszcze {count_days(until_end)}",
        "last_day": format_date(last_day),
    }


def _undated_view(schedule: Schedule, tasks: tuple[Task, ...]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for task in tasks:
        department = schedule.department(task.department_id)
        group = groups.setdefault(
            task.department_id,
            {"department": department.name if department else task.department_id, "tasks": []},
        )
        group["tasks"].append({"label": task.label, "note": task.period.note})
    return list(groups.values())


def _without_called(
    announcement: Announcement, called: Mapping[tuple[str, Any], object]
) -> Announcement | None:
    """The announcement with only its tasks whose window has no call recorded (None: none
    left): a window the digest lists as open is one still waiting for its call (blind
    round 37, M13: a recorded call's window was listed twice)."""
    waiting = tuple(t for t in announcement.tasks if (t.key, announcement.window) not in called)
    return replace(announcement, tasks=waiting) if waiting else None


def topic_figures(
    schedule: Schedule, active_per_topic: Mapping[str, int], labels: Mapping[str, str] = {}
) -> list[dict[str, Any]]:
    """The subscribers per topic as the digest and the office's overview show them (label,
    count): the harmonogram's topics by their labels, a choice stored under an alias counted
    for its area ("rekreacja" for "Turystyka i rekreacja"), then topics since removed from the
    file that still have subscribers, by their labels too (the shared one, else `labels`:
    the catalog's, notifier.core.catalog.Catalog.topics) — a slug only when no file has it."""
    counts = canonical_counts(active_per_topic)
    shown = [
        {"label": label, "count": counts.get(slug, 0)} for slug, label in schedule.topics.items()
    ]
    return shown + [
        {"label": topic_label(slug, labels), "count": count}
        for slug, count in sorted(counts.items())
        if slug not in schedule.topics
    ]


def _figures_view(
    schedule: Schedule, figures: DigestFigures, labels: Mapping[str, str]
) -> dict[str, Any]:
    per_topic = topic_figures(schedule, figures.active_per_topic, labels)
    return {"per_topic": per_topic, **vars(figures)}


def compose_digest(
    schedule: Schedule,
    today: date,
    figures: DigestFigures,
    *,
    base_url: str | None = None,
    page: str = "/",
    labels: Mapping[str, str] = {},
) -> Digest:
    """The weekly digest for the office as of `today` (Warsaw day): content and the context
    templates/emails/digest.* are rendered with (Polish dates and counts, links only when
    `base_url` is given, without a trailing slash; `page` the harmonogram page's path,
    notifier.core.catalog.page_path). `figures` come from the store; `labels` name the
    topics no longer in the file (topic_figures)."""
    page_url = f"{base_url}{page}" if base_url else None
    announcements = group_announcements(schedule)
    horizon = today + timedelta(days=HORIZON_DAYS)
    lookback = today - timedelta(days=LOOKBACK_DAYS)
    called = called_windows(schedule, today)
    upcoming = tuple(  # a window whose call is recorded is no longer coming
        a
        for a in announcements
        if today <= a.start < horizon and any((t.key, a.window) not in called for t in a.tasks)
    )
    open_now = tuple(  # a task whose call is recorded is listed under the calls, not here
        uncalled
        for a in announcements
        if a.start <= today < a.end and (uncalled := _without_called(a, called)) is not None
    )
    ended = tuple(a for a in announcements if lookback < a.end <= today)
    undated = tuple(t for t in schedule.tasks() if not t.period.dated)

    week = iso_week(today)
    monday = today - timedelta(days=today.weekday())
    headline = (
        f"{_competitions(len(upcoming))} w ciągu 4 tygodni"
        if upcoming
        else "brak konkursów w ciągu 4 tygodni"
    )
    context = {
        "city": schedule.city,
        "year": schedule.year,
        "schedule_title": schedule.title,
        "office_name": schedule.office.name,
        "week": week,
        "week_label": week_label(monday),
        "week_start": format_date(monday),
        "as_of": format_as_of(schedule.as_of),
        "today": format_date(today),
        "headline": headline,
        "horizon_last": format_date(horizon - timedelta(days=1)),
        "upcoming": [_announcement_view(a, today, page_url) for a in upcoming],
        "open_now": [_announcement_view(a, today, page_url) for a in open_now],
        "ended": [_announcement_view(a, today, page_url) for a in ended],
        "undated": _undated_view(schedule, undated),
        "undated_count": count_tasks(len(undated)),
        "figures": _figures_view(schedule, figures, labels),
        "page_url": page_url,
        "past_notice": harmonogram_status(schedule, today).notice(),
        **calls_digest_context(schedule, today),
    }
    return Digest(
        key=digest_key(today),
        recipient=schedule.office.email,
        today=today,
        upcoming=upcoming,
        open_now=open_now,
        ended=ended,
        undated=undated,
        figures=figures,
        context=context,
    )
