"""Across the layouts offices print a table whose columns are only aligned text, no task comes
out wrong: each is right (printed title, period and department) or its document is refused
with a Polish reason naming the page or the rows.

The variants (scripts/import_variants.py): every source printed by scripts/aligned_pdf.py with
its cells at the top, middle or bottom of their rows, with and without space between rows, on A4
and on A5 with rows broken across pages — read as the PDF and as `pdftotext -layout` text of it.
The shipped sources' variants are printed once by scripts/make_import_fixtures.py into
fixtures/variants (committed, `make fixtures-check` regenerates them); the sources a test
changes are printed here.
Before the refusals, of 972
tasks, 577 right, 204 refused and 202 wrong or extra (rows merged, a period taken from the row above).
Reading rows without space between them, cells at the top (notifier.core.importing.aligned_gapless):
346 right, 626 refused → 442 right, 530 refused, none wrong. Reading them with cells in the
middle or at the bottom (notifier.core.importing.aligned_bands): PDFs 344 → 443 right of 648.
An "Lp." column beside department rows spanning the table (numerowane-2027, blind11 F1), once
hidden by the departments' names in its place (tasks glued, numbers on other titles): of its
132 tasks in PDFs 99 right, 33 refused, none wrong; and two periods complete by themselves one
under the other ("do 15 marca 2027 r." / "w trybie ciągłym", the second's first word fitting
on the line above) are two cells: the shipped sources' PDFs 443 → 452 right of 648.
The same layouts of sources changed as other offices print them (import_variants.mutated: task
numbers dropped, a period merged over unnumbered tasks) gave 180 wrong tasks of 2,919 (titles
joined under one merged period in `pdftotext -layout` text, the first tasks under a scope row
taken into it, a title ending in a full stop dropped as a sentence): now none.
Needs fpdf2 (in the `test` extra), pdftotext and the DejaVu Sans font (`make test` installs
poppler-utils and fonts-dejavu-core when it can); skipped without either."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
from variant_printing import import_variants

STEMS = sorted(p.stem for p in import_variants.SOURCES.glob("*.toml"))
# One worker runs the module (`--dist loadgroup`): a variant another test printed and read
# (import_variants reads each once per process) is not printed and read again.
pytestmark = pytest.mark.xdist_group("variants")


@pytest.mark.parametrize("kind", ["pdf", "layout"])
@pytest.mark.parametrize("stem", STEMS)
def test_no_task_of_any_variant_is_wrong(stem: str, kind: str, tmp_path: Path) -> None:
    for variant in import_variants.variants((kind,)):
        if variant.stem != stem:
            continue
        found = import_variants.attempt(variant, tmp_path)
        if found is None:
            continue  # a table this layout cannot print (amounts beside, month columns)
        counts, refusal = found
        assert counts["wrong"] == 0, (variant.name, dict(counts))
        if refusal:
            assert "Proszę zaimportować" in refusal, (variant.name, refusal)
            assert "stronie" in refusal or "wiersz" in refusal, (variant.name, refusal)


@pytest.mark.parametrize(
    ("stem", "kind", "valign", "gap", "right"),
    [
        ("leszno-2024", "pdf", "middle", 1.5, 28),  # space between rows
        ("leszno-2024", "pdf", "top", 0.0, 28),  # none, numbered or not, headings, scopes
        ("kolumna-komorek-2025", "pdf", "top", 0.0, 10),  # a department's name past its row
        ("kolumna-komorek-2025", "layout", "top", 0.0, 10),  # "Organizacji" / "Pozarządowych"
        # none, cells centred: a period half a line lower beside a title of two lines
        ("leszno-2024", "pdf", "middle", 0.0, 28),  # and one merged over a page break
        ("leszno-2024", "pdf", "bottom", 0.0, 28),  # none, cells at the bottom
        ("lodz-2023", "pdf", "middle", 0.0, 7),  # a number and a name merged over rows
        ("lodz-2023", "pdf", "bottom", 0.0, 7),
        ("malopolska-2006", "pdf", "middle", 0.0, 4),
        # "Lp.", a department merged over its tasks and a remark "konkurs wieloletni" / "2025–2027"
        ("kolumna-komorek-2025", "pdf", "middle", 0.0, 10),
        ("kolumna-komorek-2025", "pdf", "bottom", 0.0, 10),
        # "Lp." beside the tasks under department rows spanning the table (blind11 F1): the
        # rows touching, cells centred — fpdf2's borderless table —, at the top, or apart
        ("numerowane-2027", "pdf", "middle", 0.0, 11),
        ("numerowane-2027", "pdf", "top", 0.0, 11),
        ("numerowane-2027", "pdf", "bottom", 0.0, 11),
        ("numerowane-2027", "pdf", "bottom", 1.5, 11),
        ("numerowane-2027", "layout", "top", 0.0, 11),
    ],
)
def test_the_variants_are_read_when_their_rows_can_be_told_apart(
    stem: str, kind: str, valign: str, gap: float, right: int, tmp_path: Path
) -> None:
    """Rows with space between them, or without it but their cells at the top of the rows
    (each row begins where its columns begin a cell together), or in the middle or at the
    bottom (each row a band of whole lines its tallest cell fills, every other cell centred
    or at the bottom in it: notifier.core.importing.aligned_bands): every task right."""
    variant = import_variants.Variant(stem, kind, valign, gap, "a4", False)
    found = import_variants.attempt(variant, tmp_path)
    assert found is not None
    assert found == (Counter(right=right, wrong=0), "")


def test_a_period_beside_unnumbered_rows_without_space_is_refused(tmp_path: Path) -> None:
    """Without space between rows, a period printed once for two unnumbered tasks looks like
    one task's period beside a title of two lines ("prowadzenie klubów abstynenckich" over
    "prowadzenie działalności …"): refused naming the line, never one task of two titles."""
    spec = copy.deepcopy(import_variants.source("leszno-2024"))
    addictions = spec["departments"][1]["tasks"]
    assert addictions[0]["period"] == addictions[1]["period"] == "Maj 2024"
    addictions[0]["span"] = 2
    variant = import_variants.Variant("leszno-2024", "pdf", "top", 0.0, "a4", False)
    found = import_variants.attempt(variant, tmp_path, spec)
    assert found is not None
    counts, refusal = found
    assert counts == Counter(refused=28)
    assert "przy linii „prowadzenie działalności aktywizującej" in refusal
    assert "Import nie zgaduje podziału na zadania" in refusal


@pytest.mark.parametrize(
    ("how", "stem", "kind", "valign", "gap", "right", "said"),
    [
        # text, no numbers: "organizacja imprez …" under a period printed once would have fit
        ("unnumbered", "leszno-2024", "layout", "top", 0.0, 0, "zmieściłoby się w linii powyżej"),
        # text, a period printed once over two tasks, each with its own amount: read
        ("merge-unnumbered", "lodz-2023", "layout", "top", 0.0, 7, ""),
        # text, cells at the bottom: the first task under a heading has no period beside it
        ("merge-unnumbered", "leszno-2024", "layout", "bottom", 0.0, 0, "pierwsze zadanie pod"),
        # text, the header centred over two lines: no column positions, never cells a line
        ("merge-all", "malopolska-2006", "layout", "middle", 2.0, 0, "obok siebie"),
        # PDF, space between rows, period centred: the first tasks are not the scope's text
        ("unnumbered", "leszno-2024", "pdf", "middle", 1.5, 28, ""),
        # PDF: a title ending in a full stop under a merged "-" is a task, not a sentence
        ("merge-all", "leszno-2024", "pdf", "top", 1.5, 28, ""),
        # PDF, no space, a period centred beside two one-line tasks: each line could have
        # held the next one's first word, so each begins a row the period covers
        ("merge-unnumbered", "leszno-2024", "pdf", "middle", 0.0, 28, ""),
        # PDF, no space, cells at the bottom, no numbers: read by where cells end together
        ("unnumbered", "lodz-2023", "pdf", "bottom", 0.0, 7, ""),
    ],
)
def test_tables_changed_as_other_offices_print_them_give_no_wrong_task(
    how: str,
    stem: str,
    kind: str,
    valign: str,
    gap: float,
    right: int,
    said: str,
    tmp_path: Path,
) -> None:
    """A sample of the mutated variants (scripts/import_variants.py --mutations), one of each
    kind that once gave wrong tasks: each is read right or refused naming the line."""
    variant = import_variants.Variant(stem, kind, valign, gap, "a4", False)
    found = import_variants.attempt(variant, tmp_path, import_variants.mutated(stem, how))
    assert found is not None
    counts, refusal = found
    assert counts["wrong"] == 0, (variant.name, dict(counts), refusal)
    assert counts["right"] == right, (variant.name, dict(counts), refusal)
    assert said in refusal
    if refusal:
        assert "Proszę zaimportować" in refusal, refusal


def test_a_task_in_small_letters_atop_a_page_under_an_unfinished_scope_is_refused(
    tmp_path: Path,
) -> None:
    """Rows apart, the period centred beside its rows: the first tasks under the scope row
    stand alone at the top of the next page. After "…, w tym m.in.:" they are tasks (the
    sample above); after a scope ending without a stop ("…społeczności lokalnych") they may
    be its last words or the first task: refused naming the page, never a task lost."""
    spec = import_variants.mutated("leszno-2024", "unnumbered")
    scope = spec["departments"][6]["scope"]
    spec["departments"][6]["scope"] = scope.removesuffix(", w tym m.in.:")
    variant = import_variants.Variant("leszno-2024", "pdf", "middle", 1.5, "a4", False)
    found = import_variants.attempt(variant, tmp_path, spec)
    assert found is not None
    counts, refusal = found
    assert counts == Counter(refused=28)
    assert "Na stronie 2 tekst „promowanie i rozwijanie" in refusal
    assert "Proszę zaimportować oryginał" in refusal
