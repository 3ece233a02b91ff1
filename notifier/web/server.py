"""Run the web app under uvicorn (what `notifier serve` and `notifier web` call)."""

from __future__ import annotations

from collections.abc import Sequence

import uvicorn

from notifier.logs import configure_logging
from notifier.settings import Settings
from notifier.web.app import BackgroundService, create_app


def run(
    settings: Settings, host: str, port: int, services: Sequence[BackgroundService] = ()
) -> int:
    """Serve until interrupted. The schedule is validated before the port is opened."""
    configure_logging(settings.log_level)
    app = create_app(settings, services)  # ScheduleError stops start-up here
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,  # uvicorn's lines go through ours: Warsaw time stamps
        proxy_headers=True,
        server_header=False,
    )
    server = uvicorn.Server(config)
    server.run()
    return 0 if server.started else 1
