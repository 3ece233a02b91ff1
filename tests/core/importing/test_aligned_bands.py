"""Rows printed without space between them, their cells in the middle or at the bottom of each
row (notifier.core.importing.aligned_bands and aligned_fit), on words placed by hand: a row is
a band of whole lines as tall as its tallest cell, every cell sits in its band as the table
aligns cells, a period printed once sits so over the rows it covers. Read when one cut of the
lines into such rows fits best; refused, naming the page and the line, when two fit alike, when
cells sit two ways in one table, or when lines stand off the line grid."""

from __future__ import annotations

import pytest

from notifier.core.importing.aligned_bands import FIT, JOIN, SPLIT, WRAP, Roles, mark
from notifier.core.importing.aligned_pieces import Piece
from notifier.core.importing.aligned_reader import Word, aligned_tables
from notifier.core.importing.model import DocumentError
from notifier.core.importing.table_reader import read_tables

CHAR = 5.0  # points per character
LINE = 12.0  # points between two lines of one cell
HEIGHT = 9.0
TASK_X, PERIOD_X = 40.0, 330.0
Row = tuple[list[str], list[str] | None, int]  # title lines, period lines (None: covered), span


def words(x: float, top: float, text: str) -> list[Word]:
    out = []
    for word in text.split():
        out.append(Word(word, x, x + CHAR * len(word), top, top + HEIGHT))
        x += CHAR * (len(word) + 0.5)
    return out


def _offset(valign: str, room: int, lines: int) -> float:
    return {"top": 0.0, "middle": (room - lines) * LINE / 2, "bottom": (room - lines) * LINE}[
        valign
    ]


def gapless(rows: list[Row], valign: str, top: float = 60.0, shift: float = 0.0) -> list[Word]:
    """Two columns, no space between rows: each row as tall as its title or its own period;
    a period spanning rows sits over all of them as `valign` says (`shift`: points the
    periods stand off where they should)."""
    heights = [max(len(t), len(p) if p and span == 1 else 1) for t, p, span in rows]
    tops = [top + sum(heights[:i]) * LINE for i in range(len(rows))]
    out: list[Word] = []
    for i, (title, period, span) in enumerate(rows):
        for k, line in enumerate(title):
            out += words(TASK_X, tops[i] + _offset(valign, heights[i], len(title)) + k * LINE, line)
        if period:
            room = sum(heights[i : i + span])
            start = tops[i] + _offset(valign, room, len(period)) + shift
            for k, line in enumerate(period):
                out += words(PERIOD_X, start + k * LINE, line)
    return out


HEADER: Row = (["Zadanie"], ["Termin ogłoszenia"], 1)


def read(rows: list[Row], valign: str, shift: float = 0.0):  # type: ignore[no-untyped-def]
    tables, around = aligned_tables([gapless(rows, valign, shift=shift)], 2025)
    return read_tables(tables, around, 2025)


# first lines as wide as the column, so that the next line's first word did not fit (a wrap)
ROWS: list[Row] = [
    HEADER,
    (["prowadzenie klubów abstynenckich i świetlic dla", "mieszkańców miasta"], ["Maj 2025"], 1),
    (["pomoc ofiarom przemocy domowej"], ["Czerwiec 2025"], 1),
    (
        [
            "organizacja wypoczynku letniego dzieci i młodzieży",
            "szkolnej z rodzin wymagających szczególnego",
            "wsparcia",
        ],
        ["Tryb ustawy o", "pomocy społecznej"],
        1,
    ),
    (["kreowanie nowych form turystyki"], ["Lipiec 2025"], 1),
]


@pytest.mark.parametrize("valign", ["middle", "bottom"])
def test_rows_without_space_their_cells_in_the_middle_or_at_the_bottom_are_read(
    valign: str,
) -> None:
    """A one-line period half a line lower beside a title of two lines (middle), a period of
    two lines beside a title of three: each row is the band its tallest cell fills."""
    got = [(t.title, t.period) for t in read(ROWS, valign).tasks()]
    assert got == [
        ("prowadzenie klubów abstynenckich i świetlic dla mieszkańców miasta", "Maj 2025"),
        ("pomoc ofiarom przemocy domowej", "Czerwiec 2025"),
        (
            (
                "organizacja wypoczynku letniego dzieci i młodzieży szkolnej z rodzin "
                "wymagających szczególnego wsparcia"
            ),
            "Tryb ustawy o pomocy społecznej",
        ),
        ("kreowanie nowych form turystyki", "Lipiec 2025"),
    ]


