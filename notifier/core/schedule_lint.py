"""Warnings for a valid schedule: what is allowed but usually a slip city staff should see."""

from __future__ import annotations

from datetime import date

from notifier.core.calls import MIN_OFFER_DAYS
from notifier.core.echo import echoed, in_quotes
from notifier.core.head_lint import head_warnings
from notifier.core.period_clock import period_clock_notes
from notifier.core.period_hints import window_outside
from notifier.core.polish import count_days, format_date
from notifier.core.schedule import Mode, Schedule
from notifier.core.spans import DatedPeriod, Period, PeriodKind, UndatedPeriod
from notifier.core.time import ambiguous_hour_note
from notifier.core.topic_vocabulary import SHARED_TOPICS, shared_duplicates
from notifier.core.undated_wording import undated_wording_problem

SHORT_NOTE_LETTERS = 4
# Calls for January are often announced in the autumn before: a window starting from October
# of the previous year is expected, not a slip.
PREVIOUS_YEAR_FROM_MONTH = 10


def schedule_warnings(schedule: Schedule) -> list[str]:
    """What a valid schedule may still get wrong, one Polish sentence per problem, in file order.

    - an invisible character removed from a text on reading (Schedule.notes);
    - a window far from the harmonogram's year (before October of the year before, or after
      it): usually a mistyped year that drops the task out of the year;
    - an open-ended period ("od marca 2025 r."): read to the end of that year, but the print
      gave no end;
    - a deadline already past on the harmonogram's "stan na dzień";
    - a clerk's `window` outside what the printed words name ("na początku marca" with
      "1–10 października"): usually a slip in the window (core.period_hints.window_outside);
    - a small grant (mode = "maly-grant") not printed as continuous;
    - an undated task whose period is empty or a note too short to mean anything ("Mj"), or
      words that are no undated wording ("Jan Kowalski": core.undated_wording);
    - a call whose termin składania ofert is under 21 days after its publication (art. 13
      ust. 1 of the ustawa o działalności pożytku publicznego i o wolontariacie);
    - a local topic of [topics] that duplicates a shared area
      (core.topic_vocabulary.shared_duplicates);
    - the head's: a long title, a "stan na dzień" after the year, a placeholder office
      address (core.head_lint).
    """
    warnings: list[str] = list(schedule.notes)  # what reading the file removed
    for task in schedule.tasks():
        found = period_warnings(task.period, schedule.year, schedule.as_of, task.mode)
        warnings += [f"{task.key}: {w}" for w in found]
    for call in schedule.calls:
        twice = call.deadline_time and ambiguous_hour_note(call.deadline, call.deadline_time)
        if twice:
            warnings.append(
                f"ogłoszenie [[calls]] nr {call.index} ({', '.join(call.tasks)}): termin "
                f"składania ofert: {twice}"
            )
        if call.offer_days < MIN_OFFER_DAYS:
            warnings.append(
                f"ogłoszenie [[calls]] nr {call.index} ({', '.join(call.tasks)}): termin "
                f"składania ofert to {count_days(call.offer_days)} od ogłoszenia – art. 13 "
                "ust. 1 ustawy o działalności pożytku publicznego i o wolontariacie wymaga co "
                f"najmniej {MIN_OFFER_DAYS} dni; proszę sprawdzić daty"
            )
    return warnings + _topic_warnings(schedule) + head_warnings(schedule)


def _topic_warnings(schedule: Schedule) -> list[str]:
    out = []
    local = {slug: label for slug, label in schedule.topics.items() if slug not in SHARED_TOPICS}
    for slug, shared in shared_duplicates(local).items():
        label = local[slug]
        out.append(
            f"temat {echoed(slug)} ({in_quotes(label)}) z [topics] powiela wspólny temat {echoed(shared)} "
            f"(„{SHARED_TOPICS[shared]}”): zadań z tym tematem nie dostaną osoby, które "
            f"wybrały ten obszar we wszystkich miastach – prosimy użyć identyfikatora "
            f'{echoed(shared)} (nazwę można zostawić: {shared} = "{label}" w [topics])'
        )
    return out


def period_warnings(period: Period, year: int, as_of: date, mode: Mode | None = None) -> list[str]:
    """The warnings of one task's period (see schedule_warnings), each without the task's
    key: `notifier check` names the task, the office's draft marks its row (one rule)."""
    if isinstance(period, DatedPeriod):
        notes = [f"termin {in_quotes(period.text)}: {n}" for n in period_clock_notes(period)]
        return notes + _dated_warnings(period, year, as_of, mode)
    return _undated_warnings(period, year)


def _dated_warnings(period: DatedPeriod, year: int, as_of: date, mode: Mode | None) -> list[str]:
    out = []
    earliest = date(year - 1, PREVIOUS_YEAR_FROM_MONTH, 1)
    after = date(year + 1, 1, 1)
    first = period.windows[0].last_day if period.kind == PeriodKind.DEADLINE else period.start
    if first < earliest or first >= after:
        out.append(f"termin {in_quotes(period.text)} wypada poza rokiem harmonogramu ({year})")
    if period.kind == PeriodKind.OPEN_ENDED:
        out.append(
            f"termin {in_quotes(period.text)} nie ma końca – przyjęto do "
            f"{format_date(period.windows[-1].last_day)}; jeśli urząd podał koniec, proszę go "
            f"dopisać (np. „od marca do czerwca {year}”)"
        )
    if period.kind == PeriodKind.DEADLINE and period.windows[0].last_day < as_of:
        out.append(
            f"termin {in_quotes(period.text)} minął przed dniem „stan na dzień” "
            f"({format_date(as_of)})"
        )
    outside = window_outside(period, year)
    if outside is not None:
        out.append(outside)
    if mode == Mode.MALY_GRANT and period.kind != PeriodKind.CONTINUOUS:
        out.append(
            f'mały grant (mode = "maly-grant") ma termin {in_quotes(period.text)}, '
            "a małe granty zwykle są w trybie ciągłym – proszę sprawdzić"
        )
    return out


def _undated_warnings(period: UndatedPeriod, year: int) -> list[str]:
    if not period.text:
        return [
            (
                "pole period jest puste – proszę wpisać termin "
                f'(np. „Maj {year}”) albo period = "-" dla zadania bez terminu'
            )
        ]
    odd = undated_wording_problem(period.note) if period.note else None
    digits = odd is not None and period.note is not None and not _letters(period.note)
    if period.note is not None and _letters(period.note) <= SHORT_NOTE_LETTERS and not digits:
        return [
            (
                f"bardzo krótki opis terminu {in_quotes(period.note)} – zadanie jest "
                "bez terminu, więc nie trafi do kalendarza ani przypomnień; proszę wpisać "
                f'termin (np. „Maj {year}”) albo period = "-"'
            )
        ]
    if odd is not None:
        return [
            (
                f"{odd}; zadanie bez dat nie trafi do kalendarza ani przypomnień – "
                f"proszę wpisać termin tak, jak go wydrukowano (np. „Maj {year}”), "
                'period = "-" dla zadania bez terminu, albo obok window = '
                f"„1–10 marca {year}”, gdy urząd poda dni"
            )
        ]
    return []


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())
