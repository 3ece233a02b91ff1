"""A real nginx (Debian's package) in front of a published directory and the app.

nginx runs with contrib/nginx/notifier.conf, the whole server block README.md explains
(tests/nginx_server.py). Every URL of the site map
and every link of the published pages (their buttons: ?alarm=, several topics, departments)
is asked of the app and of nginx and the answers compared, with the app running and with the
app stopped (then every published path still answers from the files). Skipped, with the
reason, when nginx is not installed (`make test` installs it when it can).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from browser_fixtures import live_server
from fastapi import FastAPI
from nginx_server import compare, media, nginx_or_skip, running_nginx
from server_process import free_port

from notifier.publish.render import current_paths
from notifier.publish.site import publish_app

pytestmark = pytest.mark.anyio


@pytest.fixture
def nginx_binary() -> str:
    return nginx_or_skip()


@pytest.fixture(params=["app", "catalog_app"])
def served_app(request: pytest.FixtureRequest) -> FastAPI:
    """The app over one harmonogram, and over a directory of them (the cities' paths)."""
    app: FastAPI = request.getfixturevalue(request.param)
    return app


@pytest.fixture
async def site(served_app: FastAPI, tmp_path: Path) -> tuple[Path, list[str]]:
    """The app's publishable paths, published into a directory as `notifier publish` and the
    worker do (the calendars rendered without a request, the rest through the app)."""
    app = served_app
    out = tmp_path / "site"
    paths = current_paths(app)
    await publish_app(app, out)
    return out, paths


@pytest.fixture
def app_port() -> int:
    return free_port()


@pytest.fixture
def nginx(
    nginx_binary: str, site: tuple[Path, list[str]], tmp_path: Path, app_port: int
) -> Iterator[str]:
    with running_nginx(nginx_binary, tmp_path / "nginx", site[0], f"127.0.0.1:{app_port}") as url:
        yield url


_HREF = re.compile(r'(?:href|action)="([^"]*)"')


def _links(site: tuple[Path, list[str]], base_url: str) -> list[str]:
    """Every same-site URL the published pages link to (path and query), the site map first."""
    out, paths = site
    host = urlsplit(base_url).netloc
    found = dict.fromkeys(paths)
    for page in out.rglob("index.html"):
        for match in _HREF.finditer(page.read_text(encoding="utf-8")):
            url = urlsplit(html.unescape(match.group(1)))
            if (
                url.netloc in ("", host)
                and url.path.startswith("/")
                and url.scheme
                in (
                    "",
                    "http",
                    "https",
                    "webcal",
                )
            ):
                found[url.path + (f"?{url.query}" if url.query else "")] = None
    return list(found)


async def test_nginx_answers_every_linked_url_as_the_app_does_with_the_app_up_and_down(
    nginx: str, site: tuple[Path, list[str]], served_app: FastAPI, app_port: int
) -> None:
    app = served_app
    base_url = app.state.notifier.settings.base_url
    urls = _links(site, base_url)
    assert any("?" in url for url in urls)  # the page's buttons with a query are there
    urls += ["/calendar.ics.gz", "/index.html", "/.notifier-unavailable/pl.html"]  # not the site's
    answers = {}
    with live_server(app, app_port) as app_url:
        async with (
            httpx.AsyncClient(base_url=app_url) as direct,
            httpx.AsyncClient(base_url=nginx) as static,
        ):
            for url in urls:
                identity = {"Accept-Encoding": "identity"}
                ours = await direct.get(url, headers=identity)
                compare(ours, await static.get(url, headers=identity), url)
                answers[url] = ours
    # The app stopped: every published path still answers from the files, as the app did.
    async with httpx.AsyncClient(base_url=nginx) as static:
        for path in site[1]:
            theirs = await static.get(path, headers={"Accept-Encoding": "identity"})
            compare(answers[path], theirs, path)
        await _check_app_down(static, site, answers)


# What nginx answers with the app down, beyond the published paths: (method, URL, headers,
# the language of the page saying the service is unavailable).
DOWN = (
    ("POST", "/subscribe", {}, "pl"),
    ("POST", "/subscribe", {"Accept-Language": "uk-UA,uk;q=0.9"}, "uk"),
    ("GET", "/calendar.ics?alarm=7", {"Accept-Language": "en-GB,en;q=0.9"}, "en"),
    ("GET", "/?lang=en", {}, "en"),
    ("GET", "/nie-ma-takiej-strony", {"Cookie": "lang=uk"}, "uk"),  # /healthz: JSON (edges)
    ("GET", "/biuro/", {"Accept-Language": "en"}, "pl"),
    ("GET", "/calendar.ics.gz", {"Accept-Language": "de-DE,de;q=0.9"}, "pl"),
    ("HEAD", "/index.html", {}, "pl"),
    ("GET", "/.notifier-unavailable/en.html", {}, "pl"),
)


async def _check_app_down(
    static: httpx.AsyncClient, site: tuple[Path, list[str]], answers: dict[str, httpx.Response]
) -> None:
    """With the app down: a published page is the Polish page whatever the browser prefers;
    everything else is the published page "Serwis chwilowo niedostępny" in the visitor's
    language, a 503 with the app's security headers, never nginx's English one."""
    out, paths = site
    for path in [p for p in paths if p.endswith("/")][:2]:
        for browser in ({"Accept-Language": "en-GB,en;q=0.9"}, {"Cookie": "lang=uk"}):
            theirs = await static.get(path, headers={"Accept-Encoding": "identity", **browser})
            assert theirs.status_code == 200, (path, browser)
            assert theirs.content == answers[path].content, (path, browser)
            assert theirs.headers["content-language"] == "pl", path
            assert (
                theirs.headers["content-security-policy"]
                == answers[path].headers["content-security-policy"]
            ), path
    for method, url, browser, language in DOWN:
        theirs = await static.request(method, url, headers=browser, data={"email": "a@b.pl"})
        page = (out / ".notifier-unavailable" / f"{language}.html").read_bytes()
        assert theirs.status_code == 503, (method, url)
        assert theirs.content == (b"" if method == "HEAD" else page), (method, url, browser)
        assert b"nginx" not in theirs.content
        assert media(theirs.headers["content-type"]) == "text/html;charset=utf-8", url
        assert theirs.headers["content-language"] == language, (url, browser)
        assert theirs.headers["cache-control"] == "no-store", url
        assert theirs.headers["retry-after"].isdigit(), url
        assert theirs.headers["x-frame-options"] == "DENY", url
        assert theirs.headers["x-content-type-options"] == "nosniff", url
        policy = theirs.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy, url
        assert b"'sha256-" in page, url  # the page's own styles, hashed in its meta element
    assert "Service temporarily unavailable" in (out / ".notifier-unavailable/en.html").read_text()


@pytest.mark.parametrize("served_app", ["catalog_app"], indirect=True)
async def test_a_page_published_after_nginx_started_has_the_apps_header_without_a_reload(
    nginx: str, site: tuple[Path, list[str]], served_app: FastAPI
) -> None:
    """blind4 G8: the header's hashes came from a map nginx reads at reload, so a city added
    (or a bar moved) by a later publication broke its page until someone reloaded nginx. A
    page now carries its hashes; its header is the same for every page, wherever it lies."""
    out, paths = site
    city = next(p for p in paths if p.count("/") == 2 and p.endswith("/") and p != "/")
    (out / "nowe-miasto").mkdir()
    (out / "nowe-miasto" / "index.html").write_bytes(
        (out / city.strip("/") / "index.html").read_bytes()
    )
    transport = httpx.ASGITransport(app=served_app)
    async with (
        httpx.AsyncClient(base_url=nginx) as static,
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        ours = await client.get(city)
        theirs = await static.get("/nowe-miasto/", headers={"Accept-Encoding": "identity"})
    assert theirs.status_code == 200
    assert theirs.content == ours.content
    assert theirs.headers["content-security-policy"] == ours.headers["content-security-policy"]


async def test_nginx_sends_the_gzip_twin_to_who_asks(
    nginx: str, site: tuple[Path, list[str]], served_app: FastAPI
) -> None:
    _, paths = site
    transport = httpx.ASGITransport(app=served_app)
    async with (
        httpx.AsyncClient(base_url=nginx) as static,
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        for path in paths:
            ours = await client.get(path, headers={"Accept-Encoding": "identity"})
            theirs = await static.get(path, headers={"Accept-Encoding": "gzip"})
            assert theirs.headers["content-encoding"] == "gzip", path
            assert theirs.headers["content-type"] == ours.headers["content-type"], path
            assert "Accept-Encoding" in theirs.headers["vary"], path
            assert theirs.content == ours.content, path  # httpx decoded the gzip body


async def test_nginx_answers_304_to_its_own_validators(
    nginx: str, site: tuple[Path, list[str]]
) -> None:
    _, paths = site
    async with httpx.AsyncClient(base_url=nginx) as static:
        for path in ("/calendar.ics", "/topics/sport.ics", "/"):
            assert path in paths
            first = await static.get(path)
            if path != "/":  # a page has no ETag, as in the app
                by_etag = await static.get(path, headers={"If-None-Match": first.headers["etag"]})
                assert by_etag.status_code == 304, path
                assert by_etag.content == b""
            since = {"If-Modified-Since": first.headers["last-modified"]}
            assert (await static.get(path, headers=since)).status_code == 304, path
            other = await static.get(path, headers={"If-None-Match": '"something-else"'})
            assert other.status_code == 200, path


# What a browser sends: the page's language follows the lang cookie, else Accept-Language.
BROWSERS = (
    {"Accept-Language": "pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7"},
    {"Accept-Language": "en-GB,en;q=0.9"},
    {"Accept-Language": "uk-UA,uk;q=0.9,pl;q=0.8"},
    {"Accept-Language": "de-DE,de;q=0.9"},
    {"Accept-Language": "pl;q=0.5,en;q=0.9"},
    {"Accept-Language": "en;q=0.8,pl"},
    {"Accept-Language": "uk;q=0.9, pl;q=0.8"},  # weights in any order (blind round five)
    {"Accept-Language": "pl;q=0.1, uk"},
    {"Accept-Language": "en;q=0"},
    {"Accept-Language": "en;q=5, uk;q=0.5"},
    {"Cookie": "lang=uk"},
    {"Cookie": "lang=pl", "Accept-Language": "en"},
)


async def test_a_page_is_in_the_language_the_app_would_choose_for_each_browser(
    nginx: str, site: tuple[Path, list[str]], served_app: FastAPI, app_port: int
) -> None:
    pages = [path for path in site[1] if path.endswith("/")][:2]
    with live_server(served_app, app_port) as app_url:
        async with (
            httpx.AsyncClient(base_url=app_url) as direct,
            httpx.AsyncClient(base_url=nginx) as static,
        ):
            for path in pages:
                for browser in BROWSERS:
                    headers = {"Accept-Encoding": "identity", **browser}
                    ours = await direct.get(path, headers=headers)
                    theirs = await static.get(path, headers=headers)
                    assert theirs.status_code == ours.status_code, (path, browser)
                    assert theirs.content == ours.content, (path, browser)
                    language = ours.headers.get("content-language")
                    assert theirs.headers.get("content-language") == language, (path, browser)
