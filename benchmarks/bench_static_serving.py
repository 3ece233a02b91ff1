"""Benchmark 8: the published feed from nginx vs the app's own, and `--workers 2` vs 1.

A 2,000-task schedule; `notifier publish` writes the site, nginx (Debian's, one worker
process, the shipped server block contrib/nginx/notifier.conf with its placeholders filled
in, proxying to the one-process app) serves it, and `notifier web` serves the same
schedule with one process and with `--workers 2`. The same wrk settings as benchmark 1
(-t1 -c16 -d4s, Accept-Encoding: gzip, full 200s of /calendar.ics), in one run, alternating
rounds; the medians are shown. Without wrk or nginx, says which and skips that part.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_feed_serving import fetch, free_port, run_wrk
from synthetic import schedule_toml

from notifier.publish.site import publish
from notifier.settings import load_settings

TASKS = 2_000
DURATION = 4
ROUNDS = 3
PATH = "/calendar.ics"
HEADERS = {"Accept-Encoding": "gzip"}
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER = Path(__file__).resolve().parent.parent / "contrib" / "nginx" / "notifier.conf"
NGINX_CONFIG = """
daemon off; master_process off; worker_processes 1;
pid {prefix}/nginx.pid; error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off; sendfile on; tcp_nopush on;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    types {{ text/html html; }}
    default_type application/octet-stream;
    include {server};
}}
"""


def wait_for(proc: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{proc.args!r} exited with {proc.returncode}")
        try:
            fetch(url, PATH, {})
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def start_web(tmp: Path, schedule: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    env |= {
        "NOTIFIER_SCHEDULE": str(schedule),
        # One database for all: the feeds' SEQUENCE/LAST-MODIFIED are recorded there.
        "NOTIFIER_DATABASE_URL": f"sqlite:///{tmp / 'site.db'}",
        "NOTIFIER_LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "notifier.cli.main", "web", "--port", str(port),
         "--workers", str(workers)],
        cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def start_nginx(tmp: Path, site: Path, port: int, app: str) -> subprocess.Popen[bytes]:
    """nginx with contrib/nginx/notifier.conf: @ROOT@ the site, @APP@ `app` (host:port),
    @PORT@ `port` on 127.0.0.1."""
    prefix = tmp / "nginx"
    prefix.mkdir()
    server = SERVER.read_text(encoding="utf-8")
    for placeholder, value in (("@ROOT@", site), ("@APP@", app), ("@PORT@", f"127.0.0.1:{port}")):
        server = server.replace(placeholder, str(value))
    (prefix / "notifier.conf").write_text(server, encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(NGINX_CONFIG.format(prefix=prefix, server=prefix / "notifier.conf"))
    return subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> None:
    if shutil.which("wrk") is None:
        print("SKIPPED: wrk not installed (scripts/ensure-wrk.sh)")
        return
    servers: dict[str, subprocess.Popen[bytes]] = {}
    urls: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        schedule = tmp / "schedule.toml"
        schedule.write_text(schedule_toml(TASKS), encoding="utf-8")
        site = tmp / "site"
        settings = load_settings(schedule=schedule, database_url=f"sqlite:///{tmp / 'site.db'}")
        asyncio.run(publish(settings, site))
        try:
            for label, workers in (("app, 1 process", 1), ("app, --workers 2", 2)):
                port = free_port()
                servers[label] = start_web(tmp, schedule, port, workers)
                urls[label] = f"http://127.0.0.1:{port}"
                wait_for(servers[label], urls[label])  # one after the other
            if Path(NGINX).is_file():
                port = free_port()
                app = urls["app, 1 process"].removeprefix("http://")
                servers["nginx, published files"] = start_nginx(tmp, site, port, app)
                urls["nginx, published files"] = f"http://127.0.0.1:{port}"
            else:
                print(f"nginx not installed ({NGINX}): its row is skipped")
            for label, proc in servers.items():
                wait_for(proc, urls[label])
            same = {fetch(url, PATH, {"Accept-Encoding": "identity"})[1] for url in urls.values()}
            if len(same) != 1:
                raise SystemExit("the servers do not send the same feed bytes")
            rates: dict[str, list[tuple[float, float, float]]] = {label: [] for label in urls}
            for url in urls.values():
                run_wrk(url + PATH, HEADERS, 1)  # warm-up
            for round_ in range(ROUNDS):
                order = list(urls) if round_ % 2 == 0 else list(reversed(urls))
                for label in order:
                    rates[label].append(run_wrk(urls[label] + PATH, HEADERS, DURATION))
        finally:
            for proc in servers.values():
                proc.terminate()
            for proc in servers.values():
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
    print(
        f"{PATH}, {TASKS} tasks, gzip, full 200s; wrk -t1 -c16 -d{DURATION}s, "
        f"median of {ROUNDS} alternating rounds; nproc = {os.cpu_count()}"
    )
    print(f"{'server':<28} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}")
    medians = {}
    for label, runs in rates.items():
        rps = statistics.median(r[0] for r in runs)
        medians[label] = rps
        p50 = statistics.median(r[1] for r in runs)
        p99 = statistics.median(r[2] for r in runs)
        print(f"{label:<28} {rps:>8.0f} {p50:>7.1f} {p99:>7.1f}")
    one = medians["app, 1 process"]
    print(f"FIGURE --workers 2 vs 1 = {medians['app, --workers 2'] / one:.2f}x")
    if "nginx, published files" in medians:
        print(
            f"FIGURE nginx (published) vs app (1 process) = {medians['nginx, published files'] / one:.1f}x"
        )


if __name__ == "__main__":
    main()
