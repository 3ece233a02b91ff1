"""Which language a request is answered in, and the language switch of every page.

One scheme: `?lang=pl|en|uk` on any address chooses (an address under /en/, /uk/ or /pl/
leads to the same address without the prefix and with ?lang=, pages and feeds alike); a page remembers the choice in the
`lang` cookie (a year), so the page's own links need not carry it; without either, a page
follows the browser's Accept-Language, else Polish. Feeds, the API and the CSV follow
`?lang=` alone (calendar apps send no cookie worth trusting, and a feed's bytes must not
depend on who asks first). The office area (/biuro/) is Polish only. Pages answer with
`Content-Language` and `Vary: Accept-Language, Cookie`; `<html lang>` is the template's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from notifier.core.language import LANGUAGE_NAMES, LANGUAGES, POLISH, choose_language
from notifier.i18n import speaking

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
POLISH_ONLY = ("/biuro",)  # the office area
FEED_SUFFIXES = (".ics", ".atom", ".csv", ".json")
MAX_SWITCH_PATH = 300  # characters; a longer address is not repeated in the switch (issue 25)


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switch: the language, its own name, where it leads."""

    code: str
    name: str
    href: str
    current: bool


_PAGE: ContextVar[tuple[str, str, str] | None] = ContextVar("notifier_page", default=None)


def language_links() -> list[LanguageLink]:
    """The switch for the page being answered: this address in each language (a page
    answering a form post, or an address longer than any page's, links to the home page
    instead); none in the office area."""
    page = _PAGE.get()
    if page is None:
        return []
    path, query, lang = page
    params = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    if len(path) > MAX_SWITCH_PATH:  # no page has such an address: its error page links home
        path, params = "/", []
    path = own_path(path)
    return [
        LanguageLink(
            code,
            LANGUAGE_NAMES[code],
            path + "?" + urlencode([*params, ("lang", code)]),
            code == lang,
        )
        for code in LANGUAGES
    ]


def own_path(path: str) -> str:
    """`path` (as a request gave it, decoded) as a link that stays on this site: one leading
    "/" — a path "//evil.example/.." or "/\\evil.example" written back into a link is
    another site's address to a browser (blind round 9b, F1) — and each character a link's
    path may not hold (?, #, %, \\, spaces, letters outside ASCII) percent-encoded."""
    return "/" + quote(path.lstrip("/\\"), safe="/:@!$&'()*+,;=-._~")


def is_feed(path: str) -> bool:
    """Whether `path` is a feed or data address (language from ?lang= only)."""
    return path.startswith("/api/") or path.endswith(FEED_SUFFIXES) or path == "/openapi.json"


def request_language(scope: Scope) -> tuple[str, bool]:
    """(language, asked): the language of the request and whether ?lang= chose it."""
    path: str = scope.get("path", "")
    if path.startswith(POLISH_ONLY):
        return POLISH, False
    # m3: "?lang=en&lang=uk" is refused (notifier.web.query_rules), and the refusal of the
    # choice speaks none of the languages it refuses (nor Accept-Language's guess): a page's
    # is the language the visitor chose before, remembered in the cookie (issue 25, m9: it
    # was Polish whatever the cookie said), else Polish; a feed's, Polish. No new cookie.
    repeated = _lang_repeated(scope)
    asked = None if repeated else _query_lang(scope) or _prefix_lang(path)
    if is_feed(path):
        return asked or POLISH, asked is not None
    headers = {k.lower(): v for k, v in scope.get("headers", ())}
    remembered = _cookie_lang(headers.get(b"cookie", b"").decode("latin-1"))
    if repeated:
        return remembered or POLISH, False
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    return choose_language(asked, remembered, accept), asked is not None


def _query_lang(scope: Scope) -> str | None:
    query = scope.get("query_string", b"").decode("latin-1")
    for key, value in parse_qsl(query):
        if key == "lang" and value in LANGUAGES:
            return value
    return None


def _lang_repeated(scope: Scope) -> bool:
    query = scope.get("query_string", b"")
    if query.count(b"lang") < 2:  # the common case, without parsing
        return False
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return sum(1 for key, _value in pairs if key == "lang") > 1


def _prefix_lang(path: str) -> str | None:
    """The language an address starting /en/, /uk/ or /pl/ names: /uk/ is the Ukrainian
    site, so whatever lies under it (a 404 page) answers in Ukrainian."""
    first = path[1:].split("/", 1)[0]
    return first if first in LANGUAGES else None


