"""Random and hostile harmonogram files thrown at a served directory (issue 25): nesting, long
numbers, control characters, odd names, huge keys, mangled copies of real files, links to
nothing, link loops and named pipes. Every other city keeps serving and reloading, nothing
answers 500, and reading them stays within bounded memory. Deterministic (a fixed seed), no
timing."""

from __future__ import annotations

import os
import random
import tracemalloc
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from web_fixtures import write_and_bump

from notifier.web.state import app_state

pytestmark = pytest.mark.anyio

SEED = 25
FILES = 48
MEMORY_LIMIT = 200 * 1024 * 1024  # the TOML bomb alone took 1.5 GB before issue 25


def _hostile_text(rng: random.Random, real: list[str]) -> bytes:
    """One hostile harmonogram file's bytes, of a kind chosen by `rng`."""
    n = rng.randint(21, 3000)
    kind = rng.randrange(12)
    if kind == 0:
        return ("x = " + "[" * n + "]" * n).encode()
    if kind == 1:
        return ("x = " + "{a = " * n + "1" + "}" * n).encode()
    if kind == 2:
        return ("a" + ".a" * rng.randint(21, 20_000) + " = 1").encode()
    if kind == 3:
        return ("[" + ".".join(["k"] * rng.randint(21, 5000)) + "]\nx = 1").encode()
    if kind == 4:
        return (
            f"[harmonogram]\nyear = {rng.choice('123456789')}{'0' * rng.randint(41, 6000)}".encode()
        )
    if kind == 5:
        key = "".join(rng.choice("abcdefghij") for _ in range(rng.randint(10_000, 300_000)))
        return f"{key} = 1\n".encode()
    if kind == 6:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
    text = rng.choice(real)
    if kind == 7:  # a control character, raw or escaped, somewhere in a real file
        at = rng.randrange(len(text))
        char = rng.choice(["\x07", "\x1b[2J", "\x00", "\x7f", "\\u0007", "\\u001b", "\\u009b"])
        return (text[:at] + char + text[at:]).encode()
    if kind == 8:  # a real file cut short
        return text[: rng.randrange(len(text))].encode()
    if kind == 9:  # bytes flipped
        data = bytearray(text.encode())
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if kind == 10:  # a real file's dates moved far off
        year = rng.choice(["0001", "9999", "1899", "2200"])
        return text.replace("2025-", f"{year}-").replace("2024-", f"{year}-").encode()
    return text.encode()  # a duplicate of a city and year already served


def _hostile_name(rng: random.Random, index: int) -> bytes:
    odd = [b"\xff\xfe", b"\x1b[31m", b"\n", b"\t", b" ", b"-", b"\xc3\x28", "ł".encode(), b"%s"]
    stem = b"".join(rng.choice(odd) for _ in range(rng.randint(0, 4)))
    if rng.random() < 0.1:
        stem += b"x" * 200
    return b"fuzz-%d-%s.toml" % (index, stem)


def _write_hostile_files(catalog_dir: Path) -> None:
    """FILES hostile files in catalog_dir/fuzz, the same on every run (SEED)."""
    real = [p.read_text(encoding="utf-8") for p in sorted(catalog_dir.rglob("*.toml"))]
    rng = random.Random(SEED)
    folder = os.fsencode(catalog_dir / "fuzz")
    os.mkdir(folder)
    for index in range(FILES):
        with open(os.path.join(folder, _hostile_name(rng, index)), "wb") as file:
            file.write(_hostile_text(rng, real))
    # Paths the system will not let a scan read: a link to nothing, a loop, a named pipe.
    os.symlink(b"nowhere.toml", os.path.join(folder, b"fuzz-link-\xff.toml"))
    os.symlink(b"fuzz-loop.toml", os.path.join(folder, b"fuzz-loop.toml"))
    os.mkfifo(os.path.join(folder, b"fuzz-pipe-\x1b[2J.toml"))


async def test_hostile_files_leave_every_other_city_serving_and_reloading(
    catalog_app: FastAPI, catalog_client: httpx.AsyncClient, catalog_dir: Path
) -> None:
    source = app_state(catalog_app).catalog_source
    before = {
        city: (await catalog_client.get(f"/{city}/calendar.ics")).text
        for city in ("leszno", "przykladowo", "zielona-gora")
    }
    _write_hostile_files(catalog_dir)

    tracemalloc.start()
    try:
        snap = source.settle()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MEMORY_LIMIT
    assert len(snap.problems) >= FILES // 2

    for city, feed in before.items():
        assert (await catalog_client.get(f"/{city}/calendar.ics")).text == feed
    paths = ["/", "/healthz", "/readyz", "/calendar.ics", "/feed.atom", "/api/tasks"]
    paths += [f"/{entry.schedule.city_id}/" for entry in snap.catalog.entries]
    paths += [f"/{entry.schedule.city_id}/feed.atom" for entry in snap.catalog.entries]
    for path in paths:
        response = await catalog_client.get(path)
        assert response.status_code < 500, path
    for line in (await catalog_client.get("/healthz")).json()["problems"]:
        assert not any(c in line for c in "\x00\x07\x1b\n\t")

    # Reloading goes on: an edit of another city is served.
    other = catalog_dir / "zielona-gora-2025.toml"
    text = other.read_text(encoding="utf-8")
    edited = text.replace("ofert na rok 2025", "ofert na rok 2025 (zmiana)", 1)
    write_and_bump(other, edited)
    source.settle()
    assert "ofert na rok 2025 (zmiana)" in (await catalog_client.get("/zielona-gora/")).text