def test_a_period_centred_beside_one_line_tasks_covers_each_of_them() -> None:
    """Three short one-line tasks, the period printed once in the middle of them: each line
    could have held the next line's first word (no word wrap), so each begins a row, and the
    period sits in the middle of the three rows together."""
    rows: list[Row] = [
        HEADER,
        (
            ["prowadzenie klubów abstynenckich i świetlic dla", "mieszkańców miasta"],
            ["Maj 2025"],
            1,
        ),
        (["pomoc ofiarom przemocy"], ["Czerwiec 2025"], 3),
        (["kreowanie form turystyki"], None, 1),
        (["wsparcie seniorów"], None, 1),
    ]
    got = [(t.title, t.period) for t in read(rows, "middle").tasks()]
    assert got[1:] == [
        ("pomoc ofiarom przemocy", "Czerwiec 2025"),
        ("kreowanie form turystyki", "Czerwiec 2025"),
        ("wsparcie seniorów", "Czerwiec 2025"),
    ]


def test_one_title_of_two_sentences_or_two_tasks_under_one_period_is_refused() -> None:
    """Near miss: a period centred beside two lines, the first ending a sentence and the
    second in a capital: one task of two sentences or two tasks sharing the period, nothing
    on the page says which."""
    rows: list[Row] = [
        HEADER,
        (
            ["Prowadzenie klubów abstynenckich i świetlic dla", "mieszkańców miasta"],
            ["Maj 2025"],
            1,
        ),
        (["Pomoc ofiarom przemocy.", "Wsparcie rodzin"], ["Czerwiec 2025"], 1),
        (["Kreowanie nowych form turystyki"], ["Lipiec 2025"], 1),
    ]
    with pytest.raises(DocumentError) as refused:
        read(rows, "middle")
    assert "na stronie 1" in str(refused.value)
    assert "przy linii „Wsparcie rodzin”" in str(refused.value)


def test_cells_sitting_two_ways_in_one_table_are_refused() -> None:
    """Near miss: one period at the top of its row, another at the bottom of its: no one
    alignment fits the table, so the rows are not cut by it."""
    words_ = gapless(ROWS[:3], "middle")
    words_ += gapless([ROWS[3]], "top", top=60.0 + 4 * LINE)
    words_ += gapless([ROWS[4]], "bottom", top=60.0 + 7 * LINE)
    with pytest.raises(DocumentError, match="na stronie 1"):
        read_tables(*aligned_tables([words_], 2025), 2025)


def test_periods_standing_off_the_line_grid_are_refused() -> None:
    """Near miss: periods a fifth of a line off where a centred or bottom cell stands: the
    rows cannot be bands of whole lines; refused naming the page, never cut by guess."""
    with pytest.raises(DocumentError, match="na stronie 1"):
        read(ROWS, "middle", shift=LINE / 5)


def _piece(text: str, x1: float) -> Piece:
    first = text.split()[0]
    return Piece(text, 0.0, HEIGHT, x1, CHAR * len(first))


ROLES = Roles(title=0, period=1, number=-1, limits=(300.0, 400.0, 500.0), space=2.5, year=2025)


@pytest.mark.parametrize(
    ("column", "up", "low", "want"),
    [
        (0, "prowadzenie klubów", "2) pomoc ofiarom", SPLIT),  # a number
        (0, "pomoc ofiarom przemocy i", "wsparcie", JOIN),  # mid-phrase
        (0, "pomoc ofiarom przemocy", "wsparcie rodzin", FIT),  # "wsparcie" fits above
        (0, "x" * 55, "wsparcie rodzin", WRAP),  # it would not: the word wrap, or a new row
        (0, "Zadania w zakresie kultury, w tym m.in.:", "organizacja imprez", SPLIT),
        (0, "WYDZIAŁ KULTURY", "organizacja imprez", SPLIT),  # a name in capitals ends
        (1, "Maj 2025", "Maj 2025", SPLIT),  # a second period
        (1, "styczeń", "2025 r.", JOIN),  # the line below gives the year
        (1, "II połowa", "2025 r.", JOIN),
        (2, "Wydział Kultury", "Biuro Rady Seniorów", SPLIT),  # a unit's name begins
        (2, "konkurs wieloletni", "2025–2027", FIT),  # a remark's years: no new cell by itself
    ],
)
def test_how_a_line_follows_the_one_above(column: int, up: str, low: str, want: str) -> None:
    x1 = 40.0 + CHAR * len(up) if column == 0 else 330.0 + CHAR * len(up)
    assert mark(column, _piece(up, x1), _piece(low, 0.0), up, ROLES) == want
