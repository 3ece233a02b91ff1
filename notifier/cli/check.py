"""`notifier check` of a directory: every harmonogram file in it, reported file by file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from notifier.core.harmonogram_status import NewerHarmonogram
from notifier.core.polish import plural
from notifier.core.schedule import ScheduleError
from notifier.core.schedule_summary import schedule_summary
from notifier.files.source import load_catalog_files


def check_directory(path: Path, today: date) -> tuple[str, bool]:
    """The report (Polish) and whether every file is good: a summary per valid file, every
    problem of each other one (the same city and year twice included). ScheduleError if the
    directory holds no *.toml file."""
    entries, problems = load_catalog_files(path)
    files = len(entries) + len(problems)
    if not files:
        raise ScheduleError(str(path), ["w katalogu nie ma żadnego pliku harmonogramu (*.toml)"])
    parts = []
    for entry in sorted(entries, key=lambda e: e.source):
        years = [  # the city's other years in the directory: a past one points to the newest
            NewerHarmonogram(e.schedule.title, e.schedule.year, e.source)
            for e in entries
            if e.schedule.city_id == entry.schedule.city_id and e is not entry
        ]
        parts.append(schedule_summary(entry.schedule, entry.source, today, years))
    for source, found in sorted(problems.items()):
        count = f"{len(found)} {plural(len(found), 'błąd', 'błędy', 'błędów')}"
        parts.append("\n".join([f"{source}: {count}:", *(f"  {source}: {p}" for p in found)]))
    cities = len({e.schedule.city_id for e in entries})
    bad = len(problems)
    tail = (
        f"Razem: {files} {plural(files, 'plik', 'pliki', 'plików')}, poprawnych {len(entries)} "
        f"({cities} {plural(cities, 'miasto', 'miasta', 'miast')}), z błędami {bad}."
    )
    return "\n\n".join([*parts, tail]), not problems
