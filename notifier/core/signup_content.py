"""How the sign-up emails, pages and the CLI word a subscription's choices (Polish, data only)."""

from __future__ import annotations

from notifier.core.language import gettext as _
from notifier.core.language import tr_plural
from notifier.core.schedule import Schedule


def topics_text(schedule: Schedule, topics: frozenset[str] | None) -> str:
    """Polish description of a topic choice, labels in the schedule's order; None (every
    topic): "wszystkie tematy"; a slug the schedule does not know is listed as it is, last."""
    if topics is None:
        return _("wszystkie tematy")
    known = [label for slug, label in schedule.topics.items() if slug in topics]
    return ", ".join(known + sorted(t for t in topics if t not in schedule.topics))


def lead_days_text(days: tuple[int, ...]) -> str:
    """Lead times (days, ascending) in Polish: '7 dni', '1 dzień', '3 i 14 dni',
    '1, 7 i 30 dni'; "" for none."""
    numbers = [str(d) for d in days]
    if not days:
        return ""
    if len(numbers) == 1:
        joined = numbers[0]
    else:
        joined = _("%(numbers)s i %(last)s") % {
            "numbers": ", ".join(numbers[:-1]),
            "last": numbers[-1],
        }
    return tr_plural(days[-1], "%(n)s dzień", "%(n)s dni", "%(n)s dni") % {"n": joined}
