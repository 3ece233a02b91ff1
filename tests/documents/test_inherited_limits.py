"""A document is read under the limits the service inherits (`ulimit -v`, `prlimit --as`,
systemd's LimitAS=, a lowered CPU-time limit): the reading process only lowers its limits
within them and reads the document, for `notifier import` and for the office's upload. When
it truly cannot start, both are told in Polish that the server cannot read documents now (not
to save the file again), and the log has one line, no traceback (blind round 8b, F5)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]
DOCUMENT = TESTS / "examples" / "harmonogram-2024-leszno.txt"
GB = 1_000_000_000
UNAVAILABLE = "Serwer nie może teraz odczytywać dokumentów"
# (soft, hard) pairs each below what the reader would ask for (the caller's size + 1 GiB of
# address space, 20 s of CPU time): a hard limit as `prlimit --as` sets it, a soft limit
# lower than its hard one, and a CPU-time limit.
LIMITS = {
    "address space, soft = hard": {resource.RLIMIT_AS: (GB, GB)},
    "address space, soft below hard": {resource.RLIMIT_AS: (8 * GB // 10, GB)},
    "CPU time": {resource.RLIMIT_CPU: (15, 15)},
}


def _limited(limits: dict[int, tuple[int, int]]) -> Callable[[], None]:
    def apply() -> None:
        for which, pair in limits.items():
            resource.setrlimit(which, pair)

    return apply


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NOTIFIER_")}
    return env | {"PYTHONPATH": str(TESTS)}


def _run(
    args: list[str], limits: dict[int, tuple[int, int]], cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=_environment(),
        preexec_fn=_limited(limits),  # only setrlimit, before exec
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("limits", LIMITS.values(), ids=LIMITS.keys())
def test_notifier_import_reads_the_document_under_the_limits_it_inherits(
    tmp_path: Path, limits: dict[int, tuple[int, int]]
) -> None:
    out = tmp_path / "leszno.toml"
    done = _run(
        ["-m", "notifier.cli.main", "import", str(DOCUMENT), "-o", str(out)], limits, tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "Znaleziono 9 komórek i 28 zadań" in done.stdout
    assert "Traceback" not in done.stderr
    assert out.exists()


def test_notifier_import_says_the_server_cannot_read_when_no_reader_starts(tmp_path: Path) -> None:
    # Five open files at most: the command starts and reads the document's bytes, but no pipe
    # to a reading process can be opened.
    out = tmp_path / "leszno.toml"
    nofile = {resource.RLIMIT_NOFILE: (5, 5)}
    done = _run(
        ["-m", "notifier.cli.main", "import", str(DOCUMENT), "-o", str(out)], nofile, tmp_path
    )
    assert done.returncode == 1
    assert f"{UNAVAILABLE}: nie można uruchomić procesu, który czyta dokumenty" in done.stderr
    assert "(za dużo otwartych plików)" in done.stderr
    assert "prosimy nie zapisywać go ponownie" in done.stderr
    assert "zapisać dokument ponownie" not in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


# The office's upload in a process of its own (the real app over HTTP, its own database and
# outbox), so that its limits are that process's. With "nofile" the upload goes on under a
# limit of open files that leaves no pipe for the reading process.
_OFFICE = """
import asyncio, logging, os, resource, sys
from pathlib import Path
from office_helpers import office_site

logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="LOG %(message)s")
folder, tmp, nofile = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "nofile"

async def upload():
    async with office_site(folder, tmp) as site:
        await site.sign_in()
        token = await site.csrf("/biuro/leszno/import")
        document = Path(sys.argv[4]).read_bytes()
        if nofile:
            opened = len(os.listdir("/proc/self/fd"))
            resource.setrlimit(resource.RLIMIT_NOFILE, (opened + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        answer = await site.client.post(
            "/biuro/leszno/import",
            data={"csrf": token, "year": "2025"},
            files={"document": ("harmonogram-2025.txt", document, "text/plain")},
        )
        print(answer.status_code)
        print(answer.text)

asyncio.run(upload())
"""


@pytest.fixture
def office_folder(tmp_path: Path, seed_schedule_path: Path) -> Path:
    folder = tmp_path / "harmonogramy"
    (folder / "leszno").mkdir(parents=True)
    (folder / "leszno" / "2024.toml").write_bytes(seed_schedule_path.read_bytes())
    return folder


def _office(
    folder: Path, tmp_path: Path, limits: dict[int, tuple[int, int]], mode: str
) -> subprocess.CompletedProcess[str]:
    args = ["-c", _OFFICE, str(folder), str(tmp_path), mode, str(DOCUMENT)]
    return _run(args, limits, tmp_path)


def test_the_office_upload_reads_the_document_under_the_limits_it_inherits(
    office_folder: Path, tmp_path: Path
) -> None:
    # Every limit at once (each alone is `notifier import`'s case above).
    limits = {which: pair for each in LIMITS.values() for which, pair in each.items()}
    limits[resource.RLIMIT_AS] = LIMITS["address space, soft below hard"][resource.RLIMIT_AS]
    done = _office(office_folder, tmp_path, limits, "")
    assert done.returncode == 0, done.stderr
    status, page = done.stdout.split("\n", 1)
    assert status == "200", page
    assert "28 zadań z dokumentu" in page
    assert "Traceback" not in done.stderr


def test_the_office_upload_says_the_server_cannot_read_when_no_reader_starts(
    office_folder: Path, tmp_path: Path
) -> None:
    done = _office(office_folder, tmp_path, {}, "nofile")
    assert done.returncode == 0, done.stderr
    status, page = done.stdout.split("\n", 1)
    assert status == "503", page
    assert UNAVAILABLE in page
    assert "prosimy nie zapisywać go ponownie" in page
    assert "Traceback" not in done.stderr
    logged = [line for line in done.stderr.splitlines() if "document reader" in line]
    assert len(logged) == 1, done.stderr
    assert logged[0].startswith("LOG document reader unavailable: cannot start the reading")
