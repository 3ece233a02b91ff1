"""A recorded call's corrections: what its alert told subscribers, version by version.

A call's key stays while its tasks and publication day do (core.calls.Call.key), so the
office correcting its deadline, amount, address or title changes what subscribers were told
without a new call. Each version of what a call tells (`Told`) is recorded once
(notifier.store.call_versions); a subscriber told an older version gets one "Zmiana w
ogłoszeniu" email naming old and new (blind11 F6), the Atom entry's <updated> moves to the
correction, and the deadline reminder follows the new deadline.

Pure: versions come in as data; words in the caller's language.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from notifier.core.calls import Call
from notifier.core.language import gettext as _
from notifier.core.polish import format_amount, format_date
from notifier.core.schedule import Schedule


@dataclass(frozen=True)
class Told:
    """What a call's alert tells beside its tasks: the deadline (its hour, if any), the
    amount, the call's address and its own name."""

    deadline: date
    deadline_time: time | None
    amount: Decimal | None
    url: str
    title: str | None

    @classmethod
    def of(cls, call: Call) -> Told:
        """What `call` tells now."""
        return cls(call.deadline, call.deadline_time, call.amount, call.url, call.title)

    def encode(self) -> str:
        """The stored form (JSON, keys sorted): equal texts, equal versions."""
        return json.dumps(
            {
                "deadline": self.deadline.isoformat(),
                "time": self.deadline_time.strftime("%H:%M") if self.deadline_time else None,
                "amount": str(self.amount) if self.amount is not None else None,
                "url": self.url,
                "title": self.title,
            },
            sort_keys=True,
            ensure_ascii=False,
        )

    @classmethod
    def decode(cls, text: str) -> Told:
        """The Told of its stored form."""
        data = json.loads(text)
        hour = data.get("time")
        return cls(
            date.fromisoformat(data["deadline"]),
            time.fromisoformat(hour) if hour else None,
            Decimal(data["amount"]) if data.get("amount") is not None else None,
            str(data["url"]),
            data.get("title"),
        )

    @property
    def deadline_wording(self) -> str:
        """'28 maja 2024, godz. 15:30', or '28 maja 2024' for the whole day (as Call says)."""
        day = format_date(self.deadline)
        if self.deadline_time is None:
            return day
        return _("%(day)s, godz. %(time)s") % {"day": day, "time": f"{self.deadline_time:%H:%M}"}


@dataclass(frozen=True)
class CallVersion:
    """One recorded version of a call: its row id (ascending), what it tells, when first seen
    (aware)."""

    id: int
    told: Told
    seen_at: datetime


@dataclass(frozen=True)
class CallHistory:
    """The recorded versions of one call, oldest first; `ref` names it
    ("leszno/2024/20240506-3f2a9c1b": core.call_alerts.call_ref)."""

    ref: str
    versions: tuple[CallVersion, ...]

    @property
    def first(self) -> CallVersion:
        """The version first recorded (what a call alert sent before versions were kept told)."""
        return self.versions[0]

    @property
    def latest(self) -> CallVersion:
        """The version recorded last: what the file says now, once recorded."""
        return self.versions[-1]

    @property
    def corrected(self) -> bool:
        """Whether the call was corrected since first recorded."""
        return len(self.versions) > 1

    def version(self, version_id: int) -> CallVersion:
        """The version with this id; the first for an id it does not hold."""
        return next((v for v in self.versions if v.id == version_id), self.first)


# Characters of a city id kept as they are in an alert key; a longer one (ids may have up to
# input_rules.ID_MAX, 195) is cut and ends in a digest of the whole, so that the longest
# dedupe key ("deadline:" + city + "/YEAR/" + call key + ":" + a 19-digit subscriber id)
# fits the delivery log's 200 characters.
CITY_IN_KEY_MAX = 120


def harmonogram_of(schedule: Schedule) -> str:
    """The harmonogram in a call's alert keys: the city and the year ("leszno/2024")."""
    city = schedule.city_id
    if len(city) > CITY_IN_KEY_MAX:
        digest = hashlib.sha256(city.encode()).hexdigest()[:16]
        city = f"{city[: CITY_IN_KEY_MAX - 17]}~{digest}"
    return f"{city}/{schedule.year}"


def call_ref(schedule: Schedule, call: Call) -> str:
    """How the call's versions are named ("leszno/2024/20240506-3f2a9c1b")."""
    return f"{harmonogram_of(schedule)}/{call.key}"


Histories = Mapping[str, CallHistory]
"""Call histories by their ref."""


def _amount(amount: Decimal | None) -> str:
    return format_amount(amount) if amount is not None else _("nie podano")


def _title(title: str | None) -> str:
    return title if title else _("bez nazwy")


def changed_lines(old: Told, new: Told) -> list[str]:
    """One line per field that differs, old → new, in the caller's language:
    'Termin składania ofert: 10 stycznia 2027, godz. 15:30 → 20 grudnia 2026'."""
    lines = []
    if (old.deadline, old.deadline_time) != (new.deadline, new.deadline_time):
        lines.append(
            _("Termin składania ofert: %(old)s → %(new)s")
            % {"old": old.deadline_wording, "new": new.deadline_wording}
        )
    if old.amount != new.amount:
        lines.append(
            _("Kwota: %(old)s → %(new)s") % {"old": _amount(old.amount), "new": _amount(new.amount)}
        )
    if old.title != new.title:
        lines.append(
            _("Nazwa ogłoszenia: %(old)s → %(new)s")
            % {"old": _title(old.title), "new": _title(new.title)}
        )
    if old.url != new.url:
        lines.append(_("Ogłoszenie: %(old)s → %(new)s") % {"old": old.url, "new": new.url})
    return lines


def deadline_moved(history: CallHistory | None, call: Call) -> bool:
    """Whether `call`'s deadline day differs from the one first recorded: its deadline
    reminder is then a new one (a reminder sent for the old day does not stand for it)."""
    return history is not None and history.first.told.deadline != call.deadline


def with_current(histories: Histories, schedule: Schedule, now: datetime) -> dict[str, CallHistory]:
    """`histories` with each call of `schedule` as it is now added where it is not yet
    recorded (a version numbered after every recorded one, first seen at `now`): what a dry
    run, which records nothing, plans as the real pass would after recording."""
    out = dict(histories)
    next_id = max((v.id for h in histories.values() for v in h.versions), default=0) + 1
    for call in schedule.calls:
        ref = call_ref(schedule, call)
        told = Told.of(call)
        history = out.get(ref)
        if history is None:
            out[ref] = CallHistory(ref, (CallVersion(next_id, told, now),))
        elif history.latest.told != told:
            out[ref] = CallHistory(ref, (*history.versions, CallVersion(next_id, told, now)))
        else:
            continue
        next_id += 1
    return out
