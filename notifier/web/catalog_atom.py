"""The Atom feeds with several harmonograms: /feed.atom?city=…&region=…&year=…&topic=…, and
/topics/{slug}.atom across every city."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from notifier.core.announcements import FilterError
from notifier.core.catalog_atom import catalog_atom
from notifier.core.catalog_feed import spec_entries, spec_name, validate_spec
from notifier.core.window_changes import WindowChange
from notifier.store.window_changes import changes_by_scope, harmonogram_scope
from notifier.web.atom import atom_answer
from notifier.web.catalog_api import select_entries
from notifier.web.state import app_state, catalog_snapshot


async def catalog_atom_feed(
    request: Request, topics: Sequence[str], departments: Sequence[str]
) -> Response:
    """Calls, results and window changes of the chosen harmonograms (every one by default)."""
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

    def changes() -> dict[str, list[WindowChange]]:
        with state.database().engine.connect() as connection:
            return changes_by_scope(connection)

    recorded = await run_in_threadpool(changes)
    parts = [
        (e.schedule, recorded.get(harmonogram_scope(e.schedule, several=True), [])) for e in chosen
    ]
    body = catalog_atom(
        parts,
        spec.task_filter,
        title=spec_name(catalog, spec),
        base_url=state.settings.base_url,
        self_path=request.url.path,
    )
    return atom_answer(request, body, snap.modified)
