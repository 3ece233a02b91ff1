"""When the worker's jobs run next: for `notifier jobs`, read from the job store or the settings."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, inspect, text

from notifier.core.time import TIMEZONE
from notifier.jobs.worker import JOBS_TABLE, JobSpec, job_specs
from notifier.settings import Settings


def next_runs(settings: Settings, engine: Engine, now: datetime) -> list[tuple[JobSpec, datetime]]:
    """Each job's next run: from the job store if a worker has run, else from the settings."""
    stored: dict[str, float | None] = {}
    if inspect(engine).has_table(JOBS_TABLE):
        with engine.connect() as connection:
            stored = dict(
                connection.execute(text(f"SELECT id, next_run_time FROM {JOBS_TABLE}")).all()
            )
    out = []
    for spec in job_specs(settings):
        when: datetime | None
        if spec.id in stored and stored[spec.id] is not None:
            when = datetime.fromtimestamp(float(stored[spec.id]), tz=UTC)  # type: ignore[arg-type]
        else:
            when = spec.trigger.get_next_fire_time(None, now.astimezone(TIMEZONE))
        if when is not None:
            out.append((spec, when.astimezone(TIMEZONE)))
    return out
