"""PDF via pdfplumber, in a child process bounded in memory (RLIMIT_AS), CPU time and wall
time: a hostile PDF that makes the parser loop or swell is refused within seconds.

Ruled tables come out as tables (pdfplumber leaves None in the cells a merged cell covers);
pages without ruled tables come out as words with their boxes, for the core's aligned reader
(notifier.core.importing.aligned_reader), and as plain text for a PDF that holds no table."""

from __future__ import annotations

import json
import subprocess
import sys

from notifier.core.importing.aligned_reader import Word
from notifier.core.importing.model import DocumentError, Where
from notifier.core.importing.table_reader import Cell, Row, Table

TIMEOUT_SECONDS = 30  # wall time of the child process
MEMORY_BYTES = 1024 * 1024 * 1024  # its address space
CPU_SECONDS = 20  # its CPU time


def pdf_content(
    data: bytes,
    name: str,
    *,
    memory_bytes: int = MEMORY_BYTES,
    cpu_seconds: int = CPU_SECONDS,
    timeout_seconds: float = TIMEOUT_SECONDS,
) -> tuple[list[Table], list[list[Word]], str, str]:
    """(ruled tables, words of each page when none is ruled, the text of the pages with form
    feeds between them, text around the tables); DocumentError for a PDF that is
    password-protected, a scan without a text layer, broken, or too costly to read (the
    child's address space over `memory_bytes`, its CPU time over `cpu_seconds`, or its wall
    time over `timeout_seconds`)."""
    if not data.startswith(b"%PDF"):
        raise DocumentError(f"Plik {name} nie jest poprawnym plikiem PDF.")
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "notifier.documents.pdf_worker",
                str(memory_bytes),
                str(cpu_seconds),
            ],
            input=data,
            capture_output=True,
            timeout=timeout_seconds,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise _too_costly(name) from None
    try:
        result = json.loads(done.stdout)
    except ValueError:  # killed by the kernel (CPU time) before it could answer
        raise _too_costly(name) from None
    if result.get("error") == "costly":
        raise _too_costly(name)
    if result.get("error") == "password":
        raise DocumentError(
            f"Plik {name} jest chroniony hasłem. Proszę zapisać go bez hasła (albo przysłać "
            "DOCX) i zaimportować ponownie."
        )
    if result.get("error"):
        raise DocumentError(f"Plik {name} jest uszkodzony: nie da się odczytać PDF.")
    if result["chars"] == 0:
        raise DocumentError(
            f"Plik {name} nie ma warstwy tekstowej (to skan, same obrazy stron). Import nie "
            "rozpoznaje pisma ze skanów (brak OCR): proszę poprosić urząd o PDF z tekstem, "
            "DOCX albo arkusz."
        )
    tables: list[Table] = []
    for table in result["tables"]:
        rows: list[Row] = []
        for r, values in enumerate(table["rows"], start=1):
            cells: list[Cell | None] = []
            skip = 0
            for value in values:
                if value is None and skip:
                    skip -= 1  # covered by the cell merged from the left
                elif value is None:
                    cells.append(None)  # covered by the cell merged from above
                else:
                    text, span = value
                    cells += [Cell(text, Where(table["page"], r))] * span
                    skip = span - 1
            rows.append(cells)
        tables.append(rows)
    words = [
        [Word(str(w[0]), *(float(v) for v in w[1:])) for w in page] for page in result["words"]
    ]
    return tables, words, result["text"], result["surrounding"]


def _too_costly(name: str) -> DocumentError:
    return DocumentError(
        f"Odczyt pliku {name} przekroczył limit czasu lub pamięci; plik odrzucono. Proszę "
        "zapisać dokument ponownie (np. „Drukuj do PDF”) albo przysłać DOCX."
    )
