"""The Atom feeds (/feed.atom, /topics/{slug}.atom, /departments/{id}.atom): calls, results
and window changes, with the same filters as the calendars."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from notifier.core.announcements import FilterError
from notifier.core.atom import catalog_atom
from notifier.core.feed_spec import spec_entries, validate_spec
from notifier.core.placement import placement
from notifier.web.conditional import not_modified
from notifier.web.feed_fast import CACHE_CONTROL
from notifier.web.feeds import count_request
from notifier.web.state import app_state, catalog_snapshot
from notifier.web.task_lists import select_entries

router = APIRouter(tags=["atom"])

CONTENT_TYPE = "application/atom+xml; charset=utf-8"


@router.get("/feed.atom", summary="News: calls, results and window changes (Atom)")
@router.head("/feed.atom", include_in_schema=False)
async def feed(request: Request) -> Response:
    """Everything; ?topic=SLUG and ?department=ID (repeatable, any of) narrow it, and
    ?city=ID, ?region=NAME and ?year=YYYY choose harmonograms."""
    params = request.query_params
    return await _atom(request, params.getlist("topic"), params.getlist("department"))


@router.get("/topics/{slug}.atom", summary="One topic's news (Atom)")
@router.head("/topics/{slug}.atom", include_in_schema=False)
async def topic_feed(request: Request, slug: str) -> Response:
    """One topic's calls, results and window changes; 400 for an unknown topic."""
    return await _atom(request, [slug], ())


@router.get("/departments/{department_id}.atom", summary="One department's news (Atom)")
@router.head("/departments/{department_id}.atom", include_in_schema=False)
async def department_feed(request: Request, department_id: str) -> Response:
    """One department's calls, results and window changes; 400 for an unknown department."""
    return await _atom(request, (), [department_id])


async def _atom(request: Request, topics: Sequence[str], departments: Sequence[str]) -> Response:
    """Calls, results and window changes of the chosen harmonograms (every one by default):
    ?city=, ?region= and ?year= choose; a window moved in a file is listed at the next request
    (its windows are recorded first, see AppState.window_changes)."""
    state = app_state(request.app)
    snap = catalog_snapshot(request)
    catalog = snap.catalog
    params = request.query_params
    cities, regions = params.getlist("city"), params.getlist("region")
    try:
        spec = validate_spec(catalog, cities, regions, topics, departments)
        of_years = {e.key for e in select_entries(catalog, (), params.getlist("year"))}
    except FilterError as exc:
        return PlainTextResponse(f"{exc}\n", status_code=400)
    chosen = [e for e in spec_entries(catalog, spec) if e.key in of_years]
    parts = await run_in_threadpool(state.window_changes, catalog, chosen)
    body = catalog_atom(
        catalog,
        parts,
        spec.task_filter,
        title=placement(catalog).feed_name(spec),
        base_url=state.settings.base_url,
        self_path=request.url.path,
    )
    return atom_answer(request, body, snap.modified)


def atom_answer(request: Request, body: bytes, modified: datetime) -> Response:
    """An Atom document as the answer, with its ETag (304 when the client has it)."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:24]}"'
    headers = {
        "ETag": etag,
        "Cache-Control": CACHE_CONTROL,
        "Access-Control-Allow-Origin": "*",
    }
    # ETag only: the entries come from the database too, so no date can stand for them all.
    if not_modified(request.headers.get("if-none-match"), None, (etag,), modified):
        count_request(request, "304")
        return Response(status_code=304, headers=headers)
    count_request(request, "200")
    body = b"" if request.method == "HEAD" else body
    return Response(body, headers=headers, media_type=CONTENT_TYPE)
