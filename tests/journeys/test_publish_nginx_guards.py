"""The shipped nginx block (contrib/nginx/notifier.conf) run by a real nginx
(tests/nginx_server.py), for what issue 25 found at the edge: tokens in nginx's error log
with the app down (F4), /metrics proxied to anyone (m8), nginx's 8 KB request line refusing
queries the app takes (m10), and If-Match / If-Unmodified-Since answered 412 by nginx and
200 by the app (m3).
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser_fixtures import live_server
from catalog_fixtures import BASE_URL
from fastapi import FastAPI
from nginx_server import nginx_or_skip, running_nginx
from server_process import free_port

from notifier.files.source import CatalogSource
from notifier.publish.render import current_paths
from notifier.publish.site import publish_app
from notifier.settings import load_settings
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

IDENTITY = {"Accept-Encoding": "identity"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
TOKEN = "Tajny_token-" + "x" * 30  # a link token's shape: URL-safe base64


@pytest.fixture
def metrics_app(clean_env: pytest.MonkeyPatch, schedule_file: Path) -> FastAPI:
    """The shipped schedule's app with NOTIFIER_METRICS on."""
    settings = load_settings(
        schedule=schedule_file,
        base_url=BASE_URL,
        database_url=f"sqlite:///{schedule_file.parent / 'subscribers.db'}",
        metrics=True,
    )
    return create_app(settings, catalog_source=CatalogSource(schedule_file))


@pytest.fixture
async def published(metrics_app: FastAPI, tmp_path: Path) -> tuple[Path, list[str]]:
    out = tmp_path / "site"
    paths = current_paths(metrics_app)
    await publish_app(metrics_app, out)
    return out, paths


