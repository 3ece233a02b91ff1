"""Run the web app under uvicorn (what `notifier serve` and `notifier web` call)."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Sequence
from typing import Any

import uvicorn

from notifier.core.errors import NotifierError
from notifier.core.system_errors import system_reason
from notifier.logs import configure_logging, started_line
from notifier.metrics import check_multiprocess_dir
from notifier.settings import Settings, load_settings
from notifier.store.db import open_database
from notifier.web.app import BackgroundService, create_app
from notifier.web.forwarded import ForwardedClient
from notifier.web.http_protocol import MAX_HEAD_BYTES, protocol_class
from notifier.web.state import app_state


def run(
    settings: Settings,
    host: str,
    port: int,
    services: Sequence[BackgroundService] = (),
    *,
    workers: int = 1,
) -> int:
    """Serve until interrupted; `workers` > 1: that many processes (uvicorn's own workers)
    share the listening socket, each with its own app built by `worker_app`.

    Everything that can fail at start happens before uvicorn runs — the schedule is validated,
    the database opened and migrated, the port checked — so a failure is one clear line from
    the CLI (a NotifierError, exit 1), never a traceback from inside the server's start-up.
    Background `services` need one process (workers == 1).
    """
    configure_logging(settings.log_level)
    check_multiprocess_dir()  # counters shared by the processes, when asked for
    logging.getLogger(__name__).info("notifier: %s", started_line(settings))
    # The database first: DatabaseError (unreachable, read-only, …) stops start-up with its
    # one Polish line, before the files' scan would log that it cannot record (m8).
    open_database(settings.database_url, settings.state_dir).dispose()
    app = create_app(settings, services)  # ScheduleError stops start-up here
    app_state(app).database()
    _check_port(host, port)
    if workers > 1:
        if services:
            raise NotifierError("Usługi w tle działają tylko w jednym procesie (--workers 1).")
        app_state(app).close()
        # The workers are new interpreters: they read the settings as this process did, with
        # the command line's --schedule passed on through the environment.
        os.environ[_SCHEDULE_VARIABLE] = str(settings.schedule)
        uvicorn.run(
            f"{__name__}:worker_app",
            factory=True,
            workers=workers,
            **worker_options(settings, host, port),
        )
        return 0
    served = ForwardedClient(app, settings.trusted_proxies)
    config = uvicorn.Config(served, **_options(settings, host, port))
    server = uvicorn.Server(config)
    server.run()
    if not server.started:
        raise NotifierError("Serwer nie wystartował – przyczyna jest w dzienniku powyżej.")
    return 0


_SCHEDULE_VARIABLE = "NOTIFIER_SCHEDULE"


# How long uvicorn's parent waits for a worker to answer its health ping (uvicorn's default:
# 5 s) before it kills the worker and starts another. A new worker answers only once its
# interpreter has started and unpickled its target, and a worker importing the app on a
# loaded machine took 8.5 s: every new worker was killed and replaced for 45 s (blind round
# 8b, F3). A worker that truly hangs is replaced this much later.
WORKER_HEALTHCHECK_SECONDS = 120


def _options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    return {
        "host": host,
        "port": port,
        "log_level": settings.log_level.lower(),
        "log_config": None,  # uvicorn's lines go through ours: Warsaw time, tokens redacted
        "proxy_headers": False,  # ForwardedClient instead: only an address is a client (m14)
        "server_header": False,
        # Its own 400 (an unparsable request) in Polish, and the deadline of a request (F2)
        "http": protocol_class(settings.request_timeout),
        # F4: h11 (without httptools) keeps a request head within the same bound as ours
        "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
    }


def worker_options(settings: Settings, host: str, port: int) -> dict[str, Any]:
    """uvicorn's options for `run` with several workers (passed to uvicorn.run)."""
    return {
        **_options(settings, host, port),
        "timeout_worker_healthcheck": WORKER_HEALTHCHECK_SECONDS,
    }


def worker_app() -> ForwardedClient:
    """The app of one of `run`'s worker processes (uvicorn's factory): settings from the
    environment, as the parent read them."""
    settings = load_settings()
    configure_logging(settings.log_level)
    return ForwardedClient(create_app(settings), settings.trusted_proxies)


def _check_port(host: str, port: int) -> None:
    """NotifierError (Polish) if nothing can listen on host:port (taken, or no such address)."""
    if port == 0:
        return
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        reason = system_reason(exc)
        raise NotifierError(f"Nie można nasłuchiwać na {host}:{port}: {reason}.") from None
