"""What `notifier check` prints for a valid schedule (Polish: city staff read it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from notifier.core.announcements import group_announcements
from notifier.core.echo import ECHO_CHARS, cut, in_quotes
from notifier.core.harmonogram_status import NewerHarmonogram, harmonogram_status
from notifier.core.harmonogram_years import next_year_wanted
from notifier.core.head_lint import as_of_ahead_warning
from notifier.core.polish import count_days, format_as_of, format_date, format_total
from notifier.core.schedule import Mode, Schedule, Task
from notifier.core.schedule_lint import schedule_warnings
from notifier.core.spans import PeriodKind
from notifier.core.task_status import open_calls, overdue_windows

# Period kinds and modes worth a line of their own: (label, which tasks).
_NOTABLE: tuple[tuple[str, object], ...] = (
    ("terminy „do …” (ogłoszenie najpóźniej do dnia)", PeriodKind.DEADLINE),
    ("kilka naborów (każdy nabór to osobne ogłoszenie i przypomnienie)", "rounds"),
    ("tryb ciągły (np. małe granty, art. 19a)", PeriodKind.CONTINUOUS),
    ("zadania wieloletnie", "multi-year"),
    ("terminy bez końca („od …”, przyjęto do końca roku)", PeriodKind.OPEN_ENDED),
    ('małe granty (mode = "maly-grant")', Mode.MALY_GRANT),
    ("okresy nieprecyzyjne w druku, z datami z pola window", "window"),
)


def _is(task: Task, what: object) -> bool:
    if what == "rounds":
        return len(task.windows) > 1
    if what == "multi-year":  # a deadline's or a continuous call's window runs from as_of:
        # "do 5 XII" is one announcement, never a multi-year task (blind11 M1)
        counted = task.period.kind not in (PeriodKind.DEADLINE, PeriodKind.CONTINUOUS)
        long = counted and any(w.days > 366 for w in task.windows)
        return long or task.mode == Mode.WIELOLETNI or task.period.kind == PeriodKind.YEARS
    if what == "window":
        return getattr(task.period, "window", None) is not None
    if isinstance(what, Mode):
        return task.mode == what
    return task.period.kind == what


def _window(task: Task) -> str:
    window = getattr(task.period, "window", None)
    return f" → window {in_quotes(window)}" if window else ""


def schedule_summary(
    schedule: Schedule, source: str, today: date, others: Iterable[NewerHarmonogram] = ()
) -> str:
    """A summary of a valid schedule: counts, topics, the notable kinds of period (deadlines,
    rounds, continuous calls, multi-year tasks, open-ended periods, small grants), planned
    amounts, recorded calls (open ones by deadline), undated tasks and the warnings of
    schedule_lint, windows overdue on `today` (a Warsaw date; ended more than 60 days before
    with no call recorded), then a warning when every window has passed (pointing to the
    newest later one of `others`, the city's other years, or asking for next year's file).
    None is an error."""
    tasks = list(schedule.tasks())
    dated = sum(1 for t in tasks if t.period.dated)
    announcements = group_announcements(schedule)
    lines = [
        f"{source}: poprawny",
        # every printed text cut to ECHO_CHARS, as README promises (blind7 F2: a 500,000-
        # character title was printed whole)
        (
            f"{cut(schedule.title, ECHO_CHARS)} – {cut(schedule.city, ECHO_CHARS)} "
            f"(stan na dzień {format_as_of(schedule.as_of)})"
        ),
        f"wydziały: {len(schedule.departments)}",
        f"zadania: {len(tasks)} (z terminem: {dated}, bez terminu: {len(tasks) - dated})",
        f"ogłoszenia w kalendarzu: {len(announcements)}",
    ]
    total = schedule.planned_amount
    if total is not None:
        with_amount = sum(1 for t in tasks if t.amount is not None)
        lines.append(f"łącznie planowane: {format_total(total)} (kwota podana przy {with_amount})")
    for label, what in _NOTABLE:
        found = [t for t in tasks if _is(t, what)]
        if found:
            lines.append(f"{label}: {len(found)}")
            lines += [f"  {t.key}: {in_quotes(t.period.text)}{_window(t)}" for t in found]
    if schedule.calls:
        open_now = open_calls(schedule, today)
        lines.append(f"ogłoszenia (nabory): {len(schedule.calls)}, trwające: {len(open_now)}")
        for call in open_now:
            lines.append(f"  nr {call.index}: oferty do {call.deadline_wording}")
    lines.append("zadania według tematów:")
    width = max(len(slug) for slug in schedule.topics)
    for slug, label in schedule.topics.items():
        count = sum(1 for t in tasks if slug in t.topics)
        lines.append(f"  {slug:<{width}}  {count:>3}  {cut(label, ECHO_CHARS)}")
    undated = [t for t in tasks if not t.period.dated]
    if undated:
        lines.append("zadania bez terminu (proszę sprawdzić, czy to zamierzone):")
        for task in undated:
            note = in_quotes(task.period.note) if task.period.note else "brak terminu"
            lines.append(f"  {task.key}: {note}")
    for late in overdue_windows(schedule, today):
        lines.append(
            f"zaległe: {late.task.key}: termin {in_quotes(late.task.period.text)} minął "
            f"{format_date(late.window.last_day)} ({count_days(late.days)} temu), "
            "brak ogłoszenia [[calls]]"
        )
    lines += [f"uwaga: {warning}" for warning in schedule_warnings(schedule)]
    if (ahead := as_of_ahead_warning(schedule, today)) is not None:
        lines.append(f"uwaga: {ahead}")
    status = harmonogram_status(schedule, today, others)
    past = status.notice()
    if past and status.newest is not None:
        lines.append(f"uwaga: {past}")
    elif past:
        lines.append(
            f"uwaga: {past} Przypomnienia i podsumowania nie mają już o czym mówić – proszę "
            f"przygotować plik harmonogramu na {next_year_wanted(schedule.year, today)} rok."
        )
    return "\n".join(lines)