@pytest.fixture
def served(
    metrics_app: FastAPI, published: tuple[Path, list[str]], tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """(nginx's URL, the app's URL), both running."""
    binary = nginx_or_skip()
    port = free_port()
    with (
        running_nginx(binary, tmp_path / "nginx", published[0], f"127.0.0.1:{port}") as nginx,
        live_server(metrics_app, port) as app_url,
    ):
        yield nginx, app_url


async def test_the_error_log_holds_no_link_token_while_the_app_is_down(
    published: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """F4: with the app stopped, nginx logged one error per request with the request line, the
    upstream URL and the Referer in clear — every token of a /confirm/, /manage/,
    /unsubscribe/ and /biuro/wejscie/ link. The block's error log takes "crit" and worse."""
    binary = nginx_or_skip()
    prefix = tmp_path / "nginx"
    asked = [
        ("GET", f"/confirm/{TOKEN}"),
        ("GET", f"/manage/{TOKEN}"),
        ("POST", f"/manage/{TOKEN}"),
        ("POST", f"/unsubscribe/{TOKEN}"),
        ("GET", f"/biuro/wejscie/{TOKEN}"),
        ("GET", f"/%6Danage/{TOKEN}?lang=en"),
    ]
    nobody = f"127.0.0.1:{free_port()}"  # nothing listens there: the app is down
    with running_nginx(binary, prefix, published[0], nobody) as nginx:
        async with httpx.AsyncClient(base_url=nginx) as client:
            for method, path in asked:
                referer = {"Referer": f"{nginx}/unsubscribe/{TOKEN}"}
                answer = await client.request(
                    method, path, content=b"action=unsubscribe", headers={**FORM, **referer}
                )
                assert answer.status_code == 503, (path, answer.text)
    logs = sorted(prefix.glob("*.log"))
    assert {p.name for p in logs} >= {"error.log", "notifier-error.log", "access.log"}
    for log in logs:
        text = log.read_text(encoding="utf-8")
        assert TOKEN not in text, (log.name, text[-2000:])
        assert "Tajny" not in text, log.name


async def test_metrics_answer_this_host_only(served: tuple[str, str]) -> None:
    """m8: the block proxied /metrics to anyone. A client from another address (here
    127.0.0.2) gets the Polish 403 however it spells the path or whatever it adds; this host
    (127.0.0.1) gets the app's answer, and the other client every other path."""
    nginx, app_url = served
    async with httpx.AsyncClient(base_url=app_url) as direct:
        assert (await direct.get("/metrics")).status_code == 200
    here = _raw(nginx, "GET", "/metrics", "127.0.0.1")
    assert here.status == 200
    assert b"notifier_feed_requests_total" in here.read()
    for method, path in [
        ("GET", "/metrics"),
        ("HEAD", "/metrics"),
        ("GET", "/metrics?format=x"),
        ("GET", "//metrics"),
        ("GET", "/%6Detrics"),
        ("GET", "/x/../metrics"),
        ("POST", "/metrics"),
    ]:
        refused = _raw(nginx, method, path, "127.0.0.2")
        assert refused.status == 403, (method, path)
        assert refused.getheader("content-language") == "pl"
        if method != "HEAD":
            assert "tylko z serwera" in refused.read().decode(), path
    assert _raw(nginx, "GET", "/calendar.ics", "127.0.0.2").status == 200
    assert _raw(nginx, "GET", "/", "127.0.0.2").status == 200


def _raw(
    base: str,
    method: str,
    path: str,
    source: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    """`method` of `path` exactly as written (httpx folds "//metrics" to "/"), sent from the
    address `source`; the answer is read whole."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0))
    connection.request(method, path, headers=headers or {})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    answer.read = lambda *_: body  # type: ignore[method-assign]
    return answer


async def test_a_request_head_the_app_takes_passes_nginx_and_one_it_refuses_is_refused(
    served: tuple[str, str],
) -> None:
    """m10: 100 query parameters of 200 characters (README: what the app accepts) were
    nginx's 414 at 8 KB of request line; a 60 KB header is within the app's 64 KB head. Each
    now gets the app's answer through nginx; a head over 64 KB is refused in Polish."""
    nginx, app_url = served
    query = "&".join(f"p{n}=" + "a" * 200 for n in range(100))
    assert len(query) > 20_000
    cookie = {"Cookie": "c=" + "d" * 60_000}
    async with (
        httpx.AsyncClient(base_url=nginx) as static,
        httpx.AsyncClient(base_url=app_url) as direct,
    ):
        for path, headers in [
            (f"/calendar.ics?{query}", IDENTITY),
            (f"/?{query}", {}),
            (f"/api/tasks?{query}", {}),
            ("/calendar.ics", {**IDENTITY, **cookie}),
        ]:
            ours, theirs = (
                await direct.get(path, headers=headers),
                await static.get(path, headers=headers),
            )
            assert ours.status_code == 200, path[:40]
            assert (theirs.status_code, theirs.content) == (ours.status_code, ours.content)
        for path, headers in [
            ("/?q=" + "a" * 70_000, {}),
            ("/calendar.ics", {"Cookie": "c=" + "d" * 70_000}),
        ]:
            refused = _raw(nginx, "GET", path, headers=headers)
            text = refused.read().decode()
            assert refused.status in (400, 414, 431), refused.status
            assert refused.getheader("content-language") == "pl"
            assert any(c in text for c in "ąęłóśżźćń"), text


def _preconditions(etag: str) -> list[dict[str, str]]:
    return [
        {"If-Match": '"nope"'},
        {"If-Match": f'"nope", {etag}'},
        {"If-Match": f"W/{etag}"},
        {"If-Match": "*"},
        {"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
        {"If-Unmodified-Since": "Fri, 31 Dec 9999 23:59:59 GMT"},
        {"If-Unmodified-Since": "nie data"},
        {"If-Match": "*", "If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"},
    ]


async def test_if_match_and_if_unmodified_since_are_answered_alike_on_every_published_path(
    served: tuple[str, str], published: tuple[Path, list[str]]
) -> None:
    """m3: `If-Match: "nope"` and If-Unmodified-Since in the past on /calendar.ics were 200
    from the app and 412 from nginx. nginx now passes them to the app, which answers by RFC
    9110 §13.2.2 against its own ETag and Last-Modified: the same status and body either way,
    on every published path."""
    nginx, app_url = served
    _, paths = published
    async with (
        httpx.AsyncClient(base_url=nginx) as static,
        httpx.AsyncClient(base_url=app_url) as direct,
    ):
        for path in paths:
            plain = await direct.get(path, headers=IDENTITY)
            etag = plain.headers.get("etag", '"none"')
            for condition in _preconditions(etag):
                headers = {**IDENTITY, **condition}
                ours, theirs = (
                    await direct.get(path, headers=headers),
                    await static.get(path, headers=headers),
                )
                assert theirs.status_code == ours.status_code, (path, condition)
                assert theirs.content == ours.content, (path, condition)
        calendar = await direct.get("/calendar.ics", headers=IDENTITY)
        etag = calendar.headers["etag"]
        expected = [412, 200, 412, 200, 412, 200, 200, 200]
        for condition, status in zip(_preconditions(etag), expected, strict=True):
            answer = await static.get("/calendar.ics", headers={**IDENTITY, **condition})
            assert answer.status_code == status, condition
            if status == 412:
                assert "If-Match" in answer.text
        page = await static.get("/", headers={"If-Match": '"nope"'})  # a page has no ETag
        assert page.status_code == 412
        assert "Warunek żądania" in page.text
        english = await static.get("/api/tasks?lang=en", headers={"If-Match": '"nope"'})
        assert english.status_code == 412
        assert "If-Match" in english.json()["detail"]
        assert "Warunek" not in english.json()["detail"]
        # If-Match fails before If-None-Match is asked (§13.2.2): not the app's 304 but 412.
        gone = await direct.get("/calendar.ics", headers={**IDENTITY, "If-None-Match": etag})
        assert gone.status_code == 304
        both = {**IDENTITY, "If-None-Match": etag, "If-Match": '"nope"'}
        assert (await static.get("/calendar.ics", headers=both)).status_code == 412


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/en/calendar.ics", "/calendar.ics?lang=en"),
        ("/uk/feed.atom", "/feed.atom?lang=uk"),
        ("/en/leszno/", "/leszno/?lang=en"),
        ("/en/api/tasks?year=2024", "/api/tasks?year=2024&lang=en"),
        ("/uk/", "/?lang=uk"),
    ],
)
async def test_a_language_prefix_leads_to_the_same_address_from_nginx_and_the_app(
    served: tuple[str, str], path: str, location: str
) -> None:
    """M1: one rule for a language prefix, whoever answers: /en/calendar.ics is no city
    named "en" (a 404) but the calendar in English, from the shipped block and the app."""
    for base in served:
        async with httpx.AsyncClient(base_url=base) as client:
            for headers in ({}, {"Accept-Language": "en"}, {"Cookie": "lang=uk"}):
                answer = await client.get(path, headers=headers)
                assert answer.status_code == 302, (base, path, headers)
                assert answer.headers["location"] == location, (base, path, headers)
