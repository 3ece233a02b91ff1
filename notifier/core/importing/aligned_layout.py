"""The geometry of a PDF page without ruling lines: printed lines, the gutters between columns of
aligned text, the table's lines on a page, rows spanning the table and a header repeated on a
page (for notifier.core.importing.aligned_reader, which reads the rows and cells).

Units are points; `top` grows down the page. Pure: plain data in and out.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from notifier.core.importing.cells import NUMBER_RE, SCOPE_RE
from notifier.core.importing.document_dates import as_of_footer
from notifier.core.importing.month_marks import MIN_COLUMNS, month_of

_FURNITURE_RE = re.compile(
    r"^(strona \d+( z \d+)?|\d{1,3}|-\s*\d{1,3}\s*-|załącznik\b.*)$", re.IGNORECASE
)
_END_RE = re.compile(
    r"^(sporządził|zatwierdził|opracował|podpis|przewodnicząc|prezydent|burmistrz|wójt)",
    re.IGNORECASE,
)
MIN_GUTTER = 4.0  # points; wider than the spaces between words (x1.3) too
Gutters = list[tuple[float, float]]


@dataclass(frozen=True)
class Word:
    """One printed word and its box (points; `top` grows down the page)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Line:
    page: int
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return statistics.median(w.bottom - w.top for w in self.words)

    def chunks(self) -> list[list[Word]]:
        """Runs of words closer than 0.6 of the text height (one cell's words)."""
        out: list[list[Word]] = []
        for word in self.words:
            if out and word.x0 - out[-1][-1].x1 <= 0.6 * self.height:
                out[-1].append(word)
            else:
                out.append([word])
        return out


def page_lines(page: int, words: Sequence[Word]) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = word.bottom - word.top
        line = next(
            (x for x in reversed(lines[-3:]) if abs(x.top - word.top) < 0.35 * height), None
        )
        if line is None:
            lines.append(Line(page, [word]))
        else:
            line.words.append(word)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return sorted(lines, key=lambda x: x.top)


