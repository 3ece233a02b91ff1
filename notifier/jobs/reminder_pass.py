"""One reminder pass: decide what is due in the database, claim it, send it, record the outcome.

The rule of what is due lives in notifier.core.due; the database side in notifier.jobs.due_query
(decide) and notifier.jobs.claims (claim, retake); the email is notifier.mail.emails'; sending
and recording notifier.jobs.sending's. This module runs them batch by batch and reports.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection

from notifier.core.delivery_result import UNCERTAIN, UNCERTAIN_TEXT
from notifier.core.due import DueItem, due_windows
from notifier.core.language import POLISH
from notifier.core.polish import count_tasks, format_as_of
from notifier.core.schedule import Schedule
from notifier.core.time import TIMEZONE
from notifier.i18n import speaking
from notifier.jobs.claims import Pending, claim, retake
from notifier.jobs.due_query import DueQuery
from notifier.jobs.run_context import RunContext
from notifier.jobs.sending import send_and_record
from notifier.mail.emails import reminder_email, reminder_template
from notifier.mail.mime import OutgoingMessage
from notifier.mail.mime_template import MessageTemplate
from notifier.settings import Settings
from notifier.store.claim_owners import claim_owner, keep_alive
from notifier.store.models import FAILED, REJECTED, SENT
from notifier.store.subscribers import subscriber_languages
from notifier.store.tokens import mint_link_tokens

log = logging.getLogger(__name__)

BATCH_SIZE = 1000  # subscribers per claim/send/record round: memory stays flat
REPORT_LINES = 200  # emails listed by name in a report; the counts cover all of them


@dataclass(frozen=True)
class Outcome:
    """One email of the pass: to whom, what, and what became of it."""

    recipient: str
    subject: str
    task_keys: tuple[str, ...]
    status: str  # sent / failed / rejected, or "planned" in a dry run
    retry: bool = False  # a resend of an earlier failed or interrupted delivery
    response: str = ""
    reason: str = ""  # why not sent: ours in Polish, else the server's reply as given (M6)


@dataclass
class ReminderReport:
    """What a pass sent (or in a dry run would send), for the CLI and the logs.

    Every email is counted; only the first REPORT_LINES are kept to be listed, so a pass over
    100,000 subscribers does not hold an outcome per email in memory (the delivery log has
    them all).
    """

    now: datetime
    dry_run: bool
    emails: list[Outcome] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        """Count one email by its status, listed while fewer than REPORT_LINES are."""
        self.counts[outcome.status] += 1
        if len(self.emails) < REPORT_LINES:
            self.emails.append(outcome)

    def count(self, status: str) -> int:
        """How many emails ended with `status`."""
        return self.counts[status]

    @property
    def total(self) -> int:
        """How many emails the pass sent or tried to send (or planned, in a dry run)."""
        return sum(self.counts.values())

    def format(self) -> str:
        """The office's view, in Polish."""
        local = self.now.astimezone(TIMEZONE)
        head = f"Przypomnienia – {format_as_of(local.date())}, godz. {local:%H:%M}"
        if self.dry_run:
            head += " (próba: nic nie zostanie wysłane)"
        if not self.total:
            return f"{head}\nBrak przypomnień do wysłania."
        labels = {
            "planned": "do wysłania",
            SENT: "wysłano",
            FAILED: "nie wysłano (ponowna próba później)",
            REJECTED: "odrzucone przez serwer",
            UNCERTAIN: UNCERTAIN_TEXT,
        }
        lines = [head]
        for e in self.emails:
            again = " [ponowna próba]" if e.retry else ""
            why = f"; powód: {e.reason}" if e.reason and e.status in (FAILED, REJECTED) else ""
            lines.append(
                f"  {labels.get(e.status, e.status)}: {e.recipient} – „{e.subject}” "
                f"({count_tasks(len(e.task_keys))}){again}{why}"
            )
        if self.total > len(self.emails):
            lines.append(
                f"  … i {self.total - len(self.emails)} kolejnych (pełna lista w dzienniku)."
            )
        if self.dry_run:
            lines.append(f"Razem do wysłania: {self.total}.")
        else:
            lines.append(
                f"Razem: wysłano {self.count(SENT)}, nieudane {self.count(FAILED)}, "
                f"odrzucone {self.count(REJECTED)}"
                + (
                    f", o nieznanym wyniku {self.count(UNCERTAIN)}."
                    if self.count(UNCERTAIN)
                    else "."
                )
            )
        return "\n".join(lines)


