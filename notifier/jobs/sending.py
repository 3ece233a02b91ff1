"""The one send-and-record loop of every flow (reminders, call alerts, digest, sign-up emails).

The messages are claimed rows of the delivery log (notifier.store.delivery_log); each result
is recorded as the server gives it, before that connection sends the next message's content
(notifier.jobs.recorder groups the commits), so a crash re-sends at most what was on the wire.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from notifier.core.errors import NotifierError
from notifier.core.system_errors import first_line, system_reason
from notifier.jobs.recorder import GroupRecorder
from notifier.mail.delivery import DeliveryBackend, DeliveryResult, deliver
from notifier.mail.mime import OutgoingMessage
from notifier.store.db import Database
from notifier.store.delivery_log import Attempt, record_attempts
from notifier.store.sent_journal import SentJournal

log = logging.getLogger(__name__)


# Waits before each new try of recording results when the database is unreachable: about a
# minute in all, then the pass stops; the results not recorded are kept in this process and
# recorded before its next pass does anything (flush_unrecorded), so none is sent again.
RECORD_RETRY_SECONDS = (0, 1, 2, 4, 8, 16, 30)


class RecordingStopped(NotifierError):
    """The database stayed unreachable longer than RECORD_RETRY_SECONDS: the pass stopped;
    what the server accepted is kept for flush_unrecorded. The message is one log line."""


@dataclass(frozen=True)
class _Unrecorded:
    attempts: tuple[Attempt, ...]
    results: tuple[DeliveryResult, ...]
    now: datetime
    kind: str


_unrecorded: list[_Unrecorded] = []
_unrecorded_lock = threading.Lock()


def _keep(kept: _Unrecorded) -> RecordingStopped:
    with _unrecorded_lock:
        _unrecorded.append(kept)
        waiting = sum(len(k.attempts) for k in _unrecorded)
    return RecordingStopped(
        f"Baza danych jest niedostępna dłużej niż {sum(RECORD_RETRY_SECONDS)} s – wysyłkę "
        f"przerwano. Wiadomości przyjęte przez serwer poczty, a niezapisane: {waiting}; worker "
        "zapisze je przed następną wysyłką (po zakończeniu procesu zostałyby wysłane ponownie)."
    )


class JournalFailed(RecordingStopped):
    """The sent journal could not be written (a full disk): the pass stopped sending."""


def flush_unrecorded(db: Database) -> int:
    """Record the results a stopped pass kept (RecordingStopped) and those a process that
    died left in the sent journal (notifier.store.sent_journal), before a new pass claims
    anything; how many. A database error is raised (they stay kept)."""
    replayed = SentJournal(db.journal).replay(db.engine) if db.journal is not None else 0
    with _unrecorded_lock:
        kept = list(_unrecorded)
        if not kept:
            return replayed
        with db.engine.begin() as connection:
            for one in kept:
                record_attempts(connection, one.attempts, one.results, one.now, kind=one.kind)
        _unrecorded.clear()
    log.info(
        "recorded %d result(s) kept while the database was unreachable",
        sum(len(k.attempts) for k in kept),
    )
    return replayed + sum(len(k.attempts) for k in kept)


def _unreachable(exc: DBAPIError) -> bool:
    """A new connection was refused (the server is down or restarting)."""
    return isinstance(exc, OperationalError) and exc.connection_invalidated is False and (
        "connect" in str(exc.orig).lower() or "starting up" in str(exc.orig).lower()
        or "shutting down" in str(exc.orig).lower() or "recovery" in str(exc.orig).lower()
    )  # fmt: skip


@dataclass(frozen=True)
class Sent:
    """What became of one message: its row's new status (sent, failed, rejected) and the
    backend's result."""

    status: str
    result: DeliveryResult


