"""What one pass runs with, in one object: the CLI, the worker and the tests build a
RunContext and hand it to run_reminder_pass / retry_reminders / run_alerts_pass /
run_digests / retry_signup_emails. One harmonogram is a catalog of one."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from notifier.clock import wall_clock
from notifier.core.catalog import Catalog
from notifier.core.placement import placement
from notifier.core.schedule import Schedule
from notifier.core.time import Clock, claim_clock, require_aware, warsaw_day
from notifier.mail.delivery import DeliveryBackend
from notifier.settings import Settings
from notifier.store.db import Database


@dataclass(frozen=True)
class Scope:
    """One harmonogram of a pass, and what it means for the pass's per-harmonogram work.

    schedule: the harmonogram.
    windows: the prefix of its window sightings in the store
        (notifier.core.placement.store_scope).
    city_id: whose subscribers hear of it (its city's); None: every subscriber.
    page: its page's path under the base URL, for links in emails
        (notifier.core.catalog.page_path).
    names_city: whether the call emails' subjects name its city: the service serves
        several cities, so that two cities' "Ogłoszono konkurs: Sport" are told apart in
        an inbox (blind11 M16).
    """

    schedule: Schedule
    windows: str
    city_id: str | None
    page: str
    names_city: bool = False


@dataclass(frozen=True)
class RunContext:
    """One pass's world: where it reads and records, how it sends, which harmonograms, and when.

    settings: the service's settings (base URL, sender address, reminder time).
    db: the subscriber database holding the delivery log.
    backend: where emails go (SMTP, or the Maildir outbox).
    catalog: every harmonogram the pass covers (Catalog.single for one file).
    now: the moment the pass acts as of, timezone-aware (ValueError if naive), kept in UTC;
        `notifier remind --as-of D` passes 08:00 Europe/Warsaw on D.
    dry_run: decide and report as the real pass would; claim, mint and send nothing.
    wall: the real clock; claims are stamped with claim_clock(now, wall), so that a pass
        acting as of another day still looks alive to the worker's retry job.
    """

    settings: Settings
    db: Database
    backend: DeliveryBackend
    catalog: Catalog
    now: datetime
    dry_run: bool = False
    wall: Clock = field(default=wall_clock)

    def __post_init__(self) -> None:
        object.__setattr__(self, "now", require_aware(self.now).astimezone(UTC))

    @classmethod
    def over(
        cls, catalog: Catalog, settings: Settings, db: Database, backend: DeliveryBackend,
        wall: Clock,
    ) -> RunContext:  # fmt: skip
        """A pass over every harmonogram of `catalog` now by `wall` (the worker's clock)."""
        return cls(settings, db, backend, catalog, wall(), wall=wall)

    @property
    def today(self) -> date:
        """The calendar day of `now` in Europe/Warsaw (the digest's week is this day's)."""
        return warsaw_day(self.now)

    def scope(self, schedule: Schedule) -> Scope:
        """What `schedule` of the catalog means for per-harmonogram work, by the placement
        policy (notifier.core.placement): served alone, its window sightings keep the keys
        they had before cities ("" scope), every subscriber hears of it and its page is "/";
        among several, each is scoped to its city and year."""
        place = placement(self.catalog)
        cities = {entry.schedule.city_id for entry in self.catalog.entries}
        return Scope(
            schedule,
            place.store_scope(schedule),
            place.audience(schedule),
            place.page_path(schedule),
            names_city=len(cities) > 1,
        )

    def claim_stamp(self) -> datetime:
        """What a claim taken now is stamped with: the wall clock, or `now` if that is later."""
        return claim_clock(self.now, self.wall)

    def at(self, now: datetime, *, dry_run: bool | None = None) -> RunContext:
        """The same world at another moment (and, if given, another dry-run flag)."""
        return replace(self, now=now, dry_run=self.dry_run if dry_run is None else dry_run)
