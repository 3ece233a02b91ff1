"""The shipped nginx block (contrib/nginx/notifier.conf) at its edges, run by a real nginx
(tests/nginx_server.py): the longest paths the publisher writes, symbolic links placed in the
published directory, and If-Modified-Since dates the app and nginx must answer alike (blind
round five: H1, H2, k1).
"""

from __future__ import annotations

import gzip
import http.client
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from browser_fixtures import live_server
from catalog_fixtures import BASE_URL, MARCH_2025
from fastapi import FastAPI
from nginx_server import compare, nginx_or_skip, running_nginx
from server_process import free_port

from notifier.core.input_rules import ID_MAX
from notifier.files.source import CatalogSource
from notifier.publish.render import current_paths
from notifier.publish.site import publish_app
from notifier.settings import load_settings
from notifier.web.app import create_app

pytestmark = pytest.mark.anyio

IDENTITY = {"Accept-Encoding": "identity"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _long_id(stem: str) -> str:
    """An id of the longest length a harmonogram may give (core.input_rules.ID_MAX)."""
    return f"{stem}-" + "a" * (ID_MAX - len(stem) - 1)


LONG_CITY = _long_id("gmina-miejsko-wiejska")
LONG_DEPARTMENT = _long_id("wydzial-spraw-spolecznych")
LONG_TOPIC = _long_id("kultura")


@pytest.fixture
def long_ids_app(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, seed_schedule_path: Path, examples_dir: Path
) -> FastAPI:
    """Leszno 2024 and a city whose id, first department's id and one topic's id are as long
    as ids may be: its department calendar's path is 408 characters."""
    folder = tmp_path / "harmonogramy"
    folder.mkdir()
    (folder / "leszno-2024.toml").write_bytes(seed_schedule_path.read_bytes())
    text = (examples_dir / "zielona-gora-2025.toml").read_text(encoding="utf-8")
    text = text.replace("[harmonogram]\n", f'[harmonogram]\ncity_id = "{LONG_CITY}"\n', 1)
    text = text.replace('id = "kultura"', f'id = "{LONG_DEPARTMENT}"', 1)
    text = re.sub(r"^kultura = ", f"{LONG_TOPIC} = ", text, flags=re.MULTILINE)
    text = re.sub(r'^(\s*topics = \[.*)"kultura"', rf'\1"{LONG_TOPIC}"', text, flags=re.MULTILINE)
    (folder / "dlugie-2025.toml").write_text(text, encoding="utf-8")
    settings = load_settings(
        schedule=folder, base_url=BASE_URL, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}"
    )
    return create_app(settings, catalog_source=CatalogSource(folder), clock=lambda: MARCH_2025)


async def test_nginx_serves_the_longest_paths_the_publisher_writes_as_the_app_does(
    long_ids_app: FastAPI, tmp_path: Path
) -> None:
    """H1: every published path is a key of the block's map of Content-Disposition; one of 48
    characters or more made `nginx -t` fail ("could not build map_hash"). Here the longest
    ids there can be: `nginx -t` passes without a warning, and every path answers as the
    app's, with the app running and with it stopped."""
    binary = nginx_or_skip()
    app = long_ids_app
    out = tmp_path / "site"
    paths = current_paths(app)
    await publish_app(app, out)
    longest = f"/{LONG_CITY}/departments/{LONG_DEPARTMENT}.ics"
    assert longest in paths
    assert len(longest) == 2 * ID_MAX + len("//departments/.ics") == 408
    assert f"/topics/{LONG_TOPIC}.atom" in paths
    port = free_port()
    with running_nginx(binary, tmp_path / "nginx", out, f"127.0.0.1:{port}") as nginx:
        answers = {}
        async with httpx.AsyncClient(base_url=nginx) as static:
            with live_server(app, port) as app_url:
                async with httpx.AsyncClient(base_url=app_url) as direct:
                    for path in paths:
                        answers[path] = await direct.get(path, headers=IDENTITY)
                        compare(answers[path], await static.get(path, headers=IDENTITY), path)
            for path in paths:  # the app stopped: the files still answer
                compare(answers[path], await static.get(path, headers=IDENTITY), path)
    assert answers[longest].status_code == 200
    assert "konkursy-gmina-miejsko-wiejska" in answers[longest].headers["content-disposition"]


