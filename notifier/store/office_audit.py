"""The audit log of the office area: every change a signed-in person made (who, when, what,
the [[calls]] block before and after, as TOML). Rows are never changed or deleted by the
service: a withdrawn call's block stays here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from notifier.store.office_models import OfficeAuditEntry

# What a change was (Polish, as the log shows it).
NEW_CALL = "nowe ogłoszenie"
CORRECTION = "korekta ogłoszenia"
RESULTS = "wyniki"
WITHDRAWAL = "wycofanie ogłoszenia"
IMPORT = "import harmonogramu"
UNDO_IMPORT = "cofnięcie importu"


@dataclass(frozen=True)
class Change:
    """One change to log: the harmonogram (city id, year), who, what, before and after."""

    city_id: str
    year: int
    actor: str
    action: str
    subject: str
    before: str | None
    after: str | None


def record_change(session: Session, change: Change, at: datetime) -> None:
    """Add the change to the log at `at` (aware)."""
    session.add(
        OfficeAuditEntry(
            city_id=change.city_id,
            year=change.year,
            actor=change.actor,
            at=at,
            action=change.action,
            subject=change.subject,
            before=change.before,
            after=change.after,
        )
    )


def changes(session: Session, city_id: str, limit: int = 200) -> list[OfficeAuditEntry]:
    """The city's logged changes, newest first, at most `limit`."""
    query = (
        select(OfficeAuditEntry)
        .where(OfficeAuditEntry.city_id == city_id)
        .order_by(OfficeAuditEntry.at.desc(), OfficeAuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def year_changes(
    session: Session, city_id: str, year: int, limit: int = 200
) -> list[OfficeAuditEntry]:
    """The logged changes of the city's harmonogram for `year`, newest first, at most `limit`."""
    query = (
        select(OfficeAuditEntry)
        .where(OfficeAuditEntry.city_id == city_id, OfficeAuditEntry.year == year)
        .order_by(OfficeAuditEntry.at.desc(), OfficeAuditEntry.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
