"""A published page or Atom feed answered by its route's own function, without a request
through the app's middleware stack.

Asking the app in process costs about 4 ms a request before its route runs (the ASGI
transport, six middlewares, FastAPI's dependency solving, a thread for a sync endpoint): for
a city's Atom feed of 600 bytes, nearly all of it. Static publishing renders thousands of
pages and feeds, so for a path whose route takes only the request and its path parameters
(the pages "/", "/{city}/", "/{city}/{year}/" and the Atom feeds) `direct_answer` builds the
request the app would see (GET, the configured base URL's host and scheme, identity
encoding, no query), finds the route as the router does and calls its endpoint in the
language the middleware would speak (notifier.web.language.answering): the same function,
context and template, so the same bytes. Middleware only adds headers the publisher does
not keep (the page's Content-Security-Policy is computed from the body by the same rule,
notifier.web.security.html_policy). Any other route is left to a request through the app.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from starlette.routing import Match

from notifier.web.language import answering


def request_scope(app: FastAPI, base_url: str, path: str) -> dict[str, Any]:
    """The ASGI scope of a visitor's GET of `path` (no query, identity encoding)."""
    url = urlsplit(base_url)
    host = url.netloc
    port = url.port or (443 if url.scheme == "https" else 80)
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": url.scheme,
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", host.encode()), (b"accept-encoding", b"identity")],
        "server": (url.hostname or "localhost", port),
        "client": ("127.0.0.1", 0),
        "app": app,
        "state": {},
    }


def _route(app: FastAPI, scope: dict[str, Any]) -> tuple[Callable[..., Any], dict[str, Any]] | None:
    """The endpoint that answers `scope` and its path parameters, when the endpoint takes
    only the request and those (None: leave the path to the app)."""
    for route in app.router.routes:
        match, child = route.matches(scope)
        if match == Match.FULL:
            endpoint = getattr(route, "endpoint", None)
            params: dict[str, Any] = child.get("path_params", {})
            if endpoint is None or _takes(endpoint) != ("request", *sorted(params)):
                return None
            return endpoint, {**child, "route": route}
    return None  # none, or only for another method (PARTIAL): the app answers it


@cache
def _takes(endpoint: Callable[..., Any]) -> tuple[str, ...]:
    """'request' and the sorted names of the other parameters, when the first is the
    request and every other is a plain str; else ()."""
    parameters = list(inspect.signature(endpoint).parameters.values())
    if not parameters or parameters[0].name != "request":
        return ()
    rest = parameters[1:]
    if any(p.annotation not in (str, "str") or p.default is not p.empty for p in rest):
        return ()
    return ("request", *sorted(p.name for p in rest))


async def direct_answer(app: FastAPI, base_url: str, path: str) -> Response | None:
    """The route's own answer to a GET of `path`, or None when its route is not a plain
    one (then ask the app). A sync endpoint runs in a thread, as FastAPI runs it."""
    scope = request_scope(app, base_url, path)
    found = _route(app, scope)
    if found is None:
        return None
    endpoint, child = found
    scope.update(child)
    request = Request(scope)
    params = child.get("path_params", {})
    with answering(scope):
        if inspect.iscoroutinefunction(endpoint):
            response: Response = await endpoint(request, **params)
        else:  # to_thread carries the language's context variables
            response = await asyncio.to_thread(endpoint, request, **params)
    return response
