"""Build the FastAPI app: shared state, routers, Polish error pages, background services."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Protocol

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from notifier.clock import wall_clock
from notifier.core.language import N_
from notifier.core.language import gettext as _
from notifier.core.time import Clock
from notifier.files.source import CatalogSource
from notifier.jobs.signup import settle_sends
from notifier.mail.delivery import DeliveryBackend
from notifier.settings import Settings
from notifier.store.db import Database
from notifier.store.served_files import RecordedChoices
from notifier.web import (
    api,
    atom,
    cities,
    disconnects,
    faults,
    feeds,
    language,
    metrics,
    security,
    subscribe,
)
from notifier.web.body_limits import ReadWholeBody
from notifier.web.feed_fast import FeedFastPath
from notifier.web.head import HeadWithoutBody
from notifier.web.language import LanguageMiddleware
from notifier.web.office import call_edit as office_call_edit
from notifier.web.office import calls as office_calls
from notifier.web.office import city as office_city
from notifier.web.office import import_undo as office_import_undo
from notifier.web.office import importing as office_importing
from notifier.web.office import overview as office_overview
from notifier.web.office import signin as office_signin
from notifier.web.pages import render_error
from notifier.web.preconditions import Preconditions
from notifier.web.preflight import FeedPreflight
from notifier.web.query_rules import QueryRules
from notifier.web.routes import answer_head_as_get, answers_json, sent_to_api
from notifier.web.same_site import SameSitePosts
from notifier.web.state import AppState
from notifier.web.watcher import ScheduleWatcher

log = logging.getLogger(__name__)

SIGNUP_GRACE_SECONDS = 10.0  # how long a stopping app waits for sign-up emails in flight


class BackgroundService(Protocol):
    """Something that runs beside the web app in the same process (e.g. the reminder worker)."""

    async def start(self) -> None:
        """Begin running in the app's event loop and return (at start-up, in order)."""

    async def stop(self) -> None:
        """Stop and wait until stopped (at shutdown, in reverse order; an error is logged)."""


