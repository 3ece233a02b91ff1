"""Benchmark 1: requests/s and p50/p99 latency of the feeds served by a real uvicorn.

A 2,000-task schedule; wrk on loopback fetches /calendar.ics and a topic feed (gzip, as
calendar apps ask) in full and as a 304 revalidation. The limit is measured in the same
process and run: bare routes of the same app return the same pre-rendered bytes (or a 304
with no body) with a plain Response. Targets: full >= 0.8 of the limit, 304 >= 0.9.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from synthetic import schedule_toml

HERE = Path(__file__).resolve().parent
TASKS = 2_000
TOPIC = "sport"
DURATION = 4  # seconds per measurement
WARMUP = 1
ROUNDS = 3  # every pair is measured ROUNDS times, alternating which goes first
CONNECTIONS = 16
TARGET_FULL = 0.8
TARGET_304 = 0.9
GZIP = "gzip"


@dataclass(frozen=True)
class Case:
    label: str
    path: str
    etag_of: str | None = None  # send If-None-Match with the ETag of this path


@dataclass(frozen=True)
class Pair:
    what: str  # for the RATIO line
    feed: Case
    limit: Case
    target: float


@dataclass(frozen=True)
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    status: int
    size: int


PAIRS = (
    Pair(
        "feed-serving full /calendar.ics req/s vs bare",
        Case("/calendar.ics  200", "/calendar.ics"),
        Case("  bare Response, same bytes", "/bare/calendar.ics"),
        TARGET_FULL,
    ),
    Pair(
        f"feed-serving full /topics/{TOPIC}.ics req/s vs bare",
        Case(f"/topics/{TOPIC}.ics  200", f"/topics/{TOPIC}.ics"),
        Case("  bare Response, same bytes", "/bare/topic.ics"),
        TARGET_FULL,
    ),
    Pair(
        "feed-serving 304 /calendar.ics req/s vs bare 304",
        Case("/calendar.ics  304", "/calendar.ics", etag_of="/calendar.ics"),
        Case("  bare 304, no body", "/bare/not-modified/calendar.ics"),
        TARGET_304,
    ),
    Pair(
        f"feed-serving 304 /topics/{TOPIC}.ics req/s vs bare 304",
        Case(f"/topics/{TOPIC}.ics  304", f"/topics/{TOPIC}.ics", etag_of=f"/topics/{TOPIC}.ics"),
        Case("  bare 304, no body", "/bare/not-modified/topic.ics"),
        TARGET_304,
    ),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(base: str, path: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as exc:  # 304 arrives as an "error"
        return exc.code, exc.read(), dict(exc.headers)


def start_server(schedule: Path, port: int, topic: str = TOPIC) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "_serving_app:build",
        "--host", "127.0.0.1", "--port", str(port),
        "--workers", "1", "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    env = {**os.environ, "BENCH_SCHEDULE": str(schedule), "BENCH_TOPIC": topic}
    return subprocess.Popen(command, cwd=HERE, env=env)


def wait_ready(proc: subprocess.Popen[bytes], base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"uvicorn exited with {proc.returncode}")
        try:
            fetch(base, "/bare/not-modified/topic.ics", {})
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("uvicorn did not start in time")


# --- wrk ----------------------------------------------------------------------------------


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]


def run_wrk(url: str, headers: dict[str, str], seconds: int) -> tuple[float, float, float]:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    problems = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if problems or errors:
        raise SystemExit(f"wrk saw failures for {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    return rps, p50, p99


# --- Python fallback client (only without wrk: then the client may be the bottleneck) ------


async def _py_load(
    host: str, port: int, path: str, headers: dict[str, str], seconds: float
) -> tuple[float, float, float]:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "\r\n"
    ).encode()
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < stop:
                started = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?i)content-length: *(\d+)", head)
                if length:
                    await reader.readexactly(int(length.group(1)))
                latencies.append(time.perf_counter() - started)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(CONNECTIONS)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return (
        len(latencies) / elapsed,
        latencies[len(latencies) // 2] * 1e3,
        latencies[int(len(latencies) * 0.99)] * 1e3,
    )


def run_python(
    port: int, path: str, headers: dict[str, str], seconds: int
) -> tuple[float, float, float]:
    return asyncio.run(_py_load("127.0.0.1", port, path, headers, seconds))


# --- the benchmark ------------------------------------------------------------------------


def main() -> None:
    use_wrk = shutil.which("wrk") is not None
    with tempfile.TemporaryDirectory() as tmp:
        schedule = Path(tmp) / "schedule.toml"
        schedule.write_text(schedule_toml(TASKS), encoding="utf-8")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(schedule, port)
        try:
            wait_ready(proc, base)
            results, ratios = measure(base, port, use_wrk)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    report(results, ratios, use_wrk)


def _headers(case: Case, etags: dict[str, str]) -> dict[str, str]:
    headers = {"Accept-Encoding": GZIP}
    if case.etag_of:
        headers["If-None-Match"] = etags[case.etag_of]
    return headers


def measure(
    base: str, port: int, use_wrk: bool, pairs: tuple[Pair, ...] = PAIRS
) -> tuple[dict[Case, Result], dict[Pair, float]]:
    # Check that feed and limit send the very same response (status, headers, body).
    etags: dict[str, str] = {}
    checked: dict[Case, tuple[int, int]] = {}
    for pair in pairs:
        answers = []
        for case in (pair.feed, pair.limit):
            status, body, headers = fetch(base, case.path, _headers(case, etags))
            headers = {k.lower(): v for k, v in headers.items() if k.lower() != "date"}
            if case.etag_of is None and case is pair.feed:
                etags[case.path] = headers["etag"]
            checked[case] = status, len(body)
            answers.append((status, headers, body))
        want = 304 if pair.target == TARGET_304 else 200
        if answers[0] != answers[1] or answers[0][0] != want:
            raise SystemExit(
                f"{pair.what}: feed and limit answer differently:\n{answers[0][:2]}\n{answers[1][:2]}"
            )

    def load(case: Case, seconds: int) -> tuple[float, float, float]:
        headers = _headers(case, etags)
        if use_wrk:
            return run_wrk(base + case.path, headers, seconds)
        return run_python(port, case.path, headers, seconds)

    for pair in pairs:
        for case in (pair.feed, pair.limit):
            load(case, WARMUP)
    runs: dict[Case, list[tuple[float, float, float]]] = {}
    for round_ in range(ROUNDS):
        for pair in pairs:
            order = (pair.feed, pair.limit) if round_ % 2 == 0 else (pair.limit, pair.feed)
            for case in order:
                runs.setdefault(case, []).append(load(case, DURATION))
    # Feed and limit run back to back in each round, so each round gives one fair ratio;
    # the median over rounds shrugs off a round disturbed by something else on the machine.
    ratios = {
        pair: statistics.median(
            f[0] / b[0] for f, b in zip(runs[pair.feed], runs[pair.limit], strict=True)
        )
        for pair in pairs
    }
    results = {}
    for case, measured in runs.items():
        rps, p50, p99 = (statistics.median(m[i] for m in measured) for i in range(3))
        results[case] = Result(rps, p50, p99, *checked[case])
    return results, ratios


def report(
    results: dict[Case, Result],
    ratios: dict[Pair, float],
    use_wrk: bool,
    pairs: tuple[Pair, ...] = PAIRS,
    what: str = f"{TASKS} tasks",
) -> None:
    client = (
        f"wrk -t1 -c{CONNECTIONS} -d{DURATION}s --latency"
        if use_wrk
        else f"PYTHON FALLBACK CLIENT ({CONNECTIONS} connections; wrk not found, "
        "the client may be the bottleneck)"
    )
    print(
        f"Feed serving: uvicorn, 1 worker, {what}, Accept-Encoding: gzip; "
        f"{client}; medians of {ROUNDS} interleaved rounds"
    )
    print(
        f"{'endpoint':<34} {'status':>6} {'bytes':>7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6}"
    )
    lines = []
    for pair in pairs:
        feed, limit = results[pair.feed], results[pair.limit]
        ratio = ratios[pair]
        for case, r, shown in ((pair.feed, feed, f"{ratio:.2f}"), (pair.limit, limit, "")):
            print(
                f"{case.label:<34} {r.status:>6} {r.size:>7} {r.rps:>9.0f} "
                f"{r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {shown:>6}"
            )
        verdict = "ok" if ratio >= pair.target else "MISSED"
        lines.append(f"RATIO {pair.what} = {ratio:.2f} (target >= {pair.target}) {verdict}")
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
