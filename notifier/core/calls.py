"""The real calls (ogłoszenia otwartych konkursów ofert) recorded after the harmonogram.

A harmonogram is a forecast; a `Call` is what the city actually published: when, where, until
when offers are accepted (termin składania ofert) and, later, the results. Pure data: the
TOML text is read by notifier.core.calls_toml, statuses are worked out in
notifier.core.task_status.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from notifier.core.language import gettext as _
from notifier.core.polish import count_days, format_amount, format_date
from notifier.core.spans import Span
from notifier.core.time import TIMEZONE

MIN_OFFER_DAYS = 21
"""Art. 13 ust. 1 of the ustawa o działalności pożytku publicznego i o wolontariacie: the
termin składania ofert may not be shorter than 21 days from the call's publication."""


@dataclass(frozen=True)
class CallResults:
    """The published results (rozstrzygnięcie konkursu): the day and where to read them."""

    date: date
    url: str


@dataclass(frozen=True, kw_only=True)
class Call:
    """One published call covering one or more tasks ("department/task" keys, file order).

    `deadline` is the last day offers are accepted (a Warsaw day); `deadline_time` the hour on
    that day when the call gives one (None: the whole day). `amount` in PLN; `title` the
    call's own name; `index` its position among the file's [[calls]] blocks (1-based).
    """

    tasks: tuple[str, ...]
    published: date
    url: str
    deadline: date
    deadline_time: time | None = None
    amount: Decimal | None = None
    title: str | None = None
    results: CallResults | None = None
    index: int = 0

    @property
    def key(self) -> str:
        """Stable while the call's tasks and publication day stay: '20240506-3f2a9c1b'.

        The deadline, amount, URL and title may be corrected without the key changing, so a
        corrected call is the same calendar event (a higher SEQUENCE) and is not mailed again.
        """
        return call_key(self.tasks, self.published)

    @property
    def closes_at(self) -> datetime:
        """When offers stop being accepted (aware, Europe/Warsaw): the hour given, else the
        end of the deadline day (midnight after it)."""
        if self.deadline_time is not None:
            return datetime.combine(self.deadline, self.deadline_time, tzinfo=TIMEZONE)
        return datetime.combine(self.deadline + timedelta(days=1), time(0), tzinfo=TIMEZONE)

    @property
    def offer_days(self) -> int:
        """Days from publication to the deadline (art. 13 ust. 1 asks for at least 21)."""
        return (self.deadline - self.published).days

    def is_open(self, today: date) -> bool:
        """Published and the deadline day not yet over on `today` (a Warsaw day)."""
        return self.published <= today <= self.deadline

    def days_left(self, today: date) -> int:
        """Whole days from `today` to the deadline day (0 on the deadline day itself)."""
        return (self.deadline - today).days

    @property
    def deadline_wording(self) -> str:
        """'28 maja 2024, godz. 15:30', or '28 maja 2024' for the whole day."""
        day = format_date(self.deadline)
        if not self.deadline_time:
            return day
        return _("%(day)s, godz. %(time)s") % {"day": day, "time": f"{self.deadline_time:%H:%M}"}

    @property
    def headline(self) -> str:
        """'Ogłoszono 6 maja 2024 — oferty do 28 maja 2024, godz. 15:30'."""
        return _("Ogłoszono %(published)s — oferty do %(deadline)s") % {
            "published": format_date(self.published),
            "deadline": self.deadline_wording,
        }

    def details(self, today: date | None = None) -> list[str]:
        """Lines about the call: headline, days left (when `today` is given), amount, link,
        results."""
        lines = [self.headline]
        if self.title:
            lines.append(_("Nazwa ogłoszenia: %(title)s") % {"title": self.title})
        if today is not None and self.is_open(today):
            lines.append(days_left_wording(self.days_left(today)))
        if self.amount is not None:
            lines.append(_("Kwota: %(amount)s") % {"amount": format_amount(self.amount)})
        lines.append(_("Ogłoszenie: %(url)s") % {"url": self.url})
        if self.results is not None:
            lines.append(
                _("Wyniki ogłoszono %(day)s: %(url)s")
                % {"day": format_date(self.results.date), "url": self.results.url}
            )
        return lines


def call_key(tasks: Iterable[str], published: date) -> str:
    """The key of a call covering `tasks` published on `published` (see Call.key)."""
    digest = hashlib.sha256("\n".join(sorted(tasks)).encode()).hexdigest()[:8]
    return f"{published:%Y%m%d}-{digest}"


def future_date_problems(calls: Iterable[Call], today: date) -> list[str]:
    """One problem line (Polish) per call whose publication day, or results day, is after
    `today` (a Warsaw day): a call is recorded once it is published and its results once they
    are announced, never ahead, or they would go out as news ("Ogłoszono 4 stycznia 2027",
    "Wyniki konkursu") before they exist. [] when none is. The rule of `announce` and `check`
    (and of every door that records calls and results: the office's forms too)."""
    problems = []
    for call in calls:
        if call.published > today:
            problems.append(
                f"ogłoszenie [[calls]] nr {call.index}: dzień ogłoszenia "
                f"{format_date(call.published)} (published = {call.published.isoformat()}) "
                f"jest późniejszy niż dzisiejszy ({format_date(today)}) – ogłoszenie zapisuje "
                "się dopiero po jego publikacji"
            )
        elif call.results is not None and call.results.date > today:
            day = call.results.date
            problems.append(
                f"ogłoszenie [[calls]] nr {call.index}, [calls.results]: dzień ogłoszenia "
                f"wyników {format_date(day)} (date = {day.isoformat()}) jest późniejszy niż "
                f"dzisiejszy ({format_date(today)}) – wyniki zapisuje się dopiero po ich "
                "ogłoszeniu"
            )
    return problems


def days_left_wording(days: int) -> str:
    """'Ostatni dzień składania ofert', 'Zostało 1 dzień', 'Zostało 5 dni'."""
    if days <= 0:
        return _("Dziś ostatni dzień składania ofert")
    return _("Do terminu składania ofert: %(days)s") % {"days": count_days(days)}


def call_window(windows: tuple[Span, ...], call: Call) -> Span | None:
    """Which expected window (round) of a task a call answers; None for an undated task.

    The window holding the publication day; else the latest window that started before it (a
    late call); else the first window (an early call).
    """
    if not windows:
        return None
    for window in windows:
        if call.published in window:
            return window
    started = [w for w in windows if w.start <= call.published]
    return started[-1] if started else windows[0]