async def send_and_record(
    db: Database,
    backend: DeliveryBackend,
    attempts: Sequence[Attempt],
    messages: Sequence[OutgoingMessage],
    now: datetime,
    *,
    kind: str,
    retries: int = 0,
) -> list[Sent]:
    """Send `messages` (one per claimed `attempts` row, in order) and record each result on
    its row as the server gives it; one Sent per message, in order. `now` (aware) stamps the
    attempts; `kind` and `retries` (how many are resends) are for the metrics. Never raises
    for a failed send (notifier.mail.delivery.deliver); a database error is raised."""
    if not messages:
        return []
    statuses: dict[int, str] = {}
    stopped: list[bool] = []  # the retries ran out: later groups are kept at once
    warned: list[bool] = []  # the database's absence was logged
    # One connection records the whole batch, a transaction per group (no pool round trip
    # per group); the recorder's flushes use it one at a time.
    connections: list[Connection] = []

    def record(group: Sequence[tuple[int, DeliveryResult]]) -> None:
        if not connections:
            connections.append(db.engine.connect())
        with connections[0].begin():
            found = record_attempts(
                connections[0], [attempts[i] for i, _ in group], [r for _, r in group], now,
                kind=kind,
            )  # fmt: skip
        statuses.update(zip([i for i, _ in group], found, strict=True))

    def save(group: Sequence[tuple[int, DeliveryResult]]) -> None:
        # Each message the server accepted is first made durable in the sent journal, then
        # recorded (notifier.store.sent_journal): a process killed in between leaves it to
        # the next one's replay. A journal that cannot be written stops the pass (the group
        # is still recorded if the database takes it): nothing is sent without a record.
        kept = _Unrecorded(
            tuple(attempts[i] for i, _ in group), tuple(r for _, r in group), now, kind
        )
        if stopped:
            raise _keep(kept)
        accepted = [(attempts[i], r) for i, r in group if r.accepted]
        with contextlib.ExitStack() as held:
            failed: OSError | None = None
            if db.journal is not None:
                try:
                    held.enter_context(SentJournal(db.journal).holding(accepted, now, kind))
                except OSError as exc:
                    failed = exc
                    stopped.append(True)
            _record_with_retries(group, kept)
        if failed is not None:
            log.error(
                "sent journal %s cannot be written (%s); sending stopped",
                db.journal,
                errno.errorcode.get(failed.errno or 0, type(failed).__name__),
            )
            raise JournalFailed(
                f"Nie można zapisać dziennika wysłanych wiadomości {db.journal} "
                f"({system_reason(failed)}) – wysyłkę przerwano, by żadna wiadomość nie poszła "
                "dwa razy; pozostałe wyjdą w następnym przebiegu, gdy zapis będzie możliwy."
            )

    def _record_with_retries(
        group: Sequence[tuple[int, DeliveryResult]], kept: _Unrecorded
    ) -> None:
        # Results the server accepted are kept while the database is away (a restart, a
        # failover): recorded once it is back, so none is sent again; nothing more is sent
        # meanwhile, as each sender waits for its result to be recorded. Past the retries
        # they are kept for the next pass (flush_unrecorded), and this one stops.
        for delay in (*RECORD_RETRY_SECONDS, None):
            try:
                record(group)
                return
            except DBAPIError as exc:
                if not (exc.connection_invalidated or _unreachable(exc)):
                    raise
                if delay is None:
                    stopped.append(True)
                    raise _keep(kept) from None
                if connections:
                    connections.pop().invalidate()
                if not warned:  # one line per incident, however many tries it takes
                    warned.append(True)
                    log.warning(
                        "database unreachable while recording %d result(s); trying again for "
                        "up to %d s, sending nothing more meanwhile: %s",
                        len(group), sum(RECORD_RETRY_SECONDS),
                        first_line(exc),
                    )  # fmt: skip
                time.sleep(delay)

    recorder: GroupRecorder[tuple[int, DeliveryResult]] = GroupRecorder(save)

    async def recorded(index: int, result: DeliveryResult) -> None:
        await recorder.record((index, result))

    try:
        results = await deliver(backend, messages, recorded, kind=kind, retries=retries)
    finally:
        await recorder.idle()  # the connection is closed only once nothing uses it
        for connection in connections:
            await asyncio.to_thread(connection.close)
    if db.journal is not None and not stopped:  # every line is recorded: the file can go
        await asyncio.to_thread(SentJournal(db.journal).replay, db.engine)
    return [Sent(statuses[i], result) for i, result in enumerate(results)]
