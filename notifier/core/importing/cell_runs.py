"""Which of a row's text lines, in a table copied cell by cell, are its department's cell and
which its task's, when the two columns stand side by side ("Komórka organizacyjna" | "Rodzaj
zadania"). Letter case cannot tell them apart: a task printed in small letters ("Wydział
Kultury" / "organizacja festynu miejskiego") looks like a wrapped line of the department, a
department wrapped onto two lines ("Wydział Kultury, Sportu" / "i Turystyki") like a task.

What tells them: a department's name begins with an office's unit ("Wydział", "Biuro",
"Miejski Ośrodek …") or is printed in several rows (a department column repeated on every
row); it goes on over a line only where a name does ("… Sportu" / "i Turystyki", "… Spraw" /
"Społecznych", a word hyphenated at the line's end). A row whose lines show no department's
name has none (printed once above, in a merged cell): all its lines are the task's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

_UNIT = (
    r"(wydział|biuro|referat|departament|zespół|dział|urząd|centrum|ośrodek|pełnomocnik|"
    r"straż|kancelaria|sekretariat|gabinet|zarząd|komenda|stanowisko|jednostka|instytut|"
    r"muzeum|dom|teatr|biblioteka|agencja|fundusz)\b"
)
# "Wydział …", or an adjective of a place or a kind first: "Miejski Ośrodek …", "Mazowieckie
# Centrum …", "Powiatowy Urząd …"
_UNIT_RE = re.compile(
    rf"^(?:[A-ZĄĆĘŁŃÓŚŹŻ]\w*(?:ski|ska|skie|cki|cka|ckie|ny|na|ne|owy|owa|owe)\s+)?{_UNIT}",
    re.IGNORECASE,
)
_ABBREVIATION_RE = re.compile(
    r"^[A-ZĄĆĘŁŃÓŚŹŻ][A-ZĄĆĘŁŃÓŚŹŻa-ząćęłńóśźż]{0,4}[A-ZĄĆĘŁŃÓŚŹŻ]$"
)  # MOPS, OSiR
_ENDS_OPEN_RE = re.compile(
    r"(?:\b(?:i|oraz|ds\.|do|w|we|z|ze|dla|na|spraw|ochrony)|[,\-–])$", re.IGNORECASE
)
_GOES_ON_RE = re.compile(r"^(?:i|oraz|ds\.|do spraw|w|we|z|ze|na rzecz)\s+[A-ZĄĆĘŁŃÓŚŹŻ]")


def names_unit(line: str, repeated: frozenset[str]) -> bool:
    """Does `line` begin a department's name: an office's unit first, or a line printed in
    several rows of the table (a department column repeated on every row)?"""
    if line in repeated or _ABBREVIATION_RE.match(line):
        return True
    return bool(_UNIT_RE.match(line) and line[:1].isupper())


def name_goes_on(above: str, line: str) -> bool:
    """Does `line` continue the name ending with `above` (a department wrapped in its cell)?"""
    if _ENDS_OPEN_RE.search(above) or _GOES_ON_RE.match(line):
        return True
    words = line.split()
    return 0 < len(words) <= 2 and all(w[:1].isupper() for w in words)


def department_lines(
    texts: Sequence[str],
    department_first: bool,
    repeated: frozenset[str],
    small_tasks: bool = False,
) -> int | None:
    """How many of a row's text lines (`texts`, in their order) are its department's cell:
    the first ones when the department column comes before the task's, else the last ones,
    always leaving the task a line. None when the lines show no department's name, or are one
    line only: the caller tells the cells by their letters then. `small_tasks`: the table's
    other rows show tasks beginning in small letters, so a first line beginning with a capital
    ("Kultura" / "organizacja festynu") is a department of any name."""
    if len(texts) < 2:
        return None
    if department_first:
        named = names_unit(texts[0], repeated)
        if not (named or (small_tasks and texts[0][:1].isupper())):
            return None
        count = 1
        while count < len(texts) - 1 and name_goes_on(texts[count - 1], texts[count]):
            count += 1
        return count
    for start in range(len(texts) - 1, 0, -1):
        if not names_unit(texts[start], repeated):
            continue
        tail = texts[start:]
        if all(name_goes_on(a, b) for a, b in pairwise(tail)):
            return len(texts) - start
    return None


def small_tasks(
    runs: Sequence[Sequence[str]], department_first: bool, repeated: frozenset[str]
) -> bool:
    """Do the rows whose department's name shows (`runs`: each row's text lines) all have a
    task beginning in small letters ("Wydział Kultury" / "organizacja festynu")?"""
    firsts = []
    for texts in runs:
        count = department_lines(texts, department_first, repeated)
        if count:
            firsts.append(texts[count] if department_first else texts[0])
    return bool(firsts) and all(t[:1].islower() for t in firsts)


def repeated_lines(texts: Sequence[str]) -> frozenset[str]:
    """Lines starting with a capital printed two or more times in a table's body: the names a
    column repeats on its rows (a department's), not a task's words."""
    seen: dict[str, int] = {}
    for text in texts:
        if text[:1].isupper() and not text.endswith("-"):
            seen[text] = seen.get(text, 0) + 1
    return frozenset(t for t, n in seen.items() if n >= 2)
