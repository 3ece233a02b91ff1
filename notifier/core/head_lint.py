"""Warnings about a harmonogram's head — its title, its "stan na dzień" and its office
address — and the one rule for an office address nobody reads (blind7 F2, M7, M13)."""

from __future__ import annotations

from datetime import date, timedelta

from notifier.core.echo import echoed, in_quotes
from notifier.core.input_rules import LINE_MAX, count_chars
from notifier.core.polish import format_date
from notifier.core.schedule import Schedule

# What `notifier import` writes into [office] until the city's staff put their own address.
PLACEHOLDER_EMAIL = "urzad@example.org"
# Domains no mail is delivered to (RFC 2606/6761); the placeholder is one of them too.
_UNDELIVERABLE_TLDS = ("invalid", "test", "localhost")
# A "stan na dzień" this far after the day of the check is a typo, not a plan.
AS_OF_AHEAD = timedelta(days=366)


def placeholder_office(email: str) -> bool:
    """Whether `email` is an office address no one reads: the importer's placeholder or one
    of a domain that never receives mail (.invalid, .test, .localhost). Its weekly digest is
    not sent (notifier.jobs.digest_pass) and `check` warns of it."""
    domain = email.rpartition("@")[2].lower().rstrip(".")
    return email.lower() == PLACEHOLDER_EMAIL or domain.rpartition(".")[2] in _UNDELIVERABLE_TLDS


def placeholder_office_text(email: str) -> str:
    """Why the digest does not go to `email`, in Polish."""
    return (
        f"adres biura {echoed(email)} w [office] to adres zastępczy, pod który nikt nie "
        "odbierze poczty – cotygodniowe podsumowanie nie zostanie wysłane; proszę wpisać "
        "adres biura (email = …)"
    )


def head_warnings(schedule: Schedule) -> list[str]:
    """Polish warnings: a title longer than a title may be (LINE_MAX, as in the office form
    and for a call), a "stan na dzień" after the harmonogram's year (a likely typo: 2199 for
    2019), an office address that is a placeholder (placeholder_office)."""
    out = []
    if len(schedule.title) > LINE_MAX:
        out.append(
            f"tytuł harmonogramu {in_quotes(schedule.title)} ma "
            f"{count_chars(len(schedule.title))} – najwyżej {LINE_MAX}; trafia do każdej strony, "
            "kalendarza i tematu wiadomości, proszę go skrócić"
        )
    if schedule.as_of.year > schedule.year:
        out.append(
            f"stan na dzień {format_date(schedule.as_of)} wypada po roku harmonogramu "
            f"({schedule.year}) – proszę sprawdzić datę as_of"
        )
    if placeholder_office(schedule.office.email):
        out.append(placeholder_office_text(schedule.office.email))
    return out


def as_of_ahead_warning(schedule: Schedule, today: date) -> str | None:
    """A warning when the "stan na dzień" is more than a year after `today`: a likely typo."""
    if schedule.as_of - today <= AS_OF_AHEAD:
        return None
    return (
        f"stan na dzień {format_date(schedule.as_of)} jest o ponad rok późniejszy niż dziś "
        f"({format_date(today)}) – proszę sprawdzić datę as_of"
    )
