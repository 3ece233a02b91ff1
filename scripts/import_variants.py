#!/usr/bin/env python3
"""Import every generated layout variant of the harmonogram sources and count its tasks:
right (printed title, period and department), refused (the document refused with a Polish
error) or wrong (any other task, a missing or an extra one). The variants are the layouts
offices print a table whose columns are only aligned text (scripts/aligned_pdf.py: cells at the
top, middle or bottom of their rows; rows with or without space between them; two page sizes;
rows broken across pages or not) and `pdftotext -layout` of them. Used by
tests/documents/test_variants.py; run alone to print the counts:
    .venv/bin/python scripts/import_variants.py [KIND ...] [--mutations] [-v]
--mutations also prints the variants of each source changed as offices change tables (see
MUTATIONS: task numbers dropped, a period merged over unnumbered tasks).
Needs fpdf2 (the `fixtures` extra), the DejaVu Sans font and pdftotext (layout texts)."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
SOURCES = ROOT / "tests" / "documents" / "sources"
# Every variant of the shipped sources, printed once by make_import_fixtures.py (write_variants)
# and committed: a test reads them instead of printing them again (fpdf2: some 0.1 s each).
PRINTED = ROOT / "tests" / "documents" / "fixtures" / "variants"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WIDTHS = {2: (0.73, 0.27), 5: (0.06, 0.22, 0.4, 0.2, 0.12), 3: (0.06, 0.67, 0.27)}
SIZES = {"a4": (210, 297), "a5": (148, 210)}
VALIGNS = ("top", "middle", "bottom")


@dataclass(frozen=True)
class Variant:
    stem: str
    kind: str  # "pdf" (aligned columns) or "layout" (pdftotext -layout of such a PDF)
    valign: str
    row_gap: float
    size: str
    split_rows: bool

    @property
    def name(self) -> str:
        split = "-split" if self.split_rows else ""
        return f"{self.stem}-{self.kind}-{self.valign}-gap{self.row_gap:g}-{self.size}{split}"


def variants(kinds: tuple[str, ...] = ("pdf", "layout")) -> Iterator[Variant]:
    for path in sorted(SOURCES.glob("*.toml")):
        if "pdf" in kinds:
            for valign in VALIGNS:
                for gap in (0.0, 1.5):
                    for size in SIZES:
                        yield Variant(path.stem, "pdf", valign, gap, size, size == "a5")
        if "layout" in kinds:
            for valign in VALIGNS:
                for gap in (0.0, 2.0):
                    yield Variant(path.stem, "layout", valign, gap, "a4", False)


def source(stem: str) -> dict:  # type: ignore[type-arg]
    return tomllib.loads((SOURCES / f"{stem}.toml").read_text(encoding="utf-8"))


MUTATIONS = ("unnumbered", "merge-unnumbered", "merge-all")
MUTATED = (
    "leszno-2024",
    "lodz-2023",
    "kolumna-komorek-2025",
    "bez-komorek-2025",
    "malopolska-2006",
)


def mutated(stem: str, how: str) -> dict:  # type: ignore[type-arg]
    """The source `stem` changed as another office would print it: "unnumbered" drops every
    task's number (layout "headings"); "merge-unnumbered" prints the period once for the first
    two unnumbered tasks of a department sharing it; "merge-all" drops the numbers and merges
    one period over every task of each department (all of them get that period)."""
    spec = copy.deepcopy(source(stem))
    headings = spec["layout"] == "headings"
    for department in spec["departments"]:
        tasks = department["tasks"]
        if how in ("unnumbered", "merge-all") and headings:
            for task in tasks:
                task.pop("number", None)
        if any("span" in t for t in tasks):
            continue
        if how == "merge-unnumbered":
            for a, b in itertools.pairwise(tasks):
                if "number" not in a and a["period"] == b["period"]:
                    a["span"] = 2
                    break
        if how == "merge-all" and len(tasks) > 1:
            tasks[0]["span"] = len(tasks)
            for task in tasks:
                task["period"] = tasks[0]["period"]
    return spec


def mutation_variants(kinds: tuple[str, ...] = ("pdf", "layout")) -> Iterator[Variant]:
    """The variants printed of the mutated sources (as gapless_adv: A4 and A5 PDFs, A4 text)."""
    for stem in MUTATED:
        for valign in VALIGNS:
            if "pdf" in kinds:
                for gap in (0.0, 1.5):
                    for size in SIZES:
                        yield Variant(stem, "pdf", valign, gap, size, size == "a5")
            if "layout" in kinds:
                for gap in (0.0, 2.0):
                    yield Variant(stem, "layout", valign, gap, "a4", False)


# What this process printed and read, by what it was made of (the source table and the
# layout): a "layout" variant's PDF is its "pdf" twin's, and a test asking for a variant
# another test read gets that reading again (printing and reading depend on nothing else).
_PRINTED: dict[str, bytes] = {}
_READ: dict[str, tuple[Counter[str], str] | None] = {}


def _made_of(*parts: object) -> str:
    return json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)


def _file_name(variant: Variant) -> str:
    return f"{variant.name}.{'pdf' if variant.kind == 'pdf' else 'txt'}"


def write_variants(out: Path = PRINTED) -> list[Path]:
    """Print every variant of the shipped sources into `out` (none other left there): the
    committed fixtures `document` reads. Returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        old.unlink()
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for variant in variants():
            made = document(variant, Path(tmp), committed=False)
            if made is not None:
                written.append(out / made[1])
                written[-1].write_bytes(made[0])
    return written


