"""The office's overview of one harmonogram: GET /biuro/{city}/{year}/przeglad — what opens
soon, open calls and deadlines, overdue windows, subscribers per topic, emails of the last 30
days, each department's punctuality, and this week's digest as it would go out; POST
/biuro/{city}/{year}/podsumowanie sends the digest now (once a week at most, as the worker)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from notifier.core.digest import Digest, topic_figures
from notifier.core.office_overview import office_overview
from notifier.core.polish import plural
from notifier.core.schedule import Schedule
from notifier.jobs.digest_pass import digest_preview, send_digest_now
from notifier.jobs.run_context import RunContext
from notifier.mail.emails import digest_rendered
from notifier.store.office_figures import email_counts, followers_per_department
from notifier.web.office.session import notice, page
from notifier.web.office.writes import Place, place, posted_place
from notifier.web.state import app_state, catalog_snapshot

router = APIRouter()
EMAIL_DAYS = 30
KIND_NAMES = {
    "reminder": "przypomnienia",
    "call": "ogłoszenia",
    "deadline": "terminy składania ofert",
    "change": "zmiany terminów",
    "correction": "poprawki ogłoszeń",
    "digest": "podsumowania dla biura",
    "confirm": "potwierdzenia zapisu",
    "already_subscribed": "przypomnienia o zapisie",
}


def _run(request: Request) -> RunContext:
    state = app_state(request.app)
    catalog = catalog_snapshot(request).catalog
    return RunContext(state.settings, state.database(), state.backend, catalog, state.clock())


def _digest_schedule(here: Place, run: RunContext) -> Schedule:
    """The harmonogram whose digest the office gets: the city's current one, whichever year's
    page is open (the worker sends that one, under the week's one key: run_digests)."""
    return here.city.current(run.today).schedule


@router.get(
    "/biuro/{city_id}/{year}/przeglad", response_class=HTMLResponse, include_in_schema=False
)
async def overview(request: Request, city_id: str, year: str) -> Response:
    """The overview page."""
    here = await place(request, city_id, year)
    if isinstance(here, Response):
        return here
    return await _page(request, here)


async def _page(request: Request, here: Place, sent: str = "") -> HTMLResponse:
    run = await asyncio.to_thread(_run, request)
    schedule = here.entry.schedule

    topics = {d.id: {t for task in d.tasks for t in task.topics} for d in schedule.departments}
    city_id = run.scope(schedule).city_id

    def load() -> tuple[Digest, dict[str, dict[str, int]], dict[str, int]]:
        digest = digest_preview(run, _digest_schedule(here, run))
        with run.db.engine.connect() as connection:
            emails = email_counts(connection, run.now - timedelta(days=EMAIL_DAYS))
            followers = followers_per_department(connection, city_id, topics)
        return digest, emails, followers

    digest, emails, followers = await asyncio.to_thread(load)
    return page(
        "overview.html.j2",
        who=here.who,
        here=here,
        view=office_overview(schedule, run.today),
        digest=digest,
        per_topic=topic_figures(schedule, digest.figures.active_per_topic, run.catalog.topics()),
        rendered=digest_rendered(digest),
        emails=emails,
        followers=followers,
        kinds=KIND_NAMES,
        days=f"{EMAIL_DAYS} {plural(EMAIL_DAYS, 'dnia', 'dni', 'dni')}",  # "z 1 dnia", "z 30 dni"
        sent=sent,
    )


@router.post(
    "/biuro/{city_id}/{year}/podsumowanie", response_class=HTMLResponse, include_in_schema=False
)
async def send_now(request: Request, city_id: str, year: str) -> Response:
    """Send this week's digest to the office now; the overview again with what happened."""
    placed = await posted_place(request, city_id, year)
    if isinstance(placed, Response):
        return placed
    here, _ = placed  # the form only carries the CSRF token
    run = await asyncio.to_thread(_run, request)
    report = await send_digest_now(run, _digest_schedule(here, run))
    if report is None:
        return notice(here.who, "Nic nie wysłano", "Nie ma podsumowania do wysłania.")
    return await _page(request, here, report.format())
