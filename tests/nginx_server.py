"""A real nginx (Debian's package) running the shipped contrib/nginx/notifier.conf, for the
static publishing journeys (tests/journeys/test_publish_nginx*.py).

nginx runs with the whole server block README.md explains, its placeholders filled in (@ROOT@
the published directory, @APP@ the app's address, @PORT@ a free port), with its own prefix in
the test's temporary directory; `nginx -t` must pass without a warning first. Skipped, with
the reason, when nginx is not installed (`make test` installs it when it can).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_process import START_DEADLINE_SECONDS, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER = Path(__file__).resolve().parents[1] / "contrib" / "nginx" / "notifier.conf"

CONFIG = """
daemon off;
master_process off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ text/html html; }}
    default_type application/octet-stream;
    include {server};
}}
"""


def nginx_or_skip() -> str:
    """The nginx binary; the test is skipped, saying why, when it is not installed."""
    if not Path(NGINX).is_file():
        reason = f"nginx not installed ({NGINX}); `make test` installs Debian's package as root"
        print(reason)
        pytest.skip(reason)
    return NGINX


def configure(prefix: Path, root: Path, app_address: str, port: int) -> Path:
    """nginx.conf around the shipped server block, its placeholders filled in."""
    server = SERVER.read_text(encoding="utf-8")
    for placeholder, value in (("@ROOT@", root), ("@APP@", app_address), ("@PORT@", port)):
        assert placeholder in server
        server = server.replace(placeholder, str(value))
    for log, here in (
        ("/var/log/nginx/notifier.access.log", "access.log"),  # the shipped block's logs,
        ("/var/log/nginx/notifier.error.log", "notifier-error.log"),  # here in the prefix
    ):
        assert log in server
        server = server.replace(log, str(prefix / here))
    (prefix / "notifier.conf").write_text(server, encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(CONFIG.format(prefix=prefix, server=prefix / "notifier.conf"), encoding="utf-8")
    return conf


# How many ports nginx tries: free_port() closes its socket before nginx binds the port, so
# another process (a server or a client of the other worker) may take it in between.
PORT_TRIES = 5
_PORT_TAKEN = "(98: Address already in use)"


@contextlib.contextmanager
def running_nginx(binary: str, prefix: Path, root: Path, app_address: str) -> Iterator[str]:
    """nginx serving `root` (the published directory) in front of the app at `app_address`,
    after `nginx -t` passed without a warning; yields its base URL. A port taken before
    nginx bound it is replaced by another (PORT_TRIES in all)."""
    prefix.mkdir()
    for tries_left in reversed(range(PORT_TRIES)):
        port = free_port()
        process = _start(binary, prefix, configure(prefix, root, app_address, port))
        url = f"http://127.0.0.1:{port}"
        try:
            if _answers(process, url, retry_taken_port=tries_left > 0):
                yield url
                return
        finally:
            process.terminate()
            process.wait(timeout=30)


def _start(binary: str, prefix: Path, conf: Path) -> subprocess.Popen[bytes]:
    """nginx started on `conf`, once `nginx -t` passed without a warning."""
    log = ["-e", str(prefix / "error.log")]
    checked = subprocess.run(
        [binary, "-t", "-p", str(prefix), "-c", str(conf), *log],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr  # e.g. a duplicate MIME type
    return subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(conf), *log],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _answers(process: subprocess.Popen[bytes], url: str, *, retry_taken_port: bool) -> bool:
    """Wait until nginx answers at `url` (True); False if it exited because its port was
    taken and another may be tried; fails the test on any other exit, or after the deadline."""
    deadline = time.monotonic() + START_DEADLINE_SECONDS  # a hang guard, not a speed limit
    while True:
        if process.poll() is not None:
            error = process.stderr.read().decode() if process.stderr else ""
            if retry_taken_port and _PORT_TAKEN in error:
                return False
            pytest.fail(f"nginx exited: {error}")
        try:
            httpx.head(url + "/calendar.ics", timeout=5)
            return True
        except httpx.TransportError:
            if time.monotonic() > deadline:
                pytest.fail("nginx did not answer")
            time.sleep(0.05)


_SAME = ("content-type", "cache-control", "content-security-policy", "x-content-type-options")
_SAME += ("x-frame-options", "referrer-policy", "access-control-allow-origin")
_SAME += ("content-disposition",)


def media(content_type: str) -> str:
    """A header's value as compared: without spaces, in lower case."""
    return content_type.replace(" ", "").lower()


def compare(ours: httpx.Response, theirs: httpx.Response, url: str) -> None:
    """nginx's answer (`theirs`) is the app's (`ours`): status, body, the headers a client
    reads, the same Last-Modified, and a validator wherever the app gives one."""
    assert theirs.status_code == ours.status_code, url
    assert theirs.content == ours.content, url
    for header in _SAME:
        assert media(theirs.headers.get(header, "")) == media(ours.headers.get(header, "")), (
            url,
            header,
        )
    if "last-modified" in ours.headers:
        assert theirs.headers["last-modified"] == ours.headers["last-modified"], url
    if "etag" not in ours.headers:  # a page, /api/tasks: none from either
        assert "etag" not in theirs.headers, url
