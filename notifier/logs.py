"""Log lines stamped in Europe/Warsaw, the zone of every job time, with the offset shown."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from notifier.core.time import TIMEZONE
from notifier.files.reading import shown_path
from notifier.redact import RedactingFilter, mask_url

if TYPE_CHECKING:
    from notifier.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class WarsawFormatter(logging.Formatter):
    """'2024-04-24 08:00:03,412+02:00 INFO …': Warsaw wall time and its UTC offset.

    The offset (+01:00 in winter, +02:00 in summer) says which zone the line is in, so a log
    line and a "next run 08:00" job time can be compared at a glance.
    """

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """Warsaw time with its offset, '2024-04-24 08:00:03,412+02:00'; as strftime `datefmt`
        if given."""
        moment = datetime.fromtimestamp(record.created, TIMEZONE)
        if datefmt:
            return moment.strftime(datefmt)
        offset = f"{moment:%z}"  # "+0200"
        return f"{moment:%Y-%m-%d %H:%M:%S},{int(record.msecs):03d}{offset[:3]}:{offset[3:]}"


def configure_logging(level: str) -> None:
    """Root logging for `serve`, `web` and `worker`: one stderr handler, Warsaw time stamps,
    passwords and link tokens redacted (notifier.redact) on every handler of the root logger.

    Like logging.basicConfig, it adds no handler when the root logger already has some (an
    embedding program, or pytest, configured logging itself) — but redacts on those too.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(WarsawFormatter(LOG_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    root = logging.getLogger()
    for each in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in each.filters):
            each.addFilter(RedactingFilter())
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))  # no plugin chatter


@contextmanager
def command_logging(settings_level: str | None) -> Iterator[None]:
    """Logging for a one-shot command (check, import, announce, remind, publish, …): its user
    reads the terminal in Polish, and every problem reaches it as the command's own Polish
    output, so no English log record is shown there — unless the operator asked for them by
    setting NOTIFIER_LOG_LEVEL (`settings_level`), when they go to stderr as for `web` and
    `worker`. Without a handler of its own Python would print WARNING and above on stderr
    (logging.lastResort); a NullHandler on the root logger keeps them off for the block.
    """
    root = logging.getLogger()
    if settings_level is not None:
        configure_logging(settings_level)
        yield
        return
    quiet = logging.NullHandler()
    root.addHandler(quiet)
    try:
        yield
    finally:
        root.removeHandler(quiet)


def started_line(settings: Settings) -> str:
    """Where the service reads and sends, passwords masked: the start-up log line, in English
    as every line of the long-running processes, for the operator (blind 10b, M21);
    Settings.summary says it in Polish to whoever runs `notifier jobs`."""
    outbox = shown_path(settings.outbox)
    mail = mask_url(settings.smtp_url) if settings.smtp_url else f"Maildir folder {outbox}"
    schedule = shown_path(settings.schedule)
    return f"database: {mask_url(settings.database_url)}; mail: {mail}; schedule: {schedule}"
