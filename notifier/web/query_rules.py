"""One rule for every query and path parameter of every route, before any route reads it:
a Polish 400 for a value with a control character (notifier.core.input_rules), one (or a
part of the path between slashes) longer than MAX_VALUE_CHARS, too many parameters, a
query or a path that is not UTF-8 (m8: a path's "%C0%AE" was read as "\ufffd" and echoed),
a parameter given twice that a route takes once (m17: "?alarm=7&alarm=3" chose one; only
REPEATABLE ones may repeat), or a ?lang= the service does not speak (named with those it does,
as every unknown value of a query parameter is: notifier.core.announcements.unknown_ids). A number parameter
(?year=, ?alarm=, the year in /{city}/{year}/) is then read by the route with
notifier.core.input_rules.address_number, whose None ("²", "①", 5,000 digits) is its Polish 400.

A pure ASGI middleware: the feeds are the hot path, and a request without a query string and
without an escape in its path costs one look at two strings.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote_to_bytes

from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from notifier.core.announcements import UnknownIds, unknown_ids
from notifier.core.input_rules import PATH_PART_MAX, forbidden_char_problem
from notifier.core.language import LANGUAGES, N_
from notifier.core.language import gettext as _
from notifier.web.pages import render_error
from notifier.web.routes import SENT_PATH, answers_json

MAX_VALUE_CHARS = PATH_PART_MAX  # the ids' rule (core.input_rules.ID_MAX) is made to fit it
MAX_PARAMETERS = 100
# The parameters a route may take more than once (any of them): the filters of the feeds,
# the pages and the API. Every other one given twice is refused.
REPEATABLE = frozenset({"topic", "department", "city", "region", "year"})
UNKNOWN_LANGUAGE = UnknownIds(
    N_("nieznany język: %(unknown)s. Dostępne języki: %(known)s"),
    N_(
        "parametr lang= jest pusty – prosimy wpisać po „=” jeden z języków albo usunąć ten "
        "parametr z adresu. Dostępne języki: %(known)s"
    ),
)


def path_problem(raw_path: bytes | None) -> str | None:
    """Why the path as sent is refused: an escape that is not UTF-8 (the server decoded it
    to U+FFFD, which a route would echo as "\ufffd"); None without a raw path."""
    if not raw_path or b"%" not in raw_path:
        return None
    try:
        unquote_to_bytes(raw_path.split(b"?", 1)[0]).decode("utf-8")
    except UnicodeDecodeError:
        return _("Adres nie jest zapisany w UTF-8.")
    return None


ABOVE_ROOT = object()  # normal_path's answer for "/../x"


def normal_path(path: str) -> str | object:
    """`path` as nginx reads it before choosing a file (m10: "/./calendar.ics",
    "/leszno//calendar.ics" and "/leszno/../calendar.ics" were a 404 here and the file
    there): runs of slashes merged, then "." and ".." segments removed (RFC 3986 §5.2.4).
    ABOVE_ROOT where ".." would climb above "/" (nginx's 400 too)."""
    if "//" not in path and "/." not in path:
        return path
    while "//" in path:
        path = path.replace("//", "/")
    parts = path.split("/")[1:]
    kept: list[str] = []
    for number, part in enumerate(parts, 1):
        last = number == len(parts)
        if part in (".", ".."):
            if part == "..":
                if not kept:
                    return ABOVE_ROOT
                kept.pop()
            if last:
                kept.append("")  # "/leszno/." is the directory: "/leszno/"
            continue
        kept.append(part)
    return "/" + "/".join(kept)


def query_problem(path: str, query: bytes, raw_path: bytes | None = None) -> str | None:
    """Why a request's path and query are refused (in the request's language), or None."""
    if (problem := path_problem(raw_path)) is not None:
        return problem
    if forbidden_char_problem(path) is not None:
        return _("Adres zawiera niedozwolony znak sterujący.")
    if len(path) > MAX_VALUE_CHARS and any(len(s) > MAX_VALUE_CHARS for s in path.split("/")):
        return _("Część adresu jest za długa (najwyżej %(max)s znaków).") % {"max": MAX_VALUE_CHARS}
    if not query:
        return None
    try:
        pairs = parse_qsl(
            query.decode("utf-8"),
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_PARAMETERS,
        )
    except UnicodeDecodeError:
        return _("Parametry adresu nie są zapisane w UTF-8.")
    except ValueError:
        return _("Za dużo parametrów w adresie (najwyżej %(max)s).") % {"max": MAX_PARAMETERS}
    seen: set[str] = set()
    for name, value in pairs:
        shown = name if len(name) <= 40 and forbidden_char_problem(name) is None else "…"
        for text in (name, value):
            if len(text) > MAX_VALUE_CHARS:
                return _("Parametr %(name)s jest za długi (najwyżej %(max)s znaków).") % {
                    "name": shown,
                    "max": MAX_VALUE_CHARS,
                }
            if forbidden_char_problem(text) is not None:
                return _("Parametr %(name)s zawiera niedozwolony znak sterujący.") % {"name": shown}
        if name in seen and name not in REPEATABLE:
            return _(
                "Parametr %(name)s podano więcej niż raz – prosimy zostawić w adresie jeden."
            ) % {"name": shown}
        seen.add(name)
        if name == "lang" and value not in LANGUAGES:  # m1: an unknown value is a 400 here too
            return unknown_ids(UNKNOWN_LANGUAGE, [value], LANGUAGES)[0]
    return None


def refusal(path: str, message: str) -> Response:
    """The Polish 400: JSON for the API and the probes (m4), plain text for feeds and files,
    a page otherwise."""
    if answers_json(path):
        return JSONResponse({"detail": message}, status_code=400)
    if path.endswith((".ics", ".atom", ".csv", ".gz")):
        return PlainTextResponse(message + "\n", status_code=400)
    return render_error(400, _("Niepoprawny adres"), message)


class QueryRules:
    """ASGI middleware: query_problem for every HTTP request, answered by `refusal`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = normal_path(scope["path"])
            if path is ABOVE_ROOT:
                message = _("Adres wychodzi poza katalog główny serwisu („..”).")
                await refusal(scope["path"], message)(scope, receive, send)
                return
            if path != scope["path"]:
                assert isinstance(path, str)
                sent = scope.get(SENT_PATH, scope["path"])
                scope = {**scope, "path": path, "raw_path": quote(path).encode(), SENT_PATH: sent}
            problem = query_problem(
                scope["path"], scope.get("query_string", b""), scope.get("raw_path")
            )
            if problem is not None:
                await refusal(scope["path"], problem)(scope, receive, send)
                return
        await self.app(scope, receive, send)
