"""The office's weekly digest as the core composes it and its templates render it, for tests."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from notifier.core.digest import DigestFigures, compose_digest
from notifier.core.schedule import Schedule
from notifier.mail.render import render_email

FIGURES = DigestFigures(
    active_per_topic={"sport": 3, "seniorzy": 1, "turystyka": 0, "usuniety-temat": 2},
    active_total=11,
    all_topics_count=4,
    new_this_week=2,
    unsubscribed_this_week=1,
    reminders_sent_this_week=17,
    reminders_failed_this_week=3,
    reminders_uncertain_this_week=1,
)


def compose(schedule: Schedule, today: date, figures: DigestFigures, **kw: Any) -> Any:
    """The digest as composed by the core, with the subject and parts its templates render."""
    digest = compose_digest(schedule, today, figures, **kw)
    email = render_email("digest", **digest.context)
    return SimpleNamespace(**vars(digest), subject=email.subject, text=email.text, html=email.html)


def section(text: str, heading: str) -> str:
    """The lines of a text-part section, from its heading to the next blank line."""
    start = text.index(heading)
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else None]
