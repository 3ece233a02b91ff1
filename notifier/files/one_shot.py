"""Harmonogram files read once, for a one-shot command (`notifier check`, `topics`, the
importer's earlier year): through the services' own CatalogSource (one reading, one choice of
what serves), without logging to the terminal and without refusing a path with nothing
valid in it — the command says what it found itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from notifier.core.catalog import Entry
from notifier.core.served_files import Key, served_choice
from notifier.files.reading import MISSING_PATH_PROBLEM, shown_path
from notifier.files.source import CatalogSource


@dataclass(frozen=True)
class RecordedChoices:
    """notifier.files.directory.ServedFiles over choices recorded earlier (read from the
    database by the caller, notifier.store.served_files.recorded_choices): a command decides
    as the services do and records and keeps nothing."""

    recorded: Mapping[Key, str]

    def decide(
        self, candidates: Mapping[Key, Sequence[str]], present: AbstractSet[str]
    ) -> dict[Key, str]:
        """The recorded file of each city and year while it is there, else the older file."""
        return served_choice(candidates, present, self.recorded)

    def kept_versions(self) -> dict[str, str]:
        """Nothing kept: a command serves nothing."""
        return {}

    def keep(self, files: Mapping[str, tuple[str, bytes]]) -> None:
        """Nothing kept."""

    def kept(self, name: str) -> bytes | None:
        """Nothing kept: a file that does not validate is reported, not replaced."""
        return None

    def forget(self, names: Iterable[str]) -> None:
        """Nothing kept."""


def read_catalog(
    path: Path, recorded: Mapping[Key, str] | None = None
) -> tuple[list[Entry], dict[str, tuple[str, ...]]]:
    """Every harmonogram of a directory (or the one file) and each file's problems, as a
    service would serve them: the `recorded` file of a city and year while it is there, else
    the older file (notifier.files.directory.by_age). A missing path is a problem of its own."""
    choices = RecordedChoices(recorded) if recorded is not None else None
    snap = CatalogSource(path, choices=choices, one_shot=True).served
    problems = dict(snap.problems)
    if not path.exists():  # a missing file or directory alike, as the services say it
        problems[shown_path(path)] = (MISSING_PATH_PROBLEM,)
    return list(snap.catalog.entries), problems