# Renderings shared within a pass, by the task keys of the due items: the email shows the
# tasks, not which lead times made them due. Bounded (least recently used goes first), so
# memory stays flat however many different selections a pass meets.
RenderCache = OrderedDict[tuple[str, ...], MessageTemplate]  # (language, *task refs)
RENDER_CACHE_ENTRIES = 1024  # about 8-16 KB each (the encoded parts)


def _shared_content(
    cache: RenderCache,
    schedule: Schedule,
    settings: Settings,
    items: Sequence[DueItem],
    now: datetime,
    language: str = POLISH,
) -> MessageTemplate:
    """notifier.mail.emails.reminder_template for these items, rendered once per pass for
    everyone with the same tasks and language."""
    key = (language, *(item.ref for item in items))
    content = cache.get(key)
    if content is None:
        if len(cache) >= RENDER_CACHE_ENTRIES:
            cache.popitem(last=False)
        with speaking(language):
            content = cache[key] = reminder_template(schedule, settings, items, now)
    else:
        cache.move_to_end(key)
    return content


RENDER_SLICE = 16  # emails rendered between two looks at the event loop


async def _render(
    rendered: RenderCache,
    schedule: Schedule,
    settings: Settings,
    pending: Sequence[Pending],
    minted: Minted,
    now: datetime,
    sent_at: datetime,
) -> list[OutgoingMessage]:
    """Every email of a batch, each in its subscriber's language; subscribers with the same
    due items and language share one rendering.

    `now` is the pass's moment (what is due, the wording); `sent_at` the wall-clock time
    stamped as Date: (gateways reject mail dated days off, as an --as-of moment would be).

    Rendered on the event loop a slice at a time, so the batch on the wire keeps its SMTP
    round trips going (in a thread, the GIL would hold each reply back by milliseconds).
    """
    out = []
    for n, p in enumerate(pending, start=1):
        language = minted.languages.get(p.subscriber_id, POLISH)
        content = _shared_content(rendered, schedule, settings, p.items, now, language)
        tokens = minted.tokens[p.delivery_id]
        out.append(reminder_email(content, settings, p.email, sent_at, tokens))
        if n % RENDER_SLICE == 0:
            await asyncio.sleep(0)
    return out


async def _send_and_record(
    run: RunContext,
    pending: Sequence[Pending],
    messages: Sequence[OutgoingMessage],
    report: ReminderReport,
) -> None:
    """Send a rendered batch, recording each message's result as the server gives it (so a
    crash re-sends at most the messages on the wire), then add them to the report."""
    if not pending:
        return
    sent = await send_and_record(
        run.db, run.backend, [p.attempt for p in pending], messages, run.now,
        kind="reminder", retries=sum(p.retry for p in pending),
    )  # fmt: skip
    for p, message, one in zip(pending, messages, sent, strict=True):
        keys = tuple(i.task.key for i in p.items)
        report.add(
            Outcome(
                p.email,
                message.subject,
                keys,
                one.status,
                p.retry,
                one.result.response,
                "" if one.result.accepted else one.result.reason or one.result.response,
            )
        )


@dataclass(frozen=True)
class Minted:
    """What a batch's emails need beyond their items: fresh link tokens by delivery id
    (manage token, unsubscribe token) and each subscriber's language by subscriber id."""

    tokens: dict[int, tuple[str, str]] = field(default_factory=dict)
    languages: dict[int, str] = field(default_factory=dict)


def _mint(connection: Connection, pending: Sequence[Pending], stamp: datetime) -> Minted:
    """Fresh link tokens for each pending email, in the caller's transaction
    (notifier.store.tokens.mint_link_tokens), and the subscribers' languages."""
    ids = [p.subscriber_id for p in pending]
    pairs = mint_link_tokens(connection, ids, stamp)
    tokens = {p.delivery_id: pair for p, pair in zip(pending, pairs, strict=True)}
    return Minted(tokens, subscriber_languages(connection, ids))


# --- retries --------------------------------------------------------------------------------