def gutters_of(lines: list[Line]) -> Gutters:
    """The gutters between columns as (left, right) x, left to right; empty when the lines
    have no columns. A gutter is a valley of the x-coverage by words: its floor is the rows
    spanning the table (and titles), both sides are covered by clearly more lines."""
    if len(lines) < 3:
        return []
    left = min(w.x0 for x in lines for w in x.words)
    right = max(w.x1 for x in lines for w in x.words)
    bins = [0] * (int((right - left) * 2) + 2)
    for line in lines:
        for word in line.words:
            for i in range(int((word.x0 - left) * 2), int((word.x1 - left) * 2) + 1):
                bins[i] += 1
    spaces = [b.x0 - a.x1 for x in lines for c in x.chunks() for a, b in itertools.pairwise(c)]
    widest = max(MIN_GUTTER, 1.3 * statistics.median(spaces)) if spaces else MIN_GUTTER
    found: list[tuple[int, int]] = []
    for level in sorted(set(bins)):
        if level > max(bins) // 2:
            break
        margin = max(2, level // 2 + 1)  # both sides clearly more covered than the floor
        for a, b in _runs(bins, level):
            if (
                (b - a + 1) / 2 >= widest
                and a > 0
                and b + 1 < len(bins)
                and max(bins[:a]) >= level + margin
                and max(bins[b + 1 :]) >= level + margin
                and not any(a <= x <= b or a <= y <= b for x, y in found)
            ):
                found.append((a, b))
    gutters = sorted((left + a / 2, left + (b + 1) / 2) for a, b in found)
    starts = [c[0].x0 for x in lines for c in x.chunks()]
    while gutters:  # a column where no text starts is the ragged end of the one before
        ends = [*(a for a, _ in gutters[1:]), right + 1]
        counts = [
            sum(1 for x in starts if g[1] <= x < end) for g, end in zip(gutters, ends, strict=True)
        ]
        weakest = min(range(len(gutters)), key=counts.__getitem__)
        if counts[weakest] >= 2:
            break
        del gutters[weakest]
    return gutters


def month_gutters(lines: list[Line], gutters: Gutters) -> Gutters:
    """`gutters` and one between each two month headings of a heading line ("I II … XII"):
    a month column that only its heading and a few marks ("X") cover has no gutter of its
    own in the x-coverage, yet each month is a column (notifier.core.importing.month_marks)."""
    for line in lines:
        months = [(w, m) for w in line.words if (m := month_of(w.text))]
        labels = [w for w, _ in months]
        numbers = [m for _, m in months]
        if len(labels) < MIN_COLUMNS or numbers != sorted(set(numbers)):
            continue
        extra = [
            (a.x1, b.x0)
            for a, b in itertools.pairwise(labels)
            if b.x0 > a.x1 and not any(a.x1 <= (g + h) / 2 <= b.x0 for g, h in gutters)
        ]
        return sorted([*gutters, *extra])
    return gutters


def _runs(bins: list[int], level: int) -> list[tuple[int, int]]:
    """Maximal runs (first, last index) of bins at or below `level`."""
    out: list[tuple[int, int]] = []
    start = None
    for i, count in enumerate([*bins, level + 1]):
        if count <= level and start is None:
            start = i
        elif count > level and start is not None:
            out.append((start, i - 1))
            start = None
    return out


def column_of(x: float, gutters: Gutters) -> int:
    return sum(1 for a, b in gutters if x > (a + b) / 2)


def spans(line: Line, gutters: Gutters) -> bool:
    """True when one chunk of the line runs across a gutter (a row spanning the table)."""
    return any(c[0].x0 < a and c[-1].x1 > (a + b) / 2 for c in line.chunks() for a, b in gutters)


def table_lines(
    lines: list[Line], gutters: Gutters, step: float, started: bool
) -> tuple[list[Line], list[Line]]:
    """(lines of the table, lines around it) on one page. The table starts at its first line
    with text in two columns (and the lines just above it that span no gutter, as close as the
    table's rows are: its header, rows whose cells share no line), or at the page's top when
    it began on a page before; it ends before a "stan na dzień" or signature line or a gap of
    more than three line steps."""
    first = 0
    if not started:
        multi = [
            i
            for i, x in enumerate(lines)
            if columns_used(x, gutters) > 1 and not text_of(x).lower().startswith("harmonogram")
        ]
        if not multi:
            return [], lines
        first = multi[0]
        while (
            first > 0
            and lines[first].top - lines[first - 1].top <= 3 * step
            and not spans(lines[first - 1], gutters)
            and "harmonogram" not in text_of(lines[first - 1]).lower()
        ):
            first -= 1
        while (  # a line apart above, in the first column only: the end of a title, not a row
            first < multi[0]
            and lines[first + 1].top - lines[first].top > 1.3 * step
            and {column_of((w.x0 + w.x1) / 2, gutters) for w in lines[first].words} == {0}
        ):
            first += 1
    while first < len(lines) and _FURNITURE_RE.match(text_of(lines[first])):
        first += 1
    last = first
    while (
        last + 1 < len(lines)
        and lines[last + 1].top - lines[last].top <= 3 * step
        and not as_of_footer(text_of(lines[last + 1]))
        and not _END_RE.match(text_of(lines[last + 1]))
    ):
        last += 1
    if first >= len(lines):
        return [], lines
    return lines[first : last + 1], lines[:first] + lines[last + 1 :]


def columns_used(line: Line, gutters: Gutters) -> int:
    if spans(line, gutters):
        return 1
    return len({column_of((w.x0 + w.x1) / 2, gutters) for w in line.words})


def text_of(line: Line | list[Word]) -> str:
    words = line.words if isinstance(line, Line) else line
    return " ".join(w.text for w in words)


def line_step(lines: list[Line], gutters: Gutters) -> float:
    """The distance between two lines of one cell: the smallest distance between consecutive
    lines of one column that occurs more than once."""
    height = statistics.median(x.height for x in lines)
    last: dict[tuple[int, int], float] = {}
    gaps: list[float] = []
    for line in lines:
        if spans(line, gutters):
            continue
        tops: dict[int, float] = {}
        for word in line.words:
            column = column_of((word.x0 + word.x1) / 2, gutters)
            tops[column] = min(tops.get(column, word.top), word.top)
        for column, top in tops.items():
            key = (line.page, column)
            if key in last and top - last[key] >= 0.9 * height:
                gaps.append(top - last[key])
            last[key] = top
    gaps.sort()
    for gap in gaps:
        if sum(1 for g in gaps if abs(g - gap) < 0.6) >= 2:
            return min(gap, 1.6 * height)  # more: every cell has one line, rows are apart
    return 1.2 * height


def spanning_lines(lines: list[Line], gutters: Gutters, step: float) -> set[int]:
    """Indexes of the lines of rows spanning the table: lines running across a gutter, and
    the short last line of such a paragraph (same left edge, one line step below)."""
    out: set[int] = set()
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else None
        if spans(line, gutters) or (
            before is not None
            and i - 1 in out
            and before.page == line.page
            and line.top - before.top <= 1.3 * step
            and abs(line.words[0].x0 - before.words[0].x0) < 2
            and columns_used(line, gutters) == 1
            and not NUMBER_RE.match(text_of(line))
            and not text_of(before).endswith(":")
        ):
            out.add(i)
    return out


MAX_HEADER_LINES = 16  # a header row's cells wrapped onto this many lines at most


def repeated_header(lines: list[Line], step: float | None = None) -> set[int]:
    """Indexes of the lines at the top of a page that repeat the table's first lines (the
    header row printed again on every page). The header is the first four lines, or, given
    the line `step`, every line above the first gap of more than two steps (a header whose
    long words wrap onto a dozen lines, as "Termin ogłoszenia konkursu/zadanie w trakcie
    realizacji/…" in a narrow column does)."""
    first_page = lines[0].page if lines else 0
    count = 4
    gapless = False
    if step:
        first = [x for x in lines[:MAX_HEADER_LINES] if x.page == first_page]
        gap = next(
            (i for i in range(1, len(first)) if first[i].top - first[i - 1].top > 2 * step), 0
        )
        count = max(count, gap)
        gapless = not gap
    head = {text_of(x) for x in lines[:count] if x.page == first_page}
    out: set[int] = set()
    for i, line in enumerate(lines):
        first_on_page = i == 0 or lines[i - 1].page != line.page
        if line.page != first_page and text_of(line) in head and (first_on_page or i - 1 in out):
            out.add(i)
    if gapless:  # no gap under the header: its lines again, in order, at a page's top
        order = [text_of(x) for x in lines[:MAX_HEADER_LINES] if x.page == first_page]
        for i, line in enumerate(lines):
            if line.page == first_page or not (i == 0 or lines[i - 1].page != line.page):
                continue
            k = 0
            while i + k < len(lines) and k < len(order) and lines[i + k].page == line.page:
                if text_of(lines[i + k]) != order[k]:
                    break
                out.add(i + k)
                k += 1
    return out


# a line ending mid-phrase: the cell goes on below ("Biuro Rady Seniorów i" / "Organizacji")
BREAKS_OFF_RE = re.compile(r"(\s(w|we|i|o|z|ze|na|do|dla|od|oraz|ds\.)|[,-])$", re.IGNORECASE)


def new_heading(above: str, text: str) -> bool:
    """Does `text`, a spanning line right under the spanning row `above`, begin another
    row: a scope ("Zadania w zakresie …") under a department's name in capitals, or a name in
    capitals under a scope? (A name or a scope wrapped onto more lines goes on.)"""
    last = above.splitlines()[-1]
    return bool(SCOPE_RE.match(text)) or capitals(last) != capitals(text)


def capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.85 * len(letters)
