"""Run the web app under uvicorn (what `notifier serve` and `notifier web` call)."""

from __future__ import annotations

import errno
import logging
import socket
from collections.abc import Sequence

import uvicorn

from notifier.core.errors import NotifierError
from notifier.logs import configure_logging
from notifier.settings import Settings
from notifier.web.app import BackgroundService, create_app
from notifier.web.state import app_state


def run(
    settings: Settings, host: str, port: int, services: Sequence[BackgroundService] = ()
) -> int:
    """Serve until interrupted.

    Everything that can fail at start happens before uvicorn runs — the schedule is validated,
    the database opened and migrated, the port checked — so a failure is one clear line from
    the CLI (a NotifierError, exit 1), never a traceback from inside the server's start-up.
    """
    configure_logging(settings.log_level)
    logging.getLogger(__name__).info("notifier: %s", settings.summary())
    app = create_app(settings, services)  # ScheduleError stops start-up here
    app_state(app).database()  # DatabaseError (unreachable, read-only, …) stops it here
    _check_port(host, port)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,  # uvicorn's lines go through ours: Warsaw time, tokens redacted
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        server_header=False,
    )
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        raise NotifierError("Serwer nie wystartował – przyczyna jest w dzienniku powyżej.")
    return 0


def _check_port(host: str, port: int) -> None:
    """NotifierError (Polish) if nothing can listen on host:port (taken, or no such address)."""
    if port == 0:
        return
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        reason = "adres jest już zajęty" if exc.errno == errno.EADDRINUSE else exc.strerror
        raise NotifierError(f"Nie można nasłuchiwać na {host}:{port}: {reason}.") from None