def document(
    variant: Variant,
    tmp: Path,
    spec: dict | None = None,  # type: ignore[type-arg]
    committed: bool = True,
) -> tuple[bytes, str] | None:
    """The variant's bytes and file name (of `spec`, the source changed, if given); None for
    a table the layout cannot print. A variant of a shipped source is read from PRINTED when
    it is there (and `committed`), else printed here."""
    from fixture_layouts import grid  # noqa: PLC0415

    shipped = source(variant.stem)
    if committed and spec in (None, shipped) and (PRINTED / _file_name(variant)).is_file():
        return (PRINTED / _file_name(variant)).read_bytes(), _file_name(variant)
    spec = spec or shipped
    rows = grid(spec)
    if len(rows[0]) not in WIDTHS and not spec.get("variants"):
        return None  # amounts beside, month columns: no such variant
    size = SIZES[variant.size]
    printed = spec.get("pdf_widths")
    shares = [w / sum(printed) for w in printed] if printed else WIDTHS[len(rows[0])]
    widths = tuple(round((size[0] - 24) * share, 1) for share in shares)
    pdf = tmp / f"{variant.name}.pdf"
    made = _made_of(spec, variant.valign, variant.row_gap, variant.size, variant.split_rows)
    if made in _PRINTED:
        pdf.write_bytes(_PRINTED[made])
    else:
        from aligned_pdf import write_aligned_pdf  # noqa: PLC0415 - needs fpdf2

        write_aligned_pdf(
            spec,
            rows,
            pdf,
            font=FONT,
            widths=widths,
            valign=variant.valign,
            row_gap=variant.row_gap,
            size=size,
            split_rows=variant.split_rows,
        )
        _PRINTED[made] = pdf.read_bytes()
    if variant.kind == "pdf":
        return pdf.read_bytes(), pdf.name
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    return text, f"{variant.name}.txt"


def outcome(variant: Variant, tmp: Path) -> Counter[str] | None:
    """{'right': n, 'refused': n, 'wrong': n} over the variant's printed tasks."""
    found = attempt(variant, tmp)
    return None if found is None else found[0]


def attempt(
    variant: Variant,
    tmp: Path,
    spec: dict | None = None,  # type: ignore[type-arg]
) -> tuple[Counter[str], str] | None:
    """The variant's counts and its refusal ("" when imported); None when not printable.
    `spec`: the source changed (a test's own table), else the variant's source. Read once per
    process for each variant and table."""
    spec = spec or source(variant.stem)
    read = _made_of(spec, dataclasses.astuple(variant))
    if read not in _READ:
        _READ[read] = _attempt(variant, tmp, spec)
    found = _READ[read]
    return None if found is None else (Counter(found[0]), found[1])


def _attempt(variant: Variant, tmp: Path, spec: dict) -> tuple[Counter[str], str] | None:  # type: ignore[type-arg]
    from notifier.core.importing.cells import normalise  # noqa: PLC0415
    from notifier.core.importing.model import DocumentError  # noqa: PLC0415
    from notifier.documents import import_document  # noqa: PLC0415

    made = document(variant, tmp, spec)
    if made is None:
        return None
    data, name = made
    want = [
        (normalise(t["title"]), t["period"], d["name"])
        for d in spec["departments"]
        for t in d["tasks"]
    ]
    year = spec["year"] if spec.get("year_option") else None
    try:
        result = import_document(data, name, city=spec["city"], year=year)
    except DocumentError as refusal:
        return Counter(refused=len(want)), str(refusal)
    got = [(t.title, t.period, d.name) for d in result.imported.departments for t in d.tasks]
    right = sum((Counter(got) & Counter(want)).values())
    return Counter(right=right, wrong=max(len(got), len(want)) - right), ""


def main(kinds: list[str], mutations: bool) -> int:
    total: dict[str, Counter[str]] = {}
    chosen = tuple(kinds) or ("pdf", "layout")
    runs = [("", v, None) for v in variants(chosen)]
    if mutations:
        runs += [
            (how, v, mutated(v.stem, how)) for how in MUTATIONS for v in mutation_variants(chosen)
        ]
    with tempfile.TemporaryDirectory() as tmp:
        for how, variant, spec in runs:
            found = attempt(variant, Path(tmp), spec)
            if found is None:
                continue
            counts, refusal = found
            key = f"{how or 'shipped'} {variant.kind}"
            total.setdefault(key, Counter())["variants"] += 1
            total[key].update(counts)
            if counts["wrong"] or "-v" in sys.argv:
                print(how or "shipped", variant.name, dict(counts), refusal[:160], flush=True)
    for key, counts in total.items():
        print(key, dict(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if not a.startswith("-")], "--mutations" in sys.argv))
