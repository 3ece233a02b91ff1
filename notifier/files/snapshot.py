"""What a CatalogSource serves at one moment: the catalog, its date, the problems of the files
left out, and a version of the whole."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from notifier.core.catalog import Catalog


@dataclass(frozen=True)
class CatalogSnapshot:
    """The catalog being served, when its newest file changed (UTC), and the problems of files
    not served as they are now (path -> Polish problems)."""

    catalog: Catalog
    modified: datetime
    problems: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    dates: Mapping[str, datetime] = field(default_factory=dict)  # Entry.source -> its date

    @cached_property
    def version(self) -> str:
        """The version of what is served (12 hex digits): the one harmonogram's own (its
        file's, notifier.files.reading.schedule_version), else one hash over every
        harmonogram's version, which changes with any file's edit."""
        if len(self.catalog.entries) == 1:
            return self.catalog.entries[0].version
        joined = "\n".join(
            f"{c}/{y}/{v}" for c, y, v in self.catalog.fingerprint(self.catalog.entries)
        )
        return hashlib.sha256(joined.encode()).hexdigest()[:12]

    def problem_lines(self) -> list[str]:
        """Every problem as "path: problem" (Polish), file by file."""
        return [f"{path}: {p}" for path, found in self.problems.items() for p in found]
