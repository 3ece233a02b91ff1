"""The year at a glance: where each announcement's bar sits on a twelve-month axis (percent).

`today` (a Warsaw day, from the app's clock) places the "dziś" marker and marks windows that
have ended; each call's termin składania ofert gets a marker too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from notifier.core.announcements import Selected
from notifier.core.polish import count_tasks, format_date, format_span, short_month_names
from notifier.core.spans import period_with_wording


@dataclass(frozen=True)
class Month:
    """A month on the axis: its short name, its start and width in percent of the year."""

    label: str
    left: float  # percent of the year
    width: float


@dataclass(frozen=True)
class BarState:
    """What the table says of a bar's window once a call is recorded for it: the status
    value (a CSS class, as the table's) and its Polish text."""

    value: str
    text: str


@dataclass(frozen=True)
class Bar:
    """One announcement's window as a bar on the axis (percent of the year, clipped to it)."""

    department_id: str
    department: str
    label: str  # "6 zadań" or the single task's title
    span: str  # "1 maja – 31 maja 2024"
    periods: str  # as printed, e.g. "Maj 2024"
    when: str  # both, nothing twice: "Maj 2024 (1 maja – 31 maja 2024)"
    left: float  # percent of the year
    width: float
    starts_before: bool  # the span begins in an earlier year (clipped on the left)
    ends_after: bool  # the span reaches into the next year (clipped on the right)
    end_year: int  # the year the span's last day falls in
    tasks: tuple[str, ...]  # the full titles of the matching tasks
    past: bool  # the window ended before today
    state: BarState | None = None  # the call's state; None while no call answers the window


@dataclass(frozen=True)
class Mark:
    """A day to mark on the axis (a call's deadline) and what it is."""

    day: date
    label: str


@dataclass(frozen=True)
class Marker:
    """A marked day (a call's deadline) placed on the axis (percent of the year)."""

    left: float  # percent of the year
    day: str  # "28 maja 2024"
    label: str


@dataclass(frozen=True)
class Timeline:
    """The year at a glance as the page draws it."""

    year: int
    months: tuple[Month, ...]
    bars: tuple[Bar, ...]
    today_left: float | None  # where today sits (percent); None when today is outside the year
    today_text: str  # "15 maja 2024"
    deadlines: tuple[Marker, ...] = ()


def build_timeline(
    year: int,
    selected: list[Selected],
    today: date,
    marks: Sequence[Mark] = (),
    state: Callable[[Selected], BarState | None] = lambda item: None,
) -> Timeline:
    """The timeline of `year`: the months, a bar for each selected announcement that touches the
    year (`state` says what a recorded call made of its window), today's marker and a marker
    for each of `marks` in the year."""
    first, after = date(year, 1, 1), date(year + 1, 1, 1)
    total = (after - first).days

    def offset(day: date) -> float:
        clamped = min(max(day, first), after)
        return round(100 * (clamped - first).days / total, 3)

    months = []
    for index, short in enumerate(short_month_names()):
        start = date(year, index + 1, 1)
        end = date(year, index + 2, 1) if index < 11 else after
        months.append(Month(short, offset(start), round(offset(end) - offset(start), 3)))

    bars = []
    for item in selected:
        announcement = item.announcement
        if announcement.end <= first or announcement.start >= after:
            continue  # wholly outside this year's axis
        left = offset(announcement.start)
        matching = item.matching
        bars.append(
            Bar(
                department_id=announcement.department.id,
                department=announcement.department.name,
                label=(
                    announcement.department.title_of(matching[0])
                    if len(matching) == 1
                    else count_tasks(len(matching))
                ),
                span=format_span(announcement.start, announcement.end),
                periods=", ".join(announcement.period_texts),
                when=period_with_wording(
                    ", ".join(announcement.period_texts),
                    format_span(announcement.start, announcement.end),
                ),
                left=left,
                width=round(offset(announcement.end) - left, 3),
                starts_before=announcement.start < first,
                ends_after=announcement.end > after,
                end_year=(announcement.end - timedelta(days=1)).year,
                tasks=tuple(t.title for t in matching),
                past=announcement.end <= today,
                state=state(item),
            )
        )
    # The marker sits in the middle of today's day on the axis.
    today_left = (
        round(100 * ((today - first).days + 0.5) / total, 3) if first <= today < after else None
    )
    deadlines = tuple(
        Marker(round(100 * ((m.day - first).days + 0.5) / total, 3), format_date(m.day), m.label)
        for m in sorted(marks, key=lambda m: m.day)
        if first <= m.day < after
    )
    return Timeline(year, tuple(months), tuple(bars), today_left, format_date(today), deadlines)