def create_app(
    settings: Settings,
    services: Sequence[BackgroundService] = (),
    *,
    catalog_source: CatalogSource | None = None,
    db: Database | None = None,
    backend: DeliveryBackend | None = None,
    clock: Clock = wall_clock,
) -> FastAPI:
    """The web app. Reads the harmonograms now (`catalog_source`, default NOTIFIER_SCHEDULE's):
    none that validates raises ScheduleError before serving.

    At start-up the subscriber database is opened (created and migrated; DatabaseError stops
    the start) unless `db` is given, then the schedule watcher (notifier.web.watcher, on
    `app.state.schedule_watcher`) and `services` are started in order; at shutdown they are
    stopped in reverse and the database is closed. Routers find the settings, the
    schedule, the database, the mail backend (`backend`, default from the settings) and the
    clock on `app.state.notifier`, an AppState.
    """
    # A changed schedule file is read off the request path (in a thread of its own).
    source = catalog_source or CatalogSource(
        settings.schedule,
        background=True,
        choices=RecordedChoices(settings.database_url),
        settle=settings.schedule_settle,
        poll=settings.schedule_poll,
    )
    state = AppState(settings, source, db=db, backend=backend, clock=clock)
    # Each process notices an edit by itself, before a request asks (not only when one does).
    watcher = ScheduleWatcher(state.catalog_source, also=state.notice_recorded_versions)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started: list[BackgroundService] = []
        try:
            # Open (and migrate) the database at start, not on the first sign-up.
            await asyncio.to_thread(state.database)
            for service in (watcher, *services):
                await service.start()
                started.append(service)
            yield
        finally:
            for service in reversed(started):
                try:
                    await service.stop()
                except Exception:
                    log.exception("Background service %r did not stop cleanly", service)
            await _let_signup_emails_finish()
            await asyncio.to_thread(state.close)

    app = FastAPI(
        title="Harmonogram otwartych konkursów ofert",
        description="Calendar feeds and the schedule of open grant competitions as JSON.",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # security.install serves /api/docs with local assets
        redoc_url=None,
        # An unknown /leszno/x would be redirected to /leszno/x/ (it matches /{city}/{year}/)
        # only to be a 404 there: unknown addresses are a 404 at once. The pages that end in
        # a slash have a route without it too (/{city_id}).
        redirect_slashes=False,
    )
    app.state.notifier = state
    app.state.schedule_watcher = watcher
    routers = (feeds.router, atom.router, api.router, subscribe.router, office_signin.router)
    office = (
        office_calls.router,
        office_call_edit.router,
        office_importing.router,
        office_import_undo.router,
        office_overview.router,
    )
    for router in (*routers, *office, office_city.router):
        _add_routes(app, router)
    _add_routes(app, metrics.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    disconnects.install(app)
    # Innermost: cached feeds answered before routing, still through the middleware below.
    app.add_middleware(FeedFastPath, state=state)
    app.add_middleware(FeedPreflight)  # M7: a feed's OPTIONS (CORS preflight) is a 204
    faults.install(app)
    app.add_middleware(Preconditions)  # m3: If-Match, If-Unmodified-Since on every answer
    app.add_middleware(SameSitePosts, base_url=settings.base_url)  # m12: no cross-site form
    app.add_middleware(QueryRules)  # inside the security headers: a 400 carries them too
    security.install(app)
    app.add_middleware(LanguageMiddleware)  # every page, error and feed speaks it
    # The middleware above see HEAD's answer whole, as GET's (a page's CSP hashes its body),
    # and only then is the body dropped.
    app.add_middleware(HeadWithoutBody)
    app.add_middleware(ReadWholeBody)  # F5: an answer waits until the body is read whole
    _add_routes(app, language.router)  # /en/ and /uk/, before the cities' /{city_id}/
    # Last: their first path segment is a city's id.
    _add_routes(app, feeds.city_router)
    _add_routes(app, atom.city_router)
    _add_routes(app, cities.router)
    answer_head_as_get(app.router.routes)  # F2: HEAD wherever GET, in the GET route's place
    return app


async def _let_signup_emails_finish() -> None:
    """At shutdown, give the sign-up emails on the wire SIGNUP_GRACE_SECONDS to be sent and
    recorded; one still sending then is taken up by the worker's retry job."""
    try:
        await asyncio.wait_for(
            asyncio.gather(settle_sends(), office_signin.settle_signin_emails()),
            SIGNUP_GRACE_SECONDS,
        )
    except TimeoutError:
        log.warning("Sign-up emails still sending at shutdown; the worker will resend them")


def _add_routes(app: FastAPI, router: APIRouter) -> None:
    """The router's routes, in order, as the app's own. FastAPI's include_router keeps an
    included router as one nested entry that every request walks into: about 25 µs of a
    cached feed's 200 µs answer. Our routers have no prefix, dependencies or tags of their
    own, so their routes are the same routes at the top level (and in /api/docs)."""
    app.router.routes.extend(router.routes)


# The API's own answers for the router's errors, translated (Starlette's are English phrases).
_API_ERRORS = {
    404: N_("Nie ma takiego adresu API. Adresy: /api/tasks, /api/tasks.csv, /api/docs."),
    405: N_("Ta metoda nie jest obsługiwana pod tym adresem."),
}


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Polish pages for people; plain text for feeds, JSON for the API and the probes."""
    path = request.url.path
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    # m1: /api and all under /api/ (M23: as sent too, /api/x/..%2f..%2fy); m4: TRACE /healthz
    if answers_json(path) or sent_to_api(request.scope):
        own = exc.detail == HTTPStatus(exc.status_code).phrase  # not a route's own words
        detail = _(_API_ERRORS[exc.status_code]) if own and exc.status_code in _API_ERRORS else None
        return JSONResponse(
            {"detail": detail or exc.detail}, status_code=exc.status_code, headers=headers
        )
    if exc.status_code == 404:
        if (redirect := cities.year_without_slash(request)) is not None:
            return redirect
        if path.endswith((".ics", ".atom")):  # a feed's refusal is text, in either format
            whole = (
                _("Nie ma takiego kalendarza. Cały kalendarz: /calendar.ics")
                if path.endswith(".ics")
                else _("Nie ma takiego kanału Atom. Wszystkie wiadomości: /feed.atom")
            )
            return _with_headers(feeds.feed_refusal(whole, 404), headers)
        return _with_headers(
            render_error(
                404,
                _("Nie znaleziono strony"),
                _("Pod tym adresem nic nie ma. Harmonogram konkursów jest na stronie głównej."),
            ),
            headers,
        )
    if exc.status_code == 405:
        return PlainTextResponse(
            _("Ta metoda nie jest obsługiwana pod tym adresem.") + "\n",
            status_code=405,
            headers=headers,
        )
    return PlainTextResponse(f"{exc.detail}\n", status_code=exc.status_code, headers=headers)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers at this path: a 405's Allow header (RFC 9110
    section 15.5.6). The router names only the first route that matched the path, and a
    path's GET and HEAD are separate routes here (HEAD kept out of the OpenAPI document)."""
    allowed = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _with_headers(response: Response, headers: dict[str, str]) -> Response:
    response.headers.update(headers)
    return response
