"""The journal of messages the mail server accepted: never sent twice, even after `kill -9`.

A pass records each result in the delivery log as the server gives it, but between the
server's "250 OK" and the database's commit the result lives only in the process: killed then
(or dying while the database is away and the results wait in memory), its claimed rows look
unsent, and the next pass would send them again. So each accepted message's row is first
appended to this small file and fsync'd — before the result goes to the database, and before
the connection that sent it sends anything more — and the file is read back
(`replay`) by the next process that opens the database and by each worker pass: the rows it
names that the delivery log does not yet hold as sent are recorded as sent, and the file is
removed. A journal that cannot be written (a full disk) raises OSError: the caller stops
sending rather than send without a record (notifier.jobs.sending).

One file per database (its name carries a hash of the database's URL), in NOTIFIER_STATE_DIR:
by default the SQLite file's folder, or the current directory for a database server. Several
processes of one host append to it at once (each line one write with O_APPEND, under a shared
flock held until its results are in the database); `replay` takes the lock exclusively, so it
never drops a line whose process is still recording it.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from notifier.core.delivery_result import ACCEPTED, DeliveryResult
from notifier.store.delivery_log import Attempt, deliveries, record_attempts
from notifier.store.models import SENT

log = logging.getLogger(__name__)

_CHUNK = 500  # rows looked up per query when replaying


class SentJournal:
    """The journal file at `path` (see the module)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def holding(
        self, accepted: Sequence[tuple[Attempt, DeliveryResult]], now: datetime, kind: str
    ) -> Iterator[None]:
        """Append one line per accepted message and fsync, then hold a shared lock while the
        block records them in the database. OSError (the disk full, the folder read-only)
        when the lines cannot be made durable: nothing may be sent after it."""
        if not accepted:
            yield
            return
        lines = "".join(
            json.dumps(
                {
                    "id": attempt.delivery_id,
                    "attempts": attempt.attempts,
                    "to": attempt.recipient,
                    "message_id": result.message_id,
                    "response": result.response[:200],
                    "at": now.isoformat(),
                    "kind": kind,
                },
                ensure_ascii=True,
            )
            + "\n"
            for attempt, result in accepted
        ).encode()
        fd = self._open_locked(fcntl.LOCK_SH)
        try:
            written = os.write(fd, lines)
            if written != len(lines):
                raise OSError(28, "short write to the sent journal")  # ENOSPC: nothing more fit
            os.fsync(fd)
            yield
        finally:
            os.close(fd)  # the lock goes with it

    def _open_locked(self, how: int) -> int:
        """The journal opened for appending (created if need be) and locked `how`; opened
        again if `replay` removed the file while this waited for the lock."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, how)
                if os.fstat(fd).st_ino == os.stat(self.path).st_ino:
                    return fd
            except FileNotFoundError:
                pass  # removed by a replay meanwhile: open the new one
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)

    def replay(self, engine: Engine) -> int:
        """Record as sent every journaled row the delivery log does not hold as sent yet,
        then remove the journal; how many were recorded. A database error is raised (the
        journal stays for the next try)."""
        if not self.path.exists():
            return 0
        fd = self._open_locked(fcntl.LOCK_EX)
        try:
            with open(self.path, "rb") as file:
                entries = _entries(file.read())
            recorded = _record_missing(engine, entries) if entries else 0
            os.unlink(self.path)
        finally:
            os.close(fd)
        if recorded:
            log.warning(
                "recorded %d message(s) the mail server had accepted before the process that "
                "sent them stopped (sent journal %s); they are not sent again",
                recorded,
                self.path.name,
            )
        return recorded


def _entries(data: bytes) -> dict[int, dict[str, object]]:
    """The journal's lines by delivery row; a line cut by a crash mid-write is skipped (its
    message was not yet counted as sent, so it was on the wire: the in-flight one), and so
    is any other line that cannot be read whole — named in one log line, never a stop: the
    journal is replayed as a process starts, and one bad line stopped `web`, `worker` and
    every command (blind round four, G7). A reply is escaped as it is read back (a journal
    written before replies were escaped held bytes that were not UTF-8)."""
    found: dict[int, dict[str, object]] = {}
    lines = data.splitlines()
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
            _attempt(entry)
            datetime.fromisoformat(str(entry["at"]))
            found[int(entry["id"])] = entry
        except (ValueError, KeyError, TypeError):
            if number < len(lines) or data.endswith(b"\n"):  # not the last line, cut short
                log.warning("sent journal line %d cannot be read; it is left out", number)
    return found


def _attempt(entry: dict[str, object]) -> Attempt:
    return Attempt(int(str(entry["id"])), int(str(entry["attempts"])), str(entry["to"]))


def _record_missing(engine: Engine, entries: dict[int, dict[str, object]]) -> int:
    ids = sorted(entries)
    count = 0
    with engine.begin() as connection:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            missing = connection.execute(
                select(deliveries.c.id).where(
                    deliveries.c.id.in_(chunk), deliveries.c.status != SENT
                )
            ).scalars()
            todo = [entries[i] for i in missing]
            for kind, at in {(str(e["kind"]), str(e["at"])) for e in todo}:
                same = [e for e in todo if (str(e["kind"]), str(e["at"])) == (kind, at)]
                attempts = [_attempt(e) for e in same]
                results = [
                    DeliveryResult(
                        str(e["message_id"]) if e["message_id"] else None,
                        (str(e["to"]),),
                        ACCEPTED,
                        str(e["response"]),
                    )
                    for e in same
                ]
                record_attempts(
                    connection, attempts, results, datetime.fromisoformat(at), kind=kind
                )
                count += len(same)
    return count
