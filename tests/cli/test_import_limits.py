"""`notifier import` reads a document by its size, and memory running out anywhere in the
import is the documented one-line refusal (the server cannot read documents now), never a
traceback (blind11 F8); an option holding a control character is refused, naming the option,
before anything is read or written (blind11 M11)."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from notifier.cli.importing import TEXT_OPTIONS, read_document
from notifier.cli.main import main

TESTS = Path(__file__).resolve().parents[1]
SEED_DOC = TESTS / "examples" / "harmonogram-2024-leszno.txt"
UNAVAILABLE = "Serwer nie może teraz odczytywać dokumentów"
# Imports the CLI, then leaves the process 4 MB of address space more than it has: a 6 MB
# document cannot be read into it.
TIGHT = """
import resource, sys
from notifier.cli.main import main
with open("/proc/self/statm", encoding="ascii") as statm:
    size = int(statm.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (size + 4 * 2**20, resource.RLIM_INFINITY))
sys.exit(main(sys.argv[1:]))
"""


def test_a_small_document_is_read_without_a_buffer_for_the_largest(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        data = read_document(SEED_DOC)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == SEED_DOC.read_bytes()
    assert peak < 1_000_000  # the 20 MB cap is no buffer size


def test_memory_running_out_in_the_import_is_one_polish_line(tmp_path: Path) -> None:
    document = tmp_path / "duzy.txt"
    document.write_bytes(SEED_DOC.read_bytes() * (6_000_000 // SEED_DOC.stat().st_size))
    out = tmp_path / "x.toml"
    done = subprocess.run(
        [sys.executable, "-c", TIGHT, "import", str(document), "-o", str(out), "--city", "Leszno"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert UNAVAILABLE in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(("name", "label"), TEXT_OPTIONS)
def test_an_option_with_a_control_character_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, label: str
) -> None:
    values = {"city": "Leszno", "source": "https://bip.leszno.pl/harmonogram"}
    values[name] += "\x1b[31m"
    argv = ["import", str(SEED_DOC), "-o", str(tmp_path / "x.toml")]
    argv += ["--city", values["city"], "--source", values["source"]]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert f"Opcja {label} zawiera niedozwolony znak sterujący U+001B" in err
    assert not list(tmp_path.iterdir())
