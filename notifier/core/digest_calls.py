"""The calls part of the office's weekly digest: calls published and results announced this
past week, deadlines in the next 14 days, and windows overdue (for the office to chase).

Pure: `today` (a Warsaw day) is passed in.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from notifier.core.calls import Call
from notifier.core.polish import count_days, format_amount, format_date
from notifier.core.schedule import Schedule
from notifier.core.task_status import OVERDUE_AFTER_DAYS, overdue_windows

DEADLINE_HORIZON_DAYS = 14  # days: "closes soon" is a deadline in [today, today + 14]
LOOKBACK_DAYS = 7  # days: "this past week" is (today - 7, today]


def _names(schedule: Schedule, call: Call) -> list[str]:
    out = []
    for key in call.tasks:
        task = schedule.task(key)
        out.append(task.label if task else key)
    return out


def _call_view(schedule: Schedule, call: Call, today: date) -> dict[str, Any]:
    left = call.days_left(today)
    return {
        "tasks": _names(schedule, call),
        "published": format_date(call.published),
        "deadline": call.deadline_wording,
        "days_left": "dziś ostatni dzień" if left == 0 else f"zostało {count_days(left)}",
        "amount": format_amount(call.amount) if call.amount is not None else None,
        "title": call.title,
        "url": call.url,
        "results_date": format_date(call.results.date) if call.results else None,
        "results_url": call.results.url if call.results else None,
    }


def calls_digest_context(schedule: Schedule, today: date) -> dict[str, Any]:
    """What templates/emails/digest.* show about calls (Polish dates and counts)."""
    since = today - timedelta(days=LOOKBACK_DAYS)
    horizon = today + timedelta(days=DEADLINE_HORIZON_DAYS)
    calls = sorted(schedule.calls, key=lambda c: (c.published, c.index))
    published = [c for c in calls if since < c.published <= today]
    closing = sorted(
        (c for c in calls if c.published <= today <= c.deadline <= horizon),
        key=lambda c: (c.closes_at, c.index),
    )
    results = [c for c in calls if c.results is not None and since < c.results.date <= today]
    overdue = [
        {
            "task": late.task.label,
            "key": late.task.key,
            "period": late.task.period.text,
            "last_day": format_date(late.window.last_day),
            "ago": count_days(late.days),
        }
        for late in overdue_windows(schedule, today)
    ]
    return {
        "calls_published": [_call_view(schedule, c, today) for c in published],
        "calls_closing": [_call_view(schedule, c, today) for c in closing],
        "calls_results": [_call_view(schedule, c, today) for c in results],
        "overdue": overdue,
        "overdue_after": count_days(OVERDUE_AFTER_DAYS),
        "deadline_horizon": format_date(horizon),
    }
