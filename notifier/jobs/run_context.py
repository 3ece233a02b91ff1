"""What one reminder or digest pass runs with, in one object: the CLI, the worker and the tests
build a RunContext and hand it to run_reminder_pass / retry_reminders / run_digest_pass."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from notifier.clock import wall_clock
from notifier.core.catalog import Catalog, page_path
from notifier.core.schedule import Schedule
from notifier.core.time import Clock, claim_clock, require_aware, warsaw_day
from notifier.mail.delivery import DeliveryBackend
from notifier.settings import Settings
from notifier.store.db import Database


@dataclass(frozen=True)
class RunContext:
    """One pass's world: where it reads and records, how it sends, which schedule, and when.

    settings: the service's settings (base URL, sender address, reminder time).
    db: the subscriber database holding the delivery log.
    backend: where emails go (SMTP, or the Maildir outbox).
    schedule: the harmonogram as loaded for this pass (with several, the first of `catalog`).
    catalog: every harmonogram the pass covers; None means `schedule` alone.
    now: the moment the pass acts as of, timezone-aware (ValueError if naive), kept in UTC;
        `notifier remind --as-of D` passes 08:00 Europe/Warsaw on D.
    dry_run: decide and report as the real pass would; claim, mint and send nothing.
    wall: the real clock; claims are stamped with claim_clock(now, wall), so that a pass
        acting as of another day still looks alive to the worker's retry job.
    page: the path of `schedule`'s page under the base URL, for the links in emails ("/" with
        one harmonogram; see `alone`).
    """

    settings: Settings
    db: Database
    backend: DeliveryBackend
    schedule: Schedule
    now: datetime
    dry_run: bool = False
    wall: Clock = field(default=wall_clock)
    catalog: Catalog | None = None
    page: str = "/"

    def __post_init__(self) -> None:
        object.__setattr__(self, "now", require_aware(self.now).astimezone(UTC))

    @classmethod
    def over(
        cls, catalog: Catalog, settings: Settings, db: Database, backend: DeliveryBackend,
        wall: Clock,
    ) -> RunContext:  # fmt: skip
        """A pass over every harmonogram of `catalog` now by `wall` (the worker's clock)."""
        return cls(settings, db, backend, catalog.first, wall(), wall=wall, catalog=catalog)

    @property
    def harmonograms(self) -> Catalog:
        """Every harmonogram of the pass: `catalog`, or `schedule` alone."""
        return self.catalog if self.catalog is not None else Catalog.single(self.schedule)

    @property
    def today(self) -> date:
        """The calendar day of `now` in Europe/Warsaw (the digest's week is this day's)."""
        return warsaw_day(self.now)

    def claim_stamp(self) -> datetime:
        """What a claim taken now is stamped with: the wall clock, or `now` if that is later."""
        return claim_clock(self.now, self.wall)

    def alone(self, schedule: Schedule) -> RunContext:
        """The same world for one harmonogram of the pass's catalog (a city's own alerts or
        digest): `schedule` alone, with its page where the catalog serves it."""
        page = page_path(self.harmonograms, schedule)
        return replace(self, schedule=schedule, catalog=None, page=page)

    def at(self, now: datetime, *, dry_run: bool | None = None) -> RunContext:
        """The same world at another moment (and, if given, another dry-run flag)."""
        return replace(self, now=now, dry_run=self.dry_run if dry_run is None else dry_run)
