"""GET /metrics: the Prometheus text format, only when NOTIFIER_METRICS is on (404 otherwise).

The counters are notifier.metrics'; claims pending are read from the database at each scrape,
so every process reports the same figure. With PROMETHEUS_MULTIPROC_DIR set, the counters of
every process writing there are added up (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from fastapi import APIRouter, HTTPException, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool

from notifier.store.db import Database
from notifier.store.delivery_log import pending_counts
from notifier.web.state import app_state

router = APIRouter()


class ClaimsPending(Collector):
    """Deliveries claimed by a pass and not yet recorded, and failed ones awaiting a retry."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def collect(self) -> Iterator[Metric]:
        """The notifier_claims_pending gauge, counted now: claimed and failed deliveries by kind
        and status."""
        gauge = GaugeMetricFamily(
            "notifier_claims_pending",
            "Deliveries claimed and not yet recorded (claimed), or failed and waiting for a "
            "retry (failed). An uncertain one (no reply to its content) is never retried: it "
            'is not pending, see notifier_emails_total{outcome="uncertain"}.',
            labels=["kind", "status"],
        )
        with self.db.engine.connect() as connection:
            for kind, status, count in pending_counts(connection):
                gauge.add_metric([kind, status], count)
        yield gauge


def scrape(db: Database) -> bytes:
    """The exposition text: this process's (or every process's) counters and the claims."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        every_process = CollectorRegistry()
        MultiProcessCollector(every_process)
        counters = generate_latest(every_process)
    else:
        counters = generate_latest(REGISTRY)
    claims = CollectorRegistry()
    claims.register(ClaimsPending(db))
    return counters + generate_latest(claims)


@router.api_route("/metrics", methods=["GET", "HEAD"], include_in_schema=False)
async def metrics(request: Request) -> Response:
    """GET /metrics: the Prometheus text (not cached); 404 unless NOTIFIER_METRICS is on."""
    state = app_state(request.app)
    if not state.settings.metrics:
        raise HTTPException(status_code=404)
    body = await run_in_threadpool(scrape, state.database())
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})
