"""Run the web app under uvicorn (what `notifier serve` and `notifier web` call)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import uvicorn

from notifier.settings import Settings
from notifier.web.app import BackgroundService, create_app


def run(
    settings: Settings, host: str, port: int, services: Sequence[BackgroundService] = ()
) -> int:
    """Serve until interrupted. The schedule is validated before the port is opened."""
    logging.basicConfig(
        level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = create_app(settings, services)  # ScheduleError stops start-up here
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        proxy_headers=True,
        server_header=False,
    )
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 1
