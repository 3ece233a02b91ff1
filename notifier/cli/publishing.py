"""`notifier publish [--out DIR] [--verify]`: the folder checked, the harmonograms let settle,
one publication (notifier.publish.site.publish), its report printed in Polish."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from notifier.core.errors import NotifierError
from notifier.files.catalog_files import skipped_note
from notifier.files.public_dir import publish_dir_place_problem, publish_dir_problem
from notifier.files.quiet import wait_until_quiet
from notifier.files.reading import shown_path
from notifier.publish.site import publish
from notifier.settings import Settings
from notifier.store.db import sqlite_path


def publish_command(settings: Settings, out: Path | None, *, verify: bool = False) -> int:
    """`notifier publish [--out DIR] [--verify]`: publish once, print the report (Polish);
    exit code."""
    out = out or settings.publish_dir
    if out is None:
        raise NotifierError(
            "Prosimy podać katalog: notifier publish --out KATALOG (albo NOTIFIER_PUBLISH_DIR)."
        )
    problem = publish_dir_place_problem(out) or publish_dir_problem(
        out,
        schedule=settings.schedule,
        database=sqlite_path(make_url(settings.database_url)),
        state_dir=settings.state_dir,
        outbox=settings.outbox,
    )
    if problem is not None:
        raise NotifierError(f"Nie opublikowano: {problem}.")
    for waited in wait_until_quiet(settings.schedule, settings.schedule_settle):  # F4
        print(waited, file=sys.stderr)
    report = asyncio.run(publish(settings, out, verify=verify))
    note = skipped_note(report.skipped)
    if note:
        print(note, file=sys.stderr)
    print(f"{report.format()} Katalog: {shown_path(out)}")
    return 0
