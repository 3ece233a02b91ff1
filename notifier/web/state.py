"""Per-app state shared by every router, and the per-request view of it (schedule, filter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fastapi import FastAPI, Request

from notifier.clock import wall_clock
from notifier.core.announcements import TaskFilter, make_filter
from notifier.core.time import TIMEZONE, Clock
from notifier.schedule_file import ScheduleSource, Snapshot
from notifier.settings import Settings
from notifier.web.feed_cache import FeedCache


@dataclass(frozen=True)
class AppState:
    """What create_app puts on `app.state.notifier`; other routers read it from there."""

    settings: Settings
    schedule_source: ScheduleSource
    feed_cache: FeedCache
    clock: Clock = field(default=wall_clock)  # what "today" is on the pages (tests pass one)


def app_state(app: FastAPI) -> AppState:
    return app.state.notifier


def snapshot(request: Request) -> Snapshot:
    """The schedule for this request; the file is checked for changes at most once per request."""
    cached = getattr(request.state, "schedule_snapshot", None)
    if cached is None:
        cached = app_state(request.app).schedule_source.snapshot()
        request.state.schedule_snapshot = cached
    return cached


def request_filter(request: Request, snap: Snapshot) -> TaskFilter:
    """?topic=SLUG and ?department=ID (each repeatable); FilterError for unknown ones."""
    params = request.query_params
    return make_filter(snap.schedule, params.getlist("topic"), params.getlist("department"))


def today(request: Request) -> date:
    """Today's date in Warsaw by the app's clock (the timeline marker, the "past" banner)."""
    return app_state(request.app).clock().astimezone(TIMEZONE).date()
