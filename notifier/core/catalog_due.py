"""The reminder rule over every harmonogram of the catalog (the rule is notifier.core.due's)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time

from notifier.core.catalog import Catalog
from notifier.core.due import DueTask, due_windows
from notifier.core.time import REMINDER_TIME


def catalog_due_windows(
    catalog: Catalog, now: datetime, reminder_time: time = REMINDER_TIME
) -> list[DueTask]:
    """due_windows of every harmonogram, each DueTask knowing its harmonogram (so its `ref`
    names the city), ordered by window start, then city and year, then as in the file.
    ValueError if `now` is naive."""
    out: list[tuple[tuple[object, ...], DueTask]] = []
    for entry in catalog.entries:
        schedule = entry.schedule
        for i, due in enumerate(due_windows(schedule, now, reminder_time)):
            key = (due.window.start, schedule.city_id, schedule.year, i)
            out.append((key, replace(due, schedule=schedule)))
    out.sort(key=lambda kd: kd[0])
    return [due for _, due in out]
