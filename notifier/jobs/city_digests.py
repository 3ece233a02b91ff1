"""The weekly digest for every city: each city's [office] gets its own (its current year)."""

from __future__ import annotations

from notifier.core.placement import placement
from notifier.jobs.digest_pass import DigestReport, run_digest_pass
from notifier.jobs.run_context import RunContext


async def run_digests(run: RunContext, *, retry_only: bool = False) -> list[DigestReport]:
    """One digest pass per city of `run.harmonograms` (exactly the one digest as before when a
    single harmonogram is served); the reports of those that did something."""
    catalog = run.harmonograms
    if placement(catalog).lone is not None:
        report = await run_digest_pass(run, retry_only=retry_only)
        return [report] if report is not None else []
    reports = []
    for city in catalog.cities():
        schedule = city.current(run.today).schedule
        own = run.alone(schedule)
        report = await run_digest_pass(own, retry_only=retry_only, city_id=city.city_id)
        if report is not None:
            reports.append(report)
    return reports