@pytest.fixture
async def one_site(app: FastAPI, tmp_path: Path) -> tuple[Path, list[str]]:
    """The one harmonogram's app, published."""
    out = tmp_path / "site"
    paths = current_paths(app)
    await publish_app(app, out)
    return out, paths


SECRET = b"root:x:0:0:tajne-haslo:/root:/bin/bash\n"


async def test_nginx_does_not_follow_a_symbolic_link_placed_in_the_published_directory(
    app: FastAPI, one_site: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """H2: a link to a file outside (as to /etc/passwd), a linked directory, and a published
    file and its gzip twin replaced by links are never followed: nginx answers as the app
    does for the path, or, with the app down, as for a path it has no file of (503). The
    published directory itself may be a link (`disable_symlinks ... from=$document_root`)."""
    binary = nginx_or_skip()
    out, paths = one_site
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_bytes(SECRET)
    (outside / "passwd.gz").write_bytes(gzip.compress(SECRET))
    (outside / "calendar.ics").write_bytes(SECRET)
    (out / "haslo.ics").symlink_to(outside / "passwd")
    (out / "obce").symlink_to(outside, target_is_directory=True)
    assert "/topics/sport.ics" in paths
    for name, target in (("sport.ics", "passwd"), ("sport.ics.gz", "passwd.gz")):
        (out / "topics" / name).unlink()
        (out / "topics" / name).symlink_to(outside / target)
    root = tmp_path / "current"
    root.symlink_to(out, target_is_directory=True)  # a deployment's "current" release link
    linked = ["/haslo.ics", "/obce/calendar.ics", "/obce/passwd", "/topics/sport.ics"]
    port = free_port()
    with running_nginx(binary, tmp_path / "nginx", root, f"127.0.0.1:{port}") as nginx:
        async with httpx.AsyncClient(base_url=nginx) as static:
            with live_server(app, port) as app_url:
                async with httpx.AsyncClient(base_url=app_url) as direct:
                    for path in linked:
                        for encoding in ("identity", "gzip"):
                            headers = {"Accept-Encoding": encoding}
                            ours = await direct.get(path, headers=headers)
                            theirs = await static.get(path, headers=headers)
                            assert SECRET not in theirs.content, (path, encoding)
                            compare(ours, theirs, path)
            for path in linked:  # the app stopped
                theirs = await static.get(path, headers=IDENTITY)
                assert theirs.status_code == 503, path
                assert SECRET not in theirs.content, path
            calendar = await static.get("/calendar.ics", headers=IDENTITY)
            assert calendar.status_code == 200  # the regular files behind the linked root
            assert calendar.content == (out / "calendar.ics").read_bytes()


def _forms(moment: datetime) -> list[str]:
    """`moment` in the three forms of an HTTP date (RFC 9110 §5.6.7)."""
    return [
        format_datetime(moment, usegmt=True),  # IMF-fixdate
        moment.strftime("%A, %d-%b-%y %H:%M:%S GMT"),  # obsolete RFC 850
        moment.strftime("%a %b ") + f"{moment.day:>2}" + moment.strftime(" %H:%M:%S %Y"),  # asctime
    ]


async def test_nginx_and_the_app_answer_if_modified_since_alike(
    app: FastAPI, one_site: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """k1: If-Modified-Since later than the feed's Last-Modified got a 304 from the app and a
    200 from nginx (its default `if_modified_since exact`). Both now answer as RFC 9110
    §13.1.3 says: 304 when the feed was last modified at or before the date, in any of its
    three forms; 200 for an earlier date and for a text that is no date."""
    binary = nginx_or_skip()
    out, paths = one_site
    feeds = [p for p in paths if p.endswith((".ics", ".atom"))]
    assert "/calendar.ics" in feeds
    assert "/feed.atom" in feeds
    port = free_port()
    with (
        running_nginx(binary, tmp_path / "nginx", out, f"127.0.0.1:{port}") as nginx,
        live_server(app, port) as app_url,
    ):
        async with (
            httpx.AsyncClient(base_url=nginx) as static,
            httpx.AsyncClient(base_url=app_url) as direct,
        ):
            for path in feeds:
                modified = parsedate_to_datetime(
                    (await direct.get(path, headers=IDENTITY)).headers["last-modified"]
                ).astimezone(UTC)
                expected = {"nie data": 200, "Fri, 31 Dec 9999 23:59:59 GMT": 304}
                for offset, status in ((0, 304), (1, 304), (86400, 304), (-1, 200)):
                    for since in _forms(modified + timedelta(seconds=offset)):
                        expected[since] = status
                for since, status in expected.items():
                    headers = {**IDENTITY, "If-Modified-Since": since}
                    ours = await direct.get(path, headers=headers)
                    theirs = await static.get(path, headers=headers)
                    assert (ours.status_code, theirs.status_code) == (status, status), (
                        path,
                        since,
                    )
                    assert theirs.content == ours.content, (path, since)


# Accept-Language as browsers and hand-written clients send it, weights in any order.
WEIGHED = (
    "uk;q=0.9, pl;q=0.8",
    "pl;q=0.1, uk",
    "pl;q=0.2, en;q=0.7, uk;q=0.5",
    "en;q=0",
    "en;q=0, uk;q=0.5",
    "en;q=5, uk;q=0.5",
    "UK;q=0.9, pl;q=0.8",
    "de-DE,de;q=0.9,en;q=0.3",
    "en-GB;q=0.05, pl;q=0.01",
    "uk;q=0.001, pl;q=0",
    "pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7",
)


async def test_the_page_for_when_the_app_is_down_speaks_as_the_app_would(
    app: FastAPI, one_site: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Blind round five: the block took the first language Accept-Language named, whatever
    its weight ("en;q=0" chose English, "pl;q=0.1, uk" Polish). Now it weighs them as the
    app does (to a tenth): for each header the 503 page is in the language the app answers
    a page in, and so for an address under /uk/."""
    binary = nginx_or_skip()
    out, _ = one_site
    asked = [("/nie-ma-takiej-strony", {"Accept-Language": h}) for h in WEIGHED]
    asked += [("/uk/nie-ma", {"Accept-Language": "en"}), ("/en/nie-ma", {"Cookie": "lang=uk"})]
    port = free_port()
    with running_nginx(binary, tmp_path / "nginx", out, f"127.0.0.1:{port}") as nginx:
        async with httpx.AsyncClient(base_url=nginx) as static:
            with live_server(app, port) as app_url:
                async with httpx.AsyncClient(base_url=app_url) as direct:
                    chosen = [
                        (await direct.get(path, headers=headers, follow_redirects=True)).headers[
                            "content-language"
                        ]
                        for path, headers in asked
                    ]
            assert chosen[:4] == ["uk", "uk", "en", "pl"]  # the app weighs them
            for (path, headers), language in zip(asked, chosen, strict=True):
                down = await static.get(path, headers=headers)
                assert down.status_code == 503, path
                assert down.headers["content-language"] == language, (path, headers)
                page = out / ".notifier-unavailable" / f"{language}.html"
                assert down.content == page.read_bytes(), (path, headers)
            # M4 (blind round seven): the API and the probes answer JSON while the app is down,
            # as the app's own 503 does ({"detail": "…"}), never the HTML page; a method nginx
            # refuses there (TRACE) is JSON too, as the app's 405.
            json_paths = ["/healthz", "/readyz", "/api/tasks?city=leszno", "/api/nie-ma"]
            for path in json_paths:
                down = await static.get(path, headers={"Accept-Language": "en"})
                assert down.status_code == 503, path
                assert down.headers["content-type"] == "application/json", path
                assert down.headers["retry-after"] == "120", path
                assert "niedostępny" in down.json()["detail"], path
            trace = await static.request("TRACE", "/api/tasks")
            assert trace.status_code == 405
            assert trace.headers["content-type"] == "application/json"
            assert trace.json() == {"detail": "Ta metoda nie jest obsługiwana pod tym adresem."}
            # A form too large for the app's limit, sent while the app is down: refused for its
            # size, as with the app up (blind round 11, F5: a permanent refusal never looks like
            # "down, retry later"), in Polish, never nginx's English 413.
            big = _raw(nginx, "/subscribe", FORM, b"email=" + b"a" * 2_000_000)
            assert big.status == 413, big.content[:200]
            assert "Przesłane dane są za duże" in big.content.decode(), big.content[:200]


def _raw(base: str, path: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Raw:
    """GET (POST with a body) of `path` exactly as written: httpx would remove its "." and
    ".." segments before sending, as a browser does; an HTTP client need not."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request(
            "POST" if body else "GET", path, body=body or None, headers=headers or {}
        )
        answer = connection.getresponse()
        return Raw(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        connection.close()


@dataclass(frozen=True)
class Raw:
    status: int
    headers: dict[str, str]
    content: bytes


SAME_FILE = [  # nginx normalises these to /calendar.ics (m10): the app now does the same
    "/./calendar.ics",
    "//calendar.ics",
    "/topics//sport.ics",
    "/topics/../calendar.ics",
    "/topics/./sport.ics",
    "/topics/%2E%2E/calendar.ics",
]
COOKIES = [
    'lang="en"',
    "lang=xx; lang=en",
    "lang=en; lang=pl",
    "lang=uk",
    "LANG=en",
    "a=1; lang=pl",
]


async def test_nginx_and_the_app_agree_on_odd_paths_cookies_and_their_own_errors(
    app: FastAPI, one_site: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """Blind round six: m9 /leszno/2024 (no slash) was a 404 in both where /leszno leads to
    /leszno/; m10 nginx normalised "/./", "//" and "/../" and served the file where the app
    answered 404, took the first `lang` cookie as sent where the app took the last one
    unquoted, and answered a bad Range with "416 Requested Range Not Satisfiable …
    nginx/1.22.1" (English, naming its version)."""
    binary = nginx_or_skip()
    out, _paths = one_site
    port = free_port()
    with (
        running_nginx(binary, tmp_path / "nginx", out, f"127.0.0.1:{port}") as nginx,
        live_server(app, port) as app_url,
    ):
        for path in SAME_FILE:
            ours, theirs = _raw(app_url, path, IDENTITY), _raw(nginx, path, IDENTITY)
            assert (ours.status, theirs.status) == (200, 200), path
            assert ours.content == theirs.content, path
        for path in ("/../calendar.ics", "/topics/../../calendar.ics"):
            ours, theirs = _raw(app_url, path), _raw(nginx, path)
            assert (ours.status, theirs.status) == (400, 400), path
            assert "Adres" in ours.content.decode()
            assert "żądanie" in theirs.content.decode()
        for ask in ("/leszno/2024", "/leszno/2024?alarm=7"):
            ours, theirs = _raw(app_url, ask), _raw(nginx, ask)
            assert ours.status == theirs.status == 308, ask
            assert ours.headers["location"] == theirs.headers["location"], ask
            assert ours.headers["location"].startswith("/leszno/2024/"), ask
        for cookie in COOKIES:
            ours = _raw(app_url, "/", {"Cookie": cookie})
            theirs = _raw(nginx, "/", {"Cookie": cookie})
            assert ours.headers["content-language"] == theirs.headers["content-language"], cookie
        # M12: a Range is ignored by both, a published file sent whole (nginx's 416 carried
        # the file's headers with the error's; "bytes=abc" was a 416 where RFC 9110 ignores it)
        for ranged in ("bytes=99999999-", "bytes=abc", "bytes=0-9", "bytes=0-0,5-9"):
            for path in ("/calendar.ics", "/", "/feed.atom"):
                asked = {**IDENTITY, "Range": ranged}
                ours, theirs = _raw(app_url, path, asked), _raw(nginx, path, asked)
                assert (ours.status, theirs.status) == (200, 200), (path, ranged)
                assert ours.content == _raw(app_url, path, IDENTITY).content, (path, ranged)
                assert theirs.content == _raw(nginx, path, IDENTITY).content, (path, ranged)
                assert "content-range" not in theirs.headers, (path, ranged)
        errors = [
            (414, _raw(nginx, "/" + "a" * 70000)),  # over the 64 KB of a request line (m10)
            # nginx's own 413 (a body over client_max_body_size declared). A form over the app's
            # limit is the app's 413, which may reset the connection before nginx reads it (a
            # 503 at times): not asked here.
            (413, _request_line(nginx, "GET /calendar.ics HTTP/1.1", "Content-Length: 2000000")),
            (501, _request_line(nginx, "POST / HTTP/1.1", "Transfer-Encoding: xchunked")),
            (505, _request_line(nginx, "GET / HTTP/9.9")),
        ]
        texts = {}
        for status, answer in errors:
            text = answer.content.decode()
            assert answer.status == status, (status, text)
            assert answer.headers["content-type"].count("charset=utf-8") == 1, status
            texts[status] = text
            assert "nginx" not in text, status
            assert answer.headers.get("server", "nginx") == "nginx"  # no version (server_tokens)
            assert answer.headers["content-language"] == "pl", status
            assert any(c in text for c in "ąęłóśżźćń"), text  # Polish, with its letters
        # M14 (blind round seven): 501 and 505, a client's request nginx cannot take, said
        # "Błąd serwera … za kilka minut" (a fault to retry). A 412 is the app's now (m3:
        # test_publish_nginx_guards.py).
        assert texts[501] == "Serwer nie obsługuje tego sposobu przesyłania danych.\n"
        assert texts[505] == "Serwer nie obsługuje tej wersji protokołu HTTP.\n"


def _request_line(base: str, line: str, *headers: str) -> Raw:
    """The answer to a request sent as these bytes (a version or a coding no client library
    sends): nginx's own error. Read to the end of its body (its Content-Length), not until
    nginx closes: after refusing a request whose body is never sent (the 413), nginx keeps
    the connection for its lingering_timeout (5 s) waiting for that body."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=60) as connection:
        head = "\r\n".join([line, f"Host: {host}", *headers, "Connection: close", "", ""])
        connection.sendall(head.encode("ascii"))
        answer = b""
        while b"\r\n\r\n" not in answer and (chunk := connection.recv(65536)):
            answer += chunk
        head_bytes, _, body = answer.partition(b"\r\n\r\n")
        status_line, *fields = head_bytes.decode("latin-1").split("\r\n")
        named = {k.lower(): v for k, v in (field.split(": ", 1) for field in fields)}
        length = int(named["content-length"])  # nginx's own errors always say it
        while len(body) < length and (chunk := connection.recv(65536)):
            body += chunk
    assert len(body) == length, (line, body)
    return Raw(int(status_line.split()[1]), named, body)


TOKEN = "Tajny_token-" + "x" * 30  # a link token's shape: URL-safe base64


async def test_the_access_log_of_the_shipped_block_holds_no_link_token(
    app: FastAPI, one_site: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """F3 (blind round seven): the block's access log held every /manage/, /unsubscribe/,
    /confirm/ and /biuro/wejscie/ token in clear (the app masks them in its own log), in the
    request line and in the Referer. Its log_format masks them, however the path is spelled."""
    binary = nginx_or_skip()
    out, _ = one_site
    asked = [
        ("POST", f"/unsubscribe/{TOKEN}", b"List-Unsubscribe=One-Click"),
        ("GET", f"/manage/{TOKEN}", b""),
        ("POST", f"/manage/{TOKEN}", b"action=unsubscribe"),
        ("GET", f"/confirm/{TOKEN}?x=1", b""),
        ("GET", f"/biuro/wejscie/{TOKEN}", b""),
        ("GET", f"/%6Danage%2F{TOKEN}", b""),
        ("GET", f"/en/Confirm/{TOKEN}/dalej", b""),
        # blind round 9b (F3): paths the app folds into a working link
        ("GET", f"/manage//{TOKEN}", b""),
        ("GET", f"/manage/%2e/{TOKEN}", b""),
        ("GET", f"/x/..%2fmanage/{TOKEN}", b""),
    ]
    port = free_port()
    prefix = tmp_path / "nginx"
    with (
        running_nginx(binary, prefix, out, f"127.0.0.1:{port}") as nginx,
        live_server(app, port),
    ):
        async with httpx.AsyncClient(base_url=nginx) as static:
            for method, path, body in asked:
                referer = {"Referer": f"{nginx}/manage/{TOKEN}"}
                await static.request(method, path, content=body, headers={**FORM, **referer})
            await static.get("/calendar.ics")
    log = (prefix / "access.log").read_text(encoding="utf-8")
    probe, *lines = log.splitlines()  # running_nginx's HEAD /calendar.ics, then ours
    assert '"HEAD /calendar.ics HTTP/1.1" 200' in probe, log
    assert len(lines) == len(asked) + 1, log
    assert TOKEN not in log
    assert "Tajny" not in log
    for line, (method, path, _) in zip(lines, asked, strict=False):
        assert f'"{method} {path.split(TOKEN)[0]}[ukryty]' in line, line
        assert f'"{nginx}/manage/[ukryty]"' in line, line
    assert '"GET /calendar.ics HTTP/1.1" 200' in lines[-1]