def _cookie_lang(header: str) -> str | None:
    """The first `lang` cookie's value if it is exactly a language we speak, else None.

    nginx's $cookie_lang (contrib/nginx/notifier.conf) is read the same way: the first cookie
    of that name (any case), its value up to ";", "," or a space, as sent — a quoted "en" is no
    language, and "lang=xx; lang=en" chooses none (m10: the app took the last or unquoted
    one, nginx the first as it was, so they answered in different languages)."""
    for part in header.replace(",", ";").split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name.strip().lower() == COOKIE:
            words = value.split()  # nginx ends a value at a space too
            return words[0] if words and words[0] in LANGUAGES else None
    return None


class LanguageMiddleware:
    """Speak the request's language while the app answers it (ASGI, so the context variable
    reaches the endpoint and the threads it runs in)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang, asked = request_language(scope)
        page = _page_of(scope, lang)
        office = scope.get("path", "").startswith(POLISH_ONLY)  # m19: Polish, and says so

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start" and page is None and (asked or office):
                headers = [*message.get("headers", []), (b"content-language", lang.encode())]
                message = {**message, "headers": headers}  # a feed asked in a language, the office
            elif message["type"] == "http.response.start" and page is not None:
                headers = list(message.get("headers", []))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    headers.append((b"content-language", lang.encode()))
                    headers.append((b"vary", b"Accept-Language, Cookie"))
                    if asked:
                        cookie = f"{COOKIE}={lang}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax"
                        headers.append((b"set-cookie", cookie.encode()))
                    message = {**message, "headers": headers}
            await send(message)

        with _answering(page, lang):
            await self.app(scope, receive, send_with_language)


def _page_of(scope: Scope, lang: str) -> tuple[str, str, str] | None:
    """What language_links needs of a page's request (None: a feed, the office)."""
    path: str = scope.get("path", "")
    if is_feed(path) or path.startswith(POLISH_ONLY):
        return None
    query = scope.get("query_string", b"").decode("latin-1")
    on_get = scope.get("method") in ("GET", "HEAD")
    return (path if on_get else "/", query if on_get else "", lang)


@contextmanager
def _answering(page: tuple[str, str, str] | None, lang: str) -> Iterator[None]:
    token = _PAGE.set(page)
    try:
        with speaking(lang):
            yield
    finally:
        _PAGE.reset(token)


@contextmanager
def answering(scope: Scope) -> Iterator[None]:
    """Speak `scope`'s language, with its page's language switch, as LanguageMiddleware does
    around the app: for an endpoint called without the middleware (static publishing)."""
    lang, _asked = request_language(scope)
    with _answering(_page_of(scope, lang), lang):
        yield


router = APIRouter()


def _home_in(lang: str) -> Callable[[], RedirectResponse]:
    def home() -> RedirectResponse:
        return RedirectResponse(f"/?lang={lang}", status_code=302)

    return home


def _address_in(lang: str) -> Callable[[Request, str], RedirectResponse]:
    def address(request: Request, rest: str) -> RedirectResponse:
        return RedirectResponse(prefixed_address(lang, rest, request.url.query), 302)

    return address


def prefixed_address(lang: str, rest: str, query: str) -> str:
    """Where /{lang}/{rest} leads (M1: one rule for every language prefix, never a city
    named "en"): the same address without the prefix, in that language: "/en/leszno/" ->
    "/leszno/?lang=en", "/uk/calendar.ics?alarm=7" -> "/calendar.ics?alarm=7&lang=uk"
    (a ?lang= of its own gives way to the prefix's). Always a path on this site: its
    leading slashes and backslashes are dropped ("/en//evil.example" leads to
    "/evil.example?lang=en"), the rest percent-encoded again."""
    path = "/" + quote(rest.lstrip("/\\"), safe="/!$&'()*+,;=:@~-._")
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != "lang"]
    return f"{path}?{urlencode([*pairs, ('lang', lang)])}"


for _code in LANGUAGES:  # /en/, /uk/ (and /pl/): the home page in that language
    for _path in (f"/{_code}", f"/{_code}/"):
        router.add_api_route(
            _path, _home_in(_code), methods=["GET", "HEAD"], include_in_schema=False
        )
for _code in LANGUAGES:  # /en/{any address}: that address in that language
    router.add_api_route(
        f"/{_code}/{{rest:path}}",
        _address_in(_code),
        methods=["GET", "HEAD"],
        include_in_schema=False,
    )
