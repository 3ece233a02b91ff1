"""Rules over the app's routes, kept in one place: HEAD answers as GET on every route that
answers GET, the addresses that answer in JSON (the API and the probes), and the routes
whose first path segment is a city's id, which never take an address of the API.
"""

from __future__ import annotations

import copy

from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

API_PATH = "/api"
PROBE_PATHS = frozenset({"/healthz", "/readyz"})


def is_api(path: str) -> bool:
    """Whether `path` is the API's: /api or anything under /api/."""
    return path == API_PATH or path.startswith(API_PATH + "/")


SENT_PATH = "notifier.sent_path"  # a scope's path as sent, where query_rules.normal_path changed it


def sent_to_api(scope: Scope) -> bool:
    """Whether the request was sent to the API, its path as normalised or as sent (M23:
    /api/docs/static/..%2f..%2fx resolves to /x but was asked of the API: a JSON answer)."""
    return is_api(scope.get("path", "")) or is_api(scope.get(SENT_PATH, ""))


def answers_json(path: str) -> bool:
    """Whether the answers at `path`, its refusals and errors too, are JSON (m1, m4)."""
    return is_api(path) or path in PROBE_PATHS


class CityRoute(APIRoute):
    """A route whose first path segment is a city's id (/{city_id}/, /{city_id}/feed.atom …):
    /api/ and /api/tasks/ were taken as the city "api" and answered with the HTML page "Nie
    ma takiego miasta" (blind round 8b, m1); an address of the API is never a city's, so
    it falls through to the API's JSON 404."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope.get("type") == "http" and sent_to_api(scope):
            return Match.NONE, {}
        return super().matches(scope)


def answer_head_as_get(routes: list[BaseRoute]) -> None:
    """Give every GET route of `routes` (the app's, in order) a HEAD twin right after it,
    unless a route of that path answers HEAD already: the same endpoint, so the same status
    and headers, and notifier.web.head drops the body (RFC 9110 §9.3.2).

    The twin follows its GET route so that HEAD matches where GET does: without it HEAD
    /biuro/ went on down the list to the cities' /{city_id}/ and was answered "no such city"
    (blind round 8b, F2). A twin rather than HEAD added to the route's methods keeps HEAD out
    of the OpenAPI document (each method of a route is an operation there)."""
    answering_head = {
        route.path for route in routes if isinstance(route, APIRoute) and "HEAD" in _methods(route)
    }
    for index in reversed(range(len(routes))):
        route = routes[index]
        if not isinstance(route, APIRoute) or "GET" not in _methods(route):
            continue
        if route.path in answering_head:
            continue
        twin = copy.copy(route)
        twin.methods = {"HEAD"}
        twin.include_in_schema = False
        routes.insert(index + 1, twin)


def _methods(route: APIRoute) -> set[str]:
    return route.methods or set()
