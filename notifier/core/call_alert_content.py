"""What the call emails say (templates/emails/call.*, deadline.*, change.*): Polish, data only.

Pure: the alert, the schedule and the moment come in, the templates' context goes out.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from notifier.core.call_alerts import Alert, AlertKind
from notifier.core.call_changes import Told, changed_lines
from notifier.core.language import gettext as _
from notifier.core.language import in_language, quoted
from notifier.core.polish import count_days, format_amount, format_date, listed_names
from notifier.core.schedule import Schedule, Task
from notifier.core.time import warsaw_day


def _name(schedule: Schedule, task: Task) -> str:
    department = schedule.department(task.department_id)
    return department.title_of(task) if department else task.title


def _when_closing(days: int) -> str:
    """Beside "Termin składania ofert: 25 stycznia 2027": 'za 5 dni', 'jutro', 'dziś'."""
    if days <= 0:
        return _("dziś")
    return _("jutro") if days == 1 else _("za %(days)s") % {"days": count_days(days)}


def alert_email_context(
    schedule: Schedule,
    alert: Alert,
    now: datetime,
    *,
    base_url: str,
    manage_url: str,
    unsubscribe_url: str,
    page: str = "/",
    name_city: bool = False,
) -> dict[str, Any]:
    """The context of templates/emails/<alert.kind>.* (`now` aware: days left count from
    its Warsaw day; `base_url` without a trailing slash; `page` the harmonogram page's path,
    notifier.core.catalog.page_path; `name_city`: the subject starts with the city, as
    the service serves several). A correction's `changes` are its lines old → new
    (core.call_changes.changed_lines) from what the subscriber was told (Alert.before)."""
    today = warsaw_day(now)
    context: dict[str, Any] = {
        "subject_city": schedule.city if name_city else "",
        "city": schedule.city,
        "schedule_title": schedule.title,
        "office_name": schedule.office.name,
        "office_email": schedule.office.email,
        "page_url": in_language(f"{base_url}{page}"),
        "manage_url": manage_url,
        "unsubscribe_url": unsubscribe_url,
    }
    if alert.kind is AlertKind.CHANGE:
        change = alert.change
        assert change is not None
        context.update(
            title=change.title,
            task_key=change.task_key,
            removed=change.removed,
            old=quoted(change.old.period),
            new=quoted(change.new.period) if change.new else None,
            new_period=change.new.period if change.new else None,
            change=change.describe(),
            page_url=in_language(f"{base_url}{page}#{change.department_id}"),
        )
        return context
    call = alert.call
    assert call is not None
    names = listed_names([_name(schedule, t) for t in alert.tasks])
    left = call.days_left(today)
    context.update(
        title=names[0]
        if len(names) == 1
        else _("%(first)s i inne (%(count)s)") % {"first": names[0], "count": len(names)},
        tasks=[t.label for t in alert.tasks],
        names=names,
        published=format_date(call.published),
        deadline=call.deadline_wording,
        days_left=left,
        days_left_text=_when_closing(left),
        days_word=_("ostatni dzień") if left <= 0 else count_days(left),
        amount=format_amount(call.amount) if call.amount is not None else None,
        call_title=call.title,
        url=call.url,
        offer_days=count_days(call.offer_days),
    )
    if alert.kind is AlertKind.CORRECTION:
        before = alert.before or Told.of(call)
        context.update(
            changes=changed_lines(before, Told.of(call)),
            deadline_changed=(before.deadline, before.deadline_time)
            != (call.deadline, call.deadline_time),
        )
    return context
