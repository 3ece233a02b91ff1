"""What is said of harmonogram files beside reading them: a city's years that disagree (logged
when a file is loaded) and what a one-shot command says of the files it left out. The files
are read by notifier.files.source (notifier.files.one_shot for a command)."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable

from notifier.core.catalog import Entry
from notifier.core.year_consistency import year_differences

log = logging.getLogger(__name__)


def log_year_differences(entries: Iterable[Entry], changed: Collection[str]) -> None:
    """Log (Polish, a warning) each name, region or office address a city's years' files give
    differently (core.year_consistency) when one of the two files is among `changed`: said
    once, when a file is loaded or reloaded, not at every scan."""
    for difference in year_differences(entries):
        if any(source in changed for source in difference.sources):
            log.warning("%s", difference.text)


def skipped_note(lines: list[str]) -> str | None:
    """What a one-shot command says (Polish, on stderr: its user sees no log line) of the
    files it left out, `lines` being "path: problem"; None when there are none."""
    if not lines:
        return None
    listed = "\n".join(f"  {line}" for line in lines)
    return (
        "Pominięto pliki harmonogramu z błędami (prosimy je poprawić; szczegóły pokaże "
        f"notifier check):\n{listed}"
    )
