"""Whether the Maildir outbox can take an email now: tried by the processes that send mail
before they start (notifier.cli.start_checks) and by /readyz while the web process runs
(notifier.web.faults), so an outbox that breaks after start is seen too (blind round 11)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from notifier.core.system_errors import system_reason
from notifier.files.reading import shown_path
from notifier.mail.transports import OutboxBackend


def outbox_problem(outbox: Path) -> str | None:
    """Why no email could be written into the Maildir `outbox` (Polish), or None: its
    folders are made as OutboxBackend makes them, and one file is written into its tmp/ and
    removed (root may "write" by access(2) where nothing can be written, as in /proc)."""
    probe = outbox / "tmp" / f".notifier-probe-{uuid.uuid4().hex}"
    try:
        OutboxBackend(outbox).open_box()
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        probe.unlink()
    except OSError as exc:
        failed = Path(os.fsdecode(exc.filename)) if exc.filename else outbox
        for place in (outbox, *outbox.parents):  # "afile/sub": afile is the file in the way
            if place.exists() and not place.is_dir():
                return f"{shown_path(place)} to plik, a nie katalog – wiadomości nie można zapisać w {shown_path(outbox)}"
        where = shown_path(failed)
        return (
            f"nie można zapisać wiadomości w katalogu {shown_path(outbox)} ({where}: "
            f"{system_reason(exc)}) – prosimy wskazać katalog, w którym serwis może pisać, "
            "albo ustawić NOTIFIER_SMTP_URL"
        )
    return None