async def retry_reminders(
    run: RunContext,
    *,
    report: ReminderReport | None = None,
    batch_size: int = BATCH_SIZE,
    owner: str | None = None,
) -> ReminderReport:
    """Resend failed reminders whose next attempt has come, and the claims of passes that are
    gone (see notifier.store.claim_owners); `owner` names this pass's claims (new if None).

    Only what is still due at `run.now` goes out again (notifier.core.due.is_due).
    """
    report = report or ReminderReport(run.now, dry_run=False)
    rendered: RenderCache = OrderedDict()
    with contextlib.ExitStack() as stack:
        holder = owner or stack.enter_context(claim_owner())
        while True:

            def take() -> tuple[list[Pending], int, Minted]:
                with run.db.engine.begin() as connection:
                    stamp = run.claim_stamp()  # tokens too are dated by the real clock
                    pending, taken = retake(
                        connection,
                        run.catalog,
                        run.now,
                        stamp,
                        batch_size,
                        run.settings.remind_time,
                        holder,
                    )
                    return pending, taken, _mint(connection, pending, stamp)

            pending, taken, tokens = await asyncio.to_thread(take)
            if not taken:
                return report
            messages = await _render(
                rendered, run.catalog.first, run.settings, pending, tokens, run.now, run.wall()
            )
            async with keep_alive(run.db.engine, holder, run.claim_stamp):
                await _send_and_record(run, pending, messages, report)


# --- the pass -------------------------------------------------------------------------------


async def run_reminder_pass(run: RunContext, *, batch_size: int = BATCH_SIZE) -> ReminderReport:
    """Retry what is due for retry, then send every reminder due at `run.now` not yet claimed.

    A dry run decides the same way and claims, mints and sends nothing. `batch_size`
    subscribers are decided, claimed and sent at a time.
    """
    with claim_owner() as owner:
        now, schedule, settings = run.now, run.catalog.first, run.settings
        report = ReminderReport(now, run.dry_run)
        if not run.dry_run:
            await retry_reminders(run, report=report, owner=owner)
        windows = due_windows(run.catalog, now, settings.remind_time)
        if not windows:
            return report
        query = DueQuery.prepare(windows)
        rendered: RenderCache = OrderedDict()  # the event loop's; the dry run's: `planned`
        planned: RenderCache = OrderedDict()

        def prepare(after: int) -> tuple[int | None, list[Pending], Minted]:
            """Decide the next batch and claim it (database work, in a thread)."""
            with run.db.engine.connect() as connection:
                upto, found = query.batch(connection, after, batch_size)
            if run.dry_run:  # the subject in each subscriber's language, as sent
                with run.db.engine.connect() as connection:
                    languages = subscriber_languages(connection, [s for s, _, _ in found])
                for subscriber_id, email, items in found:
                    language = languages.get(subscriber_id, POLISH)
                    content = _shared_content(planned, schedule, settings, items, now, language)
                    keys = tuple(i.task.key for i in items)
                    report.add(Outcome(email, content.subject, keys, "planned"))
                return upto, [], Minted()
            if not found:
                return upto, [], Minted()
            with run.db.engine.begin() as connection:
                stamp = run.claim_stamp()  # tokens too are dated by the real clock, not --as-of
                pending = claim(connection, found, now, stamp, owner)
                return upto, pending, _mint(connection, pending, stamp)

        # A pipeline one batch deep: the next batch is decided, claimed and rendered while this
        # one is on the wire, so the SMTP round trips overlap with the rest of the work.
        sending: asyncio.Task[None] | None = None
        after: int | None = 0
        async with keep_alive(run.db.engine, owner, run.claim_stamp):
            try:
                while after is not None:
                    after, pending, tokens = await asyncio.to_thread(prepare, after)
                    messages = await _render(
                        rendered, schedule, settings, pending, tokens, now, run.wall()
                    )
                    if sending is not None:
                        await sending
                        sending = None
                    if pending:
                        sending = asyncio.create_task(
                            _send_and_record(run, pending, messages, report)
                        )
                if sending is not None:
                    await sending
            except BaseException:
                # The batch in flight is on the wire: let it finish and be recorded, then give up.
                if sending is not None and not sending.done():
                    with contextlib.suppress(Exception):
                        await asyncio.shield(sending)
                raise
        return report
