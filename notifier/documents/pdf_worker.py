"""The PDF reader's child process: `python -m notifier.documents.pdf_worker` reads a PDF on
stdin and writes JSON on stdout. It limits its own address space and CPU time first, so a
PDF that makes pdfminer loop or swell is stopped by the kernel (see notifier.documents.pdf).

Output: {"tables": [{"page": N, "rows": [[text or null, …], …]}, …], "text": "…", "chars": N, "pages": N} or
{"error": "password" | "broken"}.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import resource
import sys

MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the child
CPU_SECONDS = 20
_NUMBER_RE = re.compile(r"^\d{1,3}\s*[).]")


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _lines(words: list[dict]) -> list[list[dict]]:
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def aligned_text(pages: list, period_x: float | None) -> str:
    """Text of pages whose table has no ruling lines: words right of the period column's left
    edge (the "Termin" heading) become their own paragraph after each row's task text; rows
    are told apart by a larger vertical gap than between lines of one cell."""
    out: list[str] = []
    for page in pages:
        words = page.extract_words()
        if period_x is None:
            heading = next((w for w in words if w["text"].lower().startswith("termin")), None)
            period_x = heading["x0"] - 2 if heading else None
        if period_x is None:
            out.append(page.extract_text() or "")
            continue
        lines = _lines(words)
        gaps = [b[0]["top"] - a[0]["top"] for a, b in itertools.pairwise(lines)]
        step = min(gaps) if gaps else 0
        blocks: list[tuple[list[str], list[str]]] = []
        for index, line in enumerate(lines):
            left = " ".join(w["text"] for w in line if w["x0"] < period_x)
            right = " ".join(w["text"] for w in line if w["x0"] >= period_x)
            new_row = (
                not blocks
                or (index and gaps[index - 1] > step * 1.4)
                or _NUMBER_RE.match(left)
                or (right and blocks[-1][1])
                or left.isupper()
                or not blocks[-1][0]
            )
            if new_row:
                blocks.append(([], []))
            if left:
                blocks[-1][0].append(left)
            if right:
                blocks[-1][1].append(right)
        parts = []
        for left_lines, right_lines in blocks:
            parts += ["\n".join(left_lines), "\n".join(right_lines)]
        out.append("\n\n".join(p for p in parts if p))
    return "\f".join(out)


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
    _limit()
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
            text = "" if any(ruled) else aligned_text(pdf.pages, None)
            surrounding = "\n".join((p.extract_text() or "") for p in pdf.pages)
            result = {
                "tables": tables,
                "text": text,
                "surrounding": surrounding if any(ruled) else "",
                "chars": chars,
                "pages": len(pdf.pages),
            }
    except PDFPasswordIncorrect:
        result = {"error": "password"}
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for a broken file
        words = f"{type(exc).__name__} {exc}"  # pdfplumber wraps pdfminer's errors
        result = {"error": "password" if "Password" in words or "Encrypt" in words else "broken"}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
