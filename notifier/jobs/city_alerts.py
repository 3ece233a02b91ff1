"""The call emails over every harmonogram: each year of each city in its own alerts pass, to
the subscribers who follow that city (notifier.jobs.alerts_pass does one)."""

from __future__ import annotations

from notifier.core.placement import placement
from notifier.jobs.alert_batches import BATCH_SIZE
from notifier.jobs.alerts_pass import AlertReport, Scope, run_alerts_pass
from notifier.jobs.run_context import RunContext
from notifier.store.window_changes import harmonogram_scope


async def run_city_alerts(
    run: RunContext, *, deadlines: bool = True, batch_size: int = BATCH_SIZE
) -> AlertReport:
    """run_alerts_pass for `run.harmonograms`: exactly as before with one harmonogram; with
    several, one pass per harmonogram into one report; `batch_size` subscribers at a time."""
    catalog = run.harmonograms
    if placement(catalog).lone is not None:
        return await run_alerts_pass(run, deadlines=deadlines, batch_size=batch_size)
    report = AlertReport(run.now, run.dry_run)
    for entry in catalog.entries:
        schedule = entry.schedule
        scope = Scope(harmonogram_scope(schedule, several=True), schedule.city_id)
        own = run.alone(schedule)
        await run_alerts_pass(
            own, deadlines=deadlines, scope=scope, report=report, batch_size=batch_size
        )
    return report
