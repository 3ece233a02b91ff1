"""Warnings for a valid schedule: what is allowed but usually a slip city staff should see."""

from __future__ import annotations

from notifier.core.schedule import Schedule

SHORT_NOTE_LETTERS = 4


def schedule_warnings(schedule: Schedule) -> list[str]:
    """What a valid schedule may still get wrong, one Polish sentence per task, in file order.

    A dated task whose window starts in another year than the harmonogram's, and an undated
    task whose period is empty or a note too short to mean anything ("Mj", "xyz", "brak"):
    each is allowed, but usually a slip that drops the task out of the feed or the year.
    """
    warnings: list[str] = []
    for task in schedule.tasks():
        period = task.period
        if period.start is not None:
            if period.start.year != schedule.year:
                warnings.append(
                    f"{task.key}: termin „{period.text}” wypada poza rokiem harmonogramu "
                    f"({schedule.year})"
                )
        elif not period.text:
            warnings.append(
                f"{task.key}: pole period jest puste – prosimy wpisać termin "
                f'(np. „Maj {schedule.year}”) albo period = "-" dla zadania bez terminu'
            )
        elif period.note is not None and _letters(period.note) <= SHORT_NOTE_LETTERS:
            warnings.append(
                f"{task.key}: bardzo krótki opis terminu „{period.note}” – zadanie jest "
                f"bez terminu, więc nie trafi do kalendarza ani przypomnień; prosimy wpisać termin "
                f'(np. „Maj {schedule.year}”) albo period = "-"'
            )
    return warnings


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())
