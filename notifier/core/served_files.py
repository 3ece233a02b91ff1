"""Which file serves a city's year when several files of a directory hold it.

The first file to serve a (city_id, year) keeps it for as long as it is there: its own edits
(which make it the newest of the files) never hand the year to a copy, in a process running
at the time of the edit or in one started after it. The choice is recorded where every
process sees it (notifier.store.served_files); this module is the rule over plain data.

Files are named by their path relative to the served directory, so processes that were given
the directory by different paths agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from notifier.core.echo import echoed

Key = tuple[str, int]  # (city_id, year)


def served_choice(
    candidates: Mapping[Key, Sequence[str]],
    present: AbstractSet[str],
    recorded: Mapping[Key, str],
) -> dict[Key, str]:
    """For each key of `candidates` (the files that hold it and validate, in the order of
    the rule for a first choice: the oldest file first, see notifier.files.source.by_age),
    the file that serves it: the `recorded` one while that file is among `present` (every
    harmonogram file found, valid or not — a recorded file that does not validate just now
    still holds its year, so no file serves it and the copies stay refused); otherwise the
    first candidate (nothing recorded yet, or the recorded file was deleted or renamed)."""
    chosen = {}
    for key, files in candidates.items():
        kept = recorded.get(key)
        chosen[key] = kept if kept is not None and kept in present else files[0]
    return chosen


def held_by_broken_file_problem(key: Key, holder: str) -> str:
    """Why a file is refused when the file that holds its city and year (`holder`, shown as
    a path) does not validate just now (Polish)."""
    city_id, year = key
    return (
        f"miasto {echoed(city_id)} i rok {year} należą do pliku {holder}, który ma teraz błędy – "
        "ten sam rok miasta może być tylko w jednym pliku; prosimy poprawić tamten plik "
        "albo go usunąć"
    )


def takeovers(
    before: Iterable[tuple[Key, str]], after: Iterable[tuple[Key, str]]
) -> list[tuple[Key, str, str]]:
    """(key, the file that served it, the file that serves it now) for each city's year
    whose file changed between two catalogs (`before`, `after`: key and file of each served
    harmonogram): the file that held it was gone or renamed when the directory was read."""
    held = dict(before)
    return [(key, held[key], now) for key, now in after if held.get(key, now) != now]


def takeover_problem(key: Key, was: str) -> str:
    """What /healthz says of a file that took a city's year over from `was` (Polish): a copy
    that now serves where an edit removed the file for a moment must not go unnoticed."""
    city_id, year = key
    return (
        f"przejął miasto {echoed(city_id)} i rok {year} od pliku {was}, którego nie było przy "
        "odczycie katalogu – teraz ten plik jest publikowany; prosimy sprawdzić, który z nich "
        "ma zostać, i usunąć drugi"
    )


def takeover_notes(
    notes: Mapping[str, str], before: Sequence[tuple[Key, str]], after: Sequence[tuple[Key, str]]
) -> tuple[dict[str, str], list[tuple[Key, str, str]]]:
    """`notes` (file -> takeover_problem) kept for the files that still serve in `after`, with
    a note for each new takeover between `before` and `after`; and those new takeovers."""
    new = takeovers(before, after)
    serving = {source for _, source in after}
    kept = {source: note for source, note in notes.items() if source in serving}
    kept.update((now, takeover_problem(key, was)) for key, was, now in new)
    return kept, new
