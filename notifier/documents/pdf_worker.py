"""The PDF reader's child process: `python -m notifier.documents.pdf_worker MEMORY_BYTES
CPU_SECONDS` reads a PDF on stdin and writes JSON on stdout. It limits its own address space
and CPU time first, so a PDF that makes pdfminer loop or swell is stopped: by the kernel (CPU
time: the process is killed and writes nothing) or by a MemoryError, answered as
{"error": "costly"} (see notifier.documents.pdf).

Output: {"tables": [{"page": N, "rows": [[[text, span] or null, …], …]}, …], "words": [[[text,
x0, x1, top, bottom], …] per page] (pages without ruled tables), "text": "…" (pages by form
feeds), "surrounding": "…", "chars": N, "pages": N} or
{"error": "password" | "broken" | "costly"}.
"""

from __future__ import annotations

import io
import json
import resource
import sys


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def page_words(page) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """The page's words as [text, x0, x1, top, bottom] (points), for the aligned reader."""
    return [
        [w["text"], round(w["x0"], 2), round(w["x1"], 2), round(w["top"], 2), round(w["bottom"], 2)]
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
    ]


def _rows(table) -> list[list[list[object] | None]]:  # type: ignore[no-untyped-def]
    """Each cell as [text, columns it spans] (by its width against the column edges), None
    where pdfplumber found no cell (covered by a merged cell)."""
    lefts = sorted({round(c[0]) for row in table.rows for c in row.cells if c})
    out = []
    for row, texts in zip(table.rows, table.extract(), strict=False):
        cells: list[list[object] | None] = []
        for cell, text in zip(row.cells, texts, strict=False):
            if cell is None:
                cells.append(None)
            else:
                span = sum(1 for x in lefts if cell[0] - 1 <= x < cell[2] - 1)
                cells.append([text or "", max(span, 1)])
        out.append(cells)
    return out


def main() -> None:
    """Read stdin, write the JSON result to stdout."""
    _limit(int(sys.argv[1]), int(sys.argv[2]))
    import pdfplumber  # noqa: PLC0415 - after the limits: its import is bound by them too
    from pdfminer.pdfdocument import PDFPasswordIncorrect  # noqa: PLC0415

    data = sys.stdin.buffer.read()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            tables = []
            chars = 0
            ruled = []
            for number, page in enumerate(pdf.pages, start=1):
                chars += len(page.chars)
                found = page.find_tables()
                tables += [{"page": number, "rows": _rows(table)} for table in found]
                ruled.append(bool(found))
            texts = [(p.extract_text() or "") for p in pdf.pages]
            words = [] if any(ruled) else [page_words(p) for p in pdf.pages]
            surrounding = "\n".join(texts)
            result = {
                "tables": tables,
                "words": words,
                "text": "\f".join(texts),
                "surrounding": surrounding if any(ruled) else "",
                "chars": chars,
                "pages": len(pdf.pages),
            }
    except PDFPasswordIncorrect:
        result = {"error": "password"}
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
        said = f"{type(exc).__name__} {exc!r}"  # pdfplumber wraps pdfminer's errors
        if isinstance(exc, MemoryError) or "MemoryError" in said:  # past the address space
            result = {"error": "costly"}
        elif "Password" in said or "Encrypt" in said:
            result = {"error": "password"}
        else:
            result = {"error": "broken"}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
