"""The shipped nginx block (contrib/nginx/notifier.conf, tests/nginx_server.py) in front of
`notifier web` as the CLI starts it, serving a directory of two cities (blind round 11): what
nginx answers for the app and for the files is what the app answers.

Bodies over a route's limit (F5): a 22 MB document to the office's import, or a sign-up form
over 16 KB, got the 503 "Serwis chwilowo niedostępny" page most of the time — the app refused
it from its declared size and closed while nginx was still sending it, and nginx took the
reset for the app being down. A permanent refusal never looks like "down, retry later". Every
request is sent REPEATS times, with and without `Expect: 100-continue`, and every answer is
checked: a declared size over the path's limit is nginx's own Polish 413 (the body never
passed on); a chunked body over it (no declared size) reaches the app, whose own 413 is
delivered; a body the app answers without reading (a feed's 405, the sign-in's redirect) is
read whole first (notifier.web.body_limits), so its answer arrives too.

Validators (F13): a feed's ETag was a hash of its bytes in the app and the file's mtime and
size at nginx, so an If-Match with nginx's was a 412 at the app and an If-None-Match with
the app's a 200 at nginx. Both give the file's now, with the app running and stopped.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from nginx_server import nginx_or_skip, running_nginx
from server_process import free_port, started

from notifier.web.body_limits import BODY_LIMITS, DRAIN_BYTES, FORM_LIMIT, body_limit

# One worker runs the module (`--dist loadgroup`): one app and one nginx for all its tests.
pytestmark = [pytest.mark.xdist_group("publish_nginx_alike"), pytest.mark.anyio]

REPEATS = 5  # the failure was intermittent: every one of these answers is checked
IMPORT = "/biuro/leszno/import"
DRAFT = "/biuro/leszno/import/szkic"
NGINX_413 = "Przesłane dane są za duże"
APP_413 = "Formularz jest za duży"
CONF = Path(__file__).resolve().parents[2] / "contrib" / "nginx" / "notifier.conf"


@dataclass(frozen=True)
class Served:
    nginx: str  # nginx's URL
    app: str  # the app's own
    site: Path  # the published directory


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, seed_schedule_path: Path, examples_dir: Path
) -> Iterator[Served]:
    """`notifier web` over two cities in a process of its own, its site published, and nginx
    in front of it."""
    binary = nginx_or_skip()
    tmp = tmp_path_factory.mktemp("alike")
    folder = tmp / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    shutil.copy(seed_schedule_path, folder / "leszno" / "2024.toml")
    shutil.copy(examples_dir / "przykladowo-2025.toml", folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(folder),
        "NOTIFIER_SCHEDULE_SETTLE": "0",  # the files were written a moment ago: take them
        "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp / 'subscribers.db'}",
        "NOTIFIER_OUTBOX": str(tmp / "outbox"),
        "NOTIFIER_BASE_URL": "https://konkursy.example.pl",
        # Warnings and errors only: a line per request would fill the pipe and hold the app.
        "NOTIFIER_LOG_LEVEL": "WARNING",
    }
    cli = [sys.executable, "-m", "notifier.cli.main"]
    site = tmp / "site"
    subprocess.run([*cli, "publish", "--out", str(site)], cwd=tmp, env=env, check=True)
    process, port, _ = started(
        lambda number: subprocess.Popen(
            [*cli, "web", "--port", str(number)],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
    )
    app = f"http://127.0.0.1:{port}"
    try:
        with running_nginx(binary, tmp / "nginx", site, app.removeprefix("http://")) as url:
            yield Served(url, app, site)
    finally:
        process.terminate()
        _, log = process.communicate(timeout=30)
    assert b"Traceback" not in log


def post(url: str, path: str, size: int, *, expect: bool, chunked: bool = False) -> bytes:
    """POST a body of `size` bytes to `path` on a new connection (`Connection: close`), the
    length declared or chunked; with `expect`, the body is sent only after a 100 Continue.
    Returns the final answer as read until the server closed the connection."""
    host, port = url.removeprefix("http://").split(":")
    length = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % size
    head = b"POST %s HTTP/1.1\r\nHost: %s\r\n%s\r\n" % (path.encode(), host.encode(), length)
    head += b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
    head += b"Expect: 100-continue\r\n\r\n" if expect else b"\r\n"
    body = b"a" * size
    if chunked:
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (size, body)
    with socket.create_connection((host, int(port)), timeout=120) as raw:
        raw.sendall(head)
        answer = b""
        if expect:  # the first answer: 100 Continue, or the final one instead
            while b"\r\n\r\n" not in answer and (byte := raw.recv(1)):
                answer += byte
            if not answer.startswith(b"HTTP/1.1 100"):
                return _rest(raw, answer)
        with contextlib.suppress(OSError):  # refused before it was read: the answer says so
            raw.sendall(body)
        return _rest(raw)


def _rest(raw: socket.socket, answer: bytes = b"") -> bytes:
    """The answer, read to the end of its body (its Content-Length; else until the server
    closes): the client then closes, as a browser does, without waiting for nginx's
    lingering close after a refusal."""
    with contextlib.suppress(ConnectionResetError):
        while b"\r\n\r\n" not in answer and (chunk := raw.recv(65536)):
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = re.search(rb"(?im)^content-length: *(\d+)\r?$", head)
        while (length is None or len(body) < int(length.group(1))) and (chunk := raw.recv(65536)):
            body += chunk
        answer = head + b"\r\n\r\n" + body
    return answer


def status(answer: bytes) -> int:
    found = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    assert found, answer[:300]
    return int(found.group(1))


def answers(url: str, path: str, size: int, *, chunked: bool = False) -> list[bytes]:
    """The answers to REPEATS requests with `Expect: 100-continue` and REPEATS without."""
    return [
        post(url, path, size, expect=expect, chunked=chunked)
        for expect in (True, False)
        for _ in range(REPEATS)
    ]


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/subscribe", FORM_LIMIT), (IMPORT, DRAIN_BYTES), (DRAFT, body_limit(DRAFT))],
)
def test_a_declared_size_just_over_the_limit_is_nginxs_polish_413_every_time(
    served: Served, path: str, limit: int
) -> None:
    """F5: 503 503 / 413 503 / 503 413 for a 22 MB document and a sign-up behind nginx."""
    for answer in answers(served.nginx, path, limit + 1):
        assert status(answer) == 413, answer[:400]
        assert NGINX_413 in answer.decode("utf-8", "replace"), answer[:400]


def test_a_chunked_form_over_the_limit_is_the_apps_413_every_time(served: Served) -> None:
    """No declared size: nginx passes the body on (its own bound is the largest limit) and
    the app refuses it after reading its limit; the rest is read and dropped, so its page
    arrives."""
    for answer in answers(served.nginx, "/subscribe", FORM_LIMIT + 1, chunked=True):
        assert status(answer) == 413, answer[:400]
        assert APP_413 in answer.decode("utf-8", "replace"), answer[:400]


@pytest.mark.parametrize(
    ("path", "size", "expected"),
    [
        ("/calendar.ics?topic=x", FORM_LIMIT, 405),  # a feed takes no body: read, then 405
        ("/subscribe?a=1", FORM_LIMIT, 400),  # read whole, an unknown field: the app's 400
        (IMPORT, DRAIN_BYTES, 303),  # not signed in: to the sign-in, the document dropped
    ],
)
def test_a_body_within_the_limit_the_app_does_not_read_gets_the_apps_answer_every_time(
    served: Served, path: str, size: int, expected: int
) -> None:
    for answer in answers(served.nginx, path, size):
        assert status(answer) == expected, answer[:400]


def test_nginxs_limits_are_the_apps() -> None:
    """The block's map refuses exactly the declared sizes over each path's limit
    (notifier.web.body_limits), however the length is written (leading zeros)."""
    text = CONF.read_text(encoding="utf-8")
    block = text[text.index("$notifier_body_too_large {") :].split("\n}\n")[0]
    rules = [
        (re.compile(found.group(1)), found.group(2) == "1")
        for found in re.finditer(r'^\s*"~(.*)" ([01]);$', block, re.MULTILINE)
    ]
    client_max = re.search(r"client_max_body_size (\d+);  # a chunked body", text)
    assert client_max
    assert int(client_max.group(1)) == DRAIN_BYTES
    paths = ["/subscribe", "/biuro/leszno/wejscie", "/calendar.ics", "/biuro/x/import/", IMPORT]
    paths += [DRAFT, "/biuro/rydzyna/import", "/biuro/a/b/import"]
    assert {body_limit(p) for p in paths} == {FORM_LIMIT, *(limit for _, limit in BODY_LIMITS)}
    for path in paths:
        limit = body_limit(path)
        for size in (0, 1, limit - 1, limit, limit + 1, limit + 9, limit * 10, 10**18):
            for written in (str(size), f"00{size}"):
                key = f"{path}|{written}"
                refused = next((r for rule, r in rules if rule.search(key)), False)
                assert refused == (size > limit), (key, limit)


IDENTITY = {"Accept-Encoding": "identity"}
GZIP = {"Accept-Encoding": "gzip"}
# With several harmonograms the files of every city are streamed from each city's share, their
# gzip twins packed city by city (notifier.publish.parts): the twin's size, and so nginx's
# ETag of it, is not the app's gzip answer's — the one exception (README, "Static publishing").
EVERY_CITY = re.compile(r"/(calendar|topics/[^/]+)\.ics")


def feeds(site: Path) -> list[str]:
    """Every published calendar and Atom feed, by its path."""
    found = [p for p in site.rglob("*") if p.suffix in (".ics", ".atom")]
    paths = ["/" + p.relative_to(site).as_posix() for p in found]
    return sorted(p for p in paths if "/." not in p)


async def test_a_feed_has_the_same_etag_from_nginx_and_the_app(served: Served) -> None:
    """F13: `If-Match` with the ETag nginx gave was 412 at the app; `If-None-Match` with the
    app's a 200 at nginx. Each now takes the other's, for every feed, plain and gzip."""
    paths = feeds(served.site)
    assert len(paths) > 40
    assert {"/calendar.ics", "/feed.atom", "/przykladowo/calendar.ics"} <= set(paths)
    async with (
        httpx.AsyncClient(base_url=served.nginx, timeout=60) as static,
        httpx.AsyncClient(base_url=served.app, timeout=60) as direct,
    ):
        for path in paths:
            for encoding in (IDENTITY, GZIP):
                ours = await direct.get(path, headers=encoding)
                theirs = await static.get(path, headers=encoding)
                assert theirs.headers.get("x-frame-options") == "DENY"  # the file, not proxied
                assert theirs.content == ours.content, path
                assert theirs.headers["last-modified"] == ours.headers["last-modified"], path
                etag = ours.headers["etag"]
                if encoding is GZIP and EVERY_CITY.fullmatch(path):
                    assert theirs.headers["etag"] != etag, path
                    continue
                assert theirs.headers["etag"] == etag, (path, encoding)
                for client in (direct, static):
                    match = await client.get(path, headers={**encoding, "If-Match": etag})
                    assert match.status_code == 200, (path, encoding, client.base_url)
                    assert match.content == ours.content
                    fresh = await client.get(path, headers={**encoding, "If-None-Match": etag})
                    assert fresh.status_code == 304, (path, encoding, client.base_url)


async def test_with_the_app_stopped_nginx_gives_the_apps_etags(
    served: Served, tmp_path: Path
) -> None:
    """F13, the app down: nginx (here a second one, whose app address answers nothing) gives
    each feed the ETag the app gave, and a client's `If-None-Match` with it gets the 304."""
    nobody = f"127.0.0.1:{free_port()}"
    with running_nginx(nginx_or_skip(), tmp_path / "nginx", served.site, nobody) as down:
        async with (
            httpx.AsyncClient(base_url=down, timeout=60) as static,
            httpx.AsyncClient(base_url=served.app, timeout=60) as direct,
        ):
            assert (await static.get("/subscribe")).status_code == 503  # the app is down
            for path in feeds(served.site):
                etag = (await direct.get(path, headers=IDENTITY)).headers["etag"]
                theirs = await static.get(path, headers=IDENTITY)
                assert theirs.headers["etag"] == etag, path
                fresh = await static.get(path, headers={**IDENTITY, "If-None-Match": etag})
                assert fresh.status_code == 304, path


async def test_a_page_and_the_task_list_have_no_etag_from_either(served: Served) -> None:
    """The app gives a page and /api/tasks no ETag (a page's If-Match holds only for "*"):
    nginx gave its own, which the app then refused."""
    async with (
        httpx.AsyncClient(base_url=served.nginx, timeout=60) as static,
        httpx.AsyncClient(base_url=served.app, timeout=60) as direct,
    ):
        for path in ("/", "/leszno/", "/przykladowo/2025/", "/api/tasks", "/api/tasks.csv"):
            for client in (direct, static):
                answer = await client.get(path)
                assert answer.status_code == 200, (path, client.base_url)
                assert "etag" not in answer.headers, (path, client.base_url)
