"""The body of each of the worker's jobs (notifier.jobs.worker runs them through its
`_tracked`): which pass runs, and what of its report is logged."""

from __future__ import annotations

import logging

from notifier.core.time import TIMEZONE
from notifier.jobs.alerts_pass import run_alerts_pass
from notifier.jobs.digest_pass import run_digests
from notifier.jobs.reminder_pass import retry_reminders, run_reminder_pass
from notifier.jobs.run_context import RunContext
from notifier.jobs.signup_retry import retry_signup_emails

log = logging.getLogger("notifier.jobs.worker")  # the worker's log lines, as before

ALERT_HOURS = (7, 20)  # call and change alerts every 15 minutes, 07:00–20:45 Warsaw, never at night


async def remind_pass(run: RunContext) -> None:
    report = await run_reminder_pass(run)
    log.info("reminder run:\n%s", report.format())
    log.info("alerts run:\n%s", (await run_alerts_pass(run, deadlines=True)).format())


async def alerts_pass(run: RunContext) -> None:
    first, last = ALERT_HOURS
    if not first <= run.now.astimezone(TIMEZONE).hour <= last:  # nobody is mailed at night
        return
    report = await run_alerts_pass(run, deadlines=False)
    if report.counts:
        log.info("alerts run:\n%s", report.format())


async def digest_pass(run: RunContext) -> None:
    for report in await run_digests(run):
        log.info("digest run: %s", report.format())


async def retry_pass(run: RunContext) -> None:
    report = await retry_reminders(run)
    if report.emails:
        log.info("retry run:\n%s", report.format())
    await run_digests(run, retry_only=True)
    sent = await retry_signup_emails(run)
    if sent:
        log.info("retry run: %d sign-up emails sent", sent)
