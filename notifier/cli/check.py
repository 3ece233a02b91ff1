"""`notifier check`: every harmonogram file of a path (a directory, or one file: a directory
of one), reported file by file."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from notifier.core.calls import future_date_problems
from notifier.core.echo import problem_count
from notifier.core.harmonogram_status import NewerHarmonogram
from notifier.core.polish import plural
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_lines import located
from notifier.core.schedule_summary import schedule_summary
from notifier.core.served_files import Key
from notifier.core.shared_departments import shared_department_notes
from notifier.core.year_consistency import year_differences
from notifier.files.one_shot import read_catalog


def check_harmonograms(
    path: Path, today: date, recorded: Mapping[Key, str] | None = None
) -> tuple[str, bool]:
    """The report (Polish) and whether every file is good: a summary per valid file, every
    problem of each other one (the same city and year twice included, a call published or its results dated
    after `today`; of two files of one city and year, the one `recorded` as serving it is
    kept, see notifier.files.one_shot.read_catalog), a warning per name, region or office address a city's
    years' files give differently (core.year_consistency), and with several files a total. ScheduleError if the path holds no *.toml file, or if its one file has
    problems (they are the error, as for every command that reads one harmonogram)."""
    entries, problems = read_catalog(path, recorded)
    for entry in list(entries):  # a call recorded ahead of its publication is an error too
        future = future_date_problems(entry.schedule.calls, today)
        if future:
            entries.remove(entry)
            problems[entry.source] = tuple(future)
    files = len(entries) + len(problems)
    if not files:
        raise ScheduleError(str(path), ["w katalogu nie ma żadnego pliku harmonogramu (*.toml)"])
    if files == 1 and problems:
        ((source, found),) = problems.items()
        raise ScheduleError(source, list(found))
    parts = []
    for entry in sorted(entries, key=lambda e: e.source):
        years = [  # the city's other years in the directory: a past one points to the newest
            NewerHarmonogram(e.schedule.title, e.schedule.year, e.source)
            for e in entries
            if e.schedule.city_id == entry.schedule.city_id and e is not entry
        ]
        parts.append(schedule_summary(entry.schedule, entry.source, today, years))
    differences = year_differences(entries)  # a city renamed, moved or re-officed by a year
    if differences:
        parts.append("\n".join(f"uwaga: {d.text}" for d in differences))
    parts += [f"uwaga: {note}" for note in shared_department_notes(entries)]  # M17
    for source, found in sorted(problems.items()):
        total = problem_count(found)  # what the file has, not the lines kept of it
        count = f"{total} {plural(total, 'błąd', 'błędy', 'błędów')}"
        parts.append(
            "\n".join([f"{source}: {count}:", *(f"  {located(source, p)}" for p in found)])
        )
    cities = len({e.schedule.city_id for e in entries})
    bad = len(problems)
    tail = (
        f"Razem: {files} {plural(files, 'plik', 'pliki', 'plików')}, poprawnych {len(entries)} "
        f"({cities} {plural(cities, 'miasto', 'miasta', 'miast')}), z błędami {bad}."
    )
    return "\n\n".join([*parts, tail] if files > 1 else parts), not problems
